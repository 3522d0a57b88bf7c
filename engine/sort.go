package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// SortKey is one ORDER BY key.
type SortKey struct {
	Expr Expr
	Desc bool
}

// String renders the key.
func (k SortKey) String() string {
	if k.Desc {
		return k.Expr.String() + " DESC"
	}
	return k.Expr.String() + " ASC"
}

// Sort orders its input client-side: NULLs first in ascending order and
// last in descending order (MySQL's and SQLite's placement), values by
// Compare, ties kept in input order (stable). It holds every row in
// memory, within the statement's Env.MaxRows, unless Keep bounds it.
type Sort struct {
	Input Node
	Keys  []SortKey
	// Keep, when positive, is how many rows of the order are read (a LIMIT
	// and OFFSET above): the sort then holds at most 2×Keep rows however
	// large its input, dropping rows that can no longer be among the first
	// Keep.
	Keep int64
}

// Columns are the input's.
func (s *Sort) Columns() []Column { return s.Input.Columns() }

// Explain lists the keys.
func (s *Sort) Explain() Explain {
	return Explain{Op: "sort (client-side)", Details: []string{keysText(s.Keys)},
		Children: withSubqueries([]Node{s.Input}, keyExprs(s.Keys)...)}
}

// keysText renders keys as an ORDER BY list.
func keysText(keys []SortKey) string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = k.String()
	}
	return strings.Join(out, ", ")
}

// keyExprs returns the keys' expressions.
func keyExprs(keys []SortKey) []Expr {
	out := make([]Expr, len(keys))
	for i, k := range keys {
		out[i] = k.Expr
	}
	return out
}

// sortItem is one buffered row and its key values.
type sortItem struct {
	row  Row
	keys []Value
}

// Open reads and sorts the whole input.
func (s *Sort) Open(ctx context.Context, env *Env) (Iterator, error) {
	env.remember(ctx)
	in, err := s.Input.Open(ctx, env)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	mem := newBudget(env, "ORDER BY")
	items, err := s.read(env, in, mem)
	if err != nil {
		mem.release()
		return nil, err
	}
	if err := sortItems(items, s.Keys); err != nil {
		mem.release()
		return nil, err
	}
	return &bufferIter{items: items, mem: mem}, nil
}

// sortItems sorts items stably by keys (NULLs first ascending, last
// descending); items[i].keys holds the keys' values.
func sortItems(items []sortItem, keys []SortKey) error {
	var cmpErr error
	slices.SortStableFunc(items, func(a, b sortItem) int {
		for i, k := range keys {
			c, err := CompareNullsFirst(a.keys[i], b.keys[i])
			if err != nil && cmpErr == nil {
				cmpErr = fmt.Errorf("ORDER BY %s: %w", k.Expr.String(), err)
			}
			if c != 0 {
				if k.Desc {
					return -c
				}
				return c
			}
		}
		return 0
	})
	return cmpErr
}

// evalKeys evaluates the keys on row.
func evalKeys(env *Env, keys []SortKey, row Row) ([]Value, error) {
	vals := make([]Value, len(keys))
	for i, k := range keys {
		v, err := k.Expr.Eval(env, row)
		if err != nil {
			return nil, err
		}
		vals[i] = v
	}
	return vals, nil
}

// trim keeps the first Keep of items in order, giving the others' memory
// back. Later input rows come after the kept ones, so the stable order of
// the whole input is unchanged.
func (s *Sort) trim(items []sortItem, mem *budget) ([]sortItem, error) {
	if err := sortItems(items, s.Keys); err != nil {
		return nil, err
	}
	clear(items[s.Keep:])
	mem.sub(int64(len(items)) - s.Keep)
	return items[:s.Keep], nil
}

// read buffers the input rows with their key values.
func (s *Sort) read(env *Env, in Iterator, mem *budget) ([]sortItem, error) {
	var items []sortItem
	for {
		row, err := in.Next()
		if errors.Is(err, io.EOF) {
			return items, nil
		}
		if err != nil {
			return nil, err
		}
		if s.Keep > 0 && int64(len(items)) >= 2*s.Keep {
			if items, err = s.trim(items, mem); err != nil {
				return nil, err
			}
		}
		if err := mem.add(1); err != nil {
			return nil, err
		}
		keys, err := evalKeys(env, s.Keys, row)
		if err != nil {
			return nil, err
		}
		items = append(items, sortItem{row: slices.Clone(row), keys: keys})
	}
}

// bufferIter yields buffered rows; mem, when set, is released on Close.
type bufferIter struct {
	items []sortItem
	mem   *budget
}

// Next returns the next buffered row.
func (it *bufferIter) Next() (Row, error) {
	if len(it.items) == 0 {
		return nil, io.EOF
	}
	r := it.items[0].row
	it.items = it.items[1:]
	return r, nil
}

// Close drops the buffer.
func (it *bufferIter) Close() error {
	it.items = nil
	if it.mem != nil {
		it.mem.release()
	}
	return nil
}
