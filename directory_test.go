package kintone

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/kintonetest"
)

// directoryServer seeds 250 users u001..u250 besides the administrator,
// organizations sales > east, a title, a group, and sato in east as mgr.
func directoryServer(t *testing.T) *kintonetest.Server {
	t.Helper()
	srv := startServer(t)
	steps := []error{
		second(srv.AddOrganization(kintonetest.Organization{Code: "sales", Name: "Sales"})),
		second(srv.AddOrganization(kintonetest.Organization{Code: "east", Name: "East", ParentCode: "sales"})),
		second(srv.AddTitle(kintonetest.Title{Code: "mgr", Name: "Manager"})),
		second(srv.AddGroup(kintonetest.Group{Code: "devs", Name: "Developers"})),
		second(srv.AddUser(kintonetest.User{Code: "sato", Name: "Sato", BirthDate: "1990-04-01"})),
	}
	for i := 1; i <= 250; i++ {
		steps = append(steps, second(srv.AddUser(kintonetest.User{Code: fmt.Sprintf("u%03d", i)})))
	}
	steps = append(steps,
		srv.SetUserOrganizations("sato", []kintonetest.OrgMembership{{Org: "east", Title: "mgr"}}),
		srv.SetGroupMembers("devs", []string{"sato", "u001"}))
	for _, err := range steps {
		if err != nil {
			t.Fatal(err)
		}
	}
	return srv
}

// second returns the error of a (value, error) pair.
func second[T any](_ T, err error) error { return err }

// openDSN opens the driver by name on a DSN for srv with the administrator.
func openDSN(t *testing.T, srv *kintonetest.Server, extra string) *sql.DB {
	t.Helper()
	db, err := sql.Open("kintone", "Url="+srv.URL+";User=Administrator;Password=cybozu"+extra)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func TestDirectoryTablesThroughSQL(t *testing.T) {
	srv := directoryServer(t)
	db := openDSN(t, srv, "")
	tests := []struct {
		query string
		args  []any
		want  [][]string
		reqs  map[string]int
	}{
		{query: "SELECT COUNT(*) FROM Users", want: [][]string{{"252"}},
			reqs: map[string]int{"GET /v1/users.json": 3}},
		{query: "SELECT Code, Name, BirthDate FROM CybozuUser.Users WHERE Code IN ('sato', 'u002') ORDER BY Code",
			want: [][]string{{"sato", "Sato", "1990-04-01T00:00:00Z"}, {"u002", "u002", "NULL"}},
			reqs: map[string]int{"GET /v1/users.json": 1}},
		{query: "SELECT Code FROM Users WHERE Id = ? AND Valid", args: []any{int64(1)},
			want: [][]string{{"Administrator"}}, reqs: map[string]int{"GET /v1/users.json": 1}},
		{query: "SELECT u.Code FROM Users u WHERE u.Code LIKE 'u24%' ORDER BY u.Code DESC LIMIT 2",
			want: [][]string{{"u249"}, {"u248"}}, reqs: map[string]int{"GET /v1/users.json": 3}},
		{query: "SELECT Code, ParentCode FROM Organizations ORDER BY Code",
			want: [][]string{{"east", "sales"}, {"sales", "NULL"}}, reqs: map[string]int{"GET /v1/organizations.json": 1}},
		{query: "SELECT UserCode, OrganizationName, TitleName FROM UserOrganizations WHERE UserCode = 'sato'",
			want: [][]string{{"sato", "East", "Manager"}},
			reqs: map[string]int{"GET /v1/users.json": 1, "GET /v1/user/organizations.json": 1}},
		{query: "SELECT UserCode FROM GroupUsers WHERE GroupCode = 'devs' ORDER BY UserCode",
			want: [][]string{{"sato"}, {"u001"}},
			reqs: map[string]int{"GET /v1/groups.json": 1, "GET /v1/group/users.json": 1}},
		{query: "SELECT Code, Name FROM Titles", want: [][]string{{"mgr", "Manager"}},
			reqs: map[string]int{"GET /v1/csv/title.csv": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			queryStrings(t, db, "SELECT 1") // the catalog is loaded before counting
			srv.ResetCounters()
			got := queryStrings(t, db, tt.query, tt.args...)
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			for path, n := range tt.reqs {
				if c := srv.RequestCount(path); c != n {
					t.Errorf("%s: %d requests, want %d (all: %v)", path, c, n, srv.RequestCounts())
				}
			}
		})
	}

	srv.ResetCounters()
	var plan []string
	for _, r := range queryStrings(t, db, "EXPLAIN SELECT OrganizationCode FROM UserDepartments WHERE UserCode IN ('sato', 'u001')") {
		plan = append(plan, r[2]+": "+r[3])
	}
	if text := strings.Join(plan, "\n"); !strings.Contains(text, "directory scan: key user.code IN ('sato', 'u001')") ||
		!strings.Contains(text, "per user") || srv.TotalRequests() != 0 {
		t.Errorf("EXPLAIN (%d requests):\n%s", srv.TotalRequests(), text)
	}

	rows, err := db.Query("SELECT Id, Code, Valid, BirthDate, CustomItemValues FROM Users WHERE Code = 'sato'")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	types, err := rows.ColumnTypes()
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, ct := range types {
		names = append(names, ct.DatabaseTypeName())
	}
	if want := []string{"BIGINT", "VARCHAR", "BOOLEAN", "DATE", "JSON"}; !slices.Equal(names, want) {
		t.Errorf("column types %v, want %v", names, want)
	}
}

func TestDirectoryTokenAuthError(t *testing.T) {
	srv := directoryServer(t)
	app := createApp(t, srv, kintonetest.AppSpec{Name: "A", Fields: []*kintonetest.Field{field(kintonetest.TypeSingleLineText, "t")}})
	if err := srv.AddAPIToken(app, "tokentoken", kintonetest.TokenPermissions{View: true}); err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("kintone", fmt.Sprintf("Url=%s;APIToken=tokentoken;AppId=%d", srv.URL, app))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	srv.ResetCounters()
	for _, q := range []string{"SELECT * FROM Users", "SELECT COUNT(*) FROM CybozuUser.UserGroups"} {
		_, err = db.Query(q)
		if err == nil || !strings.Contains(err.Error(), "does not accept app API tokens") || strings.Contains(err.Error(), "tokentoken") {
			t.Errorf("%s with a token: %v", q, err)
		}
	}
	if n := srv.RequestCount("GET /v1/users.json") + srv.RequestCount("GET /v1/groups.json"); n != 0 {
		t.Errorf("%d User API requests with a token", n)
	}
}

func TestMetadataTablesThroughSQL(t *testing.T) {
	srv := startServer(t)
	space, err := srv.AddSpace(kintonetest.Space{Name: "Team"})
	if err != nil {
		t.Fatal(err)
	}
	app := createApp(t, srv, kintonetest.AppSpec{Name: "Deals", Code: "DEAL", SpaceID: space, Fields: []*kintonetest.Field{
		field(kintonetest.TypeSingleLineText, "title"),
		{Type: kintonetest.TypeDropDown, Code: "stage", Label: "stage", Options: []string{"lead", "won"}},
	}, Views: []kintonetest.View{{Name: "All", Type: "LIST"}}})
	other := numberedApp(t, srv, "Other", 1)
	addRecords(t, srv, app, []map[string]any{{"title": "first"}})
	c, err := client.New(client.Options{BaseURL: srv.URL, User: kintonetest.DefaultUser, Password: kintonetest.DefaultPassword})
	if err != nil {
		t.Fatal(err)
	}
	for i := 1; i <= 12; i++ {
		if _, err := c.AddComment(context.Background(), app, 1, client.NewComment{Text: fmt.Sprintf("c%d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	db := openDSN(t, srv, "")
	queryStrings(t, db, "SELECT 1")
	tests := []struct {
		query string
		want  [][]string
		reqs  map[string]int
	}{
		{query: "SELECT AppId, Code, Name, SpaceId FROM Apps ORDER BY AppId",
			want: [][]string{{fmt.Sprint(app), "DEAL", "Deals", fmt.Sprint(space)}, {fmt.Sprint(other), "NULL", "Other", "NULL"}},
			reqs: map[string]int{}},
		{query: fmt.Sprintf("SELECT Code, Type, Options FROM Kintone.Fields WHERE AppId = %d AND Code = 'stage'", app),
			want: [][]string{{"stage", "DROP_DOWN", `["lead","won"]`}},
			reqs: map[string]int{"GET /k/v1/app/form/fields.json": 1}},
		{query: "SELECT COUNT(*) FROM Fields WHERE Type = 'NUMBER'", want: [][]string{{"1"}},
			reqs: map[string]int{"GET /k/v1/app/form/fields.json": 2}},
		{query: fmt.Sprintf("SELECT Name, Type FROM Views WHERE AppId IN (%d)", app), want: [][]string{{"All", "LIST"}},
			reqs: map[string]int{"GET /k/v1/app/views.json": 1}},
		{query: fmt.Sprintf("SELECT AppId, Enable FROM ProcessManagement WHERE AppId = %d", other),
			want: [][]string{{fmt.Sprint(other), "false"}}, reqs: map[string]int{"GET /k/v1/app/status.json": 1}},
		{query: "SELECT Id, Name FROM Spaces", want: [][]string{{fmt.Sprint(space), "Team"}},
			reqs: map[string]int{"GET /k/v1/space.json": 1}},
		{query: fmt.Sprintf("SELECT COUNT(*), MIN(Text) FROM Comments WHERE AppId = %d AND RecordId = 1", app),
			want: [][]string{{"12", "c1"}}, reqs: map[string]int{"GET /k/v1/record/comments.json": 2}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			srv.ResetCounters()
			got := queryStrings(t, db, tt.query)
			if !slices.EqualFunc(got, tt.want, slices.Equal) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			total := 0
			for path, n := range tt.reqs {
				total += n
				if c := srv.RequestCount(path); c != n {
					t.Errorf("%s: %d requests, want %d", path, c, n)
				}
			}
			if srv.TotalRequests() != total {
				t.Errorf("%d requests, want %d: %v", srv.TotalRequests(), total, srv.RequestCounts())
			}
		})
	}
	for _, q := range []string{"SELECT * FROM Comments", fmt.Sprintf("SELECT * FROM Comments WHERE AppId = %d", app),
		"SELECT * FROM Comments WHERE AppId = 1 OR RecordId = 1"} {
		if _, err := db.Query(q); err == nil || !strings.Contains(err.Error(), "Comments needs AppId and RecordId") {
			t.Errorf("%s: %v", q, err)
		}
	}
}

func TestShowAndDescribe(t *testing.T) {
	srv := directoryServer(t)
	createApp(t, srv, kintonetest.AppSpec{Name: "顧客", Fields: []*kintonetest.Field{
		{Type: kintonetest.TypeNumber, Code: "amount", Label: "金額"},
		{Type: kintonetest.TypeSubtable, Code: "lines", Label: "明細", Fields: []*kintonetest.Field{
			{Type: kintonetest.TypeSingleLineText, Code: "item", Label: "品目"}}},
	}})
	db := openDSN(t, srv, "")
	if got, want := queryStrings(t, db, "SHOW TABLES FROM CybozuUser LIKE 'User%'"), [][]string{
		{"UserGroups", "CybozuUser", "directory", "group memberships: one row per user and group"},
		{"UserOrganizations", "CybozuUser", "directory", "organization memberships: one row per user and organization, with the user's title there"},
		{"Users", "CybozuUser", "directory", "cybozu.com users (User API users.json)"},
	}; !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("SHOW TABLES FROM CybozuUser LIKE 'User%%' = %v", got)
	}
	var names []string
	for _, r := range queryStrings(t, db, "SHOW TABLES") {
		names = append(names, r[0])
	}
	for _, n := range []string{"顧客", "顧客_明細", "Users", "Apps", "Comments"} {
		if !slices.Contains(names, n) {
			t.Errorf("SHOW TABLES lacks %s: %v", n, names)
		}
	}
	if got := queryStrings(t, db, "DESCRIBE Users Id"); !slices.EqualFunc(got, [][]string{{"Id", "BIGINT", "NO", "PRI", "NULL", "read-only"}}, slices.Equal) {
		t.Errorf("DESCRIBE Users Id = %v", got)
	}
	got := queryStrings(t, db, "SHOW FULL COLUMNS FROM `顧客_明細`")
	if len(got) != 3 || got[2][0] != "品目" || got[2][1] != "VARCHAR" || got[2][6] != "item" || got[2][7] != "SINGLE_LINE_TEXT" {
		t.Errorf("SHOW FULL COLUMNS FROM 顧客_明細 = %v", got)
	}
	if got := queryStrings(t, db, "desc 顧客"); len(got) < 3 || got[0][0] != "$id" || got[0][3] != "PRI" {
		t.Errorf("desc 顧客 = %v", got)
	}
	if _, err := db.Query("SHOW COLUMNS FROM Nope"); err == nil || !strings.Contains(err.Error(), `table "Nope" not found`) {
		t.Errorf("SHOW COLUMNS FROM Nope: %v", err)
	}
}

func TestInformationSchemaThroughSQL(t *testing.T) {
	srv := directoryServer(t)
	createApp(t, srv, kintonetest.AppSpec{Name: "Deals", Fields: []*kintonetest.Field{
		{Type: kintonetest.TypeNumber, Code: "amount", Label: "Amount"}}})
	db := openDSN(t, srv, "")
	got := queryStrings(t, db, "SELECT table_name, table_type FROM information_schema.tables WHERE table_schema = 'CybozuUser' ORDER BY table_name")
	if len(got) != 6 || got[0][0] != "Groups" || got[0][1] != "BASE TABLE" || got[5][0] != "Users" {
		t.Errorf("information_schema.tables of CybozuUser = %v", got)
	}
	got = queryStrings(t, db, "SELECT COLUMN_NAME, DATA_TYPE, IS_NULLABLE, COLUMN_KEY FROM INFORMATION_SCHEMA.COLUMNS "+
		"WHERE TABLE_NAME = 'Deals' ORDER BY ORDINAL_POSITION LIMIT 3")
	if want := [][]string{{"$id", "bigint", "NO", "PRI"}, {"$revision", "bigint", "NO", ""}}; len(got) != 3 ||
		!slices.EqualFunc(got[:2], want, slices.Equal) {
		t.Errorf("information_schema.columns of Deals = %v", got)
	}
	got = queryStrings(t, db, "SELECT COUNT(*) FROM information_schema.columns WHERE table_name IN ('Users', 'Apps') AND data_type = 'bigint'")
	if len(got) != 1 || got[0][0] != "6" {
		t.Errorf("BIGINT columns of Users and Apps = %v, want 6", got)
	}
	if _, err := db.Query("SELECT * FROM tables"); err == nil {
		t.Error("unqualified tables resolved")
	}
}
