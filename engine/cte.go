package engine

import (
	"context"
	"fmt"
)

// CTE is a common table expression: its query's rows, read once per
// statement and held in memory (within Env.MaxRows) however many times the
// statement names it; the translator puts the same CTE node under every
// reference.
type CTE struct {
	// Name is the CTE's name.
	Name string
	// Cols are the output columns (renamed by the CTE's column list).
	Cols []Column
	Materialize
}

// Columns are the CTE's columns.
func (c *CTE) Columns() []Column { return c.Cols }

// Explain names the step.
func (c *CTE) Explain() Explain {
	return Explain{Op: "cte", Details: []string{fmt.Sprintf("%s: evaluated once per statement, rows held in memory", c.Name)}, Children: []Node{c.Input}}
}

// Open yields the rows, reading the query on first use.
func (c *CTE) Open(ctx context.Context, env *Env) (Iterator, error) {
	return c.Materialize.Open(ctx, env)
}
