package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// pagerCommand returns the pager to use, as psql chooses it: $PAGER when
// set (empty turns paging off), else less, else more, else none.
func pagerCommand(lookupEnv func(string) (string, bool), lookPath func(string) (string, error)) string {
	if p, ok := lookupEnv("PAGER"); ok {
		return strings.TrimSpace(p)
	}
	for _, p := range []string{"less", "more"} {
		if _, err := lookPath(p); err == nil {
			return p
		}
	}
	return ""
}

// terminalSizer returns the size of the terminal results go to; ok is false
// when it cannot be known.
type terminalSizer func() (cols, rows int, ok bool)

// usesPager reports whether output may go through the pager: it is on, there
// is one, and aligned results go to a terminal whose size is known.
func (s *session) usesPager() bool {
	if !s.pager || s.pagerCmd == "" || !s.outIsTerminal() || s.format != formatTable || s.termSize == nil {
		return false
	}
	_, _, ok := s.termSize()
	return ok
}

// paged runs write, which prints a result, and shows what it printed in the
// pager when it is taller or wider than the terminal (see usesPager). What
// write printed before an error is shown too. SIGTERM and SIGHUP (the
// cause of ctx) stop the pager; Ctrl-C is the pager's own business.
func (s *session) paged(ctx context.Context, write func(out io.Writer) error) error {
	if !s.usesPager() {
		return write(s.out)
	}
	var buf bytes.Buffer
	err := write(&buf)
	cols, rows, _ := s.termSize()
	if fitsTerminal(buf.Bytes(), cols, rows) {
		_, werr := s.out.Write(buf.Bytes())
		return errors.Join(err, werr)
	}
	if perr := s.runPager(ctx, &buf); perr != nil {
		_, _ = s.out.Write(buf.Bytes())
		return errors.Join(err, perr)
	}
	return err
}

// fitsTerminal reports whether text fits in cols × rows cells, leaving a
// line for the prompt.
func fitsTerminal(text []byte, cols, rows int) bool {
	lines := 0
	sc := bufio.NewScanner(bytes.NewReader(text))
	sc.Buffer(nil, len(text)+1)
	for sc.Scan() {
		lines++
		if lines >= rows || displayWidth(sc.Text()) > cols {
			return false
		}
	}
	return true
}

// runPager shows text in the pager, a shell command line run with the
// terminal as its output. less gets LESS=FRX unless LESS is set: quit when
// the text fits, keep it on the screen afterwards.
func (s *session) runPager(ctx context.Context, text io.Reader) error {
	pctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	defer stop()
	defer context.AfterFunc(ctx, func() {
		if _, ok := signalCause(ctx); ok {
			stop()
		}
	})()
	cmd := exec.CommandContext(pctx, "/bin/sh", "-c", s.pagerCmd)
	// SIGTERM lets less restore the terminal; a pager that ignores it is
	// killed a little later.
	cmd.Cancel = func() error { return cmd.Process.Signal(syscall.SIGTERM) }
	cmd.WaitDelay = 2 * time.Second
	cmd.Stdin, cmd.Stdout, cmd.Stderr = text, s.stdout, s.stderr
	cmd.Env = os.Environ()
	if _, ok := os.LookupEnv("LESS"); !ok {
		cmd.Env = append(cmd.Env, "LESS=FRX")
	}
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("pager %q: %w (\\pset pager off turns it off)", s.pagerCmd, err)
	}
	return nil
}

// cmdPager is \pset pager [on|off].
func cmdPager(s *session, cl commandLine) error {
	v, err := toggle(commandLine{Name: `\pset pager`, Args: cl.Args[1:]}, s.pager)
	if err != nil {
		return err
	}
	s.pager = v
	if v {
		s.notice("Pager is used for long output.")
	} else {
		s.notice("Pager usage is off.")
	}
	return nil
}
