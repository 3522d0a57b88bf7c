package translate

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	kt "github.com/kintone-sql/kintone/kintonetest"
)

// condGen generates random WHERE clauses from atom templates.
type condGen struct {
	r     *rand.Rand
	atoms []func(r *rand.Rand) string
}

// pick returns a random element.
func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// cond returns a random condition of at most depth levels.
func (g *condGen) cond(depth int) string {
	if depth == 0 || g.r.IntN(3) == 0 {
		return g.atoms[g.r.IntN(len(g.atoms))](g.r)
	}
	switch g.r.IntN(3) {
	case 0:
		return "(" + g.cond(depth-1) + " and " + g.cond(depth-1) + ")"
	case 1:
		return "(" + g.cond(depth-1) + " or " + g.cond(depth-1) + ")"
	}
	return "not (" + g.cond(depth-1) + ")"
}

// appAtoms are conditions on the alltypes app table.
var appAtoms = []func(r *rand.Rand) string{
	func(r *rand.Rand) string {
		return fmt.Sprintf("num %s %s", pick(r, "=", "<>", "<", "<=", ">", ">=", "<=>"),
			pick(r, "-3", "0", "1.5", "1.50", "10", "99", "100", "'7'", "'7x'", "null", "-1e1"))
	},
	func(r *rand.Rand) string {
		return fmt.Sprintf("num %s (%s)", pick(r, "in", "not in"), pick(r, "1.5, 10", "99", "0, null", "-3, 7, 99"))
	},
	func(r *rand.Rand) string {
		return fmt.Sprintf("num %s %s and %s", pick(r, "between", "not between"), pick(r, "-3", "0", "2"), pick(r, "1.5", "10", "99"))
	},
	func(r *rand.Rand) string { return "num is " + pick(r, "null", "not null") },
	func(r *rand.Rand) string { return "calc " + pick(r, "> 3", "= 20", "is null", "<> 0") },
	func(r *rand.Rand) string {
		return fmt.Sprintf("$id %s %d", pick(r, "=", "<>", "<", ">=", ">"), r.IntN(70))
	},
	func(r *rand.Rand) string {
		return fmt.Sprintf("txt %s %s", pick(r, "=", "<>", "<", ">="),
			pick(r, "'abc'", "'ABC'", "''", "'a'", `'say "hi" \\ ok'`, "'日本語テキスト'", "'zzz'", "5"))
	},
	func(r *rand.Rand) string {
		return fmt.Sprintf("txt %s (%s)", pick(r, "in", "not in"), pick(r, "'a', 'b'", "'abc', ''", "'x'"))
	},
	func(r *rand.Rand) string {
		return fmt.Sprintf("txt %s %s", pick(r, "like", "not like"),
			pick(r, "'a%'", "'%b%'", "'_'", "'%\\\\%'", "'100\\%%'", "'日本%'", "'%'", "'A_C'"))
	},
	func(r *rand.Rand) string { return "txt is " + pick(r, "null", "not null") },
	func(r *rand.Rand) string {
		return "link " + pick(r, "= 'https://example.com/4'", "is null", "like '%/1%'")
	},
	func(r *rand.Rand) string {
		return "mtxt " + pick(r, "is null", "is not null", "= 'word search'", "like '%line%'")
	},
	func(r *rand.Rand) string {
		return fmt.Sprintf("dd %s", pick(r, "= 'A'", "= 'C D'", "<> 'B'", "in ('A', 'B')", "not in ('A')", "is null", "is not null", "= 'Z'"))
	},
	func(r *rand.Rand) string { return "radio " + pick(r, "= 'X'", "<> 'X'", "in ('X', 'Y')") },
	func(r *rand.Rand) string { return "cb " + pick(r, "is null", "is not null", `= '["A"]'`) },
	func(r *rand.Rand) string {
		return pick(r, `json_contains(cb, '"A"')`, `json_contains(cb, '"B"')`, `json_contains(cb, '["B","A"]')`, `json_contains(cb, '[]')`,
			`json_contains(ms, '"Q"')`, `json_contains(users, '{"code":"Administrator"}')`, `json_contains(orgs, '{"code":"dev"}')`)
	},
	func(r *rand.Rand) string {
		return pick(r, "kintone_in(cb, 'A')", "kintone_in(cb, 'B')", "kintone_in(cb, 'A', 'B')", "kintone_in(ms, 'Q', 'P')",
			"kintone_in(dd, 'A', 'C D')", "kintone_in(dd, 'B', null)", "kintone_in(radio, 'Y')", "kintone_in(users, 'Administrator')",
			"kintone_in(orgs, 'dev')", "kintone_in([作成者 Code], 'sato')")
	},
	func(r *rand.Rand) string {
		return fmt.Sprintf("d %s %s", pick(r, "=", "<>", "<", "<=", ">", ">="),
			pick(r, "'2024-05-03'", "'2024-05-10 12:00'", "'2024-05-28'", "'2024-05-01T23:30:00-02:00'"))
	},
	func(r *rand.Rand) string {
		return "d " + pick(r, "is null", "is not null", "between '2024-05-05' and '2024-05-09'")
	},
	func(r *rand.Rand) string {
		return fmt.Sprintf("dt %s %s", pick(r, "=", "<>", "<", "<=", ">", ">="),
			pick(r, "'2024-05-02 01:13:00'", "'2024-05-02 01:13:30'", "'2024-05-10'", "'2024-05-15T12:00:00+09:00'"))
	},
	func(r *rand.Rand) string {
		return fmt.Sprintf("t %s %s", pick(r, "=", "<>", "<", "<=", ">", ">="), pick(r, "'10:10'", "'10:10:30'", "'23:59:59'", "'00:00'"))
	},
	func(r *rand.Rand) string { return "file is " + pick(r, "null", "not null") },
	func(r *rand.Rand) string {
		return "[作成者 Code] " + pick(r, "= 'Administrator'", "<> 'sato'", "in ('x')")
	},
	func(r *rand.Rand) string {
		return pick(r, "num + 1 > 5", "lower(txt) = 'abc'", "coalesce(num, 0) = 0", "concat(txt, dd) like 'a%'", "num * 2 = calc")
	},
	func(r *rand.Rand) string { return pick(r, "1 = 1", "1 = 0", "null") },
}

// tableAtoms are conditions on the alltypes_tbl subtable table.
var tableAtoms = []func(r *rand.Rand) string{
	func(r *rand.Rand) string {
		return fmt.Sprintf("inum %s %d", pick(r, "=", "<>", "<", "<=", ">", ">="), r.IntN(7))
	},
	func(r *rand.Rand) string { return "inum " + pick(r, "in (1, 2)", "not in (0)", "is null") },
	func(r *rand.Rand) string {
		return "itxt " + pick(r, "= 'x'", "<> 'y'", "in ('x', 'y')", "is null", "like 'x%'")
	},
	func(r *rand.Rand) string { return "idd " + pick(r, "= 'A'", "<> 'B'", "is null") },
	func(r *rand.Rand) string {
		return fmt.Sprintf("idate %s '2024-01-%02d'", pick(r, "=", "<", ">=", "<>"), 1+r.IntN(5))
	},
	func(r *rand.Rand) string { return fmt.Sprintf("$id %s %d", pick(r, "=", ">", "<="), r.IntN(70)) },
	func(r *rand.Rand) string { return fmt.Sprintf("`$row_id` > %d", r.IntN(80)) },
}

// TestDifferential runs random WHERE clauses (and orders with limits)
// with pushdown on and off: the answers must be equal.
func TestDifferential(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedAllTypes(t, srv, 120) })
	r := rand.New(rand.NewPCG(1, 2))
	run := func(sql string, ordered bool) {
		t.Helper()
		pushed, err := f.tryQuery(sql, Options{})
		if err != nil {
			t.Errorf("%s: with pushdown: %v", sql, err)
			return
		}
		plain, err := f.tryQuery(sql, Options{NoPushdown: true})
		if err != nil {
			t.Errorf("%s: without pushdown: %v", sql, err)
			return
		}
		a, b := rowTexts(pushed), rowTexts(plain)
		if !ordered {
			a, b = sortedRows(pushed), sortedRows(plain)
		}
		if !slices.Equal(a, b) {
			t.Errorf("%s: pushdown changed the answer (%d rows vs %d)", sql, len(a), len(b))
		}
	}
	app := &condGen{r: r, atoms: appAtoms}
	for range 160 {
		run("select * from alltypes where "+app.cond(3), false)
	}
	for range 40 {
		order := pick(r, "num", "num desc", "d", "dt desc", "t", "$id desc", "calc, d desc", "作成日時")
		sql := fmt.Sprintf("select $id, num, d, dt, t from alltypes where %s order by %s, $id limit %d offset %d",
			app.cond(2), order, 1+r.IntN(40), r.IntN(30))
		run(sql, true)
		run(strings.Replace(sql, "select $id, num, d, dt, t", "select count(*), sum(num), min(d), max(dt)", 1), true)
	}
	tbl := &condGen{r: r, atoms: tableAtoms}
	for range 80 {
		run("select * from alltypes_tbl where "+tbl.cond(3), false)
	}
}
