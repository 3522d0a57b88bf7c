package client

import (
	"context"
	"net/http"
	"strconv"
	"sync/atomic"
	"time"
)

// pressurePause is how long new requests wait after kintone reported, in
// X-ConcurrencyLimit-Running and X-ConcurrencyLimit-Limit, that the domain
// runs at its concurrency limit: long enough for a request to finish, short
// next to a 429 and its backoff.
const pressurePause = 50 * time.Millisecond

// pressure holds, as Unix nanoseconds, the time before which new requests
// wait; shared by a client and its copies.
type pressure struct{ until atomic.Int64 }

// note reads kintone's concurrency headers of an answer and, when the
// domain is at its limit (or a 429 says it was past it), pauses new requests.
func (p *pressure) note(status int, h http.Header) {
	limit, err1 := strconv.Atoi(h.Get("X-ConcurrencyLimit-Limit"))
	running, err2 := strconv.Atoi(h.Get("X-ConcurrencyLimit-Running"))
	if status != http.StatusTooManyRequests && (err1 != nil || err2 != nil || running < limit) {
		return
	}
	p.until.Store(time.Now().Add(pressurePause).UnixNano())
}

// wait blocks while requests are paused.
func (p *pressure) wait(ctx context.Context) error {
	d := time.Until(time.Unix(0, p.until.Load()))
	if d <= 0 {
		return nil
	}
	return sleepContext(ctx, d)
}
