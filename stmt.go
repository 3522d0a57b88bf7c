package kintone

import (
	"context"
	"database/sql/driver"
	"errors"
)

// errStmtClosed is returned when a closed statement is executed.
var errStmtClosed = errors.New("kintone: the statement is closed")

// stmt is a prepared statement. kintone has no server-side statements, so it
// keeps the SQL text and plans it on every execution with that execution's
// arguments.
type stmt struct {
	cn       *conn
	query    string
	numInput int
	closed   bool
}

// Compile-time checks of the statement interfaces.
var (
	_ driver.Stmt             = (*stmt)(nil)
	_ driver.StmtQueryContext = (*stmt)(nil)
	_ driver.StmtExecContext  = (*stmt)(nil)
)

// Close releases the statement.
func (s *stmt) Close() error {
	s.closed = true
	return nil
}

// NumInput returns the number of ? placeholders, or -1 when unknown.
func (s *stmt) NumInput() int { return s.numInput }

// Exec runs the statement; see ExecContext.
func (s *stmt) Exec(args []driver.Value) (driver.Result, error) {
	return s.ExecContext(context.Background(), namedValues(args))
}

// Query runs the statement; see QueryContext.
func (s *stmt) Query(args []driver.Value) (driver.Rows, error) {
	return s.QueryContext(context.Background(), namedValues(args))
}

// ExecContext runs the statement as the connection's ExecContext does.
func (s *stmt) ExecContext(ctx context.Context, args []driver.NamedValue) (driver.Result, error) {
	if s.closed {
		return nil, errStmtClosed
	}
	return s.cn.ExecContext(ctx, s.query, args)
}

// QueryContext runs the statement as the connection's QueryContext does.
func (s *stmt) QueryContext(ctx context.Context, args []driver.NamedValue) (driver.Rows, error) {
	if s.closed {
		return nil, errStmtClosed
	}
	return s.cn.QueryContext(ctx, s.query, args)
}

// namedValues gives positional values their 1-based ordinals.
func namedValues(args []driver.Value) []driver.NamedValue {
	out := make([]driver.NamedValue, len(args))
	for i, v := range args {
		out[i] = driver.NamedValue{Ordinal: i + 1, Value: v}
	}
	return out
}
