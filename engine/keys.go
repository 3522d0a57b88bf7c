package engine

import (
	"fmt"
	"strconv"
	"time"

	"github.com/shopspring/decimal"
)

// This file holds the hash keys of the operators that match values by
// equality (GROUP BY, DISTINCT, hash join, IN subqueries): values that
// Compare finds equal get the same key.

// valueKey is a key under which equal values (by Compare) collide: numbers
// by exact value, text by bytes, times by instant. A number and a text
// get different keys; numericKey is the key for comparing them.
func valueKey(v Value) string {
	switch x := v.(type) {
	case string:
		return "s" + x
	case []byte:
		return "s" + string(x)
	case time.Time:
		return "t" + strconv.FormatInt(x.UnixNano(), 10)
	case float64:
		return "n" + decimal.NewFromFloat(x).String()
	}
	if d, ok := ToDecimal(v); ok {
		return "n" + d.String()
	}
	return fmt.Sprintf("?%v", v)
}

// numericKey is the key of v read as a number (text by MySQL's numeric
// prefix rule), for matching numbers with texts; values without a numeric
// reading keep their valueKey.
func numericKey(v Value) string {
	if _, isTime := v.(time.Time); !isTime {
		if d, ok := ToDecimal(v); ok {
			return "n" + d.String()
		}
	}
	return valueKey(v)
}

// nullKey is the key part of a NULL: no value key starts with '-'.
const nullKey = "-"

// appendKey appends the key of v to b, length-prefixed so that the keys
// of several values concatenate unambiguously. numeric selects numericKey.
func appendKey(b []byte, v Value, numeric bool) []byte {
	k := nullKey
	switch {
	case v == nil:
	case numeric:
		k = numericKey(v)
	default:
		k = valueKey(v)
	}
	b = strconv.AppendInt(b, int64(len(k)), 10)
	b = append(b, ':')
	return append(b, k...)
}

// rowKey returns the key of a whole row (DISTINCT, UNION): rows with equal
// values in every column, NULLs included, share it.
func rowKey(buf []byte, row Row) []byte {
	buf = buf[:0]
	for _, v := range row {
		buf = appendKey(buf, v, false)
	}
	return buf
}
