package main

import (
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"golang.org/x/term"

	"github.com/kintone-sql/kintone"
)

// shellConfig is the parsed command line of the SQL shell.
type shellConfig struct {
	dsn         string
	demo        bool
	actions     []shellAction
	format      string
	expanded    bool
	demoLatency time.Duration
	safeUpdates bool
}

// shellAction is one -c or -f argument, run in command-line order.
type shellAction struct {
	sql  string
	file string
}

// actionFlag collects -c (file false) or -f (file true) values into a
// shared, ordered list.
type actionFlag struct {
	list *[]shellAction
	file bool
}

// String is empty: the flags have no default.
func (a actionFlag) String() string { return "" }

// Set appends one action.
func (a actionFlag) Set(v string) error {
	if a.file {
		*a.list = append(*a.list, shellAction{file: v})
	} else {
		*a.list = append(*a.list, shellAction{sql: v})
	}
	return nil
}

// parseShellFlags reads the shell's command line; the DSN defaults to
// $KINTONE_DSN.
func parseShellFlags(args []string, stderr io.Writer, getenv func(string) string) (*shellConfig, error) {
	fs := flag.NewFlagSet("kintone-sql", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "Usage: kintone-sql [flags]          (or: kintone-sql shell [flags])")
		fmt.Fprintln(stderr, "\nAn SQL shell for kintone. Without a connection string it starts a built-in demo tenant")
		fmt.Fprintln(stderr, "(the kintone emulator, in memory). With -c or -f it runs them and exits; with SQL on")
		fmt.Fprintln(stderr, "standard input it runs that; otherwise it is interactive (type \\? for help).")
		fmt.Fprintln(stderr, "\nFlags:")
		fs.PrintDefaults()
		fmt.Fprintln(stderr, "\nEnvironment: KINTONE_DSN (connection string), KINTONE_SQL_HISTORY (history file),")
		fmt.Fprintln(stderr, "PAGER (pager for long results on a terminal; empty for none).")
		fmt.Fprintln(stderr, "Keep secrets out of the command line: PasswordEnv=VAR, PasswordFile=PATH, APITokenEnv=VAR")
		fmt.Fprintln(stderr, "and APITokenFile=PATH in the connection string read them from the environment or a file.")
	}
	cfg := &shellConfig{}
	// The default is applied after parsing, so that -h never prints a
	// connection string taken from the environment.
	fs.StringVar(&cfg.dsn, "dsn", "", "connection `string`, e.g. \"URL=https://example.cybozu.com;User=alice;PasswordEnv=KINTONE_PASSWORD\" (default $KINTONE_DSN)")
	fs.BoolVar(&cfg.demo, "demo", false, "use the built-in demo tenant even when KINTONE_DSN is set")
	fs.Var(actionFlag{list: &cfg.actions}, "c", "run `SQL` (statements or a backslash command) and exit; repeatable")
	fs.Var(actionFlag{list: &cfg.actions, file: true}, "f", "run the statements in `FILE` (- for standard input) and exit; repeatable")
	fs.StringVar(&cfg.format, "format", formatTable, "output `format`: "+strings.Join(formatNames, ", "))
	fs.BoolVar(&cfg.expanded, "x", false, "expanded output: one line per column (like \\x)")
	fs.BoolVar(&cfg.safeUpdates, "safe-updates", true, "ask before an interactive UPDATE or DELETE without WHERE on an app table (-safe-updates=false: never ask)")
	fs.DurationVar(&cfg.demoLatency, "demo-latency", 0, "delay each response of the demo tenant by this `duration` once the shell is ready (to try progress and Ctrl-C)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected argument %q (SQL goes after -c)\n", fs.Arg(0))
		fs.Usage()
		return nil, errUsage
	}
	if cfg.dsn == "" {
		cfg.dsn = getenv("KINTONE_DSN")
	}
	f, err := checkFormat(cfg.format)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return nil, errUsage
	}
	cfg.format = f
	return cfg, nil
}

// shellIO is the shell's environment: its streams, which of them are
// terminals, interrupt signals and the environment variables.
type shellIO struct {
	stdin                          io.Reader
	stdout, stderr                 io.Writer
	stdinTTY, stdoutTTY, stderrTTY bool
	signals                        <-chan os.Signal
	getenv                         func(string) string
	// pagerCmd is the pager for long results ("" for none); termSize the
	// size of the terminal on stdout.
	pagerCmd string
	termSize terminalSizer
}

// isTerminal reports whether v is an *os.File open on a terminal.
func isTerminal(v any) bool {
	f, ok := v.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// fileSize returns the size of the terminal v is open on, when v is an
// *os.File.
func fileSize(v any) terminalSizer {
	f, ok := v.(*os.File)
	if !ok {
		return nil
	}
	return func() (int, int, bool) {
		cols, rows, err := term.GetSize(int(f.Fd()))
		return cols, rows, err == nil && cols > 0 && rows > 0
	}
}

// runShell is the shell subcommand, and what kintone-sql runs without one.
func runShell(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, append([]os.Signal{os.Interrupt}, endingSignals...)...)
	defer signal.Stop(sigs)
	return shell(ctx, args, shellIO{
		stdin: os.Stdin, stdout: stdout, stderr: stderr,
		stdinTTY: isTerminal(os.Stdin), stdoutTTY: isTerminal(stdout), stderrTTY: isTerminal(stderr),
		signals: sigs, getenv: os.Getenv,
		pagerCmd: pagerCommand(os.LookupEnv, exec.LookPath), termSize: fileSize(stdout),
	})
}

// shell runs the SQL shell: it connects (to the demo tenant by default),
// then runs -c/-f actions, standard input, or the interactive loop. Errors
// are printed as one line and returned as errReported.
func shell(parent context.Context, args []string, sio shellIO) error {
	cfg, err := parseShellFlags(args, sio.stderr, sio.getenv)
	if err != nil {
		return err
	}
	// Ctrl-C must not end the session, so the shell handles the signals
	// itself instead of inheriting the caller's cancellation.
	ctx, cancel := context.WithCancelCause(context.WithoutCancel(parent))
	defer cancel(nil)
	interactive := len(cfg.actions) == 0 && sio.stdinTTY

	conn, err := connectInterruptibly(ctx, cfg, sio, interactive)
	if err != nil {
		fmt.Fprintln(sio.stderr, errorLine(err, ""))
		var se signalError
		if errors.As(err, &se) {
			return se
		}
		return errReported
	}
	defer conn.Close()
	err = runSession(ctx, cfg, sio, conn, interactive, cancel)
	// A signal ends the shell with the conventional status; the statement
	// was cancelled and its rows closed, and the deferred Close deletes
	// the connection's cursors.
	if se, ok := signalCause(ctx); ok {
		if !errors.Is(err, errReported) {
			fmt.Fprintf(sio.stderr, "\nkintone-sql: %v, exiting\n", se)
		}
		return se
	}
	return err
}

// runSession runs the session on an open connection.
func runSession(ctx context.Context, cfg *shellConfig, sio shellIO, conn *connection, interactive bool, cancel context.CancelCauseFunc) error {

	s := &session{
		db: conn.db, meta: catalogMetadata{conn: conn.connector}, info: conn.info,
		stdin: sio.stdin, stdout: sio.stdout, stderr: sio.stderr, out: sio.stdout,
		format: cfg.format, expanded: cfg.expanded,
		progress: sio.stderrTTY, stdoutTTY: sio.stdoutTTY, safeUpdates: cfg.safeUpdates,
		pager: true, pagerCmd: sio.pagerCmd, termSize: sio.termSize,
	}
	defer s.closeOutput()
	go watchSignals(ctx, sio.signals, s, interactive, cancel)

	if !interactive {
		conn.ready()
		return s.runBatch(ctx, cfg.actions)
	}
	var sp splitter
	s.completion = newCompletionCache(ctx, s.meta)
	// Failing to read metadata only costs completion.
	if conn.demo != nil {
		_ = s.completion.load(ctx) // every table with its columns: the demo answers at once
	} else {
		go func() { _ = s.completion.loadNames(ctx) }()
	}
	conn.ready()
	// Prompts and editing go to stdout, or to stderr when stdout is
	// redirected, so that a file of results holds no prompts.
	editorOut := sio.stdout
	if !sio.stdoutTTY && sio.stderrTTY {
		editorOut = sio.stderr
	}
	in := newTerminalInput(sio.stdin, editorOut)
	go func() { <-ctx.Done(); in.Stop() }() // a signal ends the prompt's read
	rl, err := newReadline(in, in.Writer(), sio.stderr, historyPath(sio.getenv), readlineCompleter{sp: &sp, src: s.completion})
	if err != nil {
		fmt.Fprintln(sio.stderr, errorLine(err, ""))
		return errReported
	}
	defer rl.Close()
	return s.interactive(ctx, rl, &sp, conn.prompt)
}

// connectInterruptibly opens the connection; a signal meanwhile abandons
// it (a real tenant may take the whole request timeout to answer).
func connectInterruptibly(ctx context.Context, cfg *shellConfig, sio shellIO, interactive bool) (*connection, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	connected := make(chan struct{})
	defer close(connected)
	if sio.signals != nil {
		go func() {
			select {
			case sig := <-sio.signals:
				cancel(causeOf(sig))
			case <-connected:
			}
		}()
	}
	c, err := openConnection(ctx, cfg, sio.stderr, interactive)
	if se, ok := signalCause(ctx); ok && err != nil {
		return nil, fmt.Errorf("connecting: %w", se)
	}
	return c, err
}

// causeOf returns the cancellation cause for a signal: a signalError for
// SIGTERM and SIGHUP, nil (plain cancellation) for Ctrl-C.
func causeOf(sig os.Signal) error {
	if s, ok := sig.(syscall.Signal); ok && s != syscall.SIGINT {
		return signalError{s}
	}
	return nil
}

// watchSignals turns signals into cancellation: SIGTERM and SIGHUP end the
// shell (the cause is a signalError); Ctrl-C (SIGINT) cancels the running
// statement, and in a script with no statement running, ends the script.
func watchSignals(ctx context.Context, sigs <-chan os.Signal, s *session, interactive bool, cancel context.CancelCauseFunc) {
	if sigs == nil {
		return
	}
	for {
		select {
		case <-ctx.Done():
			return
		case sig := <-sigs:
			if cause := causeOf(sig); cause != nil {
				cancel(cause)
				continue
			}
			if !s.gate.Interrupt() && !interactive {
				cancel(nil)
			}
		}
	}
}

// runBatch runs the -c and -f actions in order, or standard input when
// there are none; it stops at the first failure.
func (s *session) runBatch(ctx context.Context, actions []shellAction) error {
	if len(actions) == 0 {
		err := s.runScript(ctx, newContextReader(ctx, s.stdin), "<stdin>")
		var se signalError
		if errors.As(err, &se) { // a signal while waiting for input
			return se
		}
		return batchResult(s, err)
	}
	for _, a := range actions {
		var err error
		if a.file != "" {
			err = s.runFile(ctx, a.file)
		} else {
			err = s.runText(ctx, a.sql)
		}
		if err != nil {
			return batchResult(s, err)
		}
		if se, ok := signalCause(ctx); ok {
			return se
		}
		if ctx.Err() != nil {
			return batchResult(s, errCancelled)
		}
	}
	return nil
}

// batchResult maps the end of a script to the shell's result: \q is
// success, errReported stays, other errors are printed first.
func batchResult(s *session, err error) error {
	switch {
	case err == nil, errors.Is(err, errQuit):
		return nil
	case errors.Is(err, errReported):
		return err
	}
	fmt.Fprintln(s.stderr, errorLine(err, ""))
	return errReported
}

// connection is an open database and what the shell shows about it.
type connection struct {
	db        *sql.DB
	connector *kintone.Connector
	// prompt is the prompt name: "demo", or the kintone subdomain.
	prompt string
	// info is the \conninfo text.
	info string
	// demo is the embedded tenant, nil for a real one.
	demo *demoTenant
	// latency is applied to the demo tenant by ready.
	latency time.Duration
}

// openConnection connects to cfg's DSN, or starts the demo tenant, and
// checks the credentials with a ping.
func openConnection(ctx context.Context, cfg *shellConfig, stderr io.Writer, interactive bool) (*connection, error) {
	c := &connection{}
	dsn := cfg.dsn
	if cfg.demo || dsn == "" {
		d, err := startDemo()
		if err != nil {
			return nil, err
		}
		c.demo, c.latency, dsn = d, cfg.demoLatency, d.dsn
	}
	kcfg, err := kintone.ParseDSN(dsn)
	if err != nil {
		c.Close()
		return nil, err
	}
	c.connector, err = kintone.NewConnector(kcfg)
	if err != nil {
		c.Close()
		return nil, err
	}
	if kcfg.SSLServerCert == kintone.AcceptAnyServerCert {
		fmt.Fprintln(stderr, "WARNING: SSLServerCert=* accepts any server certificate: the connection is not protected against interception.")
	}
	c.db = sql.OpenDB(c.connector)
	if err := c.db.PingContext(ctx); err != nil {
		c.Close()
		return nil, err
	}
	c.prompt, c.info = describeConnection(c.connector.Config(), c.demo != nil)
	hint := ""
	if interactive {
		hint = ` Type \? for help.`
	}
	if c.demo != nil {
		fmt.Fprintf(stderr, "Connected to the built-in demo tenant (kintone emulator at %s). Try: SELECT 案件名, stage, amount FROM Deals LIMIT 5;%s\n", c.demo.srv.URL, hint)
	} else if interactive {
		fmt.Fprintf(stderr, "%s.%s\n", c.info, hint)
	}
	return c, nil
}

// demoCloseWait bounds how long closing waits for the demo tenant.
const demoCloseWait = time.Second

// ready applies the demo latency, once start-up requests are done.
func (c *connection) ready() {
	if c.demo != nil && c.latency > 0 {
		c.demo.srv.SetLatency(c.latency)
	}
}

// Close closes the database (deleting its cursors) and stops the demo
// tenant, whose latency no longer applies.
func (c *connection) Close() {
	if c.demo != nil {
		c.demo.srv.SetLatency(0)
	}
	if c.db != nil {
		c.db.Close()
	} else if c.connector != nil {
		c.connector.Close()
	}
	if c.demo != nil {
		// Closing waits for requests in flight, such as a schema load that
		// outlives a cancelled statement; the in-memory tenant has nothing
		// to lose, so the wait is bounded.
		closed := make(chan struct{})
		go func() { c.demo.srv.Close(); close(closed) }()
		select {
		case <-closed:
		case <-time.After(demoCloseWait):
		}
	}
}

// describeConnection returns the prompt name and the \conninfo text of a
// connection; neither shows a secret.
func describeConnection(cfg *kintone.Config, demo bool) (prompt, info string) {
	prompt = "kintone"
	if demo {
		prompt = "demo"
	} else if u, err := url.Parse(cfg.URL); err == nil {
		host := u.Hostname()
		if label, _, _ := strings.Cut(host, "."); label != "" && !strings.ContainsAny(host, ":") && !isNumericHost(host) {
			prompt = label
		}
	}
	info = "Connected to " + cfg.URL
	if cfg.EffectiveAuthScheme() == kintone.AuthAPIToken {
		info += fmt.Sprintf(" with API tokens (apps %s)", joinInts(cfg.AppIDs))
	} else {
		info += " as " + cfg.User
	}
	if cfg.GuestSpaceID > 0 {
		info += fmt.Sprintf(", guest space %d", cfg.GuestSpaceID)
	}
	return prompt, info
}

// isNumericHost reports whether host is an IPv4 address.
func isNumericHost(host string) bool {
	return strings.Trim(host, "0123456789.") == ""
}

// joinInts joins ids with commas.
func joinInts(ids []int64) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = fmt.Sprint(id)
	}
	return strings.Join(s, ",")
}
