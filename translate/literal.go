package translate

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// literal converts a parser literal or ? placeholder: strings stay
// strings, integers are BIGINT (DECIMAL beyond its range), numbers with a
// fraction are exact DECIMAL, numbers with an exponent are DOUBLE (as in
// MySQL), X'..' is a string of those bytes and 0x.. a number.
func (p *planner) literal(v *sqlparser.SQLVal) (engine.Expr, error) {
	s := string(v.Val)
	switch v.Type {
	case sqlparser.StrVal:
		return &engine.Literal{V: s}, nil
	case sqlparser.IntVal:
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return &engine.Literal{V: n}, nil
		}
		d, err := schema.ParseDecimal(s)
		if err != nil {
			return nil, fmt.Errorf("bad number: %w", err)
		}
		return &engine.Literal{V: d}, nil
	case sqlparser.FloatVal:
		if strings.ContainsAny(s, "eE") {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil || math.IsInf(f, 0) {
				return nil, fmt.Errorf("bad number %s", s)
			}
			return &engine.Literal{V: f}, nil
		}
		d, err := schema.ParseDecimal(s)
		if err != nil {
			return nil, fmt.Errorf("bad number: %w", err)
		}
		return &engine.Literal{V: d}, nil
	case sqlparser.HexNum:
		n, err := strconv.ParseUint(strings.TrimPrefix(strings.TrimPrefix(s, "0x"), "0X"), 16, 63)
		if err != nil {
			return nil, fmt.Errorf("bad hexadecimal number %s", s)
		}
		return &engine.Literal{V: int64(n)}, nil
	case sqlparser.HexVal:
		b, err := v.HexDecode()
		if err != nil {
			return nil, fmt.Errorf("bad hexadecimal string X'%s'", s)
		}
		return &engine.Literal{V: string(b)}, nil
	case sqlparser.ValArg:
		return p.placeholder(s)
	}
	return nil, notSupported("bit-value literals")
}

// placeholder returns the argument of ? number n (":v<n>" in the parser).
func (p *planner) placeholder(name string) (engine.Expr, error) {
	if !strings.HasPrefix(name, ":v") {
		return nil, fmt.Errorf("named parameters (%s) are not supported; use ?", name)
	}
	n, err := strconv.Atoi(name[2:])
	if err != nil || n < 1 {
		return nil, fmt.Errorf("named parameters (%s) are not supported; use ?", name)
	}
	if n > len(p.args) {
		return nil, fmt.Errorf("placeholder %d has no argument (%d given)", n, len(p.args))
	}
	v, err := argValue(p.args[n-1])
	if err != nil {
		return nil, fmt.Errorf("argument %d: %w", n, err)
	}
	return &engine.Literal{V: v, Arg: true}, nil
}

// argValue converts an argument to an engine value. A time.Time keeps its
// Location (see argAt for what it stands for).
func argValue(a any) (engine.Value, error) {
	switch x := a.(type) {
	case nil, int64, float64, bool, string, decimal.Decimal, time.Time:
		return x, nil
	case []byte:
		return string(x), nil
	case int:
		return int64(x), nil
	case int32:
		return int64(x), nil
	case int16:
		return int64(x), nil
	case int8:
		return int64(x), nil
	case uint8:
		return int64(x), nil
	case uint16:
		return int64(x), nil
	case uint32:
		return int64(x), nil
	case uint:
		if uint64(x) > math.MaxInt64 {
			return decimal.NewFromUint64(uint64(x)), nil
		}
		return int64(x), nil
	case uint64:
		if x > math.MaxInt64 {
			return decimal.NewFromUint64(x), nil
		}
		return int64(x), nil
	case float32:
		return float64(x), nil
	case *decimal.Decimal:
		if x == nil {
			return nil, nil
		}
		return *x, nil
	}
	return nil, fmt.Errorf("unsupported argument type %T", a)
}

// argAt applies the rule for a Go time.Time argument (the value of a ?)
// compared with another operand (=, <>, <, ..., <=>, IN, BETWEEN):
//   - where the other operand is a DATE (a DATE column, DATE(x), ...), the
//     time stands for its own calendar date: the year, month and day it
//     reads in its own Location (time.Date(2020, 6, 15, 0, 0, 0, 0, JST)
//     is 2020-06-15, although that instant is June 14 in UTC);
//   - where it is a TIME, the time stands for its own clock reading in its
//     own Location;
//   - anywhere else (DATETIME columns included) it is the instant it
//     names.
//
// Writes follow the same rule (schema.Column.Encode formats a DATE or TIME
// from the time's own Location and a DATETIME as the UTC instant), so a
// value written with an argument is found again with the same argument.
// Only a bare ? follows the rule: an expression computed from it (? +
// INTERVAL 1 DAY) is an instant, as SQL computes in UTC.
func argAt(arg, other engine.Expr) engine.Expr {
	lit, ok := arg.(*engine.Literal)
	if !ok || !lit.Arg {
		return arg
	}
	t, ok := lit.V.(time.Time)
	if !ok {
		return arg
	}
	if o, ok := other.(*engine.Literal); ok && o.Arg {
		return arg // two arguments: neither is the DATE or TIME side
	}
	switch other.Type() {
	case schema.TypeDate:
		y, m, d := t.Date()
		return &engine.Literal{V: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), Arg: true}
	case schema.TypeTime:
		return &engine.Literal{V: time.Date(0, 1, 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC), Arg: true}
	}
	return arg
}

// fold evaluates e at plan time when every operand is a constant
// (kintone-only expressions are never folded).
func (p *planner) fold(e engine.Expr) (engine.Expr, error) {
	switch e.(type) {
	case *engine.Literal, *engine.ColumnRef, *engine.KintoneFunc, *engine.Match:
		return e, nil
	}
	kids := engine.Children(e)
	for _, k := range kids {
		if _, ok := k.(*engine.Literal); !ok {
			return e, nil
		}
	}
	// Checked only now, with constant operands, so that folding each
	// level of a deep expression does not walk all of it again.
	if engine.HasSubquery(e) {
		return e, nil // runs when the statement runs, never at plan time
	}
	if _, isCase := e.(*engine.Case); !isCase && len(kids) == 0 {
		if _, isCall := e.(*engine.Call); !isCall {
			return e, nil
		}
	}
	v, err := e.Eval(p.env, nil)
	if err != nil {
		return nil, err
	}
	return &engine.Literal{V: v}, nil
}
