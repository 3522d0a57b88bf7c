package translate_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// windowQueries cover window functions: ranking, offsets, first/last
// values, aggregates with default and explicit frames, named windows,
// windows over GROUP BY, NULLs in partition and order keys, Japanese text.
var windowQueries = []diffQuery{
	same("select o.`$id`, row_number() over (partition by o.status order by o.amount, o.`$id`) from orders o"),
	same("select o.`$id`, rank() over (order by o.qty), dense_rank() over (order by o.qty desc) from orders o"),
	same("select o.`$id`, rank() over (partition by o.status order by o.qty) from orders o"),
	same("select o.`$id`, ntile(4) over (order by o.`$id`), ntile(7) over (partition by o.status order by o.`$id`) from orders o"),
	same("select o.`$id`, lag(o.amount) over (order by o.`$id`), lead(o.amount, 2) over (order by o.`$id`) from orders o"),
	same("select o.`$id`, lag(o.qty, 1, -1) over (partition by o.status order by o.`$id`), lead(o.note, 1, 'なし') over (partition by o.status order by o.`$id`) from orders o"),
	same("select o.`$id`, first_value(o.customer) over (partition by o.status order by o.`$id`), last_value(o.customer) over (partition by o.status order by o.`$id`) from orders o"),
	same("select o.`$id`, last_value(o.amount) over (partition by o.status order by o.qty) from orders o"),
	same("select o.`$id`, sum(o.qty) over (partition by o.status order by o.`$id`), count(o.amount) over (partition by o.status) from orders o"),
	same("select o.`$id`, sum(o.qty) over (order by o.qty), count(*) over (order by o.qty) from orders o"),
	same("select o.`$id`, min(o.amount) over (order by o.`$id` rows between 2 preceding and 1 following), max(o.amount) over (order by o.`$id` rows between current row and 3 following) from orders o"),
	same("select o.`$id`, sum(o.qty) over (order by o.`$id` rows between unbounded preceding and 1 preceding), count(*) over (order by o.`$id` rows 2 preceding) from orders o"),
	same("select o.`$id`, sum(o.qty) over (partition by o.status order by o.qty range between current row and unbounded following) from orders o"),
	{my: "select o.`$id`, avg(o.qty) over (partition by o.status) from orders o",
		lite: "select o.`$id`, avg(o.qty) over (partition by o.status) from orders o", approx: true},
	same("select o.`$id`, row_number() over w, sum(o.qty) over w from orders o window w as (partition by o.status order by o.`$id`)"),
	same("select o.`$id`, first_value(o.`$id`) over (w rows between 1 preceding and 1 following) from orders o window w as (order by o.`$id`)"),
	same("select o.status, sum(o.qty), rank() over (order by sum(o.qty) desc) from orders o group by o.status"),
	same("select c.region, count(*), sum(count(*)) over () from customers c group by c.region"),
	ord(same("select o.`$id`, row_number() over (order by o.amount desc, o.`$id`) as rn from orders o order by rn limit 10")),
	same("select x.status, x.rn from (select o.status, row_number() over (partition by o.status order by o.`$id`) as rn from orders o) x where x.rn <= 3"),
	same("with t as (select o.status, o.qty from orders o where o.qty is not null) select status, qty, dense_rank() over (partition by status order by qty) from t"),
	same("select c.name, c.備考, row_number() over (partition by c.region order by c.name) from customers c"),
	same("select o.`$id`, count(*) over (order by o.`$id` rows between 9223372036854775807 preceding and 9223372036854775807 following), lag(o.qty, 9223372036854775807, 0) over (order by o.`$id`) from orders o"),
	same("select o.`$id`, sum(o.qty) over (order by o.`$id` rows between 3 following and 5 following) from orders o"),
	same("select o.`$id`, sum(o.qty) over (order by o.amount range between 100 preceding and 50 following) from orders o"),
	same("select o.`$id`, count(*) over (partition by o.status order by o.qty desc range between 2 preceding and 1 preceding) from orders o"),
	same("select o.`$id`, max(o.amount) over (order by o.qty range 3 preceding), min(o.amount) over (order by o.qty desc range between current row and 2 following) from orders o"),
	same("select o.`$id`, count(*) over (order by o.amount range between 500 following and unbounded following) from orders o"),
}

func TestSQLiteDifferentialWindow(t *testing.T) {
	n := 150
	if testing.Short() {
		n = 40
	}
	runDiff(t, openDiffDBs(t), append(append([]diffQuery(nil), windowQueries...), randomWindowQueries(16, n)...))
}

// randomWindowQueries draws window calls over orders: random partitions
// (NULLs and Japanese text included), orders with or without a unique
// tie-breaker, and frames. With ties in the order only functions whose
// value peers share are drawn (RANK, DENSE_RANK, aggregates over RANGE
// frames), so that both databases must agree.
func randomWindowQueries(seed uint64, n int) []diffQuery {
	r := rand.New(rand.NewPCG(seed, 3))
	pick := func(xs ...string) string { return xs[r.IntN(len(xs))] }
	var out []diffQuery
	for range n {
		part := pick("", "partition by o.status ", "partition by o.qty ", "partition by o.cust_id ", "partition by o.status, o.note ")
		col := pick("o.amount", "o.qty", "o.ordered", "o.note", "o.customer", "o.status")
		num := pick("o.amount", "o.qty")
		order := "order by " + col + pick("", " desc")
		var call string
		approx := false
		switch r.IntN(3) {
		case 0: // a unique order: every function, ROWS frames
			order += ", o.`$id`" + pick("", " desc")
			frame := pick("", "", " rows between unbounded preceding and current row", " rows between 2 preceding and 1 following",
				" rows between current row and unbounded following", " rows between 3 preceding and 1 preceding", " rows 4 preceding")
			call = pick("row_number() over (%s)", "rank() over (%s)", "dense_rank() over (%s)",
				fmt.Sprintf("ntile(%d) over (%%s)", 1+r.IntN(9)), fmt.Sprintf("lag(%s, %d) over (%%s)", col, 1+r.IntN(3)),
				fmt.Sprintf("lead(%s, %d, %s) over (%%s)", num, r.IntN(3), pick("0", "-1", "null")),
				"first_value("+col+") over (%s"+frame+")", "last_value("+col+") over (%s"+frame+")",
				"sum("+num+") over (%s"+frame+")", "count("+col+") over (%s"+frame+")",
				"min("+col+") over (%s"+frame+")", "max("+col+") over (%s"+frame+")", "count(*) over (%s"+frame+")")
		case 1: // ties: only values peers share
			frame := pick("", " range between unbounded preceding and current row", " range between current row and unbounded following",
				" range between unbounded preceding and unbounded following")
			if col == "o.amount" || col == "o.qty" {
				frame = pick(frame, fmt.Sprintf(" range between %d preceding and %d following", r.IntN(300), r.IntN(300)),
					fmt.Sprintf(" range %d preceding", r.IntN(5)), fmt.Sprintf(" range between %d following and unbounded following", r.IntN(5)))
			}
			call = pick("rank() over (%s)", "dense_rank() over (%s)", "sum("+num+") over (%s"+frame+")",
				"count(*) over (%s"+frame+")", "max("+col+") over (%s"+frame+")", "min("+num+") over (%s"+frame+")")
		default: // no order: the whole partition
			order = ""
			call = pick("sum("+num+") over (%s)", "count("+col+") over (%s)", "max("+col+") over (%s)", "avg("+num+") over (%s)")
			approx = strings.HasPrefix(call, "avg")
		}
		q := fmt.Sprintf("select o.`$id`, "+call+" from orders o", strings.TrimSpace(part+order))
		out = append(out, diffQuery{my: q, lite: q, approx: approx})
	}
	return out
}

// TestWindowExplainAndErrors checks EXPLAIN's window step and the errors
// for misplaced or unknown window functions.
func TestWindowExplainAndErrors(t *testing.T) {
	d := openDiffDBs(t)
	rows, err := readRows(d.kin, "explain select o.`$id`, rank() over (order by o.qty) from orders o")
	require.NoError(t, err)
	found := false
	for _, r := range rows {
		for _, v := range r {
			if v.text == "window (client-side)" {
				found = true
			}
		}
	}
	assert.True(t, found, "EXPLAIN shows the window step: %v", rows)
	for q, want := range map[string]string{
		"select o.`$id` from orders o where rank() over (order by o.qty) = 1":                                      "only allowed in the select list and ORDER BY",
		"select upper(o.note) over () from orders o":                                                               "UPPER() is not a window function",
		"select row_number() over w from orders o":                                                                 `window "w" is not defined`,
		"select sum(o.qty) over (order by o.qty, o.`$id` range between 1 preceding and current row) from orders o": "exactly one ORDER BY expression",
		"select sum(o.qty) over (order by o.note range 1 preceding) from orders o":                                 "numeric ORDER BY expression",
		"select count(distinct o.qty) over () from orders o":                                                       "DISTINCT",
		"select sum(o.qty) over (rows between current row and 1 preceding) from orders o":                          "invalid window frame",
	} {
		_, err := readRows(d.kin, q)
		assert.ErrorContains(t, err, want, q)
	}
}
