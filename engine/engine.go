// Package engine executes query plans: a tree of operators over row
// iterators (kintone scans, directory and metadata scans, filter, project,
// sort, limit, count, hash join with key pushdown, hash aggregate,
// distinct, union, materialize) and the SQL expressions they evaluate
// (including subqueries). The translator builds the tree; the driver opens
// it and streams its rows; EXPLAIN prints the same tree. Streaming
// operators hold no rows; the ones that must (sort, join build side,
// groups, DISTINCT, materialized inputs, IN sets) count them against
// Env.MaxRows.
package engine

import (
	"context"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/schema"
)

// Value is a SQL value: nil (NULL), int64, float64, decimal.Decimal
// (github.com/shopspring/decimal), string, bool, time.Time or []byte.
type Value = any

// Row is one row of values, in the order of its node's Columns.
type Row []Value

// Column describes one output column of a node.
type Column struct {
	// Name is the column's output name.
	Name string
	// Table is the table name or alias that qualifies the column, "" for
	// computed columns.
	Table string
	// Type is the SQL type.
	Type schema.Type
	// Nullable is false only when the value can never be NULL.
	Nullable bool
	// Source is the schema column behind the value, nil when computed.
	Source *schema.Column
}

// Node is an operator of a plan.
type Node interface {
	// Columns describes the rows the node yields.
	Columns() []Column
	// Open starts the operator. The iterator must be closed.
	Open(ctx context.Context, env *Env) (Iterator, error)
	// Explain describes the operator for EXPLAIN.
	Explain() Explain
}

// Iterator yields rows until it returns io.EOF.
type Iterator interface {
	// Next returns the next row, or io.EOF when there are no more. A row
	// may be reused by the iterator after the next call to Next.
	Next() (Row, error)
	// Close releases the iterator's resources (pending requests, kintone
	// cursors); it is safe to call more than once.
	Close() error
}

// Explain is one operator's description: its name, detail lines (e.g. the
// kintone query) and its inputs.
type Explain struct {
	Op       string
	Details  []string
	Children []Node
}

// Env is what operators need at run time.
type Env struct {
	// Client talks to kintone.
	Client *client.Client
	// Now is the statement's clock, fixed for the whole statement (NOW(),
	// CURDATE()).
	Now time.Time
	// MaxRows caps the rows a statement may hold in memory at once, summed
	// over its sorts, groups, join build sides, DISTINCT sets and
	// materialized inputs (the driver's MaxRowsInMemory); <= 0 means no cap.
	// Streaming steps (scans, filters, projections, limits) hold no rows.
	MaxRows int64
	// PageSize is the number of records per kintone request (1..500).
	PageSize int
	// Stats counts the statement's work; nil is allowed.
	Stats *Stats
	// Logger receives debug logs; nil means silent.
	Logger *slog.Logger
	// Session is what DATABASE(), USER() and CONNECTION_ID() report.
	Session Session

	// run is the statement's run-time state (memory held, subquery
	// results, outer rows of correlated subqueries).
	run runState
}

// runState is the mutable part of an Env, guarded by mu.
type runState struct {
	mu sync.Mutex
	// ctx is the statement's context, for subqueries (see remember).
	ctx context.Context
	// held is the number of rows the statement's operators hold.
	held int64
	// cache holds materialized inputs and subquery results.
	cache map[cacheKey]any
	// frames is the stack of outer-row values of the correlated
	// subqueries being evaluated, innermost last.
	frames []Row
}

// Stats counts a statement's kintone work, for progress lines and tests.
type Stats struct {
	// Requests is the number of kintone requests made.
	Requests atomic.Int64
	// Records is the number of records fetched.
	Records atomic.Int64
	// Expected is the totalCount reported by kintone, -1 when unknown.
	Expected atomic.Int64
	// CursorFallbacks counts the scans that found no cursor API (404) and
	// read with offset paging instead.
	CursorFallbacks atomic.Int64
	// SchemaRequests is the number of HTTP requests (retries included) the
	// statement made to read app metadata: the app list and the fields and
	// layout of apps it used first. Requests leaves them out.
	SchemaRequests atomic.Int64
}
