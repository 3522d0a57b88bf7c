package main

import (
	"context"
	"database/sql"
	"io"
	"os"
	"path/filepath"
	"regexp"
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
	_, err = parseServeFlags([]string{"--users-file", filepath.Join(t.TempDir(), "missing")}, io.Discard)
	assert.ErrorContains(t, err, "--users-file")
	_, err = parseServeFlags([]string{"--listen", "0.0.0.0:3306", "--user", "a:secret-value"}, io.Discard)
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "secret-value")
}

// lineWriter sends what is written to a channel.
type lineWriter chan string

func (w lineWriter) Write(p []byte) (int, error) { w <- string(p); return len(p), nil }

// TestServeDemo runs `kintone-sql serve` on the demo tenant, queries it with
// go-sql-driver/mysql using the printed address, and stops it with the
// context (the SIGINT path).
func TestServeDemo(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out := make(lineWriter, 10)
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, []string{"--listen", "127.0.0.1:0"}, out, io.Discard) }()
	var addr string
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
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd, cfg.Net, cfg.Addr, cfg.DBName = kintonetest.DefaultUser, kintonetest.DefaultPassword, "tcp", addr, "kintone"
	db, err := sql.Open("mysql", cfg.FormatDSN())
	require.NoError(t, err)
	defer db.Close()
	var n int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM Deals").Scan(&n))
	assert.Positive(t, n)
	cancel()
	select {
	case err := <-done:
		assert.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("serve did not stop")
	}
}
