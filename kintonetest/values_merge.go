package kintonetest

import (
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// recWriter builds the records of one write request (or one AddRecords
// call) and collects their validation errors, so that a multi-record write
// reports every problem at once and applies nothing when there is one.
type recWriter struct {
	c    *call
	a    *app
	errs fieldErrs
	// uniq holds, per unique field code, the canonical value → record id of
	// every record as the tx sees it; built on first use.
	uniq map[string]map[string]int64
	// formulas caches parsed CALC expressions by text.
	formulas map[string]calcNode
	// seeding lets AddRecords set STATUS, STATUS_ASSIGNEE and CATEGORY,
	// which record writes through the API refuse.
	seeding bool
}

func newRecWriter(c *call, a *app) *recWriter {
	return &recWriter{c: c, a: a, errs: fieldErrs{}, uniq: map[string]map[string]int64{}, formulas: map[string]calcNode{}}
}

// insert builds a new record from in (the request's "record" object:
// code → {"value": V}); prefix is "record" or "records[i]" for error keys.
// The record gets a new id but is not stored: the caller puts it in the tx
// once the whole request validated.
func (w *recWriter) insert(prefix string, in map[string]any) (*record, *apiError) {
	return w.build(prefix, nil, in)
}

// update builds the record that results from writing in over old.
func (w *recWriter) update(prefix string, old *record, in map[string]any) (*record, *apiError) {
	return w.build(prefix, old, in)
}

// build is insert (old == nil) and update. Writes follow kintone-api.md
// §3/§4: unknown codes are ignored; RECORD_NUMBER, CALC, lookup-copied
// fields and auto-calculated text are ignored (they are computed);
// STATUS, STATUS_ASSIGNEE and CATEGORY are refused with GAIA_UN10 (use the
// status and assignee APIs); CREATOR, MODIFIER, CREATED_TIME and
// UPDATED_TIME may be set on insert by an administrator (GAIA_BF02
// otherwise) and never on update (GAIA_UN10). Missing fields get their
// default on insert only.
func (w *recWriter) build(prefix string, old *record, in map[string]any) (*record, *apiError) {
	insert := old == nil
	vals := map[string]any{}
	if !insert {
		for k, v := range old.Values {
			vals[k] = v
		}
	}
	sent := map[string]bool{}
	targets := lookupTargets(w.a.Fields)
	for _, f := range w.a.Fields {
		raw, ok := sentValue(in, f.Code)
		if !ok {
			continue
		}
		t := valueTarget{key: prefix + "." + f.Code, numKey: prefix + "[" + f.Code + "]"}
		switch f.Type {
		case TypeRecordNumber, TypeCalc, TypeReferenceTable, TypeLabel, TypeSpacer, TypeHR, TypeGroup:
			continue
		case TypeStatus, TypeStatusAssignee, TypeCategory:
			if !(w.seeding && insert) {
				return nil, errCannotUpdate(f)
			}
		case TypeCreator, TypeModifier, TypeCreatedTime, TypeUpdatedTime:
			if !insert {
				return nil, errCannotUpdate(f)
			}
			if !w.canWriteSystem() {
				return nil, errSystemFieldNeedsRights(f)
			}
		case TypeSubtable:
			oldRows, _ := vals[f.Code].([]*row)
			rows, err := w.writeRows(t.key, f, oldRows, raw, insert)
			if err != nil {
				return nil, err
			}
			vals[f.Code] = rows
			sent[f.Code] = true
			continue
		}
		if targets[f.Code] || isAutoText(f) {
			continue
		}
		v, err := w.writeValue(f, raw, t)
		if err != nil {
			return nil, err
		}
		vals[f.Code] = v
		sent[f.Code] = true
	}
	if insert {
		for _, f := range w.a.Fields {
			if sent[f.Code] || !storesValue(f) {
				continue
			}
			v, err := w.initialValue(f, prefix, insert)
			if err != nil {
				return nil, err
			}
			vals[f.Code] = v
		}
	}
	for _, f := range w.a.Fields {
		if f.Lookup != nil && (sent[f.Code] || insert && !isEmptyValue(vals[f.Code])) {
			if err := w.applyLookup(f, vals, w.a.Fields); err != nil {
				return nil, err
			}
		}
	}
	r := &record{Values: vals}
	if insert {
		r.ID = w.c.tx.newRecordID(w.a)
		r.Revision = 1
		w.stampNew(r, sent)
	} else {
		r.ID = old.ID
		r.Revision = old.Revision + 1
		markModified(w.a, r, w.c.who.user, w.c.now)
	}
	// Formulas see the record's times as stored (更新日時 - 作成日時 is 0
	// on a new record; kintone-observed.md).
	w.computeCalcs(vals)
	w.check(prefix, r)
	w.remember(old, r)
	return r, nil
}

// stampNew fills the creator, modifier and times of a new record that the
// request did not set, and starts its process.
func (w *recWriter) stampNew(r *record, sent map[string]bool) {
	now := w.c.now.UTC().Truncate(time.Minute).Format(storedDateTimeLayout)
	me := userRef(w.c.who.user)
	for _, f := range w.a.Fields {
		if sent[f.Code] {
			continue
		}
		switch f.Type {
		case TypeCreator, TypeModifier:
			r.Values[f.Code] = me
		case TypeCreatedTime, TypeUpdatedTime:
			r.Values[f.Code] = now
		}
	}
	kept := map[string]any{}
	for _, f := range w.a.Fields {
		if sent[f.Code] && (f.Type == TypeStatus || f.Type == TypeStatusAssignee) {
			kept[f.Code] = r.Values[f.Code]
		}
	}
	w.c.srv.st.startProcess(w.a, r)
	for k, v := range kept {
		r.Values[k] = v
	}
}

// sentValue returns the "value" of code in a request's record object; ok
// is false when the code is absent or holds no "value" key (then the field
// counts as not sent).
func sentValue(in map[string]any, code string) (any, bool) {
	obj, ok := in[code].(map[string]any)
	if !ok {
		return nil, false
	}
	v, ok := obj["value"]
	return v, ok
}

// writeRows applies a written SUBTABLE value over the old rows, as kintone
// does (kintone-api.md §3 "Subtable updates"): the rows sent replace the
// table; a row whose id matches an old row is merged into it (inner fields
// not sent keep their values); a row without an id or with an unknown id
// is new and gets a new id. New rows get inner defaults on insert only.
func (w *recWriter) writeRows(key string, table *Field, old []*row, raw any, insert bool) ([]*row, *apiError) {
	list, ok := rawList(raw)
	if !ok {
		w.invalid(key + ".value")
		return old, nil
	}
	byID := make(map[int64]*row, len(old))
	for _, r := range old {
		byID[r.ID] = r
	}
	targets := lookupTargets(table.Fields)
	rows := make([]*row, 0, len(list))
	for i, e := range list {
		m, _ := e.(map[string]any)
		in, _ := m["value"].(map[string]any)
		rowKey := fmt.Sprintf("%s.value[%d].value", key, i)
		nr := &row{Values: map[string]any{}}
		if id, ok := rowID(m["id"]); ok && byID[id] != nil {
			nr.ID = id
			for k, v := range byID[id].Values {
				nr.Values[k] = v
			}
			delete(byID, id) // an id listed twice makes a new row the second time
		} else {
			nr.ID = w.c.tx.newRowID(w.a)
		}
		fresh := len(nr.Values) == 0
		sent := map[string]bool{}
		for _, f := range table.Fields {
			raw, ok := sentValue(in, f.Code)
			if !ok || f.Type == TypeCalc || targets[f.Code] || isAutoText(f) {
				continue
			}
			v, err := w.writeValue(f, raw, valueTarget{key: rowKey + "." + f.Code, inTable: true})
			if err != nil {
				return nil, err
			}
			nr.Values[f.Code] = v
			sent[f.Code] = true
		}
		if fresh {
			for _, f := range table.Fields {
				if sent[f.Code] {
					continue
				}
				v, err := w.initialValue(f, rowKey, insert)
				if err != nil {
					return nil, err
				}
				nr.Values[f.Code] = v
			}
		}
		for _, f := range table.Fields {
			if f.Lookup != nil && (sent[f.Code] || fresh && insert && !isEmptyValue(nr.Values[f.Code])) {
				if err := w.applyLookup(f, nr.Values, table.Fields); err != nil {
					return nil, err
				}
			}
		}
		rows = append(rows, nr)
	}
	return rows, nil
}

// rowID reads a subtable row id sent as "368" or 368.
func rowID(v any) (int64, bool) {
	s, ok := scalarText(v)
	if !ok || s == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}

// initialValue is a field's value in a new record or row when the request
// did not send it: its default when withDefault, else empty.
func (w *recWriter) initialValue(f *Field, key string, withDefault bool) (any, *apiError) {
	if f.Type == TypeSubtable {
		return []*row{}, nil
	}
	if f.Type == TypeCalc {
		return "", nil
	}
	raw := any(nil)
	if withDefault {
		raw = w.defaultRaw(f)
	}
	return w.writeValue(f, raw, valueTarget{key: key + "." + f.Code, numKey: key + "[" + f.Code + "]", inTable: true})
}

// defaultRaw returns a field's default as a written value: defaultValue
// (with LOGINUSER() and PRIMARY_ORGANIZATION() resolved for the caller) or,
// with defaultNowValue, the current date/time — the date and time in the
// caller's time zone, the date-time in UTC (kintone-api.md §3 defaults).
func (w *recWriter) defaultRaw(f *Field) any {
	switch f.Type {
	case TypeCheckBox, TypeMultiSelect:
		out := []any{}
		for _, s := range listDefault(f) {
			out = append(out, s)
		}
		return out
	case TypeUserSelect, TypeOrganizationSelect, TypeGroupSelect:
		out := []any{}
		for _, e := range entityDefault(f) {
			code := e.Code
			if e.Type == "FUNCTION" {
				code = w.functionEntity(code)
			}
			if code != "" {
				out = append(out, map[string]any{"code": code})
			}
		}
		return out
	case TypeDate, TypeTime, TypeDateTime:
		if f.DefaultNowValue {
			now := w.c.now.In(w.c.who.loc)
			switch f.Type {
			case TypeDate:
				return now.Format(time.DateOnly)
			case TypeTime:
				return now.Format("15:04")
			}
			return w.c.now.UTC().Format(storedDateTimeLayout)
		}
	case TypeFile, TypeCreator, TypeModifier, TypeCreatedTime, TypeUpdatedTime:
		return nil
	}
	return stringDefault(f)
}

// functionEntity resolves a FUNCTION default entity for the caller.
func (w *recWriter) functionEntity(code string) string {
	switch code {
	case "LOGINUSER()":
		return w.c.who.user.Code
	case "PRIMARY_ORGANIZATION()":
		return w.c.who.user.PrimaryOrg
	}
	return ""
}

// canWriteSystem reports whether the caller may set CREATOR, MODIFIER,
// CREATED_TIME and UPDATED_TIME on insert: a cybozu.com administrator, or
// an API token of the app with the app-management right (kintone asks for
// app management permission; kintone-api.md §4).
func (w *recWriter) canWriteSystem() bool {
	if w.c.who.isAdmin() {
		return true
	}
	for _, t := range w.c.who.tokens {
		if t.App == w.a.ID && t.Perms.ManageApp {
			return true
		}
	}
	return false
}

// errCannotUpdate is GAIA_UN10 for a field kintone does not let record
// writes set. Its status is UNCONFIRMED; 400 is used.
func errCannotUpdate(f *Field) *apiError {
	return newError(http.StatusBadRequest, "GAIA_UN10",
		fmt.Sprintf("%sフィールド（フィールドコード：%s）は更新できません。", f.Type, f.Code),
		fmt.Sprintf("Cannot update field whose type is %s (field code: %s).", f.Type, f.Code))
}

// errSystemFieldNeedsRights is GAIA_BF02; its status is UNCONFIRMED, 403 is
// used as for other permission errors.
func errSystemFieldNeedsRights(f *Field) *apiError {
	return newError(http.StatusForbidden, "GAIA_BF02",
		fmt.Sprintf("「%s」フィールドに値を指定してレコードを登録するには、アプリ管理権限が必要です。", f.Code),
		fmt.Sprintf("App permissions are required to add records with specifying a value in the '%s' field.", f.Code))
}

// lookupTargets returns the codes that lookups among fields copy into.
func lookupTargets(fields []*Field) map[string]bool {
	out := map[string]bool{}
	for _, f := range fields {
		if f.Lookup != nil {
			for _, m := range f.Lookup.FieldMappings {
				out[m.Field] = true
			}
		}
	}
	return out
}

// isAutoText reports an auto-calculated SINGLE_LINE_TEXT, whose value
// kintone computes. This emulator does not evaluate text formulas: such a
// field keeps "" (documented limitation).
func isAutoText(f *Field) bool { return f.Type == TypeSingleLineText && f.Expression != "" }

// storesValue reports whether a field of this type has a record value a
// write may initialise (everything except layout, related records and the
// id-derived record number).
func storesValue(f *Field) bool {
	switch f.Type {
	case TypeRecordNumber, TypeReferenceTable, TypeLabel, TypeSpacer, TypeHR, TypeGroup,
		TypeStatus, TypeStatusAssignee, TypeCategory, TypeCreator, TypeModifier,
		TypeCreatedTime, TypeUpdatedTime, TypeID, TypeRevision:
		return false
	}
	return true
}

// isEmptyValue reports a stored value that kintone treats as empty: "",
// null, or an empty list.
func isEmptyValue(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case string:
		return x == ""
	case []string:
		return len(x) == 0
	case []Entity:
		return len(x) == 0
	case []fileRef:
		return len(x) == 0
	case []*row:
		return len(x) == 0
	}
	return false
}

// emptyStored is the stored empty value of a field type.
func emptyStored(f *Field) any {
	switch f.Type {
	case TypeDropDown, TypeDate, TypeTime:
		return nil
	case TypeCheckBox, TypeMultiSelect, TypeCategory:
		return []string{}
	case TypeUserSelect, TypeOrganizationSelect, TypeGroupSelect, TypeStatusAssignee:
		return []Entity{}
	case TypeFile:
		return []fileRef{}
	case TypeSubtable:
		return []*row{}
	}
	return ""
}
