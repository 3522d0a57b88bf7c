package engine

import (
	"context"

	"github.com/kintone-sql/kintone/schema"
)

// ServerVersion is what VERSION() and @@version report: a MySQL 8.0
// version, so clients that gate features on it (GORM, SQLAlchemy,
// Connector/J) take their MySQL 8 paths, with a marker naming kintone-sql.
const ServerVersion = "8.0.36-kintone-sql"

// Session is the connection-level identity the session functions report:
// DATABASE() and SCHEMA(), USER() and CURRENT_USER, CONNECTION_ID().
type Session struct {
	// Database is the current database (schema), "" for NULL.
	Database string
	// User is the login, "" when the connection has none (API tokens).
	User string
	// ConnectionID identifies the connection.
	ConnectionID int64
}

// sessionKey is the context key of WithSession.
type sessionKey struct{}

// WithSession returns a context whose statements report s from the
// session functions instead of the connection's own values; the MySQL
// bridge uses it to answer with its session's database, login and
// connection id.
func WithSession(ctx context.Context, s Session) context.Context {
	return context.WithValue(ctx, sessionKey{}, s)
}

// SessionFrom returns the session set by WithSession, if any.
func SessionFrom(ctx context.Context) (Session, bool) {
	s, ok := ctx.Value(sessionKey{}).(Session)
	return s, ok
}

// nullIfEmpty is NULL for "".
func nullIfEmpty(s string) Value {
	if s == "" {
		return nil
	}
	return s
}

func init() {
	register(&Function{Name: "VERSION", MinArgs: 0, MaxArgs: 0, Result: fixed(schema.TypeText),
		Eval: func(*Env, []Value) (Value, error) { return ServerVersion, nil }})
	register(&Function{Name: "DATABASE", MinArgs: 0, MaxArgs: 0, Result: fixed(schema.TypeText),
		Eval: func(env *Env, _ []Value) (Value, error) { return nullIfEmpty(env.Session.Database), nil }},
		"SCHEMA")
	register(&Function{Name: "USER", MinArgs: 0, MaxArgs: 0, Result: fixed(schema.TypeText),
		Eval: func(env *Env, _ []Value) (Value, error) { return env.Session.User, nil }},
		"CURRENT_USER", "SESSION_USER", "SYSTEM_USER")
	register(&Function{Name: "CONNECTION_ID", MinArgs: 0, MaxArgs: 0, Result: fixed(schema.TypeBigInt),
		Eval: func(env *Env, _ []Value) (Value, error) { return env.Session.ConnectionID, nil }})
}
