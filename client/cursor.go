package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
)

// MaxCursorSize is the largest page size of a cursor.
const MaxCursorSize = 500

// CreateCursorRequest is the input of CreateCursor. Query must not contain
// limit or offset; Size is the page size (1–500, 0 means kintone's default 100).
type CreateCursorRequest struct {
	App    int64    `json:"app"`
	Fields []string `json:"fields,omitempty"`
	Query  string   `json:"query,omitempty"`
	Size   int      `json:"size,omitempty"`
}

// CreateCursor creates a record cursor (POST records/cursor.json) and returns
// its id and the number of matching records. kintone keeps at most 10 live
// cursors per domain and drops one after 10 idle minutes.
func (c *Client) CreateCursor(ctx context.Context, req CreateCursorRequest) (id string, totalCount int64, err error) {
	if req.Size < 0 || req.Size > MaxCursorSize {
		return "", 0, fmt.Errorf("kintone client: cursor size %d out of range 1..%d", req.Size, MaxCursorSize)
	}
	var out struct {
		ID         string `json:"id"`
		TotalCount string `json:"totalCount"`
	}
	path := c.APIPath("records/cursor")
	o := outgoing{method: http.MethodPost, path: path, retry: retryRejected}
	if err := c.callOut(ctx, o, req, &out); err != nil {
		return "", 0, err
	}
	if out.ID == "" {
		return "", 0, fmt.Errorf("kintone: POST %s: %w: the answer has no cursor id", path, ErrProtocol)
	}
	n, err := strconv.ParseInt(out.TotalCount, 10, 64)
	if err != nil {
		return "", 0, fmt.Errorf("kintone: POST %s: bad totalCount %q: %w", path, out.TotalCount, err)
	}
	return out.ID, n, nil
}

// GetCursor returns the next page of a cursor (GET records/cursor.json) and
// whether more pages follow. kintone deletes the cursor after the last page.
//
// Reading a page moves the cursor on, so the request is never re-sent once
// kintone may have served it: it goes out as POST with
// X-HTTP-Method-Override: GET (net/http replays failed bodiless GETs on its
// own), is retried only on answers proving kintone refused it (429, 503,
// 520 GAIA_DA02), and a lost answer fails with an error matching
// ErrAnswerLost; the caller must then start over from a new cursor.
func (c *Client) GetCursor(ctx context.Context, id string) (records []Record, next bool, err error) {
	params := struct {
		ID string `json:"id"`
	}{id}
	var out recordsAnswer
	o := outgoing{method: http.MethodGet, path: c.APIPath("records/cursor"), retry: retryRejected, noReplay: true}
	if err := c.callOut(ctx, o, params, &out); err != nil {
		return nil, false, err
	}
	if !out.HasRecords {
		return nil, false, fmt.Errorf("kintone: GET %s: %w: the answer has no records array", o.path, ErrProtocol)
	}
	return out.Records, out.Next, nil
}

// DeleteCursor releases a cursor before it is fully read (DELETE
// records/cursor.json). Deleting is idempotent in effect, so failures without
// an answer are retried like reads. Deleting a cursor kintone no longer
// knows (read to its end, expired, or deleted by an earlier attempt whose
// answer was lost) succeeds: the cursor is gone either way.
func (c *Client) DeleteCursor(ctx context.Context, id string) error {
	params := struct {
		ID string `json:"id"`
	}{id}
	o := outgoing{method: http.MethodDelete, path: c.APIPath("records/cursor"), retry: retryIdempotent}
	err := c.callOut(ctx, o, params, nil)
	var e *Error
	if errors.As(err, &e) && e.StatusCode == http.StatusNotFound && e.Code == codeCursorNotFound {
		return nil
	}
	return err
}

// codeCursorNotFound is kintone's error code for an unknown or expired cursor.
const codeCursorNotFound = "GAIA_CN01"
