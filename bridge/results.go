package bridge

import (
	"database/sql"
	"encoding/binary"
	"fmt"
	"math"
	"strconv"
	"time"

	"github.com/go-mysql-org/go-mysql/mysql"
)

// Collation ids of the column definitions: utf8mb4_0900_ai_ci for text,
// binary for numbers and temporal values (as MySQL 8.0 reports them).
const (
	collationUTF8MB4 = 255
	collationBinary  = 63
)

// column is one result column: its MySQL definition and how its values
// are written.
type column struct {
	field    *mysql.Field
	typeName string // the driver's type name (BIGINT, DECIMAL, …; "" when it varies)
}

// columnsOf builds the MySQL column definitions of a driver result from
// its column types (the driver's DatabaseTypeName and nullability).
func columnsOf(types []*sql.ColumnType) []column {
	cols := make([]column, len(types))
	for i, ct := range types {
		f := &mysql.Field{Name: []byte(ct.Name()), OrgName: []byte(ct.Name())}
		name := ct.DatabaseTypeName()
		switch name {
		case "BIGINT":
			f.Type, f.Charset, f.ColumnLength, f.Flag = mysql.MYSQL_TYPE_LONGLONG, collationBinary, 20, mysql.BINARY_FLAG
		case "DOUBLE":
			f.Type, f.Charset, f.ColumnLength, f.Flag, f.Decimal = mysql.MYSQL_TYPE_DOUBLE, collationBinary, 22, mysql.BINARY_FLAG, 31
		case "DECIMAL":
			f.Type, f.Charset, f.ColumnLength, f.Decimal = mysql.MYSQL_TYPE_NEWDECIMAL, collationBinary, 67, 30
		case "BOOLEAN":
			f.Type, f.Charset, f.ColumnLength, f.Flag = mysql.MYSQL_TYPE_TINY, collationBinary, 1, mysql.BINARY_FLAG
		case "DATE":
			f.Type, f.Charset, f.ColumnLength, f.Flag = mysql.MYSQL_TYPE_DATE, collationBinary, 10, mysql.BINARY_FLAG
		case "DATETIME":
			f.Type, f.Charset, f.ColumnLength, f.Flag = mysql.MYSQL_TYPE_DATETIME, collationBinary, 19, mysql.BINARY_FLAG
		case "TIME":
			f.Type, f.Charset, f.ColumnLength, f.Flag = mysql.MYSQL_TYPE_TIME, collationBinary, 10, mysql.BINARY_FLAG
		case "JSON":
			f.Type, f.Charset, f.ColumnLength, f.Flag = mysql.MYSQL_TYPE_JSON, collationBinary, math.MaxUint32, mysql.BINARY_FLAG|mysql.BLOB_FLAG
		default:
			f.Type, f.Charset, f.ColumnLength = mysql.MYSQL_TYPE_VAR_STRING, collationUTF8MB4, 262140
		}
		if nullable, ok := ct.Nullable(); ok && !nullable {
			f.Flag |= mysql.NOT_NULL_FLAG
			if name == "BIGINT" && (ct.Name() == "$id" || ct.Name() == "$row_id") {
				// The primary key ($id; $id and $row_id of a subtable),
				// flagged as MySQL flags a primary key column.
				f.Flag |= mysql.PRI_KEY_FLAG
			}
		}
		cols[i] = column{field: f, typeName: name}
	}
	return cols
}

// fields are the definitions of cols.
func fields(cols []column) []*mysql.Field {
	out := make([]*mysql.Field, len(cols))
	for i, c := range cols {
		out[i] = c.field
	}
	return out
}

// textValue renders a value in the text protocol; ok is false for NULL.
func textValue(v any) (b []byte, ok bool, err error) {
	switch x := v.(type) {
	case nil:
		return nil, false, nil
	case bool:
		if x {
			return []byte("1"), true, nil
		}
		return []byte("0"), true, nil
	case time.Time:
		return []byte(formatTime(x)), true, nil
	case float64:
		return strconv.AppendFloat(nil, x, 'g', -1, 64), true, nil
	}
	b, err = mysql.FormatTextValue(v)
	return b, err == nil, err
}

// formatTime renders a time value as MySQL's DATETIME text, with the
// microseconds only when there are any.
func formatTime(t time.Time) string {
	if t.Nanosecond() != 0 {
		return t.Format("2006-01-02 15:04:05.000000")
	}
	return t.Format(time.DateTime)
}

// textRow encodes one text-protocol row.
func textRow(buf []byte, cols []column, vals []any) ([]byte, error) {
	for i, v := range vals {
		b, ok, err := typedText(cols[i], v)
		if err != nil {
			return nil, fmt.Errorf("column %q: %w", cols[i].field.Name, err)
		}
		if !ok {
			buf = append(buf, 0xfb)
			continue
		}
		buf = append(buf, mysql.PutLengthEncodedString(b)...)
	}
	return buf, nil
}

// typedText renders v as the column's type reads it: DATE values without
// their time, TIME values as hh:mm:ss.
func typedText(c column, v any) ([]byte, bool, error) {
	if t, ok := v.(time.Time); ok {
		switch c.field.Type {
		case mysql.MYSQL_TYPE_DATE:
			return []byte(t.Format(time.DateOnly)), true, nil
		case mysql.MYSQL_TYPE_TIME:
			return []byte(t.Format(time.TimeOnly)), true, nil
		}
	}
	return textValue(v)
}

// binaryRow encodes one binary-protocol row (COM_STMT_EXECUTE results).
func binaryRow(buf []byte, cols []column, vals []any) ([]byte, error) {
	buf = append(buf, 0)
	bitmap := len(buf)
	buf = append(buf, make([]byte, (len(cols)+7+2)/8)...)
	for i, v := range vals {
		if v == nil {
			buf[bitmap+(i+2)/8] |= 1 << ((i + 2) % 8)
			continue
		}
		var err error
		if buf, err = appendBinary(buf, cols[i], v); err != nil {
			return nil, fmt.Errorf("column %q: %w", cols[i].field.Name, err)
		}
	}
	return buf, nil
}

// appendBinary appends one non-NULL value in the binary encoding of the
// column's type.
func appendBinary(buf []byte, c column, v any) ([]byte, error) {
	switch c.field.Type {
	case mysql.MYSQL_TYPE_LONGLONG:
		n, err := asInt(v)
		return binary.LittleEndian.AppendUint64(buf, uint64(n)), err
	case mysql.MYSQL_TYPE_TINY:
		n, err := asInt(v)
		return append(buf, byte(n)), err
	case mysql.MYSQL_TYPE_DOUBLE:
		f, ok := v.(float64)
		if !ok {
			return nil, fmt.Errorf("value %v is not a DOUBLE", v)
		}
		return binary.LittleEndian.AppendUint64(buf, math.Float64bits(f)), nil
	case mysql.MYSQL_TYPE_DATE, mysql.MYSQL_TYPE_DATETIME:
		if t, ok := v.(time.Time); ok {
			return appendBinaryDateTime(buf, t, c.field.Type == mysql.MYSQL_TYPE_DATE), nil
		}
	case mysql.MYSQL_TYPE_TIME:
		if t, ok := v.(time.Time); ok {
			return appendBinaryTime(buf, t), nil
		}
	}
	b, ok, err := typedText(c, v)
	if err != nil || !ok {
		return nil, fmt.Errorf("value of type %T cannot be encoded", v)
	}
	return append(buf, mysql.PutLengthEncodedString(b)...), nil
}

// asInt reads an integer or boolean value.
func asInt(v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case bool:
		if x {
			return 1, nil
		}
		return 0, nil
	}
	return 0, fmt.Errorf("value %v is not an integer", v)
}

// appendBinaryDateTime encodes a DATE or DATETIME value.
func appendBinaryDateTime(buf []byte, t time.Time, dateOnly bool) []byte {
	date := []byte{0, 0, byte(t.Month()), byte(t.Day())}
	binary.LittleEndian.PutUint16(date, uint16(t.Year()))
	switch {
	case dateOnly:
		return append(append(buf, 4), date...)
	case t.Nanosecond() != 0:
		buf = append(append(buf, 11), date...)
		buf = append(buf, byte(t.Hour()), byte(t.Minute()), byte(t.Second()))
		return binary.LittleEndian.AppendUint32(buf, uint32(t.Nanosecond()/1000))
	}
	buf = append(append(buf, 7), date...)
	return append(buf, byte(t.Hour()), byte(t.Minute()), byte(t.Second()))
}

// appendBinaryTime encodes a TIME value (a time of day).
func appendBinaryTime(buf []byte, t time.Time) []byte {
	buf = append(buf, 8, 0, 0, 0, 0, 0)
	return append(buf, byte(t.Hour()), byte(t.Minute()), byte(t.Second()))
}
