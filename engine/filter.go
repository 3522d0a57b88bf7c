package engine

import "context"

// Filter passes the input rows for which Cond is true (not false, not
// NULL): the conditions kintone could not evaluate exactly.
type Filter struct {
	Input Node
	Cond  Expr
}

// Columns are the input's.
func (f *Filter) Columns() []Column { return f.Input.Columns() }

// Explain shows the condition.
func (f *Filter) Explain() Explain {
	return Explain{Op: "filter (client-side)", Details: []string{f.Cond.String()}, Children: withSubqueries([]Node{f.Input}, f.Cond)}
}

// Open opens the input.
func (f *Filter) Open(ctx context.Context, env *Env) (Iterator, error) {
	env.remember(ctx)
	in, err := f.Input.Open(ctx, env)
	if err != nil {
		return nil, err
	}
	return &filterIter{in: in, cond: f.Cond, env: env, ctx: ctx}, nil
}

// filterIter is an open Filter.
type filterIter struct {
	in   Iterator
	cond Expr
	env  *Env
	ctx  context.Context
}

// Next returns the next row that satisfies the condition, checking the
// context before each row (evaluating a condition may take long).
func (it *filterIter) Next() (Row, error) {
	for {
		if err := it.ctx.Err(); err != nil {
			return nil, err
		}
		row, err := it.in.Next()
		if err != nil {
			return nil, err
		}
		v, err := it.cond.Eval(it.env, row)
		if err != nil {
			return nil, err
		}
		if t, ok := Truth(v); ok && t {
			return row, nil
		}
	}
}

// Close closes the input.
func (it *filterIter) Close() error { return it.in.Close() }
