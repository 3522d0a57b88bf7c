package kintonetest

import (
	"strconv"
)

// fieldJSON is one field of a record in a response: {"type","value"}.
type fieldJSON struct {
	Type  string `json:"type"`
	Value any    `json:"value"`
}

// rowJSON is one subtable row in a response.
type rowJSON struct {
	ID    string               `json:"id"`
	Value map[string]fieldJSON `json:"value"`
}

// fileJSON is one attached file in a FILE value; size is a string.
type fileJSON struct {
	ContentType string `json:"contentType"`
	FileKey     string `json:"fileKey"`
	Name        string `json:"name"`
	Size        string `json:"size"`
}

// entityJSON is a user, organization or group in a record value.
type entityJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Keys of the two pseudo-fields every record carries.
const (
	idKey       = "$id"
	revisionKey = "$revision"
)

// renderRecord renders a record as the record APIs return it. sel lists
// the codes asked for with "fields" (nil: all fields plus $id and
// $revision; kintone-api.md §3). REFERENCE_TABLE and layout fields are
// never included, STATUS and STATUS_ASSIGNEE only while process
// management is enabled.
func (st *store) renderRecord(a *app, r *record, sel map[string]bool) map[string]fieldJSON {
	out := make(map[string]fieldJSON, len(a.Fields)+2)
	for _, f := range a.Fields {
		if !readable(a, f) || sel != nil && !sel[f.Code] {
			continue
		}
		out[f.Code] = fieldJSON{Type: f.Type, Value: st.renderValue(a, r, f, r.Values[f.Code])}
	}
	if sel == nil || sel[idKey] {
		out[idKey] = fieldJSON{Type: TypeID, Value: strconv.FormatInt(r.ID, 10)}
	}
	if sel == nil || sel[revisionKey] {
		out[revisionKey] = fieldJSON{Type: TypeRevision, Value: strconv.FormatInt(r.Revision, 10)}
	}
	return out
}

// readable reports whether a top-level field appears in records.
func readable(a *app, f *Field) bool {
	switch f.Type {
	case TypeReferenceTable, TypeLabel, TypeSpacer, TypeHR, TypeGroup:
		return false
	case TypeStatus, TypeStatusAssignee:
		return processActive(a)
	}
	return true
}

// renderValue renders one stored value in kintone's response shape
// (kintone-api.md §4): numbers and times as strings, an empty DROP_DOWN,
// DATE or TIME as null, an empty DATETIME as "", lists as [] (never
// null), FILE sizes as strings.
func (st *store) renderValue(a *app, r *record, f *Field, v any) any {
	if v == nil {
		v = emptyStored(f)
	}
	switch f.Type {
	case TypeRecordNumber:
		return recordNumber(a, r.ID)
	case TypeDropDown, TypeDate, TypeTime:
		return v
	case TypeCheckBox, TypeMultiSelect, TypeCategory:
		list, _ := v.([]string)
		return nonNilStrings(list)
	case TypeUserSelect, TypeOrganizationSelect, TypeGroupSelect, TypeStatusAssignee:
		list := entityList(v)
		out := make([]entityJSON, len(list))
		for i, e := range list {
			out[i] = entityJSON{Code: e.Code, Name: e.Name}
		}
		return out
	case TypeCreator, TypeModifier:
		e, _ := v.(Entity)
		return entityJSON{Code: e.Code, Name: e.Name}
	case TypeFile:
		refs, _ := v.([]fileRef)
		out := make([]fileJSON, 0, len(refs))
		for _, ref := range refs {
			fj := fileJSON{FileKey: ref.FileKey, Size: "0"}
			if sf := st.files[ref.FileKey]; sf != nil {
				fj.Name, fj.ContentType, fj.Size = sf.Name, sf.ContentType, strconv.Itoa(len(sf.Data))
			}
			out = append(out, fj)
		}
		return out
	case TypeSubtable:
		rows, _ := v.([]*row)
		out := make([]rowJSON, 0, len(rows))
		for _, rw := range rows {
			cells := make(map[string]fieldJSON, len(f.Fields))
			for _, in := range f.Fields {
				cells[in.Code] = fieldJSON{Type: in.Type, Value: st.renderValue(a, r, in, rw.Values[in.Code])}
			}
			out = append(out, rowJSON{ID: strconv.FormatInt(rw.ID, 10), Value: cells})
		}
		return out
	}
	s, _ := v.(string)
	return s
}

// recordNumber is the RECORD_NUMBER value: the id, prefixed with the app
// code and a hyphen when the app has one (kintone-api.md §4).
func recordNumber(a *app, id int64) string {
	if a.Code != "" {
		return a.Code + "-" + strconv.FormatInt(id, 10)
	}
	return strconv.FormatInt(id, 10)
}
