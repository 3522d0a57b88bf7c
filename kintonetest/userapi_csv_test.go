package kintonetest

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// uaCSV fetches /v1/csv/{kind}.csv as the administrator and parses it.
func uaCSV(t *testing.T, srv *Server, kind string) [][]string {
	t.Helper()
	r := uaOK(t, uaDo(t, srv, http.MethodGet, "csv/"+kind+".csv", uaAdminAuth, nil))
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/csv") {
		t.Errorf("Content-Type = %q", ct)
	}
	cr := csv.NewReader(bytes.NewReader(r.body))
	cr.FieldsPerRecord = -1
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("parse %q: %v", r.body, err)
	}
	return rows
}

func TestUserAPITitlesCSV(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	seedID(t, srv.AddUser, User{Code: "member", Password: "pw"})
	seedID(t, srv.AddTitle, Title{Code: "mgr", Name: "Manager", Description: `leads, "plans"`})
	seedID(t, srv.AddTitle, Title{Code: "staff", Name: "スタッフ"})

	rows := uaCSV(t, srv, "title")
	want := [][]string{{"mgr", "Manager", "mgr", `leads, "plans"`, ""}, {"staff", "スタッフ", "staff", "", ""}}
	if fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("title.csv = %q, want %q", rows, want)
	}
	for _, row := range rows {
		if len(row) != uaTitleCSVColumns {
			t.Errorf("row %q has %d columns", row, len(row))
		}
	}
	uaWantError(t, uaDo(t, srv, http.MethodGet, "csv/title.csv", "member:pw", nil), 403, "CB_NO02")
	// There is no JSON API for titles.
	if r := uaDo(t, srv, http.MethodGet, "titles.json", uaAdminAuth, nil); r.status != http.StatusNotFound {
		t.Errorf("titles.json status %d", r.status)
	}
}

func TestUserAPIDirectoryCSVExports(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	seedID(t, srv.AddUser, User{Code: "sato", Password: "secret-pw", Name: "Sato", Email: "s@example.com", JoinDate: "2020-04-01"})
	seedID(t, srv.AddUser, User{Code: "kato", Password: "pw"})
	// The child is created before its parent is moved above it, so id order
	// alone would put it first.
	seedID(t, srv.AddOrganization, Organization{Code: "top", Name: "Top"})
	seedID(t, srv.AddOrganization, Organization{Code: "child", Name: "Child", ParentCode: "top"})
	seedID(t, srv.AddOrganization, Organization{Code: "newtop", Name: "New top"})
	uaOK(t, uaDo(t, srv, http.MethodPut, "organizations.json", uaAdminAuth, map[string]any{"organizations": []any{
		map[string]any{"code": "top", "parentCode": "newtop"},
	}}))
	seedID(t, srv.AddTitle, Title{Code: "mgr"})
	seedID(t, srv.AddGroup, Group{Code: "g1", Type: "static"})
	seedID(t, srv.AddGroup, Group{Code: "dyn", Type: "dynamic"})
	if err := srv.SetUserOrganizations("sato", []OrgMembership{{Org: "child", Title: "mgr"}, {Org: "top"}}); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetGroupMembers("g1", []string{"sato"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetGroupMembers("dyn", []string{"sato"}); err != nil {
		t.Fatal(err)
	}

	orgs := uaCSV(t, srv, "organization")
	var order []string
	for _, row := range orgs {
		if len(row) != 7 {
			t.Errorf("organization row %q", row)
		}
		order = append(order, row[0])
	}
	if !slices.Equal(order, []string{"newtop", "top", "child"}) {
		t.Errorf("organization order = %v, want parents first", order)
	}

	users := uaCSV(t, srv, "user")
	if len(users) != 2 || users[0][0] != "sato" {
		t.Fatalf("user.csv = %q (Administrator must not be exported)", users)
	}
	sato := users[0]
	if len(sato) != 25 || sato[2] != "sato" || sato[3] != "*" || sato[10] != "s@example.com" || sato[11] != "1" || sato[19] != "2020-04-01" {
		t.Errorf("sato row = %q", sato)
	}
	if strings.Contains(fmt.Sprint(users), "secret-pw") {
		t.Error("password exported")
	}

	uo := uaCSV(t, srv, "userOrganizations")
	if got := fmt.Sprint(uo); !strings.Contains(got, "[sato child mgr top ]") || !strings.Contains(got, "[kato  ]") {
		t.Errorf("userOrganizations.csv = %q", uo)
	}
	ug := uaCSV(t, srv, "userGroups")
	if got := fmt.Sprint(ug); !strings.Contains(got, "[sato g1]") || !strings.Contains(got, "[kato ]") {
		t.Errorf("userGroups.csv = %q", ug)
	}
	groups := uaCSV(t, srv, "group")
	if fmt.Sprint(groups) != fmt.Sprint([][]string{{"g1", "g1", "g1", "static", "", ""}, {"dyn", "dyn", "dyn", "dynamic", "", ""}}) {
		t.Errorf("group.csv = %q", groups)
	}
}

// uaUpload posts content as the multipart part "file" to /v1/file.json and
// returns the fileKey.
func uaUpload(t *testing.T, srv *Server, content string) string {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	part, err := mw.CreateFormFile("file", "title.csv")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = part.Write([]byte(content))
	_ = mw.Close()
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/v1/file.json", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("X-Cybozu-Authorization", basicAuth(uaAdminAuth))
	r := uaOK(t, uaSend(t, srv, req))
	key, _ := r.json(t)["fileKey"].(string)
	if key == "" {
		t.Fatalf("no fileKey in %s", r.body)
	}
	return key
}

// uaImportTitleCSV imports content and returns the import result.
func uaImportTitleCSV(t *testing.T, srv *Server, content string) map[string]any {
	t.Helper()
	key := uaUpload(t, srv, content)
	r := uaOK(t, uaDo(t, srv, http.MethodPost, "csv/title.json", uaAdminAuth, map[string]any{"fileKey": key}))
	id := r.json(t)["id"]
	r = uaOK(t, uaDo(t, srv, http.MethodGet, fmt.Sprintf("csv/result.json?id=%v", id), uaAdminAuth, nil))
	return r.json(t)
}

func TestUserAPITitleCSVImport(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	seedID(t, srv.AddUser, User{Code: "sato", Password: "pw"})
	seedID(t, srv.AddOrganization, Organization{Code: "o"})
	seedID(t, srv.AddTitle, Title{Code: "mgr", Name: "Manager", Description: "old"})
	seedID(t, srv.AddTitle, Title{Code: "temp", Name: "Temp"})
	if err := srv.SetUserOrganizations("sato", []OrgMembership{{Org: "o", Title: "mgr"}}); err != nil {
		t.Fatal(err)
	}

	// A bad row anywhere leaves every title as it was.
	res := uaImportTitleCSV(t, srv, "dir,Director,*,board,\nbad,row\n")
	if res["done"] != true || res["success"] != false || !strings.HasPrefix(fmt.Sprint(res["errorCode"]), "SLASH_IL15: 2行目") {
		t.Errorf("result = %v", res)
	}
	if rows := uaCSV(t, srv, "title"); len(rows) != 2 {
		t.Fatalf("failed import changed titles: %q", rows)
	}

	res = uaImportTitleCSV(t, srv, "dir,Director,*,board,\nmgr,*,lead,*,\ntemp,*,*,*,1\n")
	if res["done"] != true || res["success"] != true || res["errorCode"] != nil {
		t.Fatalf("result = %v", res)
	}
	want := [][]string{{"lead", "Manager", "lead", "old", ""}, {"dir", "Director", "dir", "board", ""}}
	if rows := uaCSV(t, srv, "title"); fmt.Sprint(rows) != fmt.Sprint(want) {
		t.Errorf("titles = %q, want %q", rows, want)
	}
	r := uaOK(t, uaDo(t, srv, http.MethodGet, "user/organizations.json?code=sato", uaAdminAuth, nil))
	ots := uaList(t, r.json(t), "organizationTitles")
	if title, _ := ots[0]["title"].(map[string]any); title["code"] != "lead" {
		t.Errorf("membership title after rename = %v", ots[0]["title"])
	}
	uaWantError(t, uaDo(t, srv, http.MethodPost, "csv/title.json", uaAdminAuth, map[string]any{"fileKey": "nope"}), 400, "CB_VA01", "fileKey")
	uaWantError(t, uaDo(t, srv, http.MethodPost, "file.json", uaAdminAuth, map[string]any{}), 400, "CB_IL02")
}
