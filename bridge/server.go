// Package bridge serves a kintone-sql *sql.DB over the MySQL wire protocol,
// so MySQL clients and BI tools (Metabase, Grafana, Superset, Tableau,
// Excel, the mysql/mariadb command line) connect to kintone. The protocol
// (handshake, authentication, TLS, packets, prepared statements) is
// github.com/go-mysql-org/go-mysql's server package; the bridge answers
// session statements (SET, SHOW, @@variables, transactions, KILL) and
// hands SQL to the driver, streaming its rows to the client. With
// Server.Login the MySQL login is a kintone login (pass-through): a small
// adapter around the library's handshake obtains the password the two
// standard ways MySQL carries it (see passthrough.go).
package bridge

import (
	"context"
	"crypto/rsa"
	"crypto/tls"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"runtime/debug"
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
	// DefaultIdleTimeout closes a session that sent nothing for this long
	// (MySQL's default wait_timeout).
	DefaultIdleTimeout = 8 * time.Hour
)

// Server serves one database over the MySQL protocol. Set the fields,
// then call Serve; Close stops it.
type Server struct {
	// DB is the kintone-sql database the sessions run on; each session
	// holds one of its connections. Unused when Login is set.
	DB *sql.DB
	// Accounts are the MySQL logins (user name → password) the server
	// accepts; each runs with the DB's kintone identity. It must not be
	// empty unless Login is set.
	Accounts map[string]string
	// Login, when set, makes the server pass-through: the MySQL login is a
	// kintone login, checked by kintone itself, and the session runs with
	// that identity on the database Login opens. The client must send its
	// password in a form the server can read: caching_sha2_password (every
	// client switches to it) over TLS or loopback, or RSA-encrypted with
	// the server's public key on other plain connections, or
	// mysql_clear_password over TLS or loopback. AuthMethod does not apply
	// (the handshake announces caching_sha2_password), nor Accounts: set
	// one of Login and Accounts.
	Login LoginFunc
	// ClearPassword makes a pass-through server ask every client for its
	// password with mysql_clear_password, for clients without
	// caching_sha2_password; they must opt in to it (e.g. go-sql-driver's
	// allowCleartextPasswords, mariadb's --enable-cleartext-plugin), and
	// it is refused without TLS except from loopback.
	ClearPassword bool
	// LoginCacheTTL is how long a pass-through login kintone accepted is
	// trusted without asking kintone again (DefaultLoginCacheTTL when 0).
	LoginCacheTTL time.Duration
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
	// IdleTimeout closes a logged-in session whose client sends no command
	// for this long (DefaultIdleTimeout when 0), as MySQL's wait_timeout.
	IdleTimeout time.Duration
	// Logger receives connection-level errors; nil discards them.
	Logger *slog.Logger

	once      sync.Once
	proto     *server.Server
	passProto *server.Server // pass-through logins
	creds     *server.InMemoryProvider
	logins    loginCache
	keyOnce   sync.Once
	key       *rsa.PrivateKey
	keyErr    error
	// localClient tells clients that may send a password in clear
	// without TLS (isLoopback when nil; tests pretend a remote client).
	localClient func(net.Addr) bool
	// writeTimeout bounds each write to a client (netWriteTimeout when 0).
	writeTimeout time.Duration
	mu           sync.Mutex
	listeners    []net.Listener
	conns        map[net.Conn]bool
	sessions     map[uint32]*session
	closed       bool
	wg           sync.WaitGroup
}

// init prepares the protocol settings once.
func (s *Server) init() {
	s.once.Do(func() {
		method := s.AuthMethod
		if method == "" {
			method = mysql.AUTH_NATIVE_PASSWORD
		}
		s.proto = server.NewServer(ServerVersion, collationUTF8MB4, method, nil, s.TLS)
		s.passProto = server.NewServer(ServerVersion, collationUTF8MB4, mysql.AUTH_CACHING_SHA2_PASSWORD, nil, s.TLS)
		s.logins = loginCache{ttl: s.LoginCacheTTL, entries: map[[32]byte]*loginEntry{}}
		if s.logins.ttl <= 0 {
			s.logins.ttl = DefaultLoginCacheTTL
		}
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
	if s.Login == nil && s.DB == nil {
		return errors.New("bridge: Server.DB is nil")
	}
	if s.Login != nil && len(s.Accounts) > 0 {
		return errors.New("bridge: set Server.Login (pass-through) or Server.Accounts (fixed logins), not both")
	}
	if s.Login == nil && len(s.Accounts) == 0 {
		return errors.New("bridge: Server.Accounts is empty: give at least one MySQL login (or set Login for pass-through)")
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
			s.Logger.Error("bridge: connection failed", "remote", c.RemoteAddr().String(), "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
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
	if s.writeTimeout > 0 {
		buffered.writeTimeout = s.writeTimeout
	}
	sess := &session{srv: s, ctx: ctx, close: cancel, out: buffered, vars: variables{}, userVars: map[string]any{}, autocommit: true}
	var conn *server.Conn
	var err error
	base := s.DB
	if s.Login != nil {
		var login *loginEntry
		loginCtx, stop := context.WithTimeout(ctx, timeout) // kintone's check included
		conn, login, err = s.loginPassThrough(loginCtx, buffered, sess)
		stop()
		if err == nil {
			base = login.db
			defer s.logins.release(login)
		}
	} else {
		conn, err = s.proto.NewCustomizedConn(buffered, s.creds, sess)
	}
	if err != nil {
		s.Logger.Debug("bridge: login failed", "remote", c.RemoteAddr().String(), "err", err)
		return
	}
	_ = c.SetDeadline(time.Time{})
	buffered.login = false
	sess.conn = conn
	sess.prepared = &prepareWriter{Conn: conn.Conn.Conn}
	conn.Conn.Conn = sess.prepared
	conn.SetStatus(mysql.SERVER_STATUS_AUTOCOMMIT)
	db, err := base.Conn(ctx)
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
	idle := s.IdleTimeout
	if idle <= 0 {
		idle = DefaultIdleTimeout
	}
	if idle >= time.Second {
		sess.vars.set("wait_timeout", int64(idle/time.Second))
	}
	for !conn.Closed() {
		buffered.allow(maxCommandBytes)
		sess.prepared.columns = nil
		_ = c.SetReadDeadline(time.Now().Add(sess.waitTimeout(idle)))
		buffered.stmtErr = nil // only ever the answer to the command that set it
		if err := sess.handleCommand(conn); err != nil {
			return
		}
	}
}

// erMalformedPacket is MySQL's error 1835, "Malformed communication packet".
const erMalformedPacket = 1835

// handleCommand serves one command. The protocol library indexes some
// command packets without checking their length (an empty packet, a
// COM_FIELD_LIST without its NUL); such a packet, which makes it panic
// before anything was answered, gets error 1835 and the session goes on.
// A panic after part of an answer was written ends the session.
func (sess *session) handleCommand(conn *server.Conn) (err error) {
	before := sess.prepared.written
	defer func() {
		r := recover()
		if r == nil {
			return
		}
		if sess.prepared.written != before || conn.Conn == nil {
			panic(r)
		}
		sess.srv.Logger.Debug("bridge: malformed command packet", "err", fmt.Sprint(r))
		err = conn.WriteValue(mysql.NewError(erMalformedPacket, "Malformed communication packet."))
		conn.ResetSequence()
	}()
	return conn.HandleCommand()
}

// refuse answers a connection the server will not serve with an error
// packet in place of the greeting, as MySQL does for error 1040.
func refuse(c net.Conn, e *mysql.MyError) {
	_ = c.SetDeadline(time.Now().Add(time.Second))
	_ = packet.NewConn(c).WritePacket(errorPacket(e))
}

// killStatement is KILL [QUERY | CONNECTION] id: QUERY cancels the
// session's running statement; otherwise the session is closed too. As
// in MySQL without the CONNECTION_ADMIN privilege, a user may kill only
// its own sessions (error 1095 otherwise): on a pass-through server the
// others are other people's kintone logins.
func (s *Server) killStatement(user string, toks []token) error {
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
	if target.conn.GetUser() != user {
		return mysql.NewError(mysql.ER_KILL_DENIED_ERROR, fmt.Sprintf("You are not owner of thread %d", id))
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

// processList is SHOW PROCESSLIST for user: one row per session of
// user (MySQL shows a user without the PROCESS privilege only its own).
func (s *Server) processList(user string) [][]any {
	s.mu.Lock()
	defer s.mu.Unlock()
	var rows [][]any
	for id, sess := range s.sessions {
		if sess.conn.GetUser() != user {
			continue
		}
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
	s.logins.close()
	return errors.Join(errs...)
}
