package export_test

import (
	"context"
	"math/bits"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/export"
	"github.com/stretchr/testify/require"
)

// deleteIDs deletes records of table by $id through the driver.
func (f *syncFixture) deleteIDs(t *testing.T, table string, ids []int64) {
	t.Helper()
	for len(ids) > 0 {
		n := min(len(ids), 100)
		list := make([]string, n)
		for i, id := range ids[:n] {
			list[i] = strconv.FormatInt(id, 10)
		}
		f.exec(t, "DELETE FROM "+table+" WHERE `$id` IN ("+strings.Join(list, ", ")+")")
		ids = ids[n:]
	}
}

// idRange returns the ids lo to hi.
func idRange(lo, hi int64) []int64 {
	var ids []int64
	for id := lo; id <= hi; id++ {
		ids = append(ids, id)
	}
	return ids
}

// TestSyncDeletionsSpread deletes records at the ends, in the middle, in
// runs, at random and finally all of them, between syncs of a 3,000-record
// app: each sync counts the deletions and leaves a copy equal to the app.
func TestSyncDeletionsSpread(t *testing.T) {
	f := newSyncFixture(t)
	app := seedNumbered(t, f.srv, "stock", 3000)
	ctx := context.Background()
	_, err := f.sync(t, ctx, "stock")
	require.NoError(t, err)

	live := map[int64]bool{}
	for id := int64(1); id <= 3000; id++ {
		live[id] = true
	}
	random := rand.New(rand.NewPCG(14, 2))
	pick := func(n int) []int64 {
		var ids []int64
		for id := range live {
			ids = append(ids, id)
		}
		random.Shuffle(len(ids), func(i, j int) { ids[i], ids[j] = ids[j], ids[i] })
		return ids[:min(n, len(ids))]
	}
	rounds := []struct {
		name string
		ids  func() []int64
	}{
		{"one in the middle", func() []int64 { return []int64{1500} }},
		{"first, last and middle", func() []int64 { return []int64{1, 3000, 1501} }},
		{"nothing", func() []int64 { return nil }},
		{"a run across pages", func() []int64 { return idRange(700, 1300) }},
		{"two runs at the ends", func() []int64 { return append(idRange(2, 40), idRange(2950, 2999)...) }},
		{"one next to a gap", func() []int64 { return []int64{1301} }},
		{"random few", func() []int64 { return pick(5) }},
		{"random many", func() []int64 { return pick(300) }},
		{"all but one", func() []int64 { return pick(len(live) - 1) }},
		{"all", func() []int64 { return pick(len(live)) }},
	}
	for _, r := range rounds {
		f.clock.Set(f.clock.Now().Add(time.Minute))
		ids := r.ids()
		f.deleteIDs(t, "stock", ids)
		for _, id := range ids {
			delete(live, id)
		}
		reps, err := f.sync(t, ctx, "stock")
		require.NoError(t, err, r.name)
		require.EqualValues(t, len(ids), reps["stock"].Deleted, r.name)
		f.requireCopyEqual(t, "stock")
	}

	// The app is empty and so is the copy; new records arrive.
	f.clock.Set(f.clock.Now().Add(time.Minute))
	_, err = f.srv.AddRecords(app, []map[string]any{{"n": "1"}, {"n": "2"}})
	require.NoError(t, err)
	reps, err := f.sync(t, ctx, "stock")
	require.NoError(t, err)
	require.Equal(t, [3]int64{2, 0, 0}, [3]int64{reps["stock"].Added, reps["stock"].Updated, reps["stock"].Deleted})
	f.requireCopyEqual(t, "stock")
}

// TestSyncDeletionRequests counts the requests a sync makes to find a few
// deletions: about one per halving of the id range per deletion, instead
// of listing every id (one request per 500 records).
func TestSyncDeletionRequests(t *testing.T) {
	for _, n := range []int64{3000, 20000} {
		t.Run(strconv.FormatInt(n, 10), func(t *testing.T) {
			f := newSyncFixture(t)
			seedSpread(t, f.srv, "stock", int(n))
			ctx := context.Background()
			_, err := f.sync(t, ctx, "stock")
			require.NoError(t, err)

			// Counting an id range is one request.
			f.srv.ResetCounters()
			var count int64
			require.NoError(t, f.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM stock WHERE `$id` BETWEEN ? AND ?", 10, n-10).Scan(&count))
			require.Equal(t, n-19, count)
			require.Equal(t, 1, f.srv.TotalRequests())

			// A sync without deletions: the watermark, the largest id, the
			// changed records and one count of the whole id range.
			f.clock.Set(f.clock.Now().Add(time.Minute))
			f.srv.ResetCounters()
			_, err = f.sync(t, ctx, "stock")
			require.NoError(t, err)
			base := f.srv.TotalRequests()
			require.LessOrEqual(t, base, 5)

			f.clock.Set(f.clock.Now().Add(time.Minute))
			f.deleteIDs(t, "stock", []int64{1, n / 2, n})
			f.srv.ResetCounters()
			reps, err := f.sync(t, ctx, "stock")
			require.NoError(t, err)
			require.EqualValues(t, 3, reps["stock"].Deleted)
			extra := int64(f.srv.TotalRequests() - base)
			f.requireCopyEqual(t, "stock")

			// The old way listed every id: one request per page of 500.
			// Halving costs one count per level down to a page, and one
			// listing per deletion; never more than listing the range.
			// The largest id was deleted: one more listing checks the ids
			// above the app's largest.
			pages := (n + 499) / 500
			levels := int64(bits.Len64(uint64(pages - 1)))
			require.LessOrEqual(t, extra, min(pages, 3*(levels+1))+1, "requests to find 3 deletions among %d records", n)
			t.Logf("%d records, 3 deletions: %d requests more than a sync without deletions; listing every id takes %d", n, extra, pages)
		})
	}
}

// TestSyncDeletionsDuringRun adds and deletes records while a sync fetches
// changes (records updated one minute apart, so the fetch is one page):
// the run finds the deletions made before it, and the next run leaves a
// copy equal to the app.
func TestSyncDeletionsDuringRun(t *testing.T) {
	f := newSyncFixture(t)
	app := seedSpread(t, f.srv, "stock", 1200)
	ctx := context.Background()
	_, err := f.sync(t, ctx, "stock")
	require.NoError(t, err)

	f.clock.Set(f.clock.Now().Add(time.Minute))
	f.exec(t, "UPDATE stock SET label = 'v2' WHERE `$id` <= 3")
	f.deleteIDs(t, "stock", []int64{600, 1200})
	job := export.SyncJob{DB: f.db, Connector: f.conn, Apps: []string{"stock"}, SQLite: f.local}
	job.Progress = func(_ string, n int64) {
		if n == 1 {
			_, err := f.srv.AddRecords(app, []map[string]any{{"n": "1201"}})
			require.NoError(t, err)
			f.deleteIDs(t, "stock", []int64{900})
		}
	}
	reps, err := export.Sync(ctx, job)
	require.NoError(t, err)
	require.GreaterOrEqual(t, reps[0].Deleted, int64(2), "the deletions before the run are found")

	job.Progress = nil
	_, err = export.Sync(ctx, job)
	require.NoError(t, err)
	f.requireCopyEqual(t, "stock")
}
