package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/kintone-sql/kintone/schema"
)

// Subquery is the plan of a subquery used in an expression, with the outer
// values it reads. An uncorrelated subquery (no Params) runs once per
// statement and its result is kept. A correlated one runs again for each
// new combination of outer values (results are kept per combination, up
// to maxCachedResults); the translator materializes its tables so that
// kintone is read once and each run works on rows in memory.
type Subquery struct {
	// Plan computes the subquery's rows.
	Plan Node
	// Params are the outer expressions the subquery reads, evaluated on
	// the outer row; inside Plan, Param{Index: i} reads the i-th value.
	Params []Expr
	// Text is the subquery's SQL text, for EXPLAIN.
	Text string
}

// resultOwner keys a subquery's cached results: its plan and how it is
// read (a value, a set, a flag).
type resultOwner struct {
	plan Node
	kind string
}

// run evaluates the subquery for one outer row: read is called with the
// open plan, its result cached under the plan, kind and the outer values.
func (s *Subquery) run(env *Env, row Row, kind string, read func(it Iterator) (any, error)) (any, error) {
	if env == nil {
		return nil, fmt.Errorf("engine: subquery %s needs an environment", s.Text)
	}
	vals := make(Row, len(s.Params))
	var key []byte
	for i, p := range s.Params {
		v, err := p.Eval(env, row)
		if err != nil {
			return nil, err
		}
		vals[i] = v
		key = appendKey(key, v, false)
	}
	k := cacheKey{owner: resultOwner{plan: s.Plan, kind: kind}, params: string(key)}
	if v, ok := env.cached(k); ok {
		return v, nil
	}
	if len(vals) > 0 {
		env.pushFrame(vals)
		defer env.popFrame()
	}
	it, err := s.Plan.Open(env.context(), env)
	if err != nil {
		return nil, err
	}
	v, err := read(it)
	if cerr := it.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return nil, err
	}
	env.store(k, v)
	return v, nil
}

// String renders the subquery's text in parentheses.
func (s *Subquery) String() string { return "(" + s.Text + ")" }

// copyWith returns a copy reading new outer expressions (same plan).
func (s *Subquery) copyWith(params []Expr) *Subquery {
	return &Subquery{Plan: s.Plan, Params: params, Text: s.Text}
}

// ScalarSubquery is (SELECT ...) used as a value: the first column of its
// only row, NULL when it has no row, an error when it has several (as in
// MySQL).
type ScalarSubquery struct {
	Sub *Subquery
}

// errSubqueryRows is MySQL's error 1242.
var errSubqueryRows = errors.New("subquery returns more than 1 row")

// Eval returns the subquery's value.
func (e *ScalarSubquery) Eval(env *Env, row Row) (Value, error) {
	return e.Sub.run(env, row, "scalar", func(it Iterator) (any, error) {
		first, err := it.Next()
		if errors.Is(err, io.EOF) {
			return nil, nil
		}
		if err != nil {
			return nil, err
		}
		v := first[0]
		if _, err := it.Next(); !errors.Is(err, io.EOF) {
			if err != nil {
				return nil, err
			}
			return nil, fmt.Errorf("%w: %s", errSubqueryRows, e.Sub)
		}
		return v, nil
	})
}

// Type is the type of the subquery's column.
func (e *ScalarSubquery) Type() schema.Type { return e.Sub.Plan.Columns()[0].Type }

// String renders the subquery.
func (e *ScalarSubquery) String() string { return e.Sub.String() }

// kids returns the outer values.
func (e *ScalarSubquery) kids() []Expr { return e.Sub.Params }

// withKids copies the expression with new outer values.
func (e *ScalarSubquery) withKids(k []Expr) Expr { return &ScalarSubquery{Sub: e.Sub.copyWith(k)} }

// InSubquery is X [NOT] IN (SELECT ...): true when X equals a value of the
// subquery's column; else NULL when X is NULL or the column holds a NULL
// (and the subquery has rows); else false. NOT negates that. The values
// are held in memory (a hash set).
type InSubquery struct {
	X   Expr
	Sub *Subquery
	Not bool
}

// Eval tests membership.
func (e *InSubquery) Eval(env *Env, row Row) (Value, error) {
	x, err := e.X.Eval(env, row)
	if err != nil {
		return nil, err
	}
	v, err := e.Sub.run(env, row, "IN", func(it Iterator) (any, error) { return readValueSet(env, it) })
	if err != nil {
		return nil, err
	}
	set := v.(*valueSet)
	if set.size == 0 {
		return e.Not, nil
	}
	if x == nil {
		return nil, nil
	}
	found, err := set.contains(x)
	switch {
	case err != nil:
		return nil, fmt.Errorf("%s: %w", e.String(), err)
	case found:
		return !e.Not, nil
	case set.hasNull:
		return nil, nil
	}
	return e.Not, nil
}

// Type is BOOLEAN.
func (e *InSubquery) Type() schema.Type { return schema.TypeBool }

// String renders the test.
func (e *InSubquery) String() string {
	if e.Not {
		return e.X.String() + " NOT IN " + e.Sub.String()
	}
	return e.X.String() + " IN " + e.Sub.String()
}

// kids returns the tested value and the outer values.
func (e *InSubquery) kids() []Expr { return append([]Expr{e.X}, e.Sub.Params...) }

// withKids copies the test with new operands.
func (e *InSubquery) withKids(k []Expr) Expr {
	return &InSubquery{X: k[0], Sub: e.Sub.copyWith(append([]Expr(nil), k[1:]...)), Not: e.Not}
}

// Exists is [NOT] EXISTS (SELECT ...): whether the subquery has a row;
// never NULL. The translator limits the plan to one row.
type Exists struct {
	Sub *Subquery
	Not bool
}

// Eval tests for a row.
func (e *Exists) Eval(env *Env, row Row) (Value, error) {
	v, err := e.Sub.run(env, row, "EXISTS", func(it Iterator) (any, error) {
		_, err := it.Next()
		if errors.Is(err, io.EOF) {
			return false, nil
		}
		return err == nil, err
	})
	if err != nil {
		return nil, err
	}
	return v.(bool) != e.Not, nil
}

// Type is BOOLEAN.
func (e *Exists) Type() schema.Type { return schema.TypeBool }

// String renders the test.
func (e *Exists) String() string {
	if e.Not {
		return "NOT EXISTS " + e.Sub.String()
	}
	return "EXISTS " + e.Sub.String()
}

// kids returns the outer values.
func (e *Exists) kids() []Expr { return e.Sub.Params }

// withKids copies the test with new outer values.
func (e *Exists) withKids(k []Expr) Expr { return &Exists{Sub: e.Sub.copyWith(k), Not: e.Not} }

// Param reads an outer value inside a correlated subquery's plan: the
// Index-th of the Params of the innermost subquery being evaluated.
type Param struct {
	Index int
	// Col describes the outer column (or expression) the value comes from.
	Col Column
}

// Eval returns the outer value.
func (p *Param) Eval(env *Env, _ Row) (Value, error) { return env.param(p.Index) }

// Type is the outer column's type.
func (p *Param) Type() schema.Type { return p.Col.Type }

// String renders the outer column, marked as such.
func (p *Param) String() string {
	name := QuoteIdent(p.Col.Name)
	if p.Col.Table != "" {
		name = QuoteIdent(p.Col.Table) + "." + name
	}
	return "outer " + name
}

// subqueryOf returns the subquery of a subquery expression.
func subqueryOf(e Expr) (*Subquery, string) {
	switch x := e.(type) {
	case *ScalarSubquery:
		return x.Sub, "scalar"
	case *InSubquery:
		return x.Sub, "IN"
	case *Exists:
		return x.Sub, "EXISTS"
	case *Quantified:
		return x.Sub, "ANY/ALL"
	}
	return nil, ""
}

// HasSubquery reports whether e holds a subquery.
func HasSubquery(e Expr) bool {
	return Contains(e, func(x Expr) bool { s, _ := subqueryOf(x); return s != nil })
}

// withSubqueries returns children followed by an EXPLAIN node for each
// subquery the expressions hold (each plan once).
func withSubqueries(children []Node, exprs ...Expr) []Node {
	seen := map[Node]bool{}
	for _, e := range exprs {
		Walk(e, func(x Expr) {
			s, kind := subqueryOf(x)
			if s == nil || seen[s.Plan] {
				return
			}
			seen[s.Plan] = true
			children = append(children, &subqueryNode{sub: s, kind: kind})
		})
	}
	return children
}

// subqueryNode shows a subquery's plan under the operator that evaluates
// it; it only explains.
type subqueryNode struct {
	sub  *Subquery
	kind string
}

// Columns are the subquery's.
func (n *subqueryNode) Columns() []Column { return n.sub.Plan.Columns() }

// Open fails: the subquery runs from its expression.
func (n *subqueryNode) Open(context.Context, *Env) (Iterator, error) {
	return nil, fmt.Errorf("engine: a subquery runs from its expression")
}

// Explain tells how often the subquery runs.
func (n *subqueryNode) Explain() Explain {
	d := []string{n.sub.Text}
	if len(n.sub.Params) == 0 {
		d = append(d, "uncorrelated: runs once; its result is held in memory")
	} else {
		params := make([]string, len(n.sub.Params))
		for i, p := range n.sub.Params {
			params[i] = p.String()
		}
		d = append(d, "correlated on "+strings.Join(params, ", ")+
			": runs again for each new combination of these outer values (results cached); "+
			"its kintone tables are read once and held in memory")
	}
	return Explain{Op: "subquery (" + n.kind + ")", Details: d, Children: []Node{n.sub.Plan}}
}
