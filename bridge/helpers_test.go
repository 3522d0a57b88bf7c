package bridge

import (
	"context"
	"database/sql"
	"fmt"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/go-sql-driver/mysql"
	_ "github.com/kintone-sql/kintone" // the driver
	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/kintonetest/demo"
	"github.com/stretchr/testify/require"
)

// Test login of the bridges the tests start.
const (
	testUser     = "bi"
	testPassword = "s3cret-pass"
)

// fixture is a demo tenant served by a bridge.
type fixture struct {
	kintone *sql.DB // the driver, direct
	srv     *Server
	addr    string
	emu     *kintonetest.Server
}

// startDemo starts the emulator with the demo data and a bridge in front
// of it; everything stops when the test ends.
func startDemo(t testing.TB, configure ...func(*Server)) *fixture {
	t.Helper()
	emu := kintonetest.NewServer()
	t.Cleanup(emu.Close)
	_, err := demo.Seed(emu)
	require.NoError(t, err)
	return startBridge(t, emu, configure...)
}

// startBridge serves emu's tenant through a bridge on a loopback port.
func startBridge(t testing.TB, emu *kintonetest.Server, configure ...func(*Server)) *fixture {
	t.Helper()
	db, err := sql.Open("kintone", fmt.Sprintf("Url=%s;User=%s;Password=%s", emu.URL, kintonetest.DefaultUser, kintonetest.DefaultPassword))
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	srv := &Server{DB: db, Accounts: map[string]string{testUser: testPassword}}
	return &fixture{kintone: db, srv: srv, addr: serveOnLoopback(t, srv, configure...), emu: emu}
}

// serveOnLoopback configures srv, serves it on a loopback port until the
// test ends and returns the address.
func serveOnLoopback(t testing.TB, srv *Server, configure ...func(*Server)) string {
	t.Helper()
	for _, c := range configure {
		c(srv)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { require.NoError(t, srv.Close()) })
	return ln.Addr().String()
}

// mysqlDSN is a go-sql-driver DSN for the bridge with extra parameters.
func (f *fixture) mysqlDSN(params string) string {
	cfg := mysql.NewConfig()
	cfg.User, cfg.Passwd, cfg.Net, cfg.Addr, cfg.DBName = testUser, testPassword, "tcp", f.addr, "kintone"
	dsn := cfg.FormatDSN()
	if params != "" {
		dsn += "?" + params
	}
	return dsn
}

// client opens a go-sql-driver/mysql database on the bridge.
func (f *fixture) client(t testing.TB, params string) *sql.DB {
	t.Helper()
	db, err := sql.Open("mysql", f.mysqlDSN(params))
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// bigApp creates the app Big (n NUMBER, label text, day DATE) holding n
// numbered records.
func bigApp(t testing.TB, emu *kintonetest.Server, n int) {
	t.Helper()
	app, err := emu.CreateApp(kintonetest.AppSpec{Name: "Big", Fields: []*kintonetest.Field{
		{Type: kintonetest.TypeNumber, Code: "n", Label: "n"},
		{Type: kintonetest.TypeSingleLineText, Code: "label", Label: "label"},
		{Type: kintonetest.TypeDate, Code: "day", Label: "day"},
	}})
	require.NoError(t, err)
	batch := make([]map[string]any, 0, 2000)
	for i := 1; i <= n; i++ {
		batch = append(batch, map[string]any{"n": strconv.Itoa(i), "label": "record number " + strconv.Itoa(i),
			"day": time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%365).Format(time.DateOnly)})
		if len(batch) == cap(batch) || i == n {
			_, err := emu.AddRecords(app, batch)
			require.NoError(t, err)
			batch = batch[:0]
		}
	}
}

// queryer is a *sql.DB or *sql.Conn.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

// drainAsync runs query in a goroutine, reading every row; the channel
// receives its error.
func drainAsync(ctx context.Context, q queryer, query string) <-chan error {
	errc := make(chan error, 1)
	go func() {
		rows, err := q.QueryContext(ctx, query)
		if err == nil {
			for rows.Next() {
			}
			err = rows.Err()
			rows.Close()
		}
		errc <- err
	}()
	return errc
}
