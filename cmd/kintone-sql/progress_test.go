package main

import (
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/engine"
)

func TestProgressText(t *testing.T) {
	cases := []struct {
		records, expected, requests int64
		want                        string
	}{
		{1500, 200000, 3, "fetched 1,500 of 200,000 records (0%), 3 requests"},
		{100000, 200000, 200, "fetched 100,000 of 200,000 records (50%), 200 requests"},
		{42, -1, 1, "fetched 42 records, 1 request"},
		{0, 0, 0, "fetched 0 records, 0 requests"},
	}
	for _, c := range cases {
		if got := progressText(c.records, c.expected, c.requests); got != c.want {
			t.Errorf("progressText(%d, %d, %d) = %q, want %q", c.records, c.expected, c.requests, got, c.want)
		}
	}
	if got := workText(1500, 1); got != "1 request, 1,500 records fetched" {
		t.Errorf("workText = %q", got)
	}
	if got := workText(0, 2); got != "2 requests, 0 records fetched" {
		t.Errorf("workText = %q", got)
	}
	for n, want := range map[int64]string{0: "0", 999: "999", 1000: "1,000", -1234567: "-1,234,567"} {
		if got := groupDigits(n); got != want {
			t.Errorf("groupDigits(%d) = %q", n, got)
		}
	}
}

// progressBuffer is a strings.Builder safe for the progress goroutine.
type progressBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *progressBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *progressBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func TestProgressLineUpdatesAndClears(t *testing.T) {
	var st engine.Stats
	st.Expected.Store(1000)
	var buf progressBuffer
	p := startProgress(&buf, &st, 0, 5*time.Millisecond)
	st.Records.Store(500)
	st.Requests.Store(1)
	deadline := time.Now().Add(10 * time.Second) // a missing update, not a slow CI
	for !strings.Contains(buf.String(), "fetched 500 of 1,000 records (50%), 1 request") {
		if time.Now().After(deadline) {
			t.Fatalf("no update: %q", buf.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
	p.Stop()
	p.Stop() // twice is fine
	got := buf.String()
	if !strings.HasSuffix(got, clearLine) {
		t.Errorf("line not cleared at the end: %q", got)
	}
	// Unchanged numbers are not redrawn.
	if n := strings.Count(got, "fetched 500 of"); n != 1 {
		t.Errorf("same text drawn %d times: %q", n, got)
	}
}

func TestProgressQuietForShortStatements(t *testing.T) {
	var st engine.Stats
	var buf progressBuffer
	p := startProgress(&buf, &st, time.Hour, time.Millisecond)
	p.Stop()
	if buf.String() != "" {
		t.Errorf("a statement shorter than the delay drew %q", buf.String())
	}
	var nilLine *progressLine
	nilLine.Stop()
}
