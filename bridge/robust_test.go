package bridge

import (
	"context"
	"crypto/tls"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/go-mysql-org/go-mysql/client"
	gomysql "github.com/go-mysql-org/go-mysql/mysql"
	"github.com/go-mysql-org/go-mysql/packet"
	"github.com/go-sql-driver/mysql"
	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// greeted dials addr and reads the server's greeting.
func greeted(t testing.TB, addr string) (net.Conn, *packet.Conn) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	pc := packet.NewConn(c)
	_, err = pc.ReadPacket()
	require.NoError(t, err)
	return c, pc
}

// goroutines counts the running goroutines, leaving out the HTTP
// keep-alive connections between the driver and the emulator (an idle
// pool, not a leak).
func goroutines() (int, string) {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var kept []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		if !strings.Contains(g, "net/http.(*persistConn)") && !strings.Contains(g, "net/http.(*conn).serve") {
			kept = append(kept, g)
		}
	}
	return len(kept), strings.Join(kept, "\n\n")
}

// steadyGoroutines is the goroutine count once it stopped changing.
func steadyGoroutines() int {
	last, _ := goroutines()
	for range 50 {
		time.Sleep(50 * time.Millisecond)
		n, _ := goroutines()
		if n == last {
			break
		}
		last = n
	}
	return last
}

// openFiles is the number of file descriptors the process has open.
func openFiles(t *testing.T) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd to count file descriptors")
	}
	return len(entries)
}

// settledGoroutines waits until at most want goroutines (as goroutines
// counts them) run and returns the last count, and their stacks.
func settledGoroutines(want int) (int, string) {
	n, stacks := goroutines()
	for deadline := time.Now().Add(10 * time.Second); n > want && time.Now().Before(deadline); n, stacks = goroutines() {
		time.Sleep(20 * time.Millisecond)
	}
	return n, stacks
}

// TestMalformedCommandPacket answers packets the protocol library cannot
// read (an empty packet, COM_FIELD_LIST without its NUL) with error 1835
// and keeps the session.
func TestMalformedCommandPacket(t *testing.T) {
	f := startDemo(t)
	conn, err := client.Connect(f.addr, testUser, testPassword, "kintone")
	require.NoError(t, err)
	defer conn.Close()
	for _, p := range [][]byte{{}, {gomysql.COM_FIELD_LIST}, {gomysql.COM_FIELD_LIST, 'D', 'e', 'a', 'l', 's'}} {
		conn.ResetSequence()
		require.NoError(t, conn.WritePacket(append(make([]byte, 4), p...)))
		answer, err := conn.ReadPacket()
		require.NoError(t, err, "%q", p)
		require.NotEmpty(t, answer)
		assert.Equal(t, byte(gomysql.ERR_HEADER), answer[0], "%q", p)
		assert.Equal(t, uint16(erMalformedPacket), uint16(answer[1])|uint16(answer[2])<<8, "%q", p)
		require.NoError(t, conn.Ping(), "the session goes on after %q", p)
	}
}

// TestFailedLoginsLeakNothing fails many pass-through logins every way a
// login fails (wrong password, malformed answer, client gone before
// answering, TLS handshake failure) and then kills and idles out logged-in
// sessions: the goroutines return to their count before, and no wrong
// password leaves a database in the login cache.
func TestFailedLoginsLeakNothing(t *testing.T) {
	cert, _ := testCertificate(t)
	p := startPassThrough(t, func(s *Server) {
		s.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
		s.IdleTimeout = 200 * time.Millisecond
	})
	good := p.open(t, "alice", passUsers["alice"], "")
	require.NoError(t, good.Ping()) // warm: the cached login, the emulator's connections
	good.SetMaxIdleConns(0)
	require.NoError(t, good.Close())
	baseline := steadyGoroutines()
	httpConns := p.emu.OpenConnections()
	fds := openFiles(t)
	for i := range 30 {
		db := p.open(t, "alice", fmt.Sprintf("wrong-%d", i), "")
		err := db.Ping()
		var me *mysql.MySQLError
		require.ErrorAs(t, err, &me)
		assert.Equal(t, uint16(1045), me.Number)
		require.NoError(t, db.Close())

		c, pc := greeted(t, p.addr) // malformed handshake response
		require.NoError(t, pc.WritePacket(append(make([]byte, 4), 1, 2, 3)))
		_, _ = pc.ReadPacket()
		c.Close()

		c, _ = greeted(t, p.addr) // gone mid-handshake
		c.Close()

		c, pc = greeted(t, p.addr) // SSLRequest, then no TLS
		caps := uint32(gomysql.CLIENT_PROTOCOL_41 | gomysql.CLIENT_SECURE_CONNECTION | gomysql.CLIENT_SSL)
		req := append(make([]byte, 4), byte(caps), byte(caps>>8), byte(caps>>16), byte(caps>>24))
		require.NoError(t, pc.WritePacket(append(req, make([]byte, 28)...)))
		_, _ = c.Write([]byte("not a TLS client hello\n"))
		c.Close()
	}
	n, stacks := settledGoroutines(baseline)
	assert.LessOrEqual(t, n, baseline, "goroutines after failed logins:\n%s", stacks)
	assert.LessOrEqual(t, p.emu.OpenConnections(), httpConns+1, "wrong passwords' databases keep no HTTP connection")
	assert.LessOrEqual(t, openFiles(t), fds+2, "file descriptors after failed logins")
	srv := p.srv
	srv.logins.mu.Lock()
	assert.Len(t, srv.logins.entries, 1, "only alice's right login is cached")
	srv.logins.mu.Unlock()
}

// TestPasswordsNotShown: a refused password is not in the client's error
// nor in the server's log (at debug level), and SHOW PROCESSLIST of a
// logged-in session does not show the password.
func TestPasswordsNotShown(t *testing.T) {
	log := &panicLog{}
	p := startPassThrough(t, func(s *Server) { s.Logger = slog.New(log) })
	const wrong = "Wr0ng-Passw0rd-xyzzy"
	err := p.open(t, "alice", wrong, "").Ping()
	require.Error(t, err)
	assert.NotContains(t, err.Error(), wrong)
	db := p.open(t, "alice", passUsers["alice"], "")
	rows, err := db.Query("SHOW PROCESSLIST")
	require.NoError(t, err)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	n := 0
	for rows.Next() {
		vals := make([]sql.RawBytes, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		for _, v := range vals {
			assert.NotContains(t, string(v), passUsers["alice"])
		}
		n++
	}
	require.NoError(t, rows.Err())
	assert.Positive(t, n)
	assert.Contains(t, log.text(), "kintone refused the login", "the refusal is logged")
	assert.NotContains(t, log.text(), wrong)
	assert.NotContains(t, log.text(), passUsers["alice"])
}

// TestLoginTimeoutStalledClient closes, after LoginTimeout, a client that
// sent part of its handshake response (or asked for TLS and went quiet).
func TestLoginTimeoutStalledClient(t *testing.T) {
	cert, _ := testCertificate(t)
	for _, pass := range []bool{false, true} {
		f := startDemo(t, func(s *Server) {
			s.LoginTimeout = 300 * time.Millisecond
			s.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
		})
		addr := f.addr
		if pass {
			addr = startPassThrough(t, func(s *Server) {
				s.LoginTimeout = 300 * time.Millisecond
				s.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
			}).addr
		}
		for name, send := range map[string][]byte{
			"partial header": {40, 0},
			"partial packet": {40, 0, 0, 1, 0x85, 0xa6},
			"asked for TLS":  append([]byte{32, 0, 0, 1, 0x05, 0x8a, 0, 0}, make([]byte, 28)...),
		} {
			c, _ := greeted(t, addr)
			_, err := c.Write(send)
			require.NoError(t, err)
			start := time.Now()
			require.NoError(t, c.SetReadDeadline(start.Add(5*time.Second)))
			buf := make([]byte, 512)
			for err == nil {
				_, err = c.Read(buf)
			}
			var ne net.Error
			assert.False(t, errors.As(err, &ne) && ne.Timeout(), "pass-through %v, %s: the server closed the connection", pass, name)
			assert.Less(t, time.Since(start), 3*time.Second, "pass-through %v, %s", pass, name)
			c.Close()
		}
	}
}

// TestLoginTimeoutSlowKintone refuses a pass-through login when kintone
// does not answer the check within LoginTimeout.
func TestLoginTimeoutSlowKintone(t *testing.T) {
	release := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-release:
		}
	}))
	defer slow.Close()
	defer close(release)
	login, err := PassThrough("Url=" + slow.URL)
	require.NoError(t, err)
	srv := &Server{Login: login, LoginTimeout: 300 * time.Millisecond}
	addr := serveOnLoopback(t, srv)
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd, cfg.Net, cfg.Addr = "alice", "pw", "tcp", addr
	db, err := sql.Open("mysql", cfg.FormatDSN())
	require.NoError(t, err)
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	start := time.Now()
	require.Error(t, db.PingContext(ctx))
	assert.Less(t, time.Since(start), 3*time.Second, "the kintone check is bounded by LoginTimeout")
	assert.Eventually(t, func() bool {
		srv.mu.Lock()
		defer srv.mu.Unlock()
		return len(srv.conns) == 0
	}, 5*time.Second, 20*time.Millisecond, "the connection was closed")
}

// TestSessionsEndCleanly ends sessions every way (KILL CONNECTION, idle
// timeout, Server.Close with an open transaction and a half-read scan):
// the transaction's write never reaches kintone, no cursor is left open
// and the goroutines return to their count before.
func TestSessionsEndCleanly(t *testing.T) {
	emu := kintonetest.NewServer()
	t.Cleanup(emu.Close)
	bigApp(t, emu, 3000)
	f := startBridge(t, emu, func(s *Server) { s.IdleTimeout = time.Second })
	ctx := context.Background()
	admin := f.client(t, "")
	require.NoError(t, admin.Ping())
	admin.SetMaxIdleConns(0)
	require.NoError(t, admin.Close())
	baseline := steadyGoroutines()

	users := f.client(t, "")
	killed, err := users.Conn(ctx)
	require.NoError(t, err)
	var id int64
	require.NoError(t, killed.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id))
	idle, err := users.Conn(ctx)
	require.NoError(t, err)
	require.NoError(t, idle.PingContext(ctx))
	_, err = users.Exec(fmt.Sprintf("KILL CONNECTION %d", id))
	require.NoError(t, err)
	require.Eventually(t, func() bool { return f.srv.sessionCount() == 0 }, 5*time.Second, 20*time.Millisecond,
		"the killed and the idle session end")
	_ = killed.Close()
	_ = idle.Close()

	tx, err := users.Begin()
	require.NoError(t, err)
	_, err = tx.Exec("INSERT INTO Big (n) VALUES (99999)")
	require.NoError(t, err)
	rows, err := users.Query("SELECT * FROM Big")
	require.NoError(t, err)
	require.True(t, rows.Next())
	require.NoError(t, f.srv.Close())
	_ = rows.Close()
	_ = tx.Rollback()
	require.NoError(t, users.Close())
	var records int
	require.NoError(t, f.kintone.QueryRow("SELECT COUNT(*) FROM Big").Scan(&records))
	assert.Equal(t, 3000, records, "the open transaction was rolled back")
	assert.Zero(t, emu.OpenCursors(), "no cursor is left")
	n, stacks := settledGoroutines(baseline)
	assert.LessOrEqual(t, n, baseline, "goroutines after the sessions ended:\n%s", stacks)
}

// TestLoginCacheBounded keeps at most the cache's limit of unused logins,
// closing the one checked longest ago first, while a login in use stays.
func TestLoginCacheBounded(t *testing.T) {
	emu := kintonetest.NewServer()
	t.Cleanup(emu.Close)
	login, err := PassThrough("Url=" + emu.URL)
	require.NoError(t, err)
	c := loginCache{ttl: time.Hour, max: 3, entries: map[[32]byte]*loginEntry{}}
	t.Cleanup(c.close)
	ctx := context.Background()
	var entries []*loginEntry
	for i := range 8 {
		user := fmt.Sprintf("user%d", i)
		_, err := emu.AddUser(kintonetest.User{Code: user, Password: "pw"})
		require.NoError(t, err)
		e, err := c.login(ctx, user, "pw", login)
		require.NoError(t, err)
		entries = append(entries, e)
		if i > 0 {
			c.release(e)
		}
		time.Sleep(time.Millisecond) // distinct check times
	}
	c.mu.Lock()
	assert.Len(t, c.entries, 3)
	assert.Contains(t, c.entries, entries[0].key, "the login in use stays")
	c.mu.Unlock()
	for i, e := range entries {
		err := e.db.PingContext(ctx)
		if i == 0 || i >= 6 {
			assert.NoError(t, err, "login %d is kept", i)
		} else {
			assert.ErrorContains(t, err, "closed", "login %d was evicted", i)
		}
	}
}

// TestClientThatStopsReading ends, after the write timeout, a session
// whose client asked for a large result and stopped reading it.
func TestClientThatStopsReading(t *testing.T) {
	emu := kintonetest.NewServer()
	t.Cleanup(emu.Close)
	bigApp(t, emu, 3000)
	f := startBridge(t, emu, func(s *Server) { s.writeTimeout = 300 * time.Millisecond })
	conn, err := client.Connect(f.addr, testUser, testPassword, "kintone")
	require.NoError(t, err)
	defer conn.Close()
	conn.ResetSequence()
	require.NoError(t, conn.WritePacket(append(make([]byte, 4), append([]byte{gomysql.COM_QUERY}, "SELECT a.label, b.label, a.day FROM Big a CROSS JOIN Big b"...)...)))
	if !assert.Eventually(t, func() bool { return f.srv.sessionCount() == 0 }, 10*time.Second, 50*time.Millisecond,
		"the session ended though the client never read") {
		_, stacks := goroutines()
		t.Fatal(stacks)
	}
	assert.Zero(t, emu.OpenCursors())
}

// TestOtherUsersSessions: on a pass-through server each session is a
// kintone login, so a user sees only its own sessions in SHOW PROCESSLIST
// and may not KILL another user's (error 1095), as in MySQL without the
// PROCESS and CONNECTION_ADMIN privileges.
func TestOtherUsersSessions(t *testing.T) {
	p := startPassThrough(t)
	ctx := context.Background()
	alice, err := p.open(t, "alice", passUsers["alice"], "").Conn(ctx)
	require.NoError(t, err)
	defer alice.Close()
	var aliceID int64
	require.NoError(t, alice.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&aliceID))
	bob := p.open(t, "bob", passUsers["bob"], "")
	_, rows := rowsOf(t, bob, "SHOW PROCESSLIST")
	require.Len(t, rows, 1, "bob sees his own session only")
	assert.Equal(t, "bob", rows[0][1])
	_, err = bob.Exec(fmt.Sprintf("KILL %d", aliceID))
	assert.Equal(t, uint16(1095), mysqlErr(err), "%v", err)
	_, err = bob.Exec(fmt.Sprintf("KILL QUERY %d", aliceID))
	assert.Equal(t, uint16(1095), mysqlErr(err), "%v", err)
	require.NoError(t, alice.PingContext(ctx), "alice's session survives")
	_, err = p.open(t, "alice", passUsers["alice"], "").Exec(fmt.Sprintf("KILL %d", aliceID))
	require.NoError(t, err, "alice may end her own session")
}

// TestServerStringHidesPasswords: printing a Server (%v, %+v, %#v, slog)
// names its logins but not their passwords.
func TestServerStringHidesPasswords(t *testing.T) {
	srv := &Server{Accounts: map[string]string{"metabase": "Secret-One", "grafana": "Secret-Two"}}
	var logged strings.Builder
	slog.New(slog.NewTextHandler(&logged, nil)).Info("serving", "server", srv)
	for _, out := range []string{fmt.Sprint(srv), fmt.Sprintf("%+v", srv), fmt.Sprintf("%#v", srv), logged.String()} {
		assert.Contains(t, out, "grafana metabase")
		assert.NotContains(t, out, "Secret-One")
		assert.NotContains(t, out, "Secret-Two")
	}
}
