package kintonetest

import (
	"net/http"
	"strconv"
	"time"
)

// Cursor limits (kintone-api.md §3 "Cursor limits", §7).
const (
	// maxCursorSize is the largest page a cursor may have ("size 1–500").
	maxCursorSize = 500
	// defaultCursorSize is the page size when "size" is omitted.
	defaultCursorSize = 100
	// maxLiveCursors is the most live cursors per domain; one more is
	// GAIA_TM12.
	maxLiveCursors = 10
	// cursorLifetime is how long a cursor lives after its creation or its
	// last GET.
	cursorLifetime = 10 * time.Minute
)

// errCursorLimit is GAIA_TM12. The reference leaves its status open; a
// third-party measurement against real kintone (rex0220/kintone-sql-tools,
// design note B33) saw HTTP 429 with this message, so 429 is used.
func errCursorLimit() *apiError {
	return newError(http.StatusTooManyRequests, "GAIA_TM12",
		"作成できるカーソルの上限に達しているため、カーソルを作成できません。不要なカーソルを削除するか、しばらく経ってから再実行してください。",
		"Cannot create a cursor because the maximum number of cursors has been reached. Delete unnecessary cursors or try again later.")
}

// errCursorNotFound is the answer for an unknown, deleted, fully read or
// expired cursor. Not in the reference (UNCONFIRMED there); the same
// third-party measurement saw 404 GAIA_CN01 with this Japanese message for
// both a deleted and an auto-released cursor.
func errCursorNotFound() *apiError {
	return newError(http.StatusNotFound, "GAIA_CN01",
		"指定したカーソルは存在しないか、既に有効期限が切れています。",
		"The specified cursor does not exist or has expired.")
}

// cursorOwner identifies who may use a cursor: the login name, or the API
// token of the cursor's app under token auth.
func cursorOwner(c *call, appID int64) string {
	for _, t := range c.who.tokens {
		if t.App == appID {
			return "token:" + t.Token
		}
	}
	return "user:" + c.who.login()
}

// purgeCursors drops expired cursors.
func (st *store) purgeCursors(now time.Time) {
	for id, cur := range st.cursors {
		if !now.Before(cur.Expires) {
			delete(st.cursors, id)
		}
	}
}

// postCursor is POST records/cursor.json: the matching ids are fixed now,
// in the query's order; limit and offset are not allowed in the query.
func postCursor(c *call) (any, *apiError) {
	var req struct {
		App    flexInt    `json:"app"`
		Fields fieldList  `json:"fields"`
		Query  flexString `json:"query"`
		Size   flexInt    `json:"size"`
	}
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	a, err := recordApp(c, req.App, accessView)
	if err != nil {
		return nil, err
	}
	size := defaultCursorSize
	if req.Size.Set {
		switch {
		case req.Size.Value < 1:
			return nil, errField("size", c.text("最小でも1以上です。", "must be greater than or equal to 1"))
		case req.Size.Value > maxCursorSize:
			return nil, errField("size", c.text("最大でも500以下です。", "must be less than or equal to 500"))
		}
		size = int(req.Size.Value)
	}
	q, err := parseQuery(string(req.Query))
	if err != nil {
		return nil, err
	}
	if q.Limit != nil || q.Offset != nil {
		// kintone's message for this is UNCONFIRMED.
		return nil, errField("query", c.text("カーソルのクエリにはlimitとoffsetを指定できません。",
			"limit and offset cannot be specified in the query of a cursor."))
	}
	st := c.srv.st
	st.purgeCursors(c.now)
	if len(st.cursors) >= maxLiveCursors {
		return nil, errCursorLimit()
	}
	sel, err := newEvalCtx(c, a).selectIDs(q, selectOpts{all: true})
	if err != nil {
		return nil, err
	}
	cur := &cursor{
		ID:      newUploadKey(),
		App:     a.ID,
		Fields:  append([]string(nil), req.Fields...),
		IDs:     sel.ids,
		Size:    size,
		Expires: c.now.Add(cursorLifetime),
		Owner:   cursorOwner(c, a.ID),
	}
	st.cursors[cur.ID] = cur
	return struct {
		ID         string `json:"id"`
		TotalCount string `json:"totalCount"`
	}{cur.ID, strconv.Itoa(len(cur.IDs))}, nil
}

// liveCursor returns the caller's live cursor named by the "id" parameter.
func liveCursor(c *call) (*cursor, *apiError) {
	var req struct {
		ID flexString `json:"id"`
	}
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	if req.ID == "" {
		return nil, errRequired("id")
	}
	st := c.srv.st
	st.purgeCursors(c.now)
	cur := st.cursors[string(req.ID)]
	if cur == nil || cur.Owner != cursorOwner(c, cur.App) {
		return nil, errCursorNotFound()
	}
	return cur, nil
}

// getCursor is GET records/cursor.json: the next page, with values as they
// are now (records deleted since the cursor was made are skipped, so a page
// may hold fewer records); the cursor is released after its last page and
// otherwise lives cursorLifetime from now.
func getCursor(c *call) (any, *apiError) {
	cur, err := liveCursor(c)
	if err != nil {
		return nil, err
	}
	a, err := c.app(cur.App, accessView)
	if err != nil {
		return nil, err
	}
	end := min(cur.Pos+cur.Size, len(cur.IDs))
	recs := c.srv.st.renderIDs(a, cur.IDs[cur.Pos:end], fieldList(cur.Fields).selection())
	cur.Pos = end
	next := cur.Pos < len(cur.IDs)
	if next {
		cur.Expires = c.now.Add(cursorLifetime)
	} else {
		delete(c.srv.st.cursors, cur.ID)
	}
	return struct {
		Records []map[string]fieldJSON `json:"records"`
		Next    bool                   `json:"next"`
	}{recs, next}, nil
}

// deleteCursor is DELETE records/cursor.json.
func deleteCursor(c *call) (any, *apiError) {
	cur, err := liveCursor(c)
	if err != nil {
		return nil, err
	}
	delete(c.srv.st.cursors, cur.ID)
	return struct{}{}, nil
}
