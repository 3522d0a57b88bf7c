package engine

import (
	"context"
	"fmt"
	"io"
)

// Limit skips Offset rows, then passes at most Count rows (NoLimit: all).
// When the count is reached it closes its input at once, so that a scan
// stops fetching (and frees its cursor) without waiting for the caller to
// close the rows.
type Limit struct {
	Input  Node
	Count  int64
	Offset int64
	// Reason says where the limit comes from in EXPLAIN ("LIMIT",
	// "MaxRows").
	Reason string
}

// Columns are the input's.
func (l *Limit) Columns() []Column { return l.Input.Columns() }

// Explain shows the limit.
func (l *Limit) Explain() Explain {
	d := fmt.Sprintf("%s: limit %s offset %d", l.Reason, limitText(l.Count), l.Offset)
	return Explain{Op: "limit (client-side)", Details: []string{d}, Children: []Node{l.Input}}
}

// Open opens the input.
func (l *Limit) Open(ctx context.Context, env *Env) (Iterator, error) {
	if l.Count == 0 {
		return &bufferIter{}, nil // LIMIT 0 reads nothing
	}
	in, err := l.Input.Open(ctx, env)
	if err != nil {
		return nil, err
	}
	return &limitIter{in: in, skip: l.Offset, left: l.Count}, nil
}

// limitIter is an open Limit.
type limitIter struct {
	in     Iterator
	skip   int64
	left   int64
	closed bool
}

// Next returns the next row within the window.
func (it *limitIter) Next() (Row, error) {
	if it.left == 0 {
		it.closeInput()
		return nil, io.EOF
	}
	for it.skip > 0 {
		if _, err := it.in.Next(); err != nil {
			return nil, err
		}
		it.skip--
	}
	row, err := it.in.Next()
	if err != nil {
		return nil, err
	}
	if it.left > 0 {
		it.left--
		if it.left == 0 {
			// Closing does not touch rows already returned.
			it.closeInput()
		}
	}
	return row, nil
}

// closeInput closes the input once.
func (it *limitIter) closeInput() {
	if !it.closed {
		it.closed = true
		_ = it.in.Close()
	}
}

// Close closes the input.
func (it *limitIter) Close() error {
	if it.closed {
		return nil
	}
	it.closed = true
	return it.in.Close()
}
