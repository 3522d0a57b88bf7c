package kintone

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/kintonetest"
)

// TestParallelScanInOrderWithinBudget reads 20,000 records with 8 pages in
// flight through a server adding latency: rows come in $id order, the
// requests stay within ⌈N/500⌉ + workers + 3, and the scan opens at most
// workers + 2 TCP connections.
func TestParallelScanInOrderWithinBudget(t *testing.T) {
	const n, workers = faultRows, 8
	srv := kintonetest.NewServer(kintonetest.WithLatency(20 * time.Millisecond))
	t.Cleanup(srv.Close)
	numberedApp(t, srv, "Items", n)
	cfg := serverConfig(srv)
	cfg.MaxConcurrency = workers
	db, _ := openDB(t, srv, cfg)
	queryStrings(t, db, "SELECT n FROM Items LIMIT 1") // schema loaded
	srv.ResetCounters()
	srv.ResetConnections()
	before := srv.OpenConnections()

	for _, q := range []string{"SELECT n FROM Items", "SELECT n FROM Items ORDER BY $id"} {
		var st engine.Stats
		rows, err := db.QueryContext(WithStats(context.Background(), &st), q)
		require.NoError(t, err)
		want := int64(1)
		for rows.Next() {
			var v int64
			require.NoError(t, rows.Scan(&v))
			require.Equal(t, want, v, "%s: rows out of $id order", q)
			want++
		}
		require.NoError(t, rows.Err())
		require.NoError(t, rows.Close())
		assert.Equal(t, int64(n+1), want, q)
		assert.LessOrEqual(t, st.Requests.Load(), int64((n+499)/500+workers+3), "%s: requests", q)
	}
	assert.LessOrEqual(t, srv.Connections(), int64(workers+2)-before, "TCP connections opened by two scans")
}

// TestParallelScanSeesChanges: a record deleted while a parallel scan runs
// makes the scan fail (or, if the deletion came before its range was read,
// the count check fail) instead of returning a silently different result.
func TestParallelScanSeesChanges(t *testing.T) {
	srv := kintonetest.NewServer(kintonetest.WithLatency(30 * time.Millisecond))
	t.Cleanup(srv.Close)
	numberedApp(t, srv, "Items", 5000)
	db, _ := openDB(t, srv, serverConfig(srv))
	queryStrings(t, db, "SELECT n FROM Items LIMIT 1")
	rows, err := db.Query("SELECT n FROM Items")
	require.NoError(t, err)
	defer rows.Close()
	require.True(t, rows.Next())
	_, err = db.Exec("DELETE FROM Items WHERE n = 4000")
	require.NoError(t, err)
	count := 1
	for rows.Next() {
		count++
	}
	if rows.Err() == nil {
		assert.Equal(t, 5000, count, "a scan without an error must hold every record counted at its start")
	} else {
		assert.True(t, strings.Contains(rows.Err().Error(), "changed during the scan"), rows.Err().Error())
	}
}

func TestMaxConcurrencyProperty(t *testing.T) {
	c, err := ParseDSN("URL=https://example.cybozu.com;User=u;Password=p;MaxConcurrency=32")
	require.NoError(t, err)
	assert.Equal(t, 32, c.MaxConcurrency)
	assert.Equal(t, DefaultMaxConcurrency, NewConfig().MaxConcurrency)
	for _, bad := range []string{"0", "101", "many"} {
		_, err := ParseDSN("URL=https://example.cybozu.com;User=u;Password=p;MaxConcurrency=" + bad)
		require.ErrorContains(t, err, "MaxConcurrency must be an integer from 1 to 100")
	}
}

func TestExplainShowsPartitioning(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 10)
	db, _ := openDB(t, srv, serverConfig(srv))
	var text strings.Builder
	for _, row := range queryStrings(t, db, "EXPLAIN SELECT n FROM Items") {
		text.WriteString(strings.Join(row, " ") + "\n")
	}
	assert.Contains(t, text.String(), "parallel: after a full first page")
	text.Reset()
	for _, row := range queryStrings(t, db, "EXPLAIN SELECT n FROM Items LIMIT 2") {
		text.WriteString(strings.Join(row, " ") + "\n")
	}
	assert.NotContains(t, text.String(), "parallel", "a pushed limit reads sequentially")
}
