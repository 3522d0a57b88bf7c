package write

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// commentsTable returns the Comments table of a catalog with the built-in
// tables.
func commentsTable(t *testing.T, f *wfix) *schema.Table {
	t.Helper()
	if _, err := f.cat.Lookup(context.Background(), schema.TableComments); err != nil {
		if err := schema.AddBuiltinTables(f.cat); err != nil {
			t.Fatal(err)
		}
	}
	tab, err := f.cat.Lookup(context.Background(), "Kintone."+schema.TableComments)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

func TestComments(t *testing.T) {
	f := newWfix(t)
	id := f.insertTitles(t, 1, 1).IDs()[0]
	tab := commentsTable(t, f)
	ctx := context.Background()
	ins := &Insert{Table: tab, Columns: wcols(t, tab, "AppId", "RecordId", "Text", "Mentions"), Values: [][]engine.Expr{
		lits(f.app, id, "first", nil),
		lits(f.app, id, "second", `[{"code":"alice","type":"USER"}]`),
	}}
	res, err := Exec(ctx, f.env(), ins)
	if err != nil {
		t.Fatal(err)
	}
	ids := res.IDs()
	if last, _ := res.LastInsertId(); len(ids) != 2 || last != ids[0] || ids[0] == ids[1] {
		t.Fatalf("comment ids %v", ids)
	}
	got, err := f.c.GetComments(ctx, client.GetCommentsRequest{App: f.app, Record: id, Order: "asc"})
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Comments) != 2 || got.Comments[1].Mentions[0].Code != "alice" || !strings.Contains(got.Comments[1].Text, "second") {
		t.Fatalf("comments %+v", got.Comments)
	}

	if _, err := Exec(ctx, f.env(), &DeleteComments{App: f.app, Record: id, IDs: ids[:1]}); err != nil {
		t.Fatal(err)
	}
	got, _ = f.c.GetComments(ctx, client.GetCommentsRequest{App: f.app, Record: id})
	if len(got.Comments) != 1 {
		t.Errorf("%d comments after the delete", len(got.Comments))
	}

	// A failing row reports the comments already added.
	bad := &Insert{Table: tab, Columns: wcols(t, tab, "AppId", "RecordId", "Text"), Values: [][]engine.Expr{
		lits(f.app, id, "ok"), lits(f.app, id+99, "no such record")}}
	_, err = Exec(ctx, f.env(), bad)
	var we *Error
	if !errors.As(err, &we) || we.WrittenRows != 1 || len(we.Written) != 1 || we.Unwritten != "row 2" {
		t.Errorf("error %v", err)
	}

	for _, st := range []Statement{ins, &DeleteComments{App: f.app, Record: id, IDs: ids[1:]}} {
		if _, err := NewTx().Exec(ctx, f.env(), st); err == nil || !strings.Contains(err.Error(), "inside a transaction") {
			t.Errorf("%s in a transaction: %v", st.Name(), err)
		}
	}
	ro := &Insert{Table: tab, Columns: wcols(t, tab, "AppId", "RecordId", "Text", "CreatorCode"), Values: [][]engine.Expr{lits(f.app, id, "x", "bob")}}
	if _, err := Exec(ctx, f.env(), ro); !errors.Is(err, ErrReadOnly) {
		t.Errorf("writing CreatorCode: %v", err)
	}
}
