package kintonetest

import (
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// kintoneConcurrencyLimit is kintone's documented limit of concurrent
// requests per domain, reported in X-ConcurrencyLimit-Limit.
const kintoneConcurrencyLimit = 100

// hooks are the test hooks: latency, injected faults, the concurrency
// limit and request counters. They wrap the whole server so handlers stay
// free of them.
type hooks struct {
	cfg     config
	running atomic.Int64
	latency atomic.Int64 // nanoseconds

	mu     sync.Mutex
	rng    *rand.Rand
	counts map[string]int
	total  int
}

func newHooks(cfg config) *hooks {
	h := &hooks{
		cfg:    cfg,
		rng:    rand.New(rand.NewPCG(cfg.faults.Seed, cfg.faults.Seed^0x9e3779b97f4a7c15)),
		counts: map[string]int{},
	}
	h.latency.Store(int64(cfg.latency))
	return h
}

// wrap applies the hooks around next.
func (h *hooks) wrap(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key := countKey(r)
		h.mu.Lock()
		h.counts[key]++
		h.total++
		h.mu.Unlock()

		n := h.running.Add(1)
		defer h.running.Add(-1)
		limit := int64(kintoneConcurrencyLimit)
		if h.cfg.concurrencyLimit > 0 {
			limit = int64(h.cfg.concurrencyLimit)
		}
		w.Header().Set("X-ConcurrencyLimit-Limit", strconv.FormatInt(limit, 10))
		w.Header().Set("X-ConcurrencyLimit-Running", strconv.FormatInt(n, 10))

		if d := time.Duration(h.latency.Load()); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		if n > limit {
			writeTooMany(w)
			return
		}
		if kind, ok := h.fault(r); ok {
			if kind == FaultDropAfterApply || kind == FaultBadGatewayAfterApply {
				next.ServeHTTP(httptest.NewRecorder(), r) // act, then lose the answer
			}
			h.inject(w, kind)
			return
		}
		if h.cfg.deviations.noCursor(w, r) {
			return
		}
		next.ServeHTTP(w, r)
	})
}

// countKey is "METHOD path" with the guest-space id folded, e.g.
// "GET /k/v1/records.json".
func countKey(r *http.Request) string {
	m := logicalMethod(r)
	a, _, res, ok := splitPath(r.URL.Path)
	switch {
	case !ok:
		return m + " " + r.URL.Path
	case a == userAPI:
		return m + " /v1/" + res
	}
	return m + " /k/v1/" + res
}

// logicalMethod is the request's method, GET for a POST carrying
// X-HTTP-Method-Override: GET.
func logicalMethod(r *http.Request) string {
	if r.Method == http.MethodPost && r.Header.Get("X-HTTP-Method-Override") == "GET" {
		return http.MethodGet
	}
	return r.Method
}

// fault decides whether to fail this request and how.
func (h *hooks) fault(r *http.Request) (FaultKind, bool) {
	f := h.cfg.faults
	if f.Rate <= 0 {
		return 0, false
	}
	if len(f.Methods) > 0 && !slices.Contains(f.Methods, logicalMethod(r)) {
		return 0, false
	}
	if f.Match != "" {
		if _, _, res, ok := splitPath(r.URL.Path); !ok || res != f.Match {
			return 0, false
		}
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.rng.Float64() >= f.Rate {
		return 0, false
	}
	if len(f.Kinds) == 0 {
		return FaultTooManyRequests, true
	}
	return f.Kinds[h.rng.IntN(len(f.Kinds))], true
}

func (h *hooks) inject(w http.ResponseWriter, kind FaultKind) {
	switch kind {
	case FaultUnavailable:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("<!DOCTYPE html><html><head><title>503 Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>cybozu.com is under maintenance.</p></body></html>\n"))
	case FaultInternal:
		writeError(w, newError(520, "GAIA_DA02", "データベースのロックに失敗しました。時間をおいて再度お試しください。",
			"Failed to lock the database. Please try again later."), "en")
	case FaultBadGatewayAfterApply:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>\n"))
	case FaultDropConnection, FaultDropAfterApply:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
				return
			}
		}
		panic(http.ErrAbortHandler)
	default:
		writeTooMany(w)
	}
}

func writeTooMany(w http.ResponseWriter) {
	e := newError(http.StatusTooManyRequests, "GAIA_TO04", "APIの同時リクエスト数が上限を超えています。",
		"The number of concurrent API requests exceeds the limit.")
	writeError(w, e, "en")
}

// RequestCount returns how many requests the server received for key, a
// "METHOD path" such as "GET /k/v1/records.json" (guest paths are counted
// under /k/v1/; X-HTTP-Method-Override GETs count as GET).
func (s *Server) RequestCount(key string) int {
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	return s.hooks.counts[key]
}

// TotalRequests returns how many requests the server received.
func (s *Server) TotalRequests() int {
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	return s.hooks.total
}

// RequestCounts returns a copy of all counters, keyed as RequestCount.
func (s *Server) RequestCounts() map[string]int {
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	out := make(map[string]int, len(s.hooks.counts))
	for k, v := range s.hooks.counts {
		out[k] = v
	}
	return out
}

// ResetCounters sets every request counter to zero.
func (s *Server) ResetCounters() {
	s.hooks.mu.Lock()
	defer s.hooks.mu.Unlock()
	s.hooks.counts = map[string]int{}
	s.hooks.total = 0
}

// SetLatency changes the injected latency of a running server.
func (s *Server) SetLatency(d time.Duration) { s.hooks.latency.Store(int64(d)) }
