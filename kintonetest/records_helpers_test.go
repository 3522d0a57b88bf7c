package kintonetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"
	"time"
)

// recResp is a decoded response.
type recResp struct {
	status int
	body   map[string]any
	header http.Header
}

// recDo sends one request with a JSON body (also for GET and DELETE, as
// kintone accepts) and decodes the JSON answer.
func recDo(t testing.TB, srv *Server, auth testAuth, method, path string, body any) recResp {
	t.Helper()
	status, header, data := roundTrip(t, srv, newTestRequest(t, srv, auth, method, path, body))
	out := recResp{status: status, header: header}
	if len(bytes.TrimSpace(data)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&out.body); err != nil {
			t.Fatalf("%s %s: decode %q: %v", method, path, data, err)
		}
	}
	return out
}

// recOK sends a request as the administrator and requires 200.
func recOK(t testing.TB, srv *Server, method, path string, body any) map[string]any {
	t.Helper()
	r := recDo(t, srv, testAdmin, method, path, body)
	if r.status != http.StatusOK {
		t.Fatalf("%s %s: status %d, body %v", method, path, r.status, r.body)
	}
	return r.body
}

// recWantErr requires an error answer with status and code.
func recWantErr(t testing.TB, r recResp, status int, code string) {
	t.Helper()
	if r.status != status || r.body["code"] != code {
		t.Fatalf("want %d %s, got %d %v", status, code, r.status, r.body)
	}
}

// recErrKeys returns the sorted keys of an error's "errors" object.
func recErrKeys(r recResp) map[string][]string {
	out := map[string][]string{}
	errs, _ := r.body["errors"].(map[string]any)
	for k, v := range errs {
		m, _ := v.(map[string]any)
		list, _ := m["messages"].([]any)
		for _, s := range list {
			out[k] = append(out[k], s.(string))
		}
	}
	return out
}

// recNewServer starts a server with a fixed clock and closes it with t.
func recNewServer(t testing.TB) (*Server, *testClock) {
	t.Helper()
	clk := newTestClock(time.Date(2024, 3, 15, 10, 20, 33, 0, time.UTC))
	srv := NewServer(WithClock(clk.now))
	t.Cleanup(srv.Close)
	return srv, clk
}

// recCreateApp creates an app with fields.
func recCreateApp(t testing.TB, srv *Server, spec AppSpec) int64 {
	t.Helper()
	if spec.Name == "" {
		spec.Name = "test"
	}
	return seedID(t, srv.CreateApp, spec)
}

// recSeed adds records through AddRecords.
func recSeed(t testing.TB, srv *Server, app int64, recs ...map[string]any) []int64 {
	t.Helper()
	ids, err := srv.AddRecords(app, recs)
	if err != nil {
		t.Fatalf("AddRecords: %v", err)
	}
	return ids
}

// recValue returns the "value" of a field in a rendered record.
func recValue(rec map[string]any, code string) any {
	f, _ := rec[code].(map[string]any)
	return f["value"]
}

// recGetRecord fetches one record through GET record.json.
func recGetRecord(t testing.TB, srv *Server, app, id int64) map[string]any {
	t.Helper()
	body := recOK(t, srv, "GET", "/k/v1/record.json", map[string]any{"app": app, "id": id})
	rec, _ := body["record"].(map[string]any)
	return rec
}

// recQuery runs GET records.json and returns the records' $id values.
func recQuery(t testing.TB, srv *Server, auth testAuth, app int64, q string) ([]string, recResp) {
	t.Helper()
	r := recDo(t, srv, auth, "GET", "/k/v1/records.json", map[string]any{"app": app, "query": q})
	if r.status != http.StatusOK {
		return nil, r
	}
	var ids []string
	list, _ := r.body["records"].([]any)
	for _, x := range list {
		ids = append(ids, recValue(x.(map[string]any), "$id").(string))
	}
	return ids, r
}

// recIDs runs a query that must succeed and joins the ids.
func recIDs(t testing.TB, srv *Server, app int64, q string) string {
	t.Helper()
	ids, r := recQuery(t, srv, testAdmin, app, q)
	if r.status != http.StatusOK {
		t.Fatalf("query %q: %d %v", q, r.status, r.body)
	}
	return strings.Join(ids, ",")
}

// recUpload posts a file to file.json and returns its upload key.
func recUpload(t testing.TB, srv *Server, name, contentType, content string) string {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, name))
	h.Set("Content-Type", contentType)
	part, err := mw.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = part.Write([]byte(content))
	_ = mw.Close()
	req, _ := http.NewRequest("POST", srv.URL+"/k/v1/file.json", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	testAdmin.set(req)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out map[string]string
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != 200 {
		t.Fatalf("upload: %d %v %v", res.StatusCode, out, err)
	}
	return out["fileKey"]
}

// recJSON renders v as compact JSON for comparisons.
func recJSON(v any) string {
	data, _ := json.Marshal(v)
	return string(data)
}
