package kintonetest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
)

// uaAdminAuth is the default administrator's "login:password".
const uaAdminAuth = DefaultUser + ":" + DefaultPassword

// uaResp is a User API response.
type uaResp struct {
	status int
	header http.Header
	body   []byte
}

// json decodes the body as a JSON object.
func (r uaResp) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.UseNumber()
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("decode %q: %v", r.body, err)
	}
	return m
}

// errCode returns the kintone error code of an error response.
func (r uaResp) errCode(t *testing.T) string {
	t.Helper()
	code, _ := r.json(t)["code"].(string)
	return code
}

// errKeys returns the keys of the "errors" object of an error response.
func (r uaResp) errKeys(t *testing.T) map[string]bool {
	t.Helper()
	return errorKeys(r.json(t))
}

// uaDo sends a request to /v1/{resource} as auth ("login:password", or ""
// for none) with body marshalled as JSON (nil for none).
func uaDo(t *testing.T, srv *Server, method, resource, auth string, body any) uaResp {
	t.Helper()
	req := newTestRequest(t, srv, testAuth{}, method, "/v1/"+resource, body)
	if auth != "" {
		req.Header.Set("X-Cybozu-Authorization", basicAuth(auth))
	}
	return uaSend(t, srv, req)
}

// uaSend sends a prepared request and reads the whole response.
func uaSend(t *testing.T, srv *Server, req *http.Request) uaResp {
	t.Helper()
	status, header, body := roundTrip(t, srv, req)
	return uaResp{status: status, header: header, body: body}
}

// uaOK fails the test unless the response is 200.
func uaOK(t *testing.T, r uaResp) uaResp {
	t.Helper()
	if r.status != http.StatusOK {
		t.Fatalf("status %d, body %s", r.status, r.body)
	}
	return r
}

// uaWantError fails the test unless the response is the given error,
// with every key of keys in its "errors" object.
func uaWantError(t *testing.T, r uaResp, status int, code string, keys ...string) {
	t.Helper()
	if r.status != status || r.errCode(t) != code {
		t.Fatalf("got %d %s, want %d %s; body %s", r.status, r.errCode(t), status, code, r.body)
	}
	got := r.errKeys(t)
	for _, k := range keys {
		if !got[k] {
			t.Errorf("errors has no key %q: %s", k, r.body)
		}
	}
}

// uaList returns the array under key of a JSON object.
func uaList(t *testing.T, m map[string]any, key string) []map[string]any {
	t.Helper()
	arr, ok := m[key].([]any)
	if !ok {
		t.Fatalf("%q is not an array in %v", key, m)
	}
	out := make([]map[string]any, len(arr))
	for i, e := range arr {
		out[i], _ = e.(map[string]any)
	}
	return out
}

// uaCodes returns the "code" member of each object.
func uaCodes(list []map[string]any) []string {
	out := make([]string, len(list))
	for i, m := range list {
		out[i], _ = m["code"].(string)
	}
	return out
}

// uaGetUser fetches one user by login name through GET users.json, or
// returns nil.
func uaGetUser(t *testing.T, srv *Server, code string) map[string]any {
	t.Helper()
	return uaGetOne(t, srv, "users", code)
}

// uaGetOrg fetches one organization by code, or nil.
func uaGetOrg(t *testing.T, srv *Server, code string) map[string]any {
	t.Helper()
	return uaGetOne(t, srv, "organizations", code)
}

// uaGetOne fetches the entity with the code through GET {kind}.json
// (users, organizations, groups), or returns nil.
func uaGetOne(t *testing.T, srv *Server, kind, code string) map[string]any {
	t.Helper()
	r := uaOK(t, uaDo(t, srv, http.MethodGet, kind+".json?codes[0]="+code, uaAdminAuth, nil))
	list := uaList(t, r.json(t), kind)
	if len(list) == 0 {
		return nil
	}
	return list[0]
}
