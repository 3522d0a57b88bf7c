package main

import (
	"path/filepath"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestParseCopy checks the \copy syntax and its errors.
func TestParseCopy(t *testing.T) {
	c, err := parseCopy(`(SELECT a, ")" FROM t WHERE b = 'x)y') TO 'out file.csv' WITH (FORMAT tsv, ENCODING 'shift_jis');`)
	require.NoError(t, err)
	require.Equal(t, copyCommand{query: `SELECT a, ")" FROM t WHERE b = 'x)y'`, file: "out file.csv", format: "tsv", encoding: "shift_jis"}, c)
	c, err = parseCopy(`Deals TO deals.parquet`)
	require.NoError(t, err)
	require.Equal(t, copyCommand{table: "Deals", file: "deals.parquet"}, c)
	for text, want := range map[string]string{
		`(SELECT 1 TO 'x.csv'`:                "unbalanced",
		`Deals FROM 'x.csv'`:                  "only TO",
		`(SELECT 1) TO STDOUT`:                "TO STDOUT is not supported",
		`(SELECT 1) TO 'x.csv' HEADER`:        "wants a value",
		`(SELECT 1) TO 'x.csv' DELIMITER '|'`: "unknown option",
		``:                                    "want a query",
		`()`:                                  "empty query",
	} {
		_, err := parseCopy(text)
		require.ErrorContains(t, err, want, text)
	}
}

// TestCopyCommand runs \copy in the shell against the demo tenant and
// reads the file back.
func TestCopyCommand(t *testing.T) {
	t.Setenv("KINTONE_DSN", "")
	dir := t.TempDir()
	out := filepath.Join(dir, "big.csv")
	code, stdout, stderr := runCLI(t, "-c", "\\copy (SELECT `$id`, Amount FROM Deals WHERE Amount > 1000000 ORDER BY `$id`) TO '"+out+"'")
	require.Equal(t, 0, code, stderr)
	recs := readCSVFile(t, out)
	require.Equal(t, []string{"$id", "Amount"}, recs[0])
	require.Contains(t, stdout, "COPY "+strconv.Itoa(len(recs)-1))

	pq := filepath.Join(dir, "deals.parquet")
	code, _, stderr = runCLI(t, "-c", `\copy Deals TO '`+pq+`'`)
	require.Equal(t, 0, code, stderr)
	require.FileExists(t, pq)

	code, _, stderr = runCLI(t, "-c", `\copy (SELECT * FROM NoSuchTable) TO '`+filepath.Join(dir, "x.csv")+`'`)
	require.Equal(t, 1, code)
	require.Contains(t, stderr, "NoSuchTable")
	require.NoFileExists(t, filepath.Join(dir, "x.csv"))
}
