package kintone

import (
	"database/sql/driver"
	"fmt"
	"io"
	"math"
	"reflect"
	"time"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
	"github.com/shopspring/decimal"
)

// rows streams the result of a query from an engine iterator.
type rows struct {
	cols   []engine.Column
	names  []string
	it     engine.Iterator
	closed bool
}

// Compile-time checks of the rows interfaces.
var (
	_ driver.Rows                           = (*rows)(nil)
	_ driver.RowsColumnTypeScanType         = (*rows)(nil)
	_ driver.RowsColumnTypeDatabaseTypeName = (*rows)(nil)
	_ driver.RowsColumnTypeNullable         = (*rows)(nil)
	_ driver.RowsColumnTypeLength           = (*rows)(nil)
	_ driver.RowsColumnTypePrecisionScale   = (*rows)(nil)
)

// newRows wraps an open iterator whose rows have the given columns.
func newRows(cols []engine.Column, it engine.Iterator) *rows {
	names := make([]string, len(cols))
	for i, c := range cols {
		names[i] = c.Name
	}
	return &rows{cols: cols, names: names, it: it}
}

// Columns returns the output column names.
func (r *rows) Columns() []string { return r.names }

// Close stops the query: pending requests end and an open kintone cursor is
// deleted. It is safe to call more than once.
func (r *rows) Close() error {
	if r.closed {
		return nil
	}
	r.closed = true
	return r.it.Close()
}

// Next fills dest with the next row, converting engine values to driver
// values (see driverValue); it returns io.EOF after the last row.
func (r *rows) Next(dest []driver.Value) error {
	if r.closed {
		return io.EOF
	}
	row, err := r.it.Next()
	if err != nil {
		return err
	}
	if len(row) != len(dest) {
		return fmt.Errorf("kintone: internal error: a row has %d values for %d columns", len(row), len(dest))
	}
	for i, v := range row {
		dv, err := driverValue(v)
		if err != nil {
			return fmt.Errorf("kintone: column %q: %w", r.names[i], err)
		}
		if s, ok := dv.(string); ok && r.cols[i].Type == schema.TypeJSON {
			dv = []byte(s) // JSON text as bytes, so that it scans into json.RawMessage too
		}
		dest[i] = dv
	}
	return nil
}

// driverValue converts an engine value: decimal.Decimal becomes its exact
// decimal text (so NUMBER values never pass through float64 unless scanned
// into one), time.Time is put in UTC, []byte is copied (the iterator may
// reuse it); nil, int64, float64, string and bool pass as they are.
func driverValue(v engine.Value) (driver.Value, error) {
	switch x := v.(type) {
	case nil, int64, float64, string, bool:
		return x, nil
	case decimal.Decimal:
		return schema.DecimalString(x), nil
	case time.Time:
		return x.UTC(), nil
	case []byte:
		return append([]byte(nil), x...), nil
	case int:
		return int64(x), nil
	}
	return nil, fmt.Errorf("internal error: unexpected value of type %T", v)
}

// anyType is the scan type of a column whose type depends on the row.
var anyType = reflect.TypeFor[any]()

// rawJSONType is the scan type of JSON columns, whose values are JSON text
// as []byte.
var rawJSONType = reflect.TypeFor[[]byte]()

// ColumnTypeScanType returns the Go type the column's non-NULL values have
// after Next: int64, float64, bool, time.Time, string (DECIMAL and text),
// []byte (JSON text, which scans into string, []byte, json.RawMessage and
// the Strings, Users and Files helpers), and any
// for a column whose type varies by row.
func (r *rows) ColumnTypeScanType(index int) reflect.Type {
	t := r.cols[index].Type
	switch t {
	case schema.TypeUnknown:
		return anyType
	case schema.TypeJSON:
		return rawJSONType
	}
	return t.ScanType()
}

// ColumnTypeDatabaseTypeName returns the column's SQL type name (BIGINT,
// DECIMAL, DOUBLE, VARCHAR, BOOLEAN, DATE, DATETIME, TIME or JSON), or ""
// when the type varies by row.
func (r *rows) ColumnTypeDatabaseTypeName(index int) string {
	return r.cols[index].Type.DatabaseTypeName()
}

// ColumnTypeNullable reports whether the column may hold NULL; the answer
// is always known.
func (r *rows) ColumnTypeNullable(index int) (nullable, ok bool) {
	return r.cols[index].Nullable, true
}

// ColumnTypeLength returns the length of text columns (VARCHAR and JSON):
// the field's maxLength setting when it has one, otherwise math.MaxInt64
// (unbounded, as database/sql asks). Other types have no length.
func (r *rows) ColumnTypeLength(index int) (length int64, ok bool) {
	c := r.cols[index]
	switch c.Type {
	case schema.TypeText, schema.TypeJSON:
		if c.Source != nil && c.Source.MaxLength > 0 {
			return c.Source.MaxLength, true
		}
		return math.MaxInt64, true
	}
	return 0, false
}

// kintone keeps NUMBER and number-format CALC values to the app's "numeric
// precision" setting: at most 30 digits in all (16 by default), at most 10
// of them after the point (4 by default), so at most 30 before it. Every
// such value therefore fits DECIMAL(40, 10).
const (
	kintoneDecimalPrecision = 40
	kintoneDecimalScale     = 10
)

// ColumnTypePrecisionScale returns, for a DECIMAL column read from a
// NUMBER or CALC field, the precision and scale that hold every value
// kintone can store (see kintoneDecimalPrecision). Computed DECIMAL columns
// (sums, products) and other types report none.
func (r *rows) ColumnTypePrecisionScale(index int) (precision, scale int64, ok bool) {
	c := r.cols[index]
	if c.Type != schema.TypeDecimal || c.Source == nil {
		return 0, 0, false
	}
	switch c.Source.FieldType {
	case schema.FieldNumber, schema.FieldCalc:
		return kintoneDecimalPrecision, kintoneDecimalScale, true
	}
	return 0, 0, false
}
