package kintone

import (
	"context"
	"database/sql/driver"
	"errors"
	"sync"
	"time"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/translate"
	"github.com/kintone-sql/kintone/write"
)

// Write errors, re-exported from package write so that callers need import
// only this package.
var (
	// ErrConflict is matched (errors.Is) when kintone refused a write
	// because a record changed after the driver read it (revision
	// conflict, GAIA_CO02), or because WHERE $revision = ? no longer holds.
	// Nothing of the refused call was written.
	ErrConflict = write.ErrConflict
	// ErrReadOnly is matched when a statement assigns a column kintone
	// does not let clients write (calculated fields, record numbers, ...).
	ErrReadOnly = write.ErrReadOnly
	// ErrTxTooLarge is matched when a transaction's writes do not fit in
	// one kintone bulkRequest (20 requests of up to 100 records).
	ErrTxTooLarge = write.ErrTxTooLarge
	// ErrPending is returned by an upsert's RowsAffected inside a
	// transaction before Commit, and by LastInsertId there when the DSN
	// sets StrictLastInsertId.
	ErrPending = write.ErrPending
	// ErrOutcomeUnknown is matched when a write's request was sent but its
	// answer was lost (a broken connection, a 502 or 504 from a proxy) and
	// re-reading could not tell whether kintone applied it; the
	// WriteError's Unknown field lists those rows (with their values, for
	// INSERT). Look for them before sending them again.
	ErrOutcomeUnknown = write.ErrOutcomeUnknown
)

// WriteError is the error of a write that kintone refused or that failed
// part-way: it names the rows and columns kintone complained about, the
// rows that were not written and the ids of those that were. Get it with
// errors.As.
type WriteError = write.Error

// WriteErrorRow is one statement row named by a WriteError (in its
// NotWritten and Unknown lists).
type WriteErrorRow = write.ErrorRow

// WriteReport receives the outcome of the write statements run with a
// context from WithWriteReport: the ids of the records each statement wrote
// (the new ids of every INSERT row, in order), their revisions, and the
// rows affected. Inside a transaction it is filled at Commit. It is safe
// for use by several goroutines.
type WriteReport struct {
	mu           sync.Mutex
	ids, revs    []int64
	rowsAffected int64
	statements   int
}

// reportKey is the context key of WithWriteReport.
type reportKey struct{}

// WithWriteReport returns a context that makes the write statements run
// with it append their outcome to r:
//
//	var rep kintone.WriteReport
//	_, err := db.ExecContext(kintone.WithWriteReport(ctx, &rep), "INSERT INTO Deals (Name) VALUES (?), (?)", "a", "b")
//	ids := rep.IDs() // the $id of each new record, in VALUES order
func WithWriteReport(ctx context.Context, r *WriteReport) context.Context {
	return context.WithValue(ctx, reportKey{}, r)
}

// reportFrom returns the WriteReport given to WithWriteReport, or nil.
func reportFrom(ctx context.Context) *WriteReport {
	r, _ := ctx.Value(reportKey{}).(*WriteReport)
	return r
}

// add appends one statement's outcome.
func (r *WriteReport) add(res *write.Result) {
	n, _ := res.RowsAffected()
	r.mu.Lock()
	defer r.mu.Unlock()
	r.ids = append(r.ids, res.IDs()...)
	r.revs = append(r.revs, res.Revisions()...)
	r.rowsAffected += n
	r.statements++
}

// IDs returns the record ids written so far, statement after statement:
// the new ids of INSERT rows (in row order), the ids of upserted records,
// the records an UPDATE or DELETE matched, the parent records of subtable
// rows, and the comment ids of INSERT INTO Comments.
func (r *WriteReport) IDs() []int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int64(nil), r.ids...)
}

// Revisions returns the revision of each record in IDs after its write (0
// for deleted records).
func (r *WriteReport) Revisions() []int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]int64(nil), r.revs...)
}

// RowsAffected returns the sum of the statements' RowsAffected.
func (r *WriteReport) RowsAffected() int64 {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.rowsAffected
}

// Statements returns the number of statements reported.
func (r *WriteReport) Statements() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.statements
}

// newEnv returns the run-time environment of one statement.
func (cn *conn) newEnv(ctx context.Context, now time.Time) *engine.Env {
	return &engine.Env{
		Client:   cn.c.client,
		Now:      now,
		PageSize: cn.c.cfg.Pagesize,
		MaxRows:  max(cn.c.cfg.MaxRowsInMemory, 0), // -1 (no limit) → 0
		Stats:    statsFrom(ctx),
		Logger:   cn.c.log,
		Session:  cn.session(ctx),
	}
}

// execWrite plans an INSERT, UPDATE or DELETE and runs it, or buffers it
// when a transaction is open.
func (cn *conn) execWrite(ctx context.Context, query string, values []any) (driver.Result, error) {
	if cn.tx != nil && cn.tx.readOnly {
		return nil, errors.New("kintone: cannot write in a read-only transaction")
	}
	cat, err := cn.c.catalog(ctx)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	// MaxRows is left out: it caps what a query returns, and must not cap
	// the rows an UPDATE or DELETE matches.
	st, err := translate.PlanWrite(ctx, cat, query, values, translate.Options{
		UseCursor:            cn.c.cfg.UseCursor,
		PageSize:             cn.c.cfg.Pagesize,
		Now:                  now,
		TrustAssumedPushdown: cn.c.cfg.TrustAssumedPushdown,
	})
	if err != nil {
		return nil, err
	}
	env := cn.newEnv(ctx, now)
	var res *write.Result
	if cn.tx != nil {
		res, err = cn.tx.w.Exec(ctx, env, st)
		if err == nil {
			res.SQL = query // named by COMMIT's errors
		}
	} else {
		res, err = write.Exec(ctx, env, st)
	}
	if err != nil {
		return nil, err
	}
	if rep := reportFrom(ctx); rep != nil {
		res.OnFinal(rep.add)
	}
	if cn.tx != nil && !cn.c.cfg.StrictLastInsertId {
		return txResult{res}, nil
	}
	return res, nil
}
