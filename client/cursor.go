package client

import (
	"context"
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
	if err := c.call(ctx, http.MethodPost, path, req, &out); err != nil {
		return "", 0, err
	}
	n, err := strconv.ParseInt(out.TotalCount, 10, 64)
	if err != nil {
		return "", 0, fmt.Errorf("kintone: POST %s: bad totalCount %q: %w", path, out.TotalCount, err)
	}
	return out.ID, n, nil
}

// GetCursor returns the next page of a cursor (GET records/cursor.json) and
// whether more pages follow. kintone deletes the cursor after the last page.
func (c *Client) GetCursor(ctx context.Context, id string) (records []Record, next bool, err error) {
	params := struct {
		ID string `json:"id"`
	}{id}
	var out struct {
		Records []Record `json:"records"`
		Next    bool     `json:"next"`
	}
	if err := c.call(ctx, http.MethodGet, c.APIPath("records/cursor"), params, &out); err != nil {
		return nil, false, err
	}
	return out.Records, out.Next, nil
}

// DeleteCursor releases a cursor before it is fully read (DELETE records/cursor.json).
func (c *Client) DeleteCursor(ctx context.Context, id string) error {
	params := struct {
		ID string `json:"id"`
	}{id}
	return c.call(ctx, http.MethodDelete, c.APIPath("records/cursor"), params, nil)
}
