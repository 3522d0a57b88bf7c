package bridge

import (
	"bytes"
	"net"

	"github.com/go-mysql-org/go-mysql/mysql"
)

// placeholderColumn is the column definition go-mysql's server writes for
// every result column in its answer to COM_STMT_PREPARE.
var placeholderColumn = (&mysql.Field{}).Dump()

// prepareWriter is the client connection under the library's packets
// (above TLS). In the answer to a COM_STMT_PREPARE it puts the
// statement's real column definitions, queued by HandleStmtPrepare, in
// place of the library's placeholders, so clients that read a result's
// shape from the prepare alone (Tableau, ODBC's SQLDescribeCol) see the
// right names and types. Only the session's goroutine writes.
type prepareWriter struct {
	net.Conn
	columns [][]byte // definitions still to write, in order
	written int      // writes so far (handleCommand tells if a command answered)
}

// Write replaces a placeholder column definition packet while columns
// are queued; everything else goes through.
func (w *prepareWriter) Write(p []byte) (int, error) {
	w.written++
	if len(w.columns) == 0 || len(p) != 4+len(placeholderColumn) || !bytes.Equal(p[4:], placeholderColumn) {
		return w.Conn.Write(p)
	}
	def := w.columns[0]
	w.columns = w.columns[1:]
	n := len(def)
	packet := append([]byte{byte(n), byte(n >> 8), byte(n >> 16), p[3]}, def...)
	if _, err := w.Conn.Write(packet); err != nil {
		return 0, err
	}
	return len(p), nil
}

// netConn is the connection under a prepareWriter.
func netConn(c net.Conn) net.Conn {
	if w, ok := c.(*prepareWriter); ok {
		return w.Conn
	}
	return c
}

// preparedColumns returns the result columns of a prepared SELECT without
// reading any record: the statement, its parameters NULL, is planned
// inside SELECT * FROM (…) LIMIT 0, which asks kintone for nothing but
// the schema. Other statements, and a SELECT that cannot be planned so
// (it will fail or succeed at execute), have no columns here.
func (s *session) preparedColumns(query string, params int) []column {
	toks := tokenize(query)
	if len(toks) > 0 && toks[len(toks)-1].text == ";" {
		query, toks = query[:toks[len(toks)-1].start], toks[:len(toks)-1]
	}
	if len(toks) == 0 || !(toks[0].is("SELECT") || toks[0].is("WITH") || toks[0].text == "(") {
		return nil
	}
	q, err := s.substituteVariables(query, toks)
	if err != nil {
		return nil
	}
	ctx, done := s.statement()
	defer done()
	rows, err := s.q().QueryContext(ctx, "SELECT * FROM ("+q+") AS `prepared` LIMIT 0", make([]any, params)...)
	if err != nil {
		return nil
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil
	}
	return columnsOf(types)
}
