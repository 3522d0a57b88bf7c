package export

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"

	"github.com/kintone-sql/kintone"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// Job describes one export.
type Job struct {
	// DB is a database of this module's driver.
	DB *sql.DB
	// Connector is DB's connector; with it a Table export reads the
	// table's kintone field types (lists for CHECK_BOX and the like).
	// Optional.
	Connector *kintone.Connector
	// Table exports a whole table in $id order (resumable); Query
	// exports the rows of a SELECT. Exactly one is set.
	Table string
	Query string
	// Out is the output file, or the directory of parts when
	// PartitionRows > 0.
	Out string
	// Format is the output format (default from Out's extension).
	Format Format
	// Options tune the writer.
	Options Options
	// PartitionRows, when > 0, writes parts of at most this many rows
	// (part-00000.parquet, …) and a manifest.json into the directory Out.
	PartitionRows int64
	// Resume continues an interrupted partitioned Table export after its
	// last complete part.
	Resume bool
	// Progress, if set, is called after each row with the number of rows
	// this run has written.
	Progress func(rows int64)

	written int64
}

// Result tells what an export wrote.
type Result struct {
	// Rows is the number of rows written by this run.
	Rows int64
	// Files are the files written by this run, in order.
	Files []string
	// Resumed is the number of rows of earlier runs kept by Resume.
	Resumed int64
}

// Run performs the export. Output appears atomically: a single file is
// renamed into place at the end, and each part of a partitioned export as
// it completes; a failed or cancelled run removes its temporary file.
func Run(ctx context.Context, job Job) (Result, error) {
	if err := job.check(); err != nil {
		return Result{}, err
	}
	if job.PartitionRows > 0 {
		return runPartitioned(ctx, job)
	}
	rows, cols, err := job.open(ctx, 0)
	if err != nil {
		return Result{}, err
	}
	defer rows.Close()
	out, err := createAtomic(job.Out)
	if err != nil {
		return Result{}, err
	}
	var n int64
	n, err = copyRows(ctx, out, job.Format, cols, job.Options, rows, 0, func([]any) { job.progress(1) })
	if err == nil {
		err = out.Commit()
	}
	if err != nil {
		out.Abort()
		return Result{}, err
	}
	return Result{Rows: n, Files: []string{job.Out}}, nil
}

// progress counts written rows and reports them.
func (job *Job) progress(n int64) {
	job.written += n
	if job.Progress != nil {
		job.Progress(job.written)
	}
}

// check validates the job and fills in the format.
func (job *Job) check() error {
	switch {
	case job.DB == nil:
		return errors.New("export: no database")
	case (job.Table == "") == (job.Query == ""):
		return errors.New("export: give a table or a query, not both")
	case job.Out == "":
		return errors.New("export: no output path")
	case job.Resume && (job.Table == "" || job.PartitionRows <= 0):
		return errors.New("export: resume needs a table export with partitions (--partition-rows)")
	case job.PartitionRows < 0:
		return errors.New("export: partition rows must be positive")
	}
	if job.Format == "" {
		f, err := FormatForPath(job.Out)
		if job.PartitionRows > 0 && err != nil {
			f, err = Parquet, nil
		}
		if err != nil {
			return err
		}
		job.Format = f
	}
	if _, err := ParseFormat(string(job.Format)); err != nil {
		return err
	}
	return nil
}

// open runs the job's query (a table export after afterID) and returns
// the rows and their export columns.
func (job *Job) open(ctx context.Context, afterID int64) (*sql.Rows, []Column, error) {
	var table *schema.Table
	query := job.Query
	if job.Table != "" {
		var err error
		if table, err = job.lookup(ctx); err != nil {
			return nil, nil, err
		}
		query = TableQuery(job.Table, afterID)
	}
	rows, err := job.DB.QueryContext(ctx, query)
	if err != nil {
		return nil, nil, fmt.Errorf("export: %w", err)
	}
	cols, err := ColumnsOf(rows, table)
	if err != nil {
		rows.Close()
		return nil, nil, err
	}
	return rows, cols, nil
}

// lookup resolves the job's table through the connector's catalog; nil
// without a connector.
func (job *Job) lookup(ctx context.Context) (*schema.Table, error) {
	if job.Connector == nil {
		return nil, nil
	}
	cat, err := job.Connector.Catalog(ctx)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	t, err := cat.Lookup(ctx, job.Table)
	if err != nil {
		return nil, fmt.Errorf("export: %w", err)
	}
	return t, nil
}

// TableQuery is the SELECT of a whole-table export: every column in $id
// order, starting after afterID (0 for all).
func TableQuery(table string, afterID int64) string {
	q := "SELECT * FROM " + engine.QuoteIdent(table)
	if afterID > 0 {
		q += fmt.Sprintf(" WHERE `$id` > %d", afterID)
	}
	return q + " ORDER BY `$id`"
}

// rowSource is what copyRows reads: *sql.Rows, or a wrapper converting
// its values.
type rowSource interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
}

// copyRows writes up to limit rows (all when limit <= 0) of rows to w;
// each row's values are passed to seen after it is written.
func copyRows(ctx context.Context, w io.Writer, f Format, cols []Column, opts Options, rows rowSource, limit int64, seen func([]any)) (int64, error) {
	rw, err := NewWriter(w, f, cols, opts)
	if err != nil {
		return 0, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	var n int64
	for (limit <= 0 || n < limit) && rows.Next() {
		if err := ctx.Err(); err != nil {
			return n, fmt.Errorf("export: %w", err)
		}
		if err := rows.Scan(ptrs...); err != nil {
			return n, fmt.Errorf("export: %w", err)
		}
		if err := rw.WriteRow(vals); err != nil {
			return n, err
		}
		n++
		if seen != nil {
			seen(vals)
		}
	}
	if err := rows.Err(); err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return n, fmt.Errorf("export: %w", err)
	}
	return n, rw.Close()
}

// Copy writes every row of rows to w in format f and returns how many
// there were; it is the streaming core of Run, for callers that manage
// their own output (the shell's \copy).
func Copy(ctx context.Context, w io.Writer, f Format, opts Options, rows *sql.Rows) (int64, error) {
	cols, err := ColumnsOf(rows, nil)
	if err != nil {
		return 0, err
	}
	return copyRows(ctx, w, f, cols, opts, rows, 0, nil)
}
