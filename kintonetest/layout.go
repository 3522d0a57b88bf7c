package kintonetest

import "strconv"

// Sizes of the derived layout, as strings like kintone's (pixels).
const (
	layoutWidth       = "193"
	layoutTextWidth   = "315"
	layoutInnerHeight = "125"
	layoutSpacerHigh  = "30"
)

// layoutHandler serves GET [preview/]app/form/layout.json.
//
// This server stores no layout: it derives one from the field order. Each
// top-level field gets its own ROW; a SUBTABLE becomes a SUBTABLE block
// with its inner fields; a GROUP becomes an empty GROUP block (which
// fields sit inside a group is not modelled). The system fields (record
// number, creator, ...) are left out, as on a new kintone form where they
// are not placed, and STATUS, STATUS_ASSIGNEE and CATEGORY never appear in
// a layout. Updating the layout is not reproduced.
func layoutHandler(preview bool) handlerFunc {
	return func(c *call) (any, *apiError) {
		a, err := settingsApp(c, preview)
		if err != nil {
			return nil, err
		}
		fields, rev := formOf(a, preview)
		return map[string]any{"layout": deriveLayout(fields), "revision": strconv.FormatInt(rev, 10)}, nil
	}
}

// deriveLayout builds the layout blocks of a field list.
func deriveLayout(fields []*Field) []map[string]any {
	out := []map[string]any{}
	for _, f := range fields {
		if isSystemType(f.Type) {
			continue
		}
		switch f.Type {
		case TypeSubtable:
			inner := make([]map[string]any, 0, len(f.Fields))
			for _, in := range f.Fields {
				inner = append(inner, layoutElement(in))
			}
			out = append(out, map[string]any{"type": TypeSubtable, "code": f.Code, "fields": inner})
		case TypeGroup:
			out = append(out, map[string]any{"type": TypeGroup, "code": f.Code, "layout": []any{}})
		default:
			out = append(out, map[string]any{"type": "ROW", "fields": []map[string]any{layoutElement(f)}})
		}
	}
	return out
}

// layoutElement is one field's entry in a ROW or SUBTABLE block.
func layoutElement(f *Field) map[string]any {
	switch f.Type {
	case TypeLabel:
		return map[string]any{"type": f.Type, "label": f.Label, "size": map[string]any{"width": layoutWidth}}
	case TypeHR:
		return map[string]any{"type": f.Type, "size": map[string]any{"width": layoutWidth}}
	case TypeSpacer:
		return map[string]any{"type": f.Type, "elementId": f.Code,
			"size": map[string]any{"width": layoutWidth, "height": layoutSpacerHigh}}
	case TypeReferenceTable:
		return map[string]any{"type": f.Type, "code": f.Code}
	case TypeMultiLineText, TypeRichText:
		return map[string]any{"type": f.Type, "code": f.Code,
			"size": map[string]any{"width": layoutTextWidth, "innerHeight": layoutInnerHeight}}
	}
	return map[string]any{"type": f.Type, "code": f.Code, "size": map[string]any{"width": layoutWidth}}
}
