package write

import (
	"errors"
	"slices"
)

// ErrPending is returned by Result methods whose answer kintone gives only
// when the transaction holding the statement commits (new record ids, upsert
// outcomes).
var ErrPending = errors.New("kintone: the outcome of a write inside a transaction is known only after Commit")

// Result is the outcome of one write statement; it implements
// database/sql/driver.Result. Inside a transaction it stays pending until
// Commit, which fills in what only kintone can tell (new ids, revisions).
type Result struct {
	// Statement names the statement, e.g. "INSERT INTO Deals".
	Statement string
	// SQL is the statement's text, which the caller may set; an error at
	// a transaction's COMMIT quotes it (shortened) to say which statement
	// a refused row belongs to.
	SQL string
	// index is the statement's 1-based position in its transaction, 0
	// outside one.
	index int

	kind     kind
	columns  []string     // INSERT: the target columns' names, for ErrorRow.Values
	rows     []rowOutcome // one per statement row (INSERT) or matched row (UPDATE, DELETE)
	affected int64        // rows affected, except upsert updates counted at the end
	pending  bool
	final    []func(*Result)
}

// rowOutcome is what happened to one row of a statement.
type rowOutcome struct {
	id, revision int64
	updated      bool // an upsert updated an existing record
}

// kind tells what a statement does, for LastInsertId and RowsAffected.
type kind int

// The statement kinds.
const (
	kindInsert kind = iota + 1
	kindUpsert
	kindUpdate
	kindDelete
	kindComment
)

// newResult returns the result of a statement with n rows.
func newResult(name string, k kind, n int) *Result {
	return &Result{Statement: name, kind: k, rows: make([]rowOutcome, n), affected: int64(n)}
}

// LastInsertId returns the $id of the first record a single- or multi-row
// INSERT created (as MySQL returns the first id of a multi-row insert; kintone
// ids need not be consecutive, so use IDs for all of them), the id of the
// record an upsert inserted or updated, the id of a comment an INSERT INTO
// Comments added, and 0 for UPDATE and DELETE. Inside a transaction it is
// ErrPending until Commit.
func (r *Result) LastInsertId() (int64, error) {
	switch r.kind {
	case kindInsert, kindUpsert, kindComment:
		if r.pending {
			return 0, ErrPending
		}
		if len(r.rows) > 0 {
			return r.rows[0].id, nil
		}
	}
	return 0, nil
}

// RowsAffected returns the number of rows the statement wrote: rows
// inserted, rows matched by an UPDATE's or DELETE's WHERE (changed or not,
// like MySQL's CLIENT_FOUND_ROWS), and for an upsert 1 per inserted and 2 per
// updated record (as MySQL counts ON DUPLICATE KEY UPDATE), which inside a
// transaction is ErrPending until Commit.
func (r *Result) RowsAffected() (int64, error) {
	if r.kind == kindUpsert {
		if r.pending {
			return 0, ErrPending
		}
		n := r.affected
		for _, o := range r.rows {
			if o.updated {
				n++
			}
		}
		return n, nil
	}
	return r.affected, nil
}

// IDs returns the record ids the statement wrote, in statement order: the
// new ids of an INSERT (one per VALUES row or SELECT row), the ids of the
// records an upsert inserted or updated, the ids of the records an UPDATE or
// DELETE matched, and for subtable tables the parent record of each row.
// Inside a transaction the ids of new records are 0 until Commit.
func (r *Result) IDs() []int64 {
	out := make([]int64, len(r.rows))
	for i, o := range r.rows {
		out[i] = o.id
	}
	return out
}

// Revisions returns the revision each record in IDs has after the
// statement (0 for deleted records and for writes not yet committed).
func (r *Result) Revisions() []int64 {
	out := make([]int64, len(r.rows))
	for i, o := range r.rows {
		out[i] = o.revision
	}
	return out
}

// Pending reports whether the statement waits for its transaction's Commit.
func (r *Result) Pending() bool { return r.pending }

// OnFinal registers f to run once the result is final: at once for a
// statement run outside a transaction, at Commit inside one. It lets the
// driver hand ids to a caller's report.
func (r *Result) OnFinal(f func(*Result)) {
	if r.pending {
		r.final = append(r.final, f)
		return
	}
	f(r)
}

// finish marks the result final and runs the OnFinal callbacks.
func (r *Result) finish() {
	r.pending = false
	fs := slices.Clone(r.final)
	r.final = nil
	for _, f := range fs {
		f(r)
	}
}
