package translate

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	kt "github.com/kintone-sql/kintone/kintonetest"
)

// Benchmarks of the client-side engine over the emulator (real HTTP, JSON
// decoding included). Seeding runs before the timer. Reported: records/s
// (records read from kintone per second) and peak-MB, the highest heap in
// use above the level before the run (sampled every 10 ms; the emulator
// runs in the same process, so its response buffers count too).

// peakHeap samples the heap until stop is called and returns the peak
// above the starting level, in MB.
func peakHeap() (stop func() float64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	peak := base
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(10 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				peak = max(peak, m.HeapAlloc)
			}
		}
	}()
	return func() float64 {
		close(done)
		wg.Wait()
		return float64(peak-base) / (1 << 20)
	}
}

// seedEvents creates "events" with n records: kind (10 choices), amount
// (a decimal), day (a date over four years).
func seedEvents(b *testing.B, srv *kt.Server, n int) {
	kinds := make([]string, 10)
	for i := range kinds {
		kinds[i] = fmt.Sprintf("種別%d", i)
	}
	id, err := srv.CreateApp(kt.AppSpec{Name: "events", Fields: []*kt.Field{
		{Type: kt.TypeDropDown, Code: "kind", Label: "Kind", Options: kinds},
		{Type: kt.TypeNumber, Code: "amount", Label: "Amount"},
		{Type: kt.TypeDate, Code: "day", Label: "Day"},
		{Type: kt.TypeNumber, Code: "cust", Label: "Customer"},
	}})
	if err != nil {
		b.Fatal(err)
	}
	day0 := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	recs := make([]map[string]any, n)
	for i := range recs {
		recs[i] = map[string]any{
			"kind":   kinds[i%len(kinds)],
			"amount": fmt.Sprintf("%d.%02d", i%10000, i%100),
			"day":    day0.AddDate(0, 0, i%1460).Format("2006-01-02"),
			"cust":   fmt.Sprint(1 + i%2000),
		}
	}
	if _, err := srv.AddRecords(id, recs); err != nil {
		b.Fatal(err)
	}
}

// benchQuery runs sql b.N times and reports records/s and peak-MB.
func benchQuery(b *testing.B, f *fixture, sql string, wantRows int) {
	ctx := context.Background()
	n := f.plan(sql, Options{})
	var records int64
	stop := peakHeap()
	for b.Loop() {
		env := f.env()
		rows, err := collect(ctx, n, env)
		if err != nil {
			b.Fatal(err)
		}
		if len(rows) != wantRows {
			b.Fatalf("%d rows, want %d", len(rows), wantRows)
		}
		records += env.Stats.Records.Load()
	}
	peak := stop()
	b.ReportMetric(float64(records)/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(peak, "peak-MB")
}

// BenchmarkGroupBy100k groups 100,000 records by two keys with four
// aggregates (40 groups).
func BenchmarkGroupBy100k(b *testing.B) {
	f := newFixture(b, func(srv *kt.Server) { seedEvents(b, srv, 100_000) })
	benchQuery(b, f, "select kind, year(day), count(*), sum(amount), avg(amount), max(day) from events group by kind, year(day)", 40)
}

// BenchmarkJoin joins 100,000 events with 2,000 customers (a hash join
// holding the customers) and groups the result by region.
func BenchmarkJoin(b *testing.B) {
	f := newFixture(b, func(srv *kt.Server) {
		seedEvents(b, srv, 100_000)
		id, err := srv.CreateApp(kt.AppSpec{Name: "customers", Fields: []*kt.Field{
			{Type: kt.TypeSingleLineText, Code: "name", Label: "Name"},
			{Type: kt.TypeDropDown, Code: "region", Label: "Region", Options: []string{"東京", "大阪", "名古屋", "福岡"}},
		}})
		if err != nil {
			b.Fatal(err)
		}
		recs := make([]map[string]any, 2000)
		for i := range recs {
			recs[i] = map[string]any{"name": fmt.Sprintf("顧客%d", i+1), "region": []string{"東京", "大阪", "名古屋", "福岡"}[i%4]}
		}
		if _, err := srv.AddRecords(id, recs); err != nil {
			b.Fatal(err)
		}
	})
	benchQuery(b, f, "select c.region, count(*), sum(e.amount) from events e join customers c on e.cust = c.$id group by c.region", 4)
}
