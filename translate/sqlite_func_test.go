package translate_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Scalar functions, DOUBLE arithmetic and date units in the differential
// suite: each query applies generated expressions (random literal
// arguments, the suite's columns with their NULLs and Japanese text) in
// both dialects. Only the spellings on which SQLite computes what MySQL
// computes are drawn here; the rest is checked against MySQL's documented
// answers in functions_mysql_test.go.

// doubleLit returns a DOUBLE literal (MySQL reads 1.5e0 as DOUBLE, SQLite
// as REAL), never zero.
func (g *gen) doubleLit() string {
	n := 1 + g.r.IntN(40)
	if g.r.IntN(3) == 0 {
		n = -n
	}
	return fmt.Sprintf("%se0", quarterText(n))
}

// quarterText renders n/4 without trailing zeros.
func quarterText(n int) string {
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", float64(n)/4), "0"), ".")
}

// doubleExpr draws DOUBLE arithmetic on orders o.
func (g *gen) doubleExpr() ex {
	a, b := g.doubleLit(), g.doubleLit()
	return s(one(g,
		"o.amount * "+a,
		a+" * o.qty",
		"o.amount + "+a,
		"o.amount - "+a,
		a+" - o.amount",
		"o.amount / "+a,
		"o.qty / "+a,
		"(o.amount * "+a+") + (o.qty * "+b+")",
		"(o.amount - "+a+") * "+b,
		"-o.amount * "+a,
		"o.amount * o.qty * 1e0",
		"abs(o.amount * "+a+")",
		"o.amount * "+a+" > o.qty * "+b,
	))
}

// mathExpr draws a math function call on orders o.
func (g *gen) mathExpr() ex {
	k := fmt.Sprint(2 + g.r.IntN(6))
	a := g.doubleLit()
	switch g.r.IntN(4) {
	case 0:
		return ex{"greatest(o.qty, " + k + ")", "max(o.qty, " + k + ")"}
	case 1:
		return ex{"least(o.amount, o.qty * " + a + ")", "min(o.amount, o.qty * " + a + ")"}
	}
	return s(one(g,
		"sqrt(abs(o.amount))",
		"exp(o.qty / 4e0)",
		"ln(abs(o.amount) + 1)",
		"log10(o.qty + 1)",
		"log2(o.qty + 1)",
		"power(o.qty, "+fmt.Sprint(g.r.IntN(4))+")",
		"power(o.amount * "+a+", 2)",
		"sign(o.amount)",
		"floor(o.amount * "+a+")",
		"ceil(o.amount * "+a+")",
		"floor(o.amount)",
		"ceil(o.amount)",
		"round(o.amount)",
		"round(o.amount, 1)",
		"mod(o.qty, "+k+")",
		"o.qty % "+k,
		"abs(o.amount)",
	))
}

// stringExpr draws a string function call on orders o.
func (g *gen) stringExpr() ex {
	col := one(g, "o.note", "o.customer", "o.status")
	i, n := fmt.Sprint(1+g.r.IntN(4)), fmt.Sprint(1+g.r.IntN(5))
	sub := one(g, "a", "株", "pp", "Acme", "事", "_")
	switch g.r.IntN(9) {
	case 0:
		return ex{"substring(" + col + ", " + i + ", " + n + ")", "substr(" + col + ", " + i + ", " + n + ")"}
	case 1:
		return ex{"left(" + col + ", " + n + ")", "substr(" + col + ", 1, " + n + ")"}
	case 2:
		return ex{"right(" + col + ", " + n + ")", "substr(" + col + ", -" + n + ")"}
	case 3:
		return ex{"concat(" + col + ", '・', o.status)", col + " || '・' || o.status"}
	case 4:
		return ex{"locate('" + sub + "', " + col + ")", "instr(" + col + ", '" + sub + "')"}
	case 5:
		return ex{"trim(concat('  ', " + col + ", ' '))", "trim('  ' || " + col + " || ' ')"}
	case 6:
		return ex{"if(" + col + " like '%" + sub + "%', 'y', 'n')", "iif(" + col + " like '%" + sub + "%', 'y', 'n')"}
	case 7:
		return fm("char_length(%s)", s(col)).withLite("length(" + col + ")")
	}
	return s(one(g,
		"upper("+col+")",
		"lower("+col+")",
		"instr("+col+", '"+sub+"')",
		"replace("+col+", '"+sub+"', 'カブ')",
		"ltrim(concat('  ', "+col+"))",
		"concat_ws('-', o.note, o.customer, o.status)",
		"coalesce("+col+", 'なし')",
		"ifnull("+col+", '-')",
		"nullif("+col+", 'apple')",
	))
}

// withLite replaces the SQLite spelling.
func (e ex) withLite(lite string) ex { return ex{e.my, lite} }

// strftimeInt is SQLite's integer value of a strftime field.
func strftimeInt(field, x string) string {
	return "cast(strftime('" + field + "', " + x + ") as integer)"
}

// dateExpr draws a date function or unit on orders o: the DATE column
// ordered, the DATETIME column shipped, or a generated date literal.
func (g *gen) dateExpr() ex {
	lit := fmt.Sprintf("'%s'", dayLit(g.r))
	d := one(g, "o.ordered", "o.ordered", lit)
	t := one(g, "o.shipped", "o.shipped", "'"+dayLit(g.r)+" 13:45:30'")
	n := g.r.IntN(30) - 10
	sign := func(n int) string { return fmt.Sprintf("%+d", n) }
	switch g.r.IntN(20) {
	case 0:
		return ex{"quarter(" + d + ")", "(" + strftimeInt("%m", d) + " + 2) / 3"}
	case 1:
		unit := one(g, "year", "quarter", "month", "day", "week", "year_month")
		lite := map[string]string{
			"year": strftimeInt("%Y", d), "quarter": "(" + strftimeInt("%m", d) + " + 2) / 3",
			"month": strftimeInt("%m", d), "day": strftimeInt("%d", d), "week": strftimeInt("%U", d),
			"year_month": strftimeInt("%Y%m", d),
		}[unit]
		return ex{"extract(" + unit + " from " + d + ")", lite}
	case 2:
		unit := one(g, "hour", "minute", "second", "day", "quarter")
		field := map[string]string{"hour": "%H", "minute": "%M", "second": "%S", "day": "%d", "quarter": ""}[unit]
		if field == "" {
			return ex{"extract(quarter from " + t + ")", "(" + strftimeInt("%m", t) + " + 2) / 3"}
		}
		return ex{"extract(" + unit + " from " + t + ")", strftimeInt(field, t)}
	case 3:
		return ex{"dayofyear(" + d + ")", strftimeInt("%j", d)}
	case 4:
		return ex{"dayofweek(" + d + ")", strftimeInt("%w", d) + " + 1"}
	case 5:
		return ex{"weekday(" + d + ")", "(" + strftimeInt("%w", d) + " + 6) % 7"}
	case 6:
		mode := one(g, "0", "3", "5")
		field := map[string]string{"0": "%U", "3": "%V", "5": "%W"}[mode]
		return ex{"week(" + d + ", " + mode + ")", strftimeInt(field, d)}
	case 7:
		return ex{"last_day(" + d + ")", "date(" + d + ", 'start of month', '+1 months', '-1 days')"}
	case 8:
		unit := one(g, "day", "week", "month", "quarter", "year")
		mod := map[string]string{"day": sign(n) + " days", "week": sign(7*n) + " days", "month": sign(n) + " months",
			"quarter": sign(3*n) + " months", "year": sign(n) + " years"}[unit]
		return ex{fmt.Sprintf("date_add(%s, interval %d %s)", d, n, unit), "date(" + d + ", '" + mod + "', 'floor')"}
	case 9:
		unit := one(g, "day", "month", "year")
		mod := map[string]string{"day": sign(-n) + " days", "month": sign(-n) + " months", "year": sign(-n) + " years"}[unit]
		return ex{fmt.Sprintf("%s - interval %d %s", d, n, unit), "date(" + d + ", '" + mod + "', 'floor')"}
	case 10:
		unit := one(g, "second", "minute", "hour", "day")
		return ex{fmt.Sprintf("date_add(%s, interval %d %s)", t, n*37, unit),
			fmt.Sprintf("datetime(%s, '%s %ss')", t, sign(n*37), unit)}
	case 11:
		return ex{"datediff(" + t + ", " + d + ")", "cast(julianday(date(" + t + ")) - julianday(" + d + ") as integer)"}
	case 12:
		unit := one(g, "second", "minute", "hour", "day", "week")
		div := map[string]string{"second": "1", "minute": "60", "hour": "3600", "day": "86400", "week": "604800"}[unit]
		return ex{"timestampdiff(" + unit + ", " + d + ", " + t + ")",
			"(unixepoch(" + t + ") - unixepoch(" + d + ")) / " + div}
	case 13:
		return ex{"unix_timestamp(" + t + ")", "unixepoch(" + t + ")"}
	case 14:
		my, lite := g.dateFormat()
		return ex{"date_format(" + t + ", '" + my + "')", "strftime('" + lite + "', " + t + ")"}
	case 15:
		return ex{"hour(" + t + ") * 60 + minute(" + t + ")", strftimeInt("%H", t) + " * 60 + " + strftimeInt("%M", t)}
	case 16:
		return ex{"second(" + t + ")", strftimeInt("%S", t)}
	case 17:
		return s("date(" + t + ")")
	case 18:
		return ex{"year(" + d + ") * 100 + month(" + d + ")", strftimeInt("%Y", d) + " * 100 + " + strftimeInt("%m", d)}
	}
	return ex{"day(" + d + ")", strftimeInt("%d", d)}
}

// dayLit returns a random date of 2023-2025 (leap days and month ends
// included) as 'YYYY-MM-DD'.
func dayLit(r *rand.Rand) string {
	y, m := 2023+r.IntN(3), 1+r.IntN(12)
	days := []int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y == 2024 {
		days = 29
	}
	d := 1 + r.IntN(days)
	if r.IntN(3) == 0 {
		d = days // month ends exercise the clamping of MONTH and YEAR units
	}
	return fmt.Sprintf("%04d-%02d-%02d", y, m, d)
}

// dateFormat draws a DATE_FORMAT format and the matching strftime format.
func (g *gen) dateFormat() (my, lite string) {
	spec := [][2]string{{"%Y", "%Y"}, {"%m", "%m"}, {"%d", "%d"}, {"%H", "%H"}, {"%i", "%M"}, {"%s", "%S"}, {"%j", "%j"}}
	seps := []string{"-", "/", " ", ":", "年", ""}
	var a, b strings.Builder
	for i := range 2 + g.r.IntN(3) {
		if i > 0 {
			sep := one(g, seps...)
			a.WriteString(sep)
			b.WriteString(sep)
		}
		p := one(g, spec...)
		a.WriteString(p[0])
		b.WriteString(p[1])
	}
	return a.String(), b.String()
}

// funcQueries draws n queries over orders, each with three generated
// expressions: DOUBLE arithmetic, math, string and date functions.
func funcQueries(seed uint64, n int) []diffQuery {
	g := &gen{r: rand.New(rand.NewPCG(seed, 17))}
	draws := []func() ex{g.doubleExpr, g.mathExpr, g.stringExpr, g.dateExpr, g.dateExpr}
	out := make([]diffQuery, n)
	for i := range out {
		e := g.exprs(3, func() ex { return one(g, draws...)() })
		out[i] = fm("select o.`$id`, %s from orders o", e).query(false, true)
	}
	return out
}
