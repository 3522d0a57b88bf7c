package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/export"
)

// exportConfig is the parsed command line of the export subcommand.
type exportConfig struct {
	sourceFlags
	job           export.Job
	format        string
	encoding      string
	compression   string
	partitionRows int64
}

// parseExportFlags reads the export subcommand's flags; the DSN defaults
// to $KINTONE_DSN, then the demo tenant.
func parseExportFlags(args []string, stderr io.Writer, getenv func(string) string) (*exportConfig, error) {
	fs := newFlagSet("export", stderr,
		"Usage: kintone-sql export --out FILE|DIR [flags] (TABLE | --query \"SELECT …\")",
		"\nWrites a table (every column, in $id order) or a query's rows to CSV, TSV, JSON Lines or Parquet.",
		"The file appears only when complete; with --partition-rows, DIR gets part-00000.parquet, …",
		"and a manifest.json, and --resume continues an interrupted table export.")
	cfg := &exportConfig{}
	cfg.register(fs, "export")
	fs.StringVar(&cfg.job.Out, "out", "", "output `file`, or directory with --partition-rows")
	fs.StringVar(&cfg.job.Query, "query", "", "export the rows of this `SELECT` instead of a table")
	fs.StringVar(&cfg.format, "format", "", "csv, tsv, jsonl or parquet (default from the --out extension; parquet for a directory)")
	fs.StringVar(&cfg.encoding, "encoding", "utf-8", "CSV/TSV `encoding`: utf-8, utf-8-bom or shift_jis")
	fs.BoolVar(&cfg.job.Options.Replace, "replace", false, "write '?' for characters the encoding cannot hold (default: fail naming row and column)")
	fs.StringVar(&cfg.compression, "compression", "zstd", "Parquet `codec`: zstd, snappy or none")
	fs.Int64Var(&cfg.partitionRows, "partition-rows", 0, "write a directory of parts of at most `N` rows each")
	fs.BoolVar(&cfg.job.Resume, "resume", false, "continue an interrupted partitioned table export from its last complete part")
	if err := parseFlags(fs, args, stderr, func() error { return cfg.complete(fs.Args(), getenv) }); err != nil {
		return nil, err
	}
	return cfg, nil
}

// complete checks the flags and fills the job.
func (cfg *exportConfig) complete(args []string, getenv func(string) string) error {
	switch {
	case len(args) > 1:
		return fmt.Errorf("one table at a time (got %d arguments)", len(args))
	case len(args) == 1 && cfg.job.Query != "":
		return errors.New("give a table or --query, not both")
	case len(args) == 0 && cfg.job.Query == "":
		return errors.New("give a table to export, or --query")
	case cfg.job.Out == "":
		return errors.New("--out is required")
	case cfg.partitionRows < 0:
		return errors.New("--partition-rows must be positive")
	}
	if len(args) == 1 {
		cfg.job.Table = args[0]
	}
	cfg.job.PartitionRows = cfg.partitionRows
	if cfg.format != "" {
		f, err := export.ParseFormat(cfg.format)
		if err != nil {
			return err
		}
		cfg.job.Format = f
	}
	enc, err := export.ParseEncoding(cfg.encoding)
	if err != nil {
		return err
	}
	cfg.job.Options.Encoding = enc
	if cfg.job.Options.Compression, err = export.ParseCompression(cfg.compression); err != nil {
		return err
	}
	cfg.sourceFlags.complete(getenv)
	return nil
}

// runExport is the export subcommand.
func runExport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseExportFlags(args, stderr, os.Getenv)
	if err != nil {
		return err
	}
	return exportWith(ctx, cfg, stderr, isTerminal(stderr))
}

// exportWith connects and runs the export; a progress line is drawn on
// stderr when it is a terminal and not --quiet.
func exportWith(ctx context.Context, cfg *exportConfig, stderr io.Writer, stderrTTY bool) error {
	r, ctx, err := cfg.open(ctx, stderr)
	if err != nil {
		return err
	}
	defer r.conn.Close()
	job := cfg.job
	job.DB, job.Connector = r.conn.db, r.conn.connector
	p := r.progress(stderr, stderrTTY)
	res, err := export.Run(ctx, job)
	p.Stop()
	if err != nil {
		return err
	}
	fmt.Fprintf(r.notes, "Exported %s %s to %d %s in %s.\n", groupDigits(res.Rows), plural(res.Rows, "row", "rows"),
		len(res.Files), plural(int64(len(res.Files)), "file", "files"), r.work())
	if res.Resumed > 0 {
		fmt.Fprintf(r.notes, "Resumed after %s rows of the earlier run.\n", groupDigits(res.Resumed))
	}
	return nil
}

// exportProgressText is the export's progress line: records fetched of
// kintone's totalCount, the rate, and the time left, e.g.
// "fetched 1,500 of 20,000 records (7%), 3,000 records/s, ETA 0:05".
func exportProgressText(st *engine.Stats, elapsed time.Duration) string {
	records, expected := st.Records.Load(), st.Expected.Load()
	text := progressText(records, expected, st.Requests.Load())
	if elapsed <= 0 || records == 0 {
		return text
	}
	rate := float64(records) / elapsed.Seconds()
	text += fmt.Sprintf(", %s records/s", groupDigits(int64(rate)))
	if expected > records {
		left := time.Duration(float64(expected-records) / rate * float64(time.Second)).Round(time.Second)
		text += fmt.Sprintf(", ETA %d:%02d", int(left.Minutes()), int(left.Seconds())%60)
	}
	return text
}
