package engine

import (
	"context"
	"strconv"
)

// Values yields fixed rows without reading kintone: one empty row for a
// SELECT without FROM, or no row for a query that can return nothing
// (LIMIT 0).
type Values struct {
	Rows []Row
	// Reason explains the node in EXPLAIN.
	Reason string
	// Cols describes the rows; nil when the node feeds a Project that
	// reads no column (SELECT without FROM).
	Cols []Column
}

// Columns returns Cols.
func (v *Values) Columns() []Column { return v.Cols }

// Explain shows the row count.
func (v *Values) Explain() Explain {
	return Explain{Op: "values", Details: []string{v.Reason + " (" + strconv.Itoa(len(v.Rows)) + " rows)"}}
}

// Open yields the rows.
func (v *Values) Open(context.Context, *Env) (Iterator, error) {
	items := make([]sortItem, len(v.Rows))
	for i, r := range v.Rows {
		items[i] = sortItem{row: r}
	}
	return &bufferIter{items: items}, nil
}
