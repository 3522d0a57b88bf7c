package translate

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kintone-sql/kintone/engine"
	kt "github.com/kintone-sql/kintone/kintonetest"
)

// cursorOpts is the driver's default paging (UseCursor) with the assumed
// rows untrusted, the default.
var cursorOpts = Options{UseCursor: true}

// emptiesLast returns the plan's EmptiesLast operator, or nil.
func emptiesLast(n engine.Node) *engine.EmptiesLast {
	if e, ok := n.(*engine.EmptiesLast); ok {
		return e
	}
	for _, c := range n.Explain().Children {
		if e := emptiesLast(c); e != nil {
			return e
		}
	}
	return nil
}

// descHeldQueries are ORDER BY f DESC queries over the all-types app
// (nullable NUMBER, CALC, DATE, TIME, DATETIME with ties and empties)
// that take the held-empties plan.
var descHeldQueries = []string{
	"select $id, num, txt from " + allTypesApp + " order by num desc",
	"select $id, num from " + allTypesApp + " order by num desc limit 5",
	"select $id, num from " + allTypesApp + " order by num desc limit 10 offset 45",
	"select $id, num from " + allTypesApp + " order by num desc limit 100 offset 2",
	"select $id, num, txt from " + allTypesApp + " order by num desc, txt limit 30",
	"select $id, num, txt from " + allTypesApp + " order by num desc, txt desc, $id desc",
	"select $id, num, 作成日時 from " + allTypesApp + " order by num desc, 作成日時 desc limit 20",
	"select $id, calc, d from " + allTypesApp + " order by calc desc, d limit 40",
	"select $id, d, t from " + allTypesApp + " order by d desc, t desc limit 25 offset 3",
	"select $id, dt from " + allTypesApp + " order by dt desc limit 12",
	"select $id, t, num from " + allTypesApp + " order by t desc, num",
	"select $id, num, txt from " + allTypesApp + " where txt like '%a%' order by num desc limit 4",
	"select $id, num from " + allTypesApp + " where num < 5 order by num desc limit 10",
	"select num * 2 as x, $id from " + allTypesApp + " order by num desc, x limit 10",
	"select num as n, $id from " + allTypesApp + " order by n desc limit 8 offset 50",
	"select $id, num from " + allTypesApp + " order by 2 desc, 1 desc limit 8",
}

// TestDescHeldMatchesClientSort runs every query on the faithful emulator
// and on emulators that put empty values elsewhere (first when
// descending, among the values as 0): the answer equals a client-side
// sort of the same rows, row for row, ties and NULLs included.
func TestDescHeldMatchesClientSort(t *testing.T) {
	seed := func(srv *kt.Server) { seedAllTypes(t, srv, 60) }
	servers := map[string]*fixture{
		"faithful":       newFixture(t, seed),
		"empties last":   newFixture(t, seed, kt.WithDeviations(kt.Deviations{EmptySortsLast: true})),
		"empties as 0":   newFixture(t, seed, kt.WithDeviations(kt.Deviations{EmptyNumberSortsAsZero: true})),
		"all deviations": newFixture(t, seed, kt.WithDeviations(kt.Deviations{EmptyNumberSortsAsZero: true, EmptySortsLast: true, EmptyNumberAsZero: true, EmptyDateFirst: true})),
		"no cursor API":  newFixture(t, seed, kt.WithDeviations(kt.Deviations{EmptySortsLast: true, NoCursorAPI: true})),
	}
	for _, sql := range descHeldQueries {
		for name, f := range servers {
			n := f.plan(sql, cursorOpts)
			require.NotNil(t, emptiesLast(n), "%s: no empties-last step", sql)
			assert.False(t, shapeOf(n).sort, "%s: still a full client-side sort", sql)
			want := f.query(sql, Options{NoPushdown: true})
			assert.Equal(t, rowTexts(want), rowTexts(f.query(sql, cursorOpts)), "%s on the %s emulator", sql, name)
		}
	}
	// The deviations do show: trusting the assumed row there is wrong.
	sql := "select $id, num from " + allTypesApp + " order by num desc limit 10 offset 45"
	f := servers["empties last"]
	assert.NotEqual(t, rowTexts(f.query(sql, Options{NoPushdown: true})),
		rowTexts(f.query(sql, Options{UseCursor: true, TrustAssumedPushdown: true})), "the deviation does not show")
}

// TestDescHeldPlanScope checks where the plan applies: a descending first
// key kintone orders by value, on a single app table, read by cursor.
// Everything else keeps its plan.
func TestDescHeldPlanScope(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedAllTypes(t, srv, 20) })
	n := f.plan("select $id, num from "+allTypesApp+" order by num desc, txt limit 5", cursorOpts)
	e := emptiesLast(n)
	require.NotNil(t, e)
	assert.True(t, e.SortRuns, "txt is not pushed: runs are sorted")
	s := shapeOf(n)
	require.NotNil(t, s.scan)
	assert.Equal(t, engine.PagingCursor, s.scan.Paging)
	assert.True(t, s.limit, "the limit stays client-side")
	assert.Equal(t, engine.NoLimit, s.scan.Limit)
	text := fmt.Sprint(f.query("explain select $id, num from "+allTypesApp+" order by num desc, txt limit 5", cursorOpts))
	assert.Contains(t, text, "order by num desc, $id asc")
	assert.Contains(t, text, "empties last (client-side)")
	assert.Contains(t, text, "rows with alltypes.num NULL are held and emitted last")

	n = f.plan("select $id from "+allTypesApp+" order by num desc, 作成日時 limit 5", cursorOpts)
	require.NotNil(t, emptiesLast(n))
	assert.False(t, emptiesLast(n).SortRuns, "作成日時 is pushed exactly")
	assert.Len(t, shapeOf(n).scan.OrderBy, 3)

	for _, tc := range []struct{ sql, why string }{
		{"select $id from " + allTypesApp + " order by num limit 5", "ascending: NULLs first"},
		{"select $id from " + allTypesApp + " order by txt desc limit 5", "text collation differs"},
		{"select $id from " + allTypesApp + " order by num + 1 desc limit 5", "an expression"},
		{"select num, count(*) from " + allTypesApp + " group by num order by num desc limit 5", "GROUP BY"},
		{"select distinct num from " + allTypesApp + " order by num desc limit 5", "DISTINCT"},
		{"select a.$id from " + allTypesApp + " a join " + allTypesApp + " b on a.$id = b.$id order by a.num desc limit 5", "a join"},
		{"select $id from " + allTypesApp + "_tbl order by inum desc limit 5", "a subtable table"},
	} {
		assert.Nil(t, emptiesLast(f.plan(tc.sql, cursorOpts)), "%s (%s)", tc.sql, tc.why)
	}
	noCursor := f.plan("select $id from "+allTypesApp+" order by num desc limit 5", Options{})
	assert.Nil(t, emptiesLast(noCursor), "UseCursor=false keeps the client-side sort")
	assert.True(t, shapeOf(noCursor).sort)
	trusted := f.plan("select $id from "+allTypesApp+" order by num desc limit 5", Options{UseCursor: true, TrustAssumedPushdown: true})
	assert.Nil(t, emptiesLast(trusted), "trusted: kintone's order is used as is")
}

// TestDescHeldRequests counts the requests of the most common BI query,
// top 5 by a number, over 3,000 records: a few requests instead of
// reading the app, and the cursor is deleted.
func TestDescHeldRequests(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedDeals(t, srv, 3000) })
	sql := "select $id, num from deals order by num desc limit 5"
	want := f.query(sql, Options{NoPushdown: true})
	f.srv.ResetCounters()
	got := f.query(sql, cursorOpts)
	assert.Equal(t, rowTexts(want), rowTexts(got))
	requests := f.srv.RequestCount(getRecords) + f.srv.RequestCount(postCursor) + f.srv.RequestCount(getCursor) + f.srv.RequestCount(deleteCursor)
	assert.LessOrEqual(t, requests, 4, "requests for the top 5")
	assert.Equal(t, 1, f.srv.RequestCount(deleteCursor), "the cursor is deleted")

	f.srv.ResetCounters()
	f.query(sql, Options{})
	assert.GreaterOrEqual(t, f.srv.RequestCount(getRecords), 6, "the client-side sort reads every record")
}

// TestDescHeldMemory shows the held rows count against MaxRowsInMemory,
// and that a LIMIT met before the empties holds nothing.
func TestDescHeldMemory(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedAllTypes(t, srv, 60) })
	run := func(sql string) ([][]any, error) {
		env := f.env()
		env.MaxRows = 3
		return collect(context.Background(), f.plan(sql, cursorOpts), env)
	}
	rows, err := run("select $id, num from " + allTypesApp + " order by num desc limit 5")
	require.NoError(t, err)
	assert.Len(t, rows, 5)
	_, err = run("select $id, num from " + allTypesApp + " order by num desc")
	require.ErrorIs(t, err, engine.ErrMemoryLimit, "7 empty nums held with MaxRows 3")
	assert.Contains(t, fmt.Sprint(err), "MaxRowsInMemory")
}

// BenchmarkTopNDesc runs ORDER BY num DESC LIMIT 5 over 3,000 records with
// the held-empties plan (cursor) and with the client-side sort it
// replaces (UseCursor=false), reporting requests and records per query.
func BenchmarkTopNDesc(b *testing.B) {
	f := newFixture(b, func(srv *kt.Server) { seedDeals(b, srv, 3000) })
	const sql = "select $id, num from deals order by num desc limit 5"
	for _, bc := range []struct {
		name string
		opts Options
	}{{"held", cursorOpts}, {"client sort", Options{}}} {
		b.Run(bc.name, func(b *testing.B) {
			n := f.plan(sql, bc.opts)
			var requests, records int64
			b.ReportAllocs()
			for range b.N {
				env := f.env()
				if _, err := collect(context.Background(), n, env); err != nil {
					b.Fatal(err)
				}
				requests += env.Stats.Requests.Load()
				records += env.Stats.Records.Load()
			}
			b.ReportMetric(float64(requests)/float64(b.N), "requests/op")
			b.ReportMetric(float64(records)/float64(b.N), "records/op")
		})
	}
}
