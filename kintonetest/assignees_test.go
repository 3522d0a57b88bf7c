package kintonetest

import (
	"net/http"
	"testing"
)

func TestAssigneesUpdate(t *testing.T) {
	srv, appID, _ := procSetup(t)
	id := procSeedRecord(t, srv, appID, "alice", nil)
	plain, plainID := procPlainRecord(t, srv)
	if err := srv.AddAPIToken(appID, "tok-edit", TokenPermissions{View: true, Edit: true}); err != nil {
		t.Fatal(err)
	}
	if err := srv.AddAPIToken(appID, "tok-manage", TokenPermissions{View: true, ManageApp: true}); err != nil {
		t.Fatal(err)
	}
	put := func(auth testAuth, body map[string]any) (int, map[string]any) {
		return procDo(t, srv, auth, http.MethodPut, "/k/v1/record/assignees.json", body)
	}
	tooMany := make([]string, maxAssignees+1)
	for i := range tooMany {
		tooMany[i] = "bob"
	}

	errCases := []struct {
		name       string
		auth       testAuth
		body       map[string]any
		wantStatus int
		wantCode   string
		wantKey    string
	}{
		{"missing assignees", testAdmin, map[string]any{"app": appID, "id": id}, 400, "CB_VA01", "assignees"},
		{"too many", testAdmin, map[string]any{"app": appID, "id": id, "assignees": tooMany}, 400, "CB_VA01", "assignees"},
		{"unknown user", testAdmin, map[string]any{"app": appID, "id": id, "assignees": []string{"bob", "zed"}}, 400, "GAIA_IL26", ""},
		{"unknown record", testAdmin, map[string]any{"app": appID, "id": 77, "assignees": []string{}}, 404, "GAIA_RE01", ""},
		{"stale revision", testAdmin, map[string]any{"app": appID, "id": id, "assignees": []string{}, "revision": 4}, 409, "GAIA_CO02", ""},
		{"process disabled", testAdmin, map[string]any{"app": plain, "id": plainID, "assignees": []string{}}, 400, "GAIA_ST02", ""},
		{"token without app management", procToken("tok-edit"), map[string]any{"app": appID, "id": id, "assignees": []string{}}, 403, "GAIA_NO01", ""},
	}
	for _, tc := range errCases {
		status, body := put(tc.auth, tc.body)
		if status != tc.wantStatus || body["code"] != tc.wantCode {
			t.Errorf("%s: got %d %v, want %d %s", tc.name, status, body, tc.wantStatus, tc.wantCode)
			continue
		}
		if tc.wantKey != "" && !errorKeys(body)[tc.wantKey] {
			t.Errorf("%s: errors lack %q: %v", tc.name, tc.wantKey, body["errors"])
		}
	}
	procWantState(t, srv, appID, id, "Not started", []string{"alice"}, 1)

	// "Not started" is an ANY state: several assignees are fine, and a
	// login named twice counts once.
	status, body := put(testAdmin, map[string]any{"app": appID, "id": id, "assignees": []string{"bob", "carol", "bob"}, "revision": 1})
	if status != 200 || body["revision"] != "2" {
		t.Fatalf("set assignees: %d %v", status, body)
	}
	procWantState(t, srv, appID, id, "Not started", []string{"bob", "carol"}, 2)

	// An empty list clears them (token with app management rights).
	status, body = put(procToken("tok-manage"), map[string]any{"app": appID, "id": id, "assignees": []string{}})
	if status != 200 || body["revision"] != "3" {
		t.Fatalf("clear assignees: %d %v", status, body)
	}
	procWantState(t, srv, appID, id, "Not started", nil, 3)
	if m, _ := procRecord(t, srv, appID, id).Values["更新者"].(Entity); m.Code != DefaultUser {
		t.Errorf("modifier = %+v, want Administrator", m)
	}

	// A ONE state takes a single assignee.
	if status, body := procStatus(t, srv, testAdmin, appID, id, "Start", "alice", nil); status != 200 {
		t.Fatalf("Start: %d %v", status, body)
	}
	status, body = put(testAdmin, map[string]any{"app": appID, "id": id, "assignees": []string{"alice", "bob"}})
	procWantError(t, status, body, 400, "CB_VA01")
	status, body = put(testAdmin, map[string]any{"app": appID, "id": id, "assignees": []string{"bob"}})
	if status != 200 || body["revision"] != "6" {
		t.Fatalf("single assignee in a ONE state: %d %v", status, body)
	}
	procWantState(t, srv, appID, id, "In progress", []string{"bob"}, 6)
}
