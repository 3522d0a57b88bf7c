package export_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/export"
	"github.com/kintone-sql/kintone/kintonetest/demo"
	"github.com/stretchr/testify/require"
)

// exportTable runs a whole-table export of table to out.
func exportTable(t testing.TB, f *fixture, table, out string, mutate func(*export.Job)) export.Result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	job := export.Job{DB: f.db, Connector: f.conn, Table: table, Out: out}
	if mutate != nil {
		mutate(&job)
	}
	res, err := export.Run(ctx, job)
	require.NoError(t, err)
	return res
}

// roundTripTables are the tables every format is checked on.
var roundTripTables = []string{demo.DealsName, demo.CustomersName, demo.TasksName, everyTypeApp}

// TestRoundTripText exports CSV (UTF-8, BOM, Shift_JIS), TSV and JSON
// Lines, reads each back with an ordinary reader and compares every value
// with the driver's, parsed as the driver's column type.
func TestRoundTripText(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name, ext string
		enc       export.Encoding
		comma     rune
	}{
		{"csv", ".csv", export.UTF8, ','},
		{"csv-bom", ".csv", export.UTF8BOM, ','},
		{"tsv", ".tsv", export.UTF8, '\t'},
	}
	for _, table := range roundTripTables {
		names, types, want := driverRows(t, f.db, export.TableQuery(table, 0))
		require.NotEmpty(t, want)
		for _, tc := range cases {
			t.Run(table+"/"+tc.name, func(t *testing.T) {
				out := filepath.Join(t.TempDir(), "out"+tc.ext)
				res := exportTable(t, f, table, out, func(j *export.Job) { j.Options.Encoding = tc.enc })
				require.EqualValues(t, len(want), res.Rows)
				header, recs := readCSV(t, out, tc.comma, false)
				require.Equal(t, names, header)
				require.Len(t, recs, len(want))
				for r, rec := range recs {
					for c, s := range rec {
						where := fmt.Sprintf("row %d column %s", r+1, names[c])
						if want[r][c] == nil {
							require.Empty(t, s, where)
							continue
						}
						requireSame(t, types[c], want[r][c], textAs(t, types[c], s), where)
					}
				}
			})
		}
		t.Run(table+"/jsonl", func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "out.jsonl")
			exportTable(t, f, table, out, nil)
			keys, rows := readJSONL(t, out)
			require.Len(t, rows, len(want))
			for r, row := range rows {
				require.Equal(t, names, keys[r])
				for c, v := range row {
					where := fmt.Sprintf("row %d column %s", r+1, names[c])
					requireSame(t, types[c], want[r][c], jsonAs(t, types[c], v), where)
				}
			}
		})
	}
}

// jsonAs converts a decoded JSON Lines value to the driver type's Go
// value, checking the JSON type matches (numbers are numbers, and so on).
func jsonAs(t testing.TB, typ string, v any) any {
	t.Helper()
	switch x := v.(type) {
	case nil:
		return nil
	case json.Number:
		require.Contains(t, []string{"BIGINT", "DECIMAL", "DOUBLE"}, typ, "a number in a %s column", typ)
		return textAs(t, typ, x.String())
	case string:
		require.NotContains(t, []string{"BIGINT", "DECIMAL", "DOUBLE", "JSON", "BOOLEAN"}, typ, "a string in a %s column", typ)
		return textAs(t, typ, x)
	case bool:
		require.Equal(t, "BOOLEAN", typ)
		return x
	case []any, map[string]any:
		require.Equal(t, "JSON", typ)
		return x
	}
	t.Fatalf("unexpected JSON value %T", v)
	return nil
}

// TestRoundTripParquet exports Parquet, reads it back with parquet-go's
// generic reader and compares types and values with the driver's.
func TestRoundTripParquet(t *testing.T) {
	f := newFixture(t)
	wantLogical := map[string]string{
		"BIGINT": "INT(64,true)", "DECIMAL": "DECIMAL(38,10)", "DATE": "DATE",
		"DATETIME": "TIMESTAMP(isAdjustedToUTC=true,unit=MILLIS)", "TIME": "TIME(isAdjustedToUTC=false,unit=MILLIS)",
		"VARCHAR": "STRING",
	}
	for _, table := range roundTripTables {
		for _, codec := range []export.Compression{export.Zstd, export.Snappy} {
			t.Run(table+"/"+string(codec), func(t *testing.T) {
				names, types, want := driverRows(t, f.db, export.TableQuery(table, 0))
				out := filepath.Join(t.TempDir(), "out.parquet")
				// A tiny row-group budget makes several row groups.
				exportTable(t, f, table, out, func(j *export.Job) {
					j.Options.Compression, j.Options.RowGroupBytes = codec, 2000
				})
				cols, rows := readParquet(t, out)
				require.Len(t, cols, len(names))
				for i, c := range cols {
					requireParquetName(t, names[i], c.Name)
					if l, ok := wantLogical[types[i]]; ok {
						require.Equal(t, l, c.Logical, "column %s", c.Name)
					}
				}
				if table == everyTypeApp {
					logical := map[string]string{}
					for _, c := range cols {
						logical[c.Name] = c.Logical
					}
					require.Equal(t, "LIST<STRING>", logical["tags"], "CHECK_BOX")
					require.Equal(t, "LIST<STRING>", logical["langs"], "MULTI_SELECT")
					require.Equal(t, "JSON", logical["owner"], "USER_SELECT")
				}
				require.Len(t, rows, len(want))
				for r, row := range rows {
					for c, v := range row {
						requireSame(t, types[c], want[r][c], v, fmt.Sprintf("row %d column %s", r+1, names[c]))
					}
				}
			})
		}
	}
}

// TestCopyToWriter streams a query's rows to a buffer with Copy (the
// driver reads an empty CHECK_BOX as NULL).
func TestCopyToWriter(t *testing.T) {
	f := newFixture(t)
	rows, err := f.db.Query("SELECT `$id`, tags FROM every_type WHERE `$id` <= 3 ORDER BY `$id`")
	require.NoError(t, err)
	defer rows.Close()
	var buf bytes.Buffer
	n, err := export.Copy(context.Background(), &buf, export.JSONL, export.Options{}, rows)
	require.NoError(t, err)
	require.EqualValues(t, 3, n)
	require.Equal(t, `{"$id":1,"tags":null}`+"\n"+`{"$id":2,"tags":["赤"]}`+"\n"+`{"$id":3,"tags":["赤","a,b"]}`+"\n", buf.String())
}

// TestResumeNeedsAppTable refuses to resume a subtable export, whose
// records span several rows.
func TestResumeNeedsAppTable(t *testing.T) {
	f := newFixture(t)
	_, err := export.Run(context.Background(), export.Job{DB: f.db, Connector: f.conn, Table: everyTypeApp + "_lines",
		Out: filepath.Join(t.TempDir(), "lines"), PartitionRows: 10, Resume: true})
	require.ErrorContains(t, err, "resume works for app tables only")
}
