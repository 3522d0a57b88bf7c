package kintonetest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestUserAPIGetUserFields(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	sort := int64(7)
	created := time.Date(2024, 3, 1, 9, 30, 15, 0, time.UTC)
	seedID(t, srv.AddUser, User{
		Code: "sato", Password: "pw", Name: "Sato Noboru", SurName: "Sato", GivenName: "Noboru",
		Email: "sato@example.com", BirthDate: "1985-09-19", SortOrder: &sort,
		CustomItems: map[string]string{"boss": "1", "area": "east"}, CTime: created,
	})
	orgID := seedID(t, srv.AddOrganization, Organization{Code: "sales", Name: "Sales"})
	if err := srv.SetUserOrganizations("sato", []OrgMembership{{Org: "sales"}}); err != nil {
		t.Fatal(err)
	}
	u := uaGetUser(t, srv, "sato")
	if u == nil {
		t.Fatal("user not returned")
	}
	want := map[string]any{
		"code": "sato", "name": "Sato Noboru", "surName": "Sato", "givenName": "Noboru",
		"email": "sato@example.com", "birthDate": "1985-09-19", "valid": true,
		"ctime": "2024-03-01T09:30:15Z", "mtime": "2024-03-01T09:30:15Z",
		"timezone": "Asia/Tokyo", "locale": "ja",
		"primaryOrganization": strconv.FormatInt(orgID, 10), "sortOrder": json.Number("7"),
		// unset optional strings and dates are null
		"phone": nil, "callto": nil, "joinDate": nil, "localName": nil, "description": nil,
	}
	for k, v := range want {
		got, present := u[k]
		if !present || got != v {
			t.Errorf("%s = %#v (present %v), want %#v", k, got, present, v)
		}
	}
	if _, ok := u["id"].(string); !ok {
		t.Errorf("id is not a string: %#v", u["id"])
	}
	if _, ok := u["password"]; ok {
		t.Error("password is exposed")
	}
	for _, k := range []string{"surNameReading", "givenNameReading", "localNameLocale", "mobilePhone",
		"extensionNumber", "url", "employeeNumber"} {
		if _, ok := u[k]; !ok {
			t.Errorf("member %s missing", k)
		}
	}
	items := uaList(t, u, "customItemValues")
	if len(items) != 2 || items[0]["code"] != "area" || items[1]["value"] != "1" {
		t.Errorf("customItemValues = %v", items)
	}
}

func TestUserAPIGetUsersPaging(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	for i := range 250 {
		seedID(t, srv.AddUser, User{Code: fmt.Sprintf("u%03d", i), Password: "pw"})
	}
	// Walk the pages: 251 users (with Administrator), ids ascending.
	var ids []int64
	for offset := 0; ; offset += 100 {
		r := uaOK(t, uaDo(t, srv, http.MethodGet, fmt.Sprintf("users.json?offset=%d", offset), uaAdminAuth, nil))
		page := uaList(t, r.json(t), "users")
		if len(page) > 100 {
			t.Fatalf("page of %d users", len(page))
		}
		for _, u := range page {
			id, err := strconv.ParseInt(u["id"].(string), 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, id)
		}
		if len(page) < 100 {
			break
		}
	}
	if len(ids) != 251 || !slices.IsSorted(ids) || ids[0] != 1 {
		t.Fatalf("got %d ids, sorted %v, first %v", len(ids), slices.IsSorted(ids), ids[:1])
	}
	r := uaOK(t, uaDo(t, srv, http.MethodGet, "users.json?offset=245&size=3", uaAdminAuth, nil))
	if got := uaCodes(uaList(t, r.json(t), "users")); !slices.Equal(got, []string{"u244", "u245", "u246"}) {
		t.Errorf("offset 245 size 3 = %v", got)
	}
	r = uaOK(t, uaDo(t, srv, http.MethodGet, "users.json?offset=1000", uaAdminAuth, nil))
	if got := uaList(t, r.json(t), "users"); len(got) != 0 {
		t.Errorf("past the end: %d users", len(got))
	}

	for _, q := range []string{"size=101", "size=0", "size=x", "offset=-1"} {
		t.Run(q, func(t *testing.T) {
			key, _, _ := strings.Cut(q, "=")
			uaWantError(t, uaDo(t, srv, http.MethodGet, "users.json?"+q, uaAdminAuth, nil), 400, "CB_VA01", key)
		})
	}
}

func TestUserAPIIDsCodesSelection(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	a := seedID(t, srv.AddUser, User{Code: "a", Password: "pw"})
	seedID(t, srv.AddUser, User{Code: "b", Password: "pw"})
	c := seedID(t, srv.AddUser, User{Code: "c", Password: "pw"})

	uaWantError(t, uaDo(t, srv, http.MethodGet, "users.json?ids[0]=1&codes[0]=a", uaAdminAuth, nil),
		400, "CB_VA01", "ids", "codes")

	r := uaOK(t, uaDo(t, srv, http.MethodGet, fmt.Sprintf("users.json?ids[0]=%d&ids[1]=%d&ids[2]=999", c, a), uaAdminAuth, nil))
	if got := uaCodes(uaList(t, r.json(t), "users")); !slices.Equal(got, []string{"a", "c"}) {
		t.Errorf("ids = %v, want [a c] in id order", got)
	}
	// GET parameters in a JSON body through the method override.
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/users.json", jsonBody(t, map[string]any{"codes": []string{"c", "b", "zz"}}))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("X-HTTP-Method-Override", "GET")
	req.Header.Set("X-Cybozu-Authorization", basicAuth(uaAdminAuth))
	r = uaOK(t, uaSend(t, srv, req))
	if got := uaCodes(uaList(t, r.json(t), "users")); !slices.Equal(got, []string{"b", "c"}) {
		t.Errorf("codes = %v, want [b c]", got)
	}
	uaWantError(t, uaDo(t, srv, http.MethodGet, "users.json?ids[0]=x", uaAdminAuth, nil), 400, "CB_VA01", "ids[0]")
}

func TestUserAPIAuthAndPrivileges(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	seedID(t, srv.AddUser, User{Code: "member", Password: "pw"})
	appID, err := srv.CreateApp(AppSpec{Name: "A"})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.AddAPIToken(appID, "tok123", AllPermissions); err != nil {
		t.Fatal(err)
	}
	newUser := map[string]any{"users": []any{map[string]any{"code": "x", "password": "p", "name": "X"}}}
	tests := []struct {
		name, method, auth, token string
		body                      any
		status                    int
		code                      string
	}{
		{"no auth", http.MethodGet, "", "", nil, 401, "CB_AU01"},
		{"app token only", http.MethodGet, "", "tok123", nil, 401, "CB_AU01"},
		{"bad password", http.MethodGet, "member:wrong", "", nil, 401, "CB_WA01"},
		{"member reads", http.MethodGet, "member:pw", "", nil, 200, ""},
		{"member writes", http.MethodPost, "member:pw", "", newUser, 403, "CB_NO02"},
		{"admin writes", http.MethodPost, uaAdminAuth, "", newUser, 200, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(tc.method, srv.URL+"/v1/users.json", jsonBody(t, tc.body))
			if tc.body != nil {
				req.Header.Set("Content-Type", "application/json")
			}
			if tc.auth != "" {
				req.Header.Set("X-Cybozu-Authorization", basicAuth(tc.auth))
			}
			if tc.token != "" {
				req.Header.Set("X-Cybozu-API-Token", tc.token)
			}
			r := uaSend(t, srv, req)
			if r.status != tc.status || (tc.code != "" && r.errCode(t) != tc.code) {
				t.Fatalf("got %d %s, want %d %s", r.status, r.body, tc.status, tc.code)
			}
		})
	}
	// Every write family is admin-only.
	for _, res := range []string{"users.json", "organizations.json", "groups.json", "userOrganizations.json",
		"group/users.json", "users/codes.json", "users/services.json", "csv/title.json"} {
		method := http.MethodPut
		if res == "csv/title.json" {
			method = http.MethodPost
		}
		uaWantError(t, uaDo(t, srv, method, res, "member:pw", map[string]any{}), 403, "CB_NO02")
	}
}

func TestUserAPIAddUsersAllOrNothing(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	seedID(t, srv.AddUser, User{Code: "taken", Password: "pw"})
	user := func(code string) map[string]any {
		return map[string]any{"code": code, "password": "secret", "name": "Name " + code}
	}
	bad := []struct {
		name  string
		users []any
		key   string
	}{
		{"missing password", []any{user("n1"), map[string]any{"code": "n2", "name": "N2"}, user("n3")}, "users[1].password"},
		{"duplicate in batch", []any{user("n1"), user("n2"), user("n1")}, "users[2].code"},
		{"existing code", []any{user("n1"), user("taken"), user("n3")}, "users[1].code"},
		{"blank name", []any{user("n1"), user("n2"), map[string]any{"code": "n3", "password": "p", "name": "  "}}, "users[2].name"},
		{"code too long", []any{user(string(make([]byte, 129)))}, "users[0].code"},
		{"bad locale", []any{user("n1"), map[string]any{"code": "n2", "password": "p", "name": "N", "locale": "fr"}}, "users[1].locale"},
		{"bad date", []any{map[string]any{"code": "n1", "password": "p", "name": "N", "birthDate": "1990/01/01"}}, "users[0].birthDate"},
		{"bad timezone", []any{map[string]any{"code": "n1", "password": "p", "name": "N", "timezone": "Mars/Base"}}, "users[0].timezone"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			uaWantError(t, uaDo(t, srv, http.MethodPost, "users.json", uaAdminAuth, map[string]any{"users": tc.users}),
				400, "CB_VA01", tc.key)
			for _, code := range []string{"n1", "n2", "n3"} {
				if uaGetUser(t, srv, code) != nil {
					t.Fatalf("user %s was added by a failed request", code)
				}
			}
		})
	}
	many := make([]any, uaMaxItems+1)
	for i := range many {
		many[i] = user(fmt.Sprintf("m%d", i))
	}
	uaWantError(t, uaDo(t, srv, http.MethodPost, "users.json", uaAdminAuth, map[string]any{"users": many}), 400, "CB_VA01", "users")
	uaWantError(t, uaDo(t, srv, http.MethodPost, "users.json", uaAdminAuth, map[string]any{"users": []any{}}), 400, "CB_VA01", "users")

	uaOK(t, uaDo(t, srv, http.MethodPost, "users.json", uaAdminAuth, map[string]any{"users": []any{user("n1"), user("n2"),
		map[string]any{"code": "n3", "password": "p3", "name": "N3", "valid": false, "sortOrder": 5, "locale": "en"}}}))
	n1 := uaGetUser(t, srv, "n1")
	if n1 == nil || n1["name"] != "Name n1" || n1["locale"] != "auto" || n1["valid"] != true {
		t.Errorf("n1 = %v", n1)
	}
	n3 := uaGetUser(t, srv, "n3")
	if n3 == nil || n3["valid"] != false || n3["sortOrder"] != json.Number("5") || n3["locale"] != "en" {
		t.Errorf("n3 = %v", n3)
	}
	// The new user can log in with the password given.
	uaOK(t, uaDo(t, srv, http.MethodGet, "users.json", "n1:secret", nil))
}

func TestUserAPIUpdateUsers(t *testing.T) {
	clock := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	srv := NewServer(WithClock(func() time.Time { return clock }))
	defer srv.Close()
	seedID(t, srv.AddUser, User{Code: "sato", Password: "pw", Name: "Sato", Email: "s@example.com", Phone: "123"})
	clock = clock.Add(time.Hour)

	// One unknown user fails the whole request.
	r := uaDo(t, srv, http.MethodPut, "users.json", uaAdminAuth, map[string]any{"users": []any{
		map[string]any{"code": "sato", "name": "Changed"},
		map[string]any{"code": "ghost", "name": "G"},
	}})
	uaWantError(t, r, 400, "CB_VA01", "users[1].code")
	if u := uaGetUser(t, srv, "sato"); u["name"] != "Sato" {
		t.Fatalf("partial apply: %v", u["name"])
	}

	uaOK(t, uaDo(t, srv, http.MethodPut, "users.json", uaAdminAuth, map[string]any{"users": []any{
		map[string]any{"code": "sato", "name": "Sato N", "phone": "", "password": "newpw", "joinDate": "2020-04-01"},
	}}))
	u := uaGetUser(t, srv, "sato")
	checks := map[string]any{"name": "Sato N", "email": "s@example.com", "phone": nil, "joinDate": "2020-04-01",
		"mtime": "2025-01-02T04:04:05Z", "ctime": "2025-01-02T03:04:05Z"}
	for k, v := range checks {
		if u[k] != v {
			t.Errorf("%s = %#v, want %#v", k, u[k], v)
		}
	}
	uaOK(t, uaDo(t, srv, http.MethodGet, "users.json", "sato:newpw", nil))
	uaWantError(t, uaDo(t, srv, http.MethodGet, "users.json", "sato:pw", nil), 401, "CB_WA01")
}

func TestUserAPIDeleteAndRenameUsers(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	for _, c := range []string{"a", "b", "c"} {
		seedID(t, srv.AddUser, User{Code: c, Password: "pw"})
	}
	seedID(t, srv.AddGroup, Group{Code: "g"})
	seedID(t, srv.AddOrganization, Organization{Code: "o"})
	if err := srv.SetGroupMembers("g", []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetUserOrganizations("b", []OrgMembership{{Org: "o"}}); err != nil {
		t.Fatal(err)
	}

	uaWantError(t, uaDo(t, srv, http.MethodDelete, "users.json", uaAdminAuth, map[string]any{"codes": []string{"a", "zz"}}),
		400, "CB_VA01", "codes[1]")
	if uaGetUser(t, srv, "a") == nil {
		t.Fatal("a deleted by a failed request")
	}
	uaOK(t, uaDo(t, srv, http.MethodDelete, "users.json?codes[0]=a", uaAdminAuth, nil))
	if uaGetUser(t, srv, "a") != nil {
		t.Fatal("a not deleted")
	}
	r := uaOK(t, uaDo(t, srv, http.MethodGet, "group/users.json?code=g", uaAdminAuth, nil))
	if got := uaCodes(uaList(t, r.json(t), "users")); !slices.Equal(got, []string{"b"}) {
		t.Errorf("group members after delete = %v", got)
	}

	uaWantError(t, uaDo(t, srv, http.MethodPut, "users/codes.json", uaAdminAuth,
		map[string]any{"codes": []any{map[string]any{"currentCode": "b", "newCode": "c"}}}), 400, "CB_VA01", "codes[0].newCode")
	uaOK(t, uaDo(t, srv, http.MethodPut, "users/codes.json", uaAdminAuth,
		map[string]any{"codes": []any{map[string]any{"currentCode": "b", "newCode": "b2"}}}))
	if uaGetUser(t, srv, "b") != nil || uaGetUser(t, srv, "b2") == nil {
		t.Fatal("rename not applied")
	}
	r = uaOK(t, uaDo(t, srv, http.MethodGet, "user/organizations.json?code=b2", uaAdminAuth, nil))
	if got := uaList(t, r.json(t), "organizationTitles"); len(got) != 1 {
		t.Errorf("memberships did not follow the rename: %v", got)
	}
	r = uaOK(t, uaDo(t, srv, http.MethodGet, "user/groups.json?code=b2", uaAdminAuth, nil))
	if got := uaCodes(uaList(t, r.json(t), "groups")); !slices.Equal(got, []string{"g"}) {
		t.Errorf("groups after rename = %v", got)
	}
	uaOK(t, uaDo(t, srv, http.MethodGet, "users.json", "b2:pw", nil))
}
