package write

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// dirTable returns a built-in directory table by name.
func dirTable(t *testing.T, name string) *schema.Table {
	t.Helper()
	cat := &schema.Catalog{}
	if err := schema.AddBuiltinTables(cat); err != nil {
		t.Fatal(err)
	}
	tab, err := cat.Lookup(context.Background(), schema.CybozuUserSchema+"."+name)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// dirCol resolves a column of a directory table (Password included).
func dirCol(t *testing.T, tab *schema.Table, name string) *schema.Column {
	t.Helper()
	c, err := DirColumn(tab, name)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestDirValue(t *testing.T) {
	users := dirTable(t, schema.TableUsers)
	tests := []struct {
		col    string
		v      any
		insert bool
		want   any
		omit   bool
		err    string
	}{
		{col: "Name", v: "Sato", want: "Sato"},
		{col: "Code", v: int64(42), want: "42"},
		{col: "Code", v: nil, insert: true, err: `column "Code" cannot be NULL`},
		{col: "Name", v: "  ", err: `column "Name" cannot be empty`},
		{col: "Password", v: "", err: `column "Password" cannot be empty`},
		{col: "Email", v: nil, insert: true, omit: true},
		{col: "Email", v: nil, want: ""},
		{col: "Valid", v: "false", want: false},
		{col: "Valid", v: int64(1), want: true},
		{col: "Valid", v: int64(2), err: `column "Valid": 2 is not a boolean`},
		{col: "Valid", v: nil, err: `column "Valid" cannot be NULL`},
		{col: "BirthDate", v: time.Date(1990, 4, 1, 0, 0, 0, 0, time.UTC), want: "1990-04-01"},
		{col: "JoinDate", v: "2020-02-30", err: `column "JoinDate": "2020-02-30" is not a date`},
		{col: "JoinDate", v: nil, want: ""},
		{col: "SortOrder", v: "7", want: int64(7)},
		{col: "SortOrder", v: "x", err: `column "SortOrder": x is not an integer`},
		{col: "PrimaryOrganizationId", v: int64(3), want: orgRef(3)},
		{col: "PrimaryOrganizationId", v: "abc", err: "is not an id"},
		{col: "CustomItemValues", v: `[{"code":"floor","value":3}]`, want: "floor=3"},
		{col: "CustomItemValues", v: `[{"value":"3"}]`, err: "item 1 has no code"},
		{col: "CustomItemValues", v: nil, want: "(none)"},
	}
	for _, tt := range tests {
		v, omit, err := dirValue(dirCol(t, users, tt.col), tt.v, tt.insert)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("%s %v: error %v, want %q", tt.col, tt.v, err, tt.err)
			}
			continue
		}
		if items, ok := v.([]client.CustomItemValue); ok {
			v = "(none)"
			if len(items) > 0 {
				v = items[0].Code + "=" + items[0].Value
			}
		}
		if err != nil || omit != tt.omit || !tt.omit && v != tt.want {
			t.Errorf("%s %v: %#v omit %v err %v, want %#v omit %v", tt.col, tt.v, v, omit, err, tt.want, tt.omit)
		}
	}
}

func TestDirColumns(t *testing.T) {
	users, orgs, uo := dirTable(t, schema.TableUsers), dirTable(t, schema.TableOrganizations), dirTable(t, schema.TableUserOrganizations)
	names := func(cols []*schema.Column) string {
		var out []string
		for _, c := range cols {
			out = append(out, c.Name)
		}
		return strings.Join(out, ",")
	}
	if got := names(DirInsertColumns(dirTable(t, schema.TableGroups))); got != "Code,Name,Description" {
		t.Errorf("Groups insert columns %s", got)
	}
	if got := names(DirInsertColumns(uo)); got != "UserCode,OrganizationCode,TitleCode" {
		t.Errorf("UserOrganizations insert columns %s", got)
	}
	if got := names(DirInsertColumns(users)); !strings.HasPrefix(got, "Code,Valid,Name,") || !strings.HasSuffix(got, ",CustomItemValues,Password") {
		t.Errorf("Users insert columns %s", got)
	}
	if got := DirKeptColumns(orgs, []*schema.Column{dirCol(t, orgs, "Name")}); len(got) != 1 || got[0] != "Description" {
		t.Errorf("kept %v", got)
	}
	if got := DirKeptColumns(orgs, []*schema.Column{dirCol(t, orgs, "Description")}); got != nil {
		t.Errorf("kept with Description set: %v", got)
	}
	tests := []struct {
		tab      *schema.Table
		verb     string
		cols     []string
		err      string
		readOnly bool
	}{
		{users, "INSERT", []string{"Code", "Name", "Password"}, "", false},
		{users, "INSERT", []string{"Code", "Name"}, "needs the columns Code, Name and Password", false},
		{users, "INSERT", []string{"Code", "Name", "Password", "CreatedTime"}, `column "CreatedTime" cannot be written by INSERT`, true},
		{users, "UPDATE", []string{"Code", "Password"}, "", false},
		{users, "UPDATE", []string{"Name", "Name"}, `column "Name" is given twice`, false},
		{orgs, "UPDATE", []string{"Id"}, "kintone assigns the ids", true},
		{uo, "INSERT", []string{"UserId", "OrganizationCode"}, "", false},
		{uo, "INSERT", []string{"UserCode", "TitleCode"}, "needs the columns UserCode (or UserId) and OrganizationCode", false},
		{uo, "INSERT", []string{"UserCode", "OrganizationCode", "OrganizationId"}, "name the same organization", false},
		{uo, "UPDATE", []string{"TitleCode", "OrganizationId"}, "", false},
		{uo, "UPDATE", []string{"UserId"}, "cannot move to another user", true},
	}
	for _, tt := range tests {
		cols := make([]*schema.Column, len(tt.cols))
		for i, n := range tt.cols {
			cols[i] = dirCol(t, tt.tab, n)
		}
		err := checkDirColumns(tt.tab, cols, tt.verb)
		if tt.err == "" && err != nil || tt.err != "" && (err == nil || !strings.Contains(err.Error(), tt.err)) ||
			errors.Is(err, ErrReadOnly) != tt.readOnly {
			t.Errorf("%s %s %v: %v, want %q", tt.verb, tt.tab.Name, tt.cols, err, tt.err)
		}
	}
}

func TestDirPreflight(t *testing.T) {
	users := dirTable(t, schema.TableUsers)
	tokens, err := client.New(client.Options{BaseURL: "http://127.0.0.1:1", APITokens: []string{"secrettoken"}})
	if err != nil {
		t.Fatal(err)
	}
	both, err := client.New(client.Options{BaseURL: "http://127.0.0.1:1", User: "a", Password: "b", APITokens: []string{"t"}})
	if err != nil {
		t.Fatal(err)
	}
	st := &DirDelete{Table: users}
	if _, err := st.prepare(context.Background(), &engine.Env{Client: tokens}, nil); !errors.Is(err, client.ErrUserAPINeedsPassword) ||
		strings.Contains(err.Error(), "secrettoken") {
		t.Errorf("token auth: %v", err)
	}
	if _, err := st.prepare(context.Background(), &engine.Env{Client: both}, NewTx()); err == nil || !strings.Contains(err.Error(), "inside a transaction") {
		t.Errorf("in a transaction: %v", err)
	}
	if err := dirPreflight("INSERT INTO Titles", dirTable(t, schema.TableTitles), &engine.Env{Client: both}, nil); err == nil ||
		!strings.Contains(err.Error(), "no JSON API") {
		t.Errorf("Titles: %v", err)
	}
}

func TestParseDirKey(t *testing.T) {
	got := parseDirKey("userOrganizations[3].organizations[12].orgCode")
	want := []keySeg{{"userOrganizations", 3}, {"organizations", 12}, {"orgCode", -1}}
	if len(got) != len(want) {
		t.Fatalf("%v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("segment %d = %v, want %v", i, got[i], want[i])
		}
	}
	if got := parseDirKey("code"); len(got) != 1 || got[0] != (keySeg{"code", -1}) {
		t.Errorf("code: %v", got)
	}
}

// failingCall is a call writing rows that fails with err (nil: succeeds).
func failingCall(w *dirWrite, rows []int, err error) dirCall {
	return dirCall{rows: rows, locate: w.itemLocator(rows, ""),
		send: func(context.Context, *client.Client) error { return err }}
}

func TestDirFailureReport(t *testing.T) {
	users := dirTable(t, schema.TableUsers)
	refused := &client.Error{StatusCode: 400, Code: "CB_VA01", BulkIndex: -1,
		Errors: map[string][]string{"users[19].code": {"already used"}}}
	w := newDirWrite("INSERT INTO Users", users, kindInsert, 150)
	for i := range w.keys {
		w.keys[i] = "u" + string(rune('a'+i%26))
	}
	w.calls = []dirCall{failingCall(w, allRows(150)[:100], nil), failingCall(w, allRows(150)[100:], refused)}
	err := w.run(context.Background(), &engine.Env{Stats: &engine.Stats{}})
	var we *Error
	if !errors.As(err, &we) || we.WrittenRows != 100 || we.Unwritten != "rows 101–150" || len(we.Fields) != 1 ||
		we.Fields[0].Row != 120 || we.Fields[0].Column != "Code" {
		t.Fatalf("%v (%+v)", err, we)
	}
	if msg := err.Error(); !strings.Contains(msg, `kintone refused row 120, column "Code": already used (CB_VA01)`) ||
		!strings.Contains(msg, "100 rows written by earlier requests stay written (ua, ub,") || !strings.Contains(msg, "(100 in all)") {
		t.Errorf("message %q", msg)
	}

	// A rename refused after the other columns were written.
	w = newDirWrite("UPDATE Users", users, kindUpdate, 2)
	w.keys = []string{"sato", "suzuki"}
	w.res.rows[0].id, w.res.rows[1].id = 7, 8
	w.calls = []dirCall{failingCall(w, []int{0, 1}, nil), failingCall(w, []int{1}, refused)}
	err = w.run(context.Background(), &engine.Env{})
	if !errors.As(err, &we) || we.WrittenRows != 2 || we.Unwritten != "the new codes of row 2" || len(we.Written) != 2 {
		t.Errorf("%v (%+v)", err, we)
	}

	// The first call refused: nothing written; 403 explained.
	w = newDirWrite("DELETE FROM Users", users, kindDelete, 1)
	w.calls = []dirCall{failingCall(w, []int{0}, &client.Error{StatusCode: 403, Code: "CB_NO02", BulkIndex: -1})}
	err = w.run(context.Background(), &engine.Env{})
	if err == nil || !strings.Contains(err.Error(), "needs cybozu.com administrator rights") || !strings.HasSuffix(err.Error(), "nothing was written") {
		t.Errorf("403: %v", err)
	}
}

func TestDirMemberLocators(t *testing.T) {
	uo, ug := dirTable(t, schema.TableUserOrganizations), dirTable(t, schema.TableUserGroups)
	w := newDirWrite("INSERT INTO UserOrganizations", uo, kindInsert, 3)
	lists := []*memberList{
		{owner: "sato", rows: []int{0}, entries: []memberEntry{{code: "east", row: -1}, {code: "sales", row: 0}}},
		{owner: "suzuki", rows: []int{1, 2}, entries: []memberEntry{{code: "east", row: 1}, {code: "west", title: "mgr", row: 2}}},
	}
	loc := w.orgLocator(lists)
	for _, tc := range []struct {
		key  string
		row  int
		col  string
		none bool
	}{
		{key: "userOrganizations[0].organizations[1].orgCode", row: 1, col: "OrganizationCode"},
		{key: "userOrganizations[0].organizations[0].orgCode", row: 1, col: "OrganizationCode"}, // a kept entry: the user's first row
		{key: "userOrganizations[1].organizations[1].titleCode", row: 3, col: "TitleCode"},
		{key: "userOrganizations[1].code", row: 2, col: "UserCode"},
		{key: "userOrganizations", none: true},
	} {
		row, col := loc(parseDirKey(tc.key))
		if tc.none && row != -1 || !tc.none && (row+1 != tc.row || col != tc.col) {
			t.Errorf("%s: row %d column %q, want row %d column %q", tc.key, row+1, col, tc.row, tc.col)
		}
	}
	g := newDirWrite("INSERT INTO UserGroups", ug, kindInsert, 2)
	gl := g.groupLocator(&memberList{owner: "devs", rows: []int{1}, entries: []memberEntry{{code: "sato", row: -1}, {code: "kato", row: 1}}})
	if row, col := gl(parseDirKey("users[1]")); row != 1 || col != "UserCode" {
		t.Errorf("users[1]: %d %q", row, col)
	}
	if row, col := gl(parseDirKey("code")); row != 1 || col != "GroupCode" {
		t.Errorf("code: %d %q", row, col)
	}
}
