package main

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTerminalSIGTERMAtThePromptEndsTheShell(t *testing.T) {
	home := t.TempDir()
	const step = 15 * time.Second
	p := startPTY(t, home)
	p.expect("demo=> ", step)
	p.send("SELECT 1 AS one;\r")
	p.expect("(1 row)", step)
	p.expect("demo=> ", step)
	// A statement typed in part: the first line entered, the second not.
	p.send("SELECT 2 AS two\r")
	p.expect("demo-> ", step)
	p.send("FROM Deals")
	p.expect("FROM Deals", step)

	require.NoError(t, p.cmd.Process.Signal(syscall.SIGTERM))
	out := p.expect("received SIGTERM (terminated), exiting", step)
	assert.Equal(t, 128+int(syscall.SIGTERM), p.wait(step))
	assert.NotContains(t, out, "Ctrl-C")
	assert.NotContains(t, out, "(1 row)", "the unfinished statement must not run")

	hist, err := os.ReadFile(filepath.Join(home, "history"))
	require.NoError(t, err)
	assert.Equal(t, "SELECT 1 AS one;\nSELECT 2 AS two FROM Deals\n", string(hist),
		"the history keeps the statements, the unfinished one too")
}

func TestTerminalSIGHUPCancelsTheRunningStatement(t *testing.T) {
	const step = 15 * time.Second
	p := startPTY(t, t.TempDir(), "--demo-latency", "4s")
	p.expect("demo=> ", step)
	p.send("SELECT * FROM Deals;\r")
	p.expect("SELECT * FROM Deals;", step)
	time.Sleep(500 * time.Millisecond)
	start := time.Now()
	require.NoError(t, p.cmd.Process.Signal(syscall.SIGHUP))
	out := p.expect("ERROR: cancelled: received SIGHUP (hangup)", step)
	p.expect("received SIGHUP (hangup), exiting", step)
	assert.Equal(t, 128+int(syscall.SIGHUP), p.wait(step))
	assert.Less(t, time.Since(start), 3*time.Second, "the statement must be cancelled, not waited for")
	assert.NotContains(t, out, "Ctrl-C")
}

// scriptRun is the binary running without a terminal, its standard input
// kept open.
type scriptRun struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stdout *bufio.Scanner
	stderr *bytes.Buffer
}

// startScript starts the binary with args on the demo tenant.
func startScript(t *testing.T, args ...string) scriptRun {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "KINTONE_DSN=")
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	t.Cleanup(func() { stdin.Close() })
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	r := scriptRun{cmd: cmd, stdin: stdin, stdout: bufio.NewScanner(stdout), stderr: &bytes.Buffer{}}
	cmd.Stderr = r.stderr
	require.NoError(t, cmd.Start())
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return r
}

// skipTo reads standard output up to a line containing want.
func (r scriptRun) skipTo(want string) {
	for r.stdout.Scan() && !strings.Contains(r.stdout.Text(), want) {
	}
}

// finish reads the rest of the output and returns the exit error.
func (r scriptRun) finish() error {
	for r.stdout.Scan() {
	}
	return r.cmd.Wait()
}

func TestScriptSIGTERMCancelsTheStatement(t *testing.T) {
	r := startScript(t, "--demo-latency", "5s", "-c", "SELECT 'started' AS s", "-c", "SELECT * FROM Deals")
	stderr, cmd := r.stderr, r.cmd
	// The first statement's result shows the second one has started.
	r.skipTo("started")
	time.Sleep(500 * time.Millisecond)
	start := time.Now()
	require.NoError(t, cmd.Process.Signal(syscall.SIGTERM))
	err := r.finish()
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "exit: %v", err)
	assert.Equal(t, 128+int(syscall.SIGTERM), exit.ExitCode())
	assert.Less(t, time.Since(start), 4*time.Second, "the statement must be cancelled, not waited for")
	assert.True(t, strings.HasSuffix(stderr.String(), "\nERROR: cancelled: received SIGTERM (terminated)\n"), "stderr: %s", stderr.String())
	assert.NotContains(t, stderr.String(), "Ctrl-C")
}

func TestTerminalThatNeverAnswersCursorQueries(t *testing.T) {
	const step = 15 * time.Second
	p := startTerminal(t, ptyOptions{home: t.TempDir(), silent: true})
	p.expect("demo=> ", step)
	p.send("SELECT 40 + 2 AS answer;\r")
	out := p.expect("(1 row)", step)
	assert.Contains(t, out, "42")
	p.expect("demo=> ", step)
	p.send("SELECT 'again' AS a;\r")
	assert.Contains(t, p.expect("(1 row)", step), "again")
	p.send("\\q\r")
	assert.Equal(t, 0, p.wait(step))
}

func TestScriptSIGTERMWhileWaitingForInput(t *testing.T) {
	r := startScript(t)
	_, err := r.stdin.Write([]byte("SELECT 'first' AS s;\n"))
	require.NoError(t, err)
	r.skipTo("first")
	// Standard input stays open: the shell waits for the next statement.
	require.NoError(t, r.cmd.Process.Signal(syscall.SIGTERM))
	exited := make(chan error, 1)
	go func() { exited <- r.finish() }()
	select {
	case err = <-exited:
	case <-time.After(10 * time.Second):
		t.Fatal("the shell kept waiting for input after SIGTERM")
	}
	stderr := r.stderr
	var exit *exec.ExitError
	require.True(t, errors.As(err, &exit), "exit: %v", err)
	assert.Equal(t, 128+int(syscall.SIGTERM), exit.ExitCode())
	assert.Contains(t, stderr.String(), "kintone-sql: received SIGTERM (terminated), exiting")
	assert.NotContains(t, stderr.String(), "ERROR")
}
