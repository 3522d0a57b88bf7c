package kintone

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/kintonetest"
)

// TestCursorAPIMissing runs ordered reads against a server whose cursor
// API answers 404 (as an independent kintone-compatible server did): the
// scan falls back to offset paging in the same order, counted in the
// statistics and announced by EXPLAIN; a read past kintone's offset cap
// fails with an error naming UseCursor=false, which then works.
func TestCursorAPIMissing(t *testing.T) {
	srv := startServer(t, kintonetest.WithDeviations(kintonetest.Deviations{NoCursorAPI: true}))
	numberedApp(t, srv, "Items", 1200)
	db, _ := openDB(t, srv, trustingConfig(srv))

	var st engine.Stats
	rows, err := db.QueryContext(WithStats(context.Background(), &st), "SELECT n FROM Items ORDER BY n DESC")
	require.NoError(t, err)
	var got []int
	for rows.Next() {
		var n int
		require.NoError(t, rows.Scan(&n))
		got = append(got, n)
	}
	require.NoError(t, rows.Err())
	require.Len(t, got, 1200)
	assert.Equal(t, 1200, got[0])
	assert.Equal(t, 1, got[1199])
	assert.Equal(t, int64(1), st.CursorFallbacks.Load(), "the fallback is counted")
	assert.Equal(t, 1, srv.RequestCount("POST /k/v1/records/cursor.json"), "one cursor attempt")

	var plan []string
	for _, r := range queryStrings(t, db, "EXPLAIN SELECT n FROM Items ORDER BY n DESC") {
		plan = append(plan, strings.Join(r, " "))
	}
	assert.Contains(t, strings.Join(plan, "\n"), "no cursor API (404): offset paging")
}

// TestCursorAPIMissingPastOffsetCap checks the error of an ordered read
// too long for offset paging, and that UseCursor=false answers it.
func TestCursorAPIMissingPastOffsetCap(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 10,600 records")
	}
	srv := startServer(t, kintonetest.WithDeviations(kintonetest.Deviations{NoCursorAPI: true}))
	numberedApp(t, srv, "Items", 10600)
	db, _ := openDB(t, srv, trustingConfig(srv))
	_, err := db.Query("SELECT n FROM Items ORDER BY n DESC")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "UseCursor=false")
	assert.Contains(t, err.Error(), "404")

	cfg := trustingConfig(srv)
	cfg.UseCursor = false
	db, _ = openDB(t, srv, cfg)
	got := queryStrings(t, db, "SELECT n FROM Items ORDER BY n DESC")
	require.Len(t, got, 10600)
	assert.Equal(t, []string{"10600"}, got[0])
	assert.Equal(t, []string{fmt.Sprint(1)}, got[10599])
}

// trustingConfig is serverConfig with TrustAssumedPushdown, so that
// ORDER BY a NUMBER field is sent to kintone (where kintone sorts empty
// values is an assumed row of docs/pushdown.md).
func trustingConfig(srv *kintonetest.Server) *Config {
	cfg := serverConfig(srv)
	cfg.TrustAssumedPushdown = true
	return cfg
}
