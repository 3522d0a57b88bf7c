package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"syscall"
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

// signalError is why the shell ends on SIGTERM or SIGHUP.
type signalError struct{ sig syscall.Signal }

// Error names the signal.
func (e signalError) Error() string {
	return fmt.Sprintf("received %s (%s)", signalName(e.sig), e.sig)
}

// ExitCode is the conventional exit status after a signal: 128 plus its
// number.
func (e signalError) ExitCode() int { return 128 + int(e.sig) }

// signalName returns the SIGxxx name of the signals the shell handles.
func signalName(sig syscall.Signal) string {
	switch sig {
	case syscall.SIGTERM:
		return "SIGTERM"
	case syscall.SIGHUP:
		return "SIGHUP"
	}
	return fmt.Sprintf("signal %d", int(sig))
}

// endingSignals are the signals that end the shell at once; Ctrl-C only
// cancels the running statement.
var endingSignals = []os.Signal{syscall.SIGTERM, syscall.SIGHUP}

// signalCause returns the signal that ended ctx, if one did.
func signalCause(ctx context.Context) (signalError, bool) {
	var se signalError
	ok := errors.As(context.Cause(ctx), &se)
	return se, ok
}
