package main

import (
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServeFlags(t *testing.T) {
	bad := [][]string{
		{"--listen", "0.0.0.0:3306"},
		{"--listen", ":3306"},
		{"--user", "nocolon"},
		{"--tls-cert", "a.pem"},
		{"--auth", "old_password"},
	}
	for _, args := range bad {
		_, err := parseServeFlags(args, io.Discard)
		assert.Error(t, err, "%v", args)
	}
	cfg, err := parseServeFlags([]string{"--listen", "0.0.0.0:3306", "--insecure-listen", "--user", "a:p:q", "--user", "b:"}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"a": "p:q", "b": ""}, cfg.accounts)
	for addr, want := range map[string]bool{"127.0.0.1:1": true, "[::1]:1": true, "localhost:1": true, "10.0.0.1:1": false, ":1": false} {
		assert.Equal(t, want, isLoopback(addr), addr)
	}
	file := filepath.Join(t.TempDir(), "users")
	require.NoError(t, os.WriteFile(file, []byte("# BI logins\nmetabase:one\n\ngrafana:two\n"), 0o600))
	cfg, err = parseServeFlags([]string{"--users-file", file, "--user", "cli:three"}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, map[string]string{"metabase": "one", "grafana": "two", "cli": "three"}, cfg.accounts)
	var stderr strings.Builder
	_, err = parseServeFlags([]string{"--users-file", filepath.Join(t.TempDir(), "missing")}, &stderr)
	assert.ErrorIs(t, err, errUsage)
	assert.Contains(t, stderr.String(), "--users-file: open")
	stderr.Reset()
	_, err = parseServeFlags([]string{"--listen", "0.0.0.0:3306", "--user", "a:secret-value"}, &stderr)
	require.Error(t, err)
	assert.Contains(t, stderr.String(), "refusing to listen on 0.0.0.0:3306 without TLS")
	assert.NotContains(t, stderr.String(), "secret-value")
}

// lineWriter sends what is written to a channel.
type lineWriter chan string

func (w lineWriter) Write(p []byte) (int, error) { w <- string(p); return len(p), nil }

// startServe runs `kintone-sql serve args` until the test ends and returns
// the address it prints.
func startServe(t *testing.T, args ...string) (addr string, stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	out := make(lineWriter, 10)
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, append([]string{"--listen", "127.0.0.1:0"}, args...), out, io.Discard) }()
	select {
	case line := <-out:
		m := regexp.MustCompile(`listening on (\S+)`).FindStringSubmatch(line)
		require.NotNil(t, m, line)
		addr = m[1]
	case err := <-done:
		t.Fatalf("serve ended: %v", err)
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not start")
	}
	stop = func() {
		cancel()
		select {
		case err := <-done:
			assert.NoError(t, err)
		case <-time.After(10 * time.Second):
			t.Fatal("serve did not stop")
		}
	}
	return addr, stop
}

// mysqlDB opens go-sql-driver/mysql on addr as user/password.
func mysqlDB(t *testing.T, addr, user, password string) *sql.DB {
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd, cfg.Net, cfg.Addr, cfg.DBName = user, password, "tcp", addr, "kintone"
	db, err := sql.Open("mysql", cfg.FormatDSN())
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// TestServeDemo runs `kintone-sql serve` on the demo tenant, queries it with
// go-sql-driver/mysql using the printed address, and stops it with the
// context (the SIGINT path).
func TestServeDemo(t *testing.T) {
	addr, stop := startServe(t)
	db := mysqlDB(t, addr, kintonetest.DefaultUser, kintonetest.DefaultPassword)
	var n int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM Deals").Scan(&n))
	assert.Positive(t, n)
	stop()
}

// TestServePassThrough serves a DSN without User/Password: the MySQL
// login is checked by kintone (a wrong password is error 1045).
func TestServePassThrough(t *testing.T) {
	emu := kintonetest.NewServer()
	t.Cleanup(emu.Close)
	addr, stop := startServe(t, "--dsn", "Url="+emu.URL)
	defer stop()
	require.NoError(t, mysqlDB(t, addr, kintonetest.DefaultUser, kintonetest.DefaultPassword).Ping())
	err := mysqlDB(t, addr, kintonetest.DefaultUser, "wrong").Ping()
	var me *mysql.MySQLError
	require.ErrorAs(t, err, &me)
	assert.Equal(t, uint16(1045), me.Number)
}

// TestServeHidesPasswords: what serve prints, and its error for a DSN
// kintone-sql cannot use, never show a password (the DSN's or a MySQL
// login's).
func TestServeHidesPasswords(t *testing.T) {
	emu := kintonetest.NewServer()
	t.Cleanup(emu.Close)
	const dsnPassword, loginPassword = "Dsn-Secret-4711", "Login-Secret-0815"
	_, err := emu.AddUser(kintonetest.User{Code: "svc", Password: dsnPassword})
	require.NoError(t, err)
	var stdout, stderr safeBuffer
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- runServe(ctx, []string{"--listen", "127.0.0.1:0", "--dsn", "Url=" + emu.URL + ";User=svc;Password=" + dsnPassword,
			"--user", "bi:" + loginPassword}, &stdout, &stderr)
	}()
	require.Eventually(t, func() bool { return strings.Contains(stdout.String(), "Connect:") }, 30*time.Second, 10*time.Millisecond)
	m := regexp.MustCompile(`listening on (\S+)`).FindStringSubmatch(stdout.String())
	require.NotNil(t, m)
	err = mysqlDB(t, m[1], "bi", "wrong-"+loginPassword).Ping()
	require.Error(t, err)
	assert.NotContains(t, err.Error(), loginPassword)
	require.NoError(t, mysqlDB(t, m[1], "bi", loginPassword).Ping())
	cancel()
	require.NoError(t, <-done)
	for _, out := range []string{stdout.String(), stderr.String()} {
		assert.NotContains(t, out, dsnPassword)
		assert.NotContains(t, out, loginPassword)
	}
	for _, dsn := range []string{"Url=;User=svc;Password=" + dsnPassword, "Url=" + emu.URL + ";Bogus=1;User=svc;Password=" + dsnPassword} {
		err := runServe(context.Background(), []string{"--listen", "127.0.0.1:0", "--dsn", dsn}, &stdout, &stderr)
		require.Error(t, err, dsn)
		assert.NotContains(t, err.Error(), dsnPassword)
	}
	assert.NotContains(t, stdout.String()+stderr.String(), dsnPassword)
}

// safeBuffer is a strings.Builder safe for a writer and a reader at once.
type safeBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (b *safeBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *safeBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
