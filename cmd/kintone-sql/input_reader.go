package main

import (
	"context"
	"errors"
	"io"
	"sync"
)

// errInputStopped is returned by demandReader.next once its quit channel is
// closed.
var errInputStopped = errors.New("input stopped")

// demandReader reads an io.Reader in a helper goroutine, one read per
// request, so that a caller can stop waiting for a read that blocks
// (standard input) or take other input meanwhile. It never reads ahead:
// between requests nothing is read, so a pager or editor started in between
// gets every keystroke. Only one goroutine may call next.
type demandReader struct {
	r      io.Reader
	quit   <-chan struct{}
	want   chan int
	chunks chan inputChunk
	once   sync.Once
	// inFlight is set while a requested read has not been delivered.
	inFlight bool
}

// inputChunk is the result of one read.
type inputChunk struct {
	data []byte
	err  error
}

// newDemandReader reads r until quit is closed.
func newDemandReader(r io.Reader, quit <-chan struct{}) *demandReader {
	return &demandReader{r: r, quit: quit, want: make(chan int), chunks: make(chan inputChunk)}
}

// next returns the result of a read of at most n bytes, or what arrives
// first on other (with fromOther set; a read already requested stays
// pending for the next call), or errInputStopped once quit is closed.
func (d *demandReader) next(n int, other <-chan []byte) (data []byte, fromOther bool, err error) {
	d.once.Do(func() { go d.loop() })
	if !d.inFlight {
		select {
		case d.want <- n:
			d.inFlight = true
		case b := <-other:
			return b, true, nil
		case <-d.quit:
			return nil, false, errInputStopped
		}
	}
	select {
	case c := <-d.chunks:
		d.inFlight = false
		return c.data, false, c.err
	case b := <-other:
		return b, true, nil
	case <-d.quit:
		return nil, false, errInputStopped
	}
}

// loop serves the read requests until quit.
func (d *demandReader) loop() {
	for {
		var n int
		select {
		case n = <-d.want:
		case <-d.quit:
			return
		}
		buf := make([]byte, n)
		n, err := d.r.Read(buf)
		select {
		case d.chunks <- inputChunk{data: buf[:n], err: err}:
		case <-d.quit:
			return
		}
		if err != nil {
			return
		}
	}
}

// contextReader reads r until ctx ends; then Read returns ctx's cause at
// once, even while a read of r is blocked (standard input from a pipe
// whose writer never closes it, for instance). The blocked read is left
// behind.
type contextReader struct {
	ctx context.Context
	d   *demandReader
}

// newContextReader wraps r.
func newContextReader(ctx context.Context, r io.Reader) *contextReader {
	return &contextReader{ctx: ctx, d: newDemandReader(r, ctx.Done())}
}

// Read reads from r, giving up when ctx ends.
func (c *contextReader) Read(p []byte) (int, error) {
	if err := context.Cause(c.ctx); err != nil {
		return 0, err
	}
	data, _, err := c.d.next(len(p), nil)
	if errors.Is(err, errInputStopped) {
		return 0, context.Cause(c.ctx)
	}
	return copy(p, data), err
}
