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
		d, err := decimal.NewFromString(s)
		if err != nil {
			return nil, fmt.Errorf("bad number %s", s)
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
		d, err := decimal.NewFromString(s)
		if err != nil {
			return nil, fmt.Errorf("bad number %s", s)
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
	return &engine.Literal{V: v}, nil
}

// argValue converts an argument to an engine value.
func argValue(a any) (engine.Value, error) {
	switch x := a.(type) {
	case nil, int64, float64, bool, string, decimal.Decimal:
		return x, nil
	case time.Time:
		return x.UTC(), nil
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

// fold evaluates e at plan time when every operand is a constant
// (kintone-only expressions are never folded).
func (p *planner) fold(e engine.Expr) (engine.Expr, error) {
	if engine.HasSubquery(e) {
		return e, nil // runs when the statement runs, never at plan time
	}
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
