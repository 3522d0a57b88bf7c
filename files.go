package kintone

import (
	"context"
	"fmt"
	"io"
)

// UploadFile uploads a file to kintone through h (a *sql.DB, a *sql.Conn
// or the *Connector: see Handle) and returns its file key, which a FILE
// column takes as its value:
//
//	key, err := kintone.UploadFile(ctx, db, "quote.pdf", "application/pdf", f)
//	_, err = db.ExecContext(ctx, "UPDATE Deals SET Attachments = ? WHERE $id = ?", key, id)
//
// A FILE column takes one key, a JSON array of keys (`["k1","k2"]`) or of
// {"fileKey": ...} objects; writing it replaces the field's files. kintone
// keeps an uploaded file for 3 days unless a record uses it, and a key can
// be written once. contentType "" means application/octet-stream.
func UploadFile[H Handle](ctx context.Context, h H, name, contentType string, r io.Reader) (string, error) {
	c, err := ConnectorOf(ctx, h)
	if err != nil {
		return "", fmt.Errorf("kintone: UploadFile %q: %w", name, err)
	}
	return c.UploadFile(ctx, name, contentType, r)
}

// DownloadFile opens, through h (see Handle), the file whose key a FILE
// column holds (the "fileKey" of each element of its JSON value) and
// returns its content and content type. The caller must close the content.
func DownloadFile[H Handle](ctx context.Context, h H, fileKey string) (io.ReadCloser, string, error) {
	c, err := ConnectorOf(ctx, h)
	if err != nil {
		return nil, "", fmt.Errorf("kintone: DownloadFile: %w", err)
	}
	return c.DownloadFile(ctx, fileKey)
}

// UploadFile uploads a file to kintone and returns its file key; see the
// function UploadFile.
func (c *Connector) UploadFile(ctx context.Context, name, contentType string, r io.Reader) (string, error) {
	key, err := c.client.UploadFile(ctx, name, contentType, r)
	if err != nil {
		return "", fmt.Errorf("kintone: UploadFile %q: %w", name, err)
	}
	return key, nil
}

// DownloadFile opens the file with the given key; see the function
// DownloadFile. The caller must close the content.
func (c *Connector) DownloadFile(ctx context.Context, fileKey string) (io.ReadCloser, string, error) {
	body, typ, err := c.client.DownloadFile(ctx, fileKey)
	if err != nil {
		return nil, "", fmt.Errorf("kintone: DownloadFile: %w", err)
	}
	return body, typ, nil
}
