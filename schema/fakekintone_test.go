package schema

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/kintone-sql/kintone/client"
)

// fakeApp is one app served by fakeKintone. A nil layout makes
// layout.json answer 403, like a user without the right to read it.
type fakeApp struct {
	id     int64
	name   string
	code   string
	space  int64
	guest  bool
	props  map[string]client.FieldProperty
	layout *client.Layout
}

// fakeKintone serves apps.json, app.json, app/form/fields.json and
// app/form/layout.json (normal and guest paths) over real HTTP and counts
// the requests per resource. The emulator's app endpoints were not written
// yet when these tests were, so the schema tests bring their own.
type fakeKintone struct {
	t    *testing.T
	srv  *httptest.Server
	mu   sync.Mutex
	apps []*fakeApp
	hits map[string]int // resource ("apps", "app", "fields", "layout") → requests
	// failFields makes fields.json answer 500 while positive (decremented per call).
	failFields int
}

// pathPattern splits /k[/guest/{id}]/v1/{resource}.json.
var pathPattern = regexp.MustCompile(`^/k(?:/guest/(\d+))?/v1/(.+)\.json$`)

// newFakeKintone starts a fake serving apps.
func newFakeKintone(t *testing.T, apps ...*fakeApp) *fakeKintone {
	f := &fakeKintone{t: t, apps: apps, hits: map[string]int{}}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	return f
}

// client returns a password-authenticated client of the fake.
func (f *fakeKintone) client(t *testing.T) *client.Client {
	c, err := client.New(client.Options{BaseURL: f.srv.URL, User: "alice", Password: "secret", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// tokenClient returns an API-token client of the fake.
func (f *fakeKintone) tokenClient(t *testing.T) *client.Client {
	c, err := client.New(client.Options{BaseURL: f.srv.URL, APITokens: []string{"tok"}, MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// count returns the requests received for resource.
func (f *fakeKintone) count(resource string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.hits[resource]
}

// total returns all requests received.
func (f *fakeKintone) total() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	n := 0
	for _, v := range f.hits {
		n += v
	}
	return n
}

// fail writes a kintone error body.
func fail(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]string{"code": code, "id": "x", "message": msg})
}

// indexed returns the values of key[0], key[1], ... of a query.
func indexed(r *http.Request, key string) []string {
	var out []string
	for i := 0; ; i++ {
		v := r.URL.Query().Get(fmt.Sprintf("%s[%d]", key, i))
		if v == "" {
			return out
		}
		out = append(out, v)
	}
}

// serve answers one request.
func (f *fakeKintone) serve(w http.ResponseWriter, r *http.Request) {
	m := pathPattern.FindStringSubmatch(r.URL.Path)
	if m == nil {
		fail(w, 404, "CB_NO01", "no such API")
		return
	}
	var guest int64
	if m[1] != "" {
		guest, _ = strconv.ParseInt(m[1], 10, 64)
	}
	resource := map[string]string{"apps": "apps", "app": "app", "app/form/fields": "fields", "app/form/layout": "layout"}[m[2]]
	f.mu.Lock()
	defer f.mu.Unlock()
	f.hits[resource]++
	token := r.Header.Get("X-Cybozu-API-Token") != "" && r.Header.Get("X-Cybozu-Authorization") == ""
	w.Header().Set("Content-Type", "application/json")
	switch resource {
	case "apps":
		if token {
			fail(w, 403, "GAIA_NO01", "API Tokens cannot be used with this API")
			return
		}
		ids, spaces := indexed(r, "ids"), indexed(r, "spaceIds")
		limit, _ := strconv.Atoi(r.URL.Query().Get("limit"))
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		if limit == 0 {
			limit = 100
		}
		var page []client.App
		for _, a := range f.apps {
			if (len(ids) > 0 && !slices.Contains(ids, strconv.FormatInt(a.id, 10))) ||
				(len(spaces) > 0 && !slices.Contains(spaces, strconv.FormatInt(a.space, 10))) ||
				(guest == 0 && a.guest) || (guest > 0 && a.space != guest) {
				continue
			}
			page = append(page, f.appJSON(a))
		}
		page = page[min(offset, len(page)):]
		page = page[:min(limit, len(page))]
		_ = json.NewEncoder(w).Encode(map[string]any{"apps": page})
		return
	}
	key := "app"
	if resource == "app" {
		key = "id"
	}
	id, _ := strconv.ParseInt(r.URL.Query().Get(key), 10, 64)
	var app *fakeApp
	for _, a := range f.apps {
		if a.id == id {
			app = a
		}
	}
	switch {
	case app == nil:
		fail(w, 404, "GAIA_AP01", "The app not found.")
		return
	case app.guest && guest != app.space:
		fail(w, 400, "GAIA_IL23", "send the request to /k/guest/(guest space ID)/v1/...")
		return
	case !app.guest && guest != 0:
		fail(w, 403, "CB_NO02", "No privilege to proceed.")
		return
	}
	switch resource {
	case "app":
		_ = json.NewEncoder(w).Encode(f.appJSON(app))
	case "fields":
		if f.failFields > 0 {
			f.failFields--
			fail(w, 500, "CB_IJ01", "internal error")
			return
		}
		_ = json.NewEncoder(w).Encode(client.FormFields{Properties: app.props, Revision: "1"})
	case "layout":
		if app.layout == nil {
			fail(w, 403, "CB_NO02", "No privilege to proceed.")
			return
		}
		_ = json.NewEncoder(w).Encode(app.layout)
	default:
		fail(w, 404, "CB_NO01", "no such API")
	}
}

// appJSON renders an app as app.json does.
func (f *fakeKintone) appJSON(a *fakeApp) client.App {
	out := client.App{AppID: strconv.FormatInt(a.id, 10), Code: a.code, Name: a.name}
	if a.space > 0 {
		s := strconv.FormatInt(a.space, 10)
		out.SpaceID = &s
	}
	return out
}

// props builds a field map from properties.
func props(ps ...client.FieldProperty) map[string]client.FieldProperty {
	out := map[string]client.FieldProperty{}
	for _, p := range ps {
		out[p.Code] = p
	}
	return out
}

// systemProps are kintone's default system fields (English codes), with
// process management off.
func systemProps() []client.FieldProperty {
	return []client.FieldProperty{
		{Type: FieldRecordNumber, Code: "Record_number", Label: "Record number"},
		{Type: FieldCreator, Code: "Created_by", Label: "Created by"},
		{Type: FieldCreatedTime, Code: "Created_datetime", Label: "Created datetime"},
		{Type: FieldModifier, Code: "Updated_by", Label: "Updated by"},
		{Type: FieldUpdatedTime, Code: "Updated_datetime", Label: "Updated datetime"},
		{Type: FieldStatus, Code: "Status", Label: "Status"},
		{Type: FieldStatusAssignee, Code: "Assignee", Label: "Assignee"},
		{Type: FieldCategory, Code: "Categories", Label: "Categories"},
	}
}

// rowLayout puts codes in one ROW each, in order.
func rowLayout(codes ...string) *client.Layout {
	l := &client.Layout{Revision: "1"}
	for _, c := range codes {
		l.Layout = append(l.Layout, client.LayoutRow{Type: "ROW", Fields: []client.LayoutField{{Type: "X", Code: c}}})
	}
	return l
}

// columnNames returns the names of a table's columns.
func columnNames(t *Table) []string {
	out := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		out[i] = c.Name
	}
	return out
}

// mustContain fails unless err's text holds every part.
func mustContain(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("got no error, want one containing %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not contain %q", err, p)
		}
	}
}
