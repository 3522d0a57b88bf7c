package bridge

import (
	"context"
	"errors"
	"strings"

	"github.com/go-mysql-org/go-mysql/mysql"
	"github.com/kintone-sql/kintone/schema"
)

// mysqlError turns a driver error into a MySQL error packet's code and
// SQLSTATE, keeping the driver's message (with its suggestions): 1064 for
// syntax errors, 1146 for unknown tables, 1054 for unknown columns, 1317
// for a cancelled statement and 1105 for the rest.
func mysqlError(err error) *mysql.MyError {
	var my *mysql.MyError
	if errors.As(err, &my) {
		return my
	}
	msg := err.Error()
	lower := strings.ToLower(msg)
	code := uint16(mysql.ER_UNKNOWN_ERROR)
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, errKilled), errors.Is(err, errHangup):
		code, msg = mysql.ER_QUERY_INTERRUPTED, "Query execution was interrupted"
	case strings.Contains(lower, "syntax error"):
		code = mysql.ER_PARSE_ERROR
	case errors.Is(err, schema.ErrNotFound) && strings.Contains(lower, "column"),
		strings.Contains(lower, "unknown column"):
		code = mysql.ER_BAD_FIELD_ERROR
	case errors.Is(err, schema.ErrNotFound) && strings.Contains(lower, "table"),
		strings.Contains(lower, "table") && strings.Contains(lower, "not found"):
		code = mysql.ER_NO_SUCH_TABLE
	}
	return mysql.NewError(code, msg)
}

// errKilled is the cause of a statement cancelled by KILL QUERY.
var errKilled = errors.New("killed")

// errHangup is the cause of a statement cancelled because the client
// closed the connection.
var errHangup = errors.New("the client closed the connection")
