package client

import (
	"context"
	"io"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dropThen closes the connection without an answer for the first n
// requests, then answers ok.
func dropThen(n int, ok string) func(http.ResponseWriter, seenRequest) {
	var count atomic.Int64
	return func(w http.ResponseWriter, _ seenRequest) {
		if count.Add(1) <= int64(n) {
			conn, _, err := w.(http.Hijacker).Hijack()
			if err == nil {
				conn.Close()
			}
			return
		}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, ok)
	}
}

func TestDroppedConnectionRetriedForReads(t *testing.T) {
	f := newFake(t, dropThen(2, `{"records":[],"totalCount":"0"}`))
	c := f.client(t, passwordOpts)
	c.retry.base = time.Millisecond
	recs, _, err := c.GetRecords(context.Background(), GetRecordsRequest{App: 1})
	require.NoError(t, err)
	assert.Empty(t, recs)
	assert.Len(t, f.requests(), 3)
}

func TestLostCursorPageIsNeverResent(t *testing.T) {
	for _, keepAlive := range []bool{false, true} {
		drop := dropThen(1, `{"records":[],"next":false}`)
		f := newFake(t, func(w http.ResponseWriter, r seenRequest) {
			if r.Path == "/k/v1/records/cursor.json" {
				drop(w, r)
				return
			}
			io.WriteString(w, `{"records":[]}`)
		})
		c := f.client(t, passwordOpts)
		if keepAlive {
			// a reused idle connection is where net/http replays bodiless GETs
			_, _, _ = c.GetRecords(context.Background(), GetRecordsRequest{App: 1})
		}
		before := len(f.requests())
		_, _, err := c.GetCursor(context.Background(), "cur")
		require.ErrorIs(t, err, ErrAnswerLost, "keepAlive=%v", keepAlive)
		assert.Len(t, f.requests(), before+1, "the lost page was sent again")
	}
}

func TestRecordsArrayRequired(t *testing.T) {
	f := newFake(t, reply(200, `{"totalCount":"3"}`))
	_, _, err := f.client(t, passwordOpts).GetRecords(context.Background(), GetRecordsRequest{App: 1})
	require.ErrorIs(t, err, ErrProtocol)
	f = newFake(t, reply(200, `{"next":false}`))
	_, _, err = f.client(t, passwordOpts).GetCursor(context.Background(), "x")
	require.ErrorIs(t, err, ErrProtocol)
}

func TestRetryAfterHonoured(t *testing.T) {
	var first atomic.Bool
	f := newFake(t, func(w http.ResponseWriter, _ seenRequest) {
		if !first.Swap(true) {
			w.Header().Set("Retry-After", "1")
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		io.WriteString(w, `{"records":[]}`)
	})
	c := f.client(t, passwordOpts)
	c.retry.base, c.retry.cap = time.Millisecond, time.Millisecond
	start := time.Now()
	_, _, err := c.GetRecords(context.Background(), GetRecordsRequest{App: 1})
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), time.Second)
}
