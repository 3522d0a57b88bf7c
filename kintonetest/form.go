package kintonetest

import (
	"encoding/json"
	"strconv"
)

// appLangs are the values of the `lang` parameter of the settings GETs
// (kintone-api.md §5). This server has no localized names, so every
// language answers the same text.
var appLangs = map[string]bool{"default": true, "en": true, "zh": true, "ja": true, "user": true}

// checkLang validates the optional `lang` parameter.
func checkLang(c *call) *apiError {
	v, ok := c.param("lang")
	if !ok || v == nil {
		return nil
	}
	if s, isStr := v.(string); isStr && (s == "" || appLangs[s]) {
		return nil
	}
	return errField("lang", msgEnum)
}

// settingsApp reads the `app` parameter and looks the app up for a
// settings GET: live settings need view rights, pre-live settings app
// management rights (for API tokens; kintone-api.md §2).
func settingsApp(c *call, preview bool) (*app, *apiError) {
	id, err := appRequiredID(c, "app")
	if err != nil {
		return nil, err
	}
	need := accessView
	if preview {
		need = accessManage
	}
	return c.app(id, need)
}

// localizedSettingsApp is settingsApp for the settings GETs that take the
// optional `lang` parameter, which it validates first.
func localizedSettingsApp(c *call, preview bool) (*app, *apiError) {
	if err := checkLang(c); err != nil {
		return nil, err
	}
	return settingsApp(c, preview)
}

// formOf returns the live or pre-live field list and its revision.
func formOf(a *app, preview bool) ([]*Field, int64) {
	if preview {
		return a.Preview, a.PreviewRevision
	}
	return a.Fields, a.Revision
}

// formFieldsHandler serves GET [preview/]app/form/fields.json.
func formFieldsHandler(preview bool) handlerFunc {
	return func(c *call) (any, *apiError) {
		a, err := localizedSettingsApp(c, preview)
		if err != nil {
			return nil, err
		}
		fields, rev := formOf(a, preview)
		return map[string]any{
			"properties": c.srv.st.renderProperties(fields),
			"revision":   strconv.FormatInt(rev, 10),
		}, nil
	}
}

// renderProperties renders a field list as fields.json's "properties";
// layout-only elements (LABEL, SPACER, HR) are not fields and are left out.
func (st *store) renderProperties(fields []*Field) map[string]any {
	out := make(map[string]any, len(fields))
	for _, f := range fields {
		if p := st.renderProperty(f); p != nil {
			out[f.Code] = p
		}
	}
	return out
}

// isLayoutOnly reports the types that live only in the layout.
func isLayoutOnly(typ string) bool {
	return typ == TypeLabel || typ == TypeSpacer || typ == TypeHR
}

// isSystemType reports the record-metadata types every app has once.
func isSystemType(typ string) bool {
	switch typ {
	case TypeRecordNumber, TypeCreator, TypeCreatedTime, TypeModifier, TypeUpdatedTime,
		TypeStatus, TypeStatusAssignee, TypeCategory:
		return true
	}
	return false
}

// renderProperty renders one field definition in fields.json's shape
// (kintone-api.md §5): booleans are booleans, numbers are strings and ""
// when unset. Both the live and the preview endpoints use it, and
// parseProperty (preview_property.go) is its inverse.
func (st *store) renderProperty(f *Field) map[string]any {
	if isLayoutOnly(f.Type) {
		return nil
	}
	p := map[string]any{"type": f.Type, "code": f.Code, "label": f.Label}
	switch f.Type {
	case TypeStatus, TypeStatusAssignee, TypeCategory:
		p["enabled"] = f.Enabled
		return p
	}
	p["noLabel"] = f.NoLabel
	switch f.Type {
	case TypeRecordNumber, TypeCreator, TypeCreatedTime, TypeModifier, TypeUpdatedTime:
		return p
	case TypeGroup:
		p["openGroup"] = f.OpenGroup
		return p
	case TypeReferenceTable:
		p["referenceTable"] = st.renderReferenceTable(f.ReferenceTable)
		return p
	case TypeSubtable:
		inner := make(map[string]any, len(f.Fields))
		for _, in := range f.Fields {
			if ip := st.renderProperty(in); ip != nil {
				inner[in.Code] = ip
			}
		}
		p["fields"] = inner
		return p
	}
	p["required"] = f.Required
	if f.Lookup != nil {
		// A lookup carries no base-type extras such as minLength
		// (kintone-api.md §5, OBS).
		p["lookup"] = st.renderLookup(f.Lookup)
		return p
	}
	switch f.Type {
	case TypeSingleLineText:
		p["defaultValue"] = stringDefault(f)
		p["unique"] = f.Unique
		p["minLength"] = f.MinLength
		p["maxLength"] = f.MaxLength
		p["expression"] = f.Expression
		p["hideExpression"] = f.HideExpression
	case TypeNumber:
		p["defaultValue"] = stringDefault(f)
		p["unique"] = f.Unique
		p["minValue"] = f.MinValue
		p["maxValue"] = f.MaxValue
		p["digit"] = f.Digit
		p["displayScale"] = f.DisplayScale
		p["unit"] = f.Unit
		p["unitPosition"] = orDefault(f.UnitPosition, "BEFORE")
	case TypeCalc:
		p["expression"] = f.Expression
		p["format"] = orDefault(f.Format, "NUMBER")
		p["displayScale"] = f.DisplayScale
		p["hideExpression"] = f.HideExpression
		p["unit"] = f.Unit
		p["unitPosition"] = orDefault(f.UnitPosition, "BEFORE")
	case TypeMultiLineText, TypeRichText:
		p["defaultValue"] = stringDefault(f)
	case TypeLink:
		p["defaultValue"] = stringDefault(f)
		p["unique"] = f.Unique
		p["minLength"] = f.MinLength
		p["maxLength"] = f.MaxLength
		p["protocol"] = orDefault(f.Protocol, "WEB")
	case TypeCheckBox:
		p["defaultValue"] = listDefault(f)
		p["options"] = renderOptions(f.Options)
		p["align"] = orDefault(f.Align, "HORIZONTAL")
	case TypeMultiSelect:
		p["defaultValue"] = listDefault(f)
		p["options"] = renderOptions(f.Options)
	case TypeRadioButton:
		p["defaultValue"] = stringDefault(f)
		p["options"] = renderOptions(f.Options)
		p["align"] = orDefault(f.Align, "HORIZONTAL")
	case TypeDropDown:
		p["defaultValue"] = stringDefault(f)
		p["options"] = renderOptions(f.Options)
	case TypeFile:
		p["thumbnailSize"] = orDefault(f.ThumbnailSize, "150")
	case TypeDate, TypeDateTime:
		p["defaultValue"] = stringDefault(f)
		p["unique"] = f.Unique
		p["defaultNowValue"] = f.DefaultNowValue
	case TypeTime:
		p["defaultValue"] = stringDefault(f)
		p["defaultNowValue"] = f.DefaultNowValue
	case TypeUserSelect, TypeOrganizationSelect, TypeGroupSelect:
		p["entities"] = renderEntities(f.Entities)
		p["defaultValue"] = renderEntities(entityDefault(f))
	}
	return p
}

// orDefault returns s, or def when s is empty.
func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// renderOptions writes options as {name: {label, index}}.
func renderOptions(opts []string) map[string]any {
	out := make(map[string]any, len(opts))
	for i, o := range opts {
		out[o] = map[string]any{"label": o, "index": strconv.Itoa(i)}
	}
	return out
}

// renderEntities writes entities as [{code, type}].
func renderEntities(es []Entity) []map[string]any {
	out := make([]map[string]any, 0, len(es))
	for _, e := range es {
		out = append(out, map[string]any{"code": e.Code, "type": e.Type})
	}
	return out
}

// relatedAppRef writes {app, code} for a related app id.
func (st *store) relatedAppRef(id int64) map[string]any {
	code := ""
	if a := st.apps[id]; a != nil {
		code = a.Code
	}
	return map[string]any{"app": strconv.FormatInt(id, 10), "code": code}
}

func (st *store) renderLookup(l *Lookup) map[string]any {
	maps := make([]map[string]any, 0, len(l.FieldMappings))
	for _, m := range l.FieldMappings {
		maps = append(maps, map[string]any{"field": m.Field, "relatedField": m.RelatedField})
	}
	return map[string]any{
		"relatedApp":         st.relatedAppRef(l.RelatedApp),
		"relatedKeyField":    l.RelatedKeyField,
		"fieldMappings":      maps,
		"lookupPickerFields": nonNilStrings(l.LookupPickerFields),
		"filterCond":         l.FilterCond,
		"sort":               l.Sort,
	}
}

func (st *store) renderReferenceTable(r *ReferenceTable) map[string]any {
	if r == nil {
		r = &ReferenceTable{}
	}
	return map[string]any{
		"relatedApp":    st.relatedAppRef(r.RelatedApp),
		"condition":     map[string]any{"field": r.Field, "relatedField": r.RelatedField},
		"filterCond":    r.FilterCond,
		"displayFields": nonNilStrings(r.DisplayFields),
		"sort":          r.Sort,
		"size":          orDefault(r.Size, "5"),
	}
}

// nonNilStrings turns a nil slice into [] for JSON.
func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// stringDefault is a scalar field's defaultValue ("" when unset).
func stringDefault(f *Field) string {
	switch v := f.DefaultValue.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return ""
}

// listDefault is a CHECK_BOX/MULTI_SELECT defaultValue ([] when unset).
func listDefault(f *Field) []string {
	switch v := f.DefaultValue.(type) {
	case []string:
		return nonNilStrings(v)
	case []any:
		out := make([]string, 0, len(v))
		for _, e := range v {
			if s, ok := e.(string); ok {
				out = append(out, s)
			}
		}
		return out
	case string:
		if v != "" {
			return []string{v}
		}
	}
	return []string{}
}

// entityDefault is a selection field's defaultValue.
func entityDefault(f *Field) []Entity {
	switch v := f.DefaultValue.(type) {
	case []Entity:
		return v
	case []any:
		out := make([]Entity, 0, len(v))
		for _, e := range v {
			if m, ok := e.(map[string]any); ok {
				code, _ := m["code"].(string)
				typ, _ := m["type"].(string)
				out = append(out, Entity{Code: code, Type: typ})
			}
		}
		return out
	}
	return nil
}
