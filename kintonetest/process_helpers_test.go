package kintonetest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"
)

// procAuth is how a test request authenticates: a login and password, or
// an API token.
type procAuth struct {
	user, pass string
	token      string
}

// procAdmin is the default administrator.
var procAdmin = procAuth{user: DefaultUser, pass: DefaultPassword}

// procAs authenticates as a seeded user whose password is "pw".
func procAs(login string) procAuth { return procAuth{user: login, pass: "pw"} }

// procToken authenticates with an API token.
func procToken(tok string) procAuth { return procAuth{token: tok} }

// procDo sends a JSON request (body nil for none) and decodes the JSON
// object answered; it fails the test on transport errors.
func procDo(t *testing.T, srv *Server, auth procAuth, method, path string, body any) (int, map[string]any) {
	t.Helper()
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			t.Fatalf("marshal body: %v", err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		t.Fatalf("new request: %v", err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	procSetAuth(req, auth)
	return procSend(t, srv, req)
}

func procSetAuth(req *http.Request, auth procAuth) {
	if auth.token != "" {
		req.Header.Set("X-Cybozu-API-Token", auth.token)
		return
	}
	req.Header.Set("X-Cybozu-Authorization", base64.StdEncoding.EncodeToString([]byte(auth.user+":"+auth.pass)))
}

// procSend performs req and decodes a JSON object response.
func procSend(t *testing.T, srv *Server, req *http.Request) (int, map[string]any) {
	t.Helper()
	resp, err := srv.Client().Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	var out map[string]any
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("%s %s: status %d, body is not a JSON object: %q", req.Method, req.URL.Path, resp.StatusCode, data)
	}
	return resp.StatusCode, out
}

// procWantError checks an error response's status and code.
func procWantError(t *testing.T, status int, body map[string]any, wantStatus int, wantCode string) {
	t.Helper()
	if status != wantStatus || body["code"] != wantCode {
		t.Fatalf("got %d %v, want %d %s", status, body, wantStatus, wantCode)
	}
}

// procErrorKeys returns the keys of a CB_VA01 "errors" object.
func procErrorKeys(body map[string]any) map[string]bool {
	out := map[string]bool{}
	errs, _ := body["errors"].(map[string]any)
	for k := range errs {
		out[k] = true
	}
	return out
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

// procClock is a settable server clock.
type procClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *procClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *procClock) set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}
