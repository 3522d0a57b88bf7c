package kintone

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
)

// RawConn is the kintone driver connection that (*sql.Conn).Raw hands to
// its function, for what database/sql has no method for:
//
//	err := sqlConn.Raw(func(dc any) error {
//		kc, ok := kintone.AsRawConn(dc)
//		if !ok {
//			return errors.New("not a kintone connection")
//		}
//		return kc.Connector().RefreshSchema(ctx)
//	})
//
// Under a wrapper (otelsql, sqlmw, ...) Raw hands over the wrapper's
// connection; AsRawConn looks through wrappers that expose the connection
// they wrap.
type RawConn interface {
	driver.Conn
	// Connector returns the Connector the connection belongs to: its
	// configuration, schema cache (Catalog, RefreshSchema) and files
	// (UploadFile, DownloadFile).
	Connector() *Connector
}

// Connector returns the Connector the connection belongs to.
func (cn *conn) Connector() *Connector { return cn.c }

// AsRawConn returns dc, the argument of (*sql.Conn).Raw's function, as a
// kintone RawConn. It looks through connection wrappers that expose the
// wrapped connection with a Raw() driver.Conn method (otelsql) or an
// Unwrap() driver.Conn method, as many levels deep as they go.
func AsRawConn(dc any) (RawConn, bool) {
	for range 16 { // wrappers nest a few levels at most; a cycle stops here
		switch c := dc.(type) {
		case RawConn:
			return c, true
		case interface{ Raw() driver.Conn }:
			dc = c.Raw()
		case interface{ Unwrap() driver.Conn }:
			dc = c.Unwrap()
		default:
			return nil, false
		}
	}
	return nil, false
}

// Handle is what the functions that reach kintone outside SQL (UploadFile,
// DownloadFile, ConnectorOf) take: a *sql.DB or *sql.Conn on the kintone
// driver, directly or under a wrapper that exposes the connection it wraps
// (otelsql), or the *Connector itself, which works under any wrapper
// (sqlmw, or a DB opened with otelsql.OpenDB(connector)).
type Handle interface {
	*sql.DB | *sql.Conn | *Connector
}

// ConnectorOf returns the Connector behind h.
func ConnectorOf[H Handle](ctx context.Context, h H) (*Connector, error) {
	var sc *sql.Conn
	switch x := any(h).(type) {
	case *Connector:
		if x == nil {
			return nil, fmt.Errorf("kintone: nil *Connector")
		}
		return x, nil
	case *sql.Conn:
		sc = x
	case *sql.DB:
		c, err := x.Conn(ctx)
		if err != nil {
			return nil, err
		}
		defer c.Close()
		sc = c
	}
	var out *Connector
	err := sc.Raw(func(dc any) error {
		kc, ok := AsRawConn(dc)
		if !ok {
			return fmt.Errorf("the database is not a kintone database (driver connection %T); "+
				"under a wrapper that hides the connection, pass the *kintone.Connector instead", dc)
		}
		out = kc.Connector()
		return nil
	})
	return out, err
}
