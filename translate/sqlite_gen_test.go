package translate_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// The generator writes queries from fragments that exist in both dialects
// (ex holds both spellings). It stays inside the semantics the driver and
// SQLite share; left out on purpose, because the two differ there (the
// driver follows MySQL):
//
//   - comparisons of texts with numbers (MySQL reads the text as a number,
//     SQLite orders every number before every text);
//   - division (MySQL's DECIMAL rules with 4 more digits, SQLite's integer
//     division), DIV, and % on fractions;
//   - LENGTH (bytes in MySQL, characters in SQLite: CHAR_LENGTH is
//     compared with SQLite's length), UPPER/LOWER of non-ASCII letters
//     (SQLite folds ASCII only), LIKE with backslashes (no default escape
//     in SQLite);
//   - CAST of fractions to integers (MySQL rounds, SQLite truncates), and
//     CONCAT of fractional numbers (DECIMAL text vs REAL text);
//   - DATETIME compared with a date-only text (SQLite compares the texts);
//   - ties in ORDER BY ... LIMIT: every ordered query ends its ORDER BY
//     with unique keys;
//   - AVG compares with a tolerance (an exact decimal here, a float there).

// ex is an SQL fragment in the driver's dialect and in SQLite's.
type ex struct{ my, lite string }

// s is a fragment spelled alike.
func s(x string) ex { return ex{x, x} }

// fm formats a fragment: each %s of the format takes the next fragment,
// in the matching dialect.
func fm(format string, parts ...ex) ex {
	my := make([]any, len(parts))
	lite := make([]any, len(parts))
	for i, p := range parts {
		my[i], lite[i] = p.my, p.lite
	}
	return ex{fmt.Sprintf(format, my...), fmt.Sprintf(format, lite...)}
}

// joinEx joins fragments.
func joinEx(sep string, parts ...ex) ex {
	my := make([]string, len(parts))
	lite := make([]string, len(parts))
	for i, p := range parts {
		my[i], lite[i] = p.my, p.lite
	}
	return ex{strings.Join(my, sep), strings.Join(lite, sep)}
}

// query makes a diffQuery of a fragment.
func (e ex) query(ordered, approx bool) diffQuery {
	return diffQuery{my: e.my, lite: e.lite, ordered: ordered, approx: approx}
}

// Dialect pairs for functions spelled differently.
func year(x string) ex  { return ex{"year(" + x + ")", "cast(strftime('%Y', " + x + ") as integer)"} }
func month(x string) ex { return ex{"month(" + x + ")", "cast(strftime('%m', " + x + ") as integer)"} }
func hour(x string) ex  { return ex{"hour(" + x + ")", "cast(strftime('%H', " + x + ") as integer)"} }
func ym(x string) ex {
	return ex{"date_format(" + x + ", '%Y-%m')", "strftime('%Y-%m', " + x + ")"}
}
func charLen(x string) ex { return ex{"char_length(" + x + ")", "length(" + x + ")"} }

// gen draws queries.
type gen struct {
	r *rand.Rand
}

// one returns a random element.
func one[T any](g *gen, xs ...T) T { return xs[g.r.IntN(len(xs))] }

// atoms return random conditions on a table alias.
func (g *gen) orderAtom(a string) ex {
	switch g.r.IntN(16) {
	case 0:
		return s(fmt.Sprintf("%s.amount %s %s", a, one(g, "=", "<>", "<", "<=", ">", ">="), one(g, "0", "100", "1250.5", "2500", "-10.25", "4999.75")))
	case 1:
		return s(a + ".amount is " + one(g, "null", "not null"))
	case 2:
		return s(fmt.Sprintf("%s.amount %sbetween %s and %s", a, one(g, "", "not "), one(g, "-50", "100", "1000"), one(g, "500", "2000", "4000")))
	case 3:
		return s(fmt.Sprintf("%s.qty %s (%s)", a, one(g, "in", "not in"), one(g, "1, 2, 3", "0, 5", "10, 20, 7")))
	case 4:
		return s(fmt.Sprintf("%s.qty %% %d = %d", a, 2+g.r.IntN(3), g.r.IntN(2)))
	case 5:
		return s(a + ".status " + one(g, "= '完了'", "in ('新規', '進行中')", "<> 'キャンセル'", "is null", "not in ('完了')"))
	case 6:
		return s(fmt.Sprintf("%s.ordered %s", a, one(g, ">= '2024-06-01'", "< '2024-03-15'", "between '2024-02-01' and '2024-04-30'", "is null", "= '2024-07-04'")))
	case 7:
		return s(a + ".shipped " + one(g, "> '2024-05-01 12:00:00'", "is null", "<= '2024-09-30 23:59:00'"))
	case 8:
		return s(a + ".note " + one(g, "like '%pp%'", "like 'urg%'", "like '株%'", "is not null", "= 'apple'", "not like '%a%'"))
	case 9:
		return s(a + ".customer " + one(g, "like 'Acme%'", "= 'Unknown 1'", "is null", "like '%商事%'"))
	case 10:
		return s(fmt.Sprintf("coalesce(%s.qty, 0) > %d", a, g.r.IntN(15)))
	case 11:
		return s(fmt.Sprintf("%s.amount * 2 > %d", a, 1000*g.r.IntN(6)))
	case 12:
		return s(fmt.Sprintf("%s.cust_id %s %d", a, one(g, "=", "<=", ">"), 1+g.r.IntN(45)))
	case 13:
		return fm("%s = 2024", year(a+".ordered"))
	case 14:
		return fm("%s in (1, 2, 3)", month(a+".ordered"))
	}
	return s(one(g, "1 = 1", "1 = 0", a+".`$id` < 150", a+".`$id` in (3, 7, 11)"))
}

// customerAtom returns a condition on customers.
func (g *gen) customerAtom(a string) ex {
	switch g.r.IntN(8) {
	case 0:
		return s(a + ".region " + one(g, "= '東京'", "is null", "in ('大阪', '福岡')", "<> '名古屋'"))
	case 1:
		return s(a + ".`rank` " + one(g, "= 'A'", "<> 'C'", "in ('A', 'B')"))
	case 2:
		return s(a + ".employees " + one(g, "> 100", "is null", "between 50 and 300", "<= 20"))
	case 3:
		return s(a + ".since " + one(g, "< '2022-06-01'", "is not null", ">= '2023-01-01'"))
	case 4:
		return s(a + ".owner " + one(g, "= 'u01'", "is null", "in ('u02', 'u03', 'ghost')"))
	case 5:
		return s(a + ".name " + one(g, "like '%商事%'", "like 'Acme%'", "like '%1'"))
	case 6:
		return s(a + ".備考 " + one(g, "like '%apple%'", "is null", "like '%東京%'"))
	}
	return s(fmt.Sprintf("%s.`$id` %s %d", a, one(g, "<", ">=", "="), 1+g.r.IntN(40)))
}

// itemAtom returns a condition on items.
func (g *gen) itemAtom(a string) ex {
	switch g.r.IntN(5) {
	case 0:
		return s(a + ".product " + one(g, "= 'りんご'", "in ('Banana', 'cherry')", "like '%a%'"))
	case 1:
		return s(fmt.Sprintf("%s.price %s %d", a, one(g, ">", "<="), 10*g.r.IntN(10)))
	case 2:
		return s(a + ".`count` " + one(g, "is null", ">= 5", "in (1, 9)"))
	case 3:
		return s(fmt.Sprintf("%s.order_id < %d", a, 50*(1+g.r.IntN(6))))
	}
	return s(a + ".price * " + a + ".`count` > 200")
}

// cond combines atoms with AND, OR and NOT.
func (g *gen) cond(depth int, atom func() ex) ex {
	if depth == 0 || g.r.IntN(3) == 0 {
		return atom()
	}
	switch g.r.IntN(4) {
	case 0, 1:
		return fm("(%s and %s)", g.cond(depth-1, atom), g.cond(depth-1, atom))
	case 2:
		return fm("(%s or %s)", g.cond(depth-1, atom), g.cond(depth-1, atom))
	}
	return fm("not (%s)", g.cond(depth-1, atom))
}

// orderExpr returns a projected expression of orders.
func (g *gen) orderExpr(a string) ex {
	c := func(x string) string { return a + "." + x }
	switch g.r.IntN(24) {
	case 0:
		return s(c("amount"))
	case 1:
		return s(c("qty"))
	case 2:
		return s(c("status"))
	case 3:
		return s(c("ordered"))
	case 4:
		return s(c("shipped"))
	case 5:
		return s(c("note"))
	case 6:
		return s(c("amount") + " * " + c("qty"))
	case 7:
		return s("coalesce(" + c("status") + ", '-')")
	case 8:
		return s("ifnull(" + c("qty") + ", -1)")
	case 9:
		return s("nullif(" + c("qty") + ", 0)")
	case 10:
		return s(fmt.Sprintf("case when %s >= 2500 then 'L' when %s >= 0 then 'S' when %s is null then 'none' else 'N' end", c("amount"), c("amount"), c("amount")))
	case 11:
		return s("abs(" + c("amount") + ")")
	case 12:
		return s("round(" + c("amount") + ")")
	case 13:
		return s("upper(" + c("note") + ")")
	case 14:
		return charLen(c("note"))
	case 15:
		return ex{"substring(" + c("note") + ", 2, 3)", "substr(" + c("note") + ", 2, 3)"}
	case 16:
		return ex{"concat(" + c("status") + ", '/', " + c("qty") + ")", "(" + c("status") + " || '/' || " + c("qty") + ")"}
	case 17:
		return year(c("ordered"))
	case 18:
		return ym(c("ordered"))
	case 19:
		return ex{"date_add(" + c("ordered") + ", interval 7 day)", "date(" + c("ordered") + ", '+7 days')"}
	case 20:
		return ex{"datediff(" + c("ordered") + ", '2024-01-01')", "cast(julianday(" + c("ordered") + ") - julianday('2024-01-01') as integer)"}
	case 21:
		return s(c("qty") + " between 3 and 5")
	case 22:
		return hour(c("shipped"))
	}
	return ex{"greatest(" + c("qty") + ", 5)", "max(" + c("qty") + ", 5)"}
}

// customerExpr returns a projected expression of customers.
func (g *gen) customerExpr(a string) ex {
	c := func(x string) string { return a + "." + x }
	return one(g, s(c("name")), s(c("region")), s(c("`rank`")), s(c("employees")), s(c("since")), s(c("owner")),
		s("coalesce("+c("region")+", '?')"), s("lower("+c("name")+")"), year(c("since")), s(c("備考")),
		s("replace("+c("name")+", ' ', '_')"), s("trim("+c("備考")+")"))
}

// exprs draws n expressions.
func (g *gen) exprs(n int, draw func() ex) ex {
	parts := make([]ex, n)
	for i := range parts {
		parts[i] = draw()
	}
	return joinEx(", ", parts...)
}

// singleQuery draws a query on orders alone.
func (g *gen) singleQuery() diffQuery {
	q := fm("select o.`$id`, %s from orders o where %s", g.exprs(1+g.r.IntN(3), func() ex { return g.orderExpr("o") }),
		g.cond(2, func() ex { return g.orderAtom("o") }))
	if g.r.IntN(2) == 0 {
		key := one(g, "o.amount", "o.qty desc", "o.ordered", "o.note", "o.shipped desc", "o.status, o.qty")
		q = fm("%s order by %s, o.`$id`", q, s(key))
		if g.r.IntN(2) == 0 {
			q = fm("%s limit %s offset %s", q, s(fmt.Sprint(1+g.r.IntN(20))), s(fmt.Sprint(g.r.IntN(30))))
		}
		return q.query(true, false)
	}
	return q.query(false, false)
}

// joinOn draws the join of orders o with customers c.
func (g *gen) joinOn() ex {
	kind := one(g, "join", "left join", "right join", "inner join")
	on := one(g, "o.cust_id = c.`$id`", "o.customer = c.name", "o.cust_id = c.`$id` and c.`rank` <> 'C'",
		"o.cust_id = c.`$id` and o.qty > 3", "o.cust_id > c.`$id` + 42")
	return s("orders o " + kind + " customers c on " + on)
}

// joinQuery draws a join of two or three apps.
func (g *gen) joinQuery() diffQuery {
	from := g.joinOn()
	if g.r.IntN(3) == 0 {
		from = fm("%s %s items i on i.order_id = o.`$id`", from, s(one(g, "join", "left join")))
	}
	where := g.cond(1, func() ex {
		if g.r.IntN(2) == 0 {
			return g.customerAtom("c")
		}
		return g.orderAtom("o")
	})
	cols := joinEx(", ", g.exprs(1+g.r.IntN(2), func() ex { return g.orderExpr("o") }),
		g.exprs(1+g.r.IntN(2), func() ex { return g.customerExpr("c") }))
	if strings.Contains(from.my, "items") {
		cols = fm("%s, i.product, i.price", cols)
	}
	return fm("select o.`$id`, c.`$id`, %s from %s where %s", cols, from, where).query(false, false)
}

// groupQuery draws a GROUP BY with aggregates, on orders alone or joined
// with customers.
func (g *gen) groupQuery() diffQuery {
	joined := g.r.IntN(2) == 0
	keys := []ex{s("o.status"), year("o.ordered"), s("o.qty % 3"), s("o.customer is null")}
	if joined {
		keys = append(keys, s("c.region"), s("c.`rank`"), s("c.owner"))
	}
	key := one(g, keys...)
	if g.r.IntN(3) == 0 {
		key = joinEx(", ", key, one(g, keys...))
	}
	aggs := []ex{s("count(*)"), s("count(o.amount)"), s("count(distinct o.status)"), s("sum(o.amount)"),
		s("min(o.ordered)"), s("max(o.note)"), s("sum(o.qty * 2)"), s("max(o.amount) - min(o.amount)"),
		s("sum(case when o.status = '完了' then 1 else 0 end)")}
	approx := false
	if g.r.IntN(4) == 0 {
		aggs = append(aggs, s("avg(o.qty)"))
	}
	agg := g.exprs(1+g.r.IntN(3), func() ex { return one(g, aggs...) })
	approx = strings.Contains(agg.my, "avg(")
	from := s("orders o")
	if joined {
		from = g.joinOn()
	}
	q := fm("select %s, %s from %s where %s group by %s", key, agg, from, g.cond(1, func() ex { return g.orderAtom("o") }), key)
	if g.r.IntN(3) == 0 {
		q = fm("%s having %s", q, s(one(g, "count(*) > 2", "sum(o.amount) > 1000", "count(*) = 1", "min(o.qty) is null")))
	}
	return q.query(false, approx)
}

// distinctQuery draws a SELECT DISTINCT.
func (g *gen) distinctQuery() diffQuery {
	cols := one(g, s("o.status"), s("o.status, o.qty % 2"), year("o.ordered"), s("o.customer is null, o.status"),
		s("coalesce(o.note, 'none')"))
	q := fm("select distinct %s from orders o where %s", cols, g.cond(1, func() ex { return g.orderAtom("o") }))
	if g.r.IntN(2) == 0 && !strings.Contains(cols.my, ",") {
		return fm("%s order by 1", q).query(true, false)
	}
	return q.query(false, false)
}

// subqueryQuery draws a query with a subquery.
func (g *gen) subqueryQuery() diffQuery {
	outer := g.cond(1, func() ex { return g.orderAtom("o") })
	var pred ex
	switch g.r.IntN(6) {
	case 0:
		pred = fm("o.cust_id in (select c.`$id` from customers c where %s)", g.customerAtom("c"))
	case 1:
		pred = fm("o.cust_id not in (select c.`$id` from customers c where %s)", g.customerAtom("c"))
	case 2:
		pred = fm("exists (select 1 from items i where i.order_id = o.`$id` and %s)", g.itemAtom("i"))
	case 3:
		pred = fm("not exists (select 1 from items i where i.order_id = o.`$id` and %s)", g.itemAtom("i"))
	case 4:
		pred = s(one(g, "o.amount > (select avg(x.amount) from orders x)", "o.qty = (select max(x.qty) from orders x where x.status = o.status)",
			"o.customer in (select name from customers where owner is not null)"))
	default:
		pred = s("(select count(*) from items i where i.order_id = o.`$id`) " + one(g, ">= 2", "= 0", "> 1"))
	}
	return fm("select o.`$id`, o.amount, o.status from orders o where %s and %s", pred, outer).query(false, false)
}

// unionQuery draws a UNION [ALL].
func (g *gen) unionQuery() diffQuery {
	op := one(g, "union", "union all")
	l := fm("select o.status as v, o.qty as n from orders o where %s", g.cond(1, func() ex { return g.orderAtom("o") }))
	r := fm("select c.region, c.employees from customers c where %s", g.customerAtom("c"))
	q := fm("%s %s %s", l, s(op), r)
	if g.r.IntN(2) == 0 && op == "union" {
		return fm("%s order by 1, 2", q).query(true, false)
	}
	return q.query(false, false)
}

// derivedQuery draws a query over a derived table.
func (g *gen) derivedQuery() diffQuery {
	inner := fm("select %s as k, o.amount as a from orders o where %s", one(g, s("o.status"), year("o.ordered"), s("o.qty % 4")),
		g.cond(1, func() ex { return g.orderAtom("o") }))
	return fm("select x.k, count(*), sum(x.a) from (%s) x group by x.k", inner).query(false, false)
}

// directoryQuery draws a join of an app with the directory tables.
func (g *gen) directoryQuery() diffQuery {
	switch g.r.IntN(4) {
	case 0:
		return fm("select c.name, u.Name, u.Email from customers c %s Users u on u.Code = c.owner where %s",
			s(one(g, "join", "left join")), g.customerAtom("c")).query(false, false)
	case 1:
		return s("select u.Name, count(o.`$id`), sum(o.amount) from Users u left join customers c on c.owner = u.Code "+
			"left join orders o on o.cust_id = c.`$id` group by u.Name").query(false, false)
	case 2:
		return fm("select org.Name, count(*) from UserOrganizations uo join Organizations org on org.Id = uo.OrganizationId "+
			"join customers c on c.owner = uo.UserCode where %s group by org.Name", g.customerAtom("c")).query(false, false)
	}
	return s("select u.Code, u.Name from Users u where u.Code in (select owner from customers where `rank` = '"+
		one(g, "A", "B", "C")+"')").query(false, false)
}

// randomQueries draws n queries of every kind.
func randomQueries(seed uint64, n int) []diffQuery {
	g := &gen{r: rand.New(rand.NewPCG(seed, 99))}
	kinds := []func() diffQuery{g.singleQuery, g.singleQuery, g.joinQuery, g.joinQuery, g.groupQuery, g.groupQuery,
		g.distinctQuery, g.subqueryQuery, g.subqueryQuery, g.unionQuery, g.derivedQuery, g.directoryQuery}
	out := make([]diffQuery, n)
	for i := range out {
		out[i] = kinds[i%len(kinds)]()
	}
	return out
}
