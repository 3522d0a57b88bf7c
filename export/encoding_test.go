package export_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/kintone-sql/kintone/export"
	kt "github.com/kintone-sql/kintone/kintonetest"
	"github.com/stretchr/testify/require"
)

// TestShiftJISRoundTrip exports the every-type app as Shift_JIS CSV and
// reads it back through a Shift_JIS decoder.
func TestShiftJISRoundTrip(t *testing.T) {
	f := newFixture(t)
	names, types, want := driverRows(t, f.db, export.TableQuery(everyTypeApp, 0))
	out := filepath.Join(t.TempDir(), "sjis.csv")
	exportTable(t, f, everyTypeApp, out, func(j *export.Job) { j.Options.Encoding = export.ShiftJIS })
	raw, err := os.ReadFile(out)
	require.NoError(t, err)
	require.False(t, bytes.Contains(raw, []byte("見積もり")), "the file must not be UTF-8")
	header, recs := readCSV(t, out, ',', true)
	require.Equal(t, names, header)
	require.Len(t, recs, len(want))
	for r, rec := range recs {
		for c, s := range rec {
			if want[r][c] == nil {
				require.Empty(t, s)
				continue
			}
			requireSame(t, types[c], want[r][c], textAs(t, types[c], s), names[c])
		}
	}
}

// TestShiftJISUnencodable checks that a character Shift_JIS lacks is an
// error naming the row and column, that no file is left behind, and that
// Replace writes '?' instead.
func TestShiftJISUnencodable(t *testing.T) {
	f := newFixture(t)
	app, err := f.srv.CreateApp(kt.AppSpec{Name: "sushi", Fields: []*kt.Field{
		{Type: kt.TypeSingleLineText, Code: "dish", Label: "dish"},
	}})
	require.NoError(t, err)
	_, err = f.srv.AddRecords(app, []map[string]any{{"dish": "鮨"}, {"dish": "寿司🍣"}})
	require.NoError(t, err)
	dir := t.TempDir()
	out := filepath.Join(dir, "sushi.csv")
	job := export.Job{DB: f.db, Query: "SELECT dish FROM sushi ORDER BY `$id`", Out: out,
		Options: export.Options{Encoding: export.ShiftJIS}}
	_, err = export.Run(context.Background(), job)
	require.Error(t, err)
	require.Contains(t, err.Error(), `row 2, column "dish"`)
	require.Contains(t, err.Error(), "U+1F363")
	entries, err := os.ReadDir(dir)
	require.NoError(t, err)
	require.Empty(t, entries, "a failed export leaves no file, temporary or not")

	job.Options.Replace = true
	_, err = export.Run(context.Background(), job)
	require.NoError(t, err)
	_, recs := readCSV(t, out, ',', true)
	require.Equal(t, [][]string{{"鮨"}, {"寿司?"}}, recs)
}

// TestDecimalOutOfRange checks that a NUMBER with more fractional digits
// than the Parquet scale is an error, not a rounded value.
func TestDecimalOutOfRange(t *testing.T) {
	f := newFixture(t)
	app, err := f.srv.CreateApp(kt.AppSpec{Name: "fine", Fields: []*kt.Field{
		{Type: kt.TypeNumber, Code: "x", Label: "x"},
	}})
	require.NoError(t, err)
	_, err = f.srv.AddRecords(app, []map[string]any{{"x": "1.5"}, {"x": "0.000000000001"}})
	require.NoError(t, err)
	out := filepath.Join(t.TempDir(), "fine.parquet")
	_, err = export.Run(context.Background(), export.Job{DB: f.db, Query: "SELECT x FROM fine ORDER BY `$id`", Out: out})
	require.Error(t, err)
	require.Contains(t, err.Error(), `row 2, column "x"`)
	require.Contains(t, err.Error(), "more than 10 fractional digits")
	require.NoFileExists(t, out)
}
