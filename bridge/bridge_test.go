package bridge

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net"
	"strconv"
	"testing"
	"time"

	"github.com/go-mysql-org/go-mysql/client"
	gmysql "github.com/go-mysql-org/go-mysql/mysql"
	"github.com/go-sql-driver/mysql"
	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// rowsOf reads every row of a query as normalized strings (see norm),
// with the column names.
func rowsOf(t testing.TB, db *sql.DB, query string, args ...any) ([]string, [][]string) {
	t.Helper()
	rows, err := db.Query(query, args...)
	require.NoError(t, err, query)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	types, err := rows.ColumnTypes()
	require.NoError(t, err)
	var out [][]string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		require.NoError(t, rows.Scan(ptrs...))
		row := make([]string, len(cols))
		for i, v := range vals {
			row[i] = norm(v, types[i].DatabaseTypeName())
		}
		out = append(out, row)
	}
	require.NoError(t, rows.Err(), query)
	return cols, out
}

// norm renders a scanned value the same way whichever client read it:
// the kintone driver's bool, time and decimal values, or the MySQL
// client's integers, parsed times and byte strings.
func norm(v any, typeName string) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case bool:
		if x {
			return "1"
		}
		return "0"
	case []byte:
		return string(x)
	case time.Time:
		switch typeName {
		case "DATE":
			return x.Format(time.DateOnly)
		case "TIME":
			return x.Format(time.TimeOnly)
		}
		return x.UTC().Format("2006-01-02 15:04:05.999999")
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return fmt.Sprint(v)
}

// TestDifferential runs the same SELECTs through the bridge (text and
// binary protocol) and through the driver and compares every value.
func TestDifferential(t *testing.T) {
	f := startDemo(t)
	client := f.client(t, "parseTime=true")
	queries := []string{
		"SELECT * FROM Deals ORDER BY `$id`",
		"SELECT * FROM Tasks ORDER BY `$id`",
		"SELECT * FROM `顧客` ORDER BY `$id`",
		"SELECT Stage, COUNT(*) AS n, SUM(Amount) AS total, MAX(`Close date`) AS last FROM Deals GROUP BY Stage ORDER BY Stage",
		"SELECT * FROM Deals_明細 ORDER BY `$id`, `$row_id`",
		"SELECT * FROM Users ORDER BY Id",
		"SELECT 1 AS one, 2.5 AS d, 'x' AS s, NULL AS n, TRUE AS b, DATE '2024-01-31' AS dt",
	}
	for _, q := range queries {
		wantCols, want := rowsOf(t, f.kintone, q)
		require.NotEmpty(t, want, q)
		gotCols, got := rowsOf(t, client, q)
		assert.Equal(t, wantCols, gotCols, q)
		assert.Equal(t, want, got, q)
	}
	// With an argument go-sql-driver prepares the statement: COM_STMT_PREPARE
	// and EXECUTE, rows in the binary protocol.
	for _, q := range []string{
		"SELECT * FROM Deals WHERE Amount > ? ORDER BY `$id`",
		"SELECT `$id`, `Close date`, Amount, Tags FROM Deals WHERE `$id` >= ? ORDER BY `$id`",
	} {
		_, want := rowsOf(t, f.kintone, q, 0)
		_, got := rowsOf(t, client, q, 0)
		require.NotEmpty(t, want, q)
		assert.Equal(t, want, got, q)
	}
}

// TestColumnTypes checks the column definitions clients decode natively.
func TestColumnTypes(t *testing.T) {
	f := startDemo(t)
	client := f.client(t, "parseTime=true")
	rows, err := client.Query("SELECT `$id`, Amount, `Close date`, 作成日時, Tags, 案件名, 1.5e0 AS dbl, TRUE AS b FROM Deals LIMIT 1")
	require.NoError(t, err)
	defer rows.Close()
	types, err := rows.ColumnTypes()
	require.NoError(t, err)
	var names []string
	for _, ct := range types {
		names = append(names, ct.DatabaseTypeName())
	}
	assert.Equal(t, []string{"BIGINT", "DECIMAL", "DATE", "DATETIME", "JSON", "VARCHAR", "DOUBLE", "TINYINT"}, names)
	nullable, ok := types[0].Nullable()
	assert.True(t, ok)
	assert.False(t, nullable, "$id is NOT NULL")
	require.True(t, rows.Next())
	var (
		id     int64
		amount sql.NullString
		closes sql.NullTime
		made   time.Time
		tags   []byte
		name   sql.NullString
		dbl    float64
		b      bool
	)
	require.NoError(t, rows.Scan(&id, &amount, &closes, &made, &tags, &name, &dbl, &b))
	assert.Positive(t, id)
	assert.False(t, made.IsZero())
	assert.Equal(t, 1.5, dbl)
	assert.True(t, b)
}

// mysqlErr returns the MySQL error number of err (0 when it is not one).
func mysqlErr(err error) uint16 {
	var me *mysql.MySQLError
	if errors.As(err, &me) {
		return me.Number
	}
	return 0
}

// requireMySQLError checks that err (of query) is a MySQL error with code
// and SQLSTATE state, and returns it.
func requireMySQLError(t *testing.T, err error, query string, code uint16, state string) *mysql.MySQLError {
	t.Helper()
	require.Error(t, err, query)
	var me *mysql.MySQLError
	require.True(t, errors.As(err, &me), "%s: %v", query, err)
	assert.Equal(t, code, me.Number, "%s: %v", query, err)
	assert.Equal(t, state, string(me.SQLState[:]), query)
	return me
}

// TestErrorCodes checks the MySQL codes and SQLSTATEs of driver errors,
// which keep the driver's message.
func TestErrorCodes(t *testing.T) {
	f := startDemo(t)
	client := f.client(t, "")
	cases := []struct {
		query string
		code  uint16
		state string
	}{
		{"SELEC 1", 1064, "42000"},
		{"SELECT * FROM NoSuchTable", 1146, "42S02"},
		{"SELECT nope FROM Deals", 1054, "42S22"},
		{"SELECT @@no_such_variable", 1193, "HY000"},
		{"SHOW COLUMNS FROM NoSuchTable", 1146, "42S02"},
		{"SHOW CREATE TABLE NoSuchTable", 1146, "42S02"},
		{"USE nodb", 1049, "42000"},
	}
	for _, c := range cases {
		_, err := client.Exec(c.query)
		requireMySQLError(t, err, c.query, c.code, c.state)
	}
	// The driver's message, suggestion included, reaches the client.
	_, err := client.Exec("SELECT amout FROM Deals")
	assert.Contains(t, err.Error(), `column "amout" not found in table "Deals"`)
}

// TestAuthentication checks logins: the right password with either
// plugin, a wrong one refused with 1045.
func TestAuthentication(t *testing.T) {
	for _, method := range []string{"mysql_native_password", "caching_sha2_password"} {
		t.Run(method, func(t *testing.T) {
			f := startDemo(t, func(s *Server) { s.AuthMethod = method })
			require.NoError(t, f.client(t, "").Ping())

			// A wrong password, and an unknown user (which must look the same).
			for _, login := range [][2]string{{testUser, "wrong"}, {"nobody", testPassword}} {
				cfg := mysql.NewConfig()
				cfg.User, cfg.Passwd, cfg.Net, cfg.Addr = login[0], login[1], "tcp", f.addr
				bad, err := sql.Open("mysql", cfg.FormatDSN())
				require.NoError(t, err)
				err = bad.Ping()
				bad.Close()
				assert.Equal(t, uint16(1045), mysqlErr(err), "%v", err)
				assert.Contains(t, err.Error(), "Access denied for user '"+login[0]+"'")
			}
		})
	}
}

// TestLimits checks --max-connections (1040 for one more) and the login
// timeout of a client that never answers the greeting.
func TestLimits(t *testing.T) {
	f := startDemo(t, func(s *Server) { s.MaxConnections = 1; s.LoginTimeout = 200 * time.Millisecond })
	first := f.client(t, "")
	first.SetMaxOpenConns(1)
	conn, err := first.Conn(context.Background())
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.PingContext(context.Background()))

	second := f.client(t, "")
	err = second.Ping()
	assert.Equal(t, uint16(1040), mysqlErr(err), "%v", err)
	conn.Close()
	first.Close()

	// A silent client is dropped after the login timeout.
	require.Eventually(t, func() bool { return second.Ping() == nil }, 5*time.Second, 50*time.Millisecond)
	second.Close()
	raw, err := net.Dial("tcp", f.addr)
	require.NoError(t, err)
	defer raw.Close()
	require.NoError(t, raw.SetReadDeadline(time.Now().Add(5*time.Second)))
	buf := make([]byte, 4096)
	_, err = raw.Read(buf) // the greeting
	require.NoError(t, err)
	start := time.Now()
	for err == nil {
		_, err = raw.Read(buf)
	}
	assert.Less(t, time.Since(start), 3*time.Second, "the idle connection was closed by the server: %v", err)
}

// TestTransactions checks that BEGIN … ROLLBACK writes nothing and
// COMMIT writes, through go-sql-driver's transactions and SQL text.
func TestTransactions(t *testing.T) {
	f := startDemo(t)
	app, err := f.emu.CreateApp(kintonetest.AppSpec{Name: "Notes", Fields: []*kintonetest.Field{
		{Type: kintonetest.TypeSingleLineText, Code: "title", Label: "title"},
	}})
	require.NoError(t, err)
	_ = app
	client := f.client(t, "")
	count := func() int {
		var n int
		require.NoError(t, client.QueryRow("SELECT COUNT(*) FROM Notes").Scan(&n))
		return n
	}
	tx, err := client.Begin()
	require.NoError(t, err)
	_, err = tx.Exec("INSERT INTO Notes (title) VALUES ('rolled back')")
	require.NoError(t, err)
	require.NoError(t, tx.Rollback())
	assert.Equal(t, 0, count())

	tx, err = client.Begin()
	require.NoError(t, err)
	res, err := tx.Exec("INSERT INTO Notes (title) VALUES ('a'), ('b')")
	require.NoError(t, err)
	n, err := res.RowsAffected()
	require.NoError(t, err)
	assert.Equal(t, int64(2), n)
	assert.Equal(t, 0, count(), "nothing is written before COMMIT")
	require.NoError(t, tx.Commit())
	assert.Equal(t, 2, count())

	// SET autocommit=0 opens a transaction at the first write.
	conn, err := client.Conn(context.Background())
	require.NoError(t, err)
	defer conn.Close()
	for _, q := range []string{"SET autocommit=0", "INSERT INTO Notes (title) VALUES ('c')", "ROLLBACK",
		"INSERT INTO Notes (title) VALUES ('d')", "COMMIT", "SET autocommit=1"} {
		_, err := conn.ExecContext(context.Background(), q)
		require.NoError(t, err, q)
	}
	_, rows := rowsOf(t, client, "SELECT title FROM Notes ORDER BY title")
	assert.Equal(t, [][]string{{"a"}, {"b"}, {"d"}}, rows)
}

// TestKillQuery checks that KILL QUERY from a second connection stops a
// running scan with error 1317, and that the connection id is the one
// the session reports.
func TestKillQuery(t *testing.T) {
	emu := kintonetest.NewServer()
	t.Cleanup(emu.Close)
	bigApp(t, emu, 2000)
	f := startBridge(t, emu)
	client := f.client(t, "")
	ctx := context.Background()
	victim, err := client.Conn(ctx)
	require.NoError(t, err)
	defer victim.Close()
	var id int64
	require.NoError(t, victim.QueryRowContext(ctx, "SELECT CONNECTION_ID()").Scan(&id))
	// Every kintone request now takes 2 s, so the scan (at least two
	// requests one after the other) is surely still running when KILL
	// arrives, however slow the machine: a 500 ms sleep against a 300 ms
	// latency let a loaded CI finish the scan first. Waiting for the scan's
	// first request makes sure KILL does not arrive before the statement.
	// (Not longer: cursor creation is not cancellable by design, and the
	// emulator waits for it when it closes.)
	before := emu.TotalRequests()
	emu.SetLatency(2 * time.Second)
	done := drainAsync(ctx, victim, "SELECT * FROM Big")
	require.Eventually(t, func() bool { return emu.TotalRequests() > before }, 10*time.Second, 10*time.Millisecond)
	_, err = client.Exec(fmt.Sprintf("KILL QUERY %d", id))
	require.NoError(t, err)
	select {
	case err := <-done:
		assert.Equal(t, uint16(1317), mysqlErr(err), "%v", err)
	case <-time.After(5 * time.Second):
		t.Fatal("KILL QUERY did not stop the scan")
	}
	emu.SetLatency(0)
	// The session survives KILL QUERY.
	var one int
	require.NoError(t, victim.QueryRowContext(ctx, "SELECT 1").Scan(&one))
	_, err = client.Exec("KILL QUERY 999999")
	assert.Equal(t, uint16(1094), mysqlErr(err))
}

// TestClientHangupStopsScan checks that a client that goes away during a
// long scan (go-sql-driver closes the connection when its context ends)
// stops the kintone requests at once instead of after the whole scan. The
// aggregate writes nothing until the scan ends, so only watching the
// connection can notice.
func TestClientHangupStopsScan(t *testing.T) {
	emu := kintonetest.NewServer(kintonetest.WithLatency(100 * time.Millisecond))
	t.Cleanup(emu.Close)
	bigApp(t, emu, 10_000)
	f := startBridge(t, emu)
	client := f.client(t, "")
	require.NoError(t, client.Ping())
	requests := func() int { return emu.TotalRequests() }

	ctx, cancel := context.WithCancel(context.Background())
	before := requests()
	errc := drainAsync(ctx, client, "SELECT SUM(n) FROM Big")
	// Hang up once the scan is under way (its first kintone request seen)
	// rather than after a fixed sleep, which on a loaded machine says
	// nothing about how far the scan got.
	require.Eventually(t, func() bool { return requests() > before }, 10*time.Second, 5*time.Millisecond)
	cancel()
	require.Error(t, <-errc)
	// The requests in flight end: wait until the count holds still for
	// 300 ms (noticing the hangup may take a loaded machine longer than a
	// fixed sleep allowed). A bridge that ignores the hangup keeps counting
	// up to the whole scan, which the assertions below reject.
	settled := requests()
	require.Eventually(t, func() bool {
		n := requests()
		still := n == settled
		settled = n
		return still
	}, 10*time.Second, 300*time.Millisecond)
	time.Sleep(600 * time.Millisecond)
	assert.Equal(t, settled, requests(), "no request after the client left")
	assert.Less(t, settled, 20, "the 10,000-record scan (20 pages) stopped early")
}

// TestMalformedPackets sends broken handshake answers and commands: the
// server closes that connection (or answers with an error) and keeps
// serving everyone else.
func TestMalformedPackets(t *testing.T) {
	f := startDemo(t, func(s *Server) { s.LoginTimeout = time.Second })
	good := f.client(t, "")
	garbage := [][]byte{
		{5, 0, 0, 1, 0, 0, 0, 0, 0},                 // a handshake answer too short for its fields
		{40, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 1, 2}, // a length it does not send
		{0xff, 0xff, 0xff, 1, 'x'},                  // a 16 MiB packet that never comes
	}
	for _, g := range garbage {
		raw, err := net.Dial("tcp", f.addr)
		require.NoError(t, err)
		require.NoError(t, raw.SetDeadline(time.Now().Add(5*time.Second)))
		buf := make([]byte, 4096)
		_, err = raw.Read(buf) // greeting
		require.NoError(t, err)
		_, err = raw.Write(g)
		require.NoError(t, err)
		for err == nil {
			_, err = raw.Read(buf)
		}
		var ne net.Error
		assert.False(t, errors.As(err, &ne) && ne.Timeout(), "the server closed the connection: %v", err)
		raw.Close()
		var one int
		require.NoError(t, good.QueryRow("SELECT 1").Scan(&one), "other sessions are unaffected")
	}
	// A logged-in client sending an unknown command gets an error and goes on.
	c, err := client.Connect(f.addr, testUser, testPassword, "kintone")
	require.NoError(t, err)
	defer c.Close()
	command := func(cmd byte) byte {
		c.ResetSequence()
		require.NoError(t, c.WritePacket([]byte{0, 0, 0, 0, cmd}))
		answer, err := c.ReadPacket()
		require.NoError(t, err)
		return answer[0]
	}
	assert.Equal(t, byte(gmysql.ERR_HEADER), command(gmysql.COM_DEBUG), "an error packet")
	r, err := c.Execute("SELECT 1")
	require.NoError(t, err)
	n, err := r.GetInt(0, 0)
	require.NoError(t, err)
	assert.Equal(t, int64(1), n)

	// COM_RESET_CONNECTION puts the session variables back.
	_, err = c.Execute("SET time_zone = '+09:00', @mine = 5")
	require.NoError(t, err)
	assert.Equal(t, byte(gmysql.OK_HEADER), command(gmysql.COM_RESET_CONNECTION))
	r, err = c.Execute("SELECT @@time_zone, @mine")
	require.NoError(t, err)
	tz, err := r.GetString(0, 0)
	require.NoError(t, err)
	assert.Equal(t, "SYSTEM", tz)
	mine, err := r.GetValue(0, 1)
	require.NoError(t, err)
	assert.Nil(t, mine)
}

// TestKillConnectionAndFieldList checks KILL CONNECTION (Superset's cancel)
// and COM_FIELD_LIST.
func TestKillConnectionAndFieldList(t *testing.T) {
	f := startDemo(t)
	c, err := client.Connect(f.addr, testUser, testPassword, "kintone")
	require.NoError(t, err)
	defer c.Close()
	fields, err := c.FieldList("Deals", "")
	require.NoError(t, err)
	require.NotEmpty(t, fields)
	assert.Equal(t, "$id", string(fields[0].Name))

	admin := f.client(t, "")
	_, procs := rowsOf(t, admin, "SHOW PROCESSLIST")
	var ids []string
	for _, p := range procs {
		ids = append(ids, p[0])
		assert.Equal(t, testUser, p[1])
	}
	assert.Contains(t, ids, fmt.Sprint(c.GetConnectionID()))
	_, err = admin.Exec(fmt.Sprintf("KILL %d", c.GetConnectionID()))
	require.NoError(t, err)
	_, err = c.Execute("SELECT 1")
	assert.Error(t, err, "the killed session is closed")
	require.Eventually(t, func() bool {
		var n string
		var v int
		return admin.QueryRow("SHOW STATUS LIKE 'Threads_connected'").Scan(&n, &v) == nil && v == 1
	}, 5*time.Second, 50*time.Millisecond)
}

// TestOversizedCommand checks that a client sending more than
// max_allowed_packet in one command loses its connection, not the
// server its memory.
func TestOversizedCommand(t *testing.T) {
	f := startDemo(t)
	c, err := client.Connect(f.addr, testUser, testPassword, "kintone")
	require.NoError(t, err)
	defer c.Close()
	// Five 16 MiB packets of one COM_QUERY (a packet of 0xffffff bytes
	// continues in the next): 80 MiB, over the 64 MiB limit.
	chunk := make([]byte, 4+0xffffff)
	chunk[0], chunk[1], chunk[2] = 0xff, 0xff, 0xff
	chunk[4] = gmysql.COM_QUERY
	var werr error
	for i := 0; i < 5 && werr == nil; i++ {
		chunk[3] = byte(i)
		_, werr = c.Conn.Conn.Write(chunk)
		chunk[4] = ' '
	}
	require.NoError(t, c.Conn.Conn.SetReadDeadline(time.Now().Add(5*time.Second)))
	_, err = c.Conn.Conn.Read(make([]byte, 16))
	assert.True(t, werr != nil || err != nil, "the connection was closed")
	var ne net.Error
	assert.False(t, errors.As(err, &ne) && ne.Timeout(), "closed, not left hanging: %v", err)
	var one int
	require.NoError(t, f.client(t, "").QueryRow("SELECT 1").Scan(&one))
}

// TestPreparedStatementErrorCodes checks that errors of server-side
// prepared statements (go-sql-driver sends a query with arguments as
// COM_STMT_PREPARE + COM_STMT_EXECUTE) keep their MySQL code and message
// as text queries do, and that the session goes on.
func TestPreparedStatementErrorCodes(t *testing.T) {
	f := startDemo(t)
	client := f.client(t, "")
	client.SetMaxOpenConns(1)
	for query, code := range map[string]uint16{
		"SELECT nope FROM Deals WHERE $id = ?":    1054,
		"SELECT * FROM NoSuchTable WHERE $id = ?": 1146,
		"UPDATE Deals SET nope = ? WHERE $id = 1": 1054,
	} {
		_, err := client.Exec(query, 1)
		me := requireMySQLError(t, err, query, code, map[uint16]string{1054: "42S22", 1146: "42S02"}[code])
		assert.NotContains(t, me.Message, "ERROR ", "the message is the driver's, not a wrapped MySQL error")
	}
	var n int64
	require.NoError(t, client.QueryRow("SELECT COUNT(*) FROM Deals WHERE $id <= ?", 3).Scan(&n))
	assert.EqualValues(t, 3, n)
	_, err := client.Exec("SELECT nope FROM Deals")
	assert.EqualValues(t, 1054, mysqlErr(err), "a text query after them: %v", err)
}

// TestWithBeforeWrite checks that WITH ... UPDATE and WITH ... DELETE run
// as writes over the bridge (text and prepared), reporting affected rows.
func TestWithBeforeWrite(t *testing.T) {
	f := startDemo(t)
	client := f.client(t, "")
	res, err := client.Exec("WITH big AS (SELECT $id FROM Deals WHERE amount > 2000000) UPDATE Deals SET stage = '受注' WHERE $id IN (SELECT $id FROM big)")
	require.NoError(t, err)
	n, err := res.RowsAffected()
	require.NoError(t, err)
	assert.EqualValues(t, 2, n)
	res, err = client.Exec("WITH big AS (SELECT $id FROM Deals WHERE amount > ?) DELETE FROM Deals WHERE $id IN (SELECT $id FROM big)", 2000000)
	require.NoError(t, err)
	n, err = res.RowsAffected()
	require.NoError(t, err)
	assert.EqualValues(t, 2, n)
	var left int64
	require.NoError(t, client.QueryRow("WITH d AS (SELECT amount FROM Deals) SELECT COUNT(*) FROM d WHERE amount > 2000000").Scan(&left))
	assert.Zero(t, left)
}
