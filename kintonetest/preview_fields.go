package kintonetest

import (
	"fmt"
	"net/http"
	"sort"
)

// maxFormFields is kintone's limit of fields per app, not counting labels,
// borders, spacers and the system fields (kintone-api.md §7 "500 fields
// per app").
const maxFormFields = 500

// errFieldCodeNotFound is 400 GAIA_FC01 (kintone-api.md §7; message from
// the SDK fixtures).
func errFieldCodeNotFound(code string) *apiError {
	return newError(http.StatusBadRequest, "GAIA_FC01",
		fmt.Sprintf("指定したフィールド（code: %s）が見つかりません。", code),
		fmt.Sprintf("The field (code: %s) not found.", code))
}

// fieldIn finds a field by code in a field list, searching subtables too;
// parent is the subtable holding it, or nil at top level.
func fieldIn(fields []*Field, code string) (f, parent *Field) {
	for _, f := range fields {
		if f.Code == code {
			return f, nil
		}
		if f.Type == TypeSubtable {
			for _, in := range f.Fields {
				if in.Code == code {
					return in, f
				}
			}
		}
	}
	return nil, nil
}

// eachField calls fn for every field, subtable fields after their table.
func eachField(fields []*Field, fn func(*Field)) {
	for _, f := range fields {
		fn(f)
		for _, in := range f.Fields {
			fn(in)
		}
	}
}

// formCodes returns every field code of a form.
func formCodes(fields []*Field) map[string]bool {
	codes := map[string]bool{}
	eachField(fields, func(f *Field) { codes[f.Code] = true })
	return codes
}

// propertiesParam reads the required `properties` object with its keys
// in sorted order: the request's key order is lost when the JSON body is
// decoded, so new fields are appended to the form in code order.
func propertiesParam(c *call) (map[string]any, []string, *apiError) {
	raw, ok := c.param("properties")
	if !ok || raw == nil {
		return nil, nil, errRequired("properties")
	}
	props, ok := raw.(map[string]any)
	if !ok {
		return nil, nil, errField("properties", msgNotObject)
	}
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return props, keys, nil
}

// formEdit is one pending change of the pre-live form: the new form, the
// fields added or changed (for reference checks) and the renames to
// record once the change is accepted.
type formEdit struct {
	p       *propParser
	form    []*Field
	codes   map[string]bool
	touched []*Field
	added   []string
	renames [][2]string // old, new
}

func newFormEdit(c *call, a *app) *formEdit {
	form := cloneFields(a.Preview)
	return &formEdit{p: newPropParser(c.srv.st), form: form, codes: formCodes(form)}
}

// claim takes code for a field, refusing one already used in the app.
func (e *formEdit) claim(key, code string) bool {
	if e.codes[code] {
		e.p.errs.add(key, msgDupCode)
		return false
	}
	e.codes[code] = true
	return true
}

// addField parses a new field (with a SUBTABLE's inner fields) and
// returns it, or nil after an error.
func (e *formEdit) addField(prefix, key string, raw any, inSubtable bool) *Field {
	f := e.p.parseProperty(prefix, key, raw, nil, inSubtable)
	if f == nil || !e.claim(prefix+".code", f.Code) {
		return nil
	}
	e.touched = append(e.touched, f)
	e.added = append(e.added, f.Code)
	if f.Type == TypeSubtable {
		m, _ := raw.(map[string]any)
		inner, ok := m["fields"].(map[string]any)
		if !ok || len(inner) == 0 {
			e.p.errs.add(prefix+".fields", msgRequired)
			return nil
		}
		f.Fields = nil
		for _, ik := range sortedKeys(inner) {
			if in := e.addField(fmt.Sprintf("%s.fields[%s]", prefix, ik), ik, inner[ik], true); in != nil {
				f.Fields = append(f.Fields, in)
			}
		}
	}
	return f
}

// updateField parses changes to base (sent under key) and returns the new
// field, or nil after an error. A SUBTABLE's "fields" updates the inner
// fields it names and adds the ones it does not know.
func (e *formEdit) updateField(prefix, key string, raw any, base *Field) *Field {
	f := e.p.parseProperty(prefix, key, raw, base, false)
	if f == nil {
		return nil
	}
	e.touched = append(e.touched, f)
	e.rename(prefix, base, f)
	if f.Type != TypeSubtable {
		return f
	}
	m, _ := raw.(map[string]any)
	v, ok := m["fields"]
	if !ok || v == nil {
		return f
	}
	inner, ok := v.(map[string]any)
	if !ok {
		e.p.errs.add(prefix+".fields", msgNotObject)
		return nil
	}
	for _, ik := range sortedKeys(inner) {
		ip := fmt.Sprintf("%s.fields[%s]", prefix, ik)
		i := indexOfCode(f.Fields, ik)
		if i < 0 {
			if in := e.addField(ip, ik, inner[ik], true); in != nil {
				f.Fields = append(f.Fields, in)
			}
			continue
		}
		in := e.p.parseProperty(ip, ik, inner[ik], f.Fields[i], true)
		if in == nil {
			continue
		}
		e.touched = append(e.touched, in)
		e.rename(ip, f.Fields[i], in)
		f.Fields[i] = in
	}
	return f
}

// rename records a code change from base to f.
func (e *formEdit) rename(prefix string, base, f *Field) {
	if f.Code == base.Code {
		return
	}
	if f.Type == TypeStatus || f.Type == TypeStatusAssignee || f.Type == TypeCategory {
		e.p.errs.add(prefix+".code", "このフィールドのフィールドコードは変更できません。")
		return
	}
	if e.claim(prefix+".code", f.Code) {
		delete(e.codes, base.Code)
		e.renames = append(e.renames, [2]string{base.Code, f.Code})
	}
}

// indexOfCode returns the index of the field with code, or -1.
func indexOfCode(fields []*Field, code string) int {
	for i, f := range fields {
		if f.Code == code {
			return i
		}
	}
	return -1
}

// sortedKeys returns a map's keys in order.
func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// finish validates the edited form as a whole and, when it is accepted,
// makes it the app's pre-live form and answers {"revision"}.
func (e *formEdit) finish(c *call, a *app) (any, *apiError) {
	if err := e.p.errs.err(); err != nil {
		return nil, err
	}
	n := 0
	eachField(e.form, func(f *Field) {
		if !isLayoutOnly(f.Type) && !isSystemType(f.Type) {
			n++
		}
	})
	if n > maxFormFields {
		return nil, errField("properties", fmt.Sprintf("フィールドは%d個まで追加できます。", maxFormFields))
	}
	if err := checkFieldRefs(c.srv.st, a, e.form, e.touched); err != nil {
		return nil, err
	}
	a.Preview = e.form
	d := draftOf(a)
	for _, rn := range e.renames {
		origin, ok := d.origins[rn[0]]
		if !ok {
			origin = rn[0]
		}
		delete(d.origins, rn[0])
		d.origins[rn[1]] = origin
	}
	for _, code := range e.added {
		d.origins[code] = "" // a new field starts empty, even if a live field had its code
	}
	return bumpPreview(a), nil
}

// checkFieldRefs checks what lookups and related-records fields point at:
// the related app must exist (404 GAIA_AP01) and the named fields must
// exist (400 GAIA_FC01), in the edited form for this app's side and in the
// related app's live form (or this edited form when it is the same app).
func checkFieldRefs(st *store, a *app, form []*Field, touched []*Field) *apiError {
	related := func(id int64) ([]*Field, *apiError) {
		if id == a.ID {
			return form, nil
		}
		ra := st.apps[id]
		if ra == nil {
			if id < 0 {
				id = 0
			}
			return nil, errAppNotFound(id)
		}
		return ra.Fields, nil
	}
	has := func(fields []*Field, code string) *apiError {
		if f, _ := fieldIn(fields, code); f == nil {
			return errFieldCodeNotFound(code)
		}
		return nil
	}
	for _, f := range touched {
		if l := f.Lookup; l != nil {
			rf, err := related(l.RelatedApp)
			if err != nil {
				return err
			}
			if l.RelatedKeyField == "$id" {
				return errLookupDefinition()
			}
			if err := has(rf, l.RelatedKeyField); err != nil {
				return err
			}
			for _, m := range l.FieldMappings {
				if err := has(form, m.Field); err != nil {
					return err
				}
				if err := has(rf, m.RelatedField); err != nil {
					return err
				}
				dst, _ := fieldIn(form, m.Field)
				src, _ := fieldIn(rf, m.RelatedField)
				if !mappingFits(dst.Type, src.Type) {
					return errLookupDefinition()
				}
			}
		}
		if r := f.ReferenceTable; r != nil && f.Type == TypeReferenceTable {
			rf, err := related(r.RelatedApp)
			if err != nil {
				return err
			}
			if err := has(form, r.Field); err != nil {
				return err
			}
			for _, code := range append([]string{r.RelatedField}, r.DisplayFields...) {
				if err := has(rf, code); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// postFormFields is POST preview/app/form/fields.json {app, properties,
// revision?}: it adds fields to the pre-live form.
func postFormFields(c *call) (any, *apiError) {
	return editFormFields(c, func(e *formEdit, prefix, key string, raw any) *apiError {
		if f := e.addField(prefix, key, raw, false); f != nil {
			e.form = append(e.form, f)
		}
		return nil
	})
}

// putFormFields is PUT preview/app/form/fields.json {app, properties,
// revision?}: it changes top-level fields named by their current code; a
// different "code" inside a property renames the field. Unknown codes are
// 400 GAIA_FC01.
func putFormFields(c *call) (any, *apiError) {
	return editFormFields(c, func(e *formEdit, prefix, key string, raw any) *apiError {
		i := indexOfCode(e.form, key)
		if i < 0 {
			return errFieldCodeNotFound(key)
		}
		if f := e.updateField(prefix, key, raw, e.form[i]); f != nil {
			e.form[i] = f
		}
		return nil
	})
}

// editFormFields is the body of POST and PUT preview/app/form/fields.json:
// edit handles each member of `properties`, in code order, under prefix
// "properties[key]".
func editFormFields(c *call, edit func(e *formEdit, prefix, key string, raw any) *apiError) (any, *apiError) {
	a, err := previewApp(c)
	if err != nil {
		return nil, err
	}
	props, keys, err := propertiesParam(c)
	if err != nil {
		return nil, err
	}
	e := newFormEdit(c, a)
	for _, key := range keys {
		if err := edit(e, fmt.Sprintf("properties[%s]", key), key, props[key]); err != nil {
			return nil, err
		}
	}
	return e.finish(c, a)
}

// deleteFormFields is DELETE preview/app/form/fields.json {app, fields,
// revision?}: it removes fields (top-level or inside a subtable). System
// fields cannot be deleted.
func deleteFormFields(c *call) (any, *apiError) {
	a, err := previewApp(c)
	if err != nil {
		return nil, err
	}
	raw := appList(c, "fields")
	if len(raw) == 0 {
		return nil, errRequired("fields")
	}
	form := cloneFields(a.Preview)
	var removed []string
	for i, v := range raw {
		code, _ := v.(string)
		f, parent := fieldIn(form, code)
		if f == nil {
			return nil, errFieldCodeNotFound(code)
		}
		if isSystemType(f.Type) {
			return nil, errField(fmt.Sprintf("fields[%d]", i), "このフィールドは削除できません。")
		}
		if parent != nil {
			k := indexOfCode(parent.Fields, code)
			parent.Fields = append(parent.Fields[:k], parent.Fields[k+1:]...)
		} else {
			j := indexOfCode(form, code)
			form = append(form[:j], form[j+1:]...)
		}
		removed = append(removed, code)
		for _, in := range f.Fields {
			removed = append(removed, in.Code)
		}
	}
	a.Preview = form
	d := draftOf(a)
	for _, code := range removed {
		delete(d.origins, code)
	}
	return bumpPreview(a), nil
}
