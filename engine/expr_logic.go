package engine

import (
	"strings"

	"github.com/kintone-sql/kintone/schema"
)

// And is the conjunction of its terms with three-valued logic: false if
// any term is false, else NULL if any is NULL, else true. Terms are
// evaluated left to right and evaluation stops at the first false.
type And struct {
	Terms []Expr
}

// Eval evaluates the conjunction.
func (e *And) Eval(env *Env, row Row) (Value, error) {
	var out Value = true
	for _, t := range e.Terms {
		v, err := t.Eval(env, row)
		if err != nil {
			return nil, err
		}
		out = and3(out, v)
		if out == false {
			return false, nil
		}
	}
	return out, nil
}

// Type is BOOLEAN.
func (e *And) Type() schema.Type { return schema.TypeBool }

// String renders the terms joined by AND, parenthesizing ORs.
func (e *And) String() string { return joinTerms(e.Terms, " AND ") }

// Or is the disjunction of its terms with three-valued logic: true if any
// term is true, else NULL if any is NULL, else false.
type Or struct {
	Terms []Expr
}

// Eval evaluates the disjunction.
func (e *Or) Eval(env *Env, row Row) (Value, error) {
	var out Value = false
	for _, t := range e.Terms {
		v, err := t.Eval(env, row)
		if err != nil {
			return nil, err
		}
		out = or3(out, v)
		if out == true {
			return true, nil
		}
	}
	return out, nil
}

// Type is BOOLEAN.
func (e *Or) Type() schema.Type { return schema.TypeBool }

// String renders the terms joined by OR.
func (e *Or) String() string { return joinTerms(e.Terms, " OR ") }

// Not is NOT X: NULL stays NULL.
type Not struct {
	X Expr
}

// Eval negates the operand.
func (e *Not) Eval(env *Env, row Row) (Value, error) {
	v, err := e.X.Eval(env, row)
	if err != nil {
		return nil, err
	}
	return not3(v), nil
}

// Type is BOOLEAN.
func (e *Not) Type() schema.Type { return schema.TypeBool }

// String renders the negation.
func (e *Not) String() string { return "NOT (" + e.X.String() + ")" }

// and3 is three-valued AND of two condition values.
func and3(a, b Value) Value {
	at, aok := Truth(a)
	bt, bok := Truth(b)
	switch {
	case aok && !at, bok && !bt:
		return false
	case aok && bok:
		return true
	}
	return nil
}

// or3 is three-valued OR of two condition values.
func or3(a, b Value) Value {
	at, aok := Truth(a)
	bt, bok := Truth(b)
	switch {
	case aok && at, bok && bt:
		return true
	case aok && bok:
		return false
	}
	return nil
}

// not3 is three-valued NOT.
func not3(v Value) Value {
	t, ok := Truth(v)
	if !ok {
		return nil
	}
	return !t
}

// joinTerms renders terms with sep, parenthesizing nested And and Or.
func joinTerms(terms []Expr, sep string) string {
	parts := make([]string, len(terms))
	for i, t := range terms {
		switch t.(type) {
		case *And, *Or:
			parts[i] = "(" + t.String() + ")"
		default:
			parts[i] = t.String()
		}
	}
	return strings.Join(parts, sep)
}

// kids returns the terms.
func (e *And) kids() []Expr { return e.Terms }

// withKids copies the conjunction with new terms.
func (e *And) withKids(k []Expr) Expr { return &And{Terms: k} }

// kids returns the terms.
func (e *Or) kids() []Expr { return e.Terms }

// withKids copies the disjunction with new terms.
func (e *Or) withKids(k []Expr) Expr { return &Or{Terms: k} }

// kids returns the operand.
func (e *Not) kids() []Expr { return []Expr{e.X} }

// withKids copies the negation with a new operand.
func (e *Not) withKids(k []Expr) Expr { return &Not{X: k[0]} }
