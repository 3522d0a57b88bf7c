package schema

import (
	"errors"
	"fmt"

	"github.com/kintone-sql/kintone/query"
	"github.com/shopspring/decimal"
)

// QueryValue converts a SQL value into the kintone query literal to compare
// the column with (for pushing a WHERE condition down):
//   - BIGINT, DECIMAL and DOUBLE columns: an exact number (query.Num);
//     numeric text is accepted;
//   - RECORD_NUMBER: a number when the value is numeric, else a string
//     (record numbers with an app-code prefix);
//   - DATE: "YYYY-MM-DD"; DATETIME (and date-time CALC): the UTC instant
//     "YYYY-MM-DDTHH:MM:SSZ"; TIME: "HH:MM";
//   - everything else, including CREATOR/MODIFIER codes and the options
//     and codes inside JSON columns: a string (query.Str).
//
// NULL has no literal (use is empty or = ""), and CREATOR/MODIFIER names and
// $row_id cannot be filtered by kintone: both are errors naming the column.
func (c *Column) QueryValue(v any) (query.Value, error) {
	val, err := c.queryValue(v)
	if err != nil {
		return query.Value{}, fmt.Errorf("schema: column %q (%s field %s): %w", c.Name, c.FieldType, c.Code, err)
	}
	return val, nil
}

// queryValue does the work of QueryValue.
func (c *Column) queryValue(v any) (query.Value, error) {
	if v == nil {
		return query.Value{}, errors.New("NULL has no kintone query literal")
	}
	switch c.Part {
	case PartName, PartRowID:
		return query.Value{}, errors.New("kintone cannot filter on this column")
	case PartCode:
		s, err := anyText(v)
		return query.Str(s), err
	}
	var text func(any) (string, error)
	switch c.Type {
	case TypeBigInt, TypeDecimal, TypeDouble:
		s, err := numberText(v)
		if err == nil && s == "" {
			err = errors.New("an empty text is not a number")
		}
		return query.Num(s), err
	case TypeDate:
		text = dateText
	case TypeDateTime:
		text = dateTimeText
	case TypeTime:
		text = timeText
	default:
		text = anyText
	}
	s, err := text(v)
	if err != nil {
		return query.Value{}, err
	}
	if c.FieldType == FieldRecordNumber {
		if d, err := decimal.NewFromString(s); err == nil {
			return query.Num(d.String()), nil
		}
	}
	return query.Str(s), nil
}
