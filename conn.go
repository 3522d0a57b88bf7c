package kintone

import (
	"context"
	"database/sql/driver"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/translate"
	"github.com/kintone-sql/kintone/translate/sqltext"
)

// conn is one database/sql connection. kintone's REST API is stateless, so a
// conn holds no network state of its own: every statement uses the
// connector's HTTP client and schema cache.
type conn struct {
	c      *Connector
	closed bool
	// ownsConnector is set for a conn made by Driver.Open, whose
	// connector serves it alone and closes with it.
	ownsConnector bool
	// tx is the open transaction, nil outside one (txn.go).
	tx *txn
	// id is CONNECTION_ID(), unique in the process.
	id int64
}

// connIDs numbers the connections for CONNECTION_ID().
var connIDs atomic.Int64

// session is what the session functions report: the DSN's schema and
// user and the connection's id, unless the context carries a session
// (engine.WithSession, set by the MySQL bridge).
func (cn *conn) session(ctx context.Context) engine.Session {
	if s, ok := engine.SessionFrom(ctx); ok {
		return s
	}
	db := cn.c.cfg.Schema
	if db == "" {
		db = SchemaKintone
	}
	return engine.Session{Database: db, User: cn.c.cfg.User, ConnectionID: cn.id}
}

// Compile-time checks of the connection interfaces.
var (
	_ driver.Conn               = (*conn)(nil)
	_ driver.ConnBeginTx        = (*conn)(nil)
	_ driver.ConnPrepareContext = (*conn)(nil)
	_ driver.QueryerContext     = (*conn)(nil)
	_ driver.ExecerContext      = (*conn)(nil)
	_ driver.Pinger             = (*conn)(nil)
	_ driver.NamedValueChecker  = (*conn)(nil)
	_ driver.SessionResetter    = (*conn)(nil)
	_ driver.Validator          = (*conn)(nil)
)

// Prepare returns a prepared statement; see PrepareContext.
func (cn *conn) Prepare(query string) (driver.Stmt, error) {
	return cn.PrepareContext(context.Background(), query)
}

// PrepareContext returns a statement for query. Nothing is sent to kintone:
// the statement is planned again on each execution, with its arguments.
func (cn *conn) PrepareContext(ctx context.Context, query string) (driver.Stmt, error) {
	if cn.closed {
		return nil, driver.ErrBadConn
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return &stmt{cn: cn, query: query, numInput: translate.NumInput(query)}, nil
}

// Close marks the connection closed; the connector's HTTP connections stay
// open for the other connections, unless the conn came from Driver.Open.
func (cn *conn) Close() error {
	cn.closed = true
	if cn.ownsConnector {
		return cn.c.Close()
	}
	return nil
}

// Begin starts a transaction; see BeginTx.
func (cn *conn) Begin() (driver.Tx, error) {
	return cn.BeginTx(context.Background(), driver.TxOptions{})
}

// QueryContext plans query with its ? arguments against the connector's
// schema and starts it. Rows stream as kintone answers; close them to stop
// fetching (an open kintone cursor is then deleted).
func (cn *conn) QueryContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Rows, error) {
	if cn.closed {
		return nil, driver.ErrBadConn
	}
	switch kw := sqltext.StatementKeyword(query); kw {
	case "INSERT", "UPDATE", "DELETE", "REPLACE":
		return nil, fmt.Errorf("kintone: Query does not run %s statements; use Exec", kw)
	}
	values, err := argValues(args)
	if err != nil {
		return nil, err
	}
	cat, err := cn.c.catalog(ctx)
	if err != nil {
		return nil, err
	}
	cfg := cn.c.cfg
	now := time.Now()
	node, err := translate.PlanContext(ctx, cat, query, values, translate.Options{
		UseCursor:            cfg.UseCursor,
		PageSize:             cfg.Pagesize,
		MaxRows:              cfg.MaxRows,
		Now:                  now,
		TrustAssumedPushdown: cfg.TrustAssumedPushdown,
		Session:              cn.session(ctx),
	})
	if err != nil {
		return nil, err
	}
	it, err := node.Open(ctx, cn.newEnv(ctx, now))
	if err != nil {
		return nil, err
	}
	return newRows(node.Columns(), it), nil
}

// ExecContext runs INSERT, UPDATE and DELETE (see execWrite in exec.go),
// and returns an error pointing to Query for anything else.
func (cn *conn) ExecContext(ctx context.Context, query string, args []driver.NamedValue) (driver.Result, error) {
	if cn.closed {
		return nil, driver.ErrBadConn
	}
	values, err := argValues(args)
	if err != nil {
		return nil, err
	}
	switch kw := sqltext.StatementKeyword(query); kw {
	case "SELECT", "SHOW", "DESCRIBE", "DESC", "EXPLAIN", "WITH":
		return nil, fmt.Errorf("kintone: Exec does not run %s statements; use Query", kw)
	case "":
		return nil, errors.New("kintone: Exec: empty statement")
	default:
		// Writes, and anything else: the write planner parses it and names
		// what it cannot run (a typo gets the parser's syntax error).
		return cn.execWrite(ctx, query, values)
	}
}

// Ping sends one cheap authenticated request: with password authentication
// and Schema=Kintone, apps.json with limit 1; with API tokens, app.json for
// the first AppId (kintone refuses tokens on apps.json); with
// Schema=CybozuUser, users.json with size 1. It fails when kintone rejects
// the credentials, the Basic authentication or the client certificate.
func (cn *conn) Ping(ctx context.Context) error {
	if cn.closed {
		return driver.ErrBadConn
	}
	return cn.c.ping(ctx)
}

// ResetSession is called before a pooled connection is reused; there is no
// session state to reset.
func (cn *conn) ResetSession(context.Context) error {
	if cn.closed {
		return driver.ErrBadConn
	}
	return nil
}

// IsValid reports whether the connection may be reused from the pool.
func (cn *conn) IsValid() bool { return !cn.closed }

// ping implements Ping for every connection of the connector.
func (c *Connector) ping(ctx context.Context) error {
	var err error
	switch {
	case c.cfg.Schema == SchemaCybozuUser:
		_, err = c.client.GetUsers(ctx, client.ListRequest{Size: 1})
	case c.cfg.EffectiveAuthScheme() == AuthAPIToken:
		if len(c.cfg.AppIDs) == 0 {
			return errors.New("kintone: Ping: AuthScheme=APIToken needs AppId, because kintone does not let API tokens list apps")
		}
		_, err = c.client.GetApp(ctx, c.cfg.AppIDs[0])
	default:
		_, err = c.client.GetApps(ctx, client.GetAppsRequest{Limit: 1})
	}
	if err != nil {
		return fmt.Errorf("kintone: Ping: %w", err)
	}
	return nil
}
