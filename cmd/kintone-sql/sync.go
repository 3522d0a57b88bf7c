package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/kintone-sql/kintone/export"
)

// syncConfig is the parsed command line of the sync subcommand.
type syncConfig struct {
	sourceFlags
	job export.SyncJob
}

// parseSyncFlags reads the sync subcommand's flags; the DSN defaults to
// $KINTONE_DSN, then the demo tenant.
func parseSyncFlags(args []string, stderr io.Writer, getenv func(string) string) (*syncConfig, error) {
	fs := newFlagSet("sync", stderr,
		"Usage: kintone-sql sync --to sqlite:FILE|DIR [flags] APP...",
		"\nKeeps a local copy of kintone apps current: the first run copies every record, later runs",
		"fetch only records updated since the last one and remove deleted ones. sqlite:FILE holds one",
		"table per app; DIR gets DIR/APP/part-00000.parquet, … (and its state in DIR/.kintone-sync.sqlite).",
		"Safe to interrupt and run again.")
	cfg := &syncConfig{}
	var to string
	cfg.register(fs, "sync")
	fs.StringVar(&to, "to", "", "`target`: sqlite:FILE, or a directory for Parquet copies")
	fs.DurationVar(&cfg.job.Margin, "margin", export.DefaultSyncMargin, "re-read records updated this `long` before the last sync's newest update")
	err := parseFlags(fs, args, stderr, func() error {
		switch {
		case to == "":
			return errors.New("--to is required (sqlite:FILE or DIR)")
		case fs.NArg() == 0:
			return errors.New("name at least one app to sync")
		case cfg.job.Margin <= 0:
			return errors.New("--margin must be positive")
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if file, ok := strings.CutPrefix(to, "sqlite:"); ok {
		cfg.job.SQLite = file
	} else {
		cfg.job.Dir = to
	}
	cfg.job.Apps = fs.Args()
	cfg.sourceFlags.complete(getenv)
	return cfg, nil
}

// runSync is the sync subcommand.
func runSync(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseSyncFlags(args, stderr, os.Getenv)
	if err != nil {
		return err
	}
	return syncWith(ctx, cfg, stdout, stderr, isTerminal(stderr))
}

// syncWith connects, syncs and prints one report line per app on stdout.
func syncWith(ctx context.Context, cfg *syncConfig, stdout, stderr io.Writer, stderrTTY bool) error {
	r, ctx, err := cfg.open(ctx, stderr)
	if err != nil {
		return err
	}
	defer r.conn.Close()
	if cfg.quiet {
		stdout = io.Discard
	}
	job := cfg.job
	job.DB, job.Connector = r.conn.db, r.conn.connector
	p := r.progress(stderr, stderrTTY)
	reports, err := export.Sync(ctx, job)
	p.Stop()
	for _, rep := range reports {
		fmt.Fprintln(stdout, syncReportText(rep))
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(r.notes, "Synced %d %s in %s.\n", len(reports), plural(int64(len(reports)), "app", "apps"), r.work())
	return nil
}

// syncReportText is one app's report line.
func syncReportText(r export.SyncReport) string {
	if r.Full {
		return fmt.Sprintf("%s: copied %s %s (full copy)", r.App, groupDigits(r.Added), plural(r.Added, "record", "records"))
	}
	return fmt.Sprintf("%s: %s added, %s updated, %s deleted", r.App, groupDigits(r.Added), groupDigits(r.Updated), groupDigits(r.Deleted))
}
