package engine

import (
	"context"
	"errors"
	"io"
)

// Union yields the rows of each input in turn (UNION ALL; UNION is a
// Distinct over it). The inputs have the same number of columns; Cols
// names and types the output (the first input's names).
type Union struct {
	Inputs []Node
	Cols   []Column
}

// Columns are Cols.
func (u *Union) Columns() []Column { return u.Cols }

// Explain lists the inputs.
func (u *Union) Explain() Explain {
	return Explain{Op: "union all", Details: []string{"inputs read one after the other"}, Children: u.Inputs}
}

// Open opens the first input; the others are opened in turn.
func (u *Union) Open(ctx context.Context, env *Env) (Iterator, error) {
	it := &unionIter{ctx: ctx, env: env, inputs: u.Inputs}
	if err := it.advance(); err != nil {
		return nil, err
	}
	return it, nil
}

// unionIter is an open Union.
type unionIter struct {
	ctx    context.Context
	env    *Env
	inputs []Node
	cur    Iterator
}

// advance closes the current input and opens the next one (cur stays nil
// after the last).
func (it *unionIter) advance() error {
	if it.cur != nil {
		err := it.cur.Close()
		it.cur = nil
		if err != nil {
			return err
		}
	}
	if len(it.inputs) == 0 {
		return nil
	}
	next, err := it.inputs[0].Open(it.ctx, it.env)
	if err != nil {
		return err
	}
	it.inputs, it.cur = it.inputs[1:], next
	return nil
}

// Next returns the next row of the current input, moving on at its end.
func (it *unionIter) Next() (Row, error) {
	for it.cur != nil {
		row, err := it.cur.Next()
		if errors.Is(err, io.EOF) {
			if err := it.advance(); err != nil {
				return nil, err
			}
			continue
		}
		return row, err
	}
	return nil, io.EOF
}

// Close closes the current input.
func (it *unionIter) Close() error {
	it.inputs = nil
	if it.cur == nil {
		return nil
	}
	err := it.cur.Close()
	it.cur = nil
	return err
}
