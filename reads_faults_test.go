package kintone

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kintone-sql/kintone/kintonetest"
)

// faultRows is the size of the fault-injection scans.
const faultRows = 20_000

// faultKinds are the injected failures the read tests go through, one at a
// time and all mixed.
var faultKinds = []struct {
	name  string
	kinds []kintonetest.FaultKind
}{
	{"429", []kintonetest.FaultKind{kintonetest.FaultTooManyRequests}},
	{"503", []kintonetest.FaultKind{kintonetest.FaultUnavailable}},
	{"520 GAIA_DA02", []kintonetest.FaultKind{kintonetest.FaultInternal}},
	{"dropped connection", []kintonetest.FaultKind{kintonetest.FaultDropConnection}},
	{"dropped after apply", []kintonetest.FaultKind{kintonetest.FaultDropAfterApply}},
	{"502 after apply", []kintonetest.FaultKind{kintonetest.FaultBadGatewayAfterApply}},
	{"mixed", []kintonetest.FaultKind{kintonetest.FaultTooManyRequests, kintonetest.FaultUnavailable,
		kintonetest.FaultInternal, kintonetest.FaultDropConnection, kintonetest.FaultDropAfterApply,
		kintonetest.FaultBadGatewayAfterApply}},
}

// faultServer starts an emulator holding faultRows numbered records in
// app "Items", failing 5 % of the requests of the given methods (all when
// none) with kinds.
func faultServer(t testing.TB, kinds []kintonetest.FaultKind, seed uint64, methods ...string) *kintonetest.Server {
	t.Helper()
	srv := kintonetest.NewUnstartedServer(kintonetest.WithFaults(kintonetest.Faults{Rate: 0.05, Kinds: kinds, Seed: seed, Methods: methods}))
	srv.Start()
	t.Cleanup(srv.Close)
	numberedApp(t, srv, "Items", faultRows)
	return srv
}

// scanNumbers runs query (selecting n) and returns how often each n came.
func scanNumbers(ctx context.Context, db *sql.DB, query string) (map[int64]int, error) {
	rows, err := db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	seen := make(map[int64]int, faultRows)
	for rows.Next() {
		var n int64
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		seen[n]++
	}
	return seen, rows.Err()
}

// requireEachOnce checks that 1..faultRows each came exactly once.
func requireEachOnce(t *testing.T, seen map[int64]int) {
	t.Helper()
	require.Len(t, seen, faultRows)
	for n, c := range seen {
		if c != 1 || n < 1 || n > faultRows {
			t.Fatalf("n=%d came %d times", n, c)
		}
	}
}

func TestScanSurvivesFaults(t *testing.T) {
	if testing.Short() {
		t.Skip("20,000-record fault scans")
	}
	modes := []struct {
		name, query string
		useCursor   bool
	}{
		{"seek", "SELECT n FROM Items", false},
		{"cursor", "SELECT n FROM Items ORDER BY n DESC", true},
	}
	for _, m := range modes {
		for i, fk := range faultKinds {
			t.Run(m.name+"/"+fk.name, func(t *testing.T) {
				// A cursor whose creation answer is lost cannot be
				// recovered (see TestLostCursorCreation), so in cursor mode
				// the after-apply faults hit pages and deletes only.
				var methods []string
				if m.useCursor {
					methods = []string{"GET", "DELETE"}
				}
				srv := faultServer(t, fk.kinds, uint64(i+1), methods...)
				cfg := serverConfig(srv)
				cfg.TrustAssumedPushdown = true // ORDER BY a NUMBER reaches the cursor only when trusted (docs/pushdown.md)
				cfg.UseCursor = m.useCursor
				db, _ := openDB(t, srv, cfg)
				ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
				defer cancel()
				seen, err := scanNumbers(ctx, db, m.query)
				require.NoError(t, err)
				requireEachOnce(t, seen)
				assert.Zero(t, srv.OpenCursors(), "cursors left open")
			})
		}
	}
}

// TestLostCursorCreation: when the answer to a cursor creation is lost
// after kintone made the cursor, the scan fails with an error (never a
// short result); the stranded cursor is the documented limit.
func TestLostCursorCreation(t *testing.T) {
	srv := kintonetest.NewServer(kintonetest.WithFaults(kintonetest.Faults{Rate: 1,
		Kinds: []kintonetest.FaultKind{kintonetest.FaultDropAfterApply}, Match: "records/cursor.json", Methods: []string{"POST"}}))
	t.Cleanup(srv.Close)
	numberedApp(t, srv, "Items", 1200)
	cfg := serverConfig(srv)
	cfg.TrustAssumedPushdown = true // ORDER BY a NUMBER reaches the cursor only when trusted (docs/pushdown.md)
	db, _ := openDB(t, srv, cfg)
	_, err := scanNumbers(context.Background(), db, "SELECT n FROM Items ORDER BY n DESC")
	require.Error(t, err)
	assert.ErrorContains(t, err, "10 idle minutes")
	assert.Equal(t, 1, srv.OpenCursors(), "exactly the one unknown cursor is stranded; no retry strands more")
}

// TestLostAnswersNeverShortenScans: answers lost after the server acted
// either are recovered or fail the statement; a scan never returns fewer
// rows without an error.
func TestLostAnswersNeverShortenScans(t *testing.T) {
	if testing.Short() {
		t.Skip("fault scans")
	}
	kinds := []kintonetest.FaultKind{kintonetest.FaultDropAfterApply, kintonetest.FaultBadGatewayAfterApply}
	srv := kintonetest.NewServer(kintonetest.WithFaults(kintonetest.Faults{Rate: 0.2, Kinds: kinds, Seed: 7}))
	t.Cleanup(srv.Close)
	numberedApp(t, srv, "Items", 3000)
	for _, useCursor := range []bool{false, true} {
		cfg := serverConfig(srv)
		cfg.TrustAssumedPushdown = true // ORDER BY a NUMBER reaches the cursor only when trusted (docs/pushdown.md)
		cfg.UseCursor = useCursor
		cfg.Pagesize = 100
		db, _ := openDB(t, srv, cfg)
		for i := range 5 {
			seen, err := scanNumbers(context.Background(), db, "SELECT n FROM Items ORDER BY n DESC")
			if err != nil {
				continue // failing loudly is allowed
			}
			assert.Len(t, seen, 3000, "cursor=%v run %d: a result without an error must be complete", useCursor, i)
		}
	}
}

func TestEarlyClosedCursorScansLeaveNoCursor(t *testing.T) {
	if testing.Short() {
		t.Skip("fault scans")
	}
	srv := kintonetest.NewServer(kintonetest.WithFaults(kintonetest.Faults{Rate: 0.05, Seed: 11,
		Kinds: []kintonetest.FaultKind{kintonetest.FaultTooManyRequests, kintonetest.FaultUnavailable,
			kintonetest.FaultInternal, kintonetest.FaultDropConnection}}))
	t.Cleanup(srv.Close)
	numberedApp(t, srv, "Items", 2000)
	cfg := serverConfig(srv)
	cfg.TrustAssumedPushdown = true // ORDER BY a NUMBER reaches the cursor only when trusted (docs/pushdown.md)
	cfg.Pagesize = 100
	db, _ := openDB(t, srv, cfg)
	for i := range 60 {
		ctx, cancel := context.WithCancel(context.Background())
		rows, err := db.QueryContext(ctx, "SELECT n FROM Items ORDER BY n DESC")
		if err == nil {
			for j := 0; j < 150+i && rows.Next(); j++ {
			}
			if i%2 == 0 {
				cancel() // cancellation instead of Close
			}
			rows.Close()
		}
		cancel()
	}
	assert.Zero(t, srv.OpenCursors(), fmt.Sprintf("cursors left open after %d requests", srv.TotalRequests()))
}
