package engine

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// Compare orders two non-NULL values the way the comparison operators and
// ORDER BY do, and returns -1, 0 or 1:
//
//   - numbers (BIGINT, DECIMAL, DOUBLE, booleans as 1 and 0) compare by
//     value, exactly;
//   - strings compare byte by byte, i.e. by Unicode code point: a binary
//     collation (SQLite's default BINARY, MySQL's utf8mb4_bin), so 'a' and
//     'A' differ;
//   - a number meets a string: the string is read as a number the MySQL
//     way (its numeric prefix, 0 when none);
//   - a DATE, DATETIME or TIME meets a string: the string is parsed as a
//     date-time (zone-less text is UTC) or a time of day; text that does
//     not parse is an error rather than a guess;
//   - dates and date-times compare as instants (a DATE is its midnight UTC).
//
// Other pairs (a date and a number) are an error.
func Compare(a, b Value) (int, error) {
	switch x := a.(type) {
	case int64:
		if y, ok := b.(int64); ok {
			return cmpNumber(x, y), nil
		}
	case string:
		if y, ok := b.(string); ok {
			return strings.Compare(x, y), nil
		}
	case time.Time:
		if y, ok := b.(time.Time); ok {
			return x.Compare(y), nil
		}
	}
	switch {
	case isNumeric(a) && isNumeric(b), isNumeric(a) && isText(b), isText(a) && isNumeric(b):
		if fa, ok := a.(float64); ok {
			if fb, ok := b.(float64); ok {
				return cmpNumber(fa, fb), nil
			}
		}
		da, _ := ToDecimal(a)
		db, _ := ToDecimal(b)
		return da.Cmp(db), nil
	case isText(a) && isText(b):
		return strings.Compare(ToText(a), ToText(b)), nil
	}
	ta, aTime := a.(time.Time)
	tb, bTime := b.(time.Time)
	switch {
	case aTime && isText(b):
		t, err := textToTemporal(ToText(b), ta)
		if err != nil {
			return 0, err
		}
		return ta.Compare(t), nil
	case bTime && isText(a):
		t, err := textToTemporal(ToText(a), tb)
		if err != nil {
			return 0, err
		}
		return t.Compare(tb), nil
	}
	return 0, fmt.Errorf("cannot compare %s with %s", kindName(a), kindName(b))
}

// cmpNumber orders two integers or two floats (a NaN equals everything,
// unlike cmp.Compare).
func cmpNumber[T int64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// kindName names the kind of a value for error messages.
func kindName(v Value) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case int64, int:
		return "BIGINT"
	case float64:
		return "DOUBLE"
	case decimal.Decimal:
		return "DECIMAL"
	case string, []byte:
		return "VARCHAR"
	case bool:
		return "BOOLEAN"
	case time.Time:
		if isTimeOfDay(x) {
			return "TIME"
		}
		return "DATETIME"
	}
	return fmt.Sprintf("%T", v)
}

// CompareNullsFirst orders two values that may be NULL, NULL first (the
// order of ORDER BY ... ASC in MySQL and SQLite).
func CompareNullsFirst(a, b Value) (int, error) {
	switch {
	case a == nil && b == nil:
		return 0, nil
	case a == nil:
		return -1, nil
	case b == nil:
		return 1, nil
	}
	return Compare(a, b)
}
