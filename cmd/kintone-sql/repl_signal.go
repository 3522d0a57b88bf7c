package main

import (
	"context"
	"sync"
)

// interruptGate lets Ctrl-C cancel the statement that is running without
// ending the session: a statement runs under a context registered with
// begin, and Interrupt cancels it.
type interruptGate struct {
	mu          sync.Mutex
	cancel      context.CancelFunc
	interrupted bool
}

// begin returns a context for one statement that Interrupt cancels, and the
// function to call when the statement is over.
func (g *interruptGate) begin(ctx context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancel(ctx)
	g.mu.Lock()
	g.cancel = cancel
	g.interrupted = false
	g.mu.Unlock()
	return ctx, func() {
		g.mu.Lock()
		g.cancel = nil
		g.mu.Unlock()
		cancel()
	}
}

// Interrupt cancels the running statement and reports whether there was
// one.
func (g *interruptGate) Interrupt() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.cancel == nil {
		return false
	}
	g.cancel()
	g.interrupted = true
	return true
}

// Interrupted reports whether Interrupt cancelled the latest statement.
func (g *interruptGate) Interrupted() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.interrupted
}
