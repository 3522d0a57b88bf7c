package engine

import (
	"errors"
	"fmt"
	"math"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kintone-sql/kintone/schema"
)

// ArithOp is an arithmetic operator.
type ArithOp int

// The arithmetic operators.
const (
	OpAdd ArithOp = iota + 1
	OpSub
	OpMul
	// OpDiv is /: exact decimal division with the dividend's scale plus
	// DivScaleIncrement digits (MySQL's div_precision_increment).
	OpDiv
	// OpIntDiv is DIV: division truncated toward zero.
	OpIntDiv
	// OpMod is % (MOD): the remainder, with the dividend's sign.
	OpMod
)

// DivScaleIncrement is the number of decimal digits / adds to the
// dividend's scale (MySQL's default div_precision_increment).
const DivScaleIncrement = 4

// arithText holds the SQL text of each operator.
var arithText = map[ArithOp]string{OpAdd: "+", OpSub: "-", OpMul: "*", OpDiv: "/", OpIntDiv: "DIV", OpMod: "%"}

// String returns the operator's SQL text.
func (o ArithOp) String() string { return arithText[o] }

// Arith is L op R on numbers. BIGINT operands stay BIGINT (+, -, *, DIV, %)
// and overflow is an error, as in MySQL; a DECIMAL operand makes the
// result an exact DECIMAL; a DOUBLE operand makes it DOUBLE. Strings are
// read as numbers (MySQL's numeric prefix rule). Division or modulo by zero
// gives NULL (MySQL's default). Dates are refused.
type Arith struct {
	Op   ArithOp
	L, R Expr
}

// numKind classifies an operand for arithmetic.
type numKind int

const (
	kindInt numKind = iota + 1
	kindDecimal
	kindFloat
)

// operand converts v for arithmetic and reports its kind.
func operand(v Value) (numKind, int64, decimal.Decimal, float64, error) {
	switch x := v.(type) {
	case int64:
		return kindInt, x, decimal.Decimal{}, 0, nil
	case bool:
		if x {
			return kindInt, 1, decimal.Decimal{}, 0, nil
		}
		return kindInt, 0, decimal.Decimal{}, 0, nil
	case float64:
		return kindFloat, 0, decimal.Decimal{}, x, nil
	case decimal.Decimal:
		return kindDecimal, 0, x, 0, nil
	case string, []byte:
		d, _ := ToDecimal(x)
		return kindDecimal, 0, d, 0, nil
	case time.Time:
		return 0, 0, decimal.Decimal{}, 0, fmt.Errorf("arithmetic on %s values is not supported", kindName(v))
	}
	return 0, 0, decimal.Decimal{}, 0, fmt.Errorf("arithmetic on %s values is not supported", kindName(v))
}

// Eval computes the result.
func (e *Arith) Eval(env *Env, row Row) (Value, error) {
	l, err := e.L.Eval(env, row)
	if err != nil || l == nil {
		return nil, err
	}
	r, err := e.R.Eval(env, row)
	if err != nil || r == nil {
		return nil, err
	}
	v, err := ArithValues(e.Op, l, r)
	if err != nil {
		return nil, fmt.Errorf("%w in '%s'", err, e.String())
	}
	return v, nil
}

// ArithValues applies op to two non-NULL values.
func ArithValues(op ArithOp, l, r Value) (Value, error) {
	lk, li, ld, lf, err := operand(l)
	if err != nil {
		return nil, err
	}
	rk, ri, rd, rf, err := operand(r)
	if err != nil {
		return nil, err
	}
	switch {
	case lk == kindInt && rk == kindInt && op != OpDiv:
		return intArith(op, li, ri)
	case lk == kindFloat || rk == kindFloat:
		if lk == kindInt {
			lf = float64(li)
		} else if lk == kindDecimal {
			lf = ld.InexactFloat64()
		}
		if rk == kindInt {
			rf = float64(ri)
		} else if rk == kindDecimal {
			rf = rd.InexactFloat64()
		}
		return floatArith(op, lf, rf)
	}
	if lk == kindInt {
		ld = decimal.NewFromInt(li)
	}
	if rk == kindInt {
		rd = decimal.NewFromInt(ri)
	}
	return decimalArith(op, ld, rd)
}

// errOutOfRange is MySQL's BIGINT overflow error.
var errOutOfRange = fmt.Errorf("BIGINT value is out of range")

// ErrDoubleOutOfRange is MySQL's error 1690 for a DOUBLE result too large
// to represent (1e300 * 1e300, EXP(1000)): MySQL fails the statement where
// IEEE arithmetic would give infinity.
var ErrDoubleOutOfRange = errors.New("DOUBLE value is out of range")

// finite returns f, or ErrDoubleOutOfRange when it is infinite.
func finite(f float64) (Value, error) {
	if math.IsInf(f, 0) {
		return nil, ErrDoubleOutOfRange
	}
	return f, nil
}

// intArith computes op on two BIGINTs (not /).
func intArith(op ArithOp, a, b int64) (Value, error) {
	switch op {
	case OpAdd:
		s := a + b
		if (s > a) != (b > 0) {
			return nil, errOutOfRange
		}
		return s, nil
	case OpSub:
		s := a - b
		if (s < a) != (b > 0) {
			return nil, errOutOfRange
		}
		return s, nil
	case OpMul:
		if a == 0 || b == 0 {
			return int64(0), nil
		}
		p := a * b
		if p/b != a || (a == -1 && b == math.MinInt64) || (b == -1 && a == math.MinInt64) {
			return nil, errOutOfRange
		}
		return p, nil
	case OpIntDiv:
		if b == 0 {
			return nil, nil
		}
		if a == math.MinInt64 && b == -1 {
			return nil, errOutOfRange
		}
		return a / b, nil
	case OpMod:
		if b == 0 {
			return nil, nil
		}
		if b == -1 {
			return int64(0), nil
		}
		return a % b, nil
	}
	return nil, fmt.Errorf("unknown operator %d", op)
}

// floatArith computes op on two DOUBLEs; a result beyond the DOUBLE range
// is ErrDoubleOutOfRange.
func floatArith(op ArithOp, a, b float64) (Value, error) {
	switch op {
	case OpAdd:
		return finite(a + b)
	case OpSub:
		return finite(a - b)
	case OpMul:
		return finite(a * b)
	case OpDiv:
		if b == 0 {
			return nil, nil
		}
		return finite(a / b)
	case OpIntDiv:
		if b == 0 {
			return nil, nil
		}
		q := math.Trunc(a / b)
		if q >= math.MaxInt64 || q < math.MinInt64 {
			return nil, errOutOfRange
		}
		return int64(q), nil
	case OpMod:
		if b == 0 {
			return nil, nil
		}
		return math.Mod(a, b), nil
	}
	return nil, fmt.Errorf("unknown operator %d", op)
}

// decimalArith computes op on two exact decimals.
func decimalArith(op ArithOp, a, b decimal.Decimal) (Value, error) {
	switch op {
	case OpAdd:
		return a.Add(b), nil
	case OpSub:
		return a.Sub(b), nil
	case OpMul:
		return a.Mul(b), nil
	case OpDiv:
		if b.IsZero() {
			return nil, nil
		}
		scale := max(int32(0), -a.Exponent()) + DivScaleIncrement
		return a.DivRound(b, scale), nil
	case OpIntDiv:
		if b.IsZero() {
			return nil, nil
		}
		q, _ := a.QuoRem(b, 0)
		if n, ok := bigIntFits(q); ok {
			return n, nil
		}
		return nil, errOutOfRange
	case OpMod:
		if b.IsZero() {
			return nil, nil
		}
		return a.Mod(b), nil
	}
	return nil, fmt.Errorf("unknown operator %d", op)
}

// Type is the result type when both operand types are known.
func (e *Arith) Type() schema.Type {
	l, r := e.L.Type(), e.R.Type()
	switch {
	case l == schema.TypeDouble || r == schema.TypeDouble:
		return schema.TypeDouble
	case l == schema.TypeBigInt && r == schema.TypeBigInt && e.Op != OpDiv:
		return schema.TypeBigInt
	case e.Op == OpIntDiv:
		return schema.TypeBigInt
	case l == schema.TypeUnknown || r == schema.TypeUnknown:
		return schema.TypeUnknown
	}
	return schema.TypeDecimal
}

// String renders the operation in parentheses.
func (e *Arith) String() string {
	return "(" + e.L.String() + " " + e.Op.String() + " " + e.R.String() + ")"
}

// Neg is unary minus.
type Neg struct {
	X Expr
}

// Eval negates a number (strings are read as numbers).
func (e *Neg) Eval(env *Env, row Row) (Value, error) {
	v, err := e.X.Eval(env, row)
	if err != nil || v == nil {
		return nil, err
	}
	return ArithValues(OpSub, int64(0), v)
}

// Type is the operand's numeric type.
func (e *Neg) Type() schema.Type {
	switch t := e.X.Type(); t {
	case schema.TypeBigInt, schema.TypeDecimal, schema.TypeDouble:
		return t
	case schema.TypeBool:
		return schema.TypeBigInt
	case schema.TypeText:
		return schema.TypeDecimal
	}
	return schema.TypeUnknown
}

// String renders the negation.
func (e *Neg) String() string { return "-" + e.X.String() }

// kids returns the operands.
func (e *Arith) kids() []Expr { return []Expr{e.L, e.R} }

// withKids copies the operation with new operands.
func (e *Arith) withKids(k []Expr) Expr { return &Arith{Op: e.Op, L: k[0], R: k[1]} }

// kids returns the operand.
func (e *Neg) kids() []Expr { return []Expr{e.X} }

// withKids copies the negation with a new operand.
func (e *Neg) withKids(k []Expr) Expr { return &Neg{X: k[0]} }
