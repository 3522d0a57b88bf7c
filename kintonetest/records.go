package kintonetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Record API limits (kintone-api.md §3 and §7 "Limits").
const (
	// maxWriteRecords is the most records one POST or PUT records.json may
	// carry ("max 100").
	maxWriteRecords = 100
	// maxDeleteRecords is the most ids one DELETE records.json may carry
	// ("ids ... max 100"; at least 1).
	maxDeleteRecords = 100
	// defaultRecordLimit is the page size of GET records.json when the
	// query has no limit clause ("default 100").
	defaultRecordLimit = 100
)

// registerRecordRoutes installs the record, records, cursor and
// bulkRequest endpoints. The status, assignee, comment and file endpoints
// are registered by registerProcessRoutes.
func (s *Server) registerRecordRoutes() {
	s.handle(kintoneAPI, http.MethodGet, "record.json", route{h: getRecord, tokenOK: true})
	s.handle(kintoneAPI, http.MethodPost, "record.json", route{h: postRecord, write: true, tokenOK: true, bulkOK: true})
	s.handle(kintoneAPI, http.MethodPut, "record.json", route{h: putRecord, write: true, tokenOK: true, bulkOK: true})
	s.handle(kintoneAPI, http.MethodGet, "records.json", route{h: getRecords, tokenOK: true})
	s.handle(kintoneAPI, http.MethodPost, "records.json", route{h: postRecords, write: true, tokenOK: true, bulkOK: true})
	s.handle(kintoneAPI, http.MethodPut, "records.json", route{h: putRecords, write: true, tokenOK: true, bulkOK: true})
	s.handle(kintoneAPI, http.MethodDelete, "records.json", route{h: deleteRecords, write: true, tokenOK: true, bulkOK: true})
	// Cursor calls change the cursor table (position, expiry), so all
	// three run as writes.
	s.handle(kintoneAPI, http.MethodPost, "records/cursor.json", route{h: postCursor, write: true, tokenOK: true})
	s.handle(kintoneAPI, http.MethodGet, "records/cursor.json", route{h: getCursor, write: true, tokenOK: true})
	s.handle(kintoneAPI, http.MethodDelete, "records/cursor.json", route{h: deleteCursor, write: true, tokenOK: true})
	s.handle(kintoneAPI, http.MethodPost, "bulkRequest.json", route{h: postBulk, write: true, tokenOK: true})
}

// recordApp looks up the request's app ("app" is required).
func recordApp(c *call, id flexInt, need appAccess) (*app, *apiError) {
	if !id.Set {
		return nil, errRequired("app")
	}
	return c.app(id.Value, need)
}

// fieldList is the "fields" parameter: an array of codes (or one code).
type fieldList []string

// UnmarshalJSON accepts ["a","b"], "a" and null.
func (l *fieldList) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.HasPrefix(b, []byte(`"`)) {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*l = fieldList{s}
		return nil
	}
	var list []string
	if err := json.Unmarshal(b, &list); err != nil {
		return &flexError{param: "fields", msg: "fields must be an array of field codes"}
	}
	*l = list
	return nil
}

// selection returns the set of codes to render, or nil for all fields.
// Unknown codes are ignored.
func (l fieldList) selection() map[string]bool {
	if len(l) == 0 {
		return nil
	}
	m := make(map[string]bool, len(l))
	for _, c := range l {
		m[c] = true
	}
	return m
}

type recordResponse struct {
	Record map[string]fieldJSON `json:"record"`
}

type recordsResponse struct {
	Records []map[string]fieldJSON `json:"records"`
	// TotalCount is a string, or null when totalCount was not asked for.
	TotalCount *string `json:"totalCount"`
}

type idRevision struct {
	ID       string `json:"id"`
	Revision string `json:"revision"`
	// Operation is INSERT or UPDATE, in upsert mode only.
	Operation string `json:"operation,omitempty"`
}

// getRecord is GET record.json.
func getRecord(c *call) (any, *apiError) {
	var req struct {
		App flexInt `json:"app"`
		ID  flexInt `json:"id"`
	}
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	a, err := recordApp(c, req.App, accessView)
	if err != nil {
		return nil, err
	}
	if !req.ID.Set {
		return nil, errRequired("id")
	}
	r := a.records[req.ID.Value]
	if r == nil {
		return nil, errRecordNotFound(req.ID.Value)
	}
	return recordResponse{Record: c.srv.st.renderRecord(a, r, nil)}, nil
}

// getRecords is GET records.json: the query (default limit 100, at most
// 500, offset at most 10,000), fields, and totalCount.
func getRecords(c *call) (any, *apiError) {
	var req struct {
		App        flexInt    `json:"app"`
		Fields     fieldList  `json:"fields"`
		Query      flexString `json:"query"`
		TotalCount flexBool   `json:"totalCount"`
	}
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	a, err := recordApp(c, req.App, accessView)
	if err != nil {
		return nil, err
	}
	q, err := parseQuery(string(req.Query))
	if err != nil {
		return nil, err
	}
	o := selectOpts{limit: defaultRecordLimit, count: bool(req.TotalCount)}
	if q.Limit != nil {
		o.limit = *q.Limit
	}
	if q.Offset != nil {
		o.offset = *q.Offset
	}
	sel, err := newEvalCtx(c, a).selectIDs(q, o)
	if err != nil {
		return nil, err
	}
	if sel.aborted && c.w != nil {
		c.w.Header().Set("X-Cybozu-Warning", filterAbortWarning)
	}
	resp := recordsResponse{Records: c.srv.st.renderIDs(a, sel.ids, req.Fields.selection())}
	if req.TotalCount {
		n := strconv.Itoa(sel.total)
		resp.TotalCount = &n
	}
	return resp, nil
}

// renderIDs renders the records with the ids that still exist.
func (st *store) renderIDs(a *app, ids []int64, sel map[string]bool) []map[string]fieldJSON {
	out := make([]map[string]fieldJSON, 0, len(ids))
	for _, id := range ids {
		if r := a.records[id]; r != nil {
			out = append(out, st.renderRecord(a, r, sel))
		}
	}
	return out
}

// postRecord is POST record.json; without "record" the record is made of
// default values.
func postRecord(c *call) (any, *apiError) {
	var req struct {
		App    flexInt        `json:"app"`
		Record map[string]any `json:"record"`
	}
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	a, err := recordApp(c, req.App, accessAdd)
	if err != nil {
		return nil, err
	}
	ids, err := newRecWriter(c, a).addAll([]map[string]any{req.Record}, "record")
	if err != nil {
		return nil, err
	}
	return idRevision{ID: strconv.FormatInt(ids[0], 10), Revision: "1"}, nil
}

// postRecords is POST records.json (at most 100 records, all or nothing).
func postRecords(c *call) (any, *apiError) {
	var req struct {
		App     flexInt          `json:"app"`
		Records []map[string]any `json:"records"`
	}
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	a, err := recordApp(c, req.App, accessAdd)
	if err != nil {
		return nil, err
	}
	if _, ok := c.param("records"); !ok {
		return nil, errRequired("records")
	}
	if len(req.Records) > maxWriteRecords {
		return nil, errField("records", c.text("一度に100件までのレコードを追加できます。",
			"A maximum of 100 records can be added at one time."))
	}
	ids, err := newRecWriter(c, a).addAll(req.Records, "records")
	if err != nil {
		return nil, err
	}
	resp := struct {
		IDs       []string `json:"ids"`
		Revisions []string `json:"revisions"`
	}{IDs: make([]string, len(ids)), Revisions: make([]string, len(ids))}
	for i, id := range ids {
		resp.IDs[i] = strconv.FormatInt(id, 10)
		resp.Revisions[i] = "1"
	}
	return resp, nil
}

// addAll validates and stores new records through the call's tx, all or
// nothing. key is "record" (one record, error keys record.<code>...) or
// "records" (error keys records[i].<code>...).
func (w *recWriter) addAll(recs []map[string]any, key string) ([]int64, *apiError) {
	ids := make([]int64, 0, len(recs))
	for i, in := range recs {
		prefix := key
		if key == "records" {
			prefix = fmt.Sprintf("records[%d]", i)
		}
		r, err := w.insert(prefix, in)
		if err != nil {
			return nil, err
		}
		w.c.tx.put(w.a, r)
		ids = append(ids, r.ID)
	}
	if err := w.errs.err(); err != nil {
		return nil, err
	}
	return ids, nil
}

// updateKey is the {field, value} alternative to a record id.
type updateKey struct {
	Field flexString `json:"field"`
	Value flexString `json:"value"`
}

// recordUpdate is one record of a PUT: record.json's body or an element
// of records.json's "records".
type recordUpdate struct {
	ID        flexInt        `json:"id"`
	UpdateKey *updateKey     `json:"updateKey"`
	Revision  flexInt        `json:"revision"`
	Record    map[string]any `json:"record"`
}

// putRecord is PUT record.json.
func putRecord(c *call) (any, *apiError) {
	var req struct {
		App flexInt `json:"app"`
		recordUpdate
	}
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	a, err := recordApp(c, req.App, accessEdit)
	if err != nil {
		return nil, err
	}
	w := newRecWriter(c, a)
	res, err := c.updateOne(w, a, req.recordUpdate, "record", false)
	if err != nil {
		return nil, err
	}
	if err := w.errs.err(); err != nil {
		return nil, err
	}
	return struct {
		Revision string `json:"revision"`
	}{res.Revision}, nil
}

// putRecords is PUT records.json (at most 100 records, all or nothing;
// upsert mode inserts what it cannot find).
func putRecords(c *call) (any, *apiError) {
	var req struct {
		App     flexInt        `json:"app"`
		Upsert  flexBool       `json:"upsert"`
		Records []recordUpdate `json:"records"`
	}
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	a, err := recordApp(c, req.App, accessEdit)
	if err != nil {
		return nil, err
	}
	if req.Upsert {
		// Upsert also needs the right to add records (kintone-api.md §3).
		if _, err := c.app(a.ID, accessAdd); err != nil {
			return nil, err
		}
	}
	if _, ok := c.param("records"); !ok {
		return nil, errRequired("records")
	}
	if len(req.Records) > maxWriteRecords {
		return nil, errField("records", c.text("一度に100件までのレコードを更新できます。",
			"A maximum of 100 records can be updated at one time."))
	}
	w := newRecWriter(c, a)
	out := make([]idRevision, 0, len(req.Records))
	for i, u := range req.Records {
		res, err := c.updateOne(w, a, u, fmt.Sprintf("records[%d]", i), bool(req.Upsert))
		if err != nil {
			return nil, err
		}
		out = append(out, res)
	}
	if err := w.errs.err(); err != nil {
		return nil, err
	}
	return struct {
		Records []idRevision `json:"records"`
	}{out}, nil
}

// updateOne applies one update (or, in upsert mode, an insert when the
// target does not exist) through the tx.
func (c *call) updateOne(w *recWriter, a *app, u recordUpdate, prefix string, upsert bool) (idRevision, *apiError) {
	old, err := w.target(u)
	if err != nil && !(upsert && err.Status == http.StatusNotFound) {
		return idRevision{}, err
	}
	if old == nil {
		in := u.Record
		if u.UpdateKey != nil {
			// The inserted record takes the key value (kintone-api.md §3
			// upsert).
			in = make(map[string]any, len(u.Record)+1)
			for k, v := range u.Record {
				in[k] = v
			}
			in[string(u.UpdateKey.Field)] = map[string]any{"value": string(u.UpdateKey.Value)}
		}
		r, err := w.insert(prefix, in)
		if err != nil {
			return idRevision{}, err
		}
		c.tx.put(a, r)
		return idRevision{ID: strconv.FormatInt(r.ID, 10), Revision: "1", Operation: "INSERT"}, nil
	}
	if err := expectRevision(u.Revision, old); err != nil {
		return idRevision{}, err
	}
	op := ""
	if upsert {
		op = "UPDATE"
	}
	if u.Record == nil {
		// Without "record" nothing is updated (kintone-api.md §3).
		return idRevision{ID: strconv.FormatInt(old.ID, 10), Revision: strconv.FormatInt(old.Revision, 10), Operation: op}, nil
	}
	r, err := w.update(prefix, old, u.Record)
	if err != nil {
		return idRevision{}, err
	}
	c.tx.put(a, r)
	return idRevision{ID: strconv.FormatInt(r.ID, 10), Revision: strconv.FormatInt(r.Revision, 10), Operation: op}, nil
}

// target finds the record an update names by id or updateKey. A missing
// record is a 404 error (GAIA_RE01 by id, GAIA_RE20 by key).
func (w *recWriter) target(u recordUpdate) (*record, *apiError) {
	switch {
	case u.ID.Set && u.UpdateKey != nil:
		// kintone's message for both is UNCONFIRMED.
		return nil, errField("updateKey", w.c.text("idとupdateKeyは同時に指定できません。",
			"id and updateKey cannot be specified together."))
	case u.ID.Set:
		r := w.c.tx.get(w.a, u.ID.Value)
		if r == nil {
			return nil, errRecordNotFound(u.ID.Value)
		}
		return r, nil
	case u.UpdateKey != nil:
		return w.findByKey(string(u.UpdateKey.Field), string(u.UpdateKey.Value))
	}
	return nil, errRequired("id")
}

// findByKey finds the record whose unique key field holds value. The
// field must exist (GAIA_IQ11) and be a SINGLE_LINE_TEXT or NUMBER field
// with "prohibit duplicate values" (GAIA_IQ27, status UNCONFIRMED: 400);
// no match is GAIA_RE20 (status UNCONFIRMED: 404, "not found").
func (w *recWriter) findByKey(code, value string) (*record, *apiError) {
	f, parent := w.a.field(code)
	if f == nil || parent != nil {
		return nil, errUnknownQueryField(code)
	}
	if !(f.Type == TypeSingleLineText || f.Type == TypeNumber) || !f.Unique {
		return nil, newError(http.StatusBadRequest, "GAIA_IQ27",
			fmt.Sprintf("updateKeyに指定したフィールド（%s）は、「値の重複を禁止する」が設定されている必要があります。", code),
			fmt.Sprintf("The field (%s) specified as updateKey must be set to Prohibit duplicate values.", code))
	}
	k := uniqueKey(f, strings.TrimSpace(value))
	if id, ok := w.uniqueIndex(f)[k]; ok && k != "" {
		if r := w.c.tx.get(w.a, id); r != nil {
			return r, nil
		}
	}
	return nil, newError(http.StatusNotFound, "GAIA_RE20",
		"updateKeyで指定した条件に一致するレコードがありません。",
		"No records match the conditions specified in the updateKey field.")
}

// deleteRecords is DELETE records.json: 1 to 100 ids, optional revisions
// in the same order (-1 skips the check), all or nothing.
func deleteRecords(c *call) (any, *apiError) {
	var req struct {
		App       flexInt   `json:"app"`
		IDs       []flexInt `json:"ids"`
		Revisions []flexInt `json:"revisions"`
	}
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	a, err := recordApp(c, req.App, accessDelete)
	if err != nil {
		return nil, err
	}
	rangeMsg := c.text("一度に1件から100件までのレコードを削除できます。", "Between 1 and 100 records can be deleted at one time.")
	switch {
	case len(req.IDs) == 0:
		return nil, errValidation(map[string][]string{"ids": {c.msgRequiredParam(), rangeMsg}})
	case len(req.IDs) > maxDeleteRecords:
		return nil, errField("ids", rangeMsg)
	case len(req.Revisions) > 0 && len(req.Revisions) != len(req.IDs):
		// kintone's message for this is UNCONFIRMED.
		return nil, errField("revisions", c.text("idsとrevisionsの要素数が一致しません。",
			"The number of revisions must match the number of ids."))
	}
	for i, id := range req.IDs {
		r := c.tx.get(a, id.Value)
		if r == nil {
			return nil, errRecordNotFound(id.Value)
		}
		if i < len(req.Revisions) {
			if err := expectRevision(req.Revisions[i], r); err != nil {
				return nil, err
			}
		}
		c.tx.remove(a, id.Value)
		gone := id.Value
		c.tx.onCommit(func() { delete(a.comments, gone) })
	}
	return struct{}{}, nil
}
