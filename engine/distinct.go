package engine

import "context"

// Distinct passes the first of each set of equal input rows (SELECT
// DISTINCT, UNION): rows are equal when every column is, NULLs counting
// as equal to each other, as SQL's DISTINCT treats them. It streams, but
// remembers the key of every distinct row (within Env.MaxRows).
type Distinct struct {
	Input Node
}

// Columns are the input's.
func (d *Distinct) Columns() []Column { return d.Input.Columns() }

// Explain names the step.
func (d *Distinct) Explain() Explain {
	return Explain{Op: "distinct (client-side)", Details: []string{"distinct rows kept in a hash set"}, Children: []Node{d.Input}}
}

// Open opens the input.
func (d *Distinct) Open(ctx context.Context, env *Env) (Iterator, error) {
	in, err := d.Input.Open(ctx, env)
	if err != nil {
		return nil, err
	}
	return &distinctIter{in: in, seen: map[string]struct{}{}, mem: newBudget(env, "DISTINCT")}, nil
}

// distinctIter is an open Distinct.
type distinctIter struct {
	in   Iterator
	seen map[string]struct{}
	key  []byte
	mem  *budget
}

// Next returns the next row not seen before.
func (it *distinctIter) Next() (Row, error) {
	for {
		row, err := it.in.Next()
		if err != nil {
			return nil, err
		}
		it.key = rowKey(it.key, row)
		if _, dup := it.seen[string(it.key)]; dup {
			continue
		}
		if err := it.mem.add(1); err != nil {
			return nil, err
		}
		it.seen[string(it.key)] = struct{}{}
		return row, nil
	}
}

// Close closes the input and forgets the rows.
func (it *distinctIter) Close() error {
	it.seen = nil
	it.mem.release()
	return it.in.Close()
}
