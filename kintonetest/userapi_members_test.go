package kintonetest

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"testing"
)

func TestUserAPIMembershipsRoundTrip(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	for _, c := range []string{"sato", "kato", "ito"} {
		seedID(t, srv.AddUser, User{Code: c, Password: "pw"})
	}
	salesID := seedID(t, srv.AddOrganization, Organization{Code: "sales", Name: "Sales"})
	seedID(t, srv.AddOrganization, Organization{Code: "dev", Name: "Dev"})
	seedID(t, srv.AddTitle, Title{Code: "mgr", Name: "Manager", Description: "boss"})
	seedID(t, srv.AddGroup, Group{Code: "team", Type: "static"})
	seedID(t, srv.AddGroup, Group{Code: "auto", Type: "dynamic"})

	// Unknown codes anywhere fail the whole request.
	uaWantError(t, uaDo(t, srv, http.MethodPut, "userOrganizations.json", uaAdminAuth, map[string]any{"userOrganizations": []any{
		map[string]any{"code": "sato", "organizations": []any{map[string]any{"orgCode": "sales"}}},
		map[string]any{"code": "kato", "organizations": []any{map[string]any{"orgCode": "nowhere", "titleCode": "nobody"}}},
	}}), 400, "CB_VA01", "userOrganizations[1].organizations[0].orgCode", "userOrganizations[1].organizations[0].titleCode")
	r := uaOK(t, uaDo(t, srv, http.MethodGet, "user/organizations.json?code=sato", uaAdminAuth, nil))
	if got := uaList(t, r.json(t), "organizationTitles"); len(got) != 0 {
		t.Fatalf("partial apply: %v", got)
	}

	uaOK(t, uaDo(t, srv, http.MethodPut, "userOrganizations.json", uaAdminAuth, map[string]any{"userOrganizations": []any{
		map[string]any{"code": "sato", "organizations": []any{
			map[string]any{"orgCode": "sales", "titleCode": "mgr"}, map[string]any{"orgCode": "dev"}}},
		map[string]any{"code": "kato", "organizations": []any{map[string]any{"orgCode": "sales"}}},
	}}))
	r = uaOK(t, uaDo(t, srv, http.MethodGet, "user/organizations.json?code=sato", "kato:pw", nil))
	ots := uaList(t, r.json(t), "organizationTitles")
	if len(ots) != 2 {
		t.Fatalf("organizationTitles = %v", ots)
	}
	org0, _ := ots[0]["organization"].(map[string]any)
	title0, _ := ots[0]["title"].(map[string]any)
	if org0["code"] != "sales" || title0["code"] != "mgr" || title0["description"] != "boss" || ots[1]["title"] != nil {
		t.Errorf("organizationTitles = %v", ots)
	}
	if u := uaGetUser(t, srv, "sato"); u["primaryOrganization"] != strconv.FormatInt(salesID, 10) {
		t.Errorf("primaryOrganization = %v, want %d", u["primaryOrganization"], salesID)
	}

	r = uaOK(t, uaDo(t, srv, http.MethodGet, "organization/users.json?code=sales", uaAdminAuth, nil))
	uts := uaList(t, r.json(t), "userTitles")
	if len(uts) != 2 {
		t.Fatalf("userTitles = %v", uts)
	}
	u0, _ := uts[0]["user"].(map[string]any)
	if u0["code"] != "sato" || uts[0]["title"] == nil || uts[1]["title"] != nil {
		t.Errorf("userTitles = %v", uts)
	}
	r = uaOK(t, uaDo(t, srv, http.MethodGet, "organization/users.json?code=sales&offset=1&size=1", uaAdminAuth, nil))
	if got := uaList(t, r.json(t), "userTitles"); len(got) != 1 || got[0]["user"].(map[string]any)["code"] != "kato" {
		t.Errorf("paged userTitles = %v", got)
	}

	// An empty list removes every membership.
	uaOK(t, uaDo(t, srv, http.MethodPut, "userOrganizations.json", uaAdminAuth, map[string]any{"userOrganizations": []any{
		map[string]any{"code": "kato", "organizations": []any{}},
	}}))
	r = uaOK(t, uaDo(t, srv, http.MethodGet, "organization/users.json?code=sales", uaAdminAuth, nil))
	if got := uaList(t, r.json(t), "userTitles"); len(got) != 1 {
		t.Errorf("after clearing kato: %v", got)
	}

	// Group members: PUT group/users.json replaces, GET pages by user id.
	uaOK(t, uaDo(t, srv, http.MethodPut, "group/users.json", uaAdminAuth, map[string]any{"code": "team", "users": []string{"ito", "sato"}}))
	r = uaOK(t, uaDo(t, srv, http.MethodGet, "group/users.json?code=team", uaAdminAuth, nil))
	if got := uaCodes(uaList(t, r.json(t), "users")); !slices.Equal(got, []string{"sato", "ito"}) {
		t.Errorf("group users = %v", got)
	}
	uaWantError(t, uaDo(t, srv, http.MethodPut, "group/users.json", uaAdminAuth, map[string]any{"code": "auto", "users": []string{"ito"}}),
		400, "CB_VA01", "code")
	uaWantError(t, uaDo(t, srv, http.MethodPut, "group/users.json", uaAdminAuth, map[string]any{"code": "team", "users": []string{"ito", "ghost"}}),
		400, "CB_VA01", "users[1]")

	// User groups: PUT user/groups.json replaces the user's static groups.
	r = uaOK(t, uaDo(t, srv, http.MethodGet, "user/groups.json?code=ito", uaAdminAuth, nil))
	if got := uaCodes(uaList(t, r.json(t), "groups")); !slices.Equal(got, []string{"team"}) {
		t.Errorf("ito groups = %v", got)
	}
	uaOK(t, uaDo(t, srv, http.MethodPut, "user/groups.json", uaAdminAuth, map[string]any{"code": "ito", "groups": []string{}}))
	r = uaOK(t, uaDo(t, srv, http.MethodGet, "group/users.json?code=team", uaAdminAuth, nil))
	if got := uaCodes(uaList(t, r.json(t), "users")); !slices.Equal(got, []string{"sato"}) {
		t.Errorf("group users after user/groups PUT = %v", got)
	}

	// Unknown or missing codes on reads.
	for _, res := range []string{"user/organizations.json?code=ghost", "user/groups.json?code=ghost",
		"organization/users.json?code=ghost", "group/users.json?code=ghost", "user/groups.json"} {
		uaWantError(t, uaDo(t, srv, http.MethodGet, res, uaAdminAuth, nil), 400, "CB_VA01", "code")
	}
	uaWantError(t, uaDo(t, srv, http.MethodGet, "group/users.json?code=team&size=101", uaAdminAuth, nil), 400, "CB_VA01", "size")
}

func TestUserAPIServices(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	for i := range 3 {
		seedID(t, srv.AddUser, User{Code: fmt.Sprintf("s%d", i), Password: "pw"})
	}
	uaWantError(t, uaDo(t, srv, http.MethodPut, "users/services.json", uaAdminAuth, map[string]any{"users": []any{
		map[string]any{"code": "s0", "services": []string{"kintone", "garoon"}},
		map[string]any{"code": "s1", "services": []string{"excel"}},
	}}), 400, "CB_VA01", "users[1].services[0]")
	uaOK(t, uaDo(t, srv, http.MethodPut, "users/services.json", uaAdminAuth, map[string]any{"users": []any{
		map[string]any{"code": "s0", "services": []string{"kintone", "garoon"}},
		map[string]any{"code": "s1", "services": []string{}},
	}}))
	r := uaOK(t, uaDo(t, srv, http.MethodGet, "users/services.json?codes[0]=s2&codes[1]=s1&codes[2]=s0", uaAdminAuth, nil))
	got := uaList(t, r.json(t), "users")
	want := map[string]string{"s0": "[kintone garoon]", "s1": "[]", "s2": "[kintone]"}
	if len(got) != 3 || got[0]["code"] != "s0" {
		t.Fatalf("services = %v", got)
	}
	for _, u := range got {
		if s := fmt.Sprint(u["services"]); s != want[u["code"].(string)] {
			t.Errorf("%s services = %s, want %s", u["code"], s, want[u["code"].(string)])
		}
	}
}
