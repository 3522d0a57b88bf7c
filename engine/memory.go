package engine

import (
	"errors"
	"fmt"
)

// DefaultMaxRowsInMemory is the driver's default for Env.MaxRows: the rows
// a statement may hold in memory at once.
const DefaultMaxRowsInMemory int64 = 1_000_000

// ErrMemoryLimit is wrapped by the error of a statement that would hold
// more rows in memory than Env.MaxRows allows.
var ErrMemoryLimit = errors.New("memory limit reached")

// budget counts the rows one operator holds against the statement's
// limit. The zero value (or a nil Env) counts without limit.
type budget struct {
	env  *Env
	what string
	n    int64
}

// newBudget returns the budget of an operator described by what ("sort",
// "hash join build side", ...).
func newBudget(env *Env, what string) *budget { return &budget{env: env, what: what} }

// add reserves n more rows, failing when the statement's total would pass
// the limit.
func (b *budget) add(n int64) error {
	if b.env == nil {
		b.n += n
		return nil
	}
	r := &b.env.run
	r.mu.Lock()
	defer r.mu.Unlock()
	if m := b.env.MaxRows; m > 0 && r.held+n > m {
		return fmt.Errorf("%s needs more than %d rows in memory (MaxRowsInMemory); narrow the query with WHERE or LIMIT, or raise MaxRowsInMemory: %w",
			b.what, m, ErrMemoryLimit)
	}
	r.held += n
	b.n += n
	return nil
}

// sub gives back n of the rows the budget holds.
func (b *budget) sub(n int64) {
	if b.env != nil && n > 0 {
		r := &b.env.run
		r.mu.Lock()
		r.held -= n
		r.mu.Unlock()
	}
	b.n -= n
}

// release gives back every row the budget holds.
func (b *budget) release() {
	if b.env != nil && b.n > 0 {
		r := &b.env.run
		r.mu.Lock()
		r.held -= b.n
		r.mu.Unlock()
	}
	b.n = 0
}
