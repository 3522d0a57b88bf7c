package kintonetest

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// appFixture is a server with apps in the portal, a space and a guest
// space.
type appFixture struct {
	srv                     *Server
	space, guest            int64
	customers, deals, tasks int64
	partner                 int64
}

func appNewFixture(t *testing.T) *appFixture {
	t.Helper()
	clock := time.Date(2024, 5, 6, 7, 8, 9, 0, time.UTC)
	srv := NewServer(WithClock(func() time.Time { return clock }))
	t.Cleanup(srv.Close)
	if _, err := srv.AddUser(User{Code: "sato", Name: "佐藤", Password: "pw"}); err != nil {
		t.Fatal(err)
	}
	f := &appFixture{srv: srv}
	var err error
	if f.space, err = srv.AddSpace(Space{Name: "Sales", Members: []string{"Administrator", "sato"}, Body: "<b>hi</b>"}); err != nil {
		t.Fatal(err)
	}
	if f.guest, err = srv.AddSpace(Space{Name: "Partners", IsGuest: true}); err != nil {
		t.Fatal(err)
	}
	f.customers = appCreate(t, srv, AppSpec{Name: "Customers", Code: "CUST", Description: "all customers"})
	f.deals = appCreate(t, srv, AppSpec{Name: "Deals", Code: "DEALS", Creator: "sato"})
	f.tasks = appCreate(t, srv, AppSpec{Name: "Tasks", SpaceID: f.space})
	f.partner = appCreate(t, srv, AppSpec{Name: "Partner requests", SpaceID: f.guest})
	return f
}

func TestAppGetAppShape(t *testing.T) {
	f := appNewFixture(t)
	got := appOK(t, f.srv, "GET", fmt.Sprintf("/k/v1/app.json?id=%d", f.deals), nil)
	appJSONEqual(t, "deals", got, fmt.Sprintf(`{"appId":"%d","code":"DEALS","name":"Deals","description":"",
		"spaceId":null,"threadId":null,"createdAt":"2024-05-06T07:08:09.000Z","creator":{"code":"sato","name":"佐藤"},
		"modifiedAt":"2024-05-06T07:08:09.000Z","modifier":{"code":"sato","name":"佐藤"}}`, f.deals))

	got = appOK(t, f.srv, "GET", fmt.Sprintf("/k/v1/app.json?id=%d", f.tasks), nil)
	if got["spaceId"] != fmt.Sprint(f.space) || got["threadId"] != fmt.Sprint(f.space*10+1) {
		t.Errorf("space app: spaceId %v threadId %v", got["spaceId"], got["threadId"])
	}
	got = appOK(t, f.srv, "GET", fmt.Sprintf("/k/guest/%d/v1/app.json?id=%d", f.guest, f.partner), nil)
	if got["spaceId"] != fmt.Sprint(f.guest) {
		t.Errorf("guest app spaceId %v", got["spaceId"])
	}

	for _, tc := range []struct {
		query  string
		status int
		code   string
	}{
		{"id=99999", 404, "GAIA_AP01"},
		{"", 400, "CB_VA01"},
		{"id=0", 400, "CB_VA01"},
		{"id=abc", 400, "CB_VA01"},
	} {
		r := appDo(t, f.srv, testAdmin, "GET", "/k/v1/app.json?"+tc.query, nil)
		appWantError(t, r, tc.status, tc.code)
	}
}

func TestAppGetAppsFilters(t *testing.T) {
	f := appNewFixture(t)
	ids := func(body map[string]any) []string {
		out := []string{}
		for _, a := range body["apps"].([]any) {
			out = append(out, a.(map[string]any)["appId"].(string))
		}
		return out
	}
	s := func(ids ...int64) []string {
		out := []string{}
		for _, id := range ids {
			out = append(out, fmt.Sprint(id))
		}
		return out
	}
	for _, tc := range []struct {
		name  string
		query string
		body  map[string]any
		want  []string
	}{
		{"all", "", nil, s(f.customers, f.deals, f.tasks, f.partner)},
		{"ids", "ids[0]=" + fmt.Sprint(f.tasks) + "&ids[1]=" + fmt.Sprint(f.customers), nil, s(f.customers, f.tasks)},
		{"codes exact", "codes[0]=DEALS&codes[1]=deals", nil, s(f.deals)},
		{"codes case-sensitive", "codes[0]=cust", nil, s()},
		{"name partial case-insensitive", "name=EAL", nil, s(f.deals)},
		{"spaceIds", "spaceIds[0]=" + fmt.Sprint(f.space), nil, s(f.tasks)},
		{"filters combine", "codes[0]=CUST&name=deal", nil, s()},
		{"limit", "limit=2", nil, s(f.customers, f.deals)},
		{"offset", "limit=2&offset=3", nil, s(f.partner)},
		{"offset past end", "offset=10", nil, s()},
		{"null-ish empty params ignored", "ids=&codes=&name=&spaceIds=", nil, s(f.customers, f.deals, f.tasks, f.partner)},
		{"json body", "", map[string]any{"ids": []any{f.deals, fmt.Sprint(f.customers)}, "codes": nil, "name": nil}, s(f.customers, f.deals)},
		{"json empty arrays", "", map[string]any{"ids": []any{}, "spaceIds": []any{}}, s(f.customers, f.deals, f.tasks, f.partner)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got map[string]any
			if tc.body != nil {
				got = appOK(t, f.srv, "GET", "/k/v1/apps.json", tc.body)
			} else {
				got = appOK(t, f.srv, "GET", "/k/v1/apps.json?"+tc.query, nil)
			}
			appJSONEqual(t, "ids", ids(got), tc.want)
		})
	}

	// Under a guest path only that guest space's apps are listed.
	got := appOK(t, f.srv, "GET", fmt.Sprintf("/k/guest/%d/v1/apps.json", f.guest), nil)
	appJSONEqual(t, "guest ids", ids(got), s(f.partner))
}

func TestAppGetAppsLimits(t *testing.T) {
	srv := appNewServer(t)
	for i := 0; i < 105; i++ {
		appCreate(t, srv, AppSpec{Name: fmt.Sprintf("App %03d", i)})
	}
	got := appOK(t, srv, "GET", "/k/v1/apps.json", nil)
	if n := len(got["apps"].([]any)); n != maxAppsLimit {
		t.Errorf("default limit: %d apps", n)
	}
	got = appOK(t, srv, "GET", "/k/v1/apps.json?offset=100", nil)
	if n := len(got["apps"].([]any)); n != 5 {
		t.Errorf("second page: %d apps", n)
	}
	many := make([]string, 101)
	for i := range many {
		many[i] = fmt.Sprintf("ids[%d]=%d", i, i+1)
	}
	for _, tc := range []struct {
		query, code, key string
	}{
		{"limit=0", "CB_VA01", "limit"},
		{"limit=101", "CB_VA01", "limit"},
		{"limit=x", "CB_VA01", "limit"},
		{"offset=-1", "CB_VA01", "offset"},
		{"offset=2147483648", "CB_VA01", "offset"},
		{"ids[0]=0", "CB_VA01", "ids[0]"},
		{"codes[0]=" + strings.Repeat("a", 65), "CB_VA01", "codes[0]"},
		{"name=" + strings.Repeat("n", 65), "CB_VA01", "name"},
		{strings.Join(many, "&"), "GAIA_TO03", ""},
	} {
		r := appDo(t, srv, testAdmin, "GET", "/k/v1/apps.json?"+tc.query, nil)
		appWantError(t, r, 400, tc.code)
		if tc.key != "" {
			errs, _ := r.Body["errors"].(map[string]any)
			if errs[tc.key] == nil {
				t.Errorf("%s: want an error on %q, got %s", tc.query[:min(len(tc.query), 30)], tc.key, r.Raw)
			}
		}
	}
}

func TestAppTokenRules(t *testing.T) {
	f := appNewFixture(t)
	if err := f.srv.AddAPIToken(f.deals, "tok-deals", TokenPermissions{View: true}); err != nil {
		t.Fatal(err)
	}
	if err := f.srv.AddAPIToken(f.customers, "tok-manage", TokenPermissions{View: true, ManageApp: true}); err != nil {
		t.Fatal(err)
	}
	tok := testAuth{token: "tok-deals"}
	manage := testAuth{token: "tok-manage"}
	for _, tc := range []struct {
		name   string
		auth   testAuth
		method string
		path   string
		body   any
		status int
		code   string
	}{
		{"apps.json refuses tokens", tok, "GET", "/k/v1/apps.json", nil, 403, "GAIA_NO01"},
		{"space.json refuses tokens", tok, "GET", fmt.Sprintf("/k/v1/space.json?id=%d", f.space), nil, 403, "GAIA_NO01"},
		{"preview/app.json refuses tokens", manage, "POST", "/k/v1/preview/app.json", map[string]any{"name": "x"}, 403, "GAIA_NO01"},
		{"app.json own app", tok, "GET", fmt.Sprintf("/k/v1/app.json?id=%d", f.deals), nil, 200, ""},
		{"app.json other app", tok, "GET", fmt.Sprintf("/k/v1/app.json?id=%d", f.customers), nil, 403, "GAIA_NO01"},
		{"fields own app", tok, "GET", fmt.Sprintf("/k/v1/app/form/fields.json?app=%d", f.deals), nil, 200, ""},
		{"views own app", tok, "GET", fmt.Sprintf("/k/v1/app/views.json?app=%d", f.deals), nil, 200, ""},
		{"status own app", tok, "GET", fmt.Sprintf("/k/v1/app/status.json?app=%d", f.deals), nil, 200, ""},
		{"settings own app", tok, "GET", fmt.Sprintf("/k/v1/app/settings.json?app=%d", f.deals), nil, 200, ""},
		{"layout own app", tok, "GET", fmt.Sprintf("/k/v1/app/form/layout.json?app=%d", f.deals), nil, 200, ""},
		{"preview fields need manage", tok, "GET", fmt.Sprintf("/k/v1/preview/app/form/fields.json?app=%d", f.deals), nil, 403, "GAIA_NO01"},
		{"preview fields with manage", manage, "GET", fmt.Sprintf("/k/v1/preview/app/form/fields.json?app=%d", f.customers), nil, 200, ""},
		{"add fields need manage", tok, "POST", "/k/v1/preview/app/form/fields.json",
			map[string]any{"app": f.deals, "properties": map[string]any{"x": map[string]any{"type": "NUMBER", "code": "x", "label": "X"}}}, 403, "GAIA_NO01"},
		{"add fields with manage", manage, "POST", "/k/v1/preview/app/form/fields.json",
			map[string]any{"app": f.customers, "properties": map[string]any{"x": map[string]any{"type": "NUMBER", "code": "x", "label": "X"}}}, 200, ""},
		{"deploy with manage", manage, "POST", "/k/v1/preview/app/deploy.json", map[string]any{"apps": []any{map[string]any{"app": f.customers}}}, 200, ""},
		{"deploy needs manage", tok, "POST", "/k/v1/preview/app/deploy.json", map[string]any{"apps": []any{map[string]any{"app": f.deals}}}, 403, "GAIA_NO01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := appDo(t, f.srv, tc.auth, tc.method, tc.path, tc.body)
			if tc.status == 200 {
				if r.Status != 200 {
					t.Fatalf("status %d: %s", r.Status, r.Raw)
				}
				return
			}
			appWantError(t, r, tc.status, tc.code)
		})
	}
}

func TestAppGuestPathRules(t *testing.T) {
	f := appNewFixture(t)
	endpoints := []string{
		"app/form/fields.json?app=%d", "app/form/layout.json?app=%d", "app/views.json?app=%d",
		"app/status.json?app=%d", "app/settings.json?app=%d", "app.json?id=%d",
		"preview/app/form/fields.json?app=%d", "preview/app/settings.json?app=%d",
		"preview/app/deploy.json?apps[0]=%d",
	}
	for _, ep := range endpoints {
		t.Run(ep, func(t *testing.T) {
			// A guest-space app through the normal path: 400 GAIA_IL23.
			r := appDo(t, f.srv, testAdmin, "GET", "/k/v1/"+fmt.Sprintf(ep, f.partner), nil)
			appWantError(t, r, 400, "GAIA_IL23")
			// A normal app through a guest path: 403 CB_NO02.
			r = appDo(t, f.srv, testAdmin, "GET", fmt.Sprintf("/k/guest/%d/v1/", f.guest)+fmt.Sprintf(ep, f.deals), nil)
			appWantError(t, r, 403, "CB_NO02")
			// The guest app through its own guest path works.
			r = appDo(t, f.srv, testAdmin, "GET", fmt.Sprintf("/k/guest/%d/v1/", f.guest)+fmt.Sprintf(ep, f.partner), nil)
			if r.Status != 200 {
				t.Fatalf("guest path: %d %s", r.Status, r.Raw)
			}
		})
	}
	// Writes follow the same rule.
	body := map[string]any{"app": f.partner, "properties": map[string]any{"n": map[string]any{"type": "NUMBER", "code": "n", "label": "N"}}}
	appWantError(t, appDo(t, f.srv, testAdmin, "POST", "/k/v1/preview/app/form/fields.json", body), 400, "GAIA_IL23")
	r := appDo(t, f.srv, testAdmin, "POST", fmt.Sprintf("/k/guest/%d/v1/preview/app/form/fields.json", f.guest), body)
	if r.Status != 200 {
		t.Fatalf("guest add fields: %d %s", r.Status, r.Raw)
	}
	// Only password auth reaches apps.json; an unknown user is 401.
	appWantError(t, appDo(t, f.srv, testAuth{user: "nobody", pass: "x"}, "GET", "/k/v1/apps.json", nil), 401, "CB_WA01")
}
