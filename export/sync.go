package export

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/kintone-sql/kintone"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// DefaultSyncMargin is how far before the saved watermark a sync looks for
// changed records. kintone keeps updated times to the minute, so records
// changed later in the watermark's minute carry the watermark itself; the
// extra minute covers clock differences between kintone's servers.
// Records fetched again unchanged (same $revision) are not counted.
const DefaultSyncMargin = 2 * time.Minute

// SyncJob describes a sync of kintone apps into a local SQLite database.
type SyncJob struct {
	// DB is a database of this module's driver and Connector its
	// connector (to read the apps' field types).
	DB        *sql.DB
	Connector *kintone.Connector
	// Apps are the app tables to copy, by any name the driver resolves.
	Apps []string
	// SQLite is the local database file; it holds one table per app,
	// named after the app, and the sync state (table _kintone_sync).
	SQLite string
	// Dir, instead of SQLite, is a directory receiving each app as Parquet
	// parts with a manifest (Dir/<app>/part-00000.parquet, …); the SQLite
	// copy that makes later runs incremental is kept as
	// Dir/.kintone-sync.sqlite.
	Dir string
	// Margin overrides DefaultSyncMargin when > 0.
	Margin time.Duration
	// Progress, if set, is called after each record fetched with the
	// app's name and the count so far.
	Progress func(app string, records int64)
}

// SyncReport tells what a sync changed in one app's copy.
type SyncReport struct {
	// App is the app table's name.
	App string
	// Full is true when the app was copied whole: the first run, or its
	// columns changed.
	Full bool
	// Added, Updated and Deleted count the records changed in the copy.
	Added, Updated, Deleted int64
	// Fetched is the number of records read from kintone.
	Fetched int64
}

// Sync brings the local copies of job.Apps up to date. Each app is synced
// in one SQLite transaction together with its state, so an interrupted or
// failed sync leaves the previous copy and state, and running it again is
// safe.
func Sync(ctx context.Context, job SyncJob) ([]SyncReport, error) {
	if job.DB == nil || job.Connector == nil {
		return nil, errors.New("export: sync needs the driver's database and connector")
	}
	if len(job.Apps) == 0 {
		return nil, errors.New("export: sync: name at least one app")
	}
	if job.Margin <= 0 {
		job.Margin = DefaultSyncMargin
	}
	if job.Dir != "" {
		if job.SQLite != "" {
			return nil, errors.New("export: sync: give a SQLite file or a directory, not both")
		}
		if err := os.MkdirAll(job.Dir, 0o755); err != nil {
			return nil, fmt.Errorf("export: sync: %w", err)
		}
		job.SQLite = filepath.Join(job.Dir, syncDBName)
	}
	local, err := openLocal(ctx, job.SQLite)
	if err != nil {
		return nil, err
	}
	defer local.Close()
	cat, err := job.Connector.Catalog(ctx)
	if err != nil {
		return nil, fmt.Errorf("export: sync: %w", err)
	}
	var reports []SyncReport
	for _, name := range job.Apps {
		table, err := cat.Lookup(ctx, name)
		if err != nil {
			return reports, fmt.Errorf("export: sync: %w", err)
		}
		if table.Kind != schema.AppTable {
			return reports, fmt.Errorf("export: sync: %s is not an app table", name)
		}
		rep, err := syncApp(ctx, job, local, table)
		if err != nil {
			if cerr := ctx.Err(); cerr != nil && !errors.Is(err, cerr) {
				// A cancelled context also closes the SQLite transaction's
				// statements; report the cancellation, not "statement is closed".
				err = fmt.Errorf("%w (%w)", cerr, err)
			}
			return reports, fmt.Errorf("export: sync %s: %w", table.Name, err)
		}
		reports = append(reports, rep)
	}
	return reports, nil
}

// syncPlan holds what one app's sync needs to know about its columns.
type syncPlan struct {
	table   *schema.Table
	updated string // the UPDATED_TIME column
	cols    []Column
	id, rev int // indexes of $id and $revision in cols
	// progress is the job's Progress.
	progress func(app string, records int64)
}

// syncApp syncs one app inside one local transaction.
func syncApp(ctx context.Context, job SyncJob, local *localStore, table *schema.Table) (SyncReport, error) {
	rep := SyncReport{App: table.Name}
	p := &syncPlan{table: table, id: -1, rev: -1, progress: job.Progress}
	for _, c := range table.Columns {
		if c.FieldType == schema.FieldUpdatedTime {
			p.updated = c.Name
		}
	}
	if p.updated == "" {
		return rep, errors.New("the app has no updated-time (UPDATED_TIME) field")
	}
	// The watermark is read before anything else: every change made after
	// this point carries an updated time at or after it.
	mark, err := latestUpdate(ctx, job.DB, table.Name, p.updated)
	if err != nil {
		return rep, err
	}
	tx, err := local.db.BeginTx(ctx, nil)
	if err != nil {
		return rep, err
	}
	defer tx.Rollback()
	state, err := local.state(ctx, tx, table.Name)
	if err != nil {
		return rep, err
	}
	query, args := TableQuery(table.Name, 0), []any(nil)
	rep.Full = state == nil || state.appID != table.App
	var maxID int64 // the app's largest $id before the fetch, for deleteMissing
	if !rep.Full {
		if maxID, err = maxRemoteID(ctx, job.DB, table.Name); err != nil {
			return rep, err
		}
	}
	if !rep.Full && !state.watermark.IsZero() {
		query = fmt.Sprintf("SELECT * FROM %s WHERE %s >= ? ORDER BY `$id`",
			engine.QuoteIdent(table.Name), engine.QuoteIdent(p.updated))
		args = []any{state.watermark.Add(-job.Margin)}
	}
	rows, err := job.DB.QueryContext(ctx, query, args...)
	if err != nil {
		return rep, err
	}
	defer rows.Close()
	if p.cols, err = ColumnsOf(rows, table); err != nil {
		return rep, err
	}
	if p.id, p.rev = columnIndex(p.cols, schema.FieldID), columnIndex(p.cols, schema.FieldRevision); p.id < 0 || p.rev < 0 {
		return rep, errors.New("the app table has no $id or $revision column")
	}
	sig := columnSignature(p.cols)
	if !rep.Full && state.columns != sig {
		rep.Full = true // the app's fields changed: copy it again
		rows.Close()
		if rows, err = job.DB.QueryContext(ctx, TableQuery(table.Name, 0)); err != nil {
			return rep, err
		}
		defer rows.Close()
	}
	if rep.Full {
		if err := local.create(ctx, tx, table.Name, p.cols); err != nil {
			return rep, err
		}
	}
	if err := local.upsertAll(ctx, tx, table.Name, p, rows, &rep); err != nil {
		return rep, err
	}
	if !rep.Full {
		if rep.Deleted, err = deleteMissing(ctx, job.DB, tx, local, table.Name, maxID); err != nil {
			return rep, err
		}
	}
	if job.Dir != "" && (rep.Full || rep.Added+rep.Updated+rep.Deleted > 0 || !snapshotComplete(job.Dir, table.Name)) {
		if err := writeSnapshot(ctx, tx, job.Dir, table.Name, p.cols); err != nil {
			return rep, err
		}
	}
	if mark.IsZero() && state != nil {
		mark = state.watermark
	}
	if err := local.saveState(ctx, tx, syncState{app: table.Name, appID: table.App, columns: sig, watermark: mark}); err != nil {
		return rep, err
	}
	return rep, tx.Commit()
}

// columnIndex is the index of the column of a kintone field type, -1 if none.
func columnIndex(cols []Column, fieldType string) int {
	for i, c := range cols {
		if c.FieldType == fieldType {
			return i
		}
	}
	return -1
}

// latestUpdate returns the newest updated time of the app, zero when it
// has no records; kintone answers it from one sorted request.
func latestUpdate(ctx context.Context, db *sql.DB, table, updated string) (time.Time, error) {
	q := fmt.Sprintf("SELECT %[2]s FROM %[1]s ORDER BY %[2]s DESC LIMIT 1", engine.QuoteIdent(table), engine.QuoteIdent(updated))
	var t time.Time
	err := db.QueryRowContext(ctx, q).Scan(&t)
	if errors.Is(err, sql.ErrNoRows) {
		return time.Time{}, nil
	}
	if err != nil {
		return time.Time{}, fmt.Errorf("reading the latest update: %w", err)
	}
	return t.UTC(), nil
}
