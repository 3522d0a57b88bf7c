package kintone

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/kintone-sql/kintone/internal/sqlrows"
	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/kintonetest/demo"
)

// replayTransport answers requests from the answers it recorded while
// passing them to a real transport, so that a benchmark can measure the
// driver's CPU alone: once recording stops, no server runs in the process.
type replayTransport struct {
	real      http.RoundTripper
	mu        sync.Mutex
	recording bool
	answers   map[string]recordedAnswer
}

// recordedAnswer is one recorded response.
type recordedAnswer struct {
	status int
	header http.Header
	body   []byte
	path   string
}

// RoundTrip records or replays one request; keys are method, URL and body.
func (t *replayTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	var reqBody []byte
	if req.Body != nil {
		b, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		reqBody = b
		req.Body = io.NopCloser(bytes.NewReader(b))
	}
	key := req.Method + " " + req.URL.String() + " " + string(reqBody)
	t.mu.Lock()
	recording := t.recording
	a, ok := t.answers[key]
	t.mu.Unlock()
	if recording {
		resp, err := t.real.RoundTrip(req)
		if err != nil {
			return nil, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return nil, err
		}
		a = recordedAnswer{status: resp.StatusCode, header: resp.Header, body: body, path: req.URL.Path}
		t.mu.Lock()
		t.answers[key] = a
		t.mu.Unlock()
	} else if !ok {
		return nil, fmt.Errorf("replay: no recorded answer for %s", key)
	}
	return &http.Response{StatusCode: a.status, Header: a.header.Clone(), Body: io.NopCloser(bytes.NewReader(a.body)),
		ContentLength: int64(len(a.body)), Request: req, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1}, nil
}

// dealsCopies is how many times BenchmarkScanCPUPerRecord copies the demo
// Deals records into Deals.
const dealsCopies = 100

// dealsLikeApp seeds the demo tenant and adds dealsCopies copies of its
// Deals records to Deals (lookups, subtables and calculations included).
func dealsLikeApp(b *testing.B, srv *kintonetest.Server) {
	tenant, err := demo.Seed(srv)
	if err != nil {
		b.Fatal(err)
	}
	req, _ := http.NewRequest(http.MethodGet, fmt.Sprintf("%s/k/v1/records.json?app=%d&query=limit%%20500", srv.URL, tenant.Deals.ID), nil)
	req.Header.Set("X-Cybozu-Authorization", basicPair(kintonetest.DefaultUser, kintonetest.DefaultPassword))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer resp.Body.Close()
	var page struct {
		Records []map[string]struct {
			Type  string          `json:"type"`
			Value json.RawMessage `json:"value"`
		} `json:"records"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&page); err != nil || len(page.Records) == 0 {
		b.Fatalf("Deals records: %v (%d)", err, len(page.Records))
	}
	var recs []map[string]any
	for _, r := range page.Records {
		rec := map[string]any{}
		for code, f := range r {
			switch f.Type {
			case "RECORD_NUMBER", "__ID__", "__REVISION__", "CALC", "STATUS", "STATUS_ASSIGNEE", "CATEGORY":
				continue
			case "SUBTABLE":
				var rows []struct {
					Value map[string]struct {
						Type  string `json:"type"`
						Value any    `json:"value"`
					} `json:"value"`
				}
				if err := json.Unmarshal(f.Value, &rows); err != nil {
					b.Fatal(err)
				}
				out := []any{}
				for _, row := range rows {
					cells := map[string]any{}
					for c, v := range row.Value {
						if v.Type != "CALC" {
							cells[c] = v.Value
						}
					}
					out = append(out, cells)
				}
				rec[code] = out
				continue
			}
			var v any
			if err := json.Unmarshal(f.Value, &v); err != nil {
				b.Fatal(err)
			}
			rec[code] = v
		}
		recs = append(recs, rec)
	}
	for range dealsCopies {
		if _, err := srv.AddRecords(tenant.Deals.ID, recs); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanCPUPerRecord measures the CPU time per record of full
// scans through database/sql (every column scanned into an any), with the
// answers replayed from memory so that only the driver runs, next to
// encoding/json decoding the same records.json pages into map[string]any:
// SELECT * of a Deals app of about 20,000 records (the demo's Deals copied
// 100 times: text, numbers, choices, users, dates, a subtable), and
// SELECT n, label of 20,000 narrow records (a NUMBER and a text field).
// Reported: CPU-ns/record of each and the driver's multiple of
// encoding/json (issue 11 asks ≤ 0.5).
func BenchmarkScanCPUPerRecord(b *testing.B) {
	b.Run("Deals-SELECT-*", func(b *testing.B) {
		benchScanCPU(b, func(srv *kintonetest.Server) int { dealsLikeApp(b, srv); return demo.NumDeals * (dealsCopies + 1) }, "SELECT * FROM Deals")
	})
	b.Run("narrow-SELECT-n-label", func(b *testing.B) {
		benchScanCPU(b, func(srv *kintonetest.Server) int { numberedApp(b, srv, "Big", 20_000); return 20_000 }, "SELECT n, label FROM Big")
	})
}

// benchScanCPU seeds a fresh emulator with seed (which returns the number
// of records), records one run of query, stops the emulator and measures
// replayed runs.
func benchScanCPU(b *testing.B, seed func(*kintonetest.Server) int, query string) {
	srv := kintonetest.NewServer()
	want := seed(srv)
	rt := &replayTransport{real: http.DefaultTransport, recording: true, answers: map[string]recordedAnswer{}}
	c, err := NewConnector(serverConfig(srv), WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		b.Fatal(err)
	}
	db := sql.OpenDB(c)
	defer db.Close()
	scan := func() int {
		rows, err := db.QueryContext(context.Background(), query)
		if err != nil {
			b.Fatal(err)
		}
		defer rows.Close()
		n, err := sqlrows.Drain(rows)
		if err != nil {
			b.Fatal(err)
		}
		return n
	}
	if got := scan(); got != want {
		b.Fatalf("scanned %d records, want %d", got, want)
	}
	rt.mu.Lock()
	rt.recording = false
	rt.mu.Unlock()
	srv.Close()
	var pages [][]byte
	for _, a := range rt.answers {
		if strings.HasSuffix(a.path, "/records.json") && bytes.Contains(a.body, []byte(`"records"`)) {
			pages = append(pages, a.body)
		}
	}
	runtime.GC()

	b.ResetTimer()
	var driverCPU, jsonCPU int64
	for range b.N {
		start := cpuTime()
		if got := scan(); got != want {
			b.Fatalf("scanned %d records, want %d", got, want)
		}
		driverCPU += int64(cpuTime() - start)
		start = cpuTime()
		for _, p := range pages {
			var v map[string]any
			if err := json.NewDecoder(bytes.NewReader(p)).Decode(&v); err != nil {
				b.Fatal(err)
			}
		}
		jsonCPU += int64(cpuTime() - start)
	}
	records := float64(want) * float64(b.N)
	b.ReportMetric(float64(driverCPU)/records, "driver-CPU-ns/record")
	b.ReportMetric(float64(jsonCPU)/records, "json-maps-CPU-ns/record")
	b.ReportMetric(float64(driverCPU)/float64(jsonCPU), "CPU-vs-json-maps")
}
