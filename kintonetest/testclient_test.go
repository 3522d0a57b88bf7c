package kintonetest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"
)

// What every family's tests use to talk to a Server: authentication,
// JSON requests, a settable clock and seeding.

// testAuth is how a test request authenticates: an API token, or else a
// login and password (no authentication when both are empty).
type testAuth struct {
	user, pass string
	token      string
}

// testAdmin is the default administrator.
var testAdmin = testAuth{user: DefaultUser, pass: DefaultPassword}

// set puts the authentication headers of a on req.
func (a testAuth) set(req *http.Request) {
	switch {
	case a.token != "":
		req.Header.Set("X-Cybozu-API-Token", a.token)
	case a.user != "" || a.pass != "":
		req.Header.Set("X-Cybozu-Authorization", basicAuth(a.user+":"+a.pass))
	}
}

// basicAuth encodes "login:password" for X-Cybozu-Authorization.
func basicAuth(userPass string) string {
	return base64.StdEncoding.EncodeToString([]byte(userPass))
}

// jsonBody marshals v as a request body (nil for none).
func jsonBody(t testing.TB, v any) io.Reader {
	t.Helper()
	if v == nil {
		return nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("marshal body: %v", err)
	}
	return bytes.NewReader(data)
}

// newTestRequest builds a request for path on srv with body marshalled as
// JSON (nil for none; kintone accepts a body with GET and DELETE too),
// authenticated as auth.
func newTestRequest(t testing.TB, srv *Server, auth testAuth, method, path string, body any) *http.Request {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+path, jsonBody(t, body))
	if err != nil {
		t.Fatalf("new request: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	auth.set(req)
	return req
}

// roundTrip sends req and reads the whole response.
func roundTrip(t testing.TB, srv *Server, req *http.Request) (status int, header http.Header, body []byte) {
	t.Helper()
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", req.Method, req.URL.Path, err)
	}
	return res.StatusCode, res.Header, data
}

// errorKeys returns the keys of the "errors" object of an error body.
func errorKeys(body map[string]any) map[string]bool {
	out := map[string]bool{}
	errs, _ := body["errors"].(map[string]any)
	for k := range errs {
		out[k] = true
	}
	return out
}

// testClock is a settable server clock.
type testClock struct {
	mu sync.Mutex
	t  time.Time
}

func newTestClock(t time.Time) *testClock { return &testClock{t: t} }

func (c *testClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *testClock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func (c *testClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

// seedID seeds v through add (a Server.Add* or CreateApp method) and
// returns its id, failing the test on error.
func seedID[T any](t testing.TB, add func(T) (int64, error), v T) int64 {
	t.Helper()
	id, err := add(v)
	if err != nil {
		t.Fatal(err)
	}
	return id
}
