package engine

import (
	"fmt"
	"math"

	"github.com/shopspring/decimal"

	"github.com/kintone-sql/kintone/schema"
)

// The numeric functions keep exact values exact: BIGINT and DECIMAL
// arguments give BIGINT or DECIMAL results (ROUND, TRUNCATE, FLOOR, CEIL,
// ABS, MOD); DOUBLE arguments and the transcendental functions (POWER,
// SQRT, EXP, LN, LOG) give DOUBLE. Text is read as a number (MySQL's
// numeric prefix rule).

// numericType is the result type of a function that keeps its argument's
// kind: BIGINT stays BIGINT, DOUBLE stays DOUBLE, anything else DECIMAL.
func numericType(ts []schema.Type) schema.Type {
	switch ts[0] {
	case schema.TypeBigInt, schema.TypeBool:
		return schema.TypeBigInt
	case schema.TypeDouble:
		return schema.TypeDouble
	case schema.TypeUnknown:
		return schema.TypeUnknown
	}
	return schema.TypeDecimal
}

// roundTo rounds (or truncates) v to places decimal places.
func roundTo(v Value, places int64, truncate bool) (Value, error) {
	places = max(min(places, 30), -30)
	k, i, d, f, err := operand(v)
	if err != nil {
		return nil, err
	}
	switch k {
	case kindInt:
		if places >= 0 {
			return i, nil
		}
		d = decimal.NewFromInt(i)
	case kindFloat:
		scale := math.Pow(10, float64(places))
		if truncate {
			return math.Trunc(f*scale) / scale, nil
		}
		// MySQL rounds DOUBLE halves to even (ROUND(25E-1) is 2), while
		// exact values round halves away from zero (ROUND(2.5) is 3).
		return math.RoundToEven(f*scale) / scale, nil
	}
	var r decimal.Decimal
	if truncate {
		r = d.Truncate(int32(max(places, 0)))
		if places < 0 {
			unit := decimal.New(1, int32(-places))
			r = d.Div(unit).Truncate(0).Mul(unit)
		}
	} else {
		r = d.Round(int32(places))
	}
	if k == kindInt {
		if n, ok := bigIntFits(r); ok {
			return n, nil
		}
	}
	return r, nil
}

// floorCeil applies FLOOR (up false) or CEIL to v: exact arguments give a
// BIGINT when it fits (as MySQL does), DOUBLE gives DOUBLE.
func floorCeil(v Value, up bool) (Value, error) {
	k, i, d, f, err := operand(v)
	if err != nil {
		return nil, err
	}
	switch k {
	case kindInt:
		return i, nil
	case kindFloat:
		if up {
			return math.Ceil(f), nil
		}
		return math.Floor(f), nil
	}
	r := d.Floor()
	if up {
		r = d.Ceil()
	}
	if n, ok := bigIntFits(r); ok {
		return n, nil
	}
	return r, nil
}

// floatArg reads a numeric argument as a DOUBLE.
func floatArg(v Value) (float64, bool) {
	if f, ok := v.(float64); ok {
		return f, true
	}
	d, ok := ToDecimal(v)
	if !ok {
		return 0, false
	}
	return d.InexactFloat64(), true
}

// floatFunc registers a null-strict DOUBLE function; a result that is not
// a number (SQRT(-1), LN(0)) is NULL and one beyond the DOUBLE range
// (POW(10, 400), EXP(1000)) is ErrDoubleOutOfRange, as in MySQL.
func floatFunc(name string, minArgs, maxArgs int, fn func(xs []float64) float64, aliases ...string) {
	register(&Function{Name: name, MinArgs: minArgs, MaxArgs: maxArgs, NullStrict: true, Result: fixed(schema.TypeDouble),
		Eval: func(_ *Env, args []Value) (Value, error) {
			xs := make([]float64, len(args))
			for i, a := range args {
				f, ok := floatArg(a)
				if !ok {
					return nil, fmt.Errorf("%s: %s is not a number", name, kindName(a))
				}
				xs[i] = f
			}
			r := fn(xs)
			if math.IsNaN(r) {
				return nil, nil
			}
			if math.IsInf(r, 0) {
				return nil, fmt.Errorf("%w in %s", ErrDoubleOutOfRange, name)
			}
			return r, nil
		}}, aliases...)
}

// extremum returns GREATEST (greatest true) or LEAST of non-NULL values.
func extremum(args []Value, greatest bool) (Value, error) {
	best := args[0]
	for _, a := range args[1:] {
		c, err := Compare(a, best)
		if err != nil {
			return nil, err
		}
		if (greatest && c > 0) || (!greatest && c < 0) {
			best = a
		}
	}
	return best, nil
}

func init() {
	register(&Function{Name: "ABS", MinArgs: 1, MaxArgs: 1, NullStrict: true, Result: numericType,
		Eval: func(_ *Env, args []Value) (Value, error) {
			k, i, d, f, err := operand(args[0])
			switch {
			case err != nil:
				return nil, err
			case k == kindFloat:
				return math.Abs(f), nil
			case k == kindDecimal:
				return d.Abs(), nil
			case i < 0:
				return intArith(OpSub, 0, i)
			}
			return i, nil
		}})
	intFunc("SIGN", 1, 1, func(args []Value) (Value, error) {
		c, err := Compare(args[0], int64(0))
		return int64(c), err
	})
	register(&Function{Name: "ROUND", MinArgs: 1, MaxArgs: 2, NullStrict: true, Result: numericType,
		Eval: func(_ *Env, args []Value) (Value, error) {
			places := int64(0)
			if len(args) == 2 {
				var ok bool
				if places, ok = intArg(args[1]); !ok {
					return nil, nil
				}
			}
			return roundTo(args[0], places, false)
		}})
	register(&Function{Name: "TRUNCATE", MinArgs: 2, MaxArgs: 2, NullStrict: true, Result: numericType,
		Eval: func(_ *Env, args []Value) (Value, error) {
			places, ok := intArg(args[1])
			if !ok {
				return nil, nil
			}
			return roundTo(args[0], places, true)
		}})
	intResult := func(ts []schema.Type) schema.Type {
		if ts[0] == schema.TypeDouble {
			return schema.TypeDouble
		}
		return schema.TypeBigInt
	}
	register(&Function{Name: "FLOOR", MinArgs: 1, MaxArgs: 1, NullStrict: true, Result: intResult,
		Eval: func(_ *Env, args []Value) (Value, error) { return floorCeil(args[0], false) }})
	register(&Function{Name: "CEIL", MinArgs: 1, MaxArgs: 1, NullStrict: true, Result: intResult,
		Eval: func(_ *Env, args []Value) (Value, error) { return floorCeil(args[0], true) }}, "CEILING")
	register(&Function{Name: "MOD", MinArgs: 2, MaxArgs: 2, NullStrict: true,
		Result: func(ts []schema.Type) schema.Type {
			return (&Arith{Op: OpMod, L: typed(ts[0]), R: typed(ts[1])}).Type()
		},
		Eval: func(_ *Env, args []Value) (Value, error) { return ArithValues(OpMod, args[0], args[1]) }})
	floatFunc("POWER", 2, 2, func(x []float64) float64 { return math.Pow(x[0], x[1]) }, "POW")
	floatFunc("SQRT", 1, 1, func(x []float64) float64 { return math.Sqrt(x[0]) })
	floatFunc("EXP", 1, 1, func(x []float64) float64 { return math.Exp(x[0]) })
	floatFunc("LN", 1, 1, func(x []float64) float64 { return nonPositiveNaN(x[0], math.Log) })
	floatFunc("LOG10", 1, 1, func(x []float64) float64 { return nonPositiveNaN(x[0], math.Log10) })
	floatFunc("LOG2", 1, 1, func(x []float64) float64 { return nonPositiveNaN(x[0], math.Log2) })
	floatFunc("LOG", 1, 2, func(x []float64) float64 {
		if len(x) == 1 {
			return nonPositiveNaN(x[0], math.Log)
		}
		if x[0] <= 0 || x[0] == 1 {
			return math.NaN()
		}
		return nonPositiveNaN(x[1], math.Log) / math.Log(x[0])
	})
	floatFunc("PI", 0, 0, func([]float64) float64 { return math.Pi })
	for _, greatest := range []bool{true, false} {
		name := "LEAST"
		if greatest {
			name = "GREATEST"
		}
		register(&Function{Name: name, MinArgs: 2, MaxArgs: -1, NullStrict: true, Result: common,
			Eval: func(_ *Env, args []Value) (Value, error) { return extremum(args, greatest) }})
	}
}

// nonPositiveNaN applies fn to x > 0 and gives NaN (NULL) otherwise.
func nonPositiveNaN(x float64, fn func(float64) float64) float64 {
	if x <= 0 {
		return math.NaN()
	}
	return fn(x)
}

// typedExpr is a placeholder expression of a known type, for computing
// result types from argument types.
type typedExpr schema.Type

// typed returns a placeholder of type t.
func typed(t schema.Type) Expr { return typedExpr(t) }

// Eval is never called.
func (t typedExpr) Eval(*Env, Row) (Value, error) { return nil, nil }

// Type returns the type.
func (t typedExpr) Type() schema.Type { return schema.Type(t) }

// String is empty.
func (t typedExpr) String() string { return "" }
