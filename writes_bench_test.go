package kintone

import (
	"context"
	"database/sql"
	"strings"
	"testing"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/kintonetest"
)

// benchRows is the size of the write benchmarks.
const benchRows = 10_000

// benchDB opens a database on a fresh emulator with the empty app Big
// (NUMBER n, text label).
func benchDB(b *testing.B) (*kintonetest.Server, *sql.DB) {
	srv := startServer(b)
	numberedApp(b, srv, "Big", 0)
	db, _ := openDB(b, srv, serverConfig(srv))
	return srv, db
}

// insertBig inserts benchRows rows with one parameterized statement.
func insertBig(b *testing.B, db *sql.DB, st *engine.Stats) {
	var q strings.Builder
	q.WriteString("INSERT INTO Big (n, label) VALUES ")
	args := make([]any, 0, 2*benchRows)
	for i := range benchRows {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(?, ?)")
		args = append(args, i, "row")
	}
	res, err := db.ExecContext(WithStats(context.Background(), st), q.String(), args...)
	if err != nil {
		b.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != benchRows {
		b.Fatalf("%d rows inserted", n)
	}
}

// BenchmarkInsert10k inserts 10,000 records with one INSERT statement (5
// bulkRequests of 2,000 records) into the emulator over loopback HTTP, and
// reports rows per second and requests per statement.
func BenchmarkInsert10k(b *testing.B) {
	var reqs int64
	for b.Loop() {
		b.StopTimer()
		srv, db := benchDB(b)
		b.StartTimer()
		var st engine.Stats
		insertBig(b, db, &st)
		reqs = st.Requests.Load()
		b.StopTimer()
		db.Close()
		srv.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(reqs), "requests/op")
}

// BenchmarkUpdate10k updates 10,000 records with one UPDATE computing from
// the old value (a read of 20 pages, then 5 bulkRequests carrying the
// revisions read), and reports rows per second and requests per statement.
func BenchmarkUpdate10k(b *testing.B) {
	srv, db := benchDB(b)
	defer srv.Close()
	insertBig(b, db, &engine.Stats{})
	var reqs int64
	for b.Loop() {
		var st engine.Stats
		res, err := db.ExecContext(WithStats(context.Background(), &st), "UPDATE Big SET n = n + 1, label = 'updated' WHERE n >= 0")
		if err != nil {
			b.Fatal(err)
		}
		if n, _ := res.RowsAffected(); n != benchRows {
			b.Fatalf("%d rows updated", n)
		}
		reqs = st.Requests.Load()
	}
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(reqs), "requests/op")
}
