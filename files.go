package kintone

import (
	"context"
	"database/sql"
	"fmt"
	"io"
)

// UploadFile uploads a file to kintone and returns its file key, which a
// FILE column takes as its value:
//
//	key, err := kintone.UploadFile(ctx, db, "quote.pdf", "application/pdf", f)
//	_, err = db.ExecContext(ctx, "UPDATE Deals SET Attachments = ? WHERE $id = ?", key, id)
//
// A FILE column takes one key, a JSON array of keys (`["k1","k2"]`) or of
// {"fileKey": ...} objects; writing it replaces the field's files. kintone
// keeps an uploaded file for 3 days unless a record uses it, and a key can
// be written once. contentType "" means application/octet-stream.
func UploadFile(ctx context.Context, db *sql.DB, name, contentType string, r io.Reader) (string, error) {
	var key string
	err := withConn(ctx, db, func(cn *conn) error {
		var err error
		key, err = cn.c.client.UploadFile(ctx, name, contentType, r)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("kintone: UploadFile %q: %w", name, err)
	}
	return key, nil
}

// DownloadFile opens the file whose key a FILE column holds (the "fileKey"
// of each element of its JSON value) and returns its content and content
// type. The caller must close the content.
func DownloadFile(ctx context.Context, db *sql.DB, fileKey string) (io.ReadCloser, string, error) {
	var body io.ReadCloser
	var typ string
	err := withConn(ctx, db, func(cn *conn) error {
		var err error
		body, typ, err = cn.c.client.DownloadFile(ctx, fileKey)
		return err
	})
	if err != nil {
		return nil, "", fmt.Errorf("kintone: DownloadFile: %w", err)
	}
	return body, typ, nil
}

// withConn runs f with a kintone connection of db.
func withConn(ctx context.Context, db *sql.DB, f func(*conn) error) error {
	c, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Raw(func(dc any) error {
		cn, ok := dc.(*conn)
		if !ok {
			return fmt.Errorf("the database is not a kintone database (driver connection %T)", dc)
		}
		return f(cn)
	})
}
