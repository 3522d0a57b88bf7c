package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/kintone-sql/kintone"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/translate/sqltext"
)

// session is the state of one shell: the database, the output settings the
// backslash commands change, and where output goes.
type session struct {
	db   *sql.DB
	meta metadataSource
	// info describes the connection for \conninfo.
	info string

	stdin          io.Reader
	stdout, stderr io.Writer
	// out is where results go: stdout, or the file of \o.
	out     io.Writer
	outFile *os.File

	format   string
	expanded bool
	timing   bool

	// progress draws a progress line on stderr during long statements; set
	// when stderr is a terminal.
	progress bool
	// stdoutTTY is true when stdout is a terminal.
	stdoutTTY bool
	// pager is \pset pager; pagerCmd the pager command ("" for none);
	// termSize the size of the terminal on stdout (nil when unknown).
	pager    bool
	pagerCmd string
	termSize terminalSizer

	gate interruptGate
	// completion caches metadata for tab completion; nil when not
	// interactive.
	completion *completionCache
	// safeUpdates asks before whole-table writes when interactive;
	// confirm asks a yes/no question (nil: never ask).
	safeUpdates bool
	confirm     func(question string) bool
}

// queryKeywords are the leading keywords of statements that return rows;
// anything else runs with Exec.
var queryKeywords = map[string]bool{
	"SELECT": true, "WITH": true, "SHOW": true, "DESCRIBE": true, "DESC": true,
	"EXPLAIN": true, "VALUES": true, "TABLE": true,
}

// statementKeyword returns the first word of a statement in upper case,
// after comments and opening parentheses, and after a WITH clause the
// word of the statement it precedes (the driver's own reading).
func statementKeyword(text string) string { return sqltext.StatementKeyword(text) }

// execSQL runs one statement and prints its result. Ctrl-C cancels it
// (errCancelled); the session goes on.
func (s *session) execSQL(ctx context.Context, text string) (err error) {
	ctx, done := s.gate.begin(ctx)
	defer done()
	defer func() {
		if v := recover(); v != nil {
			err = panicError(v)
		}
		if se, ok := signalCause(ctx); ok && err != nil {
			err = fmt.Errorf("cancelled: %w", se)
		} else if err != nil && s.gate.Interrupted() {
			err = errCancelled
		}
	}()
	var st engine.Stats
	st.Expected.Store(-1)
	ctx = kintone.WithStats(ctx, &st)
	start := time.Now()
	kw := statementKeyword(text)
	if queryKeywords[kw] {
		err = s.query(ctx, text, &st)
	} else {
		err = s.exec(ctx, text, kw)
	}
	if err != nil {
		return err
	}
	if s.timing {
		s.notice("Time: %.3f ms (%s)", float64(time.Since(start).Microseconds())/1000,
			workText(st.Records.Load(), st.Requests.Load()))
	}
	return nil
}

// query runs a statement that returns rows and prints them in the current
// format.
func (s *session) query(ctx context.Context, text string, st *engine.Stats) error {
	return s.paged(ctx, func(out io.Writer) error {
		w := s.newWriterOn(out)
		var p *progressLine
		if s.progress && (!w.Streams() || !s.outIsTerminal()) {
			p = startProgress(s.stderr, st, progressDelay, progressInterval)
		}
		defer p.Stop()
		rows, err := s.db.QueryContext(ctx, text)
		if err != nil {
			return err
		}
		defer rows.Close()
		n, err := writeRows(rows, w, p.Stop)
		p.Stop()
		if err != nil {
			return err
		}
		return w.Close(n)
	})
}

// writeRows copies rows to w and returns how many there were. beforeFirst
// runs before the first row is written (it stops the progress line of a
// streaming format). On an error the rows already written stay written.
func writeRows(rows *sql.Rows, w resultWriter, beforeFirst func()) (int, error) {
	types, err := rows.ColumnTypes()
	if err != nil {
		return 0, err
	}
	cols := make([]resultColumn, len(types))
	for i, t := range types {
		cols[i] = resultColumn{Name: t.Name(), Type: t.DatabaseTypeName()}
	}
	if err := w.WriteHeader(cols); err != nil {
		return 0, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		if n == 0 && w.Streams() {
			beforeFirst()
		}
		if err := w.WriteRow(vals); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}

// exec runs a statement that returns no rows and prints its command tag
// and row count, e.g. "UPDATE 3".
func (s *session) exec(ctx context.Context, text, keyword string) error {
	if !s.confirmWholeTable(ctx, text) {
		s.notice("%s not run", keyword)
		return nil
	}
	res, err := s.db.ExecContext(ctx, text)
	if err != nil {
		return err
	}
	if keyword == "" {
		keyword = "OK"
	}
	if n, err := res.RowsAffected(); err == nil {
		s.notice("%s %d", keyword, n)
	} else {
		s.notice("%s", keyword)
	}
	return nil
}

// printTable prints an in-memory result (\dt, \d) in the current format,
// with an optional title above aligned output.
func (s *session) printTable(ctx context.Context, title string, cols []resultColumn, rows [][]any) error {
	return s.paged(ctx, func(out io.Writer) error {
		w := s.newWriterOn(out)
		if title != "" && s.format == formatTable {
			fmt.Fprintln(out, title)
		}
		if err := w.WriteHeader(cols); err != nil {
			return err
		}
		for _, r := range rows {
			if err := w.WriteRow(r); err != nil {
				return err
			}
		}
		return w.Close(len(rows))
	})
}

// newWriterOn returns a writer for the current format on out.
func (s *session) newWriterOn(out io.Writer) resultWriter {
	return newResultWriter(s.format, out, writerOptions{Expanded: s.expanded, Footer: true})
}

// outIsTerminal reports whether results go to a terminal.
func (s *session) outIsTerminal() bool { return s.outFile == nil && s.stdoutTTY }

// notice prints a status message (command tags, timing, settings): with
// results in the table format, or on stderr when the results are data for
// another program (csv, json, ...), which it must not corrupt.
func (s *session) notice(format string, args ...any) {
	w := s.out
	if s.format != formatTable {
		w = s.stderr
	}
	fmt.Fprintf(w, format+"\n", args...)
}

// setOutput sends results to a file (\o FILE), or back to stdout when name
// is empty.
func (s *session) setOutput(name string) error {
	var f *os.File
	if name != "" {
		var err error
		if f, err = os.Create(name); err != nil {
			return err
		}
	}
	if err := s.closeOutput(); err != nil {
		if f != nil {
			f.Close()
		}
		return err
	}
	if f != nil {
		s.out, s.outFile = f, f
	}
	return nil
}

// closeOutput closes the \o file, if any, and restores stdout.
func (s *session) closeOutput() error {
	s.out = s.stdout
	if s.outFile == nil {
		return nil
	}
	err := s.outFile.Close()
	s.outFile = nil
	if err != nil {
		return fmt.Errorf("closing the output file: %w", err)
	}
	return nil
}

// runItem runs one statement or command. A failure is printed as one line
// (with where, the script location, when given) and returned; errQuit is
// returned unprinted.
func (s *session) runItem(ctx context.Context, it inputItem, where string) error {
	var err error
	if it.Command {
		err = s.execCommand(ctx, it.Text)
	} else {
		err = s.execSQL(ctx, it.Text)
	}
	if err == nil || errors.Is(err, errQuit) || errors.Is(err, errReported) {
		return err
	}
	fmt.Fprintln(s.stderr, errorLine(err, where))
	if !it.Command {
		if c := caretLines(it.Text, err); c != "" {
			fmt.Fprintln(s.stderr, c)
		}
	}
	return err
}
