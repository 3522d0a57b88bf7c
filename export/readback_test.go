package export_test

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"math/big"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/japanese"
)

// readCSV reads a CSV or TSV file (after decoding Shift_JIS or dropping a
// UTF-8 BOM) into its header and records.
func readCSV(t testing.TB, path string, comma rune, sjis bool) ([]string, [][]string) {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	if sjis {
		b, err = japanese.ShiftJIS.NewDecoder().Bytes(b)
		require.NoError(t, err)
	}
	b = bytes.TrimPrefix(b, []byte("\xEF\xBB\xBF"))
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = comma
	recs, err := r.ReadAll()
	require.NoError(t, err)
	require.NotEmpty(t, recs, "no header row")
	return recs[0], recs[1:]
}

// readJSONL reads a JSON Lines file: each line's keys in order and values
// (numbers as json.Number).
func readJSONL(t testing.TB, path string) ([][]string, [][]any) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	var keys [][]string
	var rows [][]any
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
		dec.UseNumber()
		tok, err := dec.Token()
		require.NoError(t, err)
		require.Equal(t, json.Delim('{'), tok)
		var ks []string
		var vs []any
		for dec.More() {
			k, err := dec.Token()
			require.NoError(t, err)
			var v any
			require.NoError(t, dec.Decode(&v))
			ks, vs = append(ks, k.(string)), append(vs, v)
		}
		keys, rows = append(keys, ks), append(rows, vs)
	}
	require.NoError(t, sc.Err())
	return keys, rows
}

// parquetColumn is a column of a Parquet file as read back.
type parquetColumn struct {
	Name    string
	Logical string // the logical type, e.g. DECIMAL(38,10); "" for none
	List    bool
}

// readParquet reads a Parquet file with parquet-go's generic row reader and
// decodes each value from its physical and logical type alone.
func readParquet(t testing.TB, path string) ([]parquetColumn, [][]any) {
	t.Helper()
	f, err := os.Open(path)
	require.NoError(t, err)
	defer f.Close()
	st, err := f.Stat()
	require.NoError(t, err)
	pf, err := parquet.OpenFile(f, st.Size())
	require.NoError(t, err)
	var cols []parquetColumn
	var leaves []parquet.Node
	for _, fl := range pf.Schema().Fields() {
		c := parquetColumn{Name: fl.Name()}
		leaf := parquet.Node(fl)
		lt := fl.Type().LogicalType()
		if _, isList := logicalOf(lt).(*format.ListType); isList {
			c.List = true
			leaf = fl.Fields()[0].Fields()[0]
			c.Logical = "LIST<" + leaf.Type().LogicalType().String() + ">"
		} else if lt != nil {
			c.Logical = lt.String()
		}
		cols, leaves = append(cols, c), append(leaves, leaf)
	}
	var out [][]any
	buf := make([]parquet.Row, 64)
	for _, rg := range pf.RowGroups() {
		rr := rg.Rows()
		for {
			n, err := rr.ReadRows(buf)
			for _, row := range buf[:n] {
				out = append(out, decodeParquetRow(t, cols, leaves, row))
			}
			if errors.Is(err, io.EOF) {
				break
			}
			require.NoError(t, err)
		}
		require.NoError(t, rr.Close())
	}
	require.EqualValues(t, pf.NumRows(), len(out))
	return cols, out
}

// decodeParquetRow turns one row's leaf values into Go values: int64,
// float64, bool, string, decimal.Decimal, time.Time, []string or nil.
func decodeParquetRow(t testing.TB, cols []parquetColumn, leaves []parquet.Node, row parquet.Row) []any {
	out := make([]any, len(cols))
	for _, v := range row {
		i := v.Column()
		if cols[i].List {
			switch {
			case v.DefinitionLevel() == 0:
			case v.DefinitionLevel() == 1:
				out[i] = []string{}
			default:
				l, _ := out[i].([]string)
				out[i] = append(l, string(v.ByteArray()))
			}
			continue
		}
		if v.IsNull() {
			continue
		}
		switch lt := logicalOf(leaves[i].Type().LogicalType()).(type) {
		case *format.DecimalType:
			out[i] = decimalFromBytes(v.ByteArray(), int(lt.Scale))
		case *format.DateType:
			out[i] = time.Unix(int64(v.Int32())*86400, 0).UTC()
		case *format.TimestampType:
			require.True(t, lt.IsAdjustedToUTC)
			out[i] = time.UnixMilli(v.Int64()).UTC()
		case *format.JsonType:
			var j any
			require.NoError(t, json.Unmarshal(v.ByteArray(), &j))
			out[i] = j
		case *format.TimeType:
			out[i] = time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC).Add(time.Duration(v.Int32()) * time.Millisecond)
		}
		if out[i] != nil {
			continue
		}
		switch {
		case v.Kind() == parquet.Int64:
			out[i] = v.Int64()
		case v.Kind() == parquet.Double:
			out[i] = v.Double()
		case v.Kind() == parquet.Boolean:
			out[i] = v.Boolean()
		default:
			out[i] = string(v.ByteArray())
		}
	}
	return out
}

// logicalOf is the logical type's value, nil when there is none.
func logicalOf(lt *format.LogicalType) any {
	if lt == nil {
		return nil
	}
	return lt.Value
}

// decimalFromBytes reads a big-endian two's complement unscaled value.
func decimalFromBytes(b []byte, scale int) decimal.Decimal {
	n := new(big.Int).SetBytes(b)
	if len(b) > 0 && b[0]&0x80 != 0 {
		n.Sub(n, new(big.Int).Lsh(big.NewInt(1), uint(8*len(b))))
	}
	return decimal.NewFromBigInt(n, int32(-scale))
}

// textAs parses a CSV/TSV/JSON Lines text value as the driver type typ
// names, the way a reader of the file would.
func textAs(t testing.TB, typ, s string) any {
	t.Helper()
	var v any
	var err error
	switch typ {
	case "BIGINT":
		v, err = strconv.ParseInt(s, 10, 64)
	case "DECIMAL":
		v, err = decimal.NewFromString(s)
	case "DOUBLE":
		v, err = strconv.ParseFloat(s, 64)
	case "BOOLEAN":
		v, err = strconv.ParseBool(s)
	case "DATE":
		v, err = time.Parse("2006-01-02", s)
	case "DATETIME":
		v, err = time.Parse(time.RFC3339, s)
	case "TIME":
		var tm time.Time
		tm, err = time.Parse("15:04:05", s)
		v = time.Date(0, 1, 1, tm.Hour(), tm.Minute(), tm.Second(), 0, time.UTC)
	case "JSON":
		err = json.Unmarshal([]byte(s), &v)
	default:
		v = s
	}
	require.NoError(t, err, "%s value %q", typ, s)
	return v
}

// requireSame asserts that got (read back from a file, decoded to Go)
// equals the driver's value want of type typ.
func requireSame(t testing.TB, typ string, want, got any, where string) {
	t.Helper()
	if want == nil {
		require.Nil(t, got, where)
		return
	}
	require.NotNil(t, got, where)
	switch typ {
	case "DECIMAL":
		w, err := decimal.NewFromString(want.(string))
		require.NoError(t, err, where)
		g, ok := got.(decimal.Decimal)
		require.True(t, ok, "%s: got %T, want a decimal", where, got)
		require.True(t, w.Equal(g), "%s: got %s, want %s", where, g, w)
	case "DATE", "DATETIME", "TIME":
		g, ok := got.(time.Time)
		require.True(t, ok, "%s: got %T, want a time", where, got)
		require.True(t, want.(time.Time).Equal(g), "%s: got %s, want %s", where, g, want)
	case "JSON":
		var w any
		text, isText := want.(string)
		if b, ok := want.([]byte); ok { // the driver delivers JSON columns as []byte
			text, isText = string(b), true
		}
		require.True(t, isText, "%s: the driver gave %T for a JSON column", where, want)
		require.NoError(t, json.Unmarshal([]byte(text), &w), where)
		if l, ok := got.([]string); ok {
			got = toAnySlice(l)
		}
		require.Equal(t, w, got, where)
	default:
		require.Equal(t, want, got, where)
	}
}

// toAnySlice converts a string list to the shape json.Unmarshal gives.
func toAnySlice(l []string) []any {
	out := make([]any, len(l))
	for i, s := range l {
		out[i] = s
	}
	return out
}

// requireParquetName checks a Parquet or SQLite column name against the
// driver's: the schema already makes a table's names unique ignoring case,
// so they are equal.
func requireParquetName(t testing.TB, want, got string) {
	t.Helper()
	require.Equal(t, want, got)
}
