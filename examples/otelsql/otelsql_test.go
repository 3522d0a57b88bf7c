// Package otelsql_test traces the kintone driver with
// github.com/XSAM/otelsql: one span per statement and transaction step,
// kintone.WithStats through the wrapper, and files through the Connector.
package otelsql_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/XSAM/otelsql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	semconv "go.opentelemetry.io/otel/semconv/v1.30.0"

	"github.com/kintone-sql/kintone"
	"github.com/kintone-sql/kintone/examples/internal/demotenant"
)

// openTraced opens a traced *sql.DB on a demo tenant through the kintone
// Connector, and returns the recorder of its spans.
func openTraced(t *testing.T) (*sql.DB, *kintone.Connector, *tracetest.SpanRecorder) {
	t.Helper()
	cfg, err := kintone.ParseDSN(demotenant.DSN(t, ""))
	require.NoError(t, err)
	connector, err := kintone.NewConnector(cfg)
	require.NoError(t, err)
	rec := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(rec))
	t.Cleanup(func() { _ = tp.Shutdown(context.Background()) })
	db := otelsql.OpenDB(connector, otelsql.WithTracerProvider(tp),
		otelsql.WithAttributes(semconv.DBSystemNameKey.String("kintone")))
	t.Cleanup(func() { db.Close() })
	return db, connector, rec
}

// spanNames lists the names of the ended spans.
func spanNames(rec *tracetest.SpanRecorder) []string {
	var out []string
	for _, s := range rec.Ended() {
		out = append(out, s.Name())
	}
	return out
}

func TestOtelsqlTracesStatements(t *testing.T) {
	ctx := context.Background()
	db, connector, rec := openTraced(t)

	var st kintone.Stats
	rows, err := db.QueryContext(kintone.WithStats(ctx, &st), `SELECT 案件名, amount FROM Deals WHERE stage = ?`, "受注")
	require.NoError(t, err)
	n := 0
	for rows.Next() {
		n++
	}
	require.NoError(t, rows.Close())
	assert.Positive(t, n)
	assert.Positive(t, st.Requests.Load(), "WithStats reaches the driver through the wrapper")
	assert.Positive(t, st.SchemaRequests.Load(), "the first statement loaded the schema")

	tx, err := db.BeginTx(ctx, nil)
	require.NoError(t, err)
	_, err = tx.ExecContext(ctx, `INSERT INTO Deals (案件名, stage) VALUES (?, ?)`, "traced", "見込み")
	require.NoError(t, err)
	require.NoError(t, tx.Commit())

	names := spanNames(rec)
	for _, want := range []string{"sql.conn.query", "sql.rows", "sql.conn.begin_tx", "sql.conn.exec", "sql.tx.commit"} {
		assert.Contains(t, names, want)
	}
	for _, s := range rec.Ended() {
		assert.NotEqual(t, "Error", s.Status().Code.String(), "%s: %s", s.Name(), s.Status().Description)
	}

	// Conn.Raw reaches the kintone connection through otelsql.
	sc, err := db.Conn(ctx)
	require.NoError(t, err)
	defer sc.Close()
	got, err := kintone.ConnectorOf(ctx, sc)
	require.NoError(t, err)
	assert.Same(t, connector, got)
}
