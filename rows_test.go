package kintone

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"reflect"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
	"github.com/shopspring/decimal"
)

func TestLargeScan(t *testing.T) {
	const n = 12345
	srv := startServer(t)
	numberedApp(t, srv, "Big", n)
	db, _ := openDB(t, srv, serverConfig(srv))
	srv.ResetCounters()

	var st engine.Stats
	rows, err := db.QueryContext(WithStats(context.Background(), &st), "SELECT n FROM Big")
	if err != nil {
		t.Fatal(err)
	}
	var count, sum int64
	for rows.Next() {
		var v int64
		if err := rows.Scan(&v); err != nil {
			t.Fatal(err)
		}
		count++
		sum += v
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	rows.Close()
	if count != n || sum != n*(n+1)/2 {
		t.Fatalf("%d rows summing to %d, want %d summing to %d", count, sum, n, n*(n+1)/2)
	}
	pages := (n + MaxPagesize - 1) / MaxPagesize
	reads := srv.RequestCount("GET /k/v1/records.json") + srv.RequestCount("GET /k/v1/records/cursor.json")
	if reads < pages || reads > pages+2 {
		t.Errorf("%d record reads for %d records, want %d..%d (counts %v)", reads, n, pages, pages+2, srv.RequestCounts())
	}
	// The schema (apps.json, fields, layout) costs a few more requests.
	if total := srv.TotalRequests(); total > pages+6 {
		t.Errorf("%d requests in all, want at most %d (counts %v)", total, pages+6, srv.RequestCounts())
	}
	if got := st.Records.Load(); got != n {
		t.Errorf("Stats.Records = %d, want %d", got, n)
	}
	if got := st.Requests.Load(); got < int64(pages) || got > int64(reads) {
		t.Errorf("Stats.Requests = %d, want %d..%d", got, pages, reads)
	}
}

func TestEarlyCloseDeletesCursor(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Big", 3000)
	cfg := serverConfig(srv)
	cfg.UseCursor = true
	cfg.TrustAssumedPushdown = true // ORDER BY a NUMBER is pushed only when trusted (docs/pushdown.md)
	cfg.Pagesize = 100
	db, _ := openDB(t, srv, cfg)
	queryStrings(t, db, "SELECT n FROM Big WHERE n < 0")
	srv.ResetCounters()

	rows, err := db.Query("SELECT n FROM Big ORDER BY n DESC")
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 5 && rows.Next(); i++ {
	}
	if err := rows.Close(); err != nil {
		t.Fatal(err)
	}
	if n := srv.RequestCount("POST /k/v1/records/cursor.json"); n != 1 {
		t.Fatalf("%d cursors created, want 1 (ORDER BY a NUMBER field; counts %v)", n, srv.RequestCounts())
	}
	if n := srv.RequestCount("DELETE /k/v1/records/cursor.json"); n != 1 {
		t.Errorf("%d cursor deletions after an early Close, want 1 (counts %v)", n, srv.RequestCounts())
	}
	if n := srv.RequestCount("GET /k/v1/records/cursor.json"); n > 3 {
		t.Errorf("%d cursor pages read for 5 rows of 30 pages", n)
	}
}

func TestCancelMidScan(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Big", 2000)
	cfg := serverConfig(srv)
	cfg.Pagesize = 100
	db, _ := openDB(t, srv, cfg)
	queryStrings(t, db, "SELECT n FROM Big WHERE n < 0")

	const latency = 2 * time.Second
	srv.SetLatency(latency)
	defer srv.SetLatency(0)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rows, err := db.QueryContext(ctx, "SELECT n FROM Big")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	if !rows.Next() {
		t.Fatalf("no first row: %v", rows.Err())
	}
	start := time.Now()
	cancel()
	for rows.Next() {
	}
	elapsed := time.Since(start)
	if !errors.Is(rows.Err(), context.Canceled) {
		t.Errorf("rows.Err() = %v, want context.Canceled", rows.Err())
	}
	if elapsed > latency/2 {
		t.Errorf("the scan took %v to stop after cancel (latency %v)", elapsed, latency)
	}
}

// sliceIterator is an engine.Iterator over fixed rows.
type sliceIterator struct {
	rows   []engine.Row
	closed int
}

func (s *sliceIterator) Next() (engine.Row, error) {
	if len(s.rows) == 0 {
		return nil, io.EOF
	}
	r := s.rows[0]
	s.rows = s.rows[1:]
	return r, nil
}

func (s *sliceIterator) Close() error { s.closed++; return nil }

func TestRowsConvertsValues(t *testing.T) {
	jst := time.FixedZone("JST", 9*3600)
	at := time.Date(2024, 3, 5, 19, 20, 0, 0, jst)
	buf := []byte("raw")
	cols := []engine.Column{
		{Name: "d", Type: schema.TypeDecimal, Nullable: true},
		{Name: "i", Type: schema.TypeBigInt},
		{Name: "f", Type: schema.TypeDouble, Nullable: true},
		{Name: "s", Type: schema.TypeText, Nullable: true},
		{Name: "b", Type: schema.TypeBool, Nullable: true},
		{Name: "t", Type: schema.TypeDateTime, Nullable: true},
		{Name: "raw", Type: schema.TypeUnknown, Nullable: true},
		{Name: "null", Type: schema.TypeText, Nullable: true},
	}
	it := &sliceIterator{rows: []engine.Row{{
		decimal.RequireFromString("-0.000000000000000000123"), int64(7), 1.5, "x", true, at, buf, nil,
	}}}
	r := newRows(cols, it)
	dest := make([]driver.Value, len(cols))
	if err := r.Next(dest); err != nil {
		t.Fatal(err)
	}
	want := []driver.Value{"-0.000000000000000000123", int64(7), 1.5, "x", true, at.UTC(), []byte("raw"), nil}
	if !reflect.DeepEqual(dest, want) {
		t.Errorf("Next = %#v, want %#v", dest, want)
	}
	if dest[5].(time.Time).Location() != time.UTC {
		t.Errorf("time not in UTC")
	}
	buf[0] = 'X'
	if string(dest[6].([]byte)) != "raw" {
		t.Errorf("[]byte shares the iterator's buffer")
	}
	if err := r.Next(dest); err != io.EOF {
		t.Errorf("Next after the last row = %v, want io.EOF", err)
	}
	if got := r.ColumnTypeScanType(6); got != reflect.TypeFor[any]() {
		t.Errorf("scan type of an untyped column = %v, want any", got)
	}
	if got := r.ColumnTypeDatabaseTypeName(0); got != "DECIMAL" {
		t.Errorf("DatabaseTypeName = %q", got)
	}
	if nullable, ok := r.ColumnTypeNullable(1); nullable || !ok {
		t.Errorf("Nullable of a NOT NULL column = %v, %v", nullable, ok)
	}
	r.Close()
	r.Close()
	if it.closed != 1 {
		t.Errorf("iterator closed %d times, want 1", it.closed)
	}

	bad := newRows([]engine.Column{{Name: "x"}}, &sliceIterator{rows: []engine.Row{{struct{}{}}}})
	if err := bad.Next(make([]driver.Value, 1)); err == nil {
		t.Errorf("an unexpected value type was accepted")
	}
}
