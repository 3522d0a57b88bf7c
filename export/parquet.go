package export

import (
	"errors"
	"fmt"
	"io"
	"math/big"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress"
	"github.com/parquet-go/parquet-go/compress/snappy"
	"github.com/parquet-go/parquet-go/compress/uncompressed"
	"github.com/shopspring/decimal"
)

// defaultRowGroupBytes bounds the values a row group buffers in memory.
const defaultRowGroupBytes = 8 << 20

// pageBufferSize bounds the uncompressed size of a Parquet page.
const pageBufferSize = 256 << 10

// parquetBatch is how many rows go to the Parquet writer at a time.
const parquetBatch = 256

// parquetWriter writes typed columns with parquet-go, ending a row group
// whenever about RowGroupBytes of values are buffered, so memory stays
// bounded however many rows there are.
type parquetWriter struct {
	w        *parquet.Writer
	cols     []Column
	batch    []parquet.Row
	buffered int // approximate bytes of values in the open row group
	limit    int
	row      int64
}

// newParquetWriter prepares the schema and codec.
func newParquetWriter(w io.Writer, cols []Column, opts Options) (*parquetWriter, error) {
	codec, err := parquetCodec(opts.Compression)
	if err != nil {
		return nil, err
	}
	limit := opts.RowGroupBytes
	if limit <= 0 {
		limit = defaultRowGroupBytes
	}
	pw := parquet.NewWriter(w, parquetSchema(cols), parquet.Compression(codec),
		parquet.CreatedBy("kintone-sql", "", ""), parquet.PageBufferSize(pageBufferSize))
	return &parquetWriter{w: pw, cols: cols, limit: limit}, nil
}

// parquetCodec maps a compression name to a codec.
func parquetCodec(name Compression) (compress.Codec, error) {
	c, err := ParseCompression(string(name))
	switch {
	case err != nil:
		return nil, err
	case c == Snappy:
		return &snappy.Codec{}, nil
	case c == Uncompressed:
		return &uncompressed.Codec{}, nil
	}
	return &zstdCodec{}, nil
}

// WriteRow converts one row and writes a batch when it is full.
func (p *parquetWriter) WriteRow(vals []any) error {
	p.row++
	row := make(parquet.Row, 0, len(p.cols))
	for i, c := range p.cols {
		var err error
		row, err = p.appendValue(row, i, c, vals[i])
		if err != nil {
			return cellError(p.row, c, err)
		}
	}
	p.batch = append(p.batch, row)
	if len(p.batch) >= parquetBatch {
		return p.flushBatch()
	}
	return nil
}

// flushBatch hands the batch to the writer and ends the row group when
// enough is buffered.
func (p *parquetWriter) flushBatch() error {
	if len(p.batch) == 0 {
		return nil
	}
	if _, err := p.w.WriteRows(p.batch); err != nil {
		return fmt.Errorf("export: writing Parquet rows: %w", err)
	}
	p.batch = p.batch[:0]
	if p.buffered >= p.limit {
		p.buffered = 0
		if err := p.w.Flush(); err != nil {
			return fmt.Errorf("export: writing a Parquet row group: %w", err)
		}
	}
	return nil
}

// Close writes the last rows and the footer.
func (p *parquetWriter) Close() error {
	if err := p.flushBatch(); err != nil {
		return err
	}
	if err := p.w.Close(); err != nil {
		return fmt.Errorf("export: closing Parquet file: %w", err)
	}
	return nil
}

// appendValue appends column i's value with its levels: definition 0 for
// NULL, 1 for a value; a list adds one level for its elements.
func (p *parquetWriter) appendValue(row parquet.Row, i int, c Column, v any) (parquet.Row, error) {
	if v == nil {
		return append(row, parquet.NullValue().Level(0, 0, i)), nil
	}
	if c.Kind == KindStringList {
		list, err := stringList(v)
		if err != nil {
			return row, err
		}
		if len(list) == 0 {
			return append(row, parquet.NullValue().Level(0, 1, i)), nil
		}
		for j, s := range list {
			rep := 1
			if j == 0 {
				rep = 0
			}
			p.buffered += len(s) + 8
			row = append(row, parquet.ByteArrayValue([]byte(s)).Level(rep, 2, i))
		}
		return row, nil
	}
	val, size, err := parquetValue(c, v)
	if err != nil {
		return row, err
	}
	p.buffered += size
	return append(row, val.Level(0, 1, i)), nil
}

// parquetValue converts a non-NULL scalar and estimates its buffered size.
func parquetValue(c Column, v any) (parquet.Value, int, error) {
	switch c.Kind {
	case KindInt64:
		if n, ok := v.(int64); ok {
			return parquet.Int64Value(n), 8, nil
		}
	case KindDouble:
		if f, ok := v.(float64); ok {
			return parquet.DoubleValue(f), 8, nil
		}
	case KindBool:
		if b, ok := v.(bool); ok {
			return parquet.BooleanValue(b), 1, nil
		}
	case KindDecimal:
		b, err := decimalBytes(v, c.Scale)
		if err != nil {
			return parquet.Value{}, 0, err
		}
		return parquet.FixedLenByteArrayValue(b), 16, nil
	case KindDate:
		if t, ok := v.(time.Time); ok {
			days := t.UTC().Unix() / 86400
			if t.UTC().Unix() < 0 && t.UTC().Unix()%86400 != 0 {
				days--
			}
			return parquet.Int32Value(int32(days)), 4, nil
		}
	case KindTimestamp:
		if t, ok := v.(time.Time); ok {
			return parquet.Int64Value(t.UnixMilli()), 8, nil
		}
	case KindTime:
		if t, ok := v.(time.Time); ok {
			t = t.UTC()
			ms := ((t.Hour()*60+t.Minute())*60+t.Second())*1000 + t.Nanosecond()/1e6
			return parquet.Int32Value(int32(ms)), 4, nil
		}
	default:
		s, _, err := textValue(c, v)
		if err != nil {
			return parquet.Value{}, 0, err
		}
		return parquet.ByteArrayValue([]byte(s)), len(s) + 4, nil
	}
	return parquet.Value{}, 0, fmt.Errorf("a %s column got a value of type %T", c.Kind, v)
}

// errDecimalRange reports a NUMBER that does not fit DECIMAL(38, scale).
var errDecimalRange = errors.New("does not fit DECIMAL(38)")

// decimalBytes encodes a decimal value (text from the driver) as the
// 16-byte big-endian two's complement of its unscaled value. A value with
// more fractional digits than scale, or too many digits, is an error:
// nothing is rounded.
func decimalBytes(v any, scale int) ([]byte, error) {
	s, ok := v.(string)
	if !ok {
		if f, isFloat := v.(float64); isFloat {
			s = decimal.NewFromFloat(f).String()
		} else {
			return nil, fmt.Errorf("a decimal column got a value of type %T", v)
		}
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return nil, fmt.Errorf("%q is not a number", s)
	}
	scaled := d.Shift(int32(scale))
	if !scaled.Equal(scaled.Truncate(0)) {
		return nil, fmt.Errorf("%s has more than %d fractional digits: %w", s, scale, errDecimalRange)
	}
	n := scaled.BigInt()
	if n.CmpAbs(maxDecimal) >= 0 {
		return nil, fmt.Errorf("%s has too many digits: %w", s, errDecimalRange)
	}
	return twosComplement16(n), nil
}

// maxDecimal is 10^38, one more than the largest DECIMAL(38) magnitude.
var maxDecimal = new(big.Int).Exp(big.NewInt(10), big.NewInt(decimalPrecision), nil)

// twosComplement16 writes n (|n| < 10^38) as 16 big-endian bytes.
func twosComplement16(n *big.Int) []byte {
	out := make([]byte, 16)
	if n.Sign() >= 0 {
		n.FillBytes(out)
		return out
	}
	// 2^128 + n for negative n.
	m := new(big.Int).Lsh(big.NewInt(1), 128)
	m.Add(m, n)
	m.FillBytes(out)
	return out
}
