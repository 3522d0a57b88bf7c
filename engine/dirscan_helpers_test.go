package engine

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/schema"
)

// builtinFixture is an emulator, a password client and a catalog with the
// built-in tables.
type builtinFixture struct {
	srv *kintonetest.Server
	c   *client.Client
	cat *schema.Catalog
}

// newBuiltinFixture starts an emulator; seed runs before the catalog is
// loaded, and the request counters are reset afterwards.
func newBuiltinFixture(t *testing.T, seed func(srv *kintonetest.Server)) *builtinFixture {
	t.Helper()
	srv := kintonetest.NewServer()
	t.Cleanup(srv.Close)
	if seed != nil {
		seed(srv)
	}
	c, err := client.New(client.Options{BaseURL: srv.URL, User: kintonetest.DefaultUser, Password: kintonetest.DefaultPassword})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := schema.Load(context.Background(), c, schema.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := schema.AddBuiltinTables(cat); err != nil {
		t.Fatal(err)
	}
	srv.ResetCounters()
	return &builtinFixture{srv: srv, c: c, cat: cat}
}

// table looks a table up by (qualified) name.
func (f *builtinFixture) table(t *testing.T, name string) *schema.Table {
	t.Helper()
	tab, err := f.cat.Lookup(context.Background(), name)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// env returns a fresh environment with statistics.
func (f *builtinFixture) env() *Env { return &Env{Client: f.c, Stats: &Stats{}} }

// biMust is a test's fatal check on err.
func biMust(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// biRead opens n and reads every row (copied).
func biRead(t *testing.T, n Node, env *Env) ([]Row, error) {
	t.Helper()
	it, err := n.Open(context.Background(), env)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var rows []Row
	for {
		r, err := it.Next()
		if errors.Is(err, io.EOF) {
			return rows, nil
		}
		if err != nil {
			return rows, err
		}
		rows = append(rows, append(Row(nil), r...))
	}
}

// biRow maps a row's values by output column name.
func biRow(cols []Column, r Row) map[string]Value {
	m := map[string]Value{}
	for i, c := range cols {
		m[c.Name] = r[i]
	}
	return m
}

// biColumn returns the values of one output column.
func biColumn(cols []Column, rows []Row, name string) []Value {
	var out []Value
	for _, r := range rows {
		out = append(out, biRow(cols, r)[name])
	}
	return out
}
