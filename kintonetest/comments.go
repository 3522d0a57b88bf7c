package kintonetest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Comment limits (kintone-api.md §3 comments rows, §7 limits).
const (
	// maxCommentsPerGet is the largest and default `limit` of
	// record/comments.json.
	maxCommentsPerGet = 10
	// maxCommentText is the longest comment text, in characters.
	maxCommentText = 65535
	// maxMentions is the most mentions one comment may carry.
	maxMentions = 10
)

// commentTimeLayout is the createdAt format: UTC with seconds.
const commentTimeLayout = "2006-01-02T15:04:05Z"

type commentsRequest struct {
	App    flexInt    `json:"app"`
	Record flexInt    `json:"record"`
	Order  flexString `json:"order"`
	Offset flexInt    `json:"offset"`
	Limit  flexInt    `json:"limit"`
}

type commentJSON struct {
	ID        string         `json:"id"`
	Text      string         `json:"text"`
	CreatedAt string         `json:"createdAt"`
	Creator   commentCreator `json:"creator"`
	Mentions  []mentionJSON  `json:"mentions"`
}

type commentCreator struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

type mentionJSON struct {
	Code string `json:"code"`
	Type string `json:"type"`
}

type commentsResponse struct {
	Comments []commentJSON `json:"comments"`
	Older    bool          `json:"older"`
	Newer    bool          `json:"newer"`
}

// getRecordComments pages through a record's comments ordered by id. API
// tokens may call it: the official get-comments page lists token auth.
func getRecordComments(c *call) (any, *apiError) {
	var req commentsRequest
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	errs := fieldErrs{}
	c.requireSet(errs, map[string]flexInt{"app": req.App, "record": req.Record})
	if req.Order != "" && req.Order != "asc" && req.Order != "desc" {
		errs.add("order", c.msgNotInEnum())
	}
	atLeastZero := c.text("最小でも0以上です。", "must be greater than or equal to 0")
	if req.Offset.Set && req.Offset.Value < 0 {
		errs.add("offset", atLeastZero)
	}
	switch {
	case req.Limit.Set && req.Limit.Value < 0:
		errs.add("limit", atLeastZero)
	case req.Limit.Set && req.Limit.Value > maxCommentsPerGet:
		errs.add("limit", c.text(fmt.Sprintf("最大でも%d以下です。", maxCommentsPerGet),
			fmt.Sprintf("must be less than or equal to %d", maxCommentsPerGet)))
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	a, err := c.commentApp(req.App.Value, req.Record.Value)
	if err != nil {
		return nil, err
	}
	limit := int64(maxCommentsPerGet)
	if req.Limit.Set {
		limit = req.Limit.Value
	}
	all := a.comments[req.Record.Value] // ascending ids
	n := int64(len(all))
	start := min(req.Offset.Value, n)
	end := min(start+limit, n)
	before, after := start > 0, end < n
	resp := commentsResponse{Comments: make([]commentJSON, 0, end-start)}
	for i := start; i < end; i++ {
		cm := all[i]
		if req.Order != "asc" {
			cm = all[n-1-i]
		}
		resp.Comments = append(resp.Comments, c.srv.st.commentJSON(cm))
	}
	// "older" means comments with smaller ids exist beyond the page.
	if req.Order == "asc" {
		resp.Older, resp.Newer = before, after
	} else {
		resp.Older, resp.Newer = after, before
	}
	return resp, nil
}

// commentJSON renders a comment. kintone puts the mentions in front of
// the text with their "@" removed (official get-comments page); the
// emulator writes the mentioned entities' names separated by spaces, then
// " \n", then the text (the exact layout is UNCONFIRMED).
func (st *store) commentJSON(cm *comment) commentJSON {
	out := commentJSON{
		ID:        strconv.FormatInt(cm.ID, 10),
		Text:      cm.Text,
		CreatedAt: cm.CreatedAt.UTC().Format(commentTimeLayout),
		Creator:   commentCreator{Code: cm.Creator.Code, Name: cm.Creator.Name},
		Mentions:  make([]mentionJSON, 0, len(cm.Mentions)),
	}
	var names []string
	for _, m := range cm.Mentions {
		out.Mentions = append(out.Mentions, mentionJSON{Code: m.Code, Type: m.Type})
		names = append(names, st.entityName(m))
	}
	if len(names) > 0 {
		out.Text = strings.Join(names, " ") + " \n" + cm.Text
	}
	return out
}

// entityName is the display name of a user, group or organization, or its
// code when it no longer exists.
func (st *store) entityName(e Entity) string {
	switch e.Type {
	case "USER":
		if u := st.userByCode(e.Code); u != nil {
			return u.Name
		}
	case "GROUP":
		if g := st.groupByCode(e.Code); g != nil {
			return g.Name
		}
	case "ORGANIZATION":
		if o := st.orgByCode(e.Code); o != nil {
			return o.Name
		}
	}
	return e.Code
}

type commentPostRequest struct {
	App     flexInt `json:"app"`
	Record  flexInt `json:"record"`
	Comment *struct {
		Text     *flexString `json:"text"`
		Mentions []struct {
			Code flexString `json:"code"`
			Type flexString `json:"type"`
		} `json:"mentions"`
	} `json:"comment"`
}

// postRecordComment adds a comment and answers {"id":"n"}. Ids increase
// per app (kintone's numbering scope is UNCONFIRMED).
func postRecordComment(c *call) (any, *apiError) {
	var req commentPostRequest
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	errs := fieldErrs{}
	c.requireSet(errs, map[string]flexInt{"app": req.App, "record": req.Record})
	var mentions []Entity
	switch {
	case req.Comment == nil:
		errs.add("comment", c.msgRequiredParam())
	default:
		text := req.Comment.Text
		switch {
		case text == nil || *text == "":
			errs.add("comment.text", c.msgRequiredParam())
		case utf8.RuneCountInString(string(*text)) > maxCommentText:
			errs.add("comment.text", c.text(fmt.Sprintf("%d文字より短くなければなりません。", maxCommentText+1),
				fmt.Sprintf("Enter less than %d characters.", maxCommentText+1)))
		}
		if len(req.Comment.Mentions) > maxMentions {
			errs.add("comment.mentions", c.text(fmt.Sprintf("宛先は%d件まで指定できます。", maxMentions),
				fmt.Sprintf("A maximum of %d mentions can be specified.", maxMentions)))
		}
		for i, m := range req.Comment.Mentions {
			key := fmt.Sprintf("comment.mentions[%d].", i)
			if m.Code == "" {
				errs.add(key+"code", c.msgRequiredParam())
			}
			switch m.Type {
			case "USER", "GROUP", "ORGANIZATION":
			case "":
				errs.add(key+"type", c.msgRequiredParam())
			default:
				errs.add(key+"type", c.msgNotInEnum())
			}
			mentions = append(mentions, Entity{Code: string(m.Code), Type: string(m.Type)})
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	a, err := c.commentApp(req.App.Value, req.Record.Value)
	if err != nil {
		return nil, err
	}
	st := c.srv.st
	for _, m := range mentions {
		if !st.entityExists(m) {
			return nil, errUnknownEntity(m.Type, m.Code)
		}
	}
	id := max(a.nextCommentID, 1)
	cm := &comment{
		ID:        id,
		Text:      string(*req.Comment.Text),
		CreatedAt: c.now.UTC().Truncate(time.Second),
		Creator:   userRef(c.who.user),
		Mentions:  mentions,
	}
	rec := req.Record.Value
	c.tx.onCommit(func() {
		if a.comments == nil {
			a.comments = map[int64][]*comment{}
		}
		a.comments[rec] = append(a.comments[rec], cm)
		a.nextCommentID = id + 1
	})
	return map[string]string{"id": strconv.FormatInt(id, 10)}, nil
}

type commentDeleteRequest struct {
	App     flexInt `json:"app"`
	Record  flexInt `json:"record"`
	Comment flexInt `json:"comment"`
}

// deleteRecordComment removes one of the caller's own comments. A token
// call is "Administrator", so it may delete only comments posted by
// Administrator or by token calls.
func deleteRecordComment(c *call) (any, *apiError) {
	var req commentDeleteRequest
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	errs := fieldErrs{}
	c.requireSet(errs, map[string]flexInt{"app": req.App, "record": req.Record, "comment": req.Comment})
	if err := errs.err(); err != nil {
		return nil, err
	}
	a, err := c.commentApp(req.App.Value, req.Record.Value)
	if err != nil {
		return nil, err
	}
	var found *comment
	for _, cm := range a.comments[req.Record.Value] {
		if cm.ID == req.Comment.Value {
			found = cm
		}
	}
	if found == nil {
		// Observed: 400, not 404 (kintone-api.md §3).
		return nil, newError(http.StatusBadRequest, "GAIA_RE02",
			"指定したコメントが存在しません。削除された可能性があります。",
			"The specified comment does not exist. The comment may have been deleted.")
	}
	if found.Creator.Code != c.who.login() {
		// GAIA_RE03's status is UNCONFIRMED; 403 as a permission error.
		return nil, newError(http.StatusForbidden, "GAIA_RE03",
			fmt.Sprintf("コメント（ID: %d）を削除できません。ほかのユーザーが投稿したコメントです。", found.ID),
			fmt.Sprintf("Cannot delete the comment (ID: %d). The comment was posted by someone other than you.", found.ID))
	}
	rec := req.Record.Value
	c.tx.onCommit(func() {
		list := a.comments[rec]
		for i, cm := range list {
			if cm == found {
				a.comments[rec] = append(list[:i:i], list[i+1:]...)
				break
			}
		}
	})
	return struct{}{}, nil
}

// commentApp looks the app up for a comment call on one of its records
// (view rights suffice). Apps whose comment feature is off are refused:
// GAIA_RE12, status UNCONFIRMED, 400 is used (like GAIA_ST02 for a
// disabled process). A record the call cannot see is 404 GAIA_RE01.
func (c *call) commentApp(appID, recordID int64) (*app, *apiError) {
	a, err := c.app(appID, accessView)
	if err != nil {
		return nil, err
	}
	if a.CommentsDisabled {
		return nil, newError(http.StatusBadRequest, "GAIA_RE12",
			"コメント機能が無効化されています。", "Comment feature is disabled.")
	}
	if c.visibleRecord(a, recordID) == nil {
		return nil, errRecordNotFound(recordID)
	}
	return a, nil
}

// visibleRecord returns the record as the call sees it: through the tx in a write
// call, from the store otherwise; nil when it does not exist.
func (c *call) visibleRecord(a *app, id int64) *record {
	if c.tx != nil {
		return c.tx.get(a, id)
	}
	return a.records[id]
}

// entityExists reports whether a mentioned user, group or organization
// exists.
func (st *store) entityExists(e Entity) bool {
	switch e.Type {
	case "USER":
		u := st.userByCode(e.Code)
		return u != nil && u.Valid
	case "GROUP":
		return st.groupByCode(e.Code) != nil
	case "ORGANIZATION":
		return st.orgByCode(e.Code) != nil
	}
	return false
}

// errUnknownEntity is kintone's "not found" for a user (GAIA_IL26), group
// (GAIA_IL27) or organization (GAIA_IL28) code. The status is UNCONFIRMED;
// 400 is used as for other invalid input.
func errUnknownEntity(typ, code string) *apiError {
	switch typ {
	case "GROUP":
		return newError(http.StatusBadRequest, "GAIA_IL27",
			fmt.Sprintf("指定したグループ（code：%s）が見つかりません。", code),
			fmt.Sprintf("The specified group (code：%s) not found.", code))
	case "ORGANIZATION":
		return newError(http.StatusBadRequest, "GAIA_IL28",
			fmt.Sprintf("指定した組織（code：%s）が見つかりません。", code),
			fmt.Sprintf("The specified organization (code：%s) not found.", code))
	}
	return newError(http.StatusBadRequest, "GAIA_IL26",
		fmt.Sprintf("指定したユーザー（code：%s）が見つかりません。", code),
		fmt.Sprintf("The specified user (code：%s) not found.", code))
}
