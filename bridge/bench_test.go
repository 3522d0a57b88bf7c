package bridge

import (
	"database/sql"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/internal/sqlrows"
	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/stretchr/testify/require"
)

// streamRecords is the size of the streaming benchmark's app.
const streamRecords = 100_000

// BenchmarkStream100k scans a 100,000-record app with SELECT * through the
// driver and through the bridge (go-sql-driver/mysql over loopback). ns/op
// compares their times; peak-heap-MB is the largest growth of the
// process's live heap over its idle level while the scan runs (emulator,
// driver, bridge and client share the process, so the driver's own figure
// is the baseline the bridge adds to).
//
//	go test ./bridge/ -run '^$' -bench Stream100k -benchtime 3x
func BenchmarkStream100k(b *testing.B) {
	emu := kintonetest.NewServer()
	b.Cleanup(emu.Close)
	bigApp(b, emu, streamRecords)
	f := startBridge(b, emu)
	client := f.client(b, "")
	for _, c := range []struct {
		name string
		db   *sql.DB
	}{{"driver", f.kintone}, {"bridge", client}} {
		b.Run(c.name, func(b *testing.B) {
			require.Equal(b, streamRecords, scanAll(b, c.db)) // warm the schema cache and pools
			runtime.GC()
			idle := heapLive()
			peak, stop := sampleHeap()
			b.ResetTimer()
			for range b.N {
				require.Equal(b, streamRecords, scanAll(b, c.db))
			}
			b.StopTimer()
			stop()
			b.ReportMetric(float64(peak.Load()-int64(idle))/1e6, "peak-heap-MB")
		})
	}
}

// scanAll reads every row of SELECT * FROM Big and returns the count.
func scanAll(b *testing.B, db *sql.DB) int {
	rows, err := db.Query("SELECT * FROM Big")
	require.NoError(b, err)
	defer rows.Close()
	n, err := sqlrows.Drain(rows)
	require.NoError(b, err)
	return n
}

// heapLive is the heap in use now.
func heapLive() uint64 {
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// sampleHeap records the largest heapLive every 20ms until stop is called.
func sampleHeap() (*atomic.Int64, func()) {
	var peak atomic.Int64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(20 * time.Millisecond)
		defer t.Stop()
		for {
			if h := int64(heapLive()); h > peak.Load() {
				peak.Store(h)
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return &peak, func() { close(done); wg.Wait() }
}
