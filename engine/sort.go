package engine

import (
	"context"
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
// memory, at most Env.MaxRows of them.
type Sort struct {
	Input Node
	Keys  []SortKey
}

// Columns are the input's.
func (s *Sort) Columns() []Column { return s.Input.Columns() }

// Explain lists the keys.
func (s *Sort) Explain() Explain {
	keys := make([]string, len(s.Keys))
	for i, k := range s.Keys {
		keys[i] = k.String()
	}
	return Explain{Op: "sort (client-side)", Details: []string{strings.Join(keys, ", ")}, Children: []Node{s.Input}}
}

// sortItem is one buffered row and its key values.
type sortItem struct {
	row  Row
	keys []Value
}

// Open reads and sorts the whole input.
func (s *Sort) Open(ctx context.Context, env *Env) (Iterator, error) {
	in, err := s.Input.Open(ctx, env)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	var items []sortItem
	for {
		row, err := in.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if env != nil && env.MaxRows > 0 && int64(len(items)) >= env.MaxRows {
			return nil, fmt.Errorf("sort needs more than %d rows in memory (the MaxRows limit); narrow the query with WHERE or LIMIT", env.MaxRows)
		}
		keys := make([]Value, len(s.Keys))
		for i, k := range s.Keys {
			if keys[i], err = k.Expr.Eval(env, row); err != nil {
				return nil, err
			}
		}
		items = append(items, sortItem{row: slices.Clone(row), keys: keys})
	}
	var cmpErr error
	slices.SortStableFunc(items, func(a, b sortItem) int {
		for i, k := range s.Keys {
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
	if cmpErr != nil {
		return nil, cmpErr
	}
	return &bufferIter{items: items}, nil
}

// bufferIter yields buffered rows.
type bufferIter struct {
	items []sortItem
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
	return nil
}
