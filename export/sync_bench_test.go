package export_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/export"
	kt "github.com/kintone-sql/kintone/kintonetest"
	"github.com/stretchr/testify/require"
)

// seedSpread creates app name with n records updated one minute apart
// over the past, as in an app used for a while (a sync re-reads only the
// records of its watermark's minute).
func seedSpread(b testing.TB, srv *kt.Server, name string, n int) int64 {
	app, err := srv.CreateApp(kt.AppSpec{Name: name, Fields: []*kt.Field{
		{Type: kt.TypeNumber, Code: "n", Label: "n"},
		{Type: kt.TypeSingleLineText, Code: "label", Label: "label"},
	}})
	require.NoError(b, err)
	first := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	recs := make([]map[string]any, n)
	for i := range recs {
		at := first.Add(time.Duration(i) * time.Minute).Format(time.RFC3339)
		recs[i] = map[string]any{"n": strconv.Itoa(i + 1), "label": "r" + strconv.Itoa(i+1), "作成日時": at, "更新日時": at}
	}
	_, err = srv.AddRecords(app, recs)
	require.NoError(b, err)
	return app
}

// BenchmarkSecondSync measures a sync after 1% of an app's records changed
// (SYNC_BENCH_RECORDS records, default 100000, behind a 50 ms latency):
// requests and time of the second run, against the first (full) run.
func BenchmarkSecondSync(b *testing.B) {
	n := 100_000
	if v := os.Getenv("SYNC_BENCH_RECORDS"); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		require.NoError(b, err)
	}
	clock := &testClock{now: time.Date(2025, 6, 1, 9, 0, 0, 0, time.UTC)}
	srv := kt.NewServer(kt.WithClock(clock.Now))
	b.Cleanup(srv.Close)
	seedSpread(b, srv, "bench", n)
	conn, db := openDriver(b, srv)
	srv.SetLatency(50 * time.Millisecond)
	for range b.N {
		b.StopTimer()
		dir := b.TempDir()
		job := export.SyncJob{DB: db, Connector: conn, Apps: []string{"bench"}, SQLite: filepath.Join(dir, "copy.sqlite")}
		srv.ResetCounters()
		start := time.Now()
		_, err := export.Sync(context.Background(), job)
		require.NoError(b, err)
		b.ReportMetric(time.Since(start).Seconds(), "first-s")
		b.ReportMetric(float64(srv.TotalRequests()), "first-requests")

		clock.Set(clock.Now().Add(time.Hour))
		srv.SetLatency(0)
		_, err = db.Exec("UPDATE bench SET label = 'changed' WHERE n <= ?", n/100)
		require.NoError(b, err)
		srv.SetLatency(50 * time.Millisecond)
		srv.ResetCounters()
		b.StartTimer()
		start = time.Now()
		reps, err := export.Sync(context.Background(), job)
		b.StopTimer()
		require.NoError(b, err)
		require.EqualValues(b, n/100, reps[0].Updated)
		b.ReportMetric(time.Since(start).Seconds(), "second-s")
		b.ReportMetric(float64(srv.TotalRequests()), "second-requests")
		b.ReportMetric(float64(reps[0].Fetched), "second-fetched")
	}
}
