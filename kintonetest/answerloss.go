package kintonetest

import (
	"net/http"
	"net/http/httptest"
	"sync"
)

// LossKind is how AnswerLoss loses an answer.
type LossKind int

// The ways an answer gets lost after the server has acted.
const (
	// LoseByReset closes the connection without a response, as when a
	// network path breaks while kintone is answering.
	LoseByReset LossKind = iota + 1
	// LoseByBadGateway answers 502 with an HTML page, as a proxy or load
	// balancer does when it gives up waiting for kintone.
	LoseByBadGateway
	// LoseBeforeServing answers 502 without passing the request on, so
	// that nothing is applied: the client cannot tell it from the other
	// kinds, which lets tests check that it does not claim a write.
	LoseBeforeServing
	// LoseByEmptyAnswer applies the request and answers 200 with an empty
	// JSON object, a success whose content is missing.
	LoseByEmptyAnswer
)

// AnswerLoss is an http.Handler in front of a Server's Handler that serves
// chosen requests in full — their writes are applied — and then loses the
// answer: the client sees a broken connection or a 502 instead. It lets
// tests check what a client reports when it cannot know whether its write
// happened. Serve it with httptest.NewServer(loss).
type AnswerLoss struct {
	next http.Handler

	mu    sync.Mutex
	key   string // "METHOD path" as RequestCount counts it; "" for none
	skip  int    // matching requests still to answer normally
	count int    // matching requests still to lose after skip (<0: all)
	kind  LossKind
	lost  int
}

// NewAnswerLoss wraps next, typically Server.Handler(). It loses nothing
// until Lose is called.
func NewAnswerLoss(next http.Handler) *AnswerLoss { return &AnswerLoss{next: next} }

// Lose makes the loss hit requests whose "METHOD path" is key (e.g. "POST
// /k/v1/bulkRequest.json", guest paths folded as in RequestCount): the
// first skip of them are answered normally, the next count (all further
// ones when count < 0) are applied and their answers lost the given way.
// It replaces any earlier rule.
func (a *AnswerLoss) Lose(key string, skip, count int, kind LossKind) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.key, a.skip, a.count, a.kind = key, skip, count, kind
}

// Lost returns how many answers have been lost.
func (a *AnswerLoss) Lost() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.lost
}

// ServeHTTP serves r, losing its answer when the rule picks it.
func (a *AnswerLoss) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	kind, lose := a.pick(r)
	if !lose {
		a.next.ServeHTTP(w, r)
		return
	}
	if kind != LoseBeforeServing {
		rec := httptest.NewRecorder()
		a.next.ServeHTTP(rec, r) // the server acts; its answer goes nowhere
	}
	switch kind {
	case LoseByEmptyAnswer:
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte("{}"))
		return
	case LoseByBadGateway, LoseBeforeServing:
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusBadGateway)
		_, _ = w.Write([]byte("<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>\n"))
		return
	}
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			_ = conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}

// pick decides whether r's answer is lost, counting it.
func (a *AnswerLoss) pick(r *http.Request) (LossKind, bool) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.key == "" || a.count == 0 || countKey(r) != a.key {
		return 0, false
	}
	if a.skip > 0 {
		a.skip--
		return 0, false
	}
	if a.count > 0 {
		a.count--
	}
	a.lost++
	return a.kind, true
}
