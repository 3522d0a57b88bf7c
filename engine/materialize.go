package engine

import (
	"context"
	"errors"
	"io"
	"slices"
)

// Materialize reads its input once per statement and keeps the rows in
// memory (within Env.MaxRows); every later Open yields the same rows
// without reading the input again. The translator puts it under the
// tables of a correlated subquery, which runs once per outer value.
type Materialize struct {
	Input Node
}

// Columns are the input's.
func (m *Materialize) Columns() []Column { return m.Input.Columns() }

// Explain names the step.
func (m *Materialize) Explain() Explain {
	return Explain{Op: "materialize", Details: []string{"read once per statement, rows held in memory"}, Children: []Node{m.Input}}
}

// Open reads the input on first use and yields the kept rows.
func (m *Materialize) Open(ctx context.Context, env *Env) (Iterator, error) {
	k := cacheKey{owner: m}
	if env != nil {
		if v, ok := env.cached(k); ok {
			return &rowsIter{rows: v.([]Row)}, nil
		}
	}
	in, err := m.Input.Open(ctx, env)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	mem := newBudget(env, "materialized subquery table")
	var rows []Row
	for {
		row, err := in.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, err
		}
		if err := mem.add(1); err != nil {
			return nil, err
		}
		rows = append(rows, slices.Clone(row))
	}
	if env != nil {
		env.store(k, rows)
	}
	return &rowsIter{rows: rows}, nil
}

// rowsIter yields rows of a slice it does not own.
type rowsIter struct {
	rows []Row
}

// Next returns the next row.
func (it *rowsIter) Next() (Row, error) {
	if len(it.rows) == 0 {
		return nil, io.EOF
	}
	r := it.rows[0]
	it.rows = it.rows[1:]
	return r, nil
}

// Close drops the slice.
func (it *rowsIter) Close() error {
	it.rows = nil
	return nil
}
