package engine

import (
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/kintone-sql/kintone/schema"
)

// Cast is CAST(X AS type) / CONVERT(X, type) with MySQL's conversions:
//
//   - SIGNED/UNSIGNED (BIGINT): numbers round half away from zero, text
//     reads its integer prefix ('1.9' is 1), booleans are 1 and 0;
//   - DECIMAL(p, s): rounded to s digits (default 0);
//   - DOUBLE/FLOAT/REAL: a float;
//   - CHAR(n)/BINARY(n): the text form, cut to n characters when given;
//   - DATE, DATETIME, TIME: dates and times converted, text parsed (NULL
//     when it does not read as one).
type Cast struct {
	X  Expr
	To schema.Type
	// Scale is the number of decimal digits of DECIMAL.
	Scale int32
	// Length cuts CHAR values to that many characters; < 0 means none.
	Length int
	// Name is the type as written, for String.
	Name string
}

// Eval converts the value.
func (c *Cast) Eval(env *Env, row Row) (Value, error) {
	v, err := c.X.Eval(env, row)
	if err != nil || v == nil {
		return nil, err
	}
	switch c.To {
	case schema.TypeBigInt:
		return castInteger(v)
	case schema.TypeDecimal:
		if _, isTime := v.(time.Time); isTime {
			return nil, fmt.Errorf("CAST of a %s value to DECIMAL is not supported", kindName(v))
		}
		d, _ := ToDecimal(v)
		return d.Round(c.Scale), nil
	case schema.TypeDouble:
		f, ok := floatArg(v)
		if !ok {
			return nil, fmt.Errorf("CAST of a %s value to DOUBLE is not supported", kindName(v))
		}
		return f, nil
	case schema.TypeText:
		s := ToText(v)
		if c.Length >= 0 {
			if rs := []rune(s); len(rs) > c.Length {
				s = string(rs[:c.Length])
			}
		}
		return s, nil
	case schema.TypeDate, schema.TypeDateTime, schema.TypeTime:
		return castTemporal(v, c.To)
	}
	return nil, fmt.Errorf("CAST to %s is not supported", c.Name)
}

// castInteger converts v to BIGINT.
func castInteger(v Value) (Value, error) {
	switch x := v.(type) {
	case string, []byte:
		d, _ := StringToDecimal(ToText(x))
		n, ok := bigIntFits(d.Truncate(0))
		if !ok {
			return nil, errOutOfRange
		}
		return n, nil
	case time.Time:
		return nil, fmt.Errorf("CAST of a %s value to SIGNED is not supported", kindName(v))
	case float64:
		r := math.Round(x)
		if math.IsNaN(r) || r >= math.MaxInt64 || r < math.MinInt64 {
			return nil, errOutOfRange
		}
		return int64(r), nil
	}
	d, _ := ToDecimal(v)
	n, ok := bigIntFits(d.Round(0))
	if !ok {
		return nil, errOutOfRange
	}
	return n, nil
}

// castTemporal converts v to a DATE, DATETIME or TIME value.
func castTemporal(v Value, to schema.Type) (Value, error) {
	var t time.Time
	switch x := v.(type) {
	case time.Time:
		t = x.UTC()
	case string, []byte:
		s := ToText(x)
		if to == schema.TypeTime {
			if tt, err := ParseTimeOfDay(s); err == nil {
				return tt, nil
			}
		}
		tt, _, err := ParseDateTime(s)
		if err != nil {
			return nil, nil
		}
		t = tt
	default:
		return nil, nil
	}
	switch to {
	case schema.TypeDate:
		if isTimeOfDay(t) {
			return nil, nil
		}
		return dateOnly(t), nil
	case schema.TypeTime:
		return time.Date(0, 1, 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC), nil
	}
	return t, nil
}

// Type is the target type.
func (c *Cast) Type() schema.Type { return c.To }

// String renders the cast.
func (c *Cast) String() string {
	return "CAST(" + c.X.String() + " AS " + strings.ToUpper(c.Name) + ")"
}

// kids returns the operand.
func (c *Cast) kids() []Expr { return []Expr{c.X} }

// withKids copies the cast with a new operand.
func (c *Cast) withKids(k []Expr) Expr {
	out := *c
	out.X = k[0]
	return &out
}
