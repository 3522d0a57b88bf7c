package schema

import (
	"context"
	"sync"
)

// flight runs a load at most once at a time and keeps its successful result:
// callers that arrive while a load runs wait for it, failures are not kept
// (the next caller tries again), and reset forgets the result, including
// that of a load still running.
type flight[T any] struct {
	mu   sync.Mutex
	done bool
	val  T
	gen  uint64         // bumped by reset; a load started before keeps nothing
	call *flightCall[T] // the load in progress, nil when none
}

// flightCall is one load in progress; wait closes when it ends.
type flightCall[T any] struct {
	wait chan struct{}
	val  T
	err  error
}

// do returns the kept result or runs fn (or waits for the run in progress).
// fn runs in its own goroutine with a context that keeps ctx's values but
// not its cancellation, so that one caller giving up does not fail the
// others; each caller still stops waiting when its own ctx ends.
func (f *flight[T]) do(ctx context.Context, fn func(context.Context) (T, error)) (T, error) {
	f.mu.Lock()
	if f.done {
		v := f.val
		f.mu.Unlock()
		return v, nil
	}
	c := f.call
	if c == nil {
		c = &flightCall[T]{wait: make(chan struct{})}
		f.call = c
		gen := f.gen
		go func() {
			v, err := fn(context.WithoutCancel(ctx))
			f.mu.Lock()
			c.val, c.err = v, err
			if f.call == c {
				f.call = nil
			}
			if err == nil && gen == f.gen {
				f.done, f.val = true, v
			}
			f.mu.Unlock()
			close(c.wait)
		}()
	}
	f.mu.Unlock()
	select {
	case <-c.wait:
		return c.val, c.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// peek returns the kept result, if any, without loading.
func (f *flight[T]) peek() (T, bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.val, f.done
}

// expire forgets the kept result when stale says so, checked under the
// lock so that concurrent callers expire the same result only once.
func (f *flight[T]) expire(stale func(T) bool) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.done && stale(f.val) {
		var zero T
		f.done, f.val = false, zero
		f.gen++
	}
}

// reset forgets the kept result; a load in progress still answers its
// waiters but its result is not kept, and the next do starts a new load.
func (f *flight[T]) reset() {
	f.mu.Lock()
	defer f.mu.Unlock()
	var zero T
	f.done, f.val = false, zero
	f.gen++
	f.call = nil
}
