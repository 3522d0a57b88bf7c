package kintonetest

import (
	"encoding/json"
	"net/http"
	"testing"
)

// procAs authenticates as a seeded user whose password is "pw".
func procAs(login string) testAuth { return testAuth{user: login, pass: "pw"} }

// procToken authenticates with an API token.
func procToken(tok string) testAuth { return testAuth{token: tok} }

// procDo sends a JSON request (body nil for none) and decodes the JSON
// object answered; it fails the test on transport errors.
func procDo(t *testing.T, srv *Server, auth testAuth, method, path string, body any) (int, map[string]any) {
	t.Helper()
	return procSend(t, srv, newTestRequest(t, srv, auth, method, path, body))
}

// procSend performs req and decodes a JSON object response.
func procSend(t *testing.T, srv *Server, req *http.Request) (int, map[string]any) {
	t.Helper()
	status, _, data := roundTrip(t, srv, req)
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("%s %s: status %d, body is not a JSON object: %q", req.Method, req.URL.Path, status, data)
	}
	return status, out
}

// procWantError checks an error response's status and code.
func procWantError(t *testing.T, status int, body map[string]any, wantStatus int, wantCode string) {
	t.Helper()
	if status != wantStatus || body["code"] != wantCode {
		t.Fatalf("got %d %v, want %d %s", status, body, wantStatus, wantCode)
	}
}

// procSeedUsers adds users with password "pw".
func procSeedUsers(t *testing.T, srv *Server, logins ...string) {
	t.Helper()
	for _, l := range logins {
		if _, err := srv.AddUser(User{Code: l, Password: "pw", Name: l + " san"}); err != nil {
			t.Fatalf("AddUser %s: %v", l, err)
		}
	}
}

// procSeedRecord adds a record through AddRecords with creator as its
// CREATOR plus values (field code → kintone JSON value); without a status
// in values it starts in the process's first state.
func procSeedRecord(t *testing.T, srv *Server, appID int64, creator string, values map[string]any) int64 {
	t.Helper()
	rec := map[string]any{"作成者": map[string]string{"code": creator}}
	for k, v := range values {
		rec[k] = v
	}
	ids, err := srv.AddRecords(appID, []map[string]any{rec})
	if err != nil {
		t.Fatalf("AddRecords: %v", err)
	}
	return ids[0]
}

// procPlainRecord creates an app without process management and seeds
// one record by alice in it.
func procPlainRecord(t *testing.T, srv *Server) (appID, recID int64) {
	t.Helper()
	appID = seedID(t, srv.CreateApp, AppSpec{Name: "No process"})
	return appID, procSeedRecord(t, srv, appID, "alice", nil)
}

// procForgetStatus removes a record's status and assignees, as for a
// record added before process management was turned on.
func procForgetStatus(t *testing.T, srv *Server, appID, id int64) {
	t.Helper()
	srv.st.mu.Lock()
	defer srv.st.mu.Unlock()
	a := srv.st.apps[appID]
	r := copyRecordValues(a.records[id])
	delete(r.Values, processStatusCode(a))
	delete(r.Values, processAssigneeCode(a))
	a.records[id] = r
}

// procRecord returns the stored record (records are replaced, never
// changed in place, so reading it after unlocking is safe).
func procRecord(t *testing.T, srv *Server, appID, id int64) *record {
	t.Helper()
	srv.st.mu.RLock()
	defer srv.st.mu.RUnlock()
	r := srv.st.apps[appID].records[id]
	if r == nil {
		t.Fatalf("record %d of app %d not found", id, appID)
	}
	return r
}

// procCodes lists the codes of an Entity or []Entity value.
func procCodes(v any) []string {
	var out []string
	for _, e := range entityList(v) {
		out = append(out, e.Code)
	}
	return out
}
