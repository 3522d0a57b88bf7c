package write

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kintone-sql/kintone/engine"
)

func TestUpsertByUniqueKey(t *testing.T) {
	f := newWfix(t)
	old := f.insertTitles(t, 2, 1).IDs() // codes c1, c2
	f.srv.ResetCounters()
	rows := [][]engine.Expr{lits("c2", "changed", int64(20)), lits("c9", "new", int64(90))}
	res, err := Exec(context.Background(), f.env(), &Insert{Table: f.t, Columns: wcols(t, f.t, "Code", "Title", "Amount"),
		Values: rows, UpsertKey: wcol(t, f.t, "Code")})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 3 { // 2 for the update, 1 for the insert (MySQL's count)
		t.Errorf("RowsAffected %d, want 3", n)
	}
	ids := res.IDs()
	if ids[0] != old[1] || f.field(t, old[1], "title") != "changed" || f.field(t, old[1], "amount") != "20" {
		t.Errorf("the existing record was not updated: ids %v", ids)
	}
	if f.srv.RecordCount(f.app) != 3 || f.field(t, ids[1], "code") != "c9" {
		t.Errorf("the new record was not inserted")
	}
	if got := f.requests(); got["PUT /k/v1/records.json"] != 1 || len(got) != 1 {
		t.Errorf("requests %v, want one upsert PUT", got)
	}
}

func TestUpsertKeyMustBeUnique(t *testing.T) {
	f := newWfix(t)
	cases := map[string]string{
		"Title":  "does not prohibit duplicate values",
		"Due":    "DATE field",
		"Amount": "does not prohibit duplicate values",
	}
	for name, msg := range cases {
		t.Run(name, func(t *testing.T) {
			f.srv.ResetCounters()
			_, err := Exec(context.Background(), f.env(), &Insert{Table: f.t, Columns: wcols(t, f.t, name, "Note"),
				Values: [][]engine.Expr{lits(nil, "x")}, UpsertKey: wcol(t, f.t, name)})
			if err == nil || !strings.Contains(err.Error(), msg) {
				t.Errorf("error %v, want %q", err, msg)
			}
			if n := f.srv.TotalRequests(); n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
	if got := UpsertKeys(f.t, wcols(t, f.t, "Title", "Code", "$id")); len(got) != 2 || got[0].Name != "Code" {
		t.Errorf("UpsertKeys = %v", got)
	}
}

func TestUpsertByID(t *testing.T) {
	f := newWfix(t)
	id := f.insertTitles(t, 1, 1).IDs()[0]
	res, err := Exec(context.Background(), f.env(), &Insert{Table: f.t, Columns: wcols(t, f.t, "$id", "Title"),
		Values: [][]engine.Expr{lits(id, "same"), lits(id+100, "other")}, UpsertKey: wcol(t, f.t, "$id")})
	if err != nil {
		t.Fatal(err)
	}
	ids := res.IDs()
	if ids[0] != id || f.field(t, id, "title") != "same" || ids[1] == id+100 || f.srv.RecordCount(f.app) != 2 {
		t.Errorf("ids %v", ids)
	}
	if _, err := Exec(context.Background(), f.env(), &Insert{Table: f.t, Columns: wcols(t, f.t, "$id", "Title"),
		Values: [][]engine.Expr{lits(id, "x")}}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("INSERT with $id and no upsert: %v", err)
	}
}
