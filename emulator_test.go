package kintone

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/kintonetest"
)

// startServer starts an emulator that stops when the test ends.
func startServer(t testing.TB, opts ...kintonetest.Option) *kintonetest.Server {
	t.Helper()
	srv := kintonetest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// serverConfig is a Config for srv with the default administrator.
func serverConfig(srv *kintonetest.Server) *Config {
	cfg := NewConfig()
	cfg.URL = srv.URL
	cfg.User = kintonetest.DefaultUser
	cfg.Password = kintonetest.DefaultPassword
	return cfg
}

// openDB opens a database on cfg that closes when the test ends; a TLS
// emulator's certificate is trusted through WithHTTPClient.
func openDB(t testing.TB, srv *kintonetest.Server, cfg *Config, opts ...ConnectorOption) (*sql.DB, *Connector) {
	t.Helper()
	if srv.Certificate() != nil {
		opts = append([]ConnectorOption{WithHTTPClient(srv.Client())}, opts...)
	}
	c, err := NewConnector(cfg, opts...)
	if err != nil {
		t.Fatalf("NewConnector: %v", err)
	}
	db := sql.OpenDB(c)
	t.Cleanup(func() { db.Close() })
	return db, c
}

// createApp creates an app and fails the test on error.
func createApp(t testing.TB, srv *kintonetest.Server, spec kintonetest.AppSpec) int64 {
	t.Helper()
	id, err := srv.CreateApp(spec)
	if err != nil {
		t.Fatalf("CreateApp %s: %v", spec.Name, err)
	}
	return id
}

// addRecords seeds records (field code → value in kintone's JSON value
// shape), 2,000 per call, and fails the test on error.
func addRecords(t testing.TB, srv *kintonetest.Server, app int64, recs []map[string]any) {
	t.Helper()
	for chunk := range slices.Chunk(recs, 2000) {
		if _, err := srv.AddRecords(app, chunk); err != nil {
			t.Fatalf("AddRecords: %v", err)
		}
	}
}

// field returns a field whose label is its code, with the given choices
// (for check boxes, drop-downs and the like).
func field(typ, code string, options ...string) *kintonetest.Field {
	return &kintonetest.Field{Type: typ, Code: code, Label: code, Options: options}
}

// queryStrings runs query and returns every row as strings (NULL as "NULL").
func queryStrings(t testing.TB, db *sql.DB, query string, args ...any) [][]string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		t.Fatal(err)
	}
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatalf("%s: scan: %v", query, err)
		}
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = "NULL"
			if v.Valid {
				row[i] = v.String
			}
		}
		out = append(out, row)
	}
	if err := rows.Err(); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return out
}

// numberedRecords returns n records with "n" = 1..n and "label" = "r<n>".
func numberedRecords(n int) []map[string]any {
	recs := make([]map[string]any, n)
	for i := range recs {
		recs[i] = map[string]any{"n": strconv.Itoa(i + 1), "label": "r" + strconv.Itoa(i+1)}
	}
	return recs
}

// numberedApp creates an app with a NUMBER "n" and a text "label" field
// holding n numbered records.
func numberedApp(t testing.TB, srv *kintonetest.Server, name string, n int) int64 {
	t.Helper()
	id := createApp(t, srv, kintonetest.AppSpec{Name: name, Fields: []*kintonetest.Field{
		field(kintonetest.TypeNumber, "n"),
		field(kintonetest.TypeSingleLineText, "label"),
	}})
	addRecords(t, srv, id, numberedRecords(n))
	return id
}
