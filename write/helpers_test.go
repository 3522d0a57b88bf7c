package write

import (
	"context"
	"fmt"
	"strconv"
	"testing"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/query"
	"github.com/kintone-sql/kintone/schema"
)

// wfix is a test fixture: an emulator with the Orders app, a client and
// its catalog.
type wfix struct {
	srv *kintonetest.Server
	c   *client.Client
	cat *schema.Catalog
	app int64
	t   *schema.Table // Orders
	sub *schema.Table // Orders_Lines
}

// ordersSpec is an app with most writable field types, a unique key, a
// calculated field, a subtable and a process.
func ordersSpec() kintonetest.AppSpec {
	return kintonetest.AppSpec{Name: "Orders", Code: "ORD", Fields: []*kintonetest.Field{
		{Type: kintonetest.TypeSingleLineText, Code: "title", Label: "Title"},
		{Type: kintonetest.TypeSingleLineText, Code: "code", Label: "Code", Unique: true},
		{Type: kintonetest.TypeNumber, Code: "amount", Label: "Amount"},
		{Type: kintonetest.TypeCalc, Code: "double", Label: "Double", Expression: "amount*2"},
		{Type: kintonetest.TypeDate, Code: "due", Label: "Due"},
		{Type: kintonetest.TypeDateTime, Code: "at", Label: "At"},
		{Type: kintonetest.TypeTime, Code: "tm", Label: "Time"},
		{Type: kintonetest.TypeDropDown, Code: "rank", Label: "Rank", Options: []string{"A", "B"}},
		{Type: kintonetest.TypeCheckBox, Code: "tags", Label: "Tags", Options: []string{"x", "y"}},
		{Type: kintonetest.TypeUserSelect, Code: "owner", Label: "Owner"},
		{Type: kintonetest.TypeMultiLineText, Code: "note", Label: "Note"},
		{Type: kintonetest.TypeFile, Code: "file", Label: "File"},
		{Type: kintonetest.TypeSubtable, Code: "lines", Label: "Lines", Fields: []*kintonetest.Field{
			{Type: kintonetest.TypeSingleLineText, Code: "item", Label: "Item"},
			{Type: kintonetest.TypeNumber, Code: "qty", Label: "Qty"},
		}},
	}, Process: &kintonetest.ProcessManagement{
		Enable: true,
		States: []kintonetest.State{
			{Name: "Open", AssigneeType: "ANY"},
			{Name: "Approved", AssigneeType: "ONE", Assignees: []kintonetest.Entity{{Type: "USER", Code: "alice"}, {Type: "USER", Code: "bob"}}},
			{Name: "Rejected", AssigneeType: "ANY"},
		},
		Actions: []kintonetest.Action{
			{Name: "Approve", From: "Open", To: "Approved"},
			{Name: "Reject", From: "Open", To: "Rejected"},
			{Name: "Reopen", From: "Approved", To: "Open"},
			{Name: "Reopen", From: "Rejected", To: "Open"},
		},
	}}
}

// newWfix starts the emulator with the Orders app.
func newWfix(t testing.TB) *wfix {
	t.Helper()
	srv := kintonetest.NewServer()
	t.Cleanup(srv.Close)
	for _, u := range []string{"alice", "bob"} {
		if _, err := srv.AddUser(kintonetest.User{Code: u, Password: "pw"}); err != nil {
			t.Fatal(err)
		}
	}
	app, err := srv.CreateApp(ordersSpec())
	if err != nil {
		t.Fatal(err)
	}
	c, err := client.New(client.Options{BaseURL: srv.URL, User: kintonetest.DefaultUser, Password: kintonetest.DefaultPassword})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cat, err := schema.Load(ctx, c, schema.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tab, err := cat.Lookup(ctx, "Orders")
	if err != nil {
		t.Fatal(err)
	}
	sub, err := cat.Lookup(ctx, "Orders_Lines")
	if err != nil {
		t.Fatal(err)
	}
	return &wfix{srv: srv, c: c, cat: cat, app: app, t: tab, sub: sub}
}

// env returns a fresh statement environment.
func (f *wfix) env() *engine.Env { return &engine.Env{Client: f.c, Stats: &engine.Stats{}} }

// col returns a column of table t.
func wcol(t testing.TB, tab *schema.Table, name string) *schema.Column {
	t.Helper()
	c, err := tab.Column(name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// cols returns columns of tab by name.
func wcols(t testing.TB, tab *schema.Table, names ...string) []*schema.Column {
	out := make([]*schema.Column, len(names))
	for i, n := range names {
		out[i] = wcol(t, tab, n)
	}
	return out
}

// lits turns values into literal expressions.
func lits(vals ...any) []engine.Expr {
	out := make([]engine.Expr, len(vals))
	for i, v := range vals {
		out[i] = &engine.Literal{V: v}
	}
	return out
}

// scanOf reads cols of tab where cond holds (nil: all), seeking by $id.
func scanOf(t testing.TB, tab *schema.Table, cond query.Expr, names ...string) *engine.Scan {
	return &engine.Scan{Table: tab, Cols: wcols(t, tab, names...), Qualifier: tab.Name, Where: cond,
		Limit: engine.NoLimit, Paging: engine.PagingSeek}
}

// eq is the kintone condition code = value.
func eq(code, value string) query.Expr {
	return &query.Condition{Field: query.Field{Code: code}, Op: query.OpEq, Values: []query.Value{query.Str(value)}}
}

// titleRows are n VALUES rows (Title, Code, Amount) = (t<i>, c<i>, i).
func titleRows(n, from int) [][]engine.Expr {
	rows := make([][]engine.Expr, n)
	for i := range rows {
		k := from + i
		rows[i] = lits("t"+strconv.Itoa(k), "c"+strconv.Itoa(k), int64(k))
	}
	return rows
}

// insertTitles inserts n rows through the write package.
func (f *wfix) insertTitles(t testing.TB, n, from int) *Result {
	t.Helper()
	res, err := Exec(context.Background(), f.env(), &Insert{Table: f.t, Columns: wcols(t, f.t, "Title", "Code", "Amount"), Values: titleRows(n, from)})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// field returns the value of a field of a record in the emulator.
func (f *wfix) field(t testing.TB, id int64, code string) any {
	t.Helper()
	rec, ok := f.srv.Record(f.app, id)
	if !ok {
		t.Fatalf("record %d not found", id)
	}
	fv, _ := rec[code].(map[string]any)
	return fv["value"]
}

// revision returns a record's revision in the emulator.
func (f *wfix) revision(t testing.TB, id int64) int64 {
	t.Helper()
	n, err := strconv.ParseInt(fmt.Sprint(f.field(t, id, "$revision")), 10, 64)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// requests returns the counts of the write endpoints since the last reset.
func (f *wfix) requests() map[string]int {
	out := map[string]int{}
	for _, k := range []string{"POST /k/v1/records.json", "PUT /k/v1/records.json", "DELETE /k/v1/records.json",
		"POST /k/v1/bulkRequest.json", "GET /k/v1/records.json", "PUT /k/v1/records/status.json",
		"PUT /k/v1/record/assignees.json", "GET /k/v1/app/status.json"} {
		if n := f.srv.RequestCount(k); n > 0 {
			out[k] = n
		}
	}
	return out
}
