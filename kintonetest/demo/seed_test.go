package demo_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/kintonetest/demo"
)

// fixedClock pins the server clock so two seeded servers are identical.
func fixedClock() time.Time { return time.Date(2025, 4, 1, 9, 30, 0, 0, time.UTC) }

// seeded starts a server with the demo tenant.
func seeded(t *testing.T) (*kintonetest.Server, *demo.Tenant) {
	t.Helper()
	s := kintonetest.NewServer(kintonetest.WithClock(fixedClock))
	t.Cleanup(s.Close)
	tenant, err := demo.Seed(s)
	if err != nil {
		t.Fatalf("Seed: %v", err)
	}
	return s, tenant
}

// asAdmin authenticates as the default administrator.
func asAdmin() http.Header { return asUser(kintonetest.DefaultUser, kintonetest.DefaultPassword) }

func asUser(login, password string) http.Header {
	h := http.Header{}
	h.Set("X-Cybozu-Authorization", base64.StdEncoding.EncodeToString([]byte(login+":"+password)))
	return h
}

func withToken(tok string) http.Header {
	h := http.Header{}
	h.Set("X-Cybozu-API-Token", tok)
	return h
}

// demoDo sends a request (params in the query string for GET, as JSON
// otherwise) and decodes the JSON answer.
func demoDo(t *testing.T, s *kintonetest.Server, method, path string, h http.Header, params map[string]any) (int, map[string]any) {
	t.Helper()
	u := s.URL + path
	var body []byte
	if method == http.MethodGet {
		q := url.Values{}
		for k, v := range params {
			q.Set(k, fmt.Sprint(v))
		}
		u += "?" + q.Encode()
	} else {
		var err error
		if body, err = json.Marshal(params); err != nil {
			t.Fatal(err)
		}
	}
	req, err := http.NewRequest(method, u, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header = h.Clone()
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	var out map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("%s %s: decoding: %v", method, path, err)
	}
	return resp.StatusCode, out
}

// demoRecords reads every record of an app (at most 500) in id order.
func demoRecords(t *testing.T, s *kintonetest.Server, a demo.App, query string) []map[string]any {
	t.Helper()
	path := "/k/v1/records.json"
	if a.GuestSpaceID != 0 {
		path = fmt.Sprintf("/k/guest/%d/v1/records.json", a.GuestSpaceID)
	}
	status, body := demoDo(t, s, http.MethodGet, path, asAdmin(),
		map[string]any{"app": a.ID, "query": query + " order by $id asc limit 500", "totalCount": true})
	if status != http.StatusOK {
		t.Fatalf("records of %s: %d %v", a.Name, status, body)
	}
	list, _ := body["records"].([]any)
	out := make([]map[string]any, len(list))
	for i, r := range list {
		out[i], _ = r.(map[string]any)
	}
	return out
}

// value is the "value" of a field in a record.
func value(rec map[string]any, code string) any {
	f, _ := rec[code].(map[string]any)
	return f["value"]
}

// num parses a NUMBER/CALC value ("" is 0).
func num(t *testing.T, v any) float64 {
	t.Helper()
	s, _ := v.(string)
	if s == "" {
		return 0
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		t.Fatalf("not a number: %q", s)
	}
	return f
}

func TestSeedCounts(t *testing.T) {
	s, tenant := seeded(t)
	tests := []struct {
		app  demo.App
		want int
	}{
		{tenant.Customers, demo.NumCustomers},
		{tenant.Deals, demo.NumDeals},
		{tenant.Tasks, demo.NumTasks},
		{tenant.PartnerRequests, demo.NumPartnerRequests},
	}
	for _, tc := range tests {
		t.Run(tc.app.Name, func(t *testing.T) {
			if len(tc.app.RecordIDs) != tc.want {
				t.Errorf("Tenant reports %d record ids, want %d", len(tc.app.RecordIDs), tc.want)
			}
			if got := len(demoRecords(t, s, tc.app, "")); got != tc.want {
				t.Errorf("read back %d records, want %d", got, tc.want)
			}
			if got := s.RecordCount(tc.app.ID); got != tc.want {
				t.Errorf("RecordCount = %d, want %d", got, tc.want)
			}
		})
	}
	if got := len(tenant.Users); got != 15 {
		t.Errorf("seeded %d users, want 15", got)
	}
	status, body := demoDo(t, s, http.MethodGet, "/v1/users.json", asAdmin(), nil)
	if users, _ := body["users"].([]any); status != http.StatusOK || len(users) != 16 {
		t.Errorf("users.json: status %d, %d users, want 16 (with Administrator)", status, len(users))
	}
	status, body = demoDo(t, s, http.MethodGet, "/v1/organizations.json", asAdmin(), nil)
	if orgs, _ := body["organizations"].([]any); status != http.StatusOK || len(orgs) != 8 {
		t.Errorf("organizations.json: status %d, %d organizations, want 8", status, len(orgs))
	}
}

func TestSeedIsDeterministic(t *testing.T) {
	s1, t1 := seeded(t)
	s2, t2 := seeded(t)
	if !reflect.DeepEqual(t1, t2) {
		t.Fatalf("tenants differ:\n%+v\n%+v", t1, t2)
	}
	for _, a := range t1.Apps() {
		if r1, r2 := demoRecords(t, s1, a, ""), demoRecords(t, s2, a, ""); !reflect.DeepEqual(r1, r2) {
			t.Errorf("%s: records differ between two seeds", a.Name)
		}
	}
}

func TestSeedCustomerValues(t *testing.T) {
	s, tenant := seeded(t)
	tests := []struct {
		query string
		field string
		want  any
	}{
		{`会社名 = "株式会社 \"ダブルクォート\""`, "業種", "サービス業"},
		{`会社名 = "O'Brien & Sons Ltd."`, "業種", "小売業"},
		{`会社名 = "バックスラッシュ\\商会"`, "備考", `Backslash: C:\data\export.csv`},
		{`会社名 = "バックスラッシュ\\商会"`, "業種", nil}, // empty DROP_DOWN reads as null
		{`会社名 = "Acme Corporation"`, "備考", "Line one\nLine two\n\tindented"},
		{`会社名 = "100% Natural_Foods"`, "レコード番号", demo.CustomersCode + "-4"},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			recs := demoRecords(t, s, tenant.Customers, tc.query)
			if len(recs) != 1 {
				t.Fatalf("got %d records, want 1", len(recs))
			}
			if got := value(recs[0], tc.field); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("%s = %#v, want %#v", tc.field, got, tc.want)
			}
		})
	}
}

func TestSeedDealsFollowCustomers(t *testing.T) {
	s, tenant := seeded(t)
	industry := map[string]any{}
	for _, c := range demoRecords(t, s, tenant.Customers, "") {
		name, _ := value(c, "会社名").(string)
		industry[name] = value(c, "業種")
	}
	deals := demoRecords(t, s, tenant.Deals, "")
	withRows := 0
	for _, d := range deals {
		id := value(d, "$id")
		customer, _ := value(d, "customer").(string)
		if customer != "" {
			want, ok := industry[customer]
			if !ok {
				t.Errorf("deal %v: customer %q is not a seeded customer", id, customer)
			}
			if got := value(d, "industry"); !reflect.DeepEqual(got, want) {
				t.Errorf("deal %v: industry %#v, want the customer's 業種 %#v", id, got, want)
			}
		}
		rows, _ := value(d, "明細").([]any)
		var sum float64
		for _, r := range rows {
			inner, _ := r.(map[string]any)["value"].(map[string]any)
			line := num(t, value(inner, "unit_price")) * num(t, value(inner, "qty"))
			if got := num(t, value(inner, "subtotal")); got != line {
				t.Errorf("deal %v: subtotal %v, want %v", id, got, line)
			}
			sum += line
		}
		if len(rows) > 0 {
			withRows++
		}
		if got := num(t, value(d, "total")); got != sum {
			t.Errorf("deal %v: total %v, want SUM(subtotal) %v", id, got, sum)
		}
	}
	if withRows == 0 || withRows == len(deals) {
		t.Errorf("%d of %d deals have line items; want some with and some without", withRows, len(deals))
	}
}

func TestSeedTasksProcess(t *testing.T) {
	s, tenant := seeded(t)
	counts := map[any]int{}
	for _, r := range demoRecords(t, s, tenant.Tasks, "") {
		st := value(r, "Status")
		counts[st]++
		assignees, _ := value(r, "Assignee").([]any)
		if st == "Done" && len(assignees) != 0 {
			t.Errorf("task %v is Done but has assignees %v", value(r, "$id"), assignees)
		}
	}
	for _, st := range []string{"Not started", "In progress", "Done"} {
		if counts[st] == 0 {
			t.Errorf("no task in state %q (counts %v)", st, counts)
		}
	}
	if total := counts["Not started"] + counts["In progress"] + counts["Done"]; total != demo.NumTasks {
		t.Errorf("tasks in known states: %d, want %d (counts %v)", total, demo.NumTasks, counts)
	}
}

func TestSeedAccess(t *testing.T) {
	s, tenant := seeded(t)
	guest := tenant.PartnerRequests
	tests := []struct {
		name   string
		method string
		path   string
		h      http.Header
		params map[string]any
		want   int
		code   string
	}{
		{"demo user reads deals", http.MethodGet, "/k/v1/records.json", asUser(demo.DemoUser, demo.DemoPassword),
			map[string]any{"app": tenant.Deals.ID}, http.StatusOK, ""},
		{"seeded user password", http.MethodGet, "/k/v1/records.json", asUser("li.wei", demo.UserPassword),
			map[string]any{"app": tenant.Customers.ID}, http.StatusOK, ""},
		{"deals token", http.MethodGet, "/k/v1/records.json", withToken(demo.TokenDeals),
			map[string]any{"app": tenant.Deals.ID}, http.StatusOK, ""},
		{"token of another app", http.MethodGet, "/k/v1/records.json", withToken(demo.TokenTasks),
			map[string]any{"app": tenant.Deals.ID}, http.StatusForbidden, "GAIA_NO01"},
		{"read-only token cannot add", http.MethodPost, "/k/v1/record.json", withToken(demo.TokenDealsReadOnly),
			map[string]any{"app": tenant.Deals.ID, "record": map[string]any{"案件名": map[string]any{"value": "x"}}}, http.StatusForbidden, "GAIA_NO01"},
		{"guest app through the guest path", http.MethodGet, fmt.Sprintf("/k/guest/%d/v1/records.json", guest.GuestSpaceID),
			withToken(demo.TokenPartnerRequests), map[string]any{"app": guest.ID}, http.StatusOK, ""},
		{"guest app through /k/v1", http.MethodGet, "/k/v1/records.json", asAdmin(),
			map[string]any{"app": guest.ID}, http.StatusBadRequest, "GAIA_IL23"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			status, body := demoDo(t, s, tc.method, tc.path, tc.h, tc.params)
			if status != tc.want {
				t.Fatalf("status %d, want %d (%v)", status, tc.want, body)
			}
			if tc.code != "" && body["code"] != tc.code {
				t.Errorf("code %v, want %s", body["code"], tc.code)
			}
		})
	}
}

func TestSeedAppsAndSpaces(t *testing.T) {
	s, tenant := seeded(t)
	status, body := demoDo(t, s, http.MethodGet, "/k/v1/apps.json", asAdmin(), nil)
	if status != http.StatusOK {
		t.Fatalf("apps.json: %d %v", status, body)
	}
	got := map[string]map[string]any{}
	list, _ := body["apps"].([]any)
	for _, a := range list {
		m, _ := a.(map[string]any)
		got[fmt.Sprint(m["appId"])] = m
	}
	for _, a := range tenant.Apps() {
		if a.GuestSpaceID != 0 {
			continue // whether /k/v1/apps.json lists guest-space apps is not pinned down
		}
		m := got[strconv.FormatInt(a.ID, 10)]
		if m == nil {
			t.Errorf("apps.json lacks %s (id %d)", a.Name, a.ID)
			continue
		}
		if m["name"] != a.Name || m["code"] != a.Code {
			t.Errorf("app %d: name %v code %v, want %s %s", a.ID, m["name"], m["code"], a.Name, a.Code)
		}
		wantSpace := any(nil)
		if a.SpaceID != 0 {
			wantSpace = strconv.FormatInt(a.SpaceID, 10)
		}
		if !reflect.DeepEqual(m["spaceId"], wantSpace) {
			t.Errorf("app %d: spaceId %#v, want %#v", a.ID, m["spaceId"], wantSpace)
		}
	}
	if tenant.Tasks.SpaceID != tenant.ProjectSpaceID || tenant.PartnerRequests.GuestSpaceID != tenant.GuestSpaceID {
		t.Errorf("space ids: tasks %d/%d, guest %d/%d", tenant.Tasks.SpaceID, tenant.ProjectSpaceID,
			tenant.PartnerRequests.GuestSpaceID, tenant.GuestSpaceID)
	}
}
