package main

import (
	"bytes"
	"errors"
	"io"
	"regexp"
	"sync"
	"time"
)

// cursorQuery is the cursor-position query (DSR) the line editor writes
// before each prompt; a terminal answers ESC [ row ; col R.
var cursorQuery = []byte("\x1b[6n")

// cursorReport matches a terminal's answer to cursorQuery.
var cursorReport = regexp.MustCompile(`\x1b\[[0-9]+;[0-9]+R`)

// cursorReportTimeout is how long the shell waits for a terminal to answer
// cursorQuery before answering for it.
const cursorReportTimeout = 400 * time.Millisecond

// terminalInput sits between the terminal and the line editor, which waits
// for the answer to every cursor-position query it writes and cannot be
// told not to ask. When the terminal does not answer in time, it supplies
// an answer (the first column, where the shell's prompts start) so that the
// prompt appears; once a terminal has been found silent, later queries are
// answered at once. It also makes Ctrl-C always clear the line (see
// bellCtrlC). Stop makes reading end (io.EOF), which ends the line
// editor's read without closing its history.
type terminalInput struct {
	in *demandReader
	// out is the terminal the line editor writes to.
	out io.Writer

	injected chan []byte
	stopped  chan struct{}
	stopOnce sync.Once

	mu      sync.Mutex
	pending []byte // part of a chunk the reader had no room for
	waiting *time.Timer
	silent  bool
}

// newTerminalInput wraps the terminal's input in and output out.
func newTerminalInput(in io.Reader, out io.Writer) *terminalInput {
	stopped := make(chan struct{})
	return &terminalInput{
		in: newDemandReader(in, stopped), out: out,
		injected: make(chan []byte, 1),
		stopped:  stopped,
	}
}

// Writer returns the output the line editor must write to, which notices
// its cursor-position queries.
func (t *terminalInput) Writer() io.Writer { return queryWatcher{t} }

// queryWatcher passes writes to the terminal and notices cursor-position
// queries.
type queryWatcher struct{ t *terminalInput }

// Write writes p to the terminal.
func (w queryWatcher) Write(p []byte) (int, error) {
	n, err := w.t.out.Write(p)
	if bytes.Contains(p, cursorQuery) {
		w.t.queried()
	}
	return n, err
}

// queried arms the fallback answer for a query just written.
func (t *terminalInput) queried() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.silent {
		t.inject()
		return
	}
	if t.waiting != nil {
		t.waiting.Stop()
	}
	t.waiting = time.AfterFunc(cursorReportTimeout, func() {
		t.mu.Lock()
		defer t.mu.Unlock()
		if t.waiting == nil { // answered meanwhile
			return
		}
		t.waiting = nil
		t.silent = true
		t.inject()
	})
}

// inject queues a made-up cursor report; t.mu is held.
func (t *terminalInput) inject() {
	select {
	case t.injected <- []byte("\x1b[1;1R"):
	default: // one is already queued
	}
}

// answered records that the terminal answered a query itself.
func (t *terminalInput) answered() {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.waiting != nil {
		t.waiting.Stop()
		t.waiting = nil
	}
	t.silent = false
}

// Read returns terminal input or a made-up cursor report; io.EOF once
// stopped.
func (t *terminalInput) Read(p []byte) (int, error) {
	select {
	case <-t.stopped:
		return 0, io.EOF
	default:
	}
	if len(t.pending) > 0 {
		n := copy(p, t.pending)
		t.pending = t.pending[n:]
		return n, nil
	}
	data, injected, err := t.in.next(len(p), t.injected)
	switch {
	case errors.Is(err, errInputStopped):
		return 0, io.EOF
	case injected:
		return t.deliver(p, data), nil
	}
	if cursorReport.Match(data) {
		t.answered()
	}
	return t.deliver(p, bytes.ReplaceAll(data, ctrlC, bellCtrlC)), err
}

// The line editor takes Ctrl-C in a completion list (or a history search)
// to close it, keeping the line, where the shell promises that Ctrl-C
// clears the input. So each Ctrl-C is preceded by Ctrl-G (bell), which
// closes a list or search and otherwise does nothing; the Ctrl-C that
// follows then always clears the line.
var (
	ctrlC     = []byte{0x03}
	bellCtrlC = []byte{0x07, 0x03}
)

// deliver copies b into p and keeps what does not fit for the next Read.
func (t *terminalInput) deliver(p, b []byte) int {
	n := copy(p, b)
	t.pending = append(t.pending[:0], b[n:]...)
	return n
}

// Stop ends reading: the line editor's read returns what was typed, then
// io.EOF.
func (t *terminalInput) Stop() {
	t.stopOnce.Do(func() { close(t.stopped) })
}
