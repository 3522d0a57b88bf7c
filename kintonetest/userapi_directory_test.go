package kintonetest

import (
	"net/http"
	"slices"
	"testing"
)

func TestUserAPIOrganizations(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	seedID(t, srv.AddUser, User{Code: "sato", Password: "pw", PrimaryOrg: ""})

	// A child may follow its parent in the same request; a child of an
	// unknown parent fails the whole request.
	uaWantError(t, uaDo(t, srv, http.MethodPost, "organizations.json", uaAdminAuth, map[string]any{"organizations": []any{
		map[string]any{"code": "root", "name": "Root"},
		map[string]any{"code": "kid", "name": "Kid", "parentCode": "nowhere"},
	}}), 400, "CB_VA01", "organizations[1].parentCode")
	if uaGetOrg(t, srv, "root") != nil {
		t.Fatal("root added by a failed request")
	}
	uaWantError(t, uaDo(t, srv, http.MethodPost, "organizations.json", uaAdminAuth, map[string]any{"organizations": []any{
		map[string]any{"code": "x"},
	}}), 400, "CB_VA01", "organizations[0].name")

	uaOK(t, uaDo(t, srv, http.MethodPost, "organizations.json", uaAdminAuth, map[string]any{"organizations": []any{
		map[string]any{"code": "root", "name": "Root", "description": "top"},
		map[string]any{"code": "kid", "name": "Kid", "parentCode": "root", "localName": "Child", "localNameLocale": "en"},
	}}))
	root, kid := uaGetOrg(t, srv, "root"), uaGetOrg(t, srv, "kid")
	if root["parentCode"] != nil || root["description"] != "top" || root["localNameLocale"] != "ja" {
		t.Errorf("root = %v", root)
	}
	if kid["parentCode"] != "root" || kid["localName"] != "Child" || kid["localNameLocale"] != "en" {
		t.Errorf("kid = %v", kid)
	}
	if _, ok := kid["id"].(string); !ok {
		t.Errorf("id not a string: %v", kid["id"])
	}

	// Paging and id order.
	r := uaOK(t, uaDo(t, srv, http.MethodGet, "organizations.json?offset=1&size=1", uaAdminAuth, nil))
	if got := uaCodes(uaList(t, r.json(t), "organizations")); !slices.Equal(got, []string{"kid"}) {
		t.Errorf("offset 1 size 1 = %v", got)
	}
	uaWantError(t, uaDo(t, srv, http.MethodGet, "organizations.json?ids[0]=1&codes[0]=root", uaAdminAuth, nil), 400, "CB_VA01", "ids")

	// A cycle is refused; description omitted becomes "" (documented).
	uaWantError(t, uaDo(t, srv, http.MethodPut, "organizations.json", uaAdminAuth, map[string]any{"organizations": []any{
		map[string]any{"code": "root", "parentCode": "kid"},
	}}), 400, "CB_VA01", "organizations[0].parentCode")
	uaOK(t, uaDo(t, srv, http.MethodPut, "organizations.json", uaAdminAuth, map[string]any{"organizations": []any{
		map[string]any{"code": "root", "name": "Root 2"},
	}}))
	if root = uaGetOrg(t, srv, "root"); root["name"] != "Root 2" || root["description"] != "" {
		t.Errorf("after PUT root = %v", root)
	}

	// Renaming the parent renames the child's parentCode and memberships.
	if err := srv.SetUserOrganizations("sato", []OrgMembership{{Org: "root"}}); err != nil {
		t.Fatal(err)
	}
	uaOK(t, uaDo(t, srv, http.MethodPut, "organizations/codes.json", uaAdminAuth,
		map[string]any{"codes": []any{map[string]any{"currentCode": "root", "newCode": "hq"}}}))
	if kid = uaGetOrg(t, srv, "kid"); kid["parentCode"] != "hq" {
		t.Errorf("kid parent after rename = %v", kid["parentCode"])
	}
	r = uaOK(t, uaDo(t, srv, http.MethodGet, "organization/users.json?code=hq", uaAdminAuth, nil))
	if got := uaList(t, r.json(t), "userTitles"); len(got) != 1 {
		t.Errorf("members of hq = %v", got)
	}

	// A parent cannot go while its child stays.
	uaWantError(t, uaDo(t, srv, http.MethodDelete, "organizations.json", uaAdminAuth, map[string]any{"codes": []string{"hq"}}),
		400, "CB_VA01", "codes")
	uaOK(t, uaDo(t, srv, http.MethodDelete, "organizations.json", uaAdminAuth, map[string]any{"codes": []string{"kid", "hq"}}))
	r = uaOK(t, uaDo(t, srv, http.MethodGet, "organizations.json", uaAdminAuth, nil))
	if got := uaList(t, r.json(t), "organizations"); len(got) != 0 {
		t.Errorf("organizations left: %v", got)
	}
	if u := uaGetUser(t, srv, "sato"); u["primaryOrganization"] != nil {
		t.Errorf("primaryOrganization after delete = %v", u["primaryOrganization"])
	}
}

func TestUserAPIGroups(t *testing.T) {
	srv := NewServer()
	defer srv.Close()
	uaWantError(t, uaDo(t, srv, http.MethodPost, "groups.json", uaAdminAuth, map[string]any{"groups": []any{
		map[string]any{"code": "g1", "name": "G1", "type": "static"},
		map[string]any{"code": "g2", "name": "G2"},
		map[string]any{"code": "g3", "name": "G3", "type": "sometimes"},
	}}), 400, "CB_VA01", "groups[1].type", "groups[2].type")

	uaOK(t, uaDo(t, srv, http.MethodPost, "groups.json", uaAdminAuth, map[string]any{"groups": []any{
		map[string]any{"code": "g1", "name": "G1", "type": "static", "description": "first"},
		map[string]any{"code": "g2", "name": "G2", "type": "dynamic"},
	}}))
	r := uaOK(t, uaDo(t, srv, http.MethodGet, "groups.json", uaAdminAuth, nil))
	groups := uaList(t, r.json(t), "groups")
	if got := uaCodes(groups); !slices.Equal(got, []string{"g1", "g2"}) {
		t.Fatalf("groups = %v", got)
	}
	if groups[0]["description"] != "first" || groups[0]["name"] != "G1" {
		t.Errorf("g1 = %v", groups[0])
	}

	// PUT: null keeps the description; a new name applies.
	uaOK(t, uaDo(t, srv, http.MethodPut, "groups.json", uaAdminAuth, map[string]any{"groups": []any{
		map[string]any{"code": "g1", "name": "Group 1", "description": nil},
	}}))
	uaOK(t, uaDo(t, srv, http.MethodPut, "groups/codes.json", uaAdminAuth,
		map[string]any{"codes": []any{map[string]any{"currentCode": "g1", "newCode": "team"}}}))
	r = uaOK(t, uaDo(t, srv, http.MethodGet, "groups.json?codes[0]=team", uaAdminAuth, nil))
	if got := uaList(t, r.json(t), "groups"); len(got) != 1 || got[0]["name"] != "Group 1" || got[0]["description"] != "first" {
		t.Errorf("team = %v", got)
	}

	uaWantError(t, uaDo(t, srv, http.MethodDelete, "groups.json", uaAdminAuth, map[string]any{"codes": []string{"g1"}}),
		400, "CB_VA01", "codes[0]")
	uaOK(t, uaDo(t, srv, http.MethodDelete, "groups.json", uaAdminAuth, map[string]any{"codes": []string{"team"}}))
	r = uaOK(t, uaDo(t, srv, http.MethodGet, "groups.json", uaAdminAuth, nil))
	if got := uaCodes(uaList(t, r.json(t), "groups")); !slices.Equal(got, []string{"g2"}) {
		t.Errorf("after delete = %v", got)
	}
}
