package engine

import (
	"strings"

	"github.com/kintone-sql/kintone/schema"
)

// CmpOp is a comparison operator.
type CmpOp int

// The comparison operators.
const (
	OpEq CmpOp = iota + 1
	OpNe
	OpLt
	OpLe
	OpGt
	OpGe
	// OpNullSafeEq is MySQL's <=>: NULL <=> NULL is true, never NULL.
	OpNullSafeEq
)

// cmpText holds the SQL text of each operator.
var cmpText = map[CmpOp]string{OpEq: "=", OpNe: "<>", OpLt: "<", OpLe: "<=", OpGt: ">", OpGe: ">=", OpNullSafeEq: "<=>"}

// String returns the operator's SQL text.
func (o CmpOp) String() string { return cmpText[o] }

// Negate returns the operator that is true exactly when o is false on
// non-NULL operands (= and <>, < and >=, ...); OpNullSafeEq has none and
// returns 0.
func (o CmpOp) Negate() CmpOp {
	switch o {
	case OpEq:
		return OpNe
	case OpNe:
		return OpEq
	case OpLt:
		return OpGe
	case OpGe:
		return OpLt
	case OpGt:
		return OpLe
	case OpLe:
		return OpGt
	}
	return 0
}

// Flip returns the operator with its operands swapped (a < b is b > a).
func (o CmpOp) Flip() CmpOp {
	switch o {
	case OpLt:
		return OpGt
	case OpGt:
		return OpLt
	case OpLe:
		return OpGe
	case OpGe:
		return OpLe
	}
	return o
}

// holds reports whether the comparison result c (-1, 0, 1) satisfies o.
func (o CmpOp) holds(c int) bool {
	switch o {
	case OpEq, OpNullSafeEq:
		return c == 0
	case OpNe:
		return c != 0
	case OpLt:
		return c < 0
	case OpLe:
		return c <= 0
	case OpGt:
		return c > 0
	case OpGe:
		return c >= 0
	}
	return false
}

// Comparison is L op R with SQL NULL semantics and Compare's coercions.
type Comparison struct {
	Op   CmpOp
	L, R Expr
}

// Eval compares the operands: NULL when either is NULL (except for <=>).
func (c *Comparison) Eval(env *Env, row Row) (Value, error) {
	l, err := c.L.Eval(env, row)
	if err != nil {
		return nil, err
	}
	r, err := c.R.Eval(env, row)
	if err != nil {
		return nil, err
	}
	if l == nil || r == nil {
		if c.Op == OpNullSafeEq {
			return l == nil && r == nil, nil
		}
		return nil, nil
	}
	n, err := Compare(l, r)
	if err != nil {
		return nil, err
	}
	return c.Op.holds(n), nil
}

// Type is BOOLEAN.
func (c *Comparison) Type() schema.Type { return schema.TypeBool }

// String renders the comparison.
func (c *Comparison) String() string { return c.L.String() + " " + c.Op.String() + " " + c.R.String() }

// InList is X [NOT] IN (List...): true when X equals an item, else NULL
// when X or an item is NULL, else false; NOT negates that.
type InList struct {
	X    Expr
	List []Expr
	Not  bool
}

// Eval tests membership.
func (e *InList) Eval(env *Env, row Row) (Value, error) {
	x, err := e.X.Eval(env, row)
	if err != nil || x == nil {
		return nil, err
	}
	found, err := memberOf(env, row, e.List, func(v Value) (bool, error) {
		n, err := Compare(x, v)
		return n == 0, err
	})
	if b, ok := found.(bool); ok && err == nil {
		return b != e.Not, nil
	}
	return found, err
}

// memberOf evaluates list against row with SQL's IN rules: true when match
// accepts an item, else NULL when an item is NULL, else false. NULL items
// are not passed to match.
func memberOf(env *Env, row Row, list []Expr, match func(Value) (bool, error)) (Value, error) {
	sawNull := false
	for _, item := range list {
		v, err := item.Eval(env, row)
		if err != nil {
			return nil, err
		}
		if v == nil {
			sawNull = true
			continue
		}
		ok, err := match(v)
		if err != nil {
			return nil, err
		}
		if ok {
			return true, nil
		}
	}
	if sawNull {
		return nil, nil
	}
	return false, nil
}

// Type is BOOLEAN.
func (e *InList) Type() schema.Type { return schema.TypeBool }

// String renders the test.
func (e *InList) String() string {
	items := make([]string, len(e.List))
	for i, x := range e.List {
		items[i] = x.String()
	}
	op := " IN ("
	if e.Not {
		op = " NOT IN ("
	}
	return e.X.String() + op + strings.Join(items, ", ") + ")"
}

// Between is X [NOT] BETWEEN Lo AND Hi, i.e. X >= Lo AND X <= Hi with
// three-valued logic.
type Between struct {
	X, Lo, Hi Expr
	Not       bool
}

// Eval tests the range.
func (e *Between) Eval(env *Env, row Row) (Value, error) {
	ge, err := (&Comparison{Op: OpGe, L: e.X, R: e.Lo}).Eval(env, row)
	if err != nil {
		return nil, err
	}
	le, err := (&Comparison{Op: OpLe, L: e.X, R: e.Hi}).Eval(env, row)
	if err != nil {
		return nil, err
	}
	v := and3(ge, le)
	if e.Not {
		return not3(v), nil
	}
	return v, nil
}

// Type is BOOLEAN.
func (e *Between) Type() schema.Type { return schema.TypeBool }

// String renders the test.
func (e *Between) String() string {
	op := " BETWEEN "
	if e.Not {
		op = " NOT BETWEEN "
	}
	return e.X.String() + op + e.Lo.String() + " AND " + e.Hi.String()
}

// IsNull is X IS [NOT] NULL; never NULL itself.
type IsNull struct {
	X   Expr
	Not bool
}

// Eval tests for NULL.
func (e *IsNull) Eval(env *Env, row Row) (Value, error) {
	v, err := e.X.Eval(env, row)
	if err != nil {
		return nil, err
	}
	return (v == nil) != e.Not, nil
}

// Type is BOOLEAN.
func (e *IsNull) Type() schema.Type { return schema.TypeBool }

// String renders the test.
func (e *IsNull) String() string {
	if e.Not {
		return e.X.String() + " IS NOT NULL"
	}
	return e.X.String() + " IS NULL"
}

// IsBool is X IS [NOT] TRUE / FALSE; never NULL itself (NULL is neither
// true nor false).
type IsBool struct {
	X    Expr
	Want bool
	Not  bool
}

// Eval tests the truth value.
func (e *IsBool) Eval(env *Env, row Row) (Value, error) {
	v, err := e.X.Eval(env, row)
	if err != nil {
		return nil, err
	}
	t, ok := Truth(v)
	return (ok && t == e.Want) != e.Not, nil
}

// Type is BOOLEAN.
func (e *IsBool) Type() schema.Type { return schema.TypeBool }

// String renders the test.
func (e *IsBool) String() string {
	s := e.X.String() + " IS "
	if e.Not {
		s += "NOT "
	}
	if e.Want {
		return s + "TRUE"
	}
	return s + "FALSE"
}

// kids returns the operands.
func (c *Comparison) kids() []Expr { return []Expr{c.L, c.R} }

// withKids copies the comparison with new operands.
func (c *Comparison) withKids(k []Expr) Expr { return &Comparison{Op: c.Op, L: k[0], R: k[1]} }

// kids returns the tested value and the list.
func (e *InList) kids() []Expr { return append([]Expr{e.X}, e.List...) }

// withKids copies the test with new operands.
func (e *InList) withKids(k []Expr) Expr {
	return &InList{X: k[0], List: append([]Expr(nil), k[1:]...), Not: e.Not}
}

// kids returns the value and the bounds.
func (e *Between) kids() []Expr { return []Expr{e.X, e.Lo, e.Hi} }

// withKids copies the test with new operands.
func (e *Between) withKids(k []Expr) Expr { return &Between{X: k[0], Lo: k[1], Hi: k[2], Not: e.Not} }

// kids returns the tested value.
func (e *IsNull) kids() []Expr { return []Expr{e.X} }

// withKids copies the test with a new operand.
func (e *IsNull) withKids(k []Expr) Expr { return &IsNull{X: k[0], Not: e.Not} }

// kids returns the tested value.
func (e *IsBool) kids() []Expr { return []Expr{e.X} }

// withKids copies the test with a new operand.
func (e *IsBool) withKids(k []Expr) Expr { return &IsBool{X: k[0], Want: e.Want, Not: e.Not} }
