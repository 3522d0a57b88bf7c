// Package demotenant starts the kintone emulator with the demo tenant for
// the examples, which then connect to it as a program connects to a real
// kintone domain: with a connection string.
package demotenant

import (
	"fmt"
	"testing"

	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/kintonetest/demo"
)

// Start starts a demo tenant and returns the connection string of its
// administrator followed by extra (";"-separated properties), and a
// function that stops it.
func Start(extra string) (dsn string, stop func(), err error) {
	srv := kintonetest.NewServer()
	if _, err := demo.Seed(srv); err != nil {
		srv.Close()
		return "", nil, fmt.Errorf("seeding the demo tenant: %w", err)
	}
	dsn = fmt.Sprintf("Url=%s;User=%s;Password=%s", srv.URL, kintonetest.DefaultUser, kintonetest.DefaultPassword)
	if extra != "" {
		dsn += ";" + extra
	}
	return dsn, srv.Close, nil
}

// DSN starts a demo tenant that stops when the test ends and returns its
// connection string (see Start).
func DSN(t testing.TB, extra string) string {
	t.Helper()
	dsn, stop, err := Start(extra)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(stop)
	return dsn
}
