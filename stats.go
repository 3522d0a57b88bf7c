package kintone

import (
	"context"

	"github.com/kintone-sql/kintone/engine"
)

// statsKey is the context key of WithStats.
type statsKey struct{}

// WithStats returns a context that makes a query run with it count its
// kintone work into st: requests sent, records fetched and the total count
// kintone reported. The counters grow while the rows are read, so a REPL
// can show progress from another goroutine and the totals after rows.Close:
//
//	var st engine.Stats
//	rows, err := db.QueryContext(kintone.WithStats(ctx, &st), "SELECT ...")
//	...
//	fmt.Println(st.Requests.Load(), st.Records.Load())
func WithStats(ctx context.Context, st *engine.Stats) context.Context {
	return context.WithValue(ctx, statsKey{}, st)
}

// statsFrom returns the Stats given to WithStats, or nil.
func statsFrom(ctx context.Context) *engine.Stats {
	st, _ := ctx.Value(statsKey{}).(*engine.Stats)
	return st
}
