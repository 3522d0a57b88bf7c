package export_test

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/export"
	kt "github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/kintonetest/demo"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"
)

// testClock is an emulator clock the test moves.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

// Now returns the current test time.
func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Set moves the clock.
func (c *testClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}

// syncFixture is a fixture with a test clock.
type syncFixture struct {
	*fixture
	clock *testClock
	local string
}

// newSyncFixture starts the emulator at 10:00:05 on a fixed day.
func newSyncFixture(t *testing.T) *syncFixture {
	clock := &testClock{now: time.Date(2025, 6, 1, 10, 0, 5, 0, time.UTC)}
	f := newFixture(t, kt.WithClock(clock.Now))
	return &syncFixture{fixture: f, clock: clock, local: filepath.Join(t.TempDir(), "copy.sqlite")}
}

// sync runs a sync of apps and returns the reports by app.
func (f *syncFixture) sync(t *testing.T, ctx context.Context, apps ...string) (map[string]export.SyncReport, error) {
	t.Helper()
	reps, err := export.Sync(ctx, export.SyncJob{DB: f.db, Connector: f.conn, Apps: apps, SQLite: f.local})
	out := map[string]export.SyncReport{}
	for _, r := range reps {
		out[r.App] = r
	}
	return out, err
}

// exec runs a write through the driver.
func (f *syncFixture) exec(t *testing.T, query string, args ...any) {
	t.Helper()
	_, err := f.db.ExecContext(context.Background(), query, args...)
	require.NoError(t, err, query)
}

// requireCopyEqual compares the SQLite copy of table with the app, row by
// row and value by value, as the driver's column types read them.
func (f *syncFixture) requireCopyEqual(t *testing.T, table string) {
	t.Helper()
	names, types, want := driverRows(t, f.db, export.TableQuery(table, 0))
	lite, err := sql.Open("sqlite", f.local)
	require.NoError(t, err)
	defer lite.Close()
	gotNames, _, got := driverRows(t, lite, fmt.Sprintf(`SELECT * FROM "%s" ORDER BY "$id"`, table))
	require.Len(t, gotNames, len(names))
	for i := range names {
		requireParquetName(t, names[i], gotNames[i])
	}
	require.Len(t, got, len(want), "records in the copy of %s", table)
	for r := range want {
		for c := range want[r] {
			v := got[r][c]
			if b, ok := v.([]byte); ok && types[c] == "DECIMAL" {
				v = string(b) // digits beyond a double's are kept as a BLOB
			}
			switch x := v.(type) {
			case string:
				if types[c] != "VARCHAR" {
					v = textAs(t, types[c], x)
				}
			case int64:
				if types[c] == "DECIMAL" {
					v = decimal.NewFromInt(x)
				}
			case float64:
				if types[c] == "DECIMAL" {
					v = decimal.NewFromFloat(x)
				}
			}
			requireSame(t, types[c], want[r][c], v, fmt.Sprintf("%s row %d column %s", table, r+1, names[c]))
		}
	}
}

// TestSyncAddUpdateDelete syncs, changes records within the same minute,
// syncs again, and checks the counts and that the copy equals the app
// after every run.
func TestSyncAddUpdateDelete(t *testing.T) {
	f := newSyncFixture(t)
	app := seedNumbered(t, f.srv, "stock", 30)
	ctx := context.Background()

	reps, err := f.sync(t, ctx, "stock", everyTypeApp, demo.TasksName)
	require.NoError(t, err)
	require.Equal(t, export.SyncReport{App: "stock", Full: true, Added: 30, Fetched: 30}, reps["stock"])
	require.True(t, reps[everyTypeApp].Full)
	f.requireCopyEqual(t, "stock")
	f.requireCopyEqual(t, everyTypeApp)
	f.requireCopyEqual(t, demo.TasksName)

	// Same minute as the first sync: updated times do not move.
	f.clock.Set(f.clock.Now().Add(20 * time.Second))
	f.exec(t, "UPDATE stock SET label = 'changed' WHERE `$id` IN (3, 4)")
	f.exec(t, "DELETE FROM stock WHERE `$id` IN (10, 30)")
	_, err = f.srv.AddRecords(app, []map[string]any{{"n": "31"}, {"n": "32"}, {"n": "33", "label": "new"}})
	require.NoError(t, err)
	f.exec(t, "UPDATE every_type SET amount = 7.25 WHERE `$id` = 2")

	reps, err = f.sync(t, ctx, "stock", everyTypeApp)
	require.NoError(t, err)
	st := reps["stock"]
	require.False(t, st.Full)
	require.Equal(t, [3]int64{3, 2, 2}, [3]int64{st.Added, st.Updated, st.Deleted})
	require.Equal(t, [3]int64{0, 1, 0}, [3]int64{reps[everyTypeApp].Added, reps[everyTypeApp].Updated, reps[everyTypeApp].Deleted})
	f.requireCopyEqual(t, "stock")
	f.requireCopyEqual(t, everyTypeApp)

	// Nothing changed: nothing is counted, though the margin re-reads.
	reps, err = f.sync(t, ctx, "stock")
	require.NoError(t, err)
	require.Equal(t, [3]int64{0, 0, 0}, [3]int64{reps["stock"].Added, reps["stock"].Updated, reps["stock"].Deleted})

	// An hour later the records of the saved watermark's minute are read
	// again (any of them may have changed later in that minute); an hour
	// after that, only records changed since the previous run are read.
	f.clock.Set(f.clock.Now().Add(time.Hour))
	f.exec(t, "UPDATE stock SET n = 100 WHERE `$id` = 5")
	reps, err = f.sync(t, ctx, "stock")
	require.NoError(t, err)
	require.Equal(t, export.SyncReport{App: "stock", Updated: 1, Fetched: 31}, reps["stock"])
	f.clock.Set(f.clock.Now().Add(time.Hour))
	f.exec(t, "UPDATE stock SET n = 101 WHERE `$id` = 6")
	reps, err = f.sync(t, ctx, "stock")
	require.NoError(t, err)
	require.Equal(t, export.SyncReport{App: "stock", Updated: 1, Fetched: 2}, reps["stock"])
	f.requireCopyEqual(t, "stock")
}

// TestSyncInterrupted cancels a sync part-way through its changes: the copy
// keeps the previous state, and the next run catches up.
func TestSyncInterrupted(t *testing.T) {
	f := newSyncFixture(t)
	app := seedNumbered(t, f.srv, "stock", 50)
	_, err := f.sync(t, context.Background(), "stock")
	require.NoError(t, err)

	f.clock.Set(f.clock.Now().Add(10 * time.Minute))
	f.exec(t, "UPDATE stock SET label = 'v2' WHERE `$id` <= 20")
	f.exec(t, "DELETE FROM stock WHERE `$id` = 50")
	_, err = f.srv.AddRecords(app, []map[string]any{{"n": "51"}})
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err = export.Sync(ctx, export.SyncJob{DB: f.db, Connector: f.conn, Apps: []string{"stock"}, SQLite: f.local,
		Progress: func(_ string, n int64) {
			if n == 10 {
				cancel()
			}
		}})
	require.ErrorIs(t, err, context.Canceled)
	lite, err := sql.Open("sqlite", f.local)
	require.NoError(t, err)
	var changed, total int
	require.NoError(t, lite.QueryRow(`SELECT COUNT(*) FROM stock`).Scan(&total))
	require.NoError(t, lite.QueryRow(`SELECT COUNT(*) FROM stock WHERE label = 'v2'`).Scan(&changed))
	lite.Close()
	require.Equal(t, 50, total, "the interrupted run changed nothing")
	require.Zero(t, changed, "the interrupted run changed nothing")

	reps, err := f.sync(t, context.Background(), "stock")
	require.NoError(t, err)
	require.Equal(t, [3]int64{1, 20, 1}, [3]int64{reps["stock"].Added, reps["stock"].Updated, reps["stock"].Deleted})
	f.requireCopyEqual(t, "stock")
}

// requireSnapshotEqual compares the Parquet copy of table under dir with
// the app, value by value, types included.
func (f *syncFixture) requireSnapshotEqual(t *testing.T, dir, table string) {
	t.Helper()
	names, types, want := driverRows(t, f.db, export.TableQuery(table, 0))
	m, err := export.ReadManifest(filepath.Join(dir, table))
	require.NoError(t, err)
	require.True(t, m.Complete)
	got := readParts(t, filepath.Join(dir, table), m)
	require.Len(t, got, len(want))
	for r := range want {
		for c := range want[r] {
			requireSame(t, types[c], want[r][c], got[r][c], fmt.Sprintf("%s row %d column %s", table, r+1, names[c]))
		}
	}
}

// TestSyncToDirectory syncs into a directory of Parquet copies, changes
// the apps and syncs again.
func TestSyncToDirectory(t *testing.T) {
	f := newSyncFixture(t)
	app := seedNumbered(t, f.srv, "stock", 30)
	dir := filepath.Join(t.TempDir(), "lake")
	job := export.SyncJob{DB: f.db, Connector: f.conn, Apps: []string{"stock", everyTypeApp}, Dir: dir}
	_, err := export.Sync(context.Background(), job)
	require.NoError(t, err)
	f.requireSnapshotEqual(t, dir, "stock")
	f.requireSnapshotEqual(t, dir, everyTypeApp)

	f.clock.Set(f.clock.Now().Add(5 * time.Minute))
	f.exec(t, "UPDATE stock SET label = 'changed' WHERE `$id` = 7")
	f.exec(t, "DELETE FROM stock WHERE `$id` = 8")
	_, err = f.srv.AddRecords(app, []map[string]any{{"n": "31"}})
	require.NoError(t, err)
	reps, err := export.Sync(context.Background(), job)
	require.NoError(t, err)
	require.Equal(t, [3]int64{1, 1, 1}, [3]int64{reps[0].Added, reps[0].Updated, reps[0].Deleted})
	f.requireSnapshotEqual(t, dir, "stock")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	require.ElementsMatch(t, []string{".kintone-sync.sqlite", "stock", everyTypeApp}, names, "no temporary directories are left")
}

// postAdmin sends a JSON request to the emulator as the administrator.
func postAdmin(t *testing.T, srv *kt.Server, path string, body any) {
	t.Helper()
	data, err := json.Marshal(body)
	require.NoError(t, err)
	req, err := http.NewRequest("POST", srv.URL+path, bytes.NewReader(data))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-Cybozu-Authorization", base64.StdEncoding.EncodeToString([]byte(kt.DefaultUser+":"+kt.DefaultPassword)))
	resp, err := srv.Client().Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	msg, _ := io.ReadAll(resp.Body)
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s: %s", path, msg)
}

// TestSyncFieldsChanged adds a field to a synced app: the next sync copies
// the app again with the new column.
func TestSyncFieldsChanged(t *testing.T) {
	f := newSyncFixture(t)
	app := seedNumbered(t, f.srv, "stock", 12)
	_, err := f.sync(t, context.Background(), "stock")
	require.NoError(t, err)

	postAdmin(t, f.srv, "/k/v1/preview/app/form/fields.json", map[string]any{"app": app, "properties": map[string]any{
		"note": map[string]any{"type": "SINGLE_LINE_TEXT", "code": "note", "label": "note"}}})
	postAdmin(t, f.srv, "/k/v1/preview/app/deploy.json", map[string]any{"apps": []any{map[string]any{"app": app}}})
	require.NoError(t, f.conn.RefreshSchema(context.Background()))
	f.exec(t, "UPDATE stock SET note = 'hello' WHERE `$id` = 1")

	reps, err := f.sync(t, context.Background(), "stock")
	require.NoError(t, err)
	require.Equal(t, export.SyncReport{App: "stock", Full: true, Added: 12, Fetched: 12}, reps["stock"])
	f.requireCopyEqual(t, "stock")
}

// TestSyncChangesDuringRun changes records while a sync reads the app: one
// already read (stale in the copy) and, minutes later, one read afterwards.
// The next run still fetches the stale one, because the watermark is the
// newest update seen before the run began, not the newest record read.
func TestSyncChangesDuringRun(t *testing.T) {
	f := newSyncFixture(t)
	seedNumbered(t, f.srv, "stock", 1200)
	start := f.clock.Now()
	job := export.SyncJob{DB: f.db, Connector: f.conn, Apps: []string{"stock"}, SQLite: f.local,
		Progress: func(_ string, n int64) {
			if n == 5 {
				f.clock.Set(start.Add(time.Minute))
				f.exec(t, "UPDATE stock SET label = 'during' WHERE `$id` = 2")
				f.clock.Set(start.Add(5 * time.Minute))
				f.exec(t, "UPDATE stock SET label = 'during' WHERE `$id` = 1100")
			}
		}}
	reps, err := export.Sync(context.Background(), job)
	require.NoError(t, err)
	require.True(t, reps[0].Full)

	job.Progress = nil
	reps, err = export.Sync(context.Background(), job)
	require.NoError(t, err)
	// Record 2 was stale; record 1100 is stale too when the parallel scan
	// had fetched its page before the update.
	require.Contains(t, []int64{1, 2}, int64(reps[0].Updated), "record 2 was stale")
	f.requireCopyEqual(t, "stock")
}

// TestSyncCopyComparesNumbers checks that NUMBER columns of the SQLite
// copy compare and sort as numbers there (they were TEXT: Amount > 1000000
// compared text and matched 697000), and that a number with more digits
// than a double holds keeps them all.
func TestSyncCopyComparesNumbers(t *testing.T) {
	f := newSyncFixture(t)
	f.exec(t, "INSERT INTO Deals (案件名, Amount) VALUES ('long', '12345678901234567.125'), ('fraction', '0.1')")
	_, err := f.sync(t, context.Background(), "Deals")
	require.NoError(t, err)
	f.requireCopyEqual(t, "Deals")
	lite, err := sql.Open("sqlite", f.local)
	require.NoError(t, err)
	defer lite.Close()
	for _, q := range []string{
		"SELECT COUNT(*) FROM Deals WHERE Amount > 1000000",
		"SELECT COUNT(*) FROM Deals WHERE Amount BETWEEN 100000 AND 500000",
	} {
		var want, got int64
		require.NoError(t, f.db.QueryRow(q).Scan(&want))
		require.NoError(t, lite.QueryRow(q).Scan(&got))
		assert.Equal(t, want, got, q)
	}
	var top []string
	rows, err := lite.Query(`SELECT CAST(Amount AS TEXT) FROM Deals WHERE Amount IS NOT NULL AND 案件名 <> 'long' ORDER BY Amount DESC LIMIT 3`)
	require.NoError(t, err)
	for rows.Next() {
		var s string
		require.NoError(t, rows.Scan(&s))
		top = append(top, s)
	}
	require.NoError(t, rows.Err())
	_, _, wantRows := driverRows(t, f.db, "SELECT Amount FROM Deals WHERE Amount IS NOT NULL AND 案件名 <> 'long' ORDER BY Amount DESC LIMIT 3")
	var wantTop []string
	for _, r := range wantRows {
		wantTop = append(wantTop, fmt.Sprint(r[0]))
	}
	assert.Equal(t, wantTop, top)
	var long string
	require.NoError(t, lite.QueryRow(`SELECT CAST(Amount AS TEXT) FROM Deals WHERE 案件名 = 'long'`).Scan(&long))
	assert.Equal(t, "12345678901234567.125", long, "every digit kept")
}
