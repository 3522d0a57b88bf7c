package kintonetest

import (
	"bytes"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// fileMultipart builds a multipart body with one part named partName
// (no filename when name is "").
func fileMultipart(t *testing.T, partName, name, contentType string, data []byte) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	h := textproto.MIMEHeader{}
	disp := mime.FormatMediaType("form-data", map[string]string{"name": partName})
	if name != "" {
		disp = mime.FormatMediaType("form-data", map[string]string{"name": partName, "filename": name})
	}
	h.Set("Content-Disposition", disp)
	if contentType != "" {
		h.Set("Content-Type", contentType)
	}
	w, err := mw.CreatePart(h)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = w.Write(data)
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	return mw.FormDataContentType(), buf.Bytes()
}

// fileUpload posts a body to path with the given content type.
func fileUpload(t *testing.T, srv *Server, auth testAuth, path, contentType string, body []byte) (int, map[string]any) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", contentType)
	auth.set(req)
	return procSend(t, srv, req)
}

var fileUUID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`)

func TestFileUpload(t *testing.T) {
	srv := NewServer()
	t.Cleanup(srv.Close)
	appID, err := srv.CreateApp(AppSpec{Name: "Docs"})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.AddAPIToken(appID, "tok-add", TokenPermissions{Add: true}); err != nil {
		t.Fatal(err)
	}
	data := []byte("col1,col2\n1,2\n")

	for _, tc := range []struct {
		name string
		auth testAuth
		path string
	}{
		{"kintone, password", testAdmin, "/k/v1/file.json"},
		{"kintone, token", procToken("tok-add"), "/k/v1/file.json"},
	} {
		ct, body := fileMultipart(t, "file", "売上 2026.csv", "text/csv", data)
		status, resp := fileUpload(t, srv, tc.auth, tc.path, ct, body)
		key, _ := resp["fileKey"].(string)
		if status != 200 || !fileUUID.MatchString(key) {
			t.Fatalf("%s: %d %v", tc.name, status, resp)
		}
		srv.st.mu.RLock()
		f := srv.st.uploads[key]
		srv.st.mu.RUnlock()
		if f == nil || f.Name != "売上 2026.csv" || f.ContentType != "text/csv" || !bytes.Equal(f.Data, data) {
			t.Fatalf("%s: stored upload = %+v", tc.name, f)
		}
	}

	ct, body := fileMultipart(t, "file", "blob", "", []byte{0, 1, 2})
	_, resp := fileUpload(t, srv, testAdmin, "/k/v1/file.json", ct, body)
	srv.st.mu.RLock()
	f := srv.st.uploads[resp["fileKey"].(string)]
	srv.st.mu.RUnlock()
	if f == nil || f.ContentType != "application/octet-stream" {
		t.Errorf("part without a content type stored as %+v", f)
	}

	noFile, noFileBody := fileMultipart(t, "other", "x.txt", "text/plain", data)
	noName, noNameBody := fileMultipart(t, "file", "", "text/plain", data)
	errCases := []struct {
		name        string
		auth        testAuth
		path        string
		contentType string
		body        []byte
		wantStatus  int
		wantCode    string
	}{
		{"JSON body", testAdmin, "/k/v1/file.json", "application/json", []byte(`{"file":"x"}`), 400, "CB_IL02"},
		{"no file part", testAdmin, "/k/v1/file.json", noFile, noFileBody, 400, "CB_VA01"},
		{"file part without filename", testAdmin, "/k/v1/file.json", noName, noNameBody, 400, "CB_VA01"},
		{"not multipart", testAdmin, "/k/v1/file.json", "text/plain", nil, 400, "CB_IL02"},
	}
	for _, tc := range errCases {
		status, resp := fileUpload(t, srv, tc.auth, tc.path, tc.contentType, tc.body)
		if status != tc.wantStatus || resp["code"] != tc.wantCode {
			t.Errorf("%s: got %d %v, want %d %s", tc.name, status, resp, tc.wantStatus, tc.wantCode)
		}
	}
}

func TestFileDownload(t *testing.T) {
	srv := NewServer()
	t.Cleanup(srv.Close)
	appID, err := srv.CreateApp(AppSpec{Name: "Docs"})
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.AddAPIToken(appID, "tok-view", TokenPermissions{View: true}); err != nil {
		t.Fatal(err)
	}
	if err := srv.AddAPIToken(appID, "tok-add", TokenPermissions{Add: true}); err != nil {
		t.Fatal(err)
	}
	data := []byte("%PDF-1.7 fake")
	ct, body := fileMultipart(t, "file", "見積書 #1.pdf", "application/pdf", data)
	_, resp := fileUpload(t, srv, testAdmin, "/k/v1/file.json", ct, body)
	uploadKey := resp["fileKey"].(string)

	// Attach it the way a record write does: the upload key is consumed
	// and the file is stored under a new download key.
	srv.st.mu.Lock()
	f := srv.st.uploads[uploadKey]
	delete(srv.st.uploads, uploadKey)
	dl := *f
	dl.Key = newDownloadKey(srv.now())
	srv.st.files[dl.Key] = &dl
	srv.st.mu.Unlock()
	if !regexp.MustCompile(`^\d{14}[0-9A-F]{35}$`).MatchString(dl.Key) {
		t.Errorf("download key %q is not shaped like kintone's", dl.Key)
	}

	get := func(auth testAuth, key string) *http.Response {
		req, err := http.NewRequest(http.MethodGet, srv.URL+"/k/v1/file.json?fileKey="+key, nil)
		if err != nil {
			t.Fatal(err)
		}
		auth.set(req)
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { res.Body.Close() })
		return res
	}
	for _, auth := range []testAuth{testAdmin, procToken("tok-view")} {
		res := get(auth, dl.Key)
		got, _ := io.ReadAll(res.Body)
		if res.StatusCode != 200 || !bytes.Equal(got, data) {
			t.Fatalf("download: %d %q", res.StatusCode, got)
		}
		if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
			t.Errorf("Content-Type = %q", ct)
		}
		cd := res.Header.Get("Content-Disposition")
		if !strings.HasPrefix(cd, "attachment; filename*=UTF-8''") {
			t.Errorf("Content-Disposition = %q", cd)
		}
		if _, params, err := mime.ParseMediaType(cd); err != nil || params["filename"] != "見積書 #1.pdf" {
			t.Errorf("Content-Disposition %q decodes to %v (%v)", cd, params, err)
		}
	}

	for _, tc := range []struct {
		name       string
		auth       testAuth
		key        string
		wantStatus int
		wantCode   string
	}{
		{"upload keys are not download keys", testAdmin, uploadKey, 404, "GAIA_BL01"},
		{"unknown key", testAdmin, "nope", 404, "GAIA_BL01"},
		{"missing key", testAdmin, "", 400, "CB_VA01"},
		{"token without view rights", procToken("tok-add"), dl.Key, 403, "GAIA_NO01"},
	} {
		status, body := procDo(t, srv, tc.auth, http.MethodGet, "/k/v1/file.json?fileKey="+tc.key, nil)
		if status != tc.wantStatus || body["code"] != tc.wantCode {
			t.Errorf("%s: got %d %v, want %d %s", tc.name, status, body, tc.wantStatus, tc.wantCode)
		}
	}
}

func TestFileAttachRoundTrip(t *testing.T) {
	srv := NewServer()
	t.Cleanup(srv.Close)
	appID, err := srv.CreateApp(AppSpec{Name: "Docs", Fields: []*Field{{Type: TypeFile, Code: "attachments"}}})
	if err != nil {
		t.Fatal(err)
	}
	data := []byte("id,name\n1,テスト\n")
	ct, body := fileMultipart(t, "file", "報告.csv", "text/csv", data)
	_, resp := fileUpload(t, srv, testAdmin, "/k/v1/file.json", ct, body)
	uploadKey, _ := resp["fileKey"].(string)

	status, resp := procDo(t, srv, testAdmin, http.MethodPost, "/k/v1/record.json", map[string]any{
		"app": appID, "record": map[string]any{"attachments": map[string]any{"value": []any{map[string]any{"fileKey": uploadKey}}}},
	})
	if status != 200 {
		t.Fatalf("add record: %d %v", status, resp)
	}
	status, resp = procDo(t, srv, testAdmin, http.MethodGet, "/k/v1/record.json?app="+fileItoa(appID)+"&id="+resp["id"].(string), nil)
	if status != 200 {
		t.Fatalf("get record: %d %v", status, resp)
	}
	files := resp["record"].(map[string]any)["attachments"].(map[string]any)["value"].([]any)
	if len(files) != 1 {
		t.Fatalf("FILE value = %v", files)
	}
	f := files[0].(map[string]any)
	key, _ := f["fileKey"].(string)
	if f["name"] != "報告.csv" || f["contentType"] != "text/csv" || f["size"] != fileItoa(int64(len(data))) || key == uploadKey {
		t.Fatalf("FILE value = %v", f)
	}

	req, err := http.NewRequest(http.MethodGet, srv.URL+"/k/v1/file.json?fileKey="+key, nil)
	if err != nil {
		t.Fatal(err)
	}
	testAdmin.set(req)
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	got, _ := io.ReadAll(res.Body)
	if res.StatusCode != 200 || !bytes.Equal(got, data) || res.Header.Get("Content-Type") != "text/csv" {
		t.Fatalf("download: %d %q %v", res.StatusCode, got, res.Header)
	}
	status, resp = procDo(t, srv, testAdmin, http.MethodGet, "/k/v1/file.json?fileKey="+uploadKey, nil)
	procWantError(t, status, resp, 404, "GAIA_BL01")
}

func fileItoa(n int64) string { return strconv.FormatInt(n, 10) }
