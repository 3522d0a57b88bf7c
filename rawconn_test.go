package kintone

import (
	"bytes"
	"context"
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"io"
	"testing"

	"github.com/XSAM/otelsql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hidingConn wraps a driver connection and exposes nothing of it, as sqlmw
// does.
type hidingConn struct{ driver.Conn }

// hidingConnector makes hidingConns.
type hidingConnector struct{ driver.Connector }

// Connect wraps the connection.
func (h hidingConnector) Connect(ctx context.Context) (driver.Conn, error) {
	c, err := h.Connector.Connect(ctx)
	return hidingConn{c}, err
}

// roundTripFile uploads a file through up, attaches it to a new record of
// the writes app through db, and downloads it through down.
func roundTripFile[U, D Handle](t *testing.T, ctx context.Context, db *sql.DB, up U, down D) {
	t.Helper()
	content := []byte("%PDF-1.4 wrapped")
	key, err := UploadFile(ctx, up, "w.pdf", "application/pdf", bytes.NewReader(content))
	require.NoError(t, err)
	res, err := db.ExecContext(ctx, "INSERT INTO Deals (name, files) VALUES ('f', ?)", key)
	require.NoError(t, err)
	id, err := res.LastInsertId()
	require.NoError(t, err)
	var raw []byte
	require.NoError(t, db.QueryRowContext(ctx, "SELECT files FROM Deals WHERE $id = ?", id).Scan(&raw))
	var files []struct{ FileKey string }
	require.NoError(t, json.Unmarshal(raw, &files))
	require.Len(t, files, 1)
	body, typ, err := DownloadFile(ctx, down, files[0].FileKey)
	require.NoError(t, err)
	defer body.Close()
	got, err := io.ReadAll(body)
	require.NoError(t, err)
	assert.Equal(t, content, got)
	assert.Contains(t, typ, "application/pdf")
}

// TestFilesThroughWrappers uploads and downloads files through a plain
// *sql.DB, an otelsql-wrapped *sql.DB and *sql.Conn, and the Connector
// under a wrapper that hides its connection.
func TestFilesThroughWrappers(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t)
	writesApp(t, srv)
	db, c := openDB(t, srv, serverConfig(srv))
	roundTripFile(t, ctx, db, db, db)

	otel := otelsql.OpenDB(c)
	t.Cleanup(func() { otel.Close() })
	sc, err := otel.Conn(ctx)
	require.NoError(t, err)
	defer sc.Close()
	roundTripFile(t, ctx, otel, otel, sc)

	hidden := sql.OpenDB(hidingConnector{c})
	t.Cleanup(func() { hidden.Close() })
	_, err = UploadFile(ctx, hidden, "x.txt", "", bytes.NewReader(nil))
	require.ErrorContains(t, err, "pass the *kintone.Connector instead")
	roundTripFile(t, ctx, hidden, c, c)
}

// TestAsRawConn reaches the Connector from Conn.Raw, directly and through
// otelsql, and refreshes the schema through it.
func TestAsRawConn(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t)
	numberedApp(t, srv, "Nums", 3)
	_, c := openDB(t, srv, serverConfig(srv))
	for _, db := range []*sql.DB{sql.OpenDB(c), otelsql.OpenDB(c)} {
		sc, err := db.Conn(ctx)
		require.NoError(t, err)
		err = sc.Raw(func(dc any) error {
			kc, ok := AsRawConn(dc)
			require.True(t, ok, "%T", dc)
			require.Same(t, c, kc.Connector())
			return kc.Connector().RefreshSchema(ctx)
		})
		require.NoError(t, err)
		require.NoError(t, sc.Close())
		got, err := ConnectorOf(ctx, db)
		require.NoError(t, err)
		require.Same(t, c, got)
	}
	_, ok := AsRawConn(hidingConn{})
	require.False(t, ok)
}

// TestStatsCountSchemaRequests checks that WithStats counts the requests
// a statement spent loading the schema in SchemaRequests, and that
// Requests plus SchemaRequests is every request the emulator saw.
func TestStatsCountSchemaRequests(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "A", 5)
	numberedApp(t, srv, "B", 5)
	db, _ := openDB(t, srv, serverConfig(srv))
	total := func() int64 {
		var n int
		for _, c := range srv.RequestCounts() {
			n += c
		}
		return int64(n)
	}
	run := func(query string) *Stats {
		var st Stats
		srv.ResetCounters()
		rows, err := db.QueryContext(WithStats(context.Background(), &st), query)
		require.NoError(t, err)
		for rows.Next() {
		}
		require.NoError(t, rows.Close())
		require.Equal(t, total(), st.Requests.Load()+st.SchemaRequests.Load(), "%s: %v", query, srv.RequestCounts())
		return &st
	}
	first := run("SELECT A.n, B.label FROM A JOIN B ON A.n = B.n")
	assert.EqualValues(t, 5, first.SchemaRequests.Load(), "app list, then fields and layout of A and B")
	assert.Positive(t, first.Requests.Load())
	again := run("SELECT A.n, B.label FROM A JOIN B ON A.n = B.n")
	assert.Zero(t, again.SchemaRequests.Load(), "the schema is cached")
}
