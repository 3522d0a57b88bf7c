package translate

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/kintone-sql/kintone/schema"
	"github.com/kintone-sql/kintone/write"
)

func TestPlanDirectoryWrites(t *testing.T) {
	f := writeFixture(t)
	if err := schema.AddBuiltinTables(f.cat); err != nil {
		t.Fatal(err)
	}
	names := func(cols []*schema.Column) string {
		var out []string
		for _, c := range cols {
			out = append(out, c.Name)
		}
		return strings.Join(out, ",")
	}
	cases := []struct {
		sql  string
		args []any
		// check describes the plan: table, columns, and the read's width.
		check func(write.Statement) string
		want  string
	}{
		{sql: "INSERT INTO CybozuUser.Users (LoginName, Name, password) VALUES (?, 'N', ?), ('b', 'B', 'pw')", args: []any{"a", "pw"},
			check: func(st write.Statement) string {
				s := st.(*write.DirInsert)
				return s.Table.Name + " " + names(s.Columns) + " rows " + strconv.Itoa(len(s.Values))
			},
			want: "Users Code,Name,Password rows 2"},
		{sql: "INSERT INTO GroupUsers SELECT Code, 'devs' FROM Users WHERE Code = 'sato'",
			check: func(st write.Statement) string {
				s := st.(*write.DirInsert)
				return s.Table.Name + " " + names(s.Columns) + " select " + strconv.Itoa(len(s.Select.Columns()))
			},
			want: "UserGroups UserCode,GroupCode select 2"},
		{sql: "UPDATE Departments d SET d.Name = 'x', Code = 'y' WHERE Code = 'z'",
			check: func(st write.Statement) string {
				s := st.(*write.DirUpdate)
				return s.Table.Name + " " + names(s.Set) + " read " + strconv.Itoa(len(s.Read.Columns()))
			},
			want: "Organizations Name,Code read 5"}, // Id, Code, 2 values, Description
		{sql: "UPDATE Users SET Password = ? WHERE Id = 3", args: []any{"pw"},
			check: func(st write.Statement) string {
				s := st.(*write.DirUpdate)
				return names(s.Set) + " read " + strconv.Itoa(len(s.Read.Columns()))
			},
			want: "Password read 3"},
		{sql: "DELETE FROM UserOrganizations WHERE OrganizationCode = 'east' LIMIT 5",
			check: func(st write.Statement) string {
				s := st.(*write.DirDelete)
				return s.Name() + " read " + strconv.Itoa(len(s.Read.Columns()))
			},
			want: "DELETE FROM UserOrganizations read 2"},
	}
	for _, tc := range cases {
		st, err := PlanWrite(context.Background(), f.cat, tc.sql, tc.args, Options{Now: testNow})
		if err != nil {
			t.Errorf("%s: %v", tc.sql, err)
			continue
		}
		if got := tc.check(st); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.sql, got, tc.want)
		}
	}
	for _, tc := range []struct{ sql, want string }{
		{"DELETE FROM Users", "needs a WHERE clause"},
		{"UPDATE Groups SET Name = 'x' ORDER BY Code LIMIT 1", "needs a WHERE clause"},
		{"UPDATE Users u SET x.Name = 'a' WHERE Id = 1", `unknown table "x"`},
		{"UPDATE Users SET Nope = 'a' WHERE Id = 1", "Nope"},
		{"INSERT INTO Groups (Code, Name) VALUES ('a', 'b') ON DUPLICATE KEY UPDATE Name = VALUES(Name)", "no upsert"},
		{"REPLACE INTO Groups (Code, Name) VALUES ('a', 'b')", "REPLACE on Groups"},
		{"INSERT INTO Titles VALUES ('a', 'b', 'c')", "Titles cannot be written"},
		{"INSERT INTO Organizations (Code, Name) VALUES ('a')", "has 1 values for 2 columns"},
		{"UPDATE Users SET Name = COUNT(*) WHERE Id = 1", "aggregate"},
	} {
		_, err := PlanWrite(context.Background(), f.cat, tc.sql, nil, Options{Now: testNow})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.sql, err, tc.want)
		}
	}
	for k, n := range f.srv.RequestCounts() {
		if strings.Contains(k, "/v1/") && !strings.Contains(k, "/k/v1/") {
			t.Errorf("planning sent %d %s", n, k)
		}
	}
}
