package kintone

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/kintone-sql/kintone/kintonetest"
)

// dirWriteServer seeds organizations sales > east (east described), a
// title mgr, groups devs and ops, users sato (in east as mgr, in devs) and
// suzuki, and a non-admin user clerk.
func dirWriteServer(t *testing.T) (*kintonetest.Server, *sql.DB) {
	t.Helper()
	srv := startServer(t)
	for _, err := range []error{
		second(srv.AddOrganization(kintonetest.Organization{Code: "sales", Name: "Sales"})),
		second(srv.AddOrganization(kintonetest.Organization{Code: "east", Name: "East", ParentCode: "sales", Description: "eastern office"})),
		second(srv.AddTitle(kintonetest.Title{Code: "mgr", Name: "Manager"})),
		second(srv.AddGroup(kintonetest.Group{Code: "devs", Name: "Developers"})),
		second(srv.AddGroup(kintonetest.Group{Code: "ops", Name: "Operations"})),
		second(srv.AddUser(kintonetest.User{Code: "sato", Name: "Sato"})),
		second(srv.AddUser(kintonetest.User{Code: "suzuki", Name: "Suzuki"})),
		second(srv.AddUser(kintonetest.User{Code: "clerk", Name: "Clerk", Password: "clerkpw"})),
		srv.SetUserOrganizations("sato", []kintonetest.OrgMembership{{Org: "east", Title: "mgr"}}),
		srv.SetGroupMembers("devs", []string{"sato"}),
	} {
		if err != nil {
			t.Fatal(err)
		}
	}
	return srv, openDSN(t, srv, "")
}

// writeErr runs a write that must fail and returns its error.
func writeErr(t *testing.T, db *sql.DB, query string, args ...any) error {
	t.Helper()
	_, err := db.Exec(query, args...)
	if err == nil {
		t.Fatalf("%s: no error", query)
	}
	return err
}

// userAPIWrites returns the User API write counts since the last reset.
func userAPIWrites(srv *kintonetest.Server) map[string]int {
	out := map[string]int{}
	for k, n := range srv.RequestCounts() {
		if strings.Contains(k, " /v1/") && !strings.HasPrefix(k, "GET ") {
			out[k] = n
		}
	}
	return out
}

func TestDirectoryWriteStatements(t *testing.T) {
	srv, db := dirWriteServer(t)
	tests := []struct {
		name     string
		exec     string
		args     []any
		affected int64
		writes   map[string]int
		check    string
		want     [][]string
	}{
		{name: "insert users",
			exec:     "INSERT INTO Users (Code, Name, Password, Email, BirthDate, Valid, SortOrder) VALUES (?, ?, ?, ?, ?, ?, ?), ('kato', 'Kato', 'pw2', NULL, NULL, TRUE, NULL)",
			args:     []any{"tanaka", "Tanaka", "pw1", "t@example.com", "1990-04-01", false, int64(3)},
			affected: 2, writes: map[string]int{"POST /v1/users.json": 1},
			check: "SELECT Code, Name, Email, BirthDate, Valid, SortOrder FROM Users WHERE Code IN ('tanaka', 'kato') ORDER BY Code",
			want: [][]string{{"kato", "Kato", "NULL", "NULL", "true", "NULL"},
				{"tanaka", "Tanaka", "t@example.com", "1990-04-01T00:00:00Z", "false", "3"}}},
		{name: "update users, clearing with NULL",
			exec:     "UPDATE Users SET Name = CONCAT(Name, '!'), Email = NULL, BirthDate = '1991-02-03' WHERE Code IN ('tanaka', 'kato')",
			affected: 2, writes: map[string]int{"PUT /v1/users.json": 1},
			check: "SELECT Code, Name, Email, BirthDate FROM Users WHERE Code IN ('tanaka', 'kato') ORDER BY Code",
			want:  [][]string{{"kato", "Kato!", "NULL", "1991-02-03T00:00:00Z"}, {"tanaka", "Tanaka!", "NULL", "1991-02-03T00:00:00Z"}}},
		{name: "primary organization by id",
			exec:     "UPDATE Users SET PrimaryOrganizationId = 2 WHERE Code = 'sato'",
			affected: 1, writes: map[string]int{"PUT /v1/users.json": 1},
			check: "SELECT PrimaryOrganizationId FROM Users WHERE Code = 'sato'", want: [][]string{{"2"}}},
		{name: "rename a user with another column",
			exec:     "UPDATE Users SET Code = 'kato2', Name = 'Kato Two' WHERE Code = 'kato'",
			affected: 1, writes: map[string]int{"PUT /v1/users.json": 1, "PUT /v1/users/codes.json": 1},
			check: "SELECT Code, Name FROM Users WHERE Code LIKE 'kato%'", want: [][]string{{"kato2", "Kato Two"}}},
		{name: "delete users by code",
			exec:     "DELETE FROM Users WHERE Code IN ('tanaka', 'kato2')",
			affected: 2, writes: map[string]int{"DELETE /v1/users.json": 1},
			check: "SELECT COUNT(*) FROM Users WHERE Code IN ('tanaka', 'kato2')", want: [][]string{{"0"}}},
		{name: "insert organizations (parent first)",
			exec:     "INSERT INTO Organizations (Code, Name, ParentCode, Description) VALUES ('west', 'West', 'sales', 'w'), ('west2', 'West 2', 'west', NULL)",
			affected: 2, writes: map[string]int{"POST /v1/organizations.json": 1},
			check: "SELECT Code, ParentCode, Description FROM Organizations WHERE Code LIKE 'west%' ORDER BY Code",
			want:  [][]string{{"west", "sales", "w"}, {"west2", "west", "NULL"}}},
		{name: "update an organization keeps its description",
			exec:     "UPDATE Departments SET Name = 'East Office' WHERE Code = 'east'",
			affected: 1, writes: map[string]int{"PUT /v1/organizations.json": 1},
			check: "SELECT Name, Description FROM Organizations WHERE Code = 'east'", want: [][]string{{"East Office", "eastern office"}}},
		{name: "rename an organization",
			exec:     "UPDATE Organizations SET Code = 'westside' WHERE Code = 'west2'",
			affected: 1, writes: map[string]int{"PUT /v1/organizations/codes.json": 1},
			check: "SELECT Code FROM Organizations WHERE Code LIKE 'west%' ORDER BY Code", want: [][]string{{"west"}, {"westside"}}},
		{name: "delete organizations",
			exec:     "DELETE FROM Organizations WHERE Code = 'westside'",
			affected: 1, writes: map[string]int{"DELETE /v1/organizations.json": 1},
			check: "SELECT COUNT(*) FROM Organizations", want: [][]string{{"3"}}},
		{name: "insert a group",
			exec:     "INSERT INTO Groups VALUES ('qa', 'Quality', 'testers')",
			affected: 1, writes: map[string]int{"POST /v1/groups.json": 1},
			check: "SELECT Code, Name, Description FROM Groups WHERE Code = 'qa'", want: [][]string{{"qa", "Quality", "testers"}}},
		{name: "update and rename a group",
			exec:     "UPDATE Groups g SET g.Description = NULL, Code = 'qa2' WHERE Code = 'qa'",
			affected: 1, writes: map[string]int{"PUT /v1/groups.json": 1, "PUT /v1/groups/codes.json": 1},
			check: "SELECT Code, Description FROM Groups WHERE Code LIKE 'qa%'", want: [][]string{{"qa2", "NULL"}}},
		{name: "delete a group",
			exec:     "DELETE FROM Groups WHERE Code = 'qa2'",
			affected: 1, writes: map[string]int{"DELETE /v1/groups.json": 1},
			check: "SELECT Code FROM Groups ORDER BY Code", want: [][]string{{"devs"}, {"ops"}}},
		{name: "update nothing matched",
			exec:     "UPDATE Users SET Name = 'x' WHERE Code = 'nobody'",
			affected: 0, writes: map[string]int{},
			check: "SELECT COUNT(*) FROM Users WHERE Name = 'x'", want: [][]string{{"0"}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv.ResetCounters()
			res := mustExec(t, db, tt.exec, tt.args...)
			if n := affected(t, res); n != tt.affected {
				t.Errorf("RowsAffected = %d, want %d", n, tt.affected)
			}
			if got := userAPIWrites(srv); !maps.Equal(got, tt.writes) {
				t.Errorf("writes %v, want %v", got, tt.writes)
			}
			if tt.want != nil {
				if got := queryStrings(t, db, tt.check); !slices.EqualFunc(got, tt.want, slices.Equal) {
					t.Errorf("%s = %v, want %v", tt.check, got, tt.want)
				}
			}
		})
	}
	if _, err := db.Exec("UPDATE Users SET PrimaryOrganizationId = 99 WHERE Code = 'sato'"); err == nil ||
		!strings.Contains(err.Error(), `row 1: column "PrimaryOrganizationId": there is no organization with id 99`) {
		t.Errorf("unknown organization id: %v", err)
	}
}

func TestDirectoryInsertChunksAt100(t *testing.T) {
	srv, db := dirWriteServer(t)
	var rows []string
	for i := 1; i <= 101; i++ {
		rows = append(rows, fmt.Sprintf("('n%03d', 'N %d', 'pw')", i, i))
	}
	srv.ResetCounters()
	res := mustExec(t, db, "INSERT INTO Users (Code, Name, Password) VALUES "+strings.Join(rows, ", "))
	if n := affected(t, res); n != 101 {
		t.Errorf("RowsAffected = %d", n)
	}
	if n := srv.RequestCount("POST /v1/users.json"); n != 2 {
		t.Errorf("POST /v1/users.json: %d requests, want 2", n)
	}
	if got := queryStrings(t, db, "SELECT COUNT(*) FROM Users WHERE Code LIKE 'n%'"); got[0][0] != "101" {
		t.Errorf("%v users added", got)
	}
	// DELETE chunks the same way.
	srv.ResetCounters()
	mustExec(t, db, "DELETE FROM Users WHERE Code LIKE 'n%'")
	if n := srv.RequestCount("DELETE /v1/users.json"); n != 2 {
		t.Errorf("DELETE /v1/users.json: %d requests, want 2", n)
	}
}

func TestDirectoryWriteAtomicity(t *testing.T) {
	srv, db := dirWriteServer(t)
	count := func() string { return queryStrings(t, db, "SELECT COUNT(*) FROM Users")[0][0] }
	before := count()

	// One call: kintone refuses row 2's locale, nothing is added, and the
	// error names the row and the column but never the password.
	srv.ResetCounters()
	err := writeErr(t, db, "INSERT INTO Users (Code, Name, Password, Locale) VALUES ('a1', 'A', 's3cret-pw', 'ja'), ('a2', 'B', 's3cret-pw', 'xx'), ('a3', 'C', 's3cret-pw', NULL)")
	var we *WriteError
	if !errors.As(err, &we) || len(we.Fields) != 1 || we.Fields[0].Row != 2 || we.Fields[0].Column != "Locale" ||
		we.WrittenRows != 0 || !strings.Contains(err.Error(), "nothing was written") || strings.Contains(err.Error(), "s3cret") {
		t.Errorf("error %v (%+v)", err, we)
	}
	if n := srv.RequestCount("POST /v1/users.json"); n != 1 || count() != before {
		t.Errorf("%d POSTs, %s users (want 1, %s)", n, count(), before)
	}

	// Values are checked before any request.
	srv.ResetCounters()
	for _, tc := range []struct{ sql, want string }{
		{"INSERT INTO Users (Code, Name, Password, BirthDate) VALUES ('b1', 'B', 'pw', '1990-01-01'), ('b2', 'B', 'pw', 'soon')",
			`row 2: column "BirthDate": "soon" is not a date`},
		{"INSERT INTO Users (Code, Name, Password, Valid) VALUES ('b1', 'B', 'pw', 'maybe')", `row 1: column "Valid": maybe is not a boolean`},
		{"INSERT INTO Users (Code, Name, Password) VALUES ('b1', 'B', NULL)", `row 1: column "Password" cannot be NULL`},
		{"INSERT INTO Users (Code, Name) VALUES ('b1', 'B')", "needs the columns Code, Name and Password"},
		{"INSERT INTO Users (Code, Name, Password, CustomItemValues) VALUES ('b1', 'B', 'pw', '{}')", `column "CustomItemValues": want a JSON array`},
		{"UPDATE Users SET Code = 'same' WHERE Code IN ('sato', 'suzuki')", `rows 1 and 2 would both be renamed to "same"`},
		{"INSERT INTO UserGroups (UserCode, GroupCode) VALUES ('sato', 'devs')", `row 1: user "sato" already belongs to group "devs"`},
		{"INSERT INTO UserOrganizations (UserCode, OrganizationCode) VALUES ('suzuki', 'sales'), ('suzuki', 'sales')", "row 2: it repeats row 1"},
	} {
		if _, err := db.Exec(tc.sql); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.sql, err, tc.want)
		}
	}
	if w := userAPIWrites(srv); len(w) != 0 {
		t.Errorf("refused statements sent %v", w)
	}

	// Several calls: the first 100 rows are written, row 120 (a login name
	// in use) makes the second call fail as a whole.
	var rows []string
	for i := 1; i <= 150; i++ {
		code := fmt.Sprintf("m%03d", i)
		if i == 120 {
			code = "sato"
		}
		rows = append(rows, fmt.Sprintf("('%s', 'M', 'pw')", code))
	}
	err = writeErr(t, db, "INSERT INTO Users (Code, Name, Password) VALUES "+strings.Join(rows, ", "))
	if !errors.As(err, &we) || we.WrittenRows != 100 || len(we.WrittenKeys) != 100 || we.WrittenKeys[0] != "m001" ||
		we.Unwritten != "rows 101–150" || len(we.Fields) != 1 || we.Fields[0].Row != 120 || we.Fields[0].Column != "Code" {
		t.Fatalf("error %v (%+v)", err, we)
	}
	for _, part := range []string{"rows 101–150 were not written", "100 rows written by earlier requests stay written (m001, m002,", `row 120, column "Code"`} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q lacks %q", err, part)
		}
	}
	if got := queryStrings(t, db, "SELECT COUNT(*), MAX(Code) FROM Users WHERE Code LIKE 'm%'"); !slices.Equal(got[0], []string{"100", "m100"}) {
		t.Errorf("written: %v", got)
	}
}

func TestDirectoryMembershipWrites(t *testing.T) {
	srv, db := dirWriteServer(t)
	orgs := func(user string) [][]string {
		return queryStrings(t, db, "SELECT OrganizationCode, TitleCode FROM UserOrganizations WHERE UserCode = ? ORDER BY OrganizationCode", user)
	}
	srv.ResetCounters()
	res := mustExec(t, db, "INSERT INTO UserOrganizations (UserCode, OrganizationCode, TitleCode) VALUES ('sato', 'sales', NULL), ('suzuki', 'east', 'mgr')")
	if n := affected(t, res); n != 2 {
		t.Errorf("RowsAffected = %d", n)
	}
	if w := userAPIWrites(srv); !maps.Equal(w, map[string]int{"PUT /v1/userOrganizations.json": 1}) ||
		srv.RequestCount("GET /v1/user/organizations.json") != 2 {
		t.Errorf("requests %v", srv.RequestCounts())
	}
	if got := orgs("sato"); !slices.EqualFunc(got, [][]string{{"east", "mgr"}, {"sales", "NULL"}}, slices.Equal) {
		t.Errorf("sato's organizations (the existing one kept): %v", got)
	}
	mustExec(t, db, "UPDATE UserOrganizations SET TitleCode = 'mgr' WHERE UserCode = 'sato' AND OrganizationCode = 'sales'")
	mustExec(t, db, "UPDATE UserDepartments SET OrganizationId = 1, TitleCode = NULL WHERE UserCode = 'suzuki'")
	if got := orgs("sato"); !slices.EqualFunc(got, [][]string{{"east", "mgr"}, {"sales", "mgr"}}, slices.Equal) {
		t.Errorf("after UPDATE, sato: %v", got)
	}
	if got := orgs("suzuki"); !slices.EqualFunc(got, [][]string{{"sales", "NULL"}}, slices.Equal) {
		t.Errorf("after UPDATE, suzuki: %v", got)
	}
	res = mustExec(t, db, "DELETE FROM OrganizationUsers WHERE OrganizationCode = 'sales'")
	if n := affected(t, res); n != 2 {
		t.Errorf("DELETE RowsAffected = %d", n)
	}
	if got := orgs("sato"); !slices.EqualFunc(got, [][]string{{"east", "mgr"}}, slices.Equal) || len(orgs("suzuki")) != 0 {
		t.Errorf("after DELETE: sato %v, suzuki %v", got, orgs("suzuki"))
	}

	// Groups: by code or id; one PUT group/users.json per group.
	srv.ResetCounters()
	mustExec(t, db, "INSERT INTO UserGroups (UserCode, GroupId) VALUES ('suzuki', 1), ('suzuki', 2), ('clerk', 2)")
	if w := userAPIWrites(srv); !maps.Equal(w, map[string]int{"PUT /v1/group/users.json": 2}) {
		t.Errorf("writes %v", w)
	}
	members := func() [][]string {
		return queryStrings(t, db, "SELECT GroupCode, UserCode FROM UserGroups WHERE GroupCode IN ('devs', 'ops') ORDER BY GroupCode, UserCode")
	}
	if got := members(); !slices.EqualFunc(got, [][]string{{"devs", "sato"}, {"devs", "suzuki"}, {"ops", "clerk"}, {"ops", "suzuki"}}, slices.Equal) {
		t.Errorf("members %v", got)
	}
	mustExec(t, db, "DELETE FROM GroupUsers WHERE UserCode = 'suzuki'")
	if got := members(); !slices.EqualFunc(got, [][]string{{"devs", "sato"}, {"ops", "clerk"}}, slices.Equal) {
		t.Errorf("after DELETE: %v", got)
	}
	// Renaming a user carries the memberships along (the server's doing).
	mustExec(t, db, "UPDATE Users SET Code = 'sato2' WHERE Code = 'sato'")
	if got := queryStrings(t, db, "SELECT UserCode FROM UserGroups WHERE GroupCode = 'devs'"); !slices.EqualFunc(got, [][]string{{"sato2"}}, slices.Equal) {
		t.Errorf("devs after rename: %v", got)
	}
}

func TestDirectoryWriteRefusals(t *testing.T) {
	srv, db := dirWriteServer(t)
	srv.ResetCounters()
	for _, tc := range []struct {
		sql      string
		readOnly bool
		want     string
	}{
		{"INSERT INTO Users (Id, Code, Name, Password) VALUES (9, 'x', 'X', 'pw')", true, `column "Id" cannot be written by INSERT: kintone assigns the ids`},
		{"UPDATE Users SET UpdatedTime = NOW() WHERE Code = 'sato'", true, `column "UpdatedTime" cannot be written by UPDATE`},
		{"UPDATE UserOrganizations SET UserName = 'x' WHERE UserCode = 'sato'", true, `column "UserName" cannot be written by UPDATE`},
		{"UPDATE UserOrganizations SET UserCode = 'suzuki' WHERE UserCode = 'sato'", true, "DELETE it and INSERT the new one"},
		{"UPDATE UserGroups SET GroupCode = 'ops' WHERE UserCode = 'sato'", true, "a group membership has nothing to change"},
		{"INSERT INTO UserOrganizations (UserCode, OrganizationCode, TitleId) VALUES ('sato', 'sales', 1)", true, "write TitleCode"},
		{"INSERT INTO UserGroups (UserCode, UserId, GroupCode) VALUES ('sato', 2, 'ops')", false, `"UserCode" and "UserId" name the same user`},
		{"DELETE FROM Users", false, "needs a WHERE clause"},
		{"UPDATE Groups SET Name = 'x'", false, "needs a WHERE clause"},
		{"INSERT INTO Titles (Code, Name) VALUES ('x', 'X')", false, "no JSON API"},
		{"INSERT INTO Users (Code, Name, Password) VALUES ('x', 'X', 'pw') ON DUPLICATE KEY UPDATE Name = VALUES(Name)", false, "no upsert"},
	} {
		_, err := db.Exec(tc.sql)
		if err == nil || !strings.Contains(err.Error(), tc.want) || errors.Is(err, ErrReadOnly) != tc.readOnly {
			t.Errorf("%s: %v, want %q (read-only %v)", tc.sql, err, tc.want, tc.readOnly)
		}
	}
	if w := userAPIWrites(srv); len(w) != 0 {
		t.Errorf("refused statements sent %v", w)
	}

	// A transaction cannot hold a directory write.
	tx, err := db.BeginTx(context.Background(), nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec("INSERT INTO Groups (Code, Name) VALUES ('tx', 'Tx')"); err == nil || !strings.Contains(err.Error(), "inside a transaction") {
		t.Errorf("in a transaction: %v", err)
	}
	if err := tx.Rollback(); err != nil {
		t.Error(err)
	}

	// Without cybozu.com administrator rights kintone answers 403.
	clerk, err := sql.Open("kintone", "Url="+srv.URL+";User=clerk;Password=clerkpw")
	if err != nil {
		t.Fatal(err)
	}
	defer clerk.Close()
	_, err = clerk.Exec("UPDATE Users SET Name = 'Boss' WHERE Code = 'clerk'")
	if err == nil || !strings.Contains(err.Error(), "needs cybozu.com administrator rights") || !strings.Contains(err.Error(), "CB_NO02") ||
		!strings.Contains(err.Error(), "nothing was written") {
		t.Errorf("non-admin: %v", err)
	}
}

func TestDirectoryWriteTokenAuth(t *testing.T) {
	srv, _ := dirWriteServer(t)
	app := createApp(t, srv, kintonetest.AppSpec{Name: "A", Fields: []*kintonetest.Field{field(kintonetest.TypeSingleLineText, "t")}})
	if err := srv.AddAPIToken(app, "tokentoken", kintonetest.TokenPermissions{View: true, Add: true}); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("kintone", fmt.Sprintf("Url=%s;APIToken=tokentoken;AppId=%d", srv.URL, app))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	queryStrings(t, db, "SELECT 1") // load the catalog
	srv.ResetCounters()
	for _, q := range []string{
		"INSERT INTO Users (Code, Name, Password) VALUES ('x', 'X', 'pw')",
		"UPDATE Users SET Name = 'x' WHERE Code = 'sato'",
		"DELETE FROM UserGroups WHERE UserCode = 'sato'",
	} {
		_, err := db.Exec(q)
		if err == nil || !strings.Contains(err.Error(), "does not accept app API tokens") || strings.Contains(err.Error(), "tokentoken") {
			t.Errorf("%s: %v", q, err)
		}
	}
	if n := srv.TotalRequests(); n != 0 {
		t.Errorf("%d requests with a token: %v", n, srv.RequestCounts())
	}
}

func TestDirectoryPasswordWrites(t *testing.T) {
	srv, db := dirWriteServer(t)
	login := func(user, password string) error {
		udb, err := sql.Open("kintone", "Url="+srv.URL+";User="+user+";Password="+password)
		if err != nil {
			return err
		}
		defer udb.Close()
		var id int64
		return udb.QueryRow("SELECT Id FROM Users WHERE Code = ?", user).Scan(&id)
	}
	mustExec(t, db, "INSERT INTO Users (Code, Name, Password) VALUES ('neo', 'Neo', 'first-pw')")
	if err := login("neo", "first-pw"); err != nil {
		t.Fatalf("login with the inserted password: %v", err)
	}
	mustExec(t, db, "UPDATE Users SET password = ? WHERE Code = 'neo'", "second-pw")
	if err := login("neo", "second-pw"); err != nil {
		t.Errorf("login with the updated password: %v", err)
	}
	if err := login("neo", "first-pw"); err == nil {
		t.Error("the old password still works")
	}
	if _, err := db.Exec("UPDATE Users SET Password = '' WHERE Code = 'neo'"); err == nil || !strings.Contains(err.Error(), `column "Password" cannot be empty`) {
		t.Errorf("empty password: %v", err)
	}
}
