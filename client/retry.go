package client

import (
	"context"
	"math/rand/v2"
	"net/http"
	"time"
)

// retryableStatus reports whether a read answered with status may be retried:
// 429 (kintone's GAIA_TO04 concurrency limit) and 503 (maintenance or overload).
func retryableStatus(status int) bool {
	return status == http.StatusTooManyRequests || status == http.StatusServiceUnavailable
}

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
