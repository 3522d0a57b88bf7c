package export_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/export"
	"github.com/stretchr/testify/require"
)

// duckDBTypes are the DuckDB types the driver's column types must read
// back as from Parquet ("LIST" for string lists).
var duckDBTypes = map[string]string{
	"BIGINT": "BIGINT", "DECIMAL": "DECIMAL(38,10)", "DATE": "DATE", "DATETIME": "TIMESTAMP WITH TIME ZONE",
	"TIME": "TIME", "VARCHAR": "VARCHAR", "DOUBLE": "DOUBLE", "BOOLEAN": "BOOLEAN",
}

// duckDBResult is what testdata/export-check/check.mjs prints.
type duckDBResult struct {
	Columns []struct{ Name, Type string }
	Rows    [][]*string
}

// readDuckDB reads a Parquet file with DuckDB through Node.
func readDuckDB(t *testing.T, path string) duckDBResult {
	t.Helper()
	script, err := filepath.Abs("../testdata/export-check/check.mjs")
	require.NoError(t, err)
	out, err := exec.Command("node", script, path).Output()
	if ee, ok := err.(*exec.ExitError); ok {
		t.Fatalf("check.mjs: %v\n%s", err, ee.Stderr)
	}
	require.NoError(t, err)
	var res duckDBResult
	require.NoError(t, json.Unmarshal(out, &res))
	return res
}

// TestParquetWithDuckDB reads exported Parquet with DuckDB, a reader
// independent of the Go writer, and compares its types and values with the
// driver's rows. CI sets KINTONE_EXPORT_DUCKDB=1 after installing
// @duckdb/node-api (npm ci --prefix testdata/export-check).
func TestParquetWithDuckDB(t *testing.T) {
	if os.Getenv("KINTONE_EXPORT_DUCKDB") != "1" {
		t.Skip("set KINTONE_EXPORT_DUCKDB=1 to read Parquet exports with DuckDB (needs node and `npm ci --prefix testdata/export-check`)")
	}
	f := newFixture(t)
	for _, table := range roundTripTables {
		t.Run(table, func(t *testing.T) {
			names, types, want := driverRows(t, f.db, export.TableQuery(table, 0))
			out := filepath.Join(t.TempDir(), "out.parquet")
			exportTable(t, f, table, out, func(j *export.Job) { j.Options.RowGroupBytes = 4000 })
			got := readDuckDB(t, out)
			require.Len(t, got.Columns, len(names))
			lists := map[int]bool{}
			for i, c := range got.Columns {
				requireParquetName(t, names[i], c.Name)
				switch {
				case types[i] == "JSON" && c.Type == "VARCHAR[]":
					lists[i] = true
				case types[i] == "JSON":
					require.Equal(t, "JSON", c.Type, c.Name)
				default:
					require.Equal(t, duckDBTypes[types[i]], c.Type, c.Name)
				}
			}
			if table == everyTypeApp {
				require.Len(t, lists, 2, "CHECK_BOX and MULTI_SELECT are lists")
			}
			require.Len(t, got.Rows, len(want))
			for r, row := range got.Rows {
				for c, s := range row {
					where := fmt.Sprintf("row %d column %s", r+1, names[c])
					if s == nil {
						require.Nil(t, want[r][c], where)
						continue
					}
					var v any
					if types[c] == "DATETIME" {
						ms, err := strconv.ParseInt(*s, 10, 64)
						require.NoError(t, err, where)
						v = time.UnixMilli(ms).UTC()
					} else {
						v = textAs(t, types[c], *s)
					}
					requireSame(t, types[c], want[r][c], v, where)
				}
			}
		})
	}
}
