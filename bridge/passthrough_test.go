package bridge

import (
	"context"
	"crypto/tls"
	"database/sql"
	"errors"
	"net"
	"os"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"

	gomysql "github.com/go-mysql-org/go-mysql/mysql"
	"github.com/go-sql-driver/mysql"
	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// passThrough is a pass-through bridge in front of an emulator with two
// users (alice, bob) and an app Notes (title text).
type passThrough struct {
	emu    *kintonetest.Server
	app    int64
	addr   string
	logins atomic.Int32 // databases opened by Login
	srv    *Server
}

var passUsers = map[string]string{"alice": "alice-pass", "bob": "bob;pass='x"}

func startPassThrough(t testing.TB, configure ...func(*Server)) *passThrough {
	t.Helper()
	p := &passThrough{emu: kintonetest.NewServer()}
	t.Cleanup(p.emu.Close)
	for user, password := range passUsers {
		_, err := p.emu.AddUser(kintonetest.User{Code: user, Password: password})
		require.NoError(t, err)
	}
	var err error
	p.app, err = p.emu.CreateApp(kintonetest.AppSpec{Name: "Notes", Fields: []*kintonetest.Field{
		{Type: kintonetest.TypeSingleLineText, Code: "title", Label: "Title"},
	}})
	require.NoError(t, err)
	login, err := PassThrough("Url=" + p.emu.URL)
	require.NoError(t, err)
	p.srv = &Server{Login: func(ctx context.Context, user, password string) (*sql.DB, error) {
		p.logins.Add(1)
		return login(ctx, user, password)
	}}
	p.addr = serveOnLoopback(t, p.srv, configure...)
	return p
}

// open connects with go-sql-driver as user/password.
func (p *passThrough) open(t testing.TB, user, password, params string) *sql.DB {
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd, cfg.Net, cfg.Addr, cfg.DBName = user, password, "tcp", p.addr, "kintone"
	dsn := cfg.FormatDSN()
	if params != "" {
		dsn += "?" + params
	}
	db, err := sql.Open("mysql", dsn)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// creator inserts a note through db and returns the login kintone
// recorded as the record's creator.
func (p *passThrough) creator(t *testing.T, db *sql.DB, title string) string {
	res, err := db.Exec("INSERT INTO Notes (title) VALUES (?)", title)
	require.NoError(t, err)
	id, err := res.LastInsertId()
	require.NoError(t, err)
	rec, ok := p.emu.Record(p.app, id)
	require.True(t, ok)
	for _, v := range rec {
		if f, ok := v.(map[string]any); ok && f["type"] == "CREATOR" {
			return f["value"].(map[string]any)["code"].(string)
		}
	}
	t.Fatalf("record %d has no creator: %v", id, rec)
	return ""
}

// TestPassThroughLogin logs in with kintone logins: over plain TCP the
// client encrypts its password with the server's RSA key, over TLS it
// sends it in clear; each session runs as its own kintone user, a wrong
// password is error 1045 with kintone's reason, and a pooled re-login
// does not open a second database.
func TestPassThroughLogin(t *testing.T) {
	cert, pool := testCertificate(t)
	require.NoError(t, mysql.RegisterTLSConfig("bridge-pass", &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}))
	p := startPassThrough(t, func(s *Server) { s.TLS = &tls.Config{Certificates: []tls.Certificate{cert}} })
	for _, params := range []string{"", "tls=bridge-pass"} {
		t.Run("params="+params, func(t *testing.T) {
			for user, password := range passUsers {
				db := p.open(t, user, password, params)
				assert.Equal(t, user, p.creator(t, db, "by "+user), "the session's kintone identity")
				var who string
				require.NoError(t, db.QueryRow("SELECT USER()").Scan(&who))
				assert.True(t, strings.HasPrefix(who, user+"@"), who)
				var variable, cipher string
				require.NoError(t, db.QueryRow("SHOW STATUS LIKE 'Ssl_cipher'").Scan(&variable, &cipher))
				assert.Equal(t, params != "", cipher != "", "TLS in use: %q", cipher)
			}
			wrong := p.open(t, "alice", "not-her-password", params)
			err := wrong.Ping()
			var me *mysql.MySQLError
			require.True(t, errors.As(err, &me), "%v", err)
			assert.Equal(t, uint16(1045), me.Number)
			assert.Contains(t, me.Message, "CB_WA01")
			assert.Contains(t, me.Message, "the login name or the password is wrong")
			assert.NotContains(t, me.Message, "not-her-password")
		})
	}
	assert.Equal(t, int32(2+1+1), p.logins.Load(), "alice and bob opened once, each wrong password once per attempt")
}

// TestPassThroughRemoteClient pretends the clients are on another host:
// a password in clear on a plain connection is refused, while the RSA
// path (go-sql-driver and mariadb fetch the server's key) still works.
func TestPassThroughRemoteClient(t *testing.T) {
	assert.True(t, isLoopback(&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1)}))
	assert.False(t, isLoopback(&net.TCPAddr{IP: net.IPv4(192, 0, 2, 1)}))
	p := startPassThrough(t, func(s *Server) { s.localClient = func(net.Addr) bool { return false } })
	assert.Equal(t, "bob", p.creator(t, p.open(t, "bob", passUsers["bob"], ""), "over RSA"), "one note, by bob")
	mariadb := needTool(t, []string{"mariadb"}, "--version")
	run := p.mariadb(mariadb)
	out, err := run("alice", passUsers["alice"], "--skip-ssl")
	require.NoError(t, err, out)
	assert.Equal(t, "alice@127.0.0.1\n1\n", out) // bob's note
	out, err = run("alice", passUsers["alice"], "--default-auth=mysql_clear_password", "--skip-ssl")
	require.Error(t, err)
	assert.Contains(t, out, "ERROR 1045")
	assert.Contains(t, out, "connect with TLS")
	assert.NotContains(t, out, passUsers["alice"])
}

// mariadb returns a runner of the mariadb command line against the
// bridge: it logs in and prints USER() and the number of notes.
func (p *passThrough) mariadb(path string) func(user, password string, extra ...string) (string, error) {
	host, port, _ := strings.Cut(p.addr, ":")
	return func(user, password string, extra ...string) (string, error) {
		args := append([]string{"-h", host, "-P", port, "-u", user, "kintone", "--batch", "--skip-column-names"}, extra...)
		cmd := exec.Command(path, append(args, "-e", "SELECT USER(); SELECT COUNT(*) FROM Notes")...)
		cmd.Env = append(os.Environ(), "MYSQL_PWD="+password)
		out, err := cmd.CombinedOutput()
		return string(out), err
	}
}

// TestPassThroughMariaDB logs in with the mariadb command line, which
// answers with mysql_native_password and is switched to
// caching_sha2_password (over TLS, or on a plain connection with the RSA
// key fetched from the server), and with its cleartext plugin
// (--default-auth=mysql_clear_password, plain loopback connection).
func TestPassThroughMariaDB(t *testing.T) {
	mariadb := needTool(t, []string{"mariadb"}, "--version")
	cert, _ := testCertificate(t)
	p := startPassThrough(t, func(s *Server) { s.TLS = &tls.Config{Certificates: []tls.Certificate{cert}} })
	run := p.mariadb(mariadb)
	out, err := run("bob", passUsers["bob"], "--skip-ssl")
	require.NoError(t, err, out)
	assert.Equal(t, "bob@127.0.0.1\n0\n", out)
	out, err = run("alice", passUsers["alice"], "--default-auth=mysql_clear_password", "--skip-ssl")
	require.NoError(t, err, out)
	assert.Equal(t, "alice@127.0.0.1\n0\n", out)
	out, err = run("alice", passUsers["alice"], "--ssl", "--ssl-verify-server-cert=0")
	require.NoError(t, err, out)
	assert.Equal(t, "alice@127.0.0.1\n0\n", out)
	out, err = run("alice", "wrong", "--skip-ssl")
	require.Error(t, err)
	assert.Contains(t, out, "ERROR 1045")
}

// TestParseLoginRequest decodes a handshake response, and answers every
// truncation of it with an error, never a panic.
func TestParseLoginRequest(t *testing.T) {
	caps := uint32(gomysql.CLIENT_PROTOCOL_41 | gomysql.CLIENT_SECURE_CONNECTION | gomysql.CLIENT_PLUGIN_AUTH |
		gomysql.CLIENT_PLUGIN_AUTH_LENENC_CLIENT_DATA | gomysql.CLIENT_CONNECT_WITH_DB)
	data := []byte{byte(caps), byte(caps >> 8), byte(caps >> 16), byte(caps >> 24)}
	data = append(data, make([]byte, 28)...)
	data = append(data, "alice\x00"...)
	data = append(data, 3, 'a', 'b', 'c')
	data = append(data, "kintone\x00caching_sha2_password\x00"...)
	r, err := parseLoginRequest(data)
	require.NoError(t, err)
	assert.Equal(t, "alice", r.user)
	assert.Equal(t, []byte("abc"), r.auth)
	assert.Equal(t, "kintone", r.db)
	assert.Equal(t, "caching_sha2_password", r.plugin)
	for n := range len(data) - 1 {
		if n == 42 || n == 50 { // ends after the auth data or the database: the rest is optional
			continue
		}
		_, err := parseLoginRequest(data[:n])
		assert.Error(t, err, "truncated to %d bytes", n)
	}
	bad := append(append([]byte{}, data[:38]...), 0xfc) // a length-encoded length cut short
	_, err = parseLoginRequest(bad)
	assert.Error(t, err)
}

// TestServeConfig refuses a server with both pass-through and fixed
// logins, or neither.
func TestServeConfig(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer ln.Close()
	login, err := PassThrough("Url=https://example.cybozu.com")
	require.NoError(t, err)
	err = (&Server{Login: login, Accounts: map[string]string{"a": "b"}}).Serve(ln)
	assert.ErrorContains(t, err, "not both")
	err = (&Server{}).Serve(ln)
	assert.Error(t, err)
	_, err = PassThrough("Url=")
	assert.Error(t, err, "a DSN that is wrong apart from the login")
}

// BenchmarkPassThroughLogin logs in anew on every iteration (a new TCP
// connection, a ping, a close) once kintone has accepted the login, on a
// plain connection (the password RSA-encrypted) and over TLS; kintone-
// requests/op shows that the cached login asks kintone nothing.
//
//	go test ./bridge/ -run '^$' -bench PassThroughLogin -benchtime 200x
func BenchmarkPassThroughLogin(b *testing.B) {
	cert, pool := testCertificate(b)
	require.NoError(b, mysql.RegisterTLSConfig("bridge-bench", &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}))
	p := startPassThrough(b, func(s *Server) { s.TLS = &tls.Config{Certificates: []tls.Certificate{cert}} })
	for _, params := range []string{"", "tls=bridge-bench"} {
		name := map[string]string{"": "rsa", "tls=bridge-bench": "tls"}[params]
		b.Run(name, func(b *testing.B) {
			db := p.open(b, "alice", passUsers["alice"], params)
			db.SetMaxIdleConns(0) // every Ping logs in again
			require.NoError(b, db.Ping())
			p.emu.ResetCounters()
			b.ResetTimer()
			for range b.N {
				require.NoError(b, db.Ping())
			}
			b.ReportMetric(float64(p.emu.TotalRequests())/float64(b.N), "kintone-requests/op")
		})
	}
}

// TestPassThroughClearPassword switches clients to mysql_clear_password:
// go-sql-driver logs in when it allows cleartext passwords and refuses to
// send one otherwise; from a remote client without TLS the server refuses
// before the password is sent; the mariadb client accepts the switch.
func TestPassThroughClearPassword(t *testing.T) {
	var remote atomic.Bool
	p := startPassThrough(t, func(s *Server) {
		s.ClearPassword = true
		s.localClient = func(a net.Addr) bool { return !remote.Load() && isLoopback(a) }
	})
	db := p.open(t, "alice", passUsers["alice"], "allowCleartextPasswords=true")
	assert.Equal(t, "alice", p.creator(t, db, "in clear"))
	err := p.open(t, "bob", passUsers["bob"], "").Ping()
	assert.ErrorContains(t, err, "allowCleartextPasswords", "the client's own refusal")
	remote.Store(true)
	err = p.open(t, "bob", passUsers["bob"], "allowCleartextPasswords=true").Ping()
	var me *mysql.MySQLError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, uint16(1045), me.Number)
	assert.Contains(t, me.Message, "connect with TLS")
	remote.Store(false)
	out, err := p.mariadb(needTool(t, []string{"mariadb"}, "--version"))("bob", passUsers["bob"], "--skip-ssl")
	require.NoError(t, err, out)
	assert.Equal(t, "bob@127.0.0.1\n1\n", out) // alice's note
}
