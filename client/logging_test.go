package client

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// lockedBuffer is a goroutine-safe log sink.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func TestNoSecretsInLogsOrErrors(t *testing.T) {
	const (
		password  = "pw-Zq81x"
		token     = "tokQ77abc"
		basicPass = "basicK9y"
	)
	var logs lockedBuffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f := newFake(t, func(w http.ResponseWriter, r seenRequest) {
		switch r.Path {
		case "/k/v1/app.json":
			reply(200, `{"appId":"1"}`)(w, r)
		case "/k/v1/records.json":
			reply(429, `{"code":"GAIA_TO04","id":"e","message":"limit"}`)(w, r)
		default:
			reply(400, `{"code":"CB_VA01","id":"e2","message":"Missing or invalid input.","errors":{"app":{"messages":["Required field."]}}}`)(w, r)
		}
	})
	opts := Options{User: "alice", Password: password, APITokens: []string{token},
		BasicAuthUser: "bob", BasicAuthPassword: basicPass, Logger: logger}
	c := f.client(t, opts)
	tokenClient := f.client(t, Options{APITokens: []string{token}, BasicAuthUser: "bob", BasicAuthPassword: basicPass, Logger: logger})
	ctx := context.Background()

	var errs []error
	record := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	_, err := c.GetApp(ctx, 1)
	record(err)
	_, _, err = c.GetRecords(ctx, GetRecordsRequest{App: 1, Query: `title = "query-text-not-logged"`})
	record(err)
	_, err = c.AddRecord(ctx, 1, Record{})
	record(err)
	_, err = tokenClient.GetUsers(ctx, ListRequest{})
	record(err)
	f.srv.Close()
	_, _, err = c.GetRecords(ctx, GetRecordsRequest{App: 1, Query: `title = "query-text-not-logged"`}) // transport error
	record(err)
	if len(errs) != 4 {
		t.Fatalf("got %d errors, want 4: %v", len(errs), errs)
	}

	secrets := []string{password, token, basicPass, c.creds.password, c.creds.basic,
		strings.TrimPrefix(c.creds.basic, "Basic "), "query-text-not-logged"}
	out := logs.String()
	for _, s := range secrets {
		if strings.Contains(out, s) {
			t.Errorf("logs contain secret %q:\n%s", s, out)
		}
		for _, err := range errs {
			if strings.Contains(err.Error(), s) {
				t.Errorf("error contains secret %q: %v", s, err)
			}
		}
	}

	// The log has one Debug record per attempt with the documented attributes.
	var lines []map[string]any
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var m map[string]any
		if err := json.Unmarshal([]byte(l), &m); err != nil {
			t.Fatalf("bad log line %q: %v", l, err)
		}
		lines = append(lines, m)
	}
	if want := int(c.Requests()); len(lines) != want {
		t.Fatalf("%d log records for %d requests", len(lines), want)
	}
	first := lines[0]
	if first["level"] != "DEBUG" || first["method"] != "GET" || first["path"] != "/k/v1/app.json" ||
		first["status"] != float64(200) || first["requests"] != float64(1) || first["duration"] == nil {
		t.Errorf("first log record = %v", first)
	}
	if last := lines[len(lines)-1]; last["error"] == nil || last["status"] != float64(0) {
		t.Errorf("transport failure not logged with an error: %v", last)
	}
}

func TestDefaultLoggerIsSilent(t *testing.T) {
	var buf lockedBuffer
	prev := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug})))
	defer slog.SetDefault(prev)
	f := newFake(t, reply(200, `{"appId":"1"}`))
	if _, err := f.client(t, passwordOpts).GetApp(context.Background(), 1); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "" {
		t.Errorf("nil Logger wrote to the default logger: %s", buf.String())
	}
}
