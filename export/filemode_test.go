package export_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kintone-sql/kintone/export"
	"github.com/kintone-sql/kintone/kintonetest/demo"
	"github.com/stretchr/testify/require"
)

// TestOutputModesFollowTheUmask checks that exported files and sync
// directories get the permissions any file the user writes gets (os.Create
// and os.Mkdir under the same umask), not the owner-only modes of
// temporary files: a BI tool or a colleague reads them like any output.
func TestOutputModesFollowTheUmask(t *testing.T) {
	f := newFixture(t)
	dir := t.TempDir()
	ref, err := os.Create(filepath.Join(dir, "reference"))
	require.NoError(t, err)
	require.NoError(t, ref.Close())
	require.NoError(t, os.Mkdir(filepath.Join(dir, "reference-dir"), 0o777))
	fileMode := mode(t, filepath.Join(dir, "reference"))
	dirMode := mode(t, filepath.Join(dir, "reference-dir"))

	for _, name := range []string{"deals.csv", "deals.parquet", "deals.jsonl"} {
		out := filepath.Join(dir, name)
		exportTable(t, f, demo.DealsName, out, nil)
		require.Equal(t, fileMode, mode(t, out), name)
	}
	parts := filepath.Join(dir, "parts")
	exportTable(t, f, demo.DealsName, parts, func(j *export.Job) { j.PartitionRows = 100 })
	require.Equal(t, fileMode, mode(t, filepath.Join(parts, "part-00000.parquet")))
	require.Equal(t, fileMode, mode(t, filepath.Join(parts, "manifest.json")))

	lake := filepath.Join(dir, "lake")
	_, err = export.Sync(context.Background(), export.SyncJob{DB: f.db, Connector: f.conn, Apps: []string{demo.DealsName}, Dir: lake})
	require.NoError(t, err)
	require.Equal(t, dirMode, mode(t, filepath.Join(lake, demo.DealsName)))
	require.Equal(t, fileMode, mode(t, filepath.Join(lake, demo.DealsName, "part-00000.parquet")))
}

// mode is the permission bits of path.
func mode(t *testing.T, path string) os.FileMode {
	t.Helper()
	st, err := os.Stat(path)
	require.NoError(t, err)
	return st.Mode().Perm()
}
