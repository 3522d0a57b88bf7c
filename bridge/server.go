// Package bridge serves a kintone-sql *sql.DB over the MySQL wire protocol,
// so MySQL clients and BI tools (Metabase, Grafana, Superset, Tableau,
// Excel, the mysql/mariadb command line) connect to kintone. The protocol
// (handshake, authentication, TLS, packets, prepared statements) is
// github.com/go-mysql-org/go-mysql's server package; the bridge answers
// session statements (SET, SHOW, @@variables, transactions, KILL) and
// hands SQL to the driver, streaming its rows to the client.
package bridge

import (
	"context"
	"crypto/tls"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"sync"
	"time"

	"github.com/go-mysql-org/go-mysql/mysql"
	"github.com/go-mysql-org/go-mysql/packet"
	"github.com/go-mysql-org/go-mysql/server"
)

// Default limits of a Server.
const (
	// DefaultMaxConnections is the number of sessions served at once.
	DefaultMaxConnections = 100
	// DefaultLoginTimeout is how long a client may take to log in.
	DefaultLoginTimeout = 10 * time.Second
)

// Server serves one database over the MySQL protocol. Set the fields,
// then call Serve; Close stops it.
type Server struct {
	// DB is the kintone-sql database the sessions run on; each session
	// holds one of its connections.
	DB *sql.DB
	// Accounts are the MySQL logins (user name → password) the server
	// accepts; each runs with the DB's kintone identity. It must not be
	// empty.
	Accounts map[string]string
	// TLS, when set, lets clients switch to TLS (the CLIENT_SSL
	// capability); nil serves plain connections only.
	TLS *tls.Config
	// AuthMethod is the authentication plugin announced in the handshake:
	// mysql.AUTH_NATIVE_PASSWORD (the default) or
	// mysql.AUTH_CACHING_SHA2_PASSWORD. Clients that start with the other
	// one are switched, so both work either way.
	AuthMethod string
	// MaxConnections caps the sessions at once (DefaultMaxConnections
	// when 0); one more is refused with error 1040.
	MaxConnections int
	// LoginTimeout closes a connection that has not logged in by then
	// (DefaultLoginTimeout when 0).
	LoginTimeout time.Duration
	// Logger receives connection-level errors; nil discards them.
	Logger *slog.Logger

	once      sync.Once
	proto     *server.Server
	creds     *server.InMemoryProvider
	mu        sync.Mutex
	listeners []net.Listener
	conns     map[net.Conn]bool
	sessions  map[uint32]*session
	closed    bool
	wg        sync.WaitGroup
}

// init prepares the protocol settings once.
func (s *Server) init() {
	s.once.Do(func() {
		method := s.AuthMethod
		if method == "" {
			method = mysql.AUTH_NATIVE_PASSWORD
		}
		s.proto = server.NewServer(ServerVersion, collationUTF8MB4, method, nil, s.TLS)
		s.creds = server.NewInMemoryProvider()
		for user, password := range s.Accounts {
			s.creds.AddUser(user, password)
		}
		s.conns = map[net.Conn]bool{}
		s.sessions = map[uint32]*session{}
		if s.Logger == nil {
			s.Logger = slog.New(slog.DiscardHandler)
		}
	})
}

// ErrServerClosed is returned by Serve after Close.
var ErrServerClosed = errors.New("bridge: server closed")

// Serve accepts connections on ln until Close, serving each in its own
// goroutine. It returns ErrServerClosed after Close.
func (s *Server) Serve(ln net.Listener) error {
	if s.DB == nil {
		return errors.New("bridge: Server.DB is nil")
	}
	if len(s.Accounts) == 0 {
		return errors.New("bridge: Server.Accounts is empty: give at least one MySQL login")
	}
	if s.AuthMethod != "" && s.AuthMethod != mysql.AUTH_NATIVE_PASSWORD && s.AuthMethod != mysql.AUTH_CACHING_SHA2_PASSWORD {
		return fmt.Errorf("bridge: unsupported AuthMethod %q (use %s or %s)", s.AuthMethod, mysql.AUTH_NATIVE_PASSWORD, mysql.AUTH_CACHING_SHA2_PASSWORD)
	}
	s.init()
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return ErrServerClosed
	}
	s.listeners = append(s.listeners, ln)
	s.mu.Unlock()
	for {
		c, err := ln.Accept()
		if err != nil {
			s.mu.Lock()
			closed := s.closed
			s.mu.Unlock()
			if closed {
				return ErrServerClosed
			}
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				time.Sleep(10 * time.Millisecond)
				continue
			}
			return err
		}
		if !s.track(c) {
			c.Close()
			continue
		}
		s.wg.Add(1)
		go s.serveConn(c)
	}
}

// track records an open connection; false once the server is closed.
func (s *Server) track(c net.Conn) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return false
	}
	s.conns[c] = true
	return true
}

// maxConnections is the effective session cap.
func (s *Server) maxConnections() int {
	if s.MaxConnections > 0 {
		return s.MaxConnections
	}
	return DefaultMaxConnections
}

// serveConn logs a client in and serves its commands until it quits or
// the connection fails. A panic in one connection closes only that one.
func (s *Server) serveConn(c net.Conn) {
	defer s.wg.Done()
	defer func() {
		s.mu.Lock()
		delete(s.conns, c)
		s.mu.Unlock()
		c.Close()
	}()
	defer func() {
		if r := recover(); r != nil {
			s.Logger.Error("bridge: connection failed", "remote", c.RemoteAddr().String(), "panic", fmt.Sprint(r))
		}
	}()
	s.mu.Lock()
	full := len(s.conns) > s.maxConnections()
	s.mu.Unlock()
	if full {
		refuse(c, mysql.NewError(mysql.ER_CON_COUNT_ERROR, "Too many connections"))
		return
	}
	timeout := s.LoginTimeout
	if timeout <= 0 {
		timeout = DefaultLoginTimeout
	}
	_ = c.SetDeadline(time.Now().Add(timeout))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	buffered := newBufferedConn(c)
	sess := &session{srv: s, ctx: ctx, close: cancel, out: buffered, vars: variables{}, userVars: map[string]any{}, autocommit: true}
	conn, err := s.proto.NewCustomizedConn(buffered, s.creds, sess)
	if err != nil {
		s.Logger.Debug("bridge: login failed", "remote", c.RemoteAddr().String(), "err", err)
		return
	}
	_ = c.SetDeadline(time.Time{})
	buffered.login = false
	sess.conn = conn
	conn.SetStatus(mysql.SERVER_STATUS_AUTOCOMMIT)
	db, err := s.DB.Conn(ctx)
	if err != nil {
		_ = conn.WriteValue(mysqlError(err))
		return
	}
	sess.db = db
	s.mu.Lock()
	s.sessions[conn.ConnectionID()] = sess
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.sessions, conn.ConnectionID())
		s.mu.Unlock()
		_ = sess.rollback()
		cancel()
		db.Close()
	}()
	for !conn.Closed() {
		buffered.allow(maxCommandBytes)
		if err := conn.HandleCommand(); err != nil {
			return
		}
	}
}

// refuse answers a connection the server will not serve with an error
// packet in place of the greeting, as MySQL does for error 1040.
func refuse(c net.Conn, e *mysql.MyError) {
	_ = c.SetDeadline(time.Now().Add(time.Second))
	data := append([]byte{0, 0, 0, 0, mysql.ERR_HEADER, byte(e.Code), byte(e.Code >> 8), '#'}, e.State...)
	data = append(data, e.Message...)
	_ = packet.NewConn(c).WritePacket(data)
}

// killStatement is KILL [QUERY | CONNECTION] id: QUERY cancels the
// session's running statement; otherwise the session is closed too.
func (s *Server) killStatement(toks []token) error {
	p := &parser{toks: toks}
	query := p.accept("QUERY")
	if !query {
		p.accept("CONNECTION")
	}
	var id uint32
	if _, err := fmt.Sscan(p.next().text, &id); err != nil {
		return mysql.NewError(mysql.ER_PARSE_ERROR, "KILL needs a connection id")
	}
	s.mu.Lock()
	target := s.sessions[id]
	s.mu.Unlock()
	if target == nil {
		return mysql.NewError(mysql.ER_NO_SUCH_THREAD, fmt.Sprintf("Unknown thread id: %d", id))
	}
	target.kill()
	if !query {
		target.close()
		_ = target.out.Conn.Close() // the socket; the library's Conn is not safe to close from here
	}
	return nil
}

// sessionCount is the number of logged-in sessions.
func (s *Server) sessionCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.sessions)
}

// processList is SHOW PROCESSLIST: one row per session.
func (s *Server) processList() [][]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var rows [][]any
	for id, sess := range s.sessions {
		sess.mu.Lock()
		db := sess.database
		sess.mu.Unlock()
		var dbValue any
		if db != "" {
			dbValue = db
		}
		rows = append(rows, []any{int64(id), sess.conn.GetUser(), sess.conn.RemoteAddr().String(), dbValue, "Query", int64(0), "", nil})
	}
	return rows
}

// Close stops accepting, closes every connection (rolling back open
// transactions, which also deletes their cursors) and waits for the
// sessions to end.
func (s *Server) Close() error {
	s.init()
	s.mu.Lock()
	s.closed = true
	var errs []error
	for _, ln := range s.listeners {
		if err := ln.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
			errs = append(errs, err)
		}
	}
	for c := range s.conns {
		c.Close()
	}
	s.mu.Unlock()
	s.wg.Wait()
	return errors.Join(errs...)
}
