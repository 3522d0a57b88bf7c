package client

import (
	"context"
	"net/http"
)

// GetCommentsRequest is the input of GetComments. Order is "asc" or "desc"
// (kintone's default), Limit is 1–10 (0 means kintone's default 10).
type GetCommentsRequest struct {
	App    int64  `json:"app"`
	Record int64  `json:"record"`
	Order  string `json:"order,omitempty"`
	Offset int    `json:"offset,omitempty"`
	Limit  int    `json:"limit,omitempty"`
}

// Comments is one page of record comments; Older and Newer tell whether more
// comments exist before or after the page.
type Comments struct {
	Comments []Comment `json:"comments"`
	Older    bool      `json:"older"`
	Newer    bool      `json:"newer"`
}

// GetComments returns one page of a record's comments (GET record/comments.json).
func (c *Client) GetComments(ctx context.Context, req GetCommentsRequest) (Comments, error) {
	var out Comments
	err := c.call(ctx, http.MethodGet, c.APIPath("record/comments"), req, &out)
	return out, err
}

// NewComment is the content of a comment to add (up to 10 mentions).
type NewComment struct {
	Text     string    `json:"text"`
	Mentions []Mention `json:"mentions,omitempty"`
}

// AddComment posts a comment on a record (POST record/comment.json) and returns its id.
func (c *Client) AddComment(ctx context.Context, app, record int64, comment NewComment) (int64, error) {
	params := struct {
		App     int64      `json:"app"`
		Record  int64      `json:"record"`
		Comment NewComment `json:"comment"`
	}{app, record, comment}
	var out struct {
		ID int64 `json:"id,string"`
	}
	err := c.call(ctx, http.MethodPost, c.APIPath("record/comment"), params, &out)
	return out.ID, err
}

// DeleteComment deletes a comment (DELETE record/comment.json).
func (c *Client) DeleteComment(ctx context.Context, app, record, comment int64) error {
	params := struct {
		App     int64 `json:"app"`
		Record  int64 `json:"record"`
		Comment int64 `json:"comment"`
	}{app, record, comment}
	return c.call(ctx, http.MethodDelete, c.APIPath("record/comment"), params, nil)
}
