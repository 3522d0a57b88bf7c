package engine

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/client"
)

// fakePager serves n pages of size records; block makes next wait for
// cancellation, like a slow request.
type fakePager struct {
	pages, size int
	block       bool
	fetched     atomic.Int32
	cleaned     atomic.Int32
}

func (p *fakePager) next(ctx context.Context) ([]client.Record, bool, error) {
	k := int(p.fetched.Add(1))
	if p.block {
		<-ctx.Done()
		return nil, false, ctx.Err()
	}
	recs := make([]client.Record, p.size)
	for i := range recs {
		id, _ := json.Marshal((k-1)*p.size + i + 1)
		recs[i] = client.Record{"$id": {Type: "__ID__", Value: id}}
	}
	return recs, k == p.pages, nil
}

func (p *fakePager) cleanup(context.Context) { p.cleaned.Add(1) }

// waitFor polls cond for up to ten seconds (a goroutine on a loaded
// 2-core CI under -race can take well over a second to run; a condition
// that never holds still fails).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// TestStreamOnePageAhead checks that the producer fetches exactly one page
// ahead of the reader.
func TestStreamOnePageAhead(t *testing.T) {
	p := &fakePager{pages: 4, size: 3}
	s := startStream(context.Background(), &Env{}, p)
	defer s.close()
	if _, err := s.next(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "page 2", func() bool { return p.fetched.Load() == 2 })
	time.Sleep(20 * time.Millisecond)
	if n := p.fetched.Load(); n != 2 {
		t.Fatalf("fetched %d pages while the reader is on page 1; want 2", n)
	}
	for range 3 { // rest of page 1 and first record of page 2
		if _, err := s.next(); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "page 3", func() bool { return p.fetched.Load() == 3 })
	n := 4
	for {
		_, err := s.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 12 || p.fetched.Load() != 4 {
		t.Fatalf("read %d records from %d pages; want 12 from 4", n, p.fetched.Load())
	}
}

// TestStreamCloseStopsFetching checks that Close cancels a request in
// flight at once and runs the pager's cleanup exactly once.
func TestStreamCloseStopsFetching(t *testing.T) {
	p := &fakePager{block: true}
	s := startStream(context.Background(), &Env{}, p)
	waitFor(t, "first request", func() bool { return p.fetched.Load() == 1 })
	done := make(chan struct{})
	go func() {
		s.close()
		s.close()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(10 * time.Second): // a hang, not a slow machine
		t.Fatal("close did not return")
	}
	if p.cleaned.Load() != 1 {
		t.Fatalf("cleanup ran %d times", p.cleaned.Load())
	}
	if _, err := s.next(); err == nil {
		t.Fatal("next after close succeeded")
	}
}

// TestStreamContextCancel checks that cancelling the caller's context ends
// a waiting read with the context's error.
func TestStreamContextCancel(t *testing.T) {
	p := &fakePager{block: true}
	ctx, cancel := context.WithCancel(context.Background())
	s := startStream(ctx, &Env{}, p)
	defer s.close()
	var wg sync.WaitGroup
	wg.Add(1)
	var err error
	go func() {
		defer wg.Done()
		_, err = s.next()
	}()
	waitFor(t, "first request", func() bool { return p.fetched.Load() == 1 })
	cancel()
	wg.Wait()
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("next after cancel: %v", err)
	}
	if p.fetched.Load() != 1 {
		t.Fatalf("fetched %d pages after cancel", p.fetched.Load())
	}
}
