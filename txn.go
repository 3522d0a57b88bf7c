package kintone

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"time"

	"github.com/kintone-sql/kintone/write"
)

// txn is an open transaction. Writes are buffered by write.Tx and sent in
// one atomic bulkRequest at Commit; reads run at once against committed
// data.
type txn struct {
	cn       *conn
	w        *write.Tx
	ctx      context.Context
	readOnly bool
}

// Compile-time check of the transaction interface.
var _ driver.Tx = (*txn)(nil)

// BeginTx starts a transaction: the INSERT, UPDATE and DELETE statements
// run in it are buffered and sent to kintone together at Commit, in one
// bulkRequest that kintone applies all or nothing (at most 20 requests of
// up to 100 records; a transaction that grows beyond fails with
// ErrTxTooLarge and writes nothing). Queries inside the transaction read
// committed data, not its own pending writes, so the isolation is READ
// COMMITTED at best; stronger levels are refused. Read-only transactions
// are allowed and refuse writes.
func (cn *conn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	if cn.closed {
		return nil, driver.ErrBadConn
	}
	if cn.tx != nil {
		return nil, errors.New("kintone: a transaction is already open on this connection")
	}
	switch sql.IsolationLevel(opts.Isolation) {
	case sql.LevelDefault, sql.LevelReadUncommitted, sql.LevelReadCommitted:
	default:
		return nil, fmt.Errorf("kintone: isolation level %s is not supported: reads in a transaction see committed data "+
			"(READ COMMITTED), and writes are checked against the revisions read", sql.IsolationLevel(opts.Isolation))
	}
	cn.tx = &txn{cn: cn, w: write.NewTx(), ctx: ctx, readOnly: opts.ReadOnly}
	return cn.tx, nil
}

// Commit sends the buffered writes in one bulkRequest; on failure nothing
// is written.
func (t *txn) Commit() error {
	if t.cn.tx == t {
		t.cn.tx = nil
	}
	return t.w.Commit(t.ctx, t.cn.newEnv(t.ctx, time.Now()))
}

// Rollback discards the buffered writes; nothing was sent.
func (t *txn) Rollback() error {
	if t.cn.tx == t {
		t.cn.tx = nil
	}
	return t.w.Rollback()
}
