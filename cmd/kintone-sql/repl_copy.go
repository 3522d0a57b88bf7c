package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/kintone-sql/kintone"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/export"
)

// copyUsage is the syntax of \copy.
const copyUsage = `(SELECT …)|TABLE TO 'FILE' [WITH] [(FORMAT csv|tsv|jsonl|parquet, ENCODING 'shift_jis')]`

// copyCommand is a parsed \copy line.
type copyCommand struct {
	query, table, file string
	format, encoding   string
}

// parseCopy reads the text after \copy, psql style: a parenthesised query
// or a table name, TO, a file name, and options.
func parseCopy(rest string) (copyCommand, error) {
	var c copyCommand
	rest = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), ";"))
	if strings.HasPrefix(rest, "(") {
		end, err := closingParen(rest)
		if err != nil {
			return c, err
		}
		c.query, rest = strings.TrimSpace(rest[1:end]), rest[end+1:]
		if c.query == "" {
			return c, errors.New("empty query in ( )")
		}
	}
	args, err := splitArgs(strings.NewReplacer("(", " ", ")", " ", ",", " ").Replace(rest))
	if err != nil {
		return c, err
	}
	if c.query == "" {
		if len(args) == 0 {
			return c, errors.New("want a query in ( ) or a table name")
		}
		c.table, args = args[0], args[1:]
	}
	if len(args) < 2 || !strings.EqualFold(args[0], "TO") {
		if len(args) > 0 && strings.EqualFold(args[0], "FROM") {
			return c, errors.New("only TO is supported: \\copy exports rows to a file")
		}
		return c, errors.New("want TO 'FILE'")
	}
	c.file, args = args[1], args[2:]
	if strings.EqualFold(c.file, "STDOUT") {
		return c, errors.New("TO STDOUT is not supported; run the query with \\format csv instead")
	}
	if len(args) > 0 && strings.EqualFold(args[0], "WITH") {
		args = args[1:]
	}
	for len(args) > 0 {
		if len(args) < 2 {
			return c, fmt.Errorf("option %s wants a value", args[0])
		}
		switch strings.ToUpper(args[0]) {
		case "FORMAT":
			c.format = args[1]
		case "ENCODING":
			c.encoding = args[1]
		default:
			return c, fmt.Errorf("unknown option %s (want FORMAT or ENCODING)", args[0])
		}
		args = args[2:]
	}
	return c, nil
}

// closingParen returns the index of the parenthesis closing s[0], skipping
// quoted text.
func closingParen(s string) (int, error) {
	depth := 0
	var quote byte
	for i := 0; i < len(s); i++ {
		ch := s[i]
		switch {
		case quote != 0:
			if ch == quote {
				quote = 0
			}
		case ch == '\'' || ch == '"' || ch == '`':
			quote = ch
		case ch == '(':
			depth++
		case ch == ')':
			depth--
			if depth == 0 {
				return i, nil
			}
		}
	}
	return 0, errors.New("unbalanced ( ) around the query")
}

// cmdCopy writes a query's rows, or a table, to a file with the export
// writers; Ctrl-C cancels it and leaves no file.
func cmdCopy(ctx context.Context, s *session, cl commandLine) error {
	c, err := parseCopy(cl.Rest)
	if err != nil {
		return fmt.Errorf("%s: %w (usage: %s %s)", cl.Name, err, cl.Name, copyUsage)
	}
	job := export.Job{DB: s.db, Query: c.query, Table: c.table, Out: c.file}
	if cm, ok := s.meta.(catalogMetadata); ok {
		job.Connector = cm.conn
	}
	if c.format != "" {
		if job.Format, err = export.ParseFormat(c.format); err != nil {
			return err
		}
	}
	if job.Options.Encoding, err = export.ParseEncoding(c.encoding); err != nil {
		return err
	}
	ctx, done := s.gate.begin(ctx)
	defer done()
	var st engine.Stats
	st.Expected.Store(-1)
	ctx = kintone.WithStats(ctx, &st)
	start := time.Now()
	var p *progressLine
	if s.progress {
		p = startProgressText(s.stderr, &st, func() string { return exportProgressText(&st, time.Since(start)) },
			progressDelay, progressInterval)
	}
	res, err := export.Run(ctx, job)
	p.Stop()
	if err != nil {
		if s.gate.Interrupted() {
			return errCancelled
		}
		return err
	}
	s.notice("COPY %d", res.Rows)
	return nil
}
