package client

import (
	"context"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"testing/iotest"
)

func TestUploadFile(t *testing.T) {
	tests := []struct {
		name        string
		body        func(string) io.Reader
		contentType string
		wantType    string
		wantLength  bool
	}{
		{"sized reader", func(s string) io.Reader { return strings.NewReader(s) }, "text/plain", "text/plain", true},
		{"unsized reader", func(s string) io.Reader { return iotest.OneByteReader(strings.NewReader(s)) }, "", "application/octet-stream", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			const content = "hello,\r\n--not a boundary\r\nworld"
			f := newFake(t, reply(200, `{"fileKey":"fk-1"}`))
			key, err := f.client(t, passwordOpts).WithGuestSpace(2).UploadFile(context.Background(), `報告 "q".txt`, tt.contentType, tt.body(content))
			if err != nil || key != "fk-1" {
				t.Fatalf("UploadFile = %q, %v", key, err)
			}
			req := f.only(t)
			if req.Method != "POST" || req.Path != "/k/guest/2/v1/file.json" {
				t.Errorf("sent %s %s", req.Method, req.Path)
			}
			if tt.wantLength != (req.Length == int64(len(req.Body))) {
				t.Errorf("Content-Length %d for a %d-byte body (want known length: %v)", req.Length, len(req.Body), tt.wantLength)
			}
			mt, params, err := mime.ParseMediaType(req.Header.Get("Content-Type"))
			if err != nil || mt != "multipart/form-data" {
				t.Fatalf("Content-Type %q: %v", req.Header.Get("Content-Type"), err)
			}
			mr := multipart.NewReader(strings.NewReader(string(req.Body)), params["boundary"])
			part, err := mr.NextPart()
			if err != nil {
				t.Fatal(err)
			}
			data, _ := io.ReadAll(part)
			if part.FormName() != "file" || part.FileName() != `報告 "q".txt` || part.Header.Get("Content-Type") != tt.wantType || string(data) != content {
				t.Errorf("part name=%q file=%q type=%q data=%q", part.FormName(), part.FileName(), part.Header.Get("Content-Type"), data)
			}
			if _, err := mr.NextPart(); err != io.EOF {
				t.Errorf("more than one part: %v", err)
			}
		})
	}
}

func TestDownloadFile(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r seenRequest) {
		w.Header().Set("Content-Type", "image/png")
		io.WriteString(w, "\x89PNG data")
	})
	c := f.client(t, Options{APITokens: []string{"t"}, MaxConcurrency: 1})
	body, ct, err := c.DownloadFile(context.Background(), "key with space")
	if err != nil {
		t.Fatal(err)
	}
	data, _ := io.ReadAll(body)
	body.Close()
	if ct != "image/png" || string(data) != "\x89PNG data" {
		t.Errorf("got %q %q", ct, data)
	}
	req := f.only(t)
	if req.Method != "GET" || req.Path != "/k/v1/file.json" || req.Query != "fileKey=key%20with%20space" {
		t.Errorf("sent %s %s?%s", req.Method, req.Path, req.Query)
	}
	// Closing the body released the only concurrency slot.
	if _, _, err := c.DownloadFile(context.Background(), "again"); err != nil {
		t.Fatal(err)
	}
}

func TestDownloadFileNotFound(t *testing.T) {
	f := newFake(t, reply(404, `{"code":"GAIA_BL01","id":"x","message":"The specified file (id: k) not found."}`))
	_, _, err := f.client(t, passwordOpts).DownloadFile(context.Background(), "k")
	if err == nil || !strings.Contains(err.Error(), "404 GAIA_BL01") {
		t.Errorf("error = %v", err)
	}
}
