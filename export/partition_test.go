package export_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/kintone-sql/kintone/export"
	kt "github.com/kintone-sql/kintone/kintonetest"
	"github.com/stretchr/testify/require"
)

// seedNumbered creates app name with n records (n = 1..n, label "r<n>").
func seedNumbered(t testing.TB, srv *kt.Server, name string, n int) int64 {
	t.Helper()
	app, err := srv.CreateApp(kt.AppSpec{Name: name, Fields: []*kt.Field{
		{Type: kt.TypeNumber, Code: "n", Label: "n"},
		{Type: kt.TypeSingleLineText, Code: "label", Label: "label"},
	}})
	require.NoError(t, err)
	recs := make([]map[string]any, n)
	for i := range recs {
		recs[i] = map[string]any{"n": strconv.Itoa(i + 1), "label": "r" + strconv.Itoa(i+1)}
	}
	_, err = srv.AddRecords(app, recs)
	require.NoError(t, err)
	return app
}

// readParts reads every part a manifest lists, in order.
func readParts(t testing.TB, dir string, m *export.Manifest) [][]any {
	t.Helper()
	var all [][]any
	for _, p := range m.Parts {
		_, rows := readParquet(t, filepath.Join(dir, p.File))
		require.Len(t, rows, int(p.Rows), p.File)
		all = append(all, rows...)
	}
	return all
}

// TestPartitionedExport writes parts of 100 rows with a manifest and checks
// they hold the table in $id order.
func TestPartitionedExport(t *testing.T) {
	f := newFixture(t)
	seedNumbered(t, f.srv, "numbers", 250)
	names, types, want := driverRows(t, f.db, export.TableQuery("numbers", 0))
	dir := filepath.Join(t.TempDir(), "numbers")
	res := exportTable(t, f, "numbers", dir, func(j *export.Job) { j.PartitionRows = 100 })
	require.EqualValues(t, 250, res.Rows)
	m, err := export.ReadManifest(dir)
	require.NoError(t, err)
	require.True(t, m.Complete)
	require.Equal(t, []int64{100, 100, 50}, partRows(m))
	for i, p := range m.Parts {
		require.Equal(t, fmt.Sprintf("part-%05d.parquet", i), p.File)
	}
	got := readParts(t, dir, m)
	require.Len(t, got, len(want))
	for r := range got {
		for c := range got[r] {
			requireSame(t, types[c], want[r][c], got[r][c], names[c])
		}
	}
	idCol := indexOf(names, "$id")
	require.Equal(t, want[99][idCol], m.Parts[0].LastID)
	require.Equal(t, want[249][idCol], m.Parts[2].LastID)
}

// TestInterruptAndResume cancels an export in its second part, checks that
// only the complete part and an incomplete manifest remain, then resumes
// and checks the parts together equal the table.
func TestInterruptAndResume(t *testing.T) {
	f := newFixture(t)
	app := seedNumbered(t, f.srv, "numbers", 250)
	names, types, want := driverRows(t, f.db, export.TableQuery("numbers", 0))
	dir := filepath.Join(t.TempDir(), "numbers")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := export.Run(ctx, export.Job{DB: f.db, Connector: f.conn, Table: "numbers", Out: dir, PartitionRows: 100,
		Progress: func(n int64) {
			if n == 150 {
				cancel()
			}
		}})
	require.True(t, errors.Is(err, context.Canceled), "got %v", err)
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	var files []string
	for _, e := range entries {
		files = append(files, e.Name())
	}
	require.ElementsMatch(t, []string{"manifest.json", "part-00000.parquet"}, files, "no half part is left")
	m, err := export.ReadManifest(dir)
	require.NoError(t, err)
	require.False(t, m.Complete)
	require.Equal(t, []int64{100}, partRows(m))

	// A new record while interrupted is picked up by the resumed run.
	_, err = f.srv.AddRecords(app, []map[string]any{{"n": "251", "label": "late"}})
	require.NoError(t, err)
	names, types, want = driverRows(t, f.db, export.TableQuery("numbers", 0))
	res := exportTable(t, f, "numbers", dir, func(j *export.Job) { j.PartitionRows, j.Resume = 100, true })
	require.EqualValues(t, 151, res.Rows)
	require.EqualValues(t, 100, res.Resumed)
	m, err = export.ReadManifest(dir)
	require.NoError(t, err)
	require.True(t, m.Complete)
	require.Equal(t, []int64{100, 100, 51}, partRows(m))
	got := readParts(t, dir, m)
	require.Len(t, got, len(want))
	for r := range got {
		for c := range got[r] {
			requireSame(t, types[c], want[r][c], got[r][c], names[c])
		}
	}

	// Resuming a complete export is refused.
	_, err = export.Run(context.Background(), export.Job{DB: f.db, Table: "numbers", Out: dir, PartitionRows: 100, Resume: true})
	require.ErrorContains(t, err, "nothing to resume")
}

// TestInterruptSingleFile checks that a cancelled single-file export leaves
// neither the file nor a temporary one.
func TestInterruptSingleFile(t *testing.T) {
	f := newFixture(t)
	seedNumbered(t, f.srv, "numbers", 250)
	dir := t.TempDir()
	for _, name := range []string{"n.csv", "n.jsonl", "n.parquet"} {
		ctx, cancel := context.WithCancel(context.Background())
		_, err := export.Run(ctx, export.Job{DB: f.db, Table: "numbers", Out: filepath.Join(dir, name),
			Progress: func(n int64) {
				if n == 120 {
					cancel()
				}
			}})
		cancel()
		require.ErrorIs(t, err, context.Canceled)
	}
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries)
}

// partRows lists the row counts of a manifest's parts.
func partRows(m *export.Manifest) []int64 {
	var out []int64
	for _, p := range m.Parts {
		out = append(out, p.Rows)
	}
	return out
}

// indexOf is the position of name in names, -1 if absent.
func indexOf(names []string, name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	return -1
}
