// Package write executes INSERT, UPDATE and DELETE statements against
// kintone: it converts and checks the values, finds the records to change
// (through a SELECT plan built by the translator), and sends the writes in
// as few atomic kintone calls as possible.
//
// Atomicity. kintone applies one records.json call (up to 100 records) and
// one bulkRequest (up to 20 such calls, so 2,000 records) all or nothing. A
// statement writing up to 100 records is one records.json call; up to 2,000
// records, one bulkRequest; beyond that, one bulkRequest per 2,000 records,
// sent one after the other. When a call fails, nothing of it is applied and
// the *Error names its rows and the ids that the earlier calls wrote.
//
// Optimistic locking. UPDATE and DELETE read the matching records' ids and
// revisions first and send each revision with its write, so a record changed
// by someone else in between is not overwritten: kintone refuses the whole
// call (ErrConflict). WHERE $id = ? (or $id IN (...)) with constant values
// skips the read and writes blindly by id; adding AND $revision = ? makes
// that write conditional.
//
// Transactions (Tx) buffer the writes of several statements and send them
// in a single bulkRequest at Commit, so that all or none are applied.
//
// The cybozu.com directory tables (Users, Organizations, Groups and their
// memberships) are written by DirInsert, DirUpdate and DirDelete through
// the User API instead, 100 entries per atomic call and never inside a
// transaction; see directory.go.
package write

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// Statement is a planned write statement, built by the translate package
// and run with Exec or Tx.Exec.
type Statement interface {
	// Name names the statement for results and errors, e.g.
	// "INSERT INTO Deals".
	Name() string
	// prepare checks the statement, runs the reads it needs and returns
	// its writes; tx is the transaction it runs in, or nil.
	prepare(ctx context.Context, env *engine.Env, tx *Tx) (*batch, error)
}

// batch is one statement's writes, ready to send.
type batch struct {
	res *Result
	ops []*op
	// direct performs writes that bulkRequest cannot carry (comments)
	// instead of ops.
	direct func(ctx context.Context, env *engine.Env) error
	// fallback prepares the statement again through a read when its
	// id-direct writes named a record that does not exist.
	fallback func(ctx context.Context, env *engine.Env) (*batch, error)
	// usesOld marks writes computed from the records' current values
	// (SET n = n + 1, status changes, subtable rewrites), which a
	// transaction refuses on records it has already changed.
	usesOld bool
}

// Insert adds rows to an app table (INSERT, or an upsert with UpsertKey),
// to a subtable table (rows appended to their parent records) or to the
// Comments table.
type Insert struct {
	// Table is the target table.
	Table *schema.Table
	// Columns are the target columns, matched by position with each row.
	Columns []*schema.Column
	// Values are the VALUES rows; constant expressions (literals, ?
	// arguments, NOW()). Nil when Select is set.
	Values [][]engine.Expr
	// Select yields the rows of INSERT ... SELECT.
	Select engine.Node
	// UpsertKey, when set, makes the statement an upsert (INSERT ... ON
	// DUPLICATE KEY UPDATE): rows whose key matches a record update it,
	// the others are inserted. It must be a unique ("prohibit duplicate
	// values") SINGLE_LINE_TEXT or NUMBER column, or $id, and be one of
	// Columns.
	UpsertKey *schema.Column
}

// Update changes the rows of an app or subtable table that Read yields.
type Update struct {
	// Table is the target table.
	Table *schema.Table
	// Set are the assigned columns.
	Set []*schema.Column
	// Read is the SELECT finding the rows. Its columns are: $id; then
	// $revision for app tables or $row_id for subtable tables; then the
	// new value of each Set column; then, when Set holds the STATUS
	// column, the record's current status.
	Read engine.Node
	// Direct, when set, writes by id without reading (WHERE $id = ? or
	// $id IN (...) with constant values); Read is then used only when an
	// id does not exist.
	Direct *Direct
	// UsesOld is true when the new values depend on the old ones (a Set
	// expression reads a column).
	UsesOld bool
}

// Delete removes the rows of an app or subtable table that Read yields.
type Delete struct {
	// Table is the target table.
	Table *schema.Table
	// Read is the SELECT finding the rows: $id, then $revision for app
	// tables or $row_id for subtable tables.
	Read engine.Node
	// Direct, when set, deletes by id without reading.
	Direct *Direct
}

// Direct is a write by record id that needs no read.
type Direct struct {
	// IDs are the record ids from WHERE $id = ? or $id IN (...).
	IDs []int64
	// Revision is the expected revision from WHERE $revision = ? (one id
	// only); 0 writes without a check.
	Revision int64
	// Values are the new values of an Update's Set columns (constants).
	Values []engine.Expr
}

// Name returns "INSERT INTO <table>".
func (s *Insert) Name() string { return "INSERT INTO " + engine.QuoteIdent(s.Table.Name) }

// Name returns "UPDATE <table>".
func (s *Update) Name() string { return "UPDATE " + engine.QuoteIdent(s.Table.Name) }

// Name returns "DELETE FROM <table>".
func (s *Delete) Name() string { return "DELETE FROM " + engine.QuoteIdent(s.Table.Name) }

// Exec runs st outside a transaction: it prepares the writes and sends
// them, at most 2,000 records per atomic call (see the package comment).
func Exec(ctx context.Context, env *engine.Env, st Statement) (*Result, error) {
	b, err := st.prepare(ctx, env, nil)
	if err != nil {
		return nil, err
	}
	err = b.run(ctx, env, st.Name())
	if err != nil && b.fallback != nil && isNotFound(err) {
		// An id named in WHERE does not exist and, the call being atomic,
		// nothing was written: find the existing ones by reading.
		if b, err = b.fallback(ctx, env); err != nil {
			return nil, err
		}
		err = b.run(ctx, env, st.Name())
	}
	if err != nil {
		return nil, err
	}
	b.res.finish()
	return b.res, nil
}

// run sends the batch's writes.
func (b *batch) run(ctx context.Context, env *engine.Env, name string) error {
	if b.direct != nil {
		return b.direct(ctx, env)
	}
	return send(ctx, env, name, b.ops, false)
}

// isNotFound reports whether err is kintone's "record not found" for a
// call that applied nothing.
func isNotFound(err error) bool {
	var we *Error
	var ce *client.Error
	return errors.As(err, &we) && len(we.Written) == 0 && we.WrittenRows == 0 &&
		errors.As(err, &ce) && ce.StatusCode == http.StatusNotFound && ce.Code == "GAIA_RE01"
}

// readRows runs a plan and returns all its rows (copied, since iterators
// may reuse them). Writes are computed from the complete set, so that they
// cannot change what the read sees.
func readRows(ctx context.Context, env *engine.Env, n engine.Node) ([]engine.Row, error) {
	it, err := n.Open(ctx, env)
	if err != nil {
		return nil, err
	}
	defer it.Close()
	var out []engine.Row
	for {
		row, err := it.Next()
		if errors.Is(err, io.EOF) {
			return out, it.Close()
		}
		if err != nil {
			return nil, err
		}
		out = append(out, append(engine.Row(nil), row...))
	}
}

// evalRow evaluates constant expressions.
func evalRow(env *engine.Env, exprs []engine.Expr) (engine.Row, error) {
	row := make(engine.Row, len(exprs))
	for i, e := range exprs {
		v, err := e.Eval(env, nil)
		if err != nil {
			return nil, err
		}
		row[i] = v
	}
	return row, nil
}

// rowError is the error for a value of statement row i (0-based).
func rowError(name string, i int, err error) error {
	return fmt.Errorf("kintone: %s: row %d: %w", name, i+1, err)
}

// int64Of reads an id or revision value: an integer, integral decimal or
// float, or the text of an integer.
func int64Of(v any) (int64, error) {
	switch x := v.(type) {
	case int64:
		return x, nil
	case int:
		return int64(x), nil
	case string:
		if n, err := strconv.ParseInt(strings.TrimSpace(x), 10, 64); err == nil {
			return n, nil
		}
	case []byte:
		return int64Of(string(x))
	case decimal.Decimal:
		if x.IsInteger() {
			return x.IntPart(), nil
		}
	case float64:
		if x == float64(int64(x)) {
			return int64(x), nil
		}
	}
	return 0, fmt.Errorf("%v is not a record id", v)
}
