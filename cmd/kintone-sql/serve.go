package main

import (
	"bufio"
	"context"
	"crypto/tls"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"github.com/go-mysql-org/go-mysql/mysql"
	"github.com/kintone-sql/kintone"
	"github.com/kintone-sql/kintone/bridge"
	"github.com/kintone-sql/kintone/kintonetest"
)

// serveConfig is the parsed command line of the serve subcommand.
type serveConfig struct {
	addr           string
	dsn            string
	accounts       map[string]string
	certFile       string
	keyFile        string
	insecureListen bool
	maxConns       int
	auth           string
	idleTimeout    time.Duration
	clearPassword  bool
}

// parseServeFlags reads the serve flags. Passwords given with --user are
// kept out of every message.
func parseServeFlags(args []string, stderr io.Writer) (*serveConfig, error) {
	fs := newFlagSet("serve", stderr, "Usage: kintone-sql serve [flags]",
		"\nServes kintone over the MySQL protocol until interrupted, for BI tools and MySQL clients.",
		"With a DSN without User/Password, each MySQL login is a kintone login (pass-through).")
	cfg := &serveConfig{accounts: map[string]string{}}
	var users listFlag
	var usersFile string
	fs.StringVar(&cfg.addr, "listen", "127.0.0.1:3306", "`address` to listen on; a non-loopback address needs --tls-cert/--tls-key or --insecure-listen")
	fs.StringVar(&cfg.dsn, "dsn", "", "kintone connection string (as for the shell); none serves the built-in demo tenant")
	fs.Var(&users, "user", "a MySQL login `name:password` (repeatable); each runs with the DSN's kintone identity")
	fs.StringVar(&usersFile, "users-file", "", "`file` of MySQL logins, one name:password per line (# comments)")
	fs.StringVar(&cfg.certFile, "tls-cert", "", "TLS certificate `file` (PEM); clients may then connect with TLS")
	fs.StringVar(&cfg.keyFile, "tls-key", "", "TLS private key `file` (PEM)")
	fs.BoolVar(&cfg.insecureListen, "insecure-listen", false, "allow a non-loopback --listen without TLS")
	fs.IntVar(&cfg.maxConns, "max-connections", bridge.DefaultMaxConnections, "sessions served at once; one more gets error 1040")
	fs.DurationVar(&cfg.idleTimeout, "idle-timeout", bridge.DefaultIdleTimeout, "close a session idle this `long` (MySQL's wait_timeout)")
	fs.BoolVar(&cfg.clearPassword, "clear-password", false, "pass-through: ask clients for mysql_clear_password (TLS or loopback only), for clients without caching_sha2_password")
	fs.StringVar(&cfg.auth, "auth", "native", "authentication plugin announced: native (mysql_native_password) or caching_sha2")
	if err := parseNoArgs(fs, args, stderr, func() error { return cfg.complete(users, usersFile) }); err != nil {
		return nil, err
	}
	return cfg, nil
}

// complete validates and stores the flags that need parsing.
func (cfg *serveConfig) complete(users []string, usersFile string) error {
	if usersFile != "" {
		lines, err := readUsersFile(usersFile)
		if err != nil {
			return err
		}
		users = append(users, lines...)
	}
	for _, u := range users {
		name, password, ok := strings.Cut(u, ":")
		if !ok || name == "" {
			return fmt.Errorf("--user wants name:password, got a value without a colon or name")
		}
		cfg.accounts[name] = password
	}
	if (cfg.certFile == "") != (cfg.keyFile == "") {
		return errors.New("--tls-cert and --tls-key go together")
	}
	switch cfg.auth {
	case "native":
		cfg.auth = mysql.AUTH_NATIVE_PASSWORD
	case "caching_sha2":
		cfg.auth = mysql.AUTH_CACHING_SHA2_PASSWORD
	default:
		return fmt.Errorf("--auth must be native or caching_sha2, not %q", cfg.auth)
	}
	if !cfg.insecureListen && cfg.certFile == "" && !isLoopback(cfg.addr) {
		return fmt.Errorf("refusing to listen on %s without TLS: give --tls-cert and --tls-key, or --insecure-listen", cfg.addr)
	}
	return nil
}

// readUsersFile reads name:password lines, skipping blanks and # comments.
func readUsersFile(path string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("--users-file: %w", err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("--users-file: %w", err)
	}
	return out, nil
}

// isLoopback reports whether a listen address binds only the loopback
// interface (an empty host binds every interface).
func isLoopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// runServe serves the DSN's kintone (or the demo tenant) over the MySQL
// protocol until the context ends (SIGINT/SIGTERM), then closes every
// session, rolling back open transactions.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseServeFlags(args, stderr)
	if err != nil {
		return err
	}
	dsn := cfg.dsn
	if dsn == "" {
		d, err := startDemo()
		if err != nil {
			return err
		}
		defer d.srv.Close()
		dsn = d.dsn
		if len(cfg.accounts) == 0 {
			cfg.accounts[kintonetest.DefaultUser] = kintonetest.DefaultPassword
		}
	}
	srv := &bridge.Server{Accounts: cfg.accounts, MaxConnections: cfg.maxConns, AuthMethod: cfg.auth, IdleTimeout: cfg.idleTimeout, ClearPassword: cfg.clearPassword}
	kcfg, err := kintone.ParseDSN(dsn)
	if err != nil && len(cfg.accounts) == 0 {
		// A DSN without User/Password (nor API token) is pass-through:
		// each MySQL login is a kintone login, checked by kintone.
		if login, perr := bridge.PassThrough(dsn); perr == nil {
			srv.Login, err = login, nil
		}
	}
	if err != nil {
		return err
	}
	if srv.Login == nil {
		if len(cfg.accounts) == 0 {
			if kcfg.User == "" {
				return errors.New("the DSN has no User/Password: give the MySQL logins with --user name:password or --users-file")
			}
			// The MySQL login is the DSN's kintone login.
			cfg.accounts[kcfg.User] = kcfg.Password
		}
		connector, err := kintone.NewConnector(kcfg)
		if err != nil {
			return err
		}
		srv.DB = sql.OpenDB(connector)
		defer srv.DB.Close()
	}
	if cfg.certFile != "" {
		cert, err := tls.LoadX509KeyPair(cfg.certFile, cfg.keyFile)
		if err != nil {
			return fmt.Errorf("TLS: %w", err)
		}
		srv.TLS = &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	host, port, _ := net.SplitHostPort(ln.Addr().String())
	fmt.Fprintf(stdout, "kintone-sql MySQL bridge listening on %s (database Kintone)\n", ln.Addr())
	if srv.Login != nil {
		fmt.Fprintf(stdout, "Pass-through: log in with your kintone login name and password (TLS, or let the client fetch the server's RSA key)\n")
		fmt.Fprintf(stdout, "Connect: mariadb -h %s -P %s -u LOGIN -p Kintone\n", host, port)
	}
	for name := range cfg.accounts {
		fmt.Fprintf(stdout, "Connect: mariadb -h %s -P %s -u %s -p Kintone\n", host, port, name)
		break
	}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case <-ctx.Done():
		return srv.Close()
	case err := <-done:
		_ = srv.Close()
		return err
	}
}
