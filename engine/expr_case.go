package engine

import (
	"strings"

	"github.com/kintone-sql/kintone/schema"
)

// When is one WHEN ... THEN ... arm of a Case.
type When struct {
	Cond, Then Expr
}

// Case is CASE [Operand] WHEN ... THEN ... [ELSE ...] END. With an
// operand, an arm matches when Operand = Cond is true; without one, when
// Cond is true. No match and no ELSE gives NULL.
type Case struct {
	Operand Expr // nil for the searched form
	Whens   []When
	Else    Expr // nil for none
}

// Eval picks the first matching arm.
func (c *Case) Eval(env *Env, row Row) (Value, error) {
	var op Value
	if c.Operand != nil {
		v, err := c.Operand.Eval(env, row)
		if err != nil {
			return nil, err
		}
		op = v
	}
	for _, w := range c.Whens {
		v, err := w.Cond.Eval(env, row)
		if err != nil {
			return nil, err
		}
		match := false
		if c.Operand != nil {
			if op != nil && v != nil {
				n, err := Compare(op, v)
				if err != nil {
					return nil, err
				}
				match = n == 0
			}
		} else {
			t, ok := Truth(v)
			match = ok && t
		}
		if match {
			return w.Then.Eval(env, row)
		}
	}
	if c.Else != nil {
		return c.Else.Eval(env, row)
	}
	return nil, nil
}

// Type is the common type of the results, or unknown when they differ.
func (c *Case) Type() schema.Type {
	ts := make([]schema.Type, 0, len(c.Whens)+1)
	for _, w := range c.Whens {
		ts = append(ts, w.Then.Type())
	}
	if c.Else != nil {
		ts = append(ts, c.Else.Type())
	}
	return common(ts)
}

// String renders the expression.
func (c *Case) String() string {
	var b strings.Builder
	b.WriteString("CASE")
	if c.Operand != nil {
		b.WriteString(" " + c.Operand.String())
	}
	for _, w := range c.Whens {
		b.WriteString(" WHEN " + w.Cond.String() + " THEN " + w.Then.String())
	}
	if c.Else != nil {
		b.WriteString(" ELSE " + c.Else.String())
	}
	b.WriteString(" END")
	return b.String()
}

// kids returns the operand (if any), each arm's condition and result, and
// the ELSE result (if any).
func (c *Case) kids() []Expr {
	var out []Expr
	if c.Operand != nil {
		out = append(out, c.Operand)
	}
	for _, w := range c.Whens {
		out = append(out, w.Cond, w.Then)
	}
	if c.Else != nil {
		out = append(out, c.Else)
	}
	return out
}

// withKids copies the expression with new operands, in the order of kids.
func (c *Case) withKids(k []Expr) Expr {
	out := &Case{}
	if c.Operand != nil {
		out.Operand, k = k[0], k[1:]
	}
	for range c.Whens {
		out.Whens = append(out.Whens, When{Cond: k[0], Then: k[1]})
		k = k[2:]
	}
	if c.Else != nil {
		out.Else = k[0]
	}
	return out
}
