package write

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
)

// subRow is a subtable row as the emulator holds it.
type subRow struct {
	id, item, qty string
}

// lines returns the Lines rows of record id.
func (f *wfix) lines(t *testing.T, id int64) []subRow {
	t.Helper()
	var out []subRow
	list, _ := f.field(t, id, "lines").([]any)
	for _, r := range list {
		m := r.(map[string]any)
		v := m["value"].(map[string]any)
		val := func(code string) string { return fmt.Sprint(v[code].(map[string]any)["value"]) }
		out = append(out, subRow{id: fmt.Sprint(m["id"]), item: val("item"), qty: val("qty")})
	}
	return out
}

// seedLines adds a record with rows pen×3 and ink×1.
func (f *wfix) seedLines(t *testing.T) int64 {
	t.Helper()
	ids, err := f.srv.AddRecords(f.app, []map[string]any{{"title": "with lines",
		"lines": []map[string]any{{"item": "pen", "qty": "3"}, {"item": "ink", "qty": "1"}}}})
	if err != nil {
		t.Fatal(err)
	}
	return ids[0]
}

// rowsWhereItem reads $id, $row_id and extra values of the Lines rows whose
// Item is item.
func rowsWhereItem(t *testing.T, f *wfix, item string, extra ...any) engine.Node {
	scan := scanOf(t, f.sub, nil, "$id", "$row_id", "Item")
	filter := &engine.Filter{Input: scan, Cond: &engine.Comparison{Op: engine.OpEq, L: &engine.ColumnRef{Index: 2}, R: &engine.Literal{V: item}}}
	exprs := []engine.Expr{&engine.ColumnRef{Index: 0}, &engine.ColumnRef{Index: 1}}
	cols := []engine.Column{{Name: "$id"}, {Name: "$row_id"}}
	for _, v := range extra {
		exprs = append(exprs, &engine.Literal{V: v})
		cols = append(cols, engine.Column{Name: "v"})
	}
	return &engine.Project{Input: filter, Exprs: exprs, Cols: cols}
}

func TestSubtableInsertUpdateDelete(t *testing.T) {
	f := newWfix(t)
	id := f.seedLines(t)
	before := f.lines(t, id)
	ctx := context.Background()

	res, err := Exec(ctx, f.env(), &Insert{Table: f.sub, Columns: wcols(t, f.sub, "$id", "Item", "Qty"),
		Values: [][]engine.Expr{lits(id, "cap", int64(2)), lits(id, "nib", int64(5))}})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 2 {
		t.Errorf("insert RowsAffected %d", n)
	}
	after := f.lines(t, id)
	if len(after) != 4 || after[0] != before[0] || after[1] != before[1] || after[2].item != "cap" || after[3].qty != "5" {
		t.Fatalf("after insert: %v (before %v)", after, before)
	}

	if _, err := Exec(ctx, f.env(), &Update{Table: f.sub, Set: wcols(t, f.sub, "Qty"), Read: rowsWhereItem(t, f, "ink", int64(9))}); err != nil {
		t.Fatal(err)
	}
	got := f.lines(t, id)
	if want := (subRow{before[1].id, "ink", "9"}); got[1] != want || got[0] != before[0] || got[2] != after[2] {
		t.Fatalf("after update: %v", got)
	}

	res, err = Exec(ctx, f.env(), &Delete{Table: f.sub, Read: rowsWhereItem(t, f, "pen")})
	if err != nil {
		t.Fatal(err)
	}
	got = f.lines(t, id)
	if n, _ := res.RowsAffected(); n != 1 || len(got) != 3 || got[0].item != "ink" || got[0].id != before[1].id {
		t.Fatalf("after delete: %v", got)
	}
	if f.revision(t, id) != 4 {
		t.Errorf("revision %d, want 4 (one per statement)", f.revision(t, id))
	}
}

func TestSubtableRevisionConflict(t *testing.T) {
	f := newWfix(t)
	id := f.seedLines(t)
	before := f.lines(t, id)
	// Someone removes the matched row between the read and the write.
	read := &afterRead{Node: rowsWhereItem(t, f, "ink")}
	read.hook = func() {
		if _, err := f.c.UpdateRecord(context.Background(), f.app, client.RecordUpdate{ID: id,
			Record: client.Record{"lines": {Value: []byte(`[{"id":"` + before[0].id + `","value":{}}]`)}}}); err != nil {
			t.Error(err)
		}
	}
	_, err := Exec(context.Background(), f.env(), &Delete{Table: f.sub, Read: read})
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("error %v, want ErrConflict", err)
	}
	if got := f.lines(t, id); len(got) != 1 || got[0] != before[0] {
		t.Errorf("lines %v", got)
	}
}

func TestSubtableInsertNeedsExistingParent(t *testing.T) {
	f := newWfix(t)
	f.srv.ResetCounters()
	_, err := Exec(context.Background(), f.env(), &Insert{Table: f.sub, Columns: wcols(t, f.sub, "Item"), Values: [][]engine.Expr{lits("x")}})
	if err == nil || f.srv.TotalRequests() != 0 {
		t.Errorf("insert without $id: %v", err)
	}
	_, err = Exec(context.Background(), f.env(), &Insert{Table: f.sub, Columns: wcols(t, f.sub, "$id", "Item"), Values: [][]engine.Expr{lits(int64(77), "x")}})
	if err == nil || !strings.Contains(err.Error(), "record 77 does not exist") || f.srv.RequestCount("PUT /k/v1/records.json") != 0 {
		t.Errorf("insert into a missing record: %v", err)
	}
}
