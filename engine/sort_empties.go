package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
)

// EmptiesLast completes an ORDER BY Key DESC, Rest... whose first key
// kintone sorts only in part: the input comes ordered by Key descending
// for every row whose Key is not NULL, while where kintone puts the empty
// (NULL) values is unknown (first, last, or among the values as if 0).
// Rows with a value pass through in input order (each run of equal Key
// sorted by Rest when SortRuns is set, for Rest keys kintone did not
// order); rows with a NULL Key are held (within Env.MaxRows) and emitted
// after the input ends, sorted by Rest: MySQL's descending order, which
// puts NULLs last. A Limit above it stops the scan early. An input that is
// not in descending Key order is an error, not a wrong answer.
type EmptiesLast struct {
	Input Node
	// Key is the first ORDER BY key (descending), which kintone orders.
	Key Expr
	// Rest are the remaining ORDER BY keys.
	Rest []SortKey
	// SortRuns sorts each run of rows with equal Key by Rest; unset when
	// kintone already orders those rows by Rest.
	SortRuns bool
}

// Columns are the input's.
func (e *EmptiesLast) Columns() []Column { return e.Input.Columns() }

// Explain names the key, what is held and what is sorted.
func (e *EmptiesLast) Explain() Explain {
	d := []string{
		fmt.Sprintf("rows with %s not NULL pass in kintone's order (%s DESC)", e.Key.String(), e.Key.String()),
		fmt.Sprintf("rows with %s NULL are held and emitted last", e.Key.String()),
	}
	if len(e.Rest) > 0 {
		d[1] += ", sorted by " + keysText(e.Rest)
		if e.SortRuns {
			d = append(d, fmt.Sprintf("each run of equal %s is sorted by %s", e.Key.String(), keysText(e.Rest)))
		}
	}
	return Explain{Op: "empties last (client-side)", Details: d,
		Children: withSubqueries([]Node{e.Input}, append(keyExprs(e.Rest), e.Key)...)}
}

// Open opens the input.
func (e *EmptiesLast) Open(ctx context.Context, env *Env) (Iterator, error) {
	env.remember(ctx)
	in, err := e.Input.Open(ctx, env)
	if err != nil {
		return nil, err
	}
	return &emptiesLastIter{op: e, env: env, in: in,
		held: newBudget(env, "ORDER BY (rows with an empty first key)"),
		runs: newBudget(env, "ORDER BY (rows with an equal first key)"),
		outs: newBudget(env, "ORDER BY (rows with an equal first key)")}, nil
}

// emptiesLastIter is an open EmptiesLast.
type emptiesLastIter struct {
	op  *EmptiesLast
	env *Env
	in  Iterator
	// held, runs and outs count the rows held in empties, run and out.
	held, runs, outs *budget
	empties          []sortItem
	// run is the current run of equal keys (SortRuns), runKey its key.
	run    []sortItem
	runKey Value
	// prev is the last non-NULL key read, to check the input's order.
	prev Value
	// out are rows ready to be returned.
	out  []sortItem
	done bool
}

// Next returns the next row in SQL order.
func (it *emptiesLastIter) Next() (Row, error) {
	for {
		if len(it.out) > 0 {
			r := it.out[0].row
			it.out = it.out[1:]
			return r, nil
		}
		it.outs.release()
		if it.done {
			return nil, io.EOF
		}
		row, err := it.in.Next()
		if errors.Is(err, io.EOF) {
			if err := it.finish(); err != nil {
				return nil, err
			}
			continue
		}
		if err != nil {
			return nil, err
		}
		if row, err = it.take(row); err != nil || row != nil {
			return row, err
		}
	}
}

// take places one input row: it returns the row when it can be emitted
// at once, nil when it is held.
func (it *emptiesLastIter) take(row Row) (Row, error) {
	op := it.op
	key, err := op.Key.Eval(it.env, row)
	if err != nil {
		return nil, err
	}
	if key == nil {
		return nil, it.hold(&it.empties, it.held, row)
	}
	if it.prev != nil {
		c, err := Compare(key, it.prev)
		if err != nil {
			return nil, fmt.Errorf("ORDER BY %s: %w", op.Key.String(), err)
		}
		if c > 0 {
			return nil, fmt.Errorf("ORDER BY %s DESC: kintone returned %v after %v, out of the requested order; "+
				"the driver cannot complete the order (with UseCursor=false it sorts client-side)",
				op.Key.String(), key, it.prev)
		}
	}
	it.prev = key
	if !op.SortRuns || len(op.Rest) == 0 {
		return row, nil
	}
	if len(it.run) > 0 {
		if c, _ := Compare(key, it.runKey); c != 0 {
			if err := it.flushRun(); err != nil {
				return nil, err
			}
		}
	}
	it.runKey = key
	return nil, it.hold(&it.run, it.runs, row)
}

// hold keeps a copy of row and its Rest values in *into, counted in mem.
func (it *emptiesLastIter) hold(into *[]sortItem, mem *budget, row Row) error {
	if err := mem.add(1); err != nil {
		return err
	}
	keys, err := evalKeys(it.env, it.op.Rest, row)
	if err != nil {
		return err
	}
	*into = append(*into, sortItem{row: slices.Clone(row), keys: keys})
	return nil
}

// flushRun sorts the current run and makes it ready to be returned.
func (it *emptiesLastIter) flushRun() error {
	if err := sortItems(it.run, it.op.Rest); err != nil {
		return err
	}
	it.runs.release()
	if err := it.outs.add(int64(len(it.run))); err != nil {
		return err
	}
	it.out = append(it.out, it.run...)
	it.run = nil
	return nil
}

// finish runs at the input's end: the last run, then the held empties.
func (it *emptiesLastIter) finish() error {
	it.done = true
	if err := it.flushRun(); err != nil {
		return err
	}
	if err := sortItems(it.empties, it.op.Rest); err != nil {
		return err
	}
	it.out = append(it.out, it.empties...)
	it.empties = nil
	return nil
}

// Close closes the input and drops what is held.
func (it *emptiesLastIter) Close() error {
	it.empties, it.run, it.out = nil, nil, nil
	it.held.release()
	it.runs.release()
	it.outs.release()
	return it.in.Close()
}
