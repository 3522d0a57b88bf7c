// Package sqlc shows code in the shape sqlc generates for the MySQL engine
// (a DBTX interface, Queries, one method per annotated query), running on
// the kintone driver. sqlc itself reads CREATE TABLE statements: write them
// from DESCRIBE Deals (or information_schema.COLUMNS), naming the columns by
// field code.
package sqlc

import (
	"context"
	"database/sql"
)

// DBTX is what the queries run on: a *sql.DB, *sql.Conn or *sql.Tx.
type DBTX interface {
	ExecContext(context.Context, string, ...any) (sql.Result, error)
	QueryContext(context.Context, string, ...any) (*sql.Rows, error)
	QueryRowContext(context.Context, string, ...any) *sql.Row
}

// New returns the queries over db.
func New(db DBTX) *Queries {
	return &Queries{db: db}
}

// Queries runs the annotated queries of query.sql.
type Queries struct {
	db DBTX
}

// WithTx returns the queries over tx.
func (q *Queries) WithTx(tx *sql.Tx) *Queries {
	return &Queries{db: tx}
}
