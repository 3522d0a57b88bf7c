package bridge

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestIdleTimeout closes a session that stays idle longer than
// IdleTimeout; a session that keeps talking stays open.
func TestIdleTimeout(t *testing.T) {
	// The busy session talks every 100 ms against a 1 s timeout: a loaded
	// CI may stall a few hundred ms between two pings without the busy
	// session looking idle (300 ms left it too little room).
	f := startDemo(t, func(s *Server) { s.IdleTimeout = time.Second })
	db := f.client(t, "")
	ctx := context.Background()
	busy, err := db.Conn(ctx)
	require.NoError(t, err)
	defer busy.Close()
	idle, err := db.Conn(ctx)
	require.NoError(t, err)
	defer idle.Close()
	require.NoError(t, idle.PingContext(ctx))
	for range 15 { // 1.5 s: past the idle session's timeout
		time.Sleep(100 * time.Millisecond)
		require.NoError(t, busy.PingContext(ctx), "a talking session stays open")
	}
	assert.Error(t, idle.PingContext(ctx), "the idle session was closed")
	assert.Eventually(t, func() bool { return f.srv.sessionCount() == 1 }, 5*time.Second, 20*time.Millisecond)
}
