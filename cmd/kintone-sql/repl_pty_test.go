package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/creack/pty"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// ptySession is kintone-sql running on a pseudo-terminal.
type ptySession struct {
	t    *testing.T
	cmd  *exec.Cmd
	tty  *os.File
	mu   sync.Mutex
	out  strings.Builder // everything the program wrote, raw
	seen int             // offset in the cleaned output already matched
	done chan struct{}
	// silent is set for a terminal that never answers cursor-position
	// queries.
	silent bool
}

// ansiSequence matches the terminal control sequences the line editor
// writes.
var ansiSequence = regexp.MustCompile(`\x1b\[[0-9;?]*[A-Za-z]|\x1b[()][0-9A-Za-z]|\r`)

// startPTY runs the binary on a 120x40 pseudo-terminal.
func startPTY(t *testing.T, home string, args ...string) *ptySession {
	t.Helper()
	return startTerminal(t, ptyOptions{home: home}, args...)
}

// ptyOptions describe the terminal of startTerminal.
type ptyOptions struct {
	home string
	// silent: never answer cursor-position queries.
	silent bool
	// env is added to the environment.
	env []string
}

// startTerminal runs the binary on a 120x40 pseudo-terminal as opts say.
func startTerminal(t *testing.T, opts ptyOptions, args ...string) *ptySession {
	t.Helper()
	home := opts.home
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), "HOME="+home, "KINTONE_DSN=", "TERM=xterm", "RUNEWIDTH_EASTASIAN=0",
		"KINTONE_SQL_HISTORY="+filepath.Join(home, "history"), "PAGER=")
	cmd.Env = append(cmd.Env, opts.env...)
	tty, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 120})
	if err != nil {
		t.Skipf("no pseudo-terminal: %v", err)
	}
	p := &ptySession{t: t, cmd: cmd, tty: tty, done: make(chan struct{}), silent: opts.silent}
	go p.read()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
		tty.Close()
	})
	return p
}

// read collects output and answers the editor's cursor-position queries
// the way a terminal would.
func (p *ptySession) read() {
	defer close(p.done)
	buf := make([]byte, 4096)
	for {
		n, err := p.tty.Read(buf)
		if n > 0 {
			chunk := string(buf[:n])
			p.mu.Lock()
			p.out.WriteString(chunk)
			p.mu.Unlock()
			for range strings.Count(chunk, "\x1b[6n") {
				if !p.silent {
					_, _ = p.tty.Write([]byte("\x1b[1;1R"))
				}
			}
		}
		if err != nil {
			return
		}
	}
}

// text returns the output without control sequences.
func (p *ptySession) text() string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return ansiSequence.ReplaceAllString(p.out.String(), "")
}

// send types keys.
func (p *ptySession) send(keys string) {
	p.t.Helper()
	_, err := p.tty.Write([]byte(keys))
	require.NoError(p.t, err)
}

// expect waits until want appears after the previous match and returns
// the output between.
func (p *ptySession) expect(want string, timeout time.Duration) string {
	p.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		text := p.text()
		if i := strings.Index(text[p.seen:], want); i >= 0 {
			between := text[p.seen : p.seen+i]
			p.seen += i + len(want)
			return between
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("timed out waiting for %q; output since last match:\n%s", want, text[p.seen:])
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// wait waits for the program to exit and returns its exit code.
func (p *ptySession) wait(timeout time.Duration) int {
	p.t.Helper()
	exited := make(chan error, 1)
	go func() { exited <- p.cmd.Wait() }()
	select {
	case err := <-exited:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return exit.ExitCode()
		}
		if err != nil {
			p.t.Fatal(err)
		}
		return 0
	case <-time.After(timeout):
		p.t.Fatalf("still running; output:\n%s", p.text())
	}
	return -1
}

func TestInteractiveTerminal(t *testing.T) {
	home := t.TempDir()
	const step = 15 * time.Second

	// Session 1: completion of tables (Japanese), columns and keywords.
	p := startPTY(t, home)
	p.expect("Connected to the built-in demo tenant", step)
	p.expect(`Type \? for help.`, step)
	p.expect("demo=> ", step)

	p.send("SELECT COUNT(*) AS n FROM 顧\t")
	p.expect("顧客", step) // the line editor shows the completion
	p.send(";\r")
	out := p.expect("(1 row)", step)
	assert.Contains(t, out, " 60", "table completion")
	assert.NotContains(t, out, "ERROR", "table completion")
	p.expect("demo=> ", step)

	// "sta" completes to the Stage column of Deals; "sel" to select.
	p.send("sel\tCOUNT(*) AS n FROM Deals WHERE sta\t= '受注';\r")
	out = p.expect("(1 row)", step)
	assert.Contains(t, out, "select COUNT(*)", "keyword and column completion")
	assert.NotContains(t, out, "ERROR", "keyword and column completion")
	p.expect("demo=> ", step)

	// A multi-line statement gets the continuation prompt.
	p.send("SELECT COUNT(*) AS n\r")
	p.expect("demo-> ", step)
	p.send("FROM Tasks;\r")
	assert.Contains(t, p.expect("(1 row)", step), "120", "multi-line statement")
	p.expect("demo=> ", step)
	p.send("\x04") // Ctrl-D
	assert.Equal(t, 0, p.wait(step), "exit code after Ctrl-D")
	hist, err := os.ReadFile(filepath.Join(home, "history"))
	require.NoError(t, err)
	for _, want := range []string{"SELECT COUNT(*) AS n FROM 顧客 ;", "select COUNT(*) AS n FROM Deals WHERE stage = '受注';", "SELECT COUNT(*) AS n FROM Tasks;"} {
		assert.Contains(t, string(hist), want+"\n", "history")
	}

	// Session 2, with slow kintone answers: Ctrl-C cancels a running query
	// and keeps the session; the history of session 1 is there.
	p = startPTY(t, home, "--demo-latency", "4s")
	p.expect("demo=> ", step)
	p.send("SELECT * FROM Deals;\r")
	// A progress line reaches the terminal while the statement runs; waiting
	// for it (not a fixed sleep, which a loaded machine can outrun) also
	// makes sure Ctrl-C hits the running statement.
	p.expect("fetched", step)
	start := time.Now()
	p.send("\x03") // Ctrl-C
	p.expect("ERROR: cancelled by user (Ctrl-C)", step)
	assert.Less(t, time.Since(start), 3*time.Second, "cancelling (latency is 4s)")
	p.expect("demo=> ", step)

	p.send("\x1b[A\x1b[A") // Up twice: past this session's statement to session 1's last
	p.expect("FROM Tasks;", step)
	p.send("\r")
	assert.Contains(t, p.expect("(1 row)", step), "120", "statement recalled from history")
	p.expect("demo=> ", step)
	p.send("\\q\r")
	assert.Equal(t, 0, p.wait(step), `exit code after \q`)
}
