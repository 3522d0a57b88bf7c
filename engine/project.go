package engine

import (
	"context"
	"strings"
)

// Project computes the output columns from each input row.
type Project struct {
	Input Node
	Exprs []Expr
	// Cols describes the outputs, parallel to Exprs.
	Cols []Column
}

// Columns are the projected columns.
func (p *Project) Columns() []Column { return p.Cols }

// Explain lists the outputs.
func (p *Project) Explain() Explain {
	items := make([]string, len(p.Exprs))
	for i, e := range p.Exprs {
		s := e.String()
		if name := QuoteIdent(p.Cols[i].Name); name != s {
			s += " AS " + name
		}
		items[i] = s
	}
	return Explain{Op: "project", Details: []string{strings.Join(items, ", ")}, Children: withSubqueries([]Node{p.Input}, p.Exprs...)}
}

// Open opens the input.
func (p *Project) Open(ctx context.Context, env *Env) (Iterator, error) {
	env.remember(ctx)
	in, err := p.Input.Open(ctx, env)
	if err != nil {
		return nil, err
	}
	return &projectIter{p: p, in: in, env: env, out: make(Row, len(p.Exprs))}, nil
}

// projectIter is an open Project; it reuses one output row.
type projectIter struct {
	p   *Project
	in  Iterator
	env *Env
	out Row
}

// Next computes the next output row.
func (it *projectIter) Next() (Row, error) {
	row, err := it.in.Next()
	if err != nil {
		return nil, err
	}
	for i, e := range it.p.Exprs {
		v, err := e.Eval(it.env, row)
		if err != nil {
			return nil, err
		}
		it.out[i] = v
	}
	return it.out, nil
}

// Close closes the input.
func (it *projectIter) Close() error { return it.in.Close() }
