package translate

import (
	"context"
	"errors"
	"io"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/schema"
)

// fixture is an emulator with seeded apps, a client and a catalog.
type fixture struct {
	t      testing.TB
	srv    *kintonetest.Server
	client *client.Client
	cat    *schema.Catalog
}

// testNow is the fixed statement clock of the tests.
var testNow = time.Date(2024, 5, 15, 3, 4, 5, 0, time.UTC)

// newFixture starts an emulator, runs seed on it, and loads the catalog
// with field codes as column names; extra options configure the emulator.
func newFixture(t testing.TB, seed func(srv *kintonetest.Server), extra ...kintonetest.Option) *fixture {
	t.Helper()
	srv := kintonetest.NewServer(append([]kintonetest.Option{kintonetest.WithClock(func() time.Time { return testNow })}, extra...)...)
	t.Cleanup(srv.Close)
	seed(srv)
	c, err := client.New(client.Options{BaseURL: srv.URL, User: kintonetest.DefaultUser, Password: kintonetest.DefaultPassword})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := schema.Load(context.Background(), c, schema.Options{UseCodeForFieldName: true})
	if err != nil {
		t.Fatal(err)
	}
	srv.ResetCounters()
	return &fixture{t: t, srv: srv, client: c, cat: cat}
}

// env returns a run-time environment.
func (f *fixture) env() *engine.Env {
	return &engine.Env{Client: f.client, Now: testNow, PageSize: 500, Stats: &engine.Stats{}}
}

// plan plans sql or fails the test.
func (f *fixture) plan(sql string, opts Options, args ...any) engine.Node {
	f.t.Helper()
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	n, err := PlanContext(context.Background(), f.cat, sql, args, opts)
	if err != nil {
		f.t.Fatalf("Plan(%q): %v", sql, err)
	}
	return n
}

// query plans and runs sql and returns every row (copied).
func (f *fixture) query(sql string, opts Options, args ...any) [][]any {
	f.t.Helper()
	rows, err := f.tryQuery(sql, opts, args...)
	if err != nil {
		f.t.Fatalf("query %q: %v", sql, err)
	}
	return rows
}

// tryQuery plans and runs sql and returns every row or the first error.
func (f *fixture) tryQuery(sql string, opts Options, args ...any) ([][]any, error) {
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	n, err := PlanContext(context.Background(), f.cat, sql, args, opts)
	if err != nil {
		return nil, err
	}
	return collect(context.Background(), n, f.env())
}

// collect opens n and reads every row.
func collect(ctx context.Context, n engine.Node, env *engine.Env) ([][]any, error) {
	it, err := n.Open(ctx, env)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out [][]any
	for {
		row, err := it.Next()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		out = append(out, append([]any(nil), row...))
	}
}
