package client

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
)

// UploadFile uploads a file for attaching to a record (POST file.json, multipart
// part "file") and returns the temporary fileKey to put in a FILE field. The
// body is streamed; when it reports its length (Len() int, as bytes.Reader and
// strings.Reader do) the request carries a Content-Length, otherwise it is
// sent chunked. contentType "" means application/octet-stream. Uploads are
// never retried.
func (c *Client) UploadFile(ctx context.Context, name, contentType string, body io.Reader) (string, error) {
	path := c.APIPath("file")
	head, tail, formType, err := multipartFrame(name, contentType)
	if err != nil {
		return "", fmt.Errorf("kintone: POST %s: %w", path, err)
	}
	length := int64(-1)
	if l, ok := body.(interface{ Len() int }); ok {
		length = int64(len(head) + l.Len() + len(tail))
	}
	o := outgoing{
		method:      http.MethodPost,
		path:        path,
		stream:      io.MultiReader(bytes.NewReader(head), body, bytes.NewReader(tail)),
		length:      length,
		contentType: formType,
	}
	resp, err := c.send(ctx, o)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		FileKey string `json:"fileKey"`
	}
	if err := decodeJSON(resp.Body, &out); err != nil {
		return "", fmt.Errorf("kintone: POST %s: decoding response: %w", path, err)
	}
	return out.FileKey, nil
}

// multipartFrame returns the bytes that go before and after the file content
// in a multipart/form-data body with a single "file" part, and the body's
// Content-Type.
func multipartFrame(name, contentType string) (head, tail []byte, formType string, err error) {
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	h := make(textproto.MIMEHeader)
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename="%s"`, quoteFilename(name)))
	h.Set("Content-Type", contentType)
	if _, err := w.CreatePart(h); err != nil {
		return nil, nil, "", err
	}
	head = bytes.Clone(buf.Bytes())
	buf.Reset()
	if err := w.Close(); err != nil {
		return nil, nil, "", err
	}
	return head, bytes.Clone(buf.Bytes()), w.FormDataContentType(), nil
}

// quoteFilename escapes a file name for a quoted Content-Disposition
// parameter; line breaks are dropped.
var quoteFilename = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\r", "", "\n", "").Replace

// DownloadFile downloads a file by the fileKey found in a record's FILE value
// (GET file.json). The caller must close the returned body; until then it
// holds one MaxConcurrency slot.
func (c *Client) DownloadFile(ctx context.Context, fileKey string) (body io.ReadCloser, contentType string, err error) {
	q, err := encodeQuery(struct {
		FileKey string `json:"fileKey"`
	}{fileKey})
	if err != nil {
		return nil, "", err
	}
	resp, err := c.send(ctx, outgoing{method: http.MethodGet, path: c.APIPath("file"), rawQuery: q, retry: retryIdempotent})
	if err != nil {
		return nil, "", err
	}
	return resp.Body, resp.Header.Get("Content-Type"), nil
}
