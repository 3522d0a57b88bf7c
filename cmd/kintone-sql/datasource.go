package main

import (
	"context"
	"flag"
	"io"
	"time"

	"github.com/kintone-sql/kintone"
	"github.com/kintone-sql/kintone/engine"
)

// sourceFlags are the connection and output flags export and sync share.
type sourceFlags struct {
	dsn   string
	demo  bool
	quiet bool
}

// register adds the flags to fs; verb says what the command does with the
// data ("export", "sync").
func (s *sourceFlags) register(fs *flag.FlagSet, verb string) {
	fs.StringVar(&s.dsn, "dsn", "", "connection `string` as in the shell (default $KINTONE_DSN, else the built-in demo tenant)")
	fs.BoolVar(&s.demo, "demo", false, verb+" from the built-in demo tenant even when KINTONE_DSN is set")
	fs.BoolVar(&s.quiet, "quiet", false, "no progress line and no summary")
}

// complete applies the $KINTONE_DSN default (after parsing, so that -h
// never prints a connection string taken from the environment).
func (s *sourceFlags) complete(getenv func(string) string) {
	if s.dsn == "" {
		s.dsn = getenv("KINTONE_DSN")
	}
}

// dataRun is an open connection and the work counters of one command.
type dataRun struct {
	conn *connection
	// notes receives status lines: stderr, or nothing with --quiet.
	notes io.Writer
	stats engine.Stats
	start time.Time
}

// open connects (to the demo tenant without a DSN) and returns the run and
// a context that counts kintone requests and records into its stats.
func (s *sourceFlags) open(ctx context.Context, stderr io.Writer) (*dataRun, context.Context, error) {
	r := &dataRun{notes: stderr, start: time.Now()}
	if s.quiet {
		r.notes = io.Discard
	}
	conn, err := openConnection(ctx, &shellConfig{dsn: s.dsn, demo: s.demo}, r.notes, false)
	if err != nil {
		return nil, nil, err
	}
	r.conn = conn
	r.stats.Expected.Store(-1)
	return r, kintone.WithStats(ctx, &r.stats), nil
}

// progress draws the export progress line (records of kintone's total,
// rate, time left) on stderr while the run lasts, when stderr is a
// terminal and not --quiet; Stop the result (nil-safe) when done.
func (r *dataRun) progress(stderr io.Writer, stderrTTY bool) *progressLine {
	if !stderrTTY || r.notes == io.Discard {
		return nil
	}
	return startProgressText(stderr, &r.stats, func() string { return exportProgressText(&r.stats, time.Since(r.start)) },
		progressDelay, progressInterval)
}

// work sums up the kintone work so far for a summary line.
func (r *dataRun) work() string {
	return time.Since(r.start).Round(time.Millisecond).String() + " (" + workText(r.stats.Records.Load(), r.stats.Requests.Load()) + ")"
}
