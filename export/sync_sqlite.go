package export

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
	_ "modernc.org/sqlite" // the local copy's database
)

// stateTable is the SQLite table holding each app's sync state.
const stateTable = "_kintone_sync"

// localStore is the local SQLite copy.
type localStore struct{ db *sql.DB }

// openLocal opens (creating if needed) the SQLite file and its state table.
func openLocal(ctx context.Context, path string) (*localStore, error) {
	if path == "" {
		return nil, errors.New("export: sync: no SQLite file")
	}
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return nil, fmt.Errorf("export: sync: opening %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	_, err = db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS `+stateTable+` (
		app TEXT PRIMARY KEY, app_id INTEGER NOT NULL, columns TEXT NOT NULL,
		watermark TEXT NOT NULL, synced_at TEXT NOT NULL)`)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("export: sync: preparing %s: %w", path, err)
	}
	return &localStore{db: db}, nil
}

// Close closes the database.
func (l *localStore) Close() error { return l.db.Close() }

// syncState is one app's saved state.
type syncState struct {
	app       string
	appID     int64
	columns   string
	watermark time.Time
}

// state reads an app's state; nil when the app was never synced.
func (l *localStore) state(ctx context.Context, tx *sql.Tx, app string) (*syncState, error) {
	s := &syncState{app: app}
	var mark string
	err := tx.QueryRowContext(ctx, `SELECT app_id, columns, watermark FROM `+stateTable+` WHERE app = ?`, app).
		Scan(&s.appID, &s.columns, &mark)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the sync state: %w", err)
	}
	if mark != "" {
		if s.watermark, err = time.Parse(time.RFC3339, mark); err != nil {
			return nil, fmt.Errorf("reading the sync state: watermark %q: %w", mark, err)
		}
	}
	return s, nil
}

// saveState writes an app's state.
func (l *localStore) saveState(ctx context.Context, tx *sql.Tx, s syncState) error {
	mark := ""
	if !s.watermark.IsZero() {
		mark = s.watermark.UTC().Format(time.RFC3339)
	}
	_, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO `+stateTable+` (app, app_id, columns, watermark, synced_at)
		VALUES (?, ?, ?, ?, ?)`, s.app, s.appID, s.columns, mark, time.Now().UTC().Format(time.RFC3339))
	if err != nil {
		return fmt.Errorf("saving the sync state: %w", err)
	}
	return nil
}

// quoteLocal quotes an SQLite identifier.
func quoteLocal(name string) string { return `"` + strings.ReplaceAll(name, `"`, `""`) + `"` }

// localType is the SQLite column type of a kind. DECIMAL is NUMERIC, so
// that SQLite compares and sorts it as a number (see localDecimal for how
// no digit is lost); temporal kinds are ISO 8601 text, lists and JSON
// their JSON text.
func localType(k Kind) string {
	switch k {
	case KindInt64, KindBool:
		return "INTEGER"
	case KindDouble:
		return "REAL"
	case KindDecimal:
		return "NUMERIC"
	}
	return "TEXT"
}

// localDecimal is the SQLite value of a DECIMAL's text: an INTEGER when it
// is a whole number within int64, a REAL when the double's shortest form
// is the same number (up to 15 significant digits always is), else the
// exact digits as a BLOB, which NUMERIC affinity stores unconverted (text
// would be rounded to a REAL). Copies made when DECIMAL was TEXT keep
// their TEXT column, which turns these back into the same text.
func localDecimal(s string) any {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return s
	}
	f, _ := d.Float64()
	if back, err := decimal.NewFromString(strconv.FormatFloat(f, 'g', -1, 64)); err == nil && back.Equal(d) {
		return f
	}
	return []byte(s)
}

// columnSignature identifies a column set, to notice changed fields.
func columnSignature(cols []Column) string {
	var b strings.Builder
	for _, c := range cols {
		fmt.Fprintf(&b, "%q %s;", c.Name, c.Kind)
	}
	return b.String()
}

// create (re)creates an app's table, empty.
func (l *localStore) create(ctx context.Context, tx *sql.Tx, table string, cols []Column) error {
	defs := make([]string, len(cols))
	for i, name := range uniqueNames(cols) {
		c := cols[i]
		defs[i] = quoteLocal(name) + " " + localType(c.Kind)
		if c.Name == "$id" && c.Kind == KindInt64 {
			defs[i] += " PRIMARY KEY"
		}
	}
	if _, err := tx.ExecContext(ctx, "DROP TABLE IF EXISTS "+quoteLocal(table)); err != nil {
		return err
	}
	_, err := tx.ExecContext(ctx, "CREATE TABLE "+quoteLocal(table)+" ("+strings.Join(defs, ", ")+")")
	return err
}

// upsertAll writes every fetched record, counting records added and
// updated (a record whose $revision is unchanged counts as neither).
func (l *localStore) upsertAll(ctx context.Context, tx *sql.Tx, table string, p *syncPlan, rows *sql.Rows, rep *SyncReport) error {
	names := make([]string, len(p.cols))
	marks := make([]string, len(p.cols))
	for i, name := range uniqueNames(p.cols) {
		names[i], marks[i] = quoteLocal(name), "?"
	}
	ins, err := tx.PrepareContext(ctx, "INSERT OR REPLACE INTO "+quoteLocal(table)+" ("+strings.Join(names, ", ")+
		") VALUES ("+strings.Join(marks, ", ")+")")
	if err != nil {
		return err
	}
	defer ins.Close()
	get, err := tx.PrepareContext(ctx, "SELECT "+names[p.rev]+" FROM "+quoteLocal(table)+" WHERE "+names[p.id]+" = ?")
	if err != nil {
		return err
	}
	defer get.Close()
	vals := make([]any, len(p.cols))
	ptrs := make([]any, len(p.cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		rep.Fetched++
		if p.progress != nil {
			p.progress(rep.App, rep.Fetched)
		}
		if !rep.Full {
			var rev int64
			err := get.QueryRowContext(ctx, vals[p.id]).Scan(&rev)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				rep.Added++
			case err != nil:
				return err
			case rev == vals[p.rev]:
				continue
			default:
				rep.Updated++
			}
		} else {
			rep.Added++
		}
		args, err := localValues(p.cols, vals)
		if err != nil {
			return fmt.Errorf("record %v: %w", vals[p.id], err)
		}
		if _, err := ins.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	return rows.Err()
}

// localValues converts a driver row into SQLite values.
func localValues(cols []Column, vals []any) ([]any, error) {
	out := make([]any, len(vals))
	for i, v := range vals {
		switch x := v.(type) {
		case nil, int64, float64:
			out[i] = x
		case bool:
			out[i] = int64(0)
			if x {
				out[i] = int64(1)
			}
		default:
			s, _, err := textValue(cols[i], v)
			if err != nil {
				return nil, fmt.Errorf("column %q: %w", cols[i].Name, err)
			}
			out[i] = s
			if cols[i].Kind == KindDecimal {
				out[i] = localDecimal(s)
			}
		}
	}
	return out, nil
}

// ids returns the local $ids in order.
func (l *localStore) ids(ctx context.Context, tx *sql.Tx, table string) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT "$id" FROM `+quoteLocal(table)+` ORDER BY "$id"`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// delete removes records by $id.
func (l *localStore) delete(ctx context.Context, tx *sql.Tx, table string, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	del, err := tx.PrepareContext(ctx, `DELETE FROM `+quoteLocal(table)+` WHERE "$id" = ?`)
	if err != nil {
		return err
	}
	defer del.Close()
	for _, id := range ids {
		if _, err := del.ExecContext(ctx, id); err != nil {
			return err
		}
	}
	return nil
}
