package client

import (
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// seenRequest is what the fake server received.
type seenRequest struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   []byte
	// Length is the request's Content-Length (-1 when it was chunked).
	Length int64
}

// fakeKintone is an httptest server that records requests and answers with
// respond.
type fakeKintone struct {
	srv     *httptest.Server
	mu      sync.Mutex
	seen    []seenRequest
	respond func(w http.ResponseWriter, r seenRequest)
}

// newFake starts a recording server answering with respond.
func newFake(t *testing.T, respond func(w http.ResponseWriter, r seenRequest)) *fakeKintone {
	t.Helper()
	f := &fakeKintone{respond: respond}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s := seenRequest{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: body, Length: r.ContentLength}
		f.mu.Lock()
		f.seen = append(f.seen, s)
		f.mu.Unlock()
		f.respond(w, s)
	}))
	t.Cleanup(f.srv.Close)
	return f
}

// client returns a Client for the fake server; opts.BaseURL is filled in and
// retries wait only a millisecond.
func (f *fakeKintone) client(t *testing.T, opts Options) *Client {
	t.Helper()
	opts.BaseURL = f.srv.URL
	c, err := New(opts)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	c.retry.base, c.retry.cap = time.Millisecond, 2*time.Millisecond
	return c
}

// requests returns a copy of the recorded requests.
func (f *fakeKintone) requests() []seenRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seenRequest(nil), f.seen...)
}

// only returns the single recorded request, failing otherwise.
func (f *fakeKintone) only(t *testing.T) seenRequest {
	t.Helper()
	got := f.requests()
	if len(got) != 1 {
		t.Fatalf("server saw %d requests, want 1", len(got))
	}
	return got[0]
}

// reply answers every request with status and a JSON body.
func reply(status int, body string) func(http.ResponseWriter, seenRequest) {
	return func(w http.ResponseWriter, _ seenRequest) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

// passwordOpts is password authentication for tests.
var passwordOpts = Options{User: "alice", Password: "s3cret-pass"}
