package translate

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kintone-sql/kintone/engine"
	kt "github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/schema"
)

// getUsers is the User API's users listing.
const getUsers = "GET /v1/users.json"

// seedPeopleSales creates "people" (n records: name "p<i>", team "t<i%4>")
// and "sales" (m records: cust = the person's $id, 1 + i%n, or empty
// every 10th; amount i; cust_name the person's name).
func seedPeopleSales(t testing.TB, srv *kt.Server, n, m int) {
	t.Helper()
	people, err := srv.CreateApp(kt.AppSpec{Name: "people", Fields: []*kt.Field{
		{Type: kt.TypeSingleLineText, Code: "name", Label: "Name"},
		{Type: kt.TypeDropDown, Code: "team", Label: "Team", Options: []string{"t0", "t1", "t2", "t3"}},
		{Type: kt.TypeSingleLineText, Code: "code", Label: "Code"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	recs := make([]map[string]any, n)
	for i := range recs {
		recs[i] = map[string]any{"name": fmt.Sprintf("p%d", i+1), "team": fmt.Sprintf("t%d", i%4), "code": fmt.Sprint(i + 1)}
	}
	if _, err := srv.AddRecords(people, recs); err != nil {
		t.Fatal(err)
	}
	sales, err := srv.CreateApp(kt.AppSpec{Name: "sales", Fields: []*kt.Field{
		{Type: kt.TypeNumber, Code: "cust", Label: "Customer"},
		{Type: kt.TypeNumber, Code: "amount", Label: "Amount"},
		{Type: kt.TypeSingleLineText, Code: "cust_name", Label: "Customer name"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	recs = make([]map[string]any, m)
	for i := range recs {
		recs[i] = map[string]any{"amount": fmt.Sprint(i)}
		if i%10 != 9 {
			recs[i]["cust"] = fmt.Sprint(1 + i%n)
			recs[i]["cust_name"] = fmt.Sprintf("p%d", 1+i%n)
		}
	}
	if _, err := srv.AddRecords(sales, recs); err != nil {
		t.Fatal(err)
	}
}

// joinShape returns the plan's first Join node.
func joinShape(n engine.Node) *engine.Join {
	if j, ok := n.(*engine.Join); ok {
		return j
	}
	for _, c := range n.Explain().Children {
		if j := joinShape(c); j != nil {
			return j
		}
	}
	return nil
}

func TestJoinPushdownRequests(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedPeopleSales(t, srv, 40, 1200) })
	tests := []struct {
		name, sql string
		opts      Options
		requests  int   // GET records.json
		records   int64 // records fetched
		rows      int
	}{
		// people is filtered (1 record, 1 request), its $id narrows
		// sales to cust in (3): one request instead of three.
		{"selective inner join", "select p.name, s.amount from people p join sales s on s.cust = p.$id where p.name = 'p3'",
			Options{}, 2, 1 + 30, 30},
		{"same join without pushdown", "select p.name, s.amount from people p join sales s on s.cust = p.$id where p.name = 'p3'",
			Options{NoPushdown: true}, 1 + 3, 40 + 1200, 30},
		// A RIGHT JOIN is a LEFT JOIN from sales' side: the filtered
		// sales are kept and held, their customers narrow people.
		{"right join keeps sales", "select p.name, s.amount from people p right join sales s on s.cust = p.$id where s.amount < 20",
			Options{}, 2, 20 + 18, 20},
		// A LEFT JOIN from a filtered people: people is built, its ids
		// narrow sales; people without sales still appear (ids 10, 30).
		{"left join narrows the right side", "select p.name, s.amount from people p left join sales s on s.cust = p.$id where p.team = 't1'",
			Options{}, 2, 10 + 240, 242},
		// Both sides filtered: sales (ON terms on it filter it) is held.
		{"left join with a filtered right side", "select p.name, s.amount from people p left join sales s on s.cust = p.$id and s.amount < 100 where p.team = 't1'",
			Options{}, 2, 10 + 100, 22},
		// Text keys: the names narrow sales by cust_name.
		{"text key", "select p.code, s.amount from people p join sales s on s.cust_name = p.name where p.code in ('5', '6')",
			Options{}, 2, 2 + 60, 60},
		// No key value: people matches nothing, sales is not read.
		{"empty build side", "select p.name, s.amount from people p join sales s on s.cust = p.$id where p.name = 'nobody'",
			Options{}, 1, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			f.srv.ResetCounters()
			env := f.env()
			n := f.plan(tc.sql, tc.opts)
			rows, err := collect(t.Context(), n, env)
			if err != nil {
				t.Fatal(err)
			}
			if len(rows) != tc.rows {
				t.Errorf("%d rows, want %d", len(rows), tc.rows)
			}
			if got := f.srv.RequestCount(getRecords); got != tc.requests {
				t.Errorf("%d requests, want %d", got, tc.requests)
			}
			if got := env.Stats.Records.Load(); got != tc.records {
				t.Errorf("%d records fetched, want %d", got, tc.records)
			}
			plain := f.query(tc.sql, Options{NoPushdown: true})
			if a, b := sortedRows(rows), sortedRows(plain); strings.Join(a, "\n") != strings.Join(b, "\n") {
				t.Errorf("pushdown changed the answer:\n%v\nvs\n%v", a, b)
			}
		})
	}
}

func TestJoinPushdownBatches(t *testing.T) {
	// 2,600 people (6 pages of 500); 250 orders for 250 distinct people:
	// 3 batches of 100 values. A count of people (one request) shows 6
	// pages: the 3 narrowed requests win.
	f := newFixture(t, func(srv *kt.Server) {
		seedPeopleSales(t, srv, 2600, 0)
		orders, err := srv.CreateApp(kt.AppSpec{Name: "orders", Fields: []*kt.Field{{Type: kt.TypeNumber, Code: "who", Label: "Who"}}})
		if err != nil {
			t.Fatal(err)
		}
		recs := make([]map[string]any, 250)
		for i := range recs {
			recs[i] = map[string]any{"who": fmt.Sprint(1 + i*7)}
		}
		if _, err := srv.AddRecords(orders, recs); err != nil {
			t.Fatal(err)
		}
	})
	env := f.env()
	rows, err := collect(t.Context(), f.plan("select o.who, p.name from orders o join people p on p.$id = o.who where o.who > 0", Options{}), env)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 250 {
		t.Errorf("%d rows, want 250", len(rows))
	}
	// orders 1 + count 1 + 3 batches, instead of 1 + 6.
	if got := f.srv.RequestCount(getRecords); got != 5 {
		t.Errorf("%d requests, want 5", got)
	}
	if got := env.Stats.Records.Load(); got != 250+250 {
		t.Errorf("%d records fetched, want 500", got)
	}
}

func TestJoinPushdownToDirectory(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) {
		for i := 1; i <= 250; i++ {
			if _, err := srv.AddUser(kt.User{Code: fmt.Sprintf("u%03d", i), Name: fmt.Sprintf("User %d", i)}); err != nil {
				t.Fatal(err)
			}
		}
		seedPeopleSales(t, srv, 40, 0)
	})
	if err := schema.AddBuiltinTables(f.cat); err != nil {
		t.Fatal(err)
	}
	// people.code holds "1".."40", user codes "u001"...: the computed
	// key of people narrows Users to codes[] of two users.
	rows := f.query("select p.name, u.Name from people p join Users u on u.Code = concat('u00', p.code) where p.team = 't1' and p.$id < 10", Options{})
	if len(rows) != 2 || f.srv.RequestCount(getUsers) != 1 {
		t.Errorf("code key: rows %v, %d users.json requests (want 1)", rows, f.srv.RequestCount(getUsers))
	}
	// A computed key on the Users side cannot be sent: all 251 users
	// (with Administrator) are listed, 100 per request.
	f.srv.ResetCounters()
	rows = f.query("select p.name, u.Name from people p join Users u on lower(u.Code) = concat('u00', p.code) where p.team = 't1' and p.$id < 10", Options{})
	if len(rows) != 2 || f.srv.RequestCount(getUsers) != 3 {
		t.Errorf("computed key: rows %v, %d users.json requests (want 3)", rows, f.srv.RequestCount(getUsers))
	}
	f.srv.ResetCounters()
	rows = f.query("select p.name, u.Name from Users u join people p on u.Id = p.$id where p.team = 't1'", Options{})
	if len(rows) != 10 || f.srv.RequestCount(getUsers) != 1 {
		t.Errorf("id key: %d rows, %d users.json requests (want 1: ids[] of 10 users)", len(rows), f.srv.RequestCount(getUsers))
	}
}

func TestJoinSemantics(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedPeopleSales(t, srv, 6, 12) })
	tests := []struct{ sql, want string }{
		// A text key meets a number key: compared as numbers (MySQL).
		{"select p.$id, s.amount from people p join sales s on p.code = s.cust where p.$id = 2 order by s.amount", "[[2 1] [2 7]]"},
		// NULL keys match nothing; LEFT JOIN keeps the row.
		{"select s.amount, p.name from sales s left join people p on p.$id = s.cust where s.amount in (8, 9) order by 1", "[[8 p3] [9 <nil>]]"},
		// An ON term on the kept side only decides matching, not rows.
		{"select p.$id, count(s.$id) from people p left join sales s on s.cust = p.$id and p.team = 't0' group by p.$id order by 1",
			"[[1 2] [2 0] [3 0] [4 0] [5 2] [6 0]]"},
		// WHERE on the NULL-extended side makes it an inner join.
		{"select p.$id from people p left join sales s on s.cust = p.$id where s.amount = 4", "[[5]]"},
		// USING: one column in SELECT *, the kept side's value.
		{"select name, p.team, q.code from people p join people q using (name) where p.$id = 1", "[[p1 t0 1]]"},
		{"select count(*) from people p join people q using (name, team)", "[[6]]"},
		// Cross join and non-equi join.
		{"select count(*) from people a, people b", "[[36]]"},
		{"select count(*) from people a join people b on a.$id < b.$id", "[[15]]"},
		{"select a.$id, b.$id from people a left join people b on b.$id > a.$id + 4 order by 1, 2", "[[1 6] [2 <nil>] [3 <nil>] [4 <nil>] [5 <nil>] [6 <nil>]]"},
		// Three tables.
		{"select count(*) from people a join sales s on s.cust = a.$id join people b on b.name = s.cust_name", "[[11]]"},
	}
	for _, tc := range tests {
		rows, err := f.tryQuery(tc.sql, Options{})
		if err != nil {
			t.Errorf("%s: %v", tc.sql, err)
			continue
		}
		if got := fmt.Sprint(rows); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.sql, got, tc.want)
		}
	}
}

func TestCorrelatedSubqueryReadsOnce(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedPeopleSales(t, srv, 30, 1200) })
	env := f.env()
	n := f.plan("select p.name, (select sum(amount) from sales s where s.cust = p.$id) from people p where exists (select 1 from sales s where s.cust = p.$id and s.amount > 1000) order by p.$id", Options{})
	rows, err := collect(t.Context(), n, env)
	if err != nil {
		t.Fatal(err)
	}
	// people once (1 request), sales once per subquery: all of it for
	// the sums (3 requests), amount > 1000 for EXISTS (1 request).
	if got := f.srv.RequestCount(getRecords); got != 1+3+1 {
		t.Errorf("%d requests, want 5: each table is read once", got)
	}
	if len(rows) != 27 || fmt.Sprint(rows[0]) != "[p1 23400]" { // p10, p20, p30 have no sales
		t.Errorf("rows %v", rows[:min(len(rows), 3)])
	}
}

func TestExplainJoinsAndSubqueries(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedPeopleSales(t, srv, 10, 20) })
	rows := f.query("explain select p.name, count(*) from people p join sales s on s.cust = p.$id "+
		"where p.team = 't1' group by p.name having count(*) > (select avg(amount) from sales) order by 2 desc", Options{})
	var lines []string
	for _, r := range rows {
		lines = append(lines, fmt.Sprint(r[2], ": ", r[3]))
	}
	all := strings.Join(lines, "\n")
	for _, want := range []string{
		"hash join (client-side): keys: p.`$id` = s.cust",
		"build: left input held in memory",
		"pushdown: the right input is read as s.cust in (the distinct values of p.`$id`), 100 values per request",
		"hash aggregate (client-side): group by p.name",
		"subquery (scalar): select avg(amount) from sales",
		"uncorrelated: runs once",
		"kintone scan: query: team in (\"t1\") order by $id asc limit 500",
		"records match",
		"sort (client-side)",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("EXPLAIN lacks %q:\n%s", want, all)
		}
	}
	corr := f.query("explain select p.name from people p where exists (select 1 from sales s where s.cust = p.$id)", Options{})
	text := fmt.Sprint(corr)
	for _, want := range []string{"subquery (EXISTS)", "correlated on p.`$id`", "materialize"} {
		if !strings.Contains(text, want) {
			t.Errorf("EXPLAIN of a correlated subquery lacks %q:\n%s", want, text)
		}
	}
}

func TestMemoryLimit(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedPeopleSales(t, srv, 30, 100) })
	run := func(sql string) error {
		n := f.plan(sql, Options{})
		env := f.env()
		env.MaxRows = 20
		_, err := collect(t.Context(), n, env)
		return err
	}
	for _, sql := range []string{
		"select amount from sales order by amount desc",
		"select p.name, s.amount from people p join sales s on s.cust = p.$id",
		"select amount, count(*) from sales group by amount",
		"select distinct amount from sales",
		"select name from people where $id in (select cust from sales)",
	} {
		if err := run(sql); !errors.Is(err, engine.ErrMemoryLimit) || !strings.Contains(err.Error(), "MaxRowsInMemory") {
			t.Errorf("%s: %v, want the memory limit error", sql, err)
		}
	}
	// Streaming steps hold no rows.
	for _, sql := range []string{
		"select amount * 2 from sales where amount > 3",
		"select amount from sales limit 50",
		"select count(*), sum(amount) from sales",
	} {
		if err := run(sql); err != nil {
			t.Errorf("%s: %v", sql, err)
		}
	}
}
