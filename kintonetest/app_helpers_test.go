package kintonetest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
)

// appResp is a decoded JSON response.
type appResp struct {
	Status int
	Body   map[string]any
	Raw    string
}

// appDo sends one request with a JSON body (nil for none) and decodes the
// JSON answer.
func appDo(t *testing.T, srv *Server, auth testAuth, method, path string, body any) appResp {
	t.Helper()
	status, _, data := roundTrip(t, srv, newTestRequest(t, srv, auth, method, path, body))
	out := appResp{Status: status, Raw: string(data)}
	if err := json.Unmarshal(data, &out.Body); err != nil {
		t.Fatalf("%s %s: response is not a JSON object: %q", method, path, data)
	}
	return out
}

// appOK sends a request as the administrator and fails unless it is 200.
func appOK(t *testing.T, srv *Server, method, path string, body any) map[string]any {
	t.Helper()
	r := appDo(t, srv, testAdmin, method, path, body)
	if r.Status != http.StatusOK {
		t.Fatalf("%s %s: status %d: %s", method, path, r.Status, r.Raw)
	}
	return r.Body
}

// appWantError fails unless r is an error with the status and code.
func appWantError(t *testing.T, r appResp, status int, code string) {
	t.Helper()
	if r.Status != status || r.Body["code"] != code {
		t.Fatalf("want %d %s, got %d: %s", status, code, r.Status, r.Raw)
	}
}

// appNewServer starts a server closed at the end of the test.
func appNewServer(t *testing.T) *Server {
	t.Helper()
	srv := NewServer()
	t.Cleanup(srv.Close)
	return srv
}

// appCreate seeds an app and fails the test on error.
func appCreate(t *testing.T, srv *Server, spec AppSpec) int64 {
	t.Helper()
	return seedID(t, srv.CreateApp, spec)
}

// appJSONEqual fails unless got and want marshal to equal JSON values.
func appJSONEqual(t *testing.T, what string, got, want any) {
	t.Helper()
	g, err := json.Marshal(got)
	if err != nil {
		t.Fatal(err)
	}
	var wantV any
	switch w := want.(type) {
	case string:
		if err := json.Unmarshal([]byte(w), &wantV); err != nil {
			t.Fatalf("%s: bad want JSON: %v", what, err)
		}
	default:
		data, _ := json.Marshal(w)
		_ = json.Unmarshal(data, &wantV)
	}
	var gotV any
	_ = json.Unmarshal(g, &gotV)
	gj, _ := json.Marshal(gotV)
	wj, _ := json.Marshal(wantV)
	if !bytes.Equal(gj, wj) {
		t.Errorf("%s:\n got %s\nwant %s", what, gj, wj)
	}
}

// appSeedRecord stores a record directly (the records API is another
// family's); values use the store's shapes.
func appSeedRecord(t *testing.T, srv *Server, appID int64, values map[string]any) int64 {
	t.Helper()
	srv.st.mu.Lock()
	defer srv.st.mu.Unlock()
	a := srv.st.apps[appID]
	id := a.nextRecordID
	a.nextRecordID++
	a.records[id] = &record{ID: id, Revision: 1, Values: values}
	a.insertID(id)
	return id
}

// appRecordValues returns a stored record's values.
func appRecordValues(t *testing.T, srv *Server, appID, id int64) map[string]any {
	t.Helper()
	srv.st.mu.RLock()
	defer srv.st.mu.RUnlock()
	return srv.st.apps[appID].records[id].Values
}
