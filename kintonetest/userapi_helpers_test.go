package kintonetest

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
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
	keys := map[string]bool{}
	errs, _ := r.json(t)["errors"].(map[string]any)
	for k := range errs {
		keys[k] = true
	}
	return keys
}

// uaDo sends a request to /v1/{resource} as auth ("login:password", or ""
// for none) with body marshalled as JSON (nil for none).
func uaDo(t *testing.T, srv *Server, method, resource, auth string, body any) uaResp {
	t.Helper()
	req, err := http.NewRequest(method, srv.URL+"/v1/"+resource, uaJSONBody(t, body))
	if err != nil {
		t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if auth != "" {
		req.Header.Set("X-Cybozu-Authorization", uaB64(auth))
	}
	return uaSend(t, srv, req)
}

// uaJSONBody marshals v as a request body (nil for none).
func uaJSONBody(t *testing.T, v any) io.Reader {
	t.Helper()
	if v == nil {
		return nil
	}
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.NewReader(data)
}

// uaB64 encodes "login:password" for X-Cybozu-Authorization.
func uaB64(auth string) string { return base64.StdEncoding.EncodeToString([]byte(auth)) }

// uaSend sends a prepared request and reads the whole response.
func uaSend(t *testing.T, srv *Server, req *http.Request) uaResp {
	t.Helper()
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return uaResp{status: res.StatusCode, header: res.Header, body: data}
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

// uaSeedUser adds a user or fails the test.
func uaSeedUser(t *testing.T, srv *Server, u User) int64 {
	t.Helper()
	id, err := srv.AddUser(u)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// uaSeedOrg adds an organization or fails the test.
func uaSeedOrg(t *testing.T, srv *Server, o Organization) int64 {
	t.Helper()
	id, err := srv.AddOrganization(o)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// uaSeedGroup adds a group or fails the test.
func uaSeedGroup(t *testing.T, srv *Server, g Group) int64 {
	t.Helper()
	id, err := srv.AddGroup(g)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// uaSeedTitle adds a title or fails the test.
func uaSeedTitle(t *testing.T, srv *Server, ti Title) int64 {
	t.Helper()
	id, err := srv.AddTitle(ti)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// uaGetUser fetches one user by login name through GET users.json, or
// returns nil.
func uaGetUser(t *testing.T, srv *Server, code string) map[string]any {
	t.Helper()
	r := uaOK(t, uaDo(t, srv, http.MethodGet, "users.json?codes[0]="+code, uaAdminAuth, nil))
	users := uaList(t, r.json(t), "users")
	if len(users) == 0 {
		return nil
	}
	return users[0]
}
