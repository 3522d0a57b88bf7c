package write

import (
	"context"
	"errors"
	"maps"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// afterRead wraps a read and runs hook once its rows have been read: the
// moment between the driver's read and its write.
type afterRead struct {
	engine.Node
	hook func()
	once sync.Once
}

// Open opens the wrapped read.
func (a *afterRead) Open(ctx context.Context, env *engine.Env) (engine.Iterator, error) {
	it, err := a.Node.Open(ctx, env)
	if err != nil {
		return nil, err
	}
	return &afterReadIter{Iterator: it, a: a}, nil
}

type afterReadIter struct {
	engine.Iterator
	a *afterRead
}

// Close runs the hook once.
func (it *afterReadIter) Close() error {
	err := it.Iterator.Close()
	it.a.once.Do(it.a.hook)
	return err
}

// plusOne reads $id, $revision and Amount + 1 where Code = code (all when
// code is "").
func plusOne(t *testing.T, f *wfix, code string) engine.Node {
	s := scanOf(t, f.t, nil, "$id", "$revision", "Amount")
	if code != "" {
		s.Where = eq("code", code)
	}
	amount := &engine.ColumnRef{Index: 2, Col: engine.Column{Name: "Amount", Type: schema.TypeDecimal}}
	return &engine.Project{Input: s,
		Exprs: []engine.Expr{&engine.ColumnRef{Index: 0}, &engine.ColumnRef{Index: 1}, &engine.Arith{Op: engine.OpAdd, L: amount, R: &engine.Literal{V: int64(1)}}},
		Cols:  []engine.Column{{Name: "$id"}, {Name: "$revision"}, {Name: "v"}}}
}

func TestUpdateExpressionOnOldValue(t *testing.T) {
	f := newWfix(t)
	f.insertTitles(t, 250, 1)
	f.srv.ResetCounters()
	res, err := Exec(context.Background(), f.env(), &Update{Table: f.t, Set: wcols(t, f.t, "Amount"), Read: plusOne(t, f, ""), UsesOld: true})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 250 {
		t.Errorf("RowsAffected %d", n)
	}
	for i, id := range res.IDs() {
		if got := f.field(t, id, "amount"); got != itoa(i+2) {
			t.Fatalf("record %d amount %v, want %d", id, got, i+2)
		}
		if rev := res.Revisions()[i]; rev != 2 || f.revision(t, id) != 2 {
			t.Fatalf("record %d revision %d", id, rev)
		}
	}
	want := map[string]int{"GET /k/v1/records.json": 1, "POST /k/v1/bulkRequest.json": 1}
	if got := f.requests(); !maps.Equal(got, want) {
		t.Errorf("requests %v, want %v", got, want)
	}
}

func TestUpdateRevisionConflictOverwritesNothing(t *testing.T) {
	f := newWfix(t)
	res := f.insertTitles(t, 3, 1)
	victim := res.IDs()[1]
	read := &afterRead{Node: plusOne(t, f, ""), hook: func() {
		// Someone else edits record 2 after the driver read it.
		_, err := f.c.UpdateRecord(context.Background(), f.app, client.RecordUpdate{ID: victim,
			Record: client.Record{"amount": {Value: []byte(`"100"`)}}})
		if err != nil {
			t.Error(err)
		}
	}}
	_, err := Exec(context.Background(), f.env(), &Update{Table: f.t, Set: wcols(t, f.t, "Amount"), Read: read, UsesOld: true})
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("error %v, want ErrConflict", err)
	}
	if !strings.Contains(err.Error(), "nothing was written") || !strings.Contains(err.Error(), "records checked: 1–3") {
		t.Errorf("message %q", err)
	}
	for i, id := range res.IDs() {
		want := itoa(i + 1)
		if id == victim {
			want = "100"
		}
		if got := f.field(t, id, "amount"); got != want {
			t.Errorf("record %d amount %v, want %s", id, got, want)
		}
	}
}

func TestUpdateDirectByID(t *testing.T) {
	f := newWfix(t)
	res := f.insertTitles(t, 3, 1)
	ids := res.IDs()
	f.srv.ResetCounters()
	up := &Update{Table: f.t, Set: wcols(t, f.t, "Title"), Direct: &Direct{IDs: ids[:2], Values: lits("new")},
		Read: scanOf(t, f.t, nil, "$id", "$revision", "Title")}
	got, err := Exec(context.Background(), f.env(), up)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := got.RowsAffected(); n != 2 {
		t.Errorf("RowsAffected %d", n)
	}
	if c := f.requests(); !maps.Equal(c, map[string]int{"PUT /k/v1/records.json": 1}) {
		t.Errorf("requests %v, want one PUT and no read", c)
	}
	if f.field(t, ids[0], "title") != "new" || f.field(t, ids[2], "title") != "t3" {
		t.Error("wrong records updated")
	}
}

func TestUpdateDirectMissingIDFallsBackToRead(t *testing.T) {
	f := newWfix(t)
	ids := f.insertTitles(t, 2, 1).IDs()
	missing := ids[1] + 50
	// The read the translator would plan for WHERE $id IN (ids[0], missing).
	read := &engine.Filter{Input: scanOf(t, f.t, nil, "$id", "$revision"), Cond: &engine.InList{
		X: &engine.ColumnRef{Index: 0}, List: lits(ids[0], missing)}}
	proj := &engine.Project{Input: read, Exprs: []engine.Expr{&engine.ColumnRef{Index: 0}, &engine.ColumnRef{Index: 1}, &engine.Literal{V: "x"}},
		Cols: []engine.Column{{Name: "$id"}, {Name: "$revision"}, {Name: "v"}}}
	up := &Update{Table: f.t, Set: wcols(t, f.t, "Title"), Direct: &Direct{IDs: []int64{ids[0], missing}, Values: lits("x")}, Read: proj}
	res, err := Exec(context.Background(), f.env(), up)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 1 || f.field(t, ids[0], "title") != "x" {
		t.Errorf("RowsAffected %d, title %v", n, f.field(t, ids[0], "title"))
	}
}

func TestUpdateExplicitRevision(t *testing.T) {
	f := newWfix(t)
	id := f.insertTitles(t, 1, 1).IDs()[0]
	stale := &Update{Table: f.t, Set: wcols(t, f.t, "Title"), Direct: &Direct{IDs: []int64{id}, Revision: 7, Values: lits("x")}}
	if _, err := Exec(context.Background(), f.env(), stale); !errors.Is(err, ErrConflict) {
		t.Fatalf("stale revision: %v, want ErrConflict", err)
	}
	fresh := &Update{Table: f.t, Set: wcols(t, f.t, "Title"), Direct: &Direct{IDs: []int64{id}, Revision: 1, Values: lits("x")}}
	if _, err := Exec(context.Background(), f.env(), fresh); err != nil || f.field(t, id, "title") != "x" {
		t.Fatalf("current revision: %v", err)
	}
}

func TestUpdateReadOnlyColumns(t *testing.T) {
	f := newWfix(t)
	for _, name := range []string{"$id", "$revision", "Double", "レコード番号", "作成者 Code", "作成日時", "更新者 Name"} {
		t.Run(name, func(t *testing.T) {
			f.srv.ResetCounters()
			c := wcol(t, f.t, name)
			_, err := Exec(context.Background(), f.env(), &Update{Table: f.t, Set: []*schema.Column{c},
				Direct: &Direct{IDs: []int64{1}, Values: lits("1")}})
			if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), c.Name) {
				t.Errorf("error %v, want ErrReadOnly naming %q", err, c.Name)
			}
			if n := f.srv.TotalRequests(); n != 0 {
				t.Errorf("%d requests", n)
			}
		})
	}
}

func TestDelete(t *testing.T) {
	f := newWfix(t)
	ids := f.insertTitles(t, 230, 1).IDs()
	f.srv.ResetCounters()
	read := scanOf(t, f.t, nil, "$id", "$revision")
	res, err := Exec(context.Background(), f.env(), &Delete{Table: f.t, Read: read})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 230 || f.srv.RecordCount(f.app) != 0 {
		t.Errorf("RowsAffected %d, %d left", n, f.srv.RecordCount(f.app))
	}
	if c := f.requests(); c["POST /k/v1/bulkRequest.json"] != 1 || c["DELETE /k/v1/records.json"] != 0 {
		t.Errorf("requests %v", c)
	}
	for _, id := range ids {
		if _, ok := f.srv.Record(f.app, id); ok {
			t.Fatalf("record %d still exists", id)
		}
	}
}

func TestDeleteDirectMissingIsZeroRows(t *testing.T) {
	f := newWfix(t)
	f.insertTitles(t, 1, 1)
	read := &engine.Filter{Input: scanOf(t, f.t, nil, "$id", "$revision"), Cond: &engine.Comparison{
		Op: engine.OpEq, L: &engine.ColumnRef{Index: 0}, R: &engine.Literal{V: int64(99)}}}
	res, err := Exec(context.Background(), f.env(), &Delete{Table: f.t, Direct: &Direct{IDs: []int64{99}}, Read: read})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 0 || f.srv.RecordCount(f.app) != 1 {
		t.Errorf("RowsAffected %d", n)
	}
}

func TestDeleteConflict(t *testing.T) {
	f := newWfix(t)
	ids := f.insertTitles(t, 2, 1).IDs()
	read := &afterRead{Node: scanOf(t, f.t, nil, "$id", "$revision"), hook: func() {
		if _, err := f.c.UpdateRecord(context.Background(), f.app, client.RecordUpdate{ID: ids[0],
			Record: client.Record{"title": {Value: []byte(`"edited"`)}}}); err != nil {
			t.Error(err)
		}
	}}
	if _, err := Exec(context.Background(), f.env(), &Delete{Table: f.t, Read: read}); !errors.Is(err, ErrConflict) {
		t.Fatalf("error %v, want ErrConflict", err)
	}
	if f.srv.RecordCount(f.app) != 2 {
		t.Error("records were deleted")
	}
}

// itoa formats an int.
func itoa(i int) string { return strconv.Itoa(i) }
