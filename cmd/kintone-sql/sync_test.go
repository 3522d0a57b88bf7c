package main

import (
	"database/sql"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite"
)

// TestSyncCommand syncs two demo apps into SQLite twice: the first run
// copies them, the second finds nothing to change.
func TestSyncCommand(t *testing.T) {
	t.Setenv("KINTONE_DSN", "")
	file := filepath.Join(t.TempDir(), "demo.sqlite")
	code, stdout, stderr := runCLI(t, "sync", "--to", "sqlite:"+file, "Deals", "顧客")
	require.Equal(t, 0, code, stderr)
	lite, err := sql.Open("sqlite", file)
	require.NoError(t, err)
	defer lite.Close()
	var deals int
	require.NoError(t, lite.QueryRow(`SELECT COUNT(*) FROM "Deals"`).Scan(&deals))
	require.Positive(t, deals)
	require.Contains(t, stdout, "Deals: copied "+groupDigits(int64(deals))+" records (full copy)")
	require.Contains(t, stdout, "顧客: copied")
	require.Contains(t, stderr, "Synced 2 apps")

	code, stdout, stderr = runCLI(t, "sync", "--to", "sqlite:"+file, "Deals")
	require.Equal(t, 0, code, stderr)
	require.Equal(t, "Deals: 0 added, 0 updated, 0 deleted\n", stdout)
}

// TestSyncUsage checks the sync command's usage errors.
func TestSyncUsage(t *testing.T) {
	for want, args := range map[string][]string{
		"--to is required":       {"sync", "Deals"},
		"name at least one app":  {"sync", "--to", "sqlite:x.db"},
		"--margin must be posit": {"sync", "--to", "d", "--margin", "-1m", "Deals"},
	} {
		code, _, stderr := runCLI(t, args...)
		require.Equal(t, 2, code)
		require.Contains(t, stderr, want)
	}
	t.Setenv("KINTONE_DSN", "")
	code, _, stderr := runCLI(t, "sync", "--to", "sqlite:"+filepath.Join(t.TempDir(), "x.db"), "NoSuchApp")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "NoSuchApp")
}
