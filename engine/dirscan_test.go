package engine

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/schema"
)

// dirIDs are the ids the directory fixture's entities received.
type dirIDs struct {
	sato, east, west, sales, devs, admins, mgr int64
}

// newDirFixture seeds a directory: the administrator, sato (every field),
// 250 users u001..u250; organizations sales > east, west; titles mgr,
// staff; groups admins, devs. sato is in east (as mgr) and west (no
// title), u001..u150 in sales; devs holds sato and u001, admins the
// administrator.
func newDirFixture(t *testing.T) (*builtinFixture, dirIDs) {
	var ids dirIDs
	f := newBuiltinFixture(t, func(srv *kintonetest.Server) {
		var err error
		add := func(id int64, e error) int64 {
			if e != nil && err == nil {
				err = e
			}
			return id
		}
		ids.sales = add(srv.AddOrganization(kintonetest.Organization{Code: "sales", Name: "Sales"}))
		ids.east = add(srv.AddOrganization(kintonetest.Organization{Code: "east", Name: "East", ParentCode: "sales", Description: "eastern branch"}))
		ids.west = add(srv.AddOrganization(kintonetest.Organization{Code: "west", Name: "West", ParentCode: "sales"}))
		ids.mgr = add(srv.AddTitle(kintonetest.Title{Code: "mgr", Name: "Manager"}))
		add(srv.AddTitle(kintonetest.Title{Code: "staff", Name: "Staff", Description: "regular staff"}))
		ids.admins = add(srv.AddGroup(kintonetest.Group{Code: "admins", Name: "Admins"}))
		ids.devs = add(srv.AddGroup(kintonetest.Group{Code: "devs", Name: "Developers", Description: "dev team"}))
		order := int64(5)
		ids.sato = add(srv.AddUser(kintonetest.User{
			Code: "sato", Name: "Sato Taro", SurName: "Sato", GivenName: "Taro", Email: "sato@example.com",
			Callto: "sato.skype", BirthDate: "1990-04-01", JoinDate: "2015-04-01", PrimaryOrg: "east",
			SortOrder: &order, CustomItems: map[string]string{"floor": "3"}, Locale: "en", Timezone: "UTC",
		}))
		var sales []string
		for i := 1; i <= 250; i++ {
			code := fmt.Sprintf("u%03d", i)
			add(srv.AddUser(kintonetest.User{Code: code}))
			if i <= 150 {
				sales = append(sales, code)
				add(0, srv.SetUserOrganizations(code, []kintonetest.OrgMembership{{Org: "sales", Title: "staff"}}))
			}
		}
		add(0, srv.SetUserOrganizations("sato", []kintonetest.OrgMembership{{Org: "east", Title: "mgr"}, {Org: "west"}}))
		add(0, srv.SetGroupMembers("devs", []string{"sato", "u001"}))
		add(0, srv.SetGroupMembers("admins", []string{kintonetest.DefaultUser}))
		biMust(t, err)
	})
	return f, ids
}

func TestDirUsersColumnsAndValues(t *testing.T) {
	f, ids := newDirFixture(t)
	tab := f.table(t, "Users")
	if tab.Kind != schema.DirectoryTable || tab.Schema != schema.CybozuUserSchema {
		t.Fatalf("Users: kind %v schema %q", tab.Kind, tab.Schema)
	}
	scan := &DirScan{Table: tab, Cols: tab.Columns, Qualifier: "Users",
		Keys: []KeyFilter{{Code: "code", Values: []Value{"sato"}}}}
	types := map[string]schema.Type{}
	for _, c := range scan.Columns() {
		types[c.Name] = c.Type
	}
	wantTypes := map[string]schema.Type{
		"Id": schema.TypeBigInt, "Code": schema.TypeText, "CreatedTime": schema.TypeDateTime,
		"Valid": schema.TypeBool, "BirthDate": schema.TypeDate, "PrimaryOrganizationId": schema.TypeBigInt,
		"SortOrder": schema.TypeBigInt, "CustomItemValues": schema.TypeJSON, "SkypeID": schema.TypeText,
	}
	for name, want := range wantTypes {
		if types[name] != want {
			t.Errorf("column %s: type %v, want %v", name, types[name], want)
		}
	}
	env := f.env()
	rows, err := biRead(t, scan, env)
	biMust(t, err)
	if len(rows) != 1 {
		t.Fatalf("%d rows for sato", len(rows))
	}
	got := biRow(scan.Columns(), rows[0])
	want := map[string]Value{
		"Id": ids.sato, "Code": "sato", "Name": "Sato Taro", "SurName": "Sato", "GivenName": "Taro",
		"Email": "sato@example.com", "SkypeID": "sato.skype", "Valid": true, "Locale": "en", "Timezone": "UTC",
		"BirthDate": time.Date(1990, 4, 1, 0, 0, 0, 0, time.UTC), "JoinDate": time.Date(2015, 4, 1, 0, 0, 0, 0, time.UTC),
		"PrimaryOrganizationId": ids.east, "SortOrder": int64(5), "Description": nil, "Phone": nil,
		"CustomItemValues": `[{"code":"floor","value":"3"}]`,
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %#v, want %#v", k, got[k], v)
		}
	}
	if ct, ok := got["CreatedTime"].(time.Time); !ok || ct.IsZero() || ct.Location() != time.UTC {
		t.Errorf("CreatedTime = %#v, want a UTC time", got["CreatedTime"])
	}
	if n := f.srv.RequestCount("GET /v1/users.json"); n != 1 || env.Stats.Requests.Load() != 1 {
		t.Errorf("requests: server %d, stats %d; want 1", n, env.Stats.Requests.Load())
	}
}

func TestDirUsersPagingPast100(t *testing.T) {
	f, _ := newDirFixture(t)
	tab := f.table(t, "CybozuUser.Users")
	scan := &DirScan{Table: tab, Cols: tab.Columns[:2], Qualifier: "u"}
	rows, err := biRead(t, scan, f.env())
	biMust(t, err)
	if len(rows) != 252 {
		t.Fatalf("%d users, want 252", len(rows))
	}
	ids := biColumn(scan.Columns(), rows, "Id")
	if !slices.IsSortedFunc(ids, func(a, b Value) int { return int(a.(int64) - b.(int64)) }) {
		t.Error("users are not in id order")
	}
	if n := f.srv.RequestCount("GET /v1/users.json"); n != 3 {
		t.Errorf("%d users.json requests for 252 users, want 3", n)
	}
}

func TestDirPushdownRequests(t *testing.T) {
	f, ids := newDirFixture(t)
	var codes150 []Value
	for i := 1; i <= 150; i++ {
		codes150 = append(codes150, fmt.Sprintf("u%03d", i))
	}
	tests := []struct {
		name    string
		table   string
		keys    []KeyFilter
		rows    int
		path    string
		reqs    int
		wantCol string
		want    []Value
	}{
		{name: "ids", table: "Users", keys: []KeyFilter{{"id", []Value{ids.sato, fmt.Sprint(ids.sato + 1)}}},
			rows: 2, path: "GET /v1/users.json", reqs: 1, wantCol: "Code", want: []Value{"sato", "u001"}},
		{name: "150 codes", table: "Users", keys: []KeyFilter{{"code", codes150}},
			rows: 150, path: "GET /v1/users.json", reqs: 2},
		{name: "id and other code", table: "Users", keys: []KeyFilter{{"id", []Value{ids.sato}}, {"code", []Value{"u001"}}},
			rows: 0, path: "GET /v1/users.json", reqs: 1},
		{name: "contradiction", table: "Users", keys: []KeyFilter{{"id", []Value{int64(1)}}, {"id", []Value{int64(2)}}},
			rows: 0, path: "GET /v1/users.json", reqs: 0},
		{name: "non-integer id", table: "Users", keys: []KeyFilter{{"id", []Value{"abc"}}},
			rows: 0, path: "GET /v1/users.json", reqs: 0},
		{name: "unknown code", table: "Users", keys: []KeyFilter{{"code", []Value{"nobody"}}},
			rows: 0, path: "GET /v1/users.json", reqs: 1},
		{name: "org code", table: "Organizations", keys: []KeyFilter{{"code", []Value{"east"}}},
			rows: 1, path: "GET /v1/organizations.json", reqs: 1, wantCol: "ParentCode", want: []Value{"sales"}},
		{name: "all orgs", table: "Organizations",
			rows: 3, path: "GET /v1/organizations.json", reqs: 1, wantCol: "ParentCode", want: []Value{nil, "sales", "sales"}},
		{name: "group id", table: "Groups", keys: []KeyFilter{{"id", []Value{ids.devs}}},
			rows: 1, path: "GET /v1/groups.json", reqs: 1, wantCol: "Description", want: []Value{"dev team"}},
		{name: "titles", table: "Titles",
			rows: 2, path: "GET /v1/csv/title.csv", reqs: 1, wantCol: "Name", want: []Value{"Manager", "Staff"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.srv.ResetCounters()
			tab := f.table(t, tt.table)
			scan := &DirScan{Table: tab, Cols: tab.Columns, Keys: tt.keys}
			rows, err := biRead(t, scan, f.env())
			biMust(t, err)
			if len(rows) != tt.rows {
				t.Errorf("%d rows, want %d", len(rows), tt.rows)
			}
			if n := f.srv.RequestCount(tt.path); n != tt.reqs || f.srv.TotalRequests() != tt.reqs {
				t.Errorf("%s: %d requests (total %d), want %d", tt.path, n, f.srv.TotalRequests(), tt.reqs)
			}
			if tt.wantCol != "" {
				if got := biColumn(scan.Columns(), rows, tt.wantCol); !slices.Equal(got, tt.want) {
					t.Errorf("%s = %v, want %v", tt.wantCol, got, tt.want)
				}
			}
		})
	}
}

func TestDirMembershipPlans(t *testing.T) {
	f, ids := newDirFixture(t)
	key := func(code string, vals ...Value) KeyFilter { return KeyFilter{Code: code, Values: vals} }
	var u3 = []Value{"u001", "u002", "u003"}
	tests := []struct {
		name  string
		table string
		keys  []KeyFilter
		rows  int
		reqs  map[string]int
		plan  string
	}{
		{name: "orgs unkeyed", table: "UserOrganizations", rows: 152, plan: "per organization",
			reqs: map[string]int{"GET /v1/organizations.json": 1, "GET /v1/organization/users.json": 4}},
		{name: "by user", table: "UserOrganizations", keys: []KeyFilter{key("user.code", "sato")}, rows: 2, plan: "per user",
			reqs: map[string]int{"GET /v1/users.json": 1, "GET /v1/user/organizations.json": 1}},
		{name: "by user id", table: "OrganizationUsers", keys: []KeyFilter{key("user.id", ids.sato)}, rows: 2, plan: "per user",
			reqs: map[string]int{"GET /v1/users.json": 1, "GET /v1/user/organizations.json": 1}},
		{name: "by org", table: "UserDepartments", keys: []KeyFilter{key("organization.code", "sales")}, rows: 150, plan: "per organization",
			reqs: map[string]int{"GET /v1/organizations.json": 1, "GET /v1/organization/users.json": 2}},
		{name: "fewer users", table: "UserOrganizations",
			keys: []KeyFilter{key("user.code", "sato"), key("organization.code", "east", "west")}, rows: 2, plan: "per user",
			reqs: map[string]int{"GET /v1/users.json": 1, "GET /v1/user/organizations.json": 1}},
		{name: "fewer orgs", table: "UserOrganizations",
			keys: []KeyFilter{key("user.code", u3...), key("organization.code", "sales")}, rows: 3, plan: "per organization",
			reqs: map[string]int{"GET /v1/organizations.json": 1, "GET /v1/organization/users.json": 2}},
		{name: "groups unkeyed", table: "UserGroups", rows: 3, plan: "per group",
			reqs: map[string]int{"GET /v1/groups.json": 1, "GET /v1/group/users.json": 2}},
		{name: "groups by user", table: "GroupUsers", keys: []KeyFilter{key("user.code", "sato")}, rows: 1, plan: "per user",
			reqs: map[string]int{"GET /v1/users.json": 1, "GET /v1/user/groups.json": 1}},
		{name: "groups by group id", table: "UserGroups", keys: []KeyFilter{key("group.id", ids.devs)}, rows: 2, plan: "per group",
			reqs: map[string]int{"GET /v1/groups.json": 1, "GET /v1/group/users.json": 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f.srv.ResetCounters()
			tab := f.table(t, tt.table)
			scan := &DirScan{Table: tab, Cols: tab.Columns, Keys: tt.keys}
			if x := strings.Join(scan.Explain().Details, "\n"); !strings.Contains(x, tt.plan) {
				t.Errorf("EXPLAIN does not say %q:\n%s", tt.plan, x)
			}
			env := f.env()
			rows, err := biRead(t, scan, env)
			biMust(t, err)
			if len(rows) != tt.rows {
				t.Errorf("%d rows, want %d", len(rows), tt.rows)
			}
			total := 0
			for path, n := range tt.reqs {
				total += n
				if got := f.srv.RequestCount(path); got != n {
					t.Errorf("%s: %d requests, want %d", path, got, n)
				}
			}
			if f.srv.TotalRequests() != total || env.Stats.Requests.Load() != int64(total) {
				t.Errorf("total requests %d (stats %d), want %d: %v", f.srv.TotalRequests(), env.Stats.Requests.Load(), total, f.srv.RequestCounts())
			}
		})
	}
}

func TestDirMembershipValues(t *testing.T) {
	f, ids := newDirFixture(t)
	tab := f.table(t, "UserOrganizations")
	for _, keys := range [][]KeyFilter{
		{{Code: "user.code", Values: []Value{"sato"}}},
		{{Code: "organization.code", Values: []Value{"east", "west"}}},
	} {
		scan := &DirScan{Table: tab, Cols: tab.Columns, Keys: keys}
		rows, err := biRead(t, scan, f.env())
		biMust(t, err)
		if len(rows) != 2 {
			t.Fatalf("keys %v: %d rows", keys, len(rows))
		}
		want := []map[string]Value{
			{"UserId": ids.sato, "UserCode": "sato", "UserName": "Sato Taro", "OrganizationId": ids.east,
				"OrganizationCode": "east", "OrganizationName": "East", "TitleId": ids.mgr, "TitleCode": "mgr", "TitleName": "Manager"},
			{"UserId": ids.sato, "UserCode": "sato", "OrganizationId": ids.west, "OrganizationCode": "west",
				"OrganizationName": "West", "TitleId": nil, "TitleCode": nil, "TitleName": nil},
		}
		for i, w := range want {
			got := biRow(scan.Columns(), rows[i])
			for k, v := range w {
				if got[k] != v {
					t.Errorf("keys %v row %d: %s = %#v, want %#v", keys, i, k, got[k], v)
				}
			}
		}
	}
}

func TestDirTokenAuthError(t *testing.T) {
	f, _ := newDirFixture(t)
	c, err := client.New(client.Options{BaseURL: f.srv.URL, APITokens: []string{"sometoken"}})
	biMust(t, err)
	for _, name := range []string{"Users", "UserGroups", "Titles"} {
		tab := f.table(t, name)
		_, err = biRead(t, &DirScan{Table: tab, Cols: tab.Columns}, &Env{Client: c})
		if !errors.Is(err, client.ErrUserAPINeedsPassword) || !strings.Contains(err.Error(), "does not accept app API tokens") ||
			strings.Contains(err.Error(), "sometoken") {
			t.Errorf("%s with a token: %v", name, err)
		}
	}
	if n := f.srv.TotalRequests(); n != 0 {
		t.Errorf("%d requests sent with a token", n)
	}
}
