package kintone

import (
	"database/sql/driver"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// CheckNamedValue converts one statement argument to the value the
// translator receives: nil, int64 (from any integer type; unsigned values
// above math.MaxInt64 are refused), float64, bool, string, []byte,
// time.Time, decimal.Decimal (kept exact), string (from json.RawMessage,
// the JSON text, or from []string, its JSON array), or whatever a driver.Valuer or a pointer to one of these yields.
// Named arguments (sql.Named) are refused: the driver takes ? placeholders
// only. Errors name the argument's position.
func (cn *conn) CheckNamedValue(nv *driver.NamedValue) error {
	if nv.Name != "" {
		return errNamedArg(nv)
	}
	v, err := convertArg(nv.Value)
	if err == nil {
		err = checkArg(v)
	}
	if err != nil {
		return fmt.Errorf("kintone: argument %d: %w", nv.Ordinal, err)
	}
	nv.Value = v
	return nil
}

// errNamedArg refuses a named argument.
func errNamedArg(nv *driver.NamedValue) error {
	return fmt.Errorf("kintone: argument %d (%q): named parameters are not supported; use ? placeholders", nv.Ordinal, nv.Name)
}

// convertArg implements CheckNamedValue for one value.
func convertArg(v any) (any, error) {
	switch x := v.(type) {
	case decimal.Decimal:
		return x, nil
	case json.RawMessage:
		return string(x), nil
	case []string:
		// A multi-value column (CHECK_BOX, MULTI_SELECT, selections, FILE
		// keys) takes a JSON array; a []string becomes that text.
		b, err := json.Marshal(x)
		return string(b), err
	case uint64:
		return uintArg(x)
	case uint:
		return uintArg(uint64(x))
	case float32:
		// Through the shortest decimal form, so that float32(0.1) becomes
		// 0.1 and not 0.10000000149011612.
		f, _ := strconv.ParseFloat(strconv.FormatFloat(float64(x), 'g', -1, 32), 64)
		return f, nil
	}
	cv, err := driver.DefaultParameterConverter.ConvertValue(v)
	if err != nil {
		return nil, fmt.Errorf("unsupported value of type %T (use an integer, float, bool, string, []byte, time.Time, decimal.Decimal, json.RawMessage, []string or nil): %w", v, err)
	}
	return cv, nil
}

// maxDecimalDigits bounds the digits before and after the point of a
// decimal argument: 65, the most MySQL's DECIMAL holds. Past it a value
// could not be compared or stored exactly, and its text could be huge
// (decimal.New(1, 1e9) prints a billion digits).
const maxDecimalDigits = 65

// checkArg refuses converted values SQL cannot hold as given: text that is
// not valid UTF-8 (it would be stored altered and compare wrongly), NaN and
// infinities, and decimals beyond maxDecimalDigits.
func checkArg(v any) error {
	switch x := v.(type) {
	case string:
		return checkUTF8(x)
	case []byte:
		return checkUTF8(string(x))
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("%v is not a number SQL or kintone can hold", x)
		}
	case decimal.Decimal:
		exp := int64(x.Exponent())
		if digits := int64(x.NumDigits()) + exp; digits > maxDecimalDigits {
			return fmt.Errorf("the decimal has %d digits before the point; at most %d are allowed (as MySQL's DECIMAL)", digits, maxDecimalDigits)
		}
		if -exp > maxDecimalDigits {
			return fmt.Errorf("the decimal has %d digits after the point; at most %d are allowed (as MySQL's DECIMAL)", -exp, maxDecimalDigits)
		}
	}
	return nil
}

// checkUTF8 refuses text that is not valid UTF-8, naming the first bad
// byte's position.
func checkUTF8(s string) error {
	if utf8.ValidString(s) {
		return nil
	}
	for i, r := range s {
		if r == utf8.RuneError {
			if _, n := utf8.DecodeRuneInString(s[i:]); n <= 1 {
				return fmt.Errorf("the text is not valid UTF-8 (byte %d of %d is 0x%02x); kintone stores UTF-8 text only", i+1, len(s), s[i])
			}
		}
	}
	return errors.New("the text is not valid UTF-8")
}

// uintArg converts an unsigned integer that fits int64.
func uintArg(u uint64) (any, error) {
	if u > math.MaxInt64 {
		return nil, fmt.Errorf("unsigned value %d is larger than the largest BIGINT %d", u, int64(math.MaxInt64))
	}
	return int64(u), nil
}

// argValues returns the argument values in placeholder order, refusing named
// arguments (which database/sql has already refused through CheckNamedValue).
func argValues(args []driver.NamedValue) ([]any, error) {
	out := make([]any, len(args))
	for i := range args {
		if args[i].Name != "" {
			return nil, errNamedArg(&args[i])
		}
		out[i] = args[i].Value
	}
	return out, nil
}
