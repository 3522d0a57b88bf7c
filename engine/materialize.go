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
	rows, err := readAll(in, newBudget(env, "materialized subquery table"))
	if err != nil {
		return nil, err
	}
	if env != nil {
		env.store(k, rows)
	}
	return &rowsIter{rows: rows}, nil
}

// readAll reads every row of in, each copied and counted against mem. On
// an error, mem is released and the rows dropped.
func readAll(in Iterator, mem *budget) ([]Row, error) {
	var rows []Row
	err := drain(in, mem, func(row Row) { rows = append(rows, slices.Clone(row)) })
	if err != nil {
		return nil, err
	}
	return rows, nil
}

// drain passes every row of in to keep, counting each against mem (keep
// holds on to what it needs of the row, which the iterator may reuse). On
// an error mem is released.
func drain(in Iterator, mem *budget, keep func(Row)) error {
	for {
		row, err := in.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err == nil {
			err = mem.add(1)
		}
		if err != nil {
			mem.release()
			return err
		}
		keep(row)
	}
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
