package export

import (
	"bytes"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/stretchr/testify/require"
)

// TestParquetColumnNames writes columns whose names Parquet tools find
// awkward (commas, dots, spaces, Japanese, a repeated name) and checks
// they keep their order, and that a name repeated (ignoring case) gets a
// suffix.
func TestParquetColumnNames(t *testing.T) {
	cols := []Column{
		{Name: "price, tax", Kind: KindDecimal, Scale: 2}, {Name: "a.b", Kind: KindString},
		{Name: "作成日時", Kind: KindInt64}, {Name: "a.b", Kind: KindString}, {Name: "Zed", Kind: KindStringList},
		{Name: "A.B", Kind: KindString},
	}
	var buf bytes.Buffer
	w, err := NewWriter(&buf, Parquet, cols, Options{})
	require.NoError(t, err)
	require.NoError(t, w.WriteRow([]any{"1.25", "x", int64(3), nil, `["p","q"]`, "y"}))
	require.NoError(t, w.Close())
	f, err := parquet.OpenFile(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	require.NoError(t, err)
	var names []string
	for _, fl := range f.Schema().Fields() {
		names = append(names, fl.Name())
	}
	require.Equal(t, []string{"price, tax", "a.b", "作成日時", "a.b #2", "Zed", "A.B #3"}, names)
	require.EqualValues(t, 1, f.NumRows())
}

// TestDecimalBytes checks the DECIMAL encoding at its edges.
func TestDecimalBytes(t *testing.T) {
	b, err := decimalBytes("-1", 0)
	require.NoError(t, err)
	require.Equal(t, bytes.Repeat([]byte{0xFF}, 16), b)
	b, err = decimalBytes("1.5", 2)
	require.NoError(t, err)
	require.Equal(t, append(make([]byte, 15), 150), b)
	_, err = decimalBytes("1e28", 10)
	require.ErrorIs(t, err, errDecimalRange)
	_, err = decimalBytes("0.001", 2)
	require.ErrorIs(t, err, errDecimalRange)
	_, err = decimalBytes("abc", 2)
	require.ErrorContains(t, err, "not a number")
}
