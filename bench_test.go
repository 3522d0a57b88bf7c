package kintone

import (
	"context"
	"database/sql"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/kintonetest"
)

// BenchmarkScan100k reads 100,000 records (a NUMBER and a text field) from
// the emulator over loopback HTTP with the default Pagesize of 500, and
// reports records per second and requests per scan. The emulator is seeded
// once, outside the timed loop.
func BenchmarkScan100k(b *testing.B) {
	const n = 100_000
	srv := kintonetest.NewServer()
	defer srv.Close()
	numberedApp(b, srv, "Big", n)
	c, err := NewConnector(serverConfig(srv))
	if err != nil {
		b.Fatal(err)
	}
	db := sql.OpenDB(c)
	defer db.Close()
	scan := func(st *engine.Stats) int {
		rows, err := db.QueryContext(WithStats(context.Background(), st), "SELECT n, label FROM Big")
		if err != nil {
			b.Fatal(err)
		}
		defer rows.Close()
		count := 0
		var (
			v     int64
			label string
		)
		for rows.Next() {
			if err := rows.Scan(&v, &label); err != nil {
				b.Fatal(err)
			}
			count++
		}
		if err := rows.Err(); err != nil {
			b.Fatal(err)
		}
		return count
	}
	scan(new(engine.Stats)) // loads the schema and warms the connections

	b.ResetTimer()
	start := time.Now()
	var requests int64
	for range b.N {
		var st engine.Stats
		if got := scan(&st); got != n {
			b.Fatalf("scanned %d records, want %d", got, n)
		}
		requests += st.Requests.Load()
	}
	elapsed := time.Since(start)
	b.ReportMetric(float64(n)*float64(b.N)/elapsed.Seconds(), "records/s")
	b.ReportMetric(float64(requests)/float64(b.N), "requests/scan")
}
