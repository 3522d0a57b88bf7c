package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/kintonetest/demo"
)

// emulatorConfig is the parsed command line of the emulator subcommand.
type emulatorConfig struct {
	addr         string
	demo         bool
	users        []credential
	tokens       []appToken
	tls          bool
	certFile     string
	keyFile      string
	clientCAFile string
	latency      time.Duration
	faults       kintonetest.Faults
	basic        *credential
	concurrency  int
}

// credential is a login name and its password.
type credential struct{ login, password string }

// appToken is an API token to register for an app given by id or code.
type appToken struct{ app, token string }

// listFlag collects the values of a repeatable flag.
type listFlag []string

// String joins the values; it is only used for flag defaults, which are empty.
func (l *listFlag) String() string { return strings.Join(*l, ",") }

// Set appends one value.
func (l *listFlag) Set(v string) error { *l = append(*l, v); return nil }

// faultKindNames maps --fault-kinds names to fault kinds.
var faultKindNames = map[string]kintonetest.FaultKind{
	"429":  kintonetest.FaultTooManyRequests,
	"503":  kintonetest.FaultUnavailable,
	"520":  kintonetest.FaultInternal,
	"drop": kintonetest.FaultDropConnection,
}

// parseEmulatorFlags reads the emulator's flags. Values holding secrets are
// validated after parsing, so that error messages never echo them.
func parseEmulatorFlags(args []string, stderr io.Writer) (*emulatorConfig, error) {
	fs := newFlagSet("emulator", stderr, "Usage: kintone-sql emulator [flags]",
		"\nRuns a kintone-compatible server in memory until interrupted and prints its base URL.")
	cfg := &emulatorConfig{}
	var users, tokens listFlag
	var faultKinds, basic string
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:0", "listen `address` (port 0 picks a free port); use localhost:PORT for the official JS client")
	fs.BoolVar(&cfg.demo, "demo", false, "seed the demo tenant (users, 顧客/Deals/Tasks apps and records)")
	fs.Var(&users, "user", "add an administrator `login:password` (repeatable); naming Administrator replaces the default user")
	fs.Var(&tokens, "api-token", "register a full-permission API token `APP:TOKEN` (APP is an app id, or a demo app code or name; repeatable)")
	fs.BoolVar(&cfg.tls, "tls", false, "serve HTTPS (with a self-signed certificate unless --tls-cert/--tls-key are given)")
	fs.StringVar(&cfg.certFile, "tls-cert", "", "PEM certificate `file` for HTTPS")
	fs.StringVar(&cfg.keyFile, "tls-key", "", "PEM private key `file` for HTTPS")
	fs.StringVar(&cfg.clientCAFile, "client-ca", "", "PEM CA `file`: require client certificates signed by it (implies --tls)")
	fs.DurationVar(&cfg.latency, "latency", 0, "delay every response by this `duration`")
	fs.Float64Var(&cfg.faults.Rate, "fault-rate", 0, "fail this `fraction` (0..1) of requests")
	fs.StringVar(&faultKinds, "fault-kinds", "429", "injected failures, a comma-separated `list` of 429, 503, 520, drop")
	fs.Uint64Var(&cfg.faults.Seed, "fault-seed", 1, "random `seed` for fault injection")
	fs.StringVar(&basic, "basic-auth", "", "require HTTP Basic `user:pass` on every request")
	fs.IntVar(&cfg.concurrency, "concurrency-limit", 0, "answer 429 past this many concurrent requests (default kintone's 100)")
	if err := parseNoArgs(fs, args, stderr, func() error { return cfg.complete(users, tokens, faultKinds, basic) }); err != nil {
		return nil, err
	}
	return cfg, nil
}

// complete validates and stores the flags that need parsing.
func (cfg *emulatorConfig) complete(users, tokens []string, faultKinds, basic string) error {
	for _, u := range users {
		login, pass, ok := strings.Cut(u, ":")
		if !ok || login == "" || pass == "" {
			return errors.New("--user wants login:password")
		}
		cfg.users = append(cfg.users, credential{login, pass})
	}
	for _, t := range tokens {
		app, tok, ok := strings.Cut(t, ":")
		if !ok || app == "" || tok == "" {
			return errors.New("--api-token wants APP:TOKEN")
		}
		cfg.tokens = append(cfg.tokens, appToken{app, tok})
	}
	if basic != "" {
		login, pass, ok := strings.Cut(basic, ":")
		if !ok || login == "" {
			return errors.New("--basic-auth wants user:pass")
		}
		cfg.basic = &credential{login, pass}
	}
	if cfg.faults.Rate < 0 || cfg.faults.Rate > 1 {
		return errors.New("--fault-rate must be between 0 and 1")
	}
	for _, name := range strings.Split(faultKinds, ",") {
		kind, ok := faultKindNames[strings.ToLower(strings.TrimSpace(name))]
		if !ok {
			return fmt.Errorf("--fault-kinds: unknown kind %q (want 429, 503, 520 or drop)", name)
		}
		cfg.faults.Kinds = append(cfg.faults.Kinds, kind)
	}
	if (cfg.certFile == "") != (cfg.keyFile == "") {
		return errors.New("--tls-cert and --tls-key go together")
	}
	if cfg.latency < 0 {
		return errors.New("--latency must not be negative")
	}
	return nil
}

// runEmulator runs the emulator subcommand until ctx ends.
func runEmulator(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseEmulatorFlags(args, stderr)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv, scheme, err := newEmulator(cfg, ln)
	if err != nil {
		_ = ln.Close()
		return err
	}
	if err := seedEmulator(srv, cfg, stderr); err != nil {
		_ = ln.Close()
		return err
	}
	srv.Start()
	defer srv.Close()
	fmt.Fprintf(stdout, "kintone emulator listening on %s (%s)\n", baseURL(scheme, cfg.addr, ln.Addr()), cfg.loginHint())
	<-ctx.Done()
	return nil
}

// newEmulator builds the unstarted server and tells whether it speaks
// http or https.
func newEmulator(cfg *emulatorConfig, ln net.Listener) (*kintonetest.Server, string, error) {
	var pool *x509.CertPool
	if cfg.clientCAFile != "" {
		pem, err := os.ReadFile(cfg.clientCAFile)
		if err != nil {
			return nil, "", fmt.Errorf("--client-ca: %w", err)
		}
		pool = x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, "", fmt.Errorf("--client-ca: no PEM certificate in %s", cfg.clientCAFile)
		}
	}
	scheme := "http"
	var opts []kintonetest.Option
	switch {
	case cfg.certFile != "":
		// Our own certificate: TLS is terminated in the listener, so the
		// server itself runs plain HTTP over it.
		cert, err := tls.LoadX509KeyPair(cfg.certFile, cfg.keyFile)
		if err != nil {
			return nil, "", fmt.Errorf("--tls-cert/--tls-key: %w", err)
		}
		tc := &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12}
		if pool != nil {
			tc.ClientAuth, tc.ClientCAs = tls.RequireAndVerifyClientCert, pool
		}
		ln = tls.NewListener(ln, tc)
		scheme = "https"
	case pool != nil:
		opts = append(opts, kintonetest.WithClientCA(pool))
		scheme = "https"
	case cfg.tls:
		opts = append(opts, kintonetest.WithTLS())
		scheme = "https"
	}
	opts = append(opts, kintonetest.WithListener(ln))
	if cfg.replacesDefaultUser() {
		opts = append(opts, kintonetest.WithoutDefaultUser())
	}
	if cfg.basic != nil {
		opts = append(opts, kintonetest.WithBasicAuth(cfg.basic.login, cfg.basic.password))
	}
	if cfg.latency > 0 {
		opts = append(opts, kintonetest.WithLatency(cfg.latency))
	}
	if cfg.faults.Rate > 0 {
		opts = append(opts, kintonetest.WithFaults(cfg.faults))
	}
	if cfg.concurrency > 0 {
		opts = append(opts, kintonetest.WithConcurrencyLimit(cfg.concurrency))
	}
	return kintonetest.NewUnstartedServer(opts...), scheme, nil
}

// seedEmulator adds the --user accounts, the demo tenant and the
// --api-token tokens, and describes the demo apps on stderr.
func seedEmulator(srv *kintonetest.Server, cfg *emulatorConfig, stderr io.Writer) error {
	for _, u := range cfg.users {
		if _, err := srv.AddUser(kintonetest.User{Code: u.login, Password: u.password, Admin: true}); err != nil {
			return fmt.Errorf("--user: %w", err)
		}
	}
	apps := map[string]int64{}
	if cfg.demo {
		t, err := demo.Seed(srv)
		if err != nil {
			return err
		}
		for _, a := range t.Apps() {
			apps[a.Name] = a.ID
			if a.Code != "" {
				apps[a.Code] = a.ID
			}
			where := ""
			if a.GuestSpaceID != 0 {
				where = fmt.Sprintf(", guest space %d: /k/guest/%d/v1/", a.GuestSpaceID, a.GuestSpaceID)
			}
			fmt.Fprintf(stderr, "demo app %d: %s (code %q, %d records%s)\n", a.ID, a.Name, a.Code, len(a.RecordIDs), where)
		}
	}
	for _, t := range cfg.tokens {
		id, ok := apps[t.app]
		if !ok {
			n, err := strconv.ParseInt(t.app, 10, 64)
			if err != nil {
				return fmt.Errorf("--api-token: unknown app %q (give an app id, or a demo app code with --demo)", t.app)
			}
			id = n
		}
		if err := srv.AddAPIToken(id, t.token, kintonetest.AllPermissions); err != nil {
			return fmt.Errorf("--api-token: %w", err)
		}
	}
	return nil
}

// replacesDefaultUser reports whether --user names the default
// administrator, whose password then comes from the flag.
func (cfg *emulatorConfig) replacesDefaultUser() bool {
	for _, u := range cfg.users {
		if u.login == kintonetest.DefaultUser {
			return true
		}
	}
	return false
}

// loginHint says whom to log in as. Only the well-known default password
// is shown; passwords given on the command line never are.
func (cfg *emulatorConfig) loginHint() string {
	hint := fmt.Sprintf("user %s / password %s", kintonetest.DefaultUser, kintonetest.DefaultPassword)
	if len(cfg.users) > 0 {
		hint = "user " + cfg.users[0].login
	}
	if cfg.basic != nil {
		hint += "; HTTP Basic auth required"
	}
	return hint
}

// baseURL is the URL clients should use: the host given in --addr (so
// "localhost" stays "localhost", which the JS client needs for http) with
// the port actually bound.
func baseURL(scheme, addr string, bound net.Addr) string {
	host, _, _ := net.SplitHostPort(addr)
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	port := "0"
	if tcp, ok := bound.(*net.TCPAddr); ok {
		port = strconv.Itoa(tcp.Port)
	}
	return scheme + "://" + net.JoinHostPort(host, port)
}
