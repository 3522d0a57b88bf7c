package write

import (
	"context"
	"errors"
	"testing"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
)

func TestTxCommitIsOneBulkRequest(t *testing.T) {
	f := newWfix(t)
	ids := f.insertTitles(t, 2, 1).IDs()
	ctx := context.Background()
	f.srv.ResetCounters()
	tx := NewTx()
	ins, err := tx.Exec(ctx, f.env(), &Insert{Table: f.t, Columns: wcols(t, f.t, "Title"), Values: [][]engine.Expr{lits("new")}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, f.env(), &Update{Table: f.t, Set: wcols(t, f.t, "Title"), Read: plusOneTitle(t, f)}); err != nil {
		t.Fatal(err)
	}
	del, err := tx.Exec(ctx, f.env(), &Delete{Table: f.t, Direct: &Direct{IDs: ids[1:]}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ins.LastInsertId(); !errors.Is(err, ErrPending) {
		t.Errorf("LastInsertId before Commit: %v", err)
	}
	if n, _ := del.RowsAffected(); n != 1 {
		t.Errorf("DELETE RowsAffected %d before Commit", n)
	}
	if got := f.srv.TotalRequests(); got != 1 { // the UPDATE's read
		t.Errorf("%d requests before Commit, want the one read", got)
	}
	if f.srv.RecordCount(f.app) != 2 || f.field(t, ids[0], "title") != "t1" {
		t.Fatal("writes applied before Commit")
	}
	if err := tx.Commit(ctx, f.env()); err != nil {
		t.Fatal(err)
	}
	if got := f.srv.RequestCount("POST /k/v1/bulkRequest.json"); got != 1 {
		t.Errorf("%d bulkRequests, want 1", got)
	}
	id, err := ins.LastInsertId()
	if err != nil || f.field(t, id, "title") != "new" {
		t.Errorf("LastInsertId after Commit: %d, %v", id, err)
	}
	if f.field(t, ids[0], "title") != "changed" || f.srv.RecordCount(f.app) != 2 {
		t.Error("committed writes missing")
	}
	if err := tx.Commit(ctx, f.env()); !errors.Is(err, ErrTxDone) {
		t.Errorf("second Commit: %v", err)
	}
}

// plusOneTitle reads every record's $id and $revision with the new title
// "changed".
func plusOneTitle(t *testing.T, f *wfix) engine.Node {
	return &engine.Project{Input: scanOf(t, f.t, nil, "$id", "$revision"),
		Exprs: []engine.Expr{&engine.ColumnRef{Index: 0}, &engine.ColumnRef{Index: 1}, &engine.Literal{V: "changed"}},
		Cols:  []engine.Column{{Name: "$id"}, {Name: "$revision"}, {Name: "v"}}}
}

func TestTxRollbackWritesNothing(t *testing.T) {
	f := newWfix(t)
	f.srv.ResetCounters()
	ctx := context.Background()
	tx := NewTx()
	if _, err := tx.Exec(ctx, f.env(), &Insert{Table: f.t, Columns: wcols(t, f.t, "Title"), Values: [][]engine.Expr{lits("new")}}); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil {
		t.Fatal(err)
	}
	if f.srv.TotalRequests() != 0 || f.srv.RecordCount(f.app) != 0 {
		t.Errorf("%d requests, %d records", f.srv.TotalRequests(), f.srv.RecordCount(f.app))
	}
}

func TestTxMergesUpTo2000RowsAndRefusesMore(t *testing.T) {
	f := newWfix(t)
	f.srv.ResetCounters()
	ctx := context.Background()
	tx := NewTx()
	one := wcols(t, f.t, "Title")
	for i := range MaxAtomicRecords {
		if _, err := tx.Exec(ctx, f.env(), &Insert{Table: f.t, Columns: one, Values: [][]engine.Expr{lits(itoa(i))}}); err != nil {
			t.Fatalf("row %d: %v", i, err)
		}
	}
	_, err := tx.Exec(ctx, f.env(), &Insert{Table: f.t, Columns: one, Values: [][]engine.Expr{lits("too many")}})
	if !errors.Is(err, ErrTxTooLarge) {
		t.Fatalf("row 2001: %v, want ErrTxTooLarge", err)
	}
	if err := tx.Commit(ctx, f.env()); !errors.Is(err, ErrTxTooLarge) {
		t.Fatalf("Commit: %v, want ErrTxTooLarge", err)
	}
	if f.srv.TotalRequests() != 0 || f.srv.RecordCount(f.app) != 0 {
		t.Errorf("a too-large transaction wrote: %d requests, %d records", f.srv.TotalRequests(), f.srv.RecordCount(f.app))
	}

	tx = NewTx()
	var last *Result
	for i := range MaxAtomicRecords {
		if last, err = tx.Exec(ctx, f.env(), &Insert{Table: f.t, Columns: one, Values: [][]engine.Expr{lits(itoa(i))}}); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(ctx, f.env()); err != nil {
		t.Fatal(err)
	}
	id, _ := last.LastInsertId()
	if f.srv.RequestCount("POST /k/v1/bulkRequest.json") != 1 || f.srv.RecordCount(f.app) != 2000 || f.field(t, id, "title") != "1999" {
		t.Errorf("%d bulkRequests, %d records", f.srv.RequestCount("POST /k/v1/bulkRequest.json"), f.srv.RecordCount(f.app))
	}
}

func TestTxConflictAtCommitWritesNothing(t *testing.T) {
	f := newWfix(t)
	ids := f.insertTitles(t, 2, 1).IDs()
	sub := f.seedLines(t)
	ctx := context.Background()
	tx := NewTx()
	if _, err := tx.Exec(ctx, f.env(), &Insert{Table: f.t, Columns: wcols(t, f.t, "Title"), Values: [][]engine.Expr{lits("new")}}); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, f.env(), &Update{Table: f.t, Set: wcols(t, f.t, "Amount"), Read: plusOne(t, f, "c1"), UsesOld: true}); err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, f.env(), &Delete{Table: f.sub, Read: rowsWhereItem(t, f, "pen")}); err != nil {
		t.Fatal(err)
	}
	// Someone else edits the subtable's record before Commit.
	if _, err := f.c.UpdateRecord(ctx, f.app, client.RecordUpdate{ID: sub, Record: client.Record{"title": {Value: []byte(`"edited"`)}}}); err != nil {
		t.Fatal(err)
	}
	err := tx.Commit(ctx, f.env())
	if !errors.Is(err, ErrConflict) {
		t.Fatalf("Commit: %v, want ErrConflict", err)
	}
	if f.srv.RecordCount(f.app) != 3 || f.field(t, ids[0], "amount") != "1" || len(f.lines(t, sub)) != 2 {
		t.Error("a failed commit wrote something")
	}
}

func TestTxSameRecordTwice(t *testing.T) {
	f := newWfix(t)
	ids := f.insertTitles(t, 1, 1).IDs()
	ctx := context.Background()
	tx := NewTx()
	for _, v := range []string{"first", "second"} {
		if _, err := tx.Exec(ctx, f.env(), &Update{Table: f.t, Set: wcols(t, f.t, "Title"), Read: plusOneTitle(t, f),
			Direct: &Direct{IDs: ids, Values: lits(v)}}); err != nil {
			t.Fatal(err)
		}
	}
	// Computing from the old value would ignore the pending change.
	if _, err := tx.Exec(ctx, f.env(), &Update{Table: f.t, Set: wcols(t, f.t, "Amount"), Read: plusOne(t, f, ""), UsesOld: true}); err == nil {
		t.Error("an UPDATE from old values of a record changed in the transaction was accepted")
	}
	if _, err := tx.Exec(ctx, f.env(), &Insert{Table: f.sub, Columns: wcols(t, f.sub, "$id", "Item"), Values: [][]engine.Expr{lits(ids[0], "x")}}); err == nil {
		t.Error("a subtable rewrite of a record changed in the transaction was accepted")
	}
	if err := tx.Commit(ctx, f.env()); err != nil {
		t.Fatal(err)
	}
	if f.field(t, ids[0], "title") != "second" {
		t.Errorf("title %v", f.field(t, ids[0], "title"))
	}
}
