package export

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"
)

// syncDBName is the SQLite copy kept inside a Dir sync target.
const syncDBName = ".kintone-sync.sqlite"

// snapshotPartRows is the size of the Parquet parts of a Dir sync target.
const snapshotPartRows = 1_000_000

// snapshotDir is the directory of an app's Parquet parts under dir.
func snapshotDir(dir, app string) string {
	return filepath.Join(dir, strings.NewReplacer("/", "_", `\`, "_").Replace(app))
}

// writeSnapshot writes the app's rows as the transaction sees them to
// dir/<app>/ (parts and manifest), replacing the previous directory by
// renames, so readers see the old or the new copy. It runs before the
// transaction commits: if it is interrupted the state stays old, and the
// next run writes the snapshot again.
func writeSnapshot(ctx context.Context, tx *sql.Tx, dir, app string, cols []Column) error {
	final := snapshotDir(dir, app)
	tmp, err := mkdirTemp(dir, "."+filepath.Base(final)+".tmp-")
	if err != nil {
		return fmt.Errorf("writing the Parquet copy: %w", err)
	}
	defer os.RemoveAll(tmp) // a no-op once renamed
	rows, err := tx.QueryContext(ctx, `SELECT * FROM `+quoteLocal(app)+` ORDER BY "$id"`)
	if err != nil {
		return err
	}
	defer rows.Close()
	job := &Job{Table: app, Out: tmp, Format: Parquet, PartitionRows: snapshotPartRows}
	m := &Manifest{Format: Parquet, Table: app, PartitionRows: snapshotPartRows}
	if err := m.setColumns(cols); err != nil {
		return err
	}
	if _, err := writeParts(ctx, job, m, &localRows{Rows: rows, cols: cols}, cols, Result{}); err != nil {
		return err
	}
	old := ""
	if _, err := os.Stat(final); err == nil {
		old = tmp + ".old"
		if err := os.Rename(final, old); err != nil {
			return fmt.Errorf("writing the Parquet copy: %w", err)
		}
	}
	if err := os.Rename(tmp, final); err != nil {
		if old != "" {
			os.Rename(old, final)
		}
		return fmt.Errorf("writing the Parquet copy: %w", err)
	}
	if old != "" {
		os.RemoveAll(old)
	}
	return nil
}

// snapshotComplete reports whether the app's Parquet copy has a complete
// manifest.
func snapshotComplete(dir, app string) bool {
	m, err := ReadManifest(snapshotDir(dir, app))
	return err == nil && m.Complete
}

// localRows reads the SQLite copy back as driver values: temporal text
// becomes time.Time and INTEGER booleans bool again.
type localRows struct {
	*sql.Rows
	cols []Column
}

// Scan scans a row into *any destinations and converts the values.
func (r *localRows) Scan(dest ...any) error {
	if err := r.Rows.Scan(dest...); err != nil {
		return err
	}
	for i, d := range dest {
		p := d.(*any)
		v, err := driverFromLocal(r.cols[i], *p)
		if err != nil {
			return fmt.Errorf("column %q: %w", r.cols[i].Name, err)
		}
		*p = v
	}
	return nil
}

// decimalText is the text of a DECIMAL stored as an INTEGER or a REAL
// (localDecimal): the shortest form of the number.
func decimalText(v any) any {
	switch x := v.(type) {
	case int64:
		return strconv.FormatInt(x, 10)
	case float64:
		return decimal.NewFromFloat(x).String()
	}
	return v
}

// driverFromLocal undoes localValues for one value.
func driverFromLocal(c Column, v any) (any, error) {
	if b, ok := v.([]byte); ok {
		v = string(b)
	}
	s, isText := v.(string)
	switch {
	case v == nil:
		return nil, nil
	case c.Kind == KindBool:
		n, _ := v.(int64)
		return n != 0, nil
	case c.Kind == KindDecimal && !isText:
		return decimalText(v), nil
	case !isText:
		return v, nil
	case c.Kind == KindDate:
		return time.Parse(dateLayout, s)
	case c.Kind == KindTimestamp:
		return time.Parse(timestampLayout, s)
	case c.Kind == KindTime:
		t, err := time.Parse(timeLayout, s)
		return time.Date(0, 1, 1, t.Hour(), t.Minute(), t.Second(), 0, time.UTC), err
	}
	return s, nil
}
