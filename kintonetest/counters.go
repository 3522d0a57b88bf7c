package kintonetest

import (
	"net"
	"net/http"
	"sync/atomic"
)

// connCounter counts the TCP connections a server accepts.
type connCounter struct {
	opened atomic.Int64
	open   atomic.Int64
}

// track is an http.Server ConnState hook.
func (c *connCounter) track(_ net.Conn, st http.ConnState) {
	switch st {
	case http.StateNew:
		c.opened.Add(1)
		c.open.Add(1)
	case http.StateClosed, http.StateHijacked:
		c.open.Add(-1)
	}
}

// Connections returns how many TCP connections the server has accepted
// since it started or since the last ResetConnections.
func (s *Server) Connections() int64 { return s.conns.opened.Load() }

// OpenConnections returns how many TCP connections are open now.
func (s *Server) OpenConnections() int64 { return s.conns.open.Load() }

// ResetConnections sets the count of accepted connections to zero.
func (s *Server) ResetConnections() { s.conns.opened.Store(0) }

// OpenCursors returns how many record cursors are live on the server (not
// read to their end, deleted or expired); kintone allows 10 per domain.
func (s *Server) OpenCursors() int {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	s.st.purgeCursors(s.now())
	return len(s.st.cursors)
}
