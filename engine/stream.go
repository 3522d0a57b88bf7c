package engine

import (
	"context"
	"io"
	"sync"
	"time"

	"github.com/kintone-sql/kintone/client"
)

// cleanupTimeout bounds the request that deletes a cursor after the scan's
// own context has ended.
const cleanupTimeout = 10 * time.Second

// pager fetches the pages of one scan, in order. next is called from one
// goroutine at a time; cleanup runs after the last next returned.
type pager interface {
	// next fetches the following page; last is true when no page follows.
	next(ctx context.Context) (recs []client.Record, last bool, err error)
	// cleanup releases server-side state (a cursor not read to its end).
	cleanup(ctx context.Context)
}

// page is one fetched page handed from the producer to the reader.
type page struct {
	recs []client.Record
	last bool
	err  error
}

// stream runs a pager in a goroutine exactly one page ahead of the reader:
// while the reader walks page k, page k+1 is being fetched (or waits,
// fetched, for the reader); page k+2 is not requested before the reader
// takes k+1. Memory is thus bounded by two pages. Closing the stream or
// cancelling its context cancels the request in flight and stops at once.
type stream struct {
	ctx    context.Context
	cancel context.CancelFunc
	parent context.Context
	p      pager
	pages  chan page
	done   chan struct{}

	cur  []client.Record
	last bool
	err  error

	closeOnce sync.Once
}

// startStream starts the producer goroutine.
func startStream(ctx context.Context, env *Env, p pager) *stream {
	sctx, cancel := context.WithCancel(ctx)
	s := &stream{ctx: sctx, cancel: cancel, parent: ctx, p: p, pages: make(chan page), done: make(chan struct{})}
	go s.produce()
	return s
}

// produce fetches pages until the last one, an error or cancellation.
func (s *stream) produce() {
	defer close(s.done)
	for {
		recs, last, err := s.p.next(s.ctx)
		select {
		case s.pages <- page{recs: recs, last: last, err: err}:
		case <-s.ctx.Done():
			return
		}
		if last || err != nil {
			return
		}
	}
}

// fill waits for the next page when the current one is used up; it
// returns io.EOF after the last page.
func (s *stream) fill() error {
	for len(s.cur) == 0 {
		if s.err != nil {
			return s.err
		}
		if s.last {
			return io.EOF
		}
		select {
		case pg := <-s.pages:
			s.cur, s.last, s.err = pg.recs, pg.last, pg.err
		case <-s.ctx.Done():
			if err := s.parent.Err(); err != nil {
				s.err = err
			} else {
				s.err = errStreamClosed
			}
		}
	}
	return nil
}

// next returns the next record.
func (s *stream) next() (client.Record, error) {
	if err := s.fill(); err != nil {
		return nil, err
	}
	r := s.cur[0]
	s.cur[0] = nil
	s.cur = s.cur[1:]
	return r, nil
}

// close cancels fetching, waits for the producer to stop, and releases
// the pager's server-side state with a short context of its own (the
// scan's context may already be cancelled).
func (s *stream) close() error {
	s.closeOnce.Do(func() {
		s.cancel()
		<-s.done
		ctx, cancel := context.WithTimeout(context.WithoutCancel(s.parent), cleanupTimeout)
		defer cancel()
		s.p.cleanup(ctx)
		s.cur = nil
		if s.err == nil {
			s.err = errStreamClosed
		}
	})
	return nil
}
