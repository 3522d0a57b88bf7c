package kintone

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"testing"

	"github.com/kintone-sql/kintone/kintonetest"
)

func TestDriverIsRegistered(t *testing.T) {
	if !slices.Contains(sql.Drivers(), DriverName) {
		t.Fatalf("sql.Drivers() = %v, want %q among them", sql.Drivers(), DriverName)
	}
}

func TestOpenWithDSN(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 3)
	dsn := "URL=" + srv.URL + ";User=" + kintonetest.DefaultUser + ";Password=" + kintonetest.DefaultPassword
	db, err := sql.Open(DriverName, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Ping(); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	got := queryStrings(t, db, "SELECT label FROM Items ORDER BY n DESC")
	want := [][]string{{"r3"}, {"r2"}, {"r1"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("rows = %v, want %v", got, want)
	}
}

func TestDriverOpen(t *testing.T) {
	srv := startServer(t)
	dsn := "URL=" + srv.URL + ";User=" + kintonetest.DefaultUser + ";Password=" + kintonetest.DefaultPassword
	c, err := (&Driver{}).Open(dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if err := c.(driver.Pinger).Ping(context.Background()); err != nil {
		t.Fatalf("Ping: %v", err)
	}
}

func TestOpenRejectsBadDSN(t *testing.T) {
	for _, tc := range []struct{ dsn, want string }{
		{"User=a;Password=b", "URL is required"},
		{"URL=https://example.cybozu.com;User=a;Password=b;Pagesize=501", "Pagesize"},
		{"URL=https://example.cybozu.com;User=a;Passwrd=b", "Password"},
	} {
		_, err := sql.Open(DriverName, tc.dsn)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("sql.Open(%q) error = %v, want one mentioning %q", tc.dsn, err, tc.want)
		}
	}
}

func TestNewConnectorErrors(t *testing.T) {
	base := func() *Config {
		c := NewConfig()
		c.URL, c.User, c.Password = "https://example.cybozu.com", "alice", "s3cret-pw"
		return c
	}
	for _, tc := range []struct {
		name   string
		mutate func(*Config)
		want   string
	}{
		{"nil config", nil, "nil Config"},
		{"no URL", func(c *Config) { c.URL = "" }, "URL is required"},
		{"missing env", func(c *Config) { c.Password, c.PasswordEnv = "", "KINTONE_TEST_SURELY_UNSET_VAR" }, "KINTONE_TEST_SURELY_UNSET_VAR"},
		{"http to a remote host", func(c *Config) { c.URL = "http://example.cybozu.com" }, "https"},
		{"missing PEM file", func(c *Config) { c.SSLClientCert = "/nonexistent/client.pem" }, "/nonexistent/client.pem"},
		{"bad PFX blob", func(c *Config) { c.SSLClientCert, c.SSLClientCertType = "%%%", CertPFXBlob }, "base64"},
		{"bad PEM blob", func(c *Config) { c.SSLClientCert = "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n" }, "inline PEM"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var cfg *Config
			if tc.mutate != nil {
				cfg = base()
				tc.mutate(cfg)
			}
			_, err := NewConnector(cfg)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("NewConnector error = %v, want one mentioning %q", err, tc.want)
			}
			if strings.Contains(err.Error(), "s3cret-pw") {
				t.Fatalf("error %q shows the password", err)
			}
		})
	}
}

func TestNewConnectorKeepsCallerConfig(t *testing.T) {
	t.Setenv("KINTONE_TEST_PW", kintonetest.DefaultPassword)
	srv := startServer(t)
	cfg := serverConfig(srv)
	cfg.Password, cfg.PasswordEnv = "", "KINTONE_TEST_PW"
	db, c := openDB(t, srv, cfg)
	if cfg.Password != "" {
		t.Errorf("NewConnector wrote the resolved password into the caller's Config")
	}
	if got := c.Config().Password; got != kintonetest.DefaultPassword {
		t.Errorf("connector password not resolved from PasswordEnv")
	}
	if err := db.Ping(); err != nil {
		t.Fatalf("Ping with PasswordEnv: %v", err)
	}
}

func TestExecReportsUnsupportedStatements(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 1)
	db, _ := openDB(t, srv, serverConfig(srv))
	for _, tc := range []struct {
		query string
		want  string
	}{
		{"SELECT * FROM Items", "use Query"},
		{"(SELECT 1)", "SELECT statements"},
		{"  ", "empty statement"},
		{"REPLACE INTO Items (n) VALUES (1)", "ON DUPLICATE KEY UPDATE"},
		{"SELEC 2", "syntax error"},
		{"SHOW TABLES", "use Query"},
	} {
		_, err := db.Exec(tc.query)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Exec(%q) error = %v, want one containing %q", tc.query, err, tc.want)
		}
	}
}

func TestPreparedStatementWithArgs(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 10)
	db, _ := openDB(t, srv, serverConfig(srv))
	st, err := db.Prepare("SELECT label FROM Items WHERE n > ? AND n <= ? ORDER BY n")
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	for _, tc := range []struct {
		lo, hi int
		want   []string
	}{
		{0, 2, []string{"r1", "r2"}},
		{8, 100, []string{"r9", "r10"}},
		{5, 5, nil},
	} {
		rows, err := st.Query(tc.lo, tc.hi)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for rows.Next() {
			var s string
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			got = append(got, s)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		if !slices.Equal(got, tc.want) {
			t.Errorf("args (%d, %d): got %v, want %v", tc.lo, tc.hi, got, tc.want)
		}
	}
	if _, err := st.Query(1); err == nil {
		t.Errorf("Query with 1 argument for 2 placeholders succeeded")
	}
}

func TestConnLifecycle(t *testing.T) {
	srv := startServer(t)
	c, err := NewConnector(serverConfig(srv))
	if err != nil {
		t.Fatal(err)
	}
	dc, err := c.Connect(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cn := dc.(*conn)
	if !cn.IsValid() || cn.ResetSession(context.Background()) != nil {
		t.Fatal("a new connection is not valid")
	}
	cn.Close()
	if cn.IsValid() {
		t.Error("a closed connection is still valid")
	}
	if err := cn.ResetSession(context.Background()); !errors.Is(err, driver.ErrBadConn) {
		t.Errorf("ResetSession on a closed connection = %v, want driver.ErrBadConn", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := c.Connect(ctx); !errors.Is(err, context.Canceled) {
		t.Errorf("Connect with a cancelled context = %v, want context.Canceled", err)
	}
	if c.Driver() == nil {
		t.Error("Driver() is nil")
	}
	if err := c.Close(); err != nil {
		t.Error(err)
	}
}

func TestLogger(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 1)
	cfg := serverConfig(srv)
	cfg.Ignored = map[string]string{"RTK": "license-key-secret", "Logfile": "/tmp/cdata.log"}
	var buf strings.Builder
	logger := slog.New(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	db, _ := openDB(t, srv, cfg, WithLogger(logger))
	queryStrings(t, db, "SELECT n FROM Items")
	out := buf.String()
	for _, want := range []string{"ignored", "Logfile", "RTK", "/k/v1/records.json"} {
		if !strings.Contains(out, want) {
			t.Errorf("log does not mention %q:\n%s", want, out)
		}
	}
	for _, secret := range []string{"license-key-secret", kintonetest.DefaultPassword} {
		if strings.Contains(out, secret) {
			t.Errorf("log shows the secret %q:\n%s", secret, out)
		}
	}

	buf.Reset()
	silent, _ := openDB(t, srv, cfg)
	queryStrings(t, silent, "SELECT n FROM Items")
	if buf.Len() != 0 {
		t.Errorf("a connector without WithLogger logged:\n%s", buf.String())
	}
}
