package kintonetest

import (
	"fmt"
	"net/http"
	"strconv"

	"github.com/kintone-sql/kintone/query"
)

// applyLookup fills the fields a lookup copies into (found among siblings,
// the top-level fields or the lookup's subtable) from the one record of the
// related app whose key field equals the lookup's value. An empty value
// clears them. No match, several matches, or (under token auth) no token
// of the related app with view rights is 400 GAIA_LO04 without an errors
// object (kintone-api.md §4 lookup). The lookup's filterCond narrows the
// candidates when it parses.
func (w *recWriter) applyLookup(f *Field, vals map[string]any, siblings []*Field) *apiError {
	key, _ := vals[f.Code].(string)
	byCode := map[string]*Field{}
	for _, s := range siblings {
		byCode[s.Code] = s
	}
	if key == "" {
		for _, m := range f.Lookup.FieldMappings {
			if t := byCode[m.Field]; t != nil {
				vals[m.Field] = emptyStored(t)
			}
		}
		return nil
	}
	src := w.c.srv.st.apps[f.Lookup.RelatedApp]
	if src == nil || !w.c.mayRead(src) {
		return errLookupMiss(f.Code, key)
	}
	var keep func(*record) bool
	if f.Lookup.FilterCond != "" {
		if q, err := query.Parse(f.Lookup.FilterCond); err == nil && q.Where != nil {
			if p, _, aerr := newEvalCtx(w.c, src).compile(q.Where); aerr == nil {
				keep = p
			}
		}
	}
	want := comparableKey(src, f.Lookup.RelatedKeyField, key)
	var found *record
	matches := 0
	w.c.tx.each(src, func(r *record) bool {
		if fieldKey(src, r, f.Lookup.RelatedKeyField) != want || keep != nil && !keep(r) {
			return true
		}
		found = r
		matches++
		return matches < 2
	})
	if matches != 1 {
		return errLookupMiss(f.Code, key)
	}
	for _, m := range f.Lookup.FieldMappings {
		t := byCode[m.Field]
		if t == nil {
			continue
		}
		vals[m.Field] = copiedValue(src, found, m.RelatedField)
	}
	return nil
}

// mayRead reports whether the call may read records of another app a (a
// lookup source or related-records app): always under password auth, and
// under token auth only with a token of a that has view rights.
func (c *call) mayRead(a *app) bool {
	if c.who.tokens == nil {
		return true
	}
	for _, t := range c.who.tokens {
		if t.App == a.ID && t.Perms.View {
			return true
		}
	}
	return false
}

// errLookupMiss is 400 GAIA_LO04 (kintone-api.md §4, message [OBS]).
func errLookupMiss(code, value string) *apiError {
	return newError(http.StatusBadRequest, "GAIA_LO04",
		fmt.Sprintf("フィールド「%s」の値「%s」が、ルックアップの参照先のフィールドにないか、またはアプリやフィールドの閲覧権限がありません。", code, value),
		fmt.Sprintf("A value %s in the field %s does not exist in the datasource app for lookup, or you do not have permission to view the app or the field.", value, code))
}

// fieldKey is the comparable text of a record's field for lookups and
// related records: the id for RECORD_NUMBER and $id, the canonical number
// for NUMBER and numeric CALC, the string otherwise ("" when empty or not
// a scalar).
func fieldKey(a *app, r *record, code string) string {
	if code == "$id" {
		return strconv.FormatInt(r.ID, 10)
	}
	f, parent := a.field(code)
	if f == nil || parent != nil {
		return ""
	}
	if f.Type == TypeRecordNumber {
		return strconv.FormatInt(r.ID, 10)
	}
	s, _ := r.Values[code].(string)
	if s != "" && (f.Type == TypeNumber || f.Type == TypeCalc) {
		return numberKey(s)
	}
	return s
}

// comparableKey turns a value written for a key field of a into the form
// fieldKey produces for that field ("APPCODE-12" and "12" both give "12"
// for a record number).
func comparableKey(a *app, code, v string) string {
	f, _ := a.field(code)
	switch {
	case code == "$id" || f != nil && f.Type == TypeRecordNumber:
		if a.Code != "" && len(v) > len(a.Code)+1 && v[:len(a.Code)+1] == a.Code+"-" {
			v = v[len(a.Code)+1:]
		}
		return numberKey(v)
	case f != nil && (f.Type == TypeNumber || f.Type == TypeCalc):
		return numberKey(v)
	}
	return v
}

// copiedValue is the value a lookup copies from the source record's field:
// the record number as its id text, other values as stored (slices are
// shared, which is safe because stored values are never changed in place).
func copiedValue(src *app, r *record, code string) any {
	f, _ := src.field(code)
	if f != nil && f.Type == TypeRecordNumber {
		return strconv.FormatInt(r.ID, 10)
	}
	if v, ok := r.Values[code]; ok {
		return v
	}
	if f != nil {
		return emptyStored(f)
	}
	return ""
}
