package schema

import (
	"fmt"

	"github.com/kintone-sql/kintone/client"
)

// RowReader converts the records of one scan of an app table into rows,
// one row per record, written into a row the caller may reuse. It
// remembers the converted values of columns whose values repeat (choices,
// users, creators, dates), so that a repeated value is converted and
// allocated once per scan rather than once per row; columns whose values
// rarely repeat are soon left alone. A RowReader is not safe for
// concurrent use.
type RowReader struct {
	table *Table
	cols  []*Column
	memo  []valueMemo
}

// valueMemo remembers one column's converted values by their JSON text.
type valueMemo struct {
	seen         map[string]any
	hits, misses int
	off          bool
}

// Bounds of a column's memo: values longer than memoMaxKey bytes are not
// remembered, at most memoMaxEntries per column are (a few tens of
// kilobytes per column at most), and after memoTrial conversions a column
// with fewer repeats than conversions stops being remembered.
const (
	memoMaxKey     = 96
	memoMaxEntries = 256
	memoTrial      = 256
)

// NewRowReader returns a reader of the rows of cols (t.Columns when nil),
// which must be columns of t; t must be an app table, not a subtable
// table (whose records give any number of rows: see RecordRows).
func (t *Table) NewRowReader(cols []*Column) (*RowReader, error) {
	if t.Kind == SubtableTable {
		return nil, fmt.Errorf("schema: table %q: a subtable table's records are read with RecordRows", t.Name)
	}
	if cols == nil {
		cols = t.Columns
	}
	memo := make([]valueMemo, len(cols))
	for i := range memo {
		memo[i].seen = map[string]any{}
	}
	return &RowReader{table: t, cols: cols, memo: memo}, nil
}

// Width is the number of values in a row.
func (r *RowReader) Width() int { return len(r.cols) }

// Read converts rec into row, which must hold Width values; fields missing
// from the record are NULL. The values are those RecordRows gives.
func (r *RowReader) Read(rec client.Record, row []any) error {
	if len(row) != len(r.cols) {
		return fmt.Errorf("schema: table %q: a row of %d values for %d columns", r.table.Name, len(row), len(r.cols))
	}
	return readRow(rec, r.cols, row, r.memo)
}

// readRow converts rec into row, one value per column of cols, looking
// values up in memo (one per column) when it is not nil.
func readRow(rec client.Record, cols []*Column, row []any, memo []valueMemo) error {
	for i, c := range cols {
		fv := rec[c.Code]
		if memo == nil || memo[i].off || len(fv.Value) > memoMaxKey {
			v, err := c.Decode(fv)
			if err != nil {
				return err
			}
			row[i] = v
			continue
		}
		m := &memo[i]
		if v, ok := m.seen[string(fv.Value)]; ok {
			m.hits++
			row[i] = v
			continue
		}
		v, err := c.Decode(fv)
		if err != nil {
			return err
		}
		row[i] = v
		m.misses++
		if len(m.seen) < memoMaxEntries {
			m.seen[string(fv.Value)] = v
		}
		if m.misses >= memoTrial && m.hits < m.misses {
			m.off, m.seen = true, nil
		}
	}
	return nil
}
