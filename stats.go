package kintone

import (
	"context"

	"github.com/kintone-sql/kintone/engine"
)

// Stats counts a statement's kintone work (see WithStats): Requests sent
// for its rows and writes, Records fetched, the totalCount kintone Expected,
// and SchemaRequests, the requests it spent reading app metadata.
type Stats = engine.Stats

// statsKey is the context key of WithStats.
type statsKey struct{}

// WithStats returns a context that makes a query run with it count its
// kintone work into st: requests sent, records fetched, the total count
// kintone reported, and in SchemaRequests the requests spent loading the
// schema (the app list, and the fields and layout of each app the first
// time a statement uses it). The counters grow while the rows are read, so a REPL
// can show progress from another goroutine and the totals after rows.Close:
//
//	var st kintone.Stats
//	rows, err := db.QueryContext(kintone.WithStats(ctx, &st), "SELECT ...")
//	...
//	fmt.Println(st.Requests.Load(), st.Records.Load())
func WithStats(ctx context.Context, st *Stats) context.Context {
	return context.WithValue(ctx, statsKey{}, st)
}

// statsFrom returns the Stats given to WithStats, or nil.
func statsFrom(ctx context.Context) *Stats {
	st, _ := ctx.Value(statsKey{}).(*Stats)
	return st
}
