package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/export"
	"github.com/stretchr/testify/require"
)

// runCLI runs kintone-sql with args and returns the exit code and output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var stdout, stderr bytes.Buffer
	code := run(ctx, args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

// readCSVFile reads every record of a CSV file.
func readCSVFile(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	return recs
}

// TestExportCommand exports a demo table to CSV and a query to partitioned
// Parquet, and checks the files and the summary.
func TestExportCommand(t *testing.T) {
	t.Setenv("KINTONE_DSN", "")
	dir := t.TempDir()
	out := filepath.Join(dir, "deals.csv")
	code, _, stderr := runCLI(t, "export", "--out", out, "Deals")
	require.Equal(t, 0, code, stderr)
	recs := readCSVFile(t, out)
	require.Greater(t, len(recs), 1)
	require.Equal(t, "$id", recs[0][0])
	require.Contains(t, stderr, "Exported "+groupDigits(int64(len(recs)-1))+" rows to 1 file")
	require.NotContains(t, stderr, clearLine, "no progress line when stderr is not a terminal")

	parts := filepath.Join(dir, "parts")
	code, _, stderr = runCLI(t, "export", "--quiet", "--out", parts, "--partition-rows", "7",
		"--query", "SELECT `$id`, Amount FROM Deals WHERE Amount > 1000000")
	require.Equal(t, 0, code, stderr)
	require.Empty(t, stderr, "--quiet prints nothing")
	m, err := export.ReadManifest(parts)
	require.NoError(t, err)
	require.True(t, m.Complete)
	require.Equal(t, export.Parquet, m.Format)
	require.Equal(t, []export.ManifestColumn{{Name: "$id", Type: "int64"}, {Name: "Amount", Type: "decimal"}}, m.Columns)
	require.NotEmpty(t, m.Parts)
}

// TestExportUsage checks that bad command lines are usage errors naming
// the problem.
func TestExportUsage(t *testing.T) {
	cases := map[string][]string{
		"--out is required":            {"export", "Deals"},
		"give a table to export":       {"export", "--out", "x.csv"},
		"not both":                     {"export", "--out", "x.csv", "--query", "SELECT 1", "Deals"},
		`unknown encoding "latin1"`:    {"export", "--out", "x.csv", "--encoding", "latin1", "Deals"},
		`unknown format "xlsx"`:        {"export", "--out", "x.csv", "--format", "xlsx", "Deals"},
		`unknown compression "lz9"`:    {"export", "--out", "x.parquet", "--compression", "lz9", "Deals"},
		"one table at a time":          {"export", "--out", "x.csv", "Deals", "Tasks"},
		"--partition-rows must be pos": {"export", "--out", "d", "--partition-rows", "-1", "Deals"},
	}
	for want, args := range cases {
		code, _, stderr := runCLI(t, args...)
		require.Equal(t, 2, code, strings.Join(args, " "))
		require.Contains(t, stderr, want)
	}
	t.Setenv("KINTONE_DSN", "")
	code, _, stderr := runCLI(t, "export", "--out", filepath.Join(t.TempDir(), "x.xlsx"), "Deals")
	require.Equal(t, 1, code)
	require.Contains(t, stderr, `unknown format "xlsx"`)
}

// TestExportProgressText checks the progress line's rate and ETA.
func TestExportProgressText(t *testing.T) {
	var st engine.Stats
	st.Records.Store(1000)
	st.Expected.Store(5000)
	st.Requests.Store(2)
	require.Equal(t, "fetched 1,000 of 5,000 records (20%), 2 requests, 500 records/s, ETA 0:08",
		exportProgressText(&st, 2*time.Second))
	st.Expected.Store(-1)
	require.Equal(t, "fetched 1,000 records, 2 requests, 500 records/s", exportProgressText(&st, 2*time.Second))
}
