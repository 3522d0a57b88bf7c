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

func TestConcurrencyLimitHeadersPauseRequests(t *testing.T) {
	var calls atomic.Int64
	f := newFake(t, func(w http.ResponseWriter, _ seenRequest) {
		if calls.Add(1) == 1 {
			w.Header().Set("X-ConcurrencyLimit-Limit", "10")
			w.Header().Set("X-ConcurrencyLimit-Running", "10")
		}
		io.WriteString(w, `{"records":[]}`)
	})
	c := f.client(t, passwordOpts)
	_, _, err := c.GetRecords(context.Background(), GetRecordsRequest{App: 1})
	require.NoError(t, err)
	start := time.Now()
	_, _, err = c.GetRecords(context.Background(), GetRecordsRequest{App: 1})
	require.NoError(t, err)
	assert.GreaterOrEqual(t, time.Since(start), pressurePause/2, "the request after a full domain did not wait")
	// The second answer carried no concurrency headers, so no pause is
	// pending and the next request goes out at once. Checked on the pause
	// itself, not timed: one loopback request under -race on a loaded 2-core
	// CI can take longer than pressurePause without any waiting.
	assert.LessOrEqual(t, time.Until(time.Unix(0, c.pressure.until.Load())), time.Duration(0),
		"requests keep waiting after the pressure is gone")
	_, _, err = c.GetRecords(context.Background(), GetRecordsRequest{App: 1})
	require.NoError(t, err)
	assert.Equal(t, int64(3), calls.Load())
}
