package main

import (
	"bytes"
	"io"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// readSome reads once from r, failing after a while.
func readSome(t *testing.T, r io.Reader) (string, error) {
	t.Helper()
	type result struct {
		s   string
		err error
	}
	done := make(chan result, 1)
	go func() {
		buf := make([]byte, 64)
		n, err := r.Read(buf)
		done <- result{string(buf[:n]), err}
	}()
	select {
	case r := <-done:
		return r.s, r.err
	case <-time.After(5 * time.Second):
		t.Fatal("read blocked")
	}
	return "", nil
}

func TestTerminalInputAnswersForASilentTerminal(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	var screen bytes.Buffer
	in := newTerminalInput(pr, &screen)

	_, err := in.Writer().Write([]byte("prompt\x1b[6n"))
	require.NoError(t, err)
	start := time.Now()
	got, err := readSome(t, in)
	require.NoError(t, err)
	assert.Equal(t, "\x1b[1;1R", got, "a made-up report after the timeout")
	assert.GreaterOrEqual(t, time.Since(start), cursorReportTimeout/2)
	assert.Equal(t, "prompt\x1b[6n", screen.String(), "the query still reaches the terminal")

	// Found silent: the next query is answered at once.
	_, err = in.Writer().Write([]byte("\x1b[6n"))
	require.NoError(t, err)
	start = time.Now()
	got, err = readSome(t, in)
	require.NoError(t, err)
	assert.Equal(t, "\x1b[1;1R", got)
	// Waiting again would take the whole cursorReportTimeout; anything
	// shorter is "at once" (half of it was too tight for a loaded CI).
	assert.Less(t, time.Since(start), cursorReportTimeout)
}

func TestTerminalInputPassesARealAnswer(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	in := newTerminalInput(pr, io.Discard)
	_, err := in.Writer().Write([]byte("\x1b[6n"))
	require.NoError(t, err)
	go func() { _, _ = pw.Write([]byte("\x1b[5;3R")) }()
	got, err := readSome(t, in)
	require.NoError(t, err)
	assert.Equal(t, "\x1b[5;3R", got)
	// No made-up report follows the real one.
	go func() {
		time.Sleep(2 * cursorReportTimeout)
		_, _ = pw.Write([]byte("x"))
	}()
	got, err = readSome(t, in)
	require.NoError(t, err)
	assert.Equal(t, "x", got)
}

func TestTerminalInputCtrlCAndStop(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	in := newTerminalInput(pr, io.Discard)
	go func() { _, _ = pw.Write([]byte("ab\x03c")) }()
	got, err := readSome(t, in)
	require.NoError(t, err)
	assert.Equal(t, "ab\x07\x03c", got, "Ctrl-C is preceded by Ctrl-G, which closes a completion list")

	in.Stop()
	_, err = readSome(t, in)
	assert.ErrorIs(t, err, io.EOF)
}

func TestTerminalInputSmallReads(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	in := newTerminalInput(pr, io.Discard)
	go func() { _, _ = pw.Write([]byte("hello")) }()
	buf := make([]byte, 2)
	var out []byte
	for len(out) < 5 {
		n, err := in.Read(buf)
		require.NoError(t, err)
		out = append(out, buf[:n]...)
	}
	assert.Equal(t, "hello", string(out))
}
