package main

import (
	"context"
	"errors"
	"io"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countingReader counts its reads and serves "x" each time.
type countingReader struct{ reads atomic.Int64 }

func (c *countingReader) Read(p []byte) (int, error) {
	c.reads.Add(1)
	return copy(p, "x"), nil
}

func TestDemandReaderNeverReadsAhead(t *testing.T) {
	quit := make(chan struct{})
	defer close(quit)
	r := &countingReader{}
	d := newDemandReader(r, quit)
	for i := 1; i <= 3; i++ {
		data, other, err := d.next(8, nil)
		require.NoError(t, err)
		assert.False(t, other)
		assert.Equal(t, "x", string(data))
		time.Sleep(20 * time.Millisecond)
		assert.EqualValues(t, i, r.reads.Load(), "one read per request, none ahead (a pager gets the keys)")
	}
}

func TestContextReaderGivesUpOnCancel(t *testing.T) {
	pr, pw := io.Pipe()
	defer pw.Close()
	cause := errors.New("received SIGTERM")
	ctx, cancel := context.WithCancelCause(context.Background())
	cr := newContextReader(ctx, pr)
	go func() { _, _ = pw.Write([]byte("SELECT 1;\n")) }()
	buf := make([]byte, 64)
	n, err := cr.Read(buf)
	require.NoError(t, err)
	assert.Equal(t, "SELECT 1;\n", string(buf[:n]))

	done := make(chan error, 1)
	go func() { _, err := cr.Read(buf); done <- err }()
	time.Sleep(50 * time.Millisecond) // blocked: the pipe stays open
	cancel(cause)
	select {
	case err := <-done:
		assert.ErrorIs(t, err, cause)
	case <-time.After(5 * time.Second):
		t.Fatal("Read still blocked after cancellation")
	}
	_, err = cr.Read(buf)
	assert.ErrorIs(t, err, cause)
}
