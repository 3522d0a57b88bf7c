package client

import (
	"context"
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"time"
)

// retryMode says which failures of a request may be retried.
type retryMode int

const (
	// retryNever sends the request once (writes).
	retryNever retryMode = iota
	// retryRejected retries only answers that prove kintone did not act on
	// the request: 429 (GAIA_TO04, concurrency limit), 503 (maintenance or
	// overload) and 520 GAIA_DA02 (database lock, "try again later"). Used
	// for requests that are not idempotent but safe to repeat when refused,
	// such as a cursor page or a cursor creation.
	retryRejected
	// retryIdempotent also retries lost answers — 502 and 504 from a proxy,
	// timeouts and dropped connections — because sending an idempotent read
	// again cannot change what it returns.
	retryIdempotent
)

// statusCodeDA02 is kintone's "failed to lock the database, try again later".
const statusCodeDA02 = "GAIA_DA02"

// retryableAnswer reports whether an error answer may be retried under m.
func (m retryMode) retryableAnswer(e *Error) bool {
	switch {
	case m == retryNever:
		return false
	case e.StatusCode == http.StatusTooManyRequests, e.StatusCode == http.StatusServiceUnavailable:
		return true
	case e.StatusCode == 520 && (e.Code == statusCodeDA02 || e.Code == ""):
		return true
	case e.StatusCode == http.StatusBadGateway, e.StatusCode == http.StatusGatewayTimeout:
		return m == retryIdempotent
	}
	return false
}

// retryableTransport reports whether a failure to get any answer (timeout,
// refused or dropped connection) may be retried under m. The caller's own
// cancellation is never retried.
func (m retryMode) retryableTransport(ctx context.Context, err error) bool {
	return m == retryIdempotent && ctx.Err() == nil && !errors.Is(err, context.Canceled)
}

// ErrAnswerLost marks a request that kintone may have carried out although
// its answer never arrived (a dropped connection, a timeout, or 502/504 from
// a proxy) and that is not safe to send again as is. A cursor page is such a
// request: kintone moves the cursor on when it serves the page.
var ErrAnswerLost = errors.New("kintone: the answer was lost and the request may have been carried out")

// lostAnswer reports whether a failed attempt may have been carried out by
// kintone without the client seeing the answer.
func lostAnswer(status int) bool {
	return status == 0 || status == http.StatusBadGateway || status == http.StatusGatewayTimeout
}

// retryAfter reads a Retry-After header given in seconds (kintone and
// proxies use seconds); 0 when absent or unreadable.
func retryAfter(h http.Header) time.Duration {
	v := h.Get("Retry-After")
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil && n > 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}

// wait returns how long to wait before retry number attempt+1: the server's
// Retry-After when given (bounded by maxRetryAfter), else the backoff.
func (p retryPolicy) wait(attempt int, h http.Header) time.Duration {
	if d := retryAfter(h); d > 0 {
		return min(d, maxRetryAfter)
	}
	return p.backoff(attempt)
}

// maxRetryAfter bounds a server-requested wait, so that a bad header cannot
// stall a scan for hours.
const maxRetryAfter = time.Minute

// backoff returns the wait before retry number attempt+1: base·2^attempt,
// capped, with the upper half randomised so that parallel clients spread out.
func (p retryPolicy) backoff(attempt int) time.Duration {
	d := p.base
	for i := 0; i < attempt && d < p.cap; i++ {
		d *= 2
	}
	d = min(d, p.cap)
	if half := d / 2; half > 0 {
		d = half + rand.N(half+1)
	}
	return d
}

// sleepContext waits for d or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
