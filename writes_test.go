package kintone

import (
	"github.com/stretchr/testify/require"

	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strings"
	"testing"

	"github.com/kintone-sql/kintone/kintonetest"
)

// writesApp creates the Deals app (field labels equal their codes) with
// every writable field type, a unique key, a calculated field, a subtable
// and a process, plus the users, organization and group its values name.
func writesApp(t testing.TB, srv *kintonetest.Server) int64 {
	t.Helper()
	for _, u := range []string{"alice", "bob"} {
		if _, err := srv.AddUser(kintonetest.User{Code: u, Password: "pw"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := srv.AddOrganization(kintonetest.Organization{Code: "sales", Name: "Sales"}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.AddGroup(kintonetest.Group{Code: "leads", Name: "Leads"}); err != nil {
		t.Fatal(err)
	}
	unique := field(kintonetest.TypeSingleLineText, "code")
	unique.Unique = true
	calc := field(kintonetest.TypeCalc, "double")
	calc.Expression = "amount*2"
	lines := field(kintonetest.TypeSubtable, "lines")
	lines.Fields = []*kintonetest.Field{field(kintonetest.TypeSingleLineText, "item"), field(kintonetest.TypeNumber, "qty")}
	return createApp(t, srv, kintonetest.AppSpec{Name: "Deals", Fields: []*kintonetest.Field{
		field(kintonetest.TypeSingleLineText, "name"),
		unique,
		field(kintonetest.TypeMultiLineText, "memo"),
		field(kintonetest.TypeRichText, "rich"),
		field(kintonetest.TypeLink, "site"),
		field(kintonetest.TypeNumber, "amount"),
		calc,
		field(kintonetest.TypeRadioButton, "radio", "A", "B", "C"),
		field(kintonetest.TypeDropDown, "pulldown", "A", "B", "C"),
		field(kintonetest.TypeCheckBox, "checks", "A", "B", "C"),
		field(kintonetest.TypeMultiSelect, "multi", "A", "B", "C"),
		field(kintonetest.TypeDate, "day"),
		field(kintonetest.TypeTime, "clock"),
		field(kintonetest.TypeDateTime, "at"),
		field(kintonetest.TypeUserSelect, "users"),
		field(kintonetest.TypeOrganizationSelect, "orgs"),
		field(kintonetest.TypeGroupSelect, "groups"),
		field(kintonetest.TypeFile, "files"),
		lines,
	}, Process: &kintonetest.ProcessManagement{Enable: true,
		States: []kintonetest.State{{Name: "Open", AssigneeType: "ANY"}, {Name: "Won", AssigneeType: "ANY"}, {Name: "Lost", AssigneeType: "ANY"}},
		Actions: []kintonetest.Action{
			{Name: "Win", From: "Open", To: "Won"},
			{Name: "Lose", From: "Open", To: "Lost"},
		}}})
}

// writesDB starts an emulator with the Deals app and opens a database.
func writesDB(t testing.TB) (*kintonetest.Server, *sql.DB, int64) {
	t.Helper()
	srv := startServer(t)
	app := writesApp(t, srv)
	db, _ := openDB(t, srv, serverConfig(srv))
	return srv, db, app
}

// mustExec runs a write and returns its result.
func mustExec(t testing.TB, db *sql.DB, query string, args ...any) sql.Result {
	t.Helper()
	res, err := db.Exec(query, args...)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return res
}

// affected returns RowsAffected.
func affected(t testing.TB, res sql.Result) int64 {
	t.Helper()
	n, err := res.RowsAffected()
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestWriteStatementForms(t *testing.T) {
	srv, db, app := writesDB(t)
	ctx := context.Background()

	res := mustExec(t, db, "INSERT INTO Deals (name, code, amount) VALUES (?, ?, ?)", "one", "k1", 10)
	id, err := res.LastInsertId()
	if err != nil || id == 0 || affected(t, res) != 1 {
		t.Fatalf("single-row INSERT: id %d, %v", id, err)
	}
	if got := queryStrings(t, db, "SELECT name, amount, double FROM Deals WHERE $id = ?", id); !reflect.DeepEqual(got, [][]string{{"one", "10", "20"}}) {
		t.Errorf("read back %v", got)
	}

	var rep WriteReport
	res, err = db.ExecContext(WithWriteReport(ctx, &rep), "INSERT INTO Deals (name, code, amount) VALUES ('two', 'k2', 2), ('three', 'k3', 3)")
	if err != nil || affected(t, res) != 2 || len(rep.IDs()) != 2 {
		t.Fatalf("multi-row INSERT: %v, ids %v", err, rep.IDs())
	}
	if got := queryStrings(t, db, "SELECT name FROM Deals WHERE $id = ?", rep.IDs()[1]); got[0][0] != "three" {
		t.Errorf("second new id holds %v", got)
	}

	mustExec(t, db, "INSERT INTO Deals SET name = 'four', code = 'k4', amount = 4")

	// Expressions on the old value, with WHERE pushdown.
	res = mustExec(t, db, "UPDATE Deals SET amount = amount + 1, memo = CONCAT(name, '!') WHERE amount >= 3")
	if n := affected(t, res); n != 3 {
		t.Errorf("UPDATE matched %d rows, want 3", n)
	}
	if got := queryStrings(t, db, "SELECT name, amount, memo FROM Deals WHERE code = 'k4'"); !reflect.DeepEqual(got, [][]string{{"four", "5", "four!"}}) {
		t.Errorf("after UPDATE: %v", got)
	}

	// A table alias qualifies SET and WHERE columns.
	if n := affected(t, mustExec(t, db, "UPDATE Deals d SET d.memo = CONCAT(d.code, '#') WHERE d.code = 'k1'")); n != 1 {
		t.Errorf("UPDATE with an alias: %d rows", n)
	}

	// By id: written without a read.
	srv.ResetCounters()
	if n := affected(t, mustExec(t, db, "UPDATE Deals SET name = ? WHERE $id = ?", "uno", id)); n != 1 {
		t.Errorf("UPDATE by id: %d rows", n)
	}
	if got := srv.RequestCounts(); got["GET /k/v1/records.json"] != 0 || got["PUT /k/v1/records.json"] != 1 {
		t.Errorf("UPDATE by id sent %v", got)
	}

	// Explicit optimistic lock.
	_, err = db.Exec("UPDATE Deals SET name = 'x' WHERE $id = ? AND $revision = 1", id)
	if !errors.Is(err, ErrConflict) {
		t.Errorf("stale $revision: %v, want ErrConflict", err)
	}
	if n := affected(t, mustExec(t, db, "UPDATE Deals SET name = 'x' WHERE $id = ? AND $revision = 4", id)); n != 1 {
		t.Errorf("current $revision: %d rows", n)
	}

	// Upsert on the unique code.
	res = mustExec(t, db, "INSERT INTO Deals (code, name) VALUES ('k2', 'deux'), ('k9', 'nine') ON DUPLICATE KEY UPDATE name = VALUES(name)")
	if n := affected(t, res); n != 3 {
		t.Errorf("upsert RowsAffected %d, want 3 (2 + 1)", n)
	}
	if got := queryStrings(t, db, "SELECT name FROM Deals WHERE code IN ('k2', 'k9') ORDER BY code"); !reflect.DeepEqual(got, [][]string{{"deux"}, {"nine"}}) {
		t.Errorf("after upsert: %v", got)
	}
	_, err = db.Exec("INSERT INTO Deals (name, amount) VALUES ('a', 1) ON DUPLICATE KEY UPDATE amount = VALUES(amount)")
	if err == nil || !strings.Contains(err.Error(), "needs a key") {
		t.Errorf("upsert without a unique key: %v", err)
	}

	// INSERT ... SELECT across apps.
	numberedApp(t, srv, "Numbers", 5)
	if err := refresh(db); err != nil {
		t.Fatal(err)
	}
	res = mustExec(t, db, "INSERT INTO Deals (name, amount) SELECT label, n * 100 FROM Numbers WHERE n > 3")
	if n := affected(t, res); n != 2 {
		t.Errorf("INSERT ... SELECT: %d rows", n)
	}
	// INSERT ... WITH ... SELECT, the placeholder inside the CTE.
	res = mustExec(t, db, "INSERT INTO Deals (name, amount) WITH big AS (SELECT label, n FROM Numbers WHERE n >= ?) SELECT label, n * 1000 FROM big", 5)
	require.EqualValues(t, 1, affected(t, res))
	require.Equal(t, [][]string{{"5000"}}, queryStrings(t, db, "SELECT amount FROM Deals WHERE amount >= 5000"))
	require.EqualValues(t, 1, affected(t, mustExec(t, db, "DELETE FROM Deals WHERE amount = 5000")))

	// DELETE with a client-side condition.
	res = mustExec(t, db, "DELETE FROM Deals WHERE name LIKE 'r%' AND amount > 0")
	if n := affected(t, res); n != 2 || srv.RecordCount(app) != 5 {
		t.Errorf("DELETE: %d rows, %d left", n, srv.RecordCount(app))
	}
	if n := affected(t, mustExec(t, db, "DELETE FROM Deals WHERE $id IN (?, 99999)", id)); n != 1 {
		t.Errorf("DELETE by ids with a missing one: %d rows", n)
	}
}

// refresh makes db see apps created after it was opened.
func refresh(db *sql.DB) error {
	c, err := db.Conn(context.Background())
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Raw(func(dc any) error { return dc.(*conn).c.RefreshSchema(context.Background()) })
}

func TestWriteBatchRequestsThroughSQL(t *testing.T) {
	for _, n := range []int{1, 100, 101, 2000, 2001} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			srv, db, app := writesDB(t)
			var b strings.Builder
			args := make([]any, 0, 2*n)
			b.WriteString("INSERT INTO Deals (name, amount) VALUES ")
			for i := range n {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString("(?, ?)")
				args = append(args, fmt.Sprint("n", i), i)
			}
			srv.ResetCounters()
			var rep WriteReport
			if _, err := db.ExecContext(WithWriteReport(context.Background(), &rep), b.String(), args...); err != nil {
				t.Fatal(err)
			}
			bulk, posts := (n+1999)/2000, 0
			if n <= 100 {
				bulk, posts = 0, 1
			}
			got := srv.RequestCounts()
			if got["POST /k/v1/bulkRequest.json"] != bulk || got["POST /k/v1/records.json"] != posts || srv.RecordCount(app) != n || len(rep.IDs()) != n {
				t.Errorf("%d rows: requests %v, %d records, %d ids", n, got, srv.RecordCount(app), len(rep.IDs()))
			}
		})
	}
}

func TestWriteAtomicBadRowLeavesAppUnchanged(t *testing.T) {
	srv, db, app := writesDB(t)
	mustExec(t, db, "INSERT INTO Deals (code) VALUES ('taken')")
	var b strings.Builder
	b.WriteString("INSERT INTO Deals (name, code) VALUES ")
	for i := range 2000 {
		if i > 0 {
			b.WriteString(", ")
		}
		code := fmt.Sprint("c", i)
		if i == 1500 {
			code = "taken"
		}
		fmt.Fprintf(&b, "('n%d', '%s')", i, code)
	}
	_, err := db.Exec(b.String())
	var we *WriteError
	if !errors.As(err, &we) || len(we.Fields) != 1 || we.Fields[0].Row != 1501 || we.Fields[0].Column != "code" {
		t.Fatalf("error %v", err)
	}
	if srv.RecordCount(app) != 1 {
		t.Errorf("%d records after a refused 2,000-row insert, want 1", srv.RecordCount(app))
	}
}

func TestWriteReadOnlyColumnsThroughSQL(t *testing.T) {
	srv, db, _ := writesDB(t)
	mustExec(t, db, "INSERT INTO Deals (name) VALUES ('x')")
	cases := []struct{ query, column string }{
		{"INSERT INTO Deals ($id, name) VALUES (5, 'a')", "$id"},
		{"INSERT INTO Deals (name, double) VALUES ('a', 1)", "double"},
		{"INSERT INTO Deals (name, ステータス) VALUES ('a', 'Won')", "ステータス"},
		{"INSERT INTO Deals (name, 作業者) VALUES ('a', 'alice')", "作業者"},
		{"INSERT INTO Deals (レコード番号) VALUES ('7')", "レコード番号"},
		{"INSERT INTO Deals (`作成者 Name`) VALUES ('x')", "作成者 Name"},
		{"UPDATE Deals SET $revision = 3", "$revision"},
		{"UPDATE Deals SET double = 3", "double"},
		{"UPDATE Deals SET レコード番号 = '9'", "レコード番号"},
		{"UPDATE Deals SET `作成者 Code` = 'alice'", "作成者 Code"},
		{"UPDATE Deals SET 作成日時 = NOW()", "作成日時"},
		{"UPDATE Deals SET 更新日時 = NOW()", "更新日時"},
		{"UPDATE Deals_lines SET $row_id = 3", "$row_id"},
		{"UPDATE Deals_lines SET $id = 3", "$id"},
	}
	for _, tc := range cases {
		srv.ResetCounters()
		_, err := db.Exec(tc.query)
		if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), fmt.Sprintf("%q", tc.column)) {
			t.Errorf("%s: %v, want ErrReadOnly naming %q", tc.query, err, tc.column)
		}
		if got := srv.RequestCounts(); got["PUT /k/v1/records.json"]+got["POST /k/v1/records.json"] != 0 {
			t.Errorf("%s: sent %v", tc.query, got)
		}
	}
	// Creation-time system fields may be given on INSERT by an administrator.
	res := mustExec(t, db, "INSERT INTO Deals (name, `作成者 Code`, 作成日時) VALUES ('old', 'alice', '2020-01-02T03:04:00Z')")
	id, _ := res.LastInsertId()
	if got := queryStrings(t, db, "SELECT `作成者 Code`, 作成日時 FROM Deals WHERE $id = ?", id); got[0][0] != "alice" || !strings.HasPrefix(got[0][1], "2020-01-02") {
		t.Errorf("system fields on insert: %v", got)
	}
}

func TestWriteRoundTripEveryType(t *testing.T) {
	_, db, _ := writesDB(t)
	cols := "name, memo, rich, site, amount, radio, pulldown, checks, multi, day, clock, at, users, orgs, groups"
	res := mustExec(t, db, "INSERT INTO Deals (code, "+cols+") VALUES ('src', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		"名前 'quoted'", "line 1\nline 2", "<b>bold</b>", "https://example.com/a?b=c", "-1234567890.0123456789",
		"B", "C", `["A","C"]`, "B", "2024-02-29", "23:59", "2024-03-01T10:20:00+09:00",
		`["alice","bob"]`, "sales", `[{"code":"leads"}]`)
	src, _ := res.LastInsertId()
	mustExec(t, db, "INSERT INTO Deals_lines ($id, item, qty) VALUES (?, 'pen', 3), (?, NULL, 0.5)", src, src)

	first := queryStrings(t, db, "SELECT "+cols+" FROM Deals WHERE $id = ?", src)[0]
	want := []string{"名前 'quoted'", "line 1\nline 2", "<b>bold</b>", "https://example.com/a?b=c", "-1234567890.0123456789",
		"B", "C", `["A","C"]`, `["B"]`, "2024-02-29", "0000-01-01T23:59:00Z", "2024-03-01T01:20:00Z",
		`[{"code":"alice","name":"alice"},{"code":"bob","name":"bob"}]`, `[{"code":"sales","name":"Sales"}]`, `[{"code":"leads","name":"Leads"}]`}
	for i, w := range want {
		if !strings.HasPrefix(first[i], w) {
			t.Errorf("column %d (%s): read %q, want %q", i, strings.Split(cols, ", ")[i], first[i], w)
		}
	}

	// What SQL reads, SQL writes back identically.
	res = mustExec(t, db, "INSERT INTO Deals (code, "+cols+") SELECT 'copy', "+cols+" FROM Deals WHERE $id = ?", src)
	dst, _ := res.LastInsertId()
	mustExec(t, db, "INSERT INTO Deals_lines ($id, item, qty) SELECT ?, item, qty FROM Deals_lines WHERE $id = ?", dst, src)
	if second := queryStrings(t, db, "SELECT "+cols+" FROM Deals WHERE $id = ?", dst)[0]; !reflect.DeepEqual(first, second) {
		t.Errorf("round trip differs:\n first %q\nsecond %q", first, second)
	}
	a := queryStrings(t, db, "SELECT item, qty FROM Deals_lines WHERE $id = ?", src)
	b := queryStrings(t, db, "SELECT item, qty FROM Deals_lines WHERE $id = ?", dst)
	if !reflect.DeepEqual(a, b) || len(a) != 2 || a[1][0] != "NULL" {
		t.Errorf("subtable round trip: %v vs %v", a, b)
	}
}

func TestWriteSubtableRowsThroughSQL(t *testing.T) {
	_, db, _ := writesDB(t)
	res := mustExec(t, db, "INSERT INTO Deals (name) VALUES ('parent')")
	id, _ := res.LastInsertId()
	mustExec(t, db, "INSERT INTO Deals_lines ($id, item, qty) VALUES (?, 'pen', 1), (?, 'ink', 2), (?, 'cap', 3)", id, id, id)
	before := queryStrings(t, db, "SELECT $row_id, item FROM Deals_lines WHERE $id = ?", id)
	if n := affected(t, mustExec(t, db, "UPDATE Deals_lines SET qty = qty * 10 WHERE item <> 'ink'")); n != 2 {
		t.Errorf("UPDATE subtable: %d rows", n)
	}
	if n := affected(t, mustExec(t, db, "DELETE FROM Deals_lines WHERE item = 'ink'")); n != 1 {
		t.Errorf("DELETE subtable: %d rows", n)
	}
	got := queryStrings(t, db, "SELECT $row_id, item, qty FROM Deals_lines WHERE $id = ?", id)
	want := [][]string{{before[0][0], "pen", "10"}, {before[2][0], "cap", "30"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("rows %v, want %v (row ids kept)", got, want)
	}
	if got := queryStrings(t, db, "SELECT $revision FROM Deals WHERE $id = ?", id); got[0][0] != "4" {
		t.Errorf("revision %s, want 4", got[0][0])
	}
}

func TestWriteStatusCommentsAndFiles(t *testing.T) {
	_, db, app := writesDB(t)
	ctx := context.Background()
	res := mustExec(t, db, "INSERT INTO Deals (name, amount) VALUES ('a', 1), ('b', 2)")
	id, _ := res.LastInsertId()

	mustExec(t, db, "UPDATE Deals SET ステータス = 'Won' WHERE amount = 1")
	mustExec(t, db, "UPDATE Deals SET ステータス = 'Lose' WHERE amount = 2") // by action name
	if got := queryStrings(t, db, "SELECT amount, ステータス FROM Deals ORDER BY amount"); !reflect.DeepEqual(got, [][]string{{"1", "Won"}, {"2", "Lost"}}) {
		t.Errorf("statuses %v", got)
	}
	if _, err := db.Exec("UPDATE Deals SET ステータス = 'Open' WHERE amount = 1"); err == nil || !strings.Contains(err.Error(), "no action") {
		t.Errorf("unreachable status: %v", err)
	}
	mustExec(t, db, "UPDATE Deals SET 作業者 = ? WHERE $id = ?", `["alice","bob"]`, id)
	if got := queryStrings(t, db, "SELECT 作業者 FROM Deals WHERE $id = ?", id); !strings.Contains(got[0][0], `"alice"`) || !strings.Contains(got[0][0], `"bob"`) {
		t.Errorf("assignees %v", got)
	}

	res = mustExec(t, db, "INSERT INTO Comments (AppId, RecordId, Text, Mentions) VALUES (?, ?, 'hello', '[\"alice\"]')", app, id)
	cid, _ := res.LastInsertId()
	if got := queryStrings(t, db, "SELECT Id, Text FROM Comments WHERE AppId = ? AND RecordId = ?", app, id); len(got) != 1 || got[0][0] != fmt.Sprint(cid) || !strings.Contains(got[0][1], "hello") {
		t.Errorf("comments %v", got)
	}
	if n := affected(t, mustExec(t, db, "DELETE FROM Comments WHERE AppId = ? AND RecordId = ? AND Id = ?", app, id, cid)); n != 1 {
		t.Errorf("comment delete: %d", n)
	}
	if _, err := db.Exec("DELETE FROM Comments WHERE AppId = 1"); err == nil || !strings.Contains(err.Error(), "RecordId") {
		t.Errorf("comment delete without keys: %v", err)
	}

	content := []byte("%PDF-1.4 quote")
	key, err := UploadFile(ctx, db, "quote.pdf", "application/pdf", bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	mustExec(t, db, "UPDATE Deals SET files = ? WHERE $id = ?", key, id)
	var files string
	if err := db.QueryRow("SELECT files FROM Deals WHERE $id = ?", id).Scan(&files); err != nil {
		t.Fatal(err)
	}
	i := strings.Index(files, `"fileKey":"`)
	if i < 0 || !strings.Contains(files, `"name":"quote.pdf"`) {
		t.Fatalf("files %s", files)
	}
	dl := files[i+len(`"fileKey":"`):]
	dl = dl[:strings.IndexByte(dl, '"')]
	body, typ, err := DownloadFile(ctx, db, dl)
	if err != nil {
		t.Fatal(err)
	}
	defer body.Close()
	got, _ := io.ReadAll(body)
	if !bytes.Equal(got, content) || !strings.HasPrefix(typ, "application/pdf") {
		t.Errorf("downloaded %q (%s)", got, typ)
	}
}

func TestWriteTransactions(t *testing.T) {
	srv, db, app := writesDB(t)
	ctx := context.Background()
	mustExec(t, db, "INSERT INTO Deals (name, amount) VALUES ('keep', 1)")

	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	srv.ResetCounters()
	res, err := tx.Exec("INSERT INTO Deals (name, amount) VALUES ('new', 2)")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("UPDATE Deals SET amount = amount + 10 WHERE name = 'keep'"); err != nil {
		t.Fatal(err)
	}
	if id, err := res.LastInsertId(); id != 0 || err != nil {
		t.Errorf("LastInsertId before Commit: %d, %v (want 0, no error)", id, err)
	}
	if got := queryStrings(t, db, "SELECT COUNT(*) FROM Deals"); got[0][0] != "1" {
		t.Errorf("pending writes visible before Commit: %v", got)
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	if got := srv.RequestCounts(); got["POST /k/v1/bulkRequest.json"] != 1 {
		t.Errorf("commit sent %v", got)
	}
	id, err := res.LastInsertId()
	if err != nil || queryStrings(t, db, "SELECT name FROM Deals WHERE $id = ?", id)[0][0] != "new" {
		t.Errorf("LastInsertId after Commit: %d %v", id, err)
	}
	if got := queryStrings(t, db, "SELECT amount FROM Deals WHERE name = 'keep'"); got[0][0] != "11" {
		t.Errorf("committed update: %v", got)
	}

	tx, _ = db.BeginTx(ctx, nil)
	if _, err := tx.Exec("DELETE FROM Deals"); err != nil {
		t.Fatal(err)
	}
	if err := tx.Rollback(); err != nil || srv.RecordCount(app) != 2 {
		t.Errorf("rollback: %v, %d records", err, srv.RecordCount(app))
	}

	// Too large: 21 requests' worth of statements; nothing is written.
	tx, _ = db.BeginTx(ctx, nil)
	var failed error
	for i := range 21 {
		_, failed = tx.Exec("INSERT INTO Deals (name) VALUES ('x')")
		if failed != nil {
			break
		}
		// An update between inserts keeps them from sharing a request.
		if _, failed = tx.Exec("UPDATE Deals SET memo = ? WHERE $id = ?", fmt.Sprint(i), id); failed != nil {
			break
		}
	}
	if !errors.Is(failed, ErrTxTooLarge) {
		t.Errorf("oversized transaction: %v", failed)
	}
	if err := tx.Commit(); !errors.Is(err, ErrTxTooLarge) || srv.RecordCount(app) != 2 {
		t.Errorf("oversized Commit: %v, %d records", err, srv.RecordCount(app))
	}

	ro, err := db.BeginTx(ctx, &sql.TxOptions{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	if got := ro.QueryRow("SELECT COUNT(*) FROM Deals"); got.Err() != nil {
		t.Error(got.Err())
	}
	if _, err := ro.Exec("INSERT INTO Deals (name) VALUES ('x')"); err == nil {
		t.Error("a read-only transaction accepted a write")
	}
	ro.Rollback()
	if _, err := db.BeginTx(ctx, &sql.TxOptions{Isolation: sql.LevelSerializable}); err == nil {
		t.Error("SERIALIZABLE was accepted")
	}
}

func TestWriteCommitErrorNamesStatement(t *testing.T) {
	srv, db, app := writesDB(t)
	id, _ := mustExec(t, db, "INSERT INTO Deals (name, code) VALUES ('old', 'k1')").LastInsertId()
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{
		"INSERT INTO Deals (name, code) VALUES ('C1', 'k2')",
		"UPDATE Deals SET name = 'renamed' WHERE $id = " + fmt.Sprint(id),
		"INSERT INTO Deals (name, code)\n  VALUES ('dup', 'k1'), ('a name long enough to be cut', 'k3')",
	} {
		if _, err := tx.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	err = tx.Commit()
	want := `statement 3 (INSERT INTO Deals (name, code) VALUES ('dup', 'k1'), ('a na…), row 1, column "code"`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("Commit: %v\nwant it to contain %s", err, want)
	}
	if srv.RecordCount(app) != 1 {
		t.Errorf("%d records after a refused commit, want 1", srv.RecordCount(app))
	}
}
