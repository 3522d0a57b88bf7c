package kintonetest

import (
	"crypto/tls"
	"net/http"
	"net/http/httptest"
	"time"
)

// DefaultUser and DefaultPassword are the administrator every new server
// has unless WithoutDefaultUser is given.
const (
	DefaultUser     = "Administrator"
	DefaultPassword = "cybozu"
)

// Server is a kintone-compatible server on a loopback port.
type Server struct {
	// URL is the base URL, e.g. http://127.0.0.1:41234, with no trailing
	// slash.
	URL string

	cfg    config
	http   *httptest.Server
	st     *store
	routes map[routeKey]route
	hooks  *hooks
	conns  connCounter
}

// NewServer starts a server and returns it; call Close when done.
func NewServer(opts ...Option) *Server {
	s := NewUnstartedServer(opts...)
	s.Start()
	return s
}

// NewUnstartedServer returns a server that is not yet listening, so that
// it can be seeded before Start.
func NewUnstartedServer(opts ...Option) *Server {
	s := &Server{st: newStore()}
	for _, o := range opts {
		o(&s.cfg)
	}
	if s.cfg.clock == nil {
		s.cfg.clock = time.Now
	}
	s.hooks = newHooks(s.cfg)
	s.routes = map[routeKey]route{}
	s.registerRoutes()
	if !s.cfg.noDefaultUser {
		_, _ = s.AddUser(User{Code: DefaultUser, Password: DefaultPassword, Name: DefaultUser, Admin: true, Valid: true})
	}
	s.http = httptest.NewUnstartedServer(s.hooks.wrap(http.HandlerFunc(s.serve)))
	s.http.Config.ConnState = s.conns.track
	if s.cfg.listener != nil {
		_ = s.http.Listener.Close()
		s.http.Listener = s.cfg.listener
	}
	return s
}

// Start begins serving (HTTPS when WithTLS or WithClientCA was given).
func (s *Server) Start() {
	if s.cfg.tls {
		if s.cfg.clientCAs != nil {
			s.http.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: s.cfg.clientCAs}
		}
		s.http.StartTLS()
	} else {
		s.http.Start()
	}
	s.URL = s.http.URL
}

// Close shuts the server down and blocks until outstanding requests end.
func (s *Server) Close() { s.http.Close() }

// Client returns an http.Client that trusts the server's certificate.
func (s *Server) Client() *http.Client { return s.http.Client() }

// Certificate returns the server's TLS certificate, or nil without TLS.
func (s *Server) Certificate() *tls.Certificate {
	if s.http.TLS == nil || len(s.http.TLS.Certificates) == 0 {
		return nil
	}
	return &s.http.TLS.Certificates[0]
}

// Handler returns the server's HTTP handler (with its test hooks), for
// mounting in another server.
func (s *Server) Handler() http.Handler { return s.http.Config.Handler }

// now is the server clock.
func (s *Server) now() time.Time { return s.cfg.clock() }
