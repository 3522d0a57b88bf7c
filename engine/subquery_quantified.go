package engine

import (
	"fmt"

	"github.com/kintone-sql/kintone/schema"
)

// Quantified is X op ANY (SELECT ...) (SOME is ANY) or X op ALL (SELECT
// ...), with MySQL's NULL rules: ANY is true when the comparison holds for
// some value, else NULL when a comparison is NULL, else false (an empty
// subquery gives false); ALL is false when the comparison fails for some
// value, else NULL when a comparison is NULL, else true (an empty
// subquery gives true). The values are held in memory.
type Quantified struct {
	X   Expr
	Op  CmpOp
	Sub *Subquery
	All bool
}

// Eval compares X with each value of the subquery.
func (e *Quantified) Eval(env *Env, row Row) (Value, error) {
	x, err := e.X.Eval(env, row)
	if err != nil {
		return nil, err
	}
	v, err := e.Sub.run(env, row, "ANY/ALL", func(it Iterator) (any, error) { return readColumn(env, it) })
	if err != nil {
		return nil, err
	}
	vals := v.([]Value)
	sawNull := false
	for _, s := range vals {
		if x == nil || s == nil {
			sawNull = true
			continue
		}
		c, err := Compare(x, s)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", e.String(), err)
		}
		if holds := e.Op.holds(c); holds != e.All {
			return holds, nil // ANY: one true decides; ALL: one false does
		}
	}
	if sawNull {
		return nil, nil
	}
	return e.All, nil
}

// readColumn reads the first column of every row, within Env.MaxRows.
func readColumn(env *Env, it Iterator) ([]Value, error) {
	var out []Value
	if err := drain(it, newBudget(env, "ANY/ALL (subquery)"), func(row Row) { out = append(out, row[0]) }); err != nil {
		return nil, err
	}
	return out, nil
}

// Type is BOOLEAN.
func (e *Quantified) Type() schema.Type { return schema.TypeBool }

// String renders the comparison.
func (e *Quantified) String() string {
	q := " ANY "
	if e.All {
		q = " ALL "
	}
	return e.X.String() + " " + e.Op.String() + q + e.Sub.String()
}

// kids returns the compared value and the outer values.
func (e *Quantified) kids() []Expr { return append([]Expr{e.X}, e.Sub.Params...) }

// withKids copies the comparison with new operands.
func (e *Quantified) withKids(k []Expr) Expr {
	return &Quantified{X: k[0], Op: e.Op, Sub: e.Sub.copyWith(append([]Expr(nil), k[1:]...)), All: e.All}
}
