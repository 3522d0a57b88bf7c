package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// failThen answers the first n requests with status (kintone's GAIA_TO04 body
// for 429) and then with ok.
func failThen(n int, status int, ok string) func(http.ResponseWriter, seenRequest) {
	var count atomic.Int64
	return func(w http.ResponseWriter, _ seenRequest) {
		w.Header().Set("Content-Type", "application/json")
		if count.Add(1) <= int64(n) {
			w.WriteHeader(status)
			if status == 520 {
				io.WriteString(w, `{"code":"GAIA_DA02","id":"r","message":"Failed to lock the database. Please try again later."}`)
				return
			}
			io.WriteString(w, `{"code":"GAIA_TO04","id":"r","message":"The number of concurrent API requests exceeds the limit."}`)
			return
		}
		io.WriteString(w, ok)
	}
}

func TestRetries(t *testing.T) {
	ctx := context.Background()
	getApp := func(c *Client) error { _, err := c.GetApp(ctx, 1); return err }
	overriddenGet := func(c *Client) error {
		_, _, err := c.GetRecords(ctx, GetRecordsRequest{App: 1, Query: string(make([]byte, 5000))})
		return err
	}
	addRecord := func(c *Client) error { _, err := c.AddRecord(ctx, 1, nil); return err }
	tests := []struct {
		name       string
		failures   int
		status     int
		maxRetries int
		call       func(*Client) error
		wantCalls  int
		wantStatus int // 0 = success
	}{
		{"GET retried on 429", 2, 429, 0, getApp, 3, 0},
		{"GET retried on 503", 1, 503, 0, getApp, 2, 0},
		{"overridden GET retried", 1, 429, 0, overriddenGet, 2, 0},
		{"cursor GET retried", 1, 429, 0, func(c *Client) error { _, _, err := c.GetCursor(ctx, "id"); return err }, 2, 0},
		{"GET gives up after max", 10, 429, 0, getApp, 1 + defaultMaxRetries, 429},
		{"custom max", 10, 503, 1, getApp, 2, 503},
		{"retries disabled", 10, 429, -1, getApp, 1, 429},
		{"GET not retried on 500", 10, 500, 0, getApp, 1, 500},
		{"POST not retried", 1, 429, 0, addRecord, 1, 429},
		{"PUT not retried", 1, 503, 0, func(c *Client) error { _, err := c.UpdateRecord(ctx, 1, RecordUpdate{ID: 1}); return err }, 1, 503},
		{"DELETE not retried", 1, 429, 0, func(c *Client) error { return c.DeleteRecords(ctx, 1, []int64{1}, nil) }, 1, 429},
		{"cursor DELETE retried", 1, 429, 0, func(c *Client) error { return c.DeleteCursor(ctx, "x") }, 2, 0},
		{"cursor create retried on 429", 1, 429, 0, func(c *Client) error {
			_, _, err := c.CreateCursor(ctx, CreateCursorRequest{App: 1})
			return err
		}, 2, 0},
		{"GET retried on 520", 1, 520, 0, getApp, 2, 0},
		{"GET retried on 502", 1, 502, 0, getApp, 2, 0},
		{"cursor GET not retried on 502", 1, 502, 0, func(c *Client) error { _, _, err := c.GetCursor(ctx, "id"); return err }, 1, 502},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, failThen(tt.failures, tt.status, `{"appId":"1","records":[],"totalCount":"0","id":"1","revision":"1","next":false}`))
			opts := passwordOpts
			opts.MaxRetries = tt.maxRetries
			c := f.client(t, opts)
			err := tt.call(c)
			if got := len(f.requests()); got != tt.wantCalls || c.Requests() != int64(tt.wantCalls) {
				t.Errorf("server saw %d requests, counter %d; want %d", got, c.Requests(), tt.wantCalls)
			}
			var ke *Error
			switch {
			case tt.wantStatus == 0 && err != nil:
				t.Errorf("error = %v, want success", err)
			case tt.wantStatus != 0 && (!errors.As(err, &ke) || ke.StatusCode != tt.wantStatus):
				t.Errorf("error = %v, want status %d", err, tt.wantStatus)
			}
		})
	}
}

func TestRetryStopsWhenContextEnds(t *testing.T) {
	f := newFake(t, failThen(100, 429, `{}`))
	c := f.client(t, passwordOpts)
	c.retry.base, c.retry.cap = time.Hour, time.Hour
	// Long enough for the first request to be answered (with 50 ms a loaded
	// CI could run out of time before the 429 came back), far below the
	// hour of backoff.
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	start := time.Now()
	_, err := c.GetApp(ctx, 1)
	var ke *Error
	if !errors.As(err, &ke) || ke.StatusCode != 429 {
		t.Errorf("error = %v, want the 429", err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("backoff ignored the context: %v", d)
	}
	if n := len(f.requests()); n != 1 {
		t.Errorf("server saw %d requests, want 1", n)
	}
}

func TestBackoffIsCapped(t *testing.T) {
	p := retryPolicy{max: 10, base: 100 * time.Millisecond, cap: time.Second}
	for attempt := 0; attempt < 40; attempt++ {
		d := p.backoff(attempt)
		want := min(p.base<<min(attempt, 20), p.cap)
		if d < want/2 || d > want {
			t.Errorf("backoff(%d) = %v, want within [%v, %v]", attempt, d, want/2, want)
		}
	}
}

func TestCanceledContextSendsNothing(t *testing.T) {
	f := newFake(t, reply(200, `{}`))
	c := f.client(t, passwordOpts)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.GetApp(ctx, 1); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
	if len(f.requests()) != 0 {
		t.Error("a request was sent with a canceled context")
	}
}

func TestMaxConcurrency(t *testing.T) {
	var inFlight, peak atomic.Int64
	release := make(chan struct{})
	f := newFake(t, func(w http.ResponseWriter, _ seenRequest) {
		n := inFlight.Add(1)
		for {
			p := peak.Load()
			if n <= p || peak.CompareAndSwap(p, n) {
				break
			}
		}
		<-release
		inFlight.Add(-1)
		io.WriteString(w, `{"appId":"1"}`)
	})
	opts := passwordOpts
	opts.MaxConcurrency = 2
	c := f.client(t, opts)
	var wg sync.WaitGroup
	errs := make(chan error, 6)
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := c.WithGuestSpace(0).GetApp(context.Background(), 1)
			errs <- err
		}()
	}
	deadline := time.Now().Add(5 * time.Second)
	for peak.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(20 * time.Millisecond) // give a third request the chance to slip through
	close(release)
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if p := peak.Load(); p != 2 {
		t.Errorf("peak in-flight requests = %d, want 2", p)
	}
}
