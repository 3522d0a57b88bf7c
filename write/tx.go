package write

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
)

// ErrTxTooLarge is matched (errors.Is) by the error of a transaction whose
// writes do not fit in one bulkRequest (20 requests of up to 100 records).
var ErrTxTooLarge = errors.New("the transaction's writes do not fit in one kintone bulkRequest")

// ErrTxDone is returned when a finished transaction is used again.
var ErrTxDone = errors.New("kintone: the transaction has already been committed or rolled back")

// Tx buffers the writes of several statements and sends them at Commit in
// one bulkRequest, which kintone applies all or nothing.
//
// The statements' reads (the WHERE of UPDATE and DELETE, INSERT ... SELECT)
// run when each statement executes and see committed data, not the
// transaction's own pending writes. The revisions they read are checked at
// Commit, so a record that someone else changed in between makes the whole
// commit fail with ErrConflict. Consecutive writes of the same kind to the
// same app share one request where they fit (e.g. 2,000 single-row INSERTs
// make 20 requests), so that a transaction holds up to 20 requests of up to
// 100 records each. A statement that would overflow that fails with
// ErrTxTooLarge, and so does Commit: nothing is written.
type Tx struct {
	ops     []*op
	results []*Result
	changed map[recordKey]bool
	err     error // a statement overflowed; Commit fails with it
	done    bool
}

// recordKey identifies a record.
type recordKey struct{ app, id int64 }

// NewTx starts an empty transaction.
func NewTx() *Tx { return &Tx{changed: map[recordKey]bool{}} }

// touched reports whether the transaction already writes the record; a
// nil Tx touches nothing.
func (t *Tx) touched(app, id int64) bool {
	return t != nil && t.changed[recordKey{app, id}]
}

// Exec prepares st (running its reads now) and buffers its writes. The
// result is pending until Commit.
func (t *Tx) Exec(ctx context.Context, env *engine.Env, st Statement) (*Result, error) {
	if t.done {
		return nil, ErrTxDone
	}
	if t.err != nil {
		return nil, t.err
	}
	b, err := st.prepare(ctx, env, t)
	if err != nil {
		return nil, err
	}
	if b.direct != nil {
		return nil, fmt.Errorf("kintone: %s cannot run inside a transaction", st.Name())
	}
	if b.usesOld {
		for _, o := range b.ops {
			for _, id := range o.recordIDs() {
				if t.touched(o.app, id) {
					return nil, fmt.Errorf("kintone: %s: record %d already has a pending change in this transaction, "+
						"and this statement computes its new values from the committed record, which would ignore that change; "+
						"commit first or fold both changes into one statement", st.Name(), id)
				}
			}
		}
	}
	ops := slices.Clone(t.ops)
	for _, o := range b.ops {
		if n := len(ops); n > 0 && mergeable(ops[n-1], o) {
			ops[n-1] = merge(ops[n-1], o)
			continue
		}
		ops = append(ops, o)
	}
	if err := checkOneCall(ops); err != nil {
		t.err = fmt.Errorf("kintone: %s: %w", st.Name(), err)
		return nil, t.err
	}
	t.ops = ops
	for _, o := range b.ops {
		for _, id := range o.recordIDs() {
			t.changed[recordKey{o.app, id}] = true
		}
	}
	b.res.pending = true
	b.res.index = len(t.results) + 1
	t.results = append(t.results, b.res)
	return b.res, nil
}

// checkOneCall fails when ops do not fit in one bulkRequest of one guest
// space.
func checkOneCall(ops []*op) error {
	if len(ops) > client.MaxBulkRequests {
		return fmt.Errorf("%w: it needs %d requests, and one bulkRequest takes %d of up to %d records each; "+
			"nothing will be written; split the work into several transactions", ErrTxTooLarge, len(ops),
			client.MaxBulkRequests, client.MaxRecordsPerWrite)
	}
	for _, o := range ops {
		if o.guest != ops[0].guest {
			return fmt.Errorf("%w: it writes to apps of different guest spaces, and a bulkRequest runs in one", ErrTxTooLarge)
		}
	}
	return nil
}

// mergeable reports whether b can join a in one request: same API and app,
// at most 100 records together, and no record written by both.
func mergeable(a, b *op) bool {
	if a.kind != b.kind || a.app != b.app || a.guest != b.guest || a.size()+b.size() > client.MaxRecordsPerWrite {
		return false
	}
	switch a.kind {
	case opAdd:
		return true
	case opUpdate, opDelete, opStatus:
		ids := map[int64]bool{}
		for _, id := range a.recordIDs() {
			ids[id] = true
		}
		for _, id := range b.recordIDs() {
			if ids[id] {
				return false
			}
		}
		return len(a.recordIDs()) == a.size() && len(b.recordIDs()) == b.size()
	}
	// Upserts by key may name the same record twice; assignee calls take
	// one record.
	return false
}

// merge returns a new op holding a's records then b's.
func merge(a, b *op) *op {
	m := *a
	m.group = 0
	m.refs = append(slices.Clone(a.refs), b.refs...)
	m.records = append(slices.Clone(a.records), b.records...)
	m.updates = append(slices.Clone(a.updates), b.updates...)
	m.ids = append(slices.Clone(a.ids), b.ids...)
	m.revisions = append(slices.Clone(a.revisions), b.revisions...)
	m.statuses = append(slices.Clone(a.statuses), b.statuses...)
	return &m
}

// Commit sends the buffered writes in one bulkRequest (or one records.json
// call when there is a single request) and completes the statements'
// results. On failure nothing is written.
func (t *Tx) Commit(ctx context.Context, env *engine.Env) error {
	if t.done {
		return ErrTxDone
	}
	t.done = true
	if t.err != nil {
		return t.err
	}
	if err := send(ctx, env, "COMMIT", t.ops, true); err != nil {
		return err
	}
	for _, r := range t.results {
		r.finish()
	}
	return nil
}

// Rollback discards the buffered writes; nothing was sent.
func (t *Tx) Rollback() error {
	if t.done {
		return ErrTxDone
	}
	t.done = true
	t.ops, t.results = nil, nil
	return nil
}
