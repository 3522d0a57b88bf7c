package bridge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"strings"
	"sync"

	"github.com/go-mysql-org/go-mysql/mysql"
	"github.com/go-mysql-org/go-mysql/server"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
	"github.com/kintone-sql/kintone/translate/sqltext"
)

// session is one client connection: the go-mysql handler, the driver
// connection it runs statements on and the MySQL session state (current
// database, variables, transaction).
type session struct {
	srv  *Server
	conn *server.Conn
	// ctx ends when the session closes; statements and transactions run
	// under it.
	ctx   context.Context
	close context.CancelFunc
	// out batches the row packets of a streamed result.
	out *bufferedConn
	// prepared writes the column definitions of a COM_STMT_PREPARE answer.
	prepared *prepareWriter
	db       *sql.Conn
	tx       *sql.Tx
	// database is the current database (canonical schema name), "" for
	// none; written under mu.
	database string
	vars     variables
	userVars map[string]any
	// autocommit is false after SET autocommit=0: writes then open a
	// transaction that COMMIT ends.
	autocommit bool
	// binary is set while a COM_STMT_EXECUTE runs: rows are then sent in
	// the binary protocol.
	binary bool

	mu sync.Mutex
	// cancel stops the running statement (KILL QUERY).
	cancel context.CancelCauseFunc
}

// Compile-time check of the handler interface.
var _ server.Handler = (*session)(nil)

// statement starts a statement: its context is cancelled by KILL QUERY or
// the end of the session. Call the returned function when it ends.
func (s *session) statement() (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(s.ctx)
	s.mu.Lock()
	s.cancel = cancel
	s.mu.Unlock()
	ctx = engine.WithSession(ctx, s.info())
	stopWatch := func() {}
	if s.out != nil && s.conn != nil {
		stopWatch = s.out.watch(func() { cancel(errHangup) })
	}
	return ctx, func() {
		stopWatch()
		s.mu.Lock()
		s.cancel = nil
		s.mu.Unlock()
		cancel(nil)
	}
}

// info is what the driver's DATABASE(), USER() and CONNECTION_ID() report:
// USER() is MySQL's user@client-host.
func (s *session) info() engine.Session {
	if s.conn == nil {
		return engine.Session{Database: s.database}
	}
	host, _, err := net.SplitHostPort(s.conn.RemoteAddr().String())
	if err != nil {
		host = "localhost"
	}
	return engine.Session{Database: s.database, User: s.conn.GetUser() + "@" + host, ConnectionID: int64(s.conn.ConnectionID())}
}

// kill cancels the running statement, if any.
func (s *session) kill() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		s.cancel(errKilled)
	}
}

// querier is the transaction when one is open, else the connection.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// q returns where statements run.
func (s *session) q() querier {
	if s.tx != nil {
		return s.tx
	}
	return s.db
}

// UseDB is COM_INIT_DB and USE: the name must be a schema of the driver
// (any case; the canonical spelling is kept).
func (s *session) UseDB(name string) error {
	canon, ok := schema.CanonicalSchema(name)
	if !ok {
		return mysql.NewError(mysql.ER_BAD_DB_ERROR, fmt.Sprintf("Unknown database '%s'", name))
	}
	s.mu.Lock() // SHOW PROCESSLIST of other sessions reads it
	s.database = canon
	s.mu.Unlock()
	return nil
}

// HandleQuery is COM_QUERY: session statements are answered here, SQL
// about kintone goes to the driver.
func (s *session) HandleQuery(query string) (*mysql.Result, error) {
	r, err := s.handleQuery(query)
	if err != nil {
		return nil, mysqlError(err)
	}
	return r, nil
}

func (s *session) handleQuery(query string) (*mysql.Result, error) {
	toks := tokenize(query)
	if len(toks) == 0 {
		return nil, mysql.NewError(mysql.ER_EMPTY_QUERY, "Query was empty")
	}
	// A trailing ; is accepted (the driver and clients' scripts add it).
	if last := toks[len(toks)-1]; last.kind == tokPunct && last.text == ";" {
		query = query[:last.start]
		toks = toks[:len(toks)-1]
		if len(toks) == 0 {
			return nil, mysql.NewError(mysql.ER_EMPTY_QUERY, "Query was empty")
		}
	}
	switch strings.ToUpper(toks[0].text) {
	case "SET":
		return s.set(toks[1:], query)
	case "SHOW":
		return s.show(toks[1:])
	case "DESCRIBE", "DESC":
		if len(toks) > 1 && !toks[1].is("SELECT") {
			return s.show(append([]token{{kind: tokWord, text: "COLUMNS"}, {kind: tokWord, text: "FROM"}}, toks[1:]...))
		}
	case "USE":
		if len(toks) != 2 || toks[1].name() == "" {
			return nil, mysql.NewError(mysql.ER_PARSE_ERROR, "USE needs one database name")
		}
		return nil, s.UseDB(toks[1].name())
	case "BEGIN":
		return nil, s.begin(false)
	case "START":
		if len(toks) > 1 && toks[1].is("TRANSACTION") {
			readOnly := len(toks) > 3 && toks[2].is("READ") && toks[3].is("ONLY")
			return nil, s.begin(readOnly)
		}
	case "COMMIT":
		return nil, s.commit()
	case "ROLLBACK":
		return nil, s.rollback()
	case "KILL":
		return nil, s.srv.killStatement(s.conn.GetUser(), toks[1:])
	case "SELECT", "WITH", "(", "VALUES", "TABLE", "EXPLAIN":
		if withWrite(toks, query) {
			break // WITH ... UPDATE/DELETE: a write
		}
		q, err := s.substituteVariables(query, toks)
		if err != nil {
			return nil, err
		}
		return s.stream(q, nil, s.selectLimit(toks))
	}
	return s.exec(query, nil)
}

// exec runs a write (or anything the driver should judge) and answers OK
// with the affected rows. With autocommit off, writes open a transaction.
func (s *session) exec(query string, args []any) (*mysql.Result, error) {
	if !s.autocommit && s.tx == nil {
		if err := s.begin(false); err != nil {
			return nil, err
		}
	}
	ctx, done := s.statement()
	defer done()
	res, err := s.q().ExecContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	r := &mysql.Result{}
	if n, err := res.RowsAffected(); err == nil {
		r.AffectedRows = uint64(n)
	}
	if id, err := res.LastInsertId(); err == nil && id > 0 {
		r.InsertId = uint64(id)
	}
	return r, nil
}

// begin opens a transaction, committing an open one first (as MySQL does).
func (s *session) begin(readOnly bool) error {
	if s.tx != nil {
		if err := s.commit(); err != nil {
			return err
		}
	}
	tx, err := s.db.BeginTx(s.ctx, &sql.TxOptions{ReadOnly: readOnly})
	if err != nil {
		return err
	}
	s.tx = tx
	s.conn.SetInTransaction()
	return nil
}

// commit sends the transaction's writes; without one it does nothing.
func (s *session) commit() error {
	if s.tx == nil {
		return nil
	}
	tx := s.tx
	s.tx = nil
	s.conn.ClearInTransaction()
	return tx.Commit()
}

// rollback drops the transaction's writes; without one it does nothing.
func (s *session) rollback() error {
	if s.tx == nil {
		return nil
	}
	tx := s.tx
	s.tx = nil
	s.conn.ClearInTransaction()
	if err := tx.Rollback(); err != nil && !errors.Is(err, sql.ErrTxDone) {
		return err
	}
	return nil
}

// stream runs a query on the driver and writes its rows to the client as
// they arrive: the header and column definitions first, then one packet
// per row, so no result is held in memory. @@SQL_SELECT_LIMIT caps the
// rows. limit caps the rows sent (-1: all).
func (s *session) stream(query string, args []any, limit int64) (*mysql.Result, error) {
	ctx, done := s.statement()
	defer done()
	rows, err := s.q().QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, err
	}
	cols := columnsOf(types)
	if err := s.writeHeader(cols); err != nil {
		return nil, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	w := s.rowWriter(cols)
	s.out.buffer()
	for n := int64(0); (limit < 0 || n < limit) && rows.Next(); n++ {
		if err := rows.Scan(ptrs...); err != nil {
			_ = s.out.flush()
			return nil, err
		}
		if err := w(vals); err != nil {
			_ = s.out.flush()
			return nil, err
		}
	}
	if err := s.out.flush(); err != nil {
		return nil, err
	}
	if err := rows.Err(); err != nil {
		if cause := context.Cause(ctx); cause != nil && ctx.Err() != nil {
			err = cause
		}
		return nil, err
	}
	return streamDone(cols), nil
}

// streamDone ends a streamed result set: the library writes its EOF
// (it needs the fields to see a result set).
func streamDone(cols []column) *mysql.Result {
	return &mysql.Result{Resultset: &mysql.Resultset{Fields: fields(cols), Streaming: mysql.StreamingSelect, StreamingDone: true}}
}

// writeHeader writes the column count and definitions of a result set.
func (s *session) writeHeader(cols []column) error {
	return s.conn.WriteValue(&mysql.Result{Resultset: &mysql.Resultset{Fields: fields(cols), Streaming: mysql.StreamingSelect}})
}

// rowWriter returns a function writing one row packet in the session's
// current protocol (text, or binary for prepared statements).
func (s *session) rowWriter(cols []column) func([]any) error {
	encode := textRow
	if s.binary {
		encode = binaryRow
	}
	buf := make([]byte, 4, 1024)
	return func(vals []any) error {
		var err error
		if buf, err = encode(buf[:4], cols, vals); err != nil {
			return err
		}
		return s.conn.WritePacket(buf)
	}
}

// selectLimit is the row cap @@sql_select_limit puts on a SELECT, -1 for
// none. As in MySQL, a LIMIT of the statement itself takes precedence.
func (s *session) selectLimit(toks []token) int64 {
	depth := 0
	for _, t := range toks {
		switch {
		case t.kind == tokPunct && t.text == "(":
			depth++
		case t.kind == tokPunct && t.text == ")":
			depth--
		case depth == 0 && t.is("LIMIT"):
			return -1
		}
	}
	v, ok := s.vars.get("sql_select_limit")
	if n, isInt := v.(int64); ok && isInt && n >= 0 && n != defaultVariables["sql_select_limit"] {
		return n
	}
	return -1
}

// HandleFieldList is COM_FIELD_LIST: the columns of a table.
func (s *session) HandleFieldList(table string, _ string) ([]*mysql.Field, error) {
	ctx, done := s.statement()
	defer done()
	rows, err := s.q().QueryContext(ctx, "SELECT * FROM "+quoteIdent(table)+" WHERE 1 = 0")
	if err != nil {
		return nil, mysqlError(err)
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, mysqlError(err)
	}
	return fields(columnsOf(types)), nil
}

// HandleOtherCommand answers COM_RESET_CONNECTION (the session starts
// over: transaction rolled back, variables back to their defaults,
// autocommit on) and refuses the commands the bridge does not implement.
func (s *session) HandleOtherCommand(cmd byte, _ []byte) error {
	if cmd != mysql.COM_RESET_CONNECTION {
		return mysql.NewError(mysql.ER_UNKNOWN_COM_ERROR, fmt.Sprintf("command %d is not supported by the kintone bridge", cmd))
	}
	if err := s.rollback(); err != nil {
		return mysqlError(err)
	}
	s.vars, s.userVars, s.autocommit = variables{}, map[string]any{}, true
	s.conn.SetStatus(mysql.SERVER_STATUS_AUTOCOMMIT)
	return nil
}

// HandleStmtPrepare is COM_STMT_PREPARE: the parameter count comes from
// the ? placeholders; a SELECT's result columns are planned (without
// reading records) and written by the session's prepareWriter. The
// statement itself is planned again at each execute, with its arguments.
func (s *session) HandleStmtPrepare(query string) (int, int, any, error) {
	cols := s.preparedColumns(query, countParams(query))
	s.prepared.columns = s.prepared.columns[:0]
	for _, c := range cols {
		s.prepared.columns = append(s.prepared.columns, c.field.Dump())
	}
	return countParams(query), len(cols), query, nil
}

// HandleStmtExecute is COM_STMT_EXECUTE: the statement runs with its
// arguments, rows in the binary protocol.
func (s *session) HandleStmtExecute(_ any, query string, args []any) (*mysql.Result, error) {
	toks := tokenize(query)
	for i, a := range args {
		if b, ok := a.([]byte); ok {
			args[i] = string(b)
		}
	}
	var (
		r   *mysql.Result
		err error
	)
	s.binary = true
	defer func() { s.binary = false }()
	if len(toks) > 0 && (toks[0].is("SELECT") || toks[0].is("WITH") || toks[0].text == "(") && !withWrite(toks, query) {
		var q string
		if q, err = s.substituteVariables(query, toks); err == nil {
			r, err = s.stream(q, args, s.selectLimit(toks))
		}
	} else if len(args) == 0 {
		r, err = s.handleQuery(query)
	} else {
		r, err = s.exec(query, args)
	}
	if err != nil {
		my := mysqlError(err)
		s.out.stmtErr = my // see bufferedConn.stmtErr
		return nil, my
	}
	return r, nil
}

// withWrite reports whether query is a write preceded by a WITH clause
// (WITH ... UPDATE, WITH ... DELETE), which runs as a write.
func withWrite(toks []token, query string) bool {
	if len(toks) == 0 || !toks[0].is("WITH") {
		return false
	}
	switch sqltext.StatementKeyword(query) {
	case "UPDATE", "DELETE", "INSERT", "REPLACE":
		return true
	}
	return false
}

// HandleStmtClose is COM_STMT_CLOSE; the library forgets the statement.
func (s *session) HandleStmtClose(any) error { return nil }

// countParams counts the ? placeholders outside strings and comments.
func countParams(query string) int {
	n := 0
	for _, t := range tokenize(query) {
		if t.kind == tokPunct && t.text == "?" {
			n++
		}
	}
	return n
}
