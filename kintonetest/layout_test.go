package kintonetest

import (
	"fmt"
	"testing"
)

func TestLayoutDerivedFromFields(t *testing.T) {
	srv := appNewServer(t)
	id := appCreate(t, srv, AppSpec{Name: "A", Fields: []*Field{
		{Type: TypeSingleLineText, Code: "title", Label: "T"},
		{Type: TypeMultiLineText, Code: "memo", Label: "M"},
		{Type: TypeLabel, Code: "l1", Label: "Read me"},
		{Type: TypeSpacer, Code: "sp"},
		{Type: TypeGroup, Code: "g", Label: "G"},
		{Type: TypeSubtable, Code: "tbl", Label: "Tbl", Fields: []*Field{{Type: TypeNumber, Code: "n", Label: "N"}}},
	}})
	got := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/app/form/layout.json?app=%d", id), nil)
	appJSONEqual(t, "layout", got, `{"revision":"1","layout":[
		{"type":"ROW","fields":[{"type":"SINGLE_LINE_TEXT","code":"title","size":{"width":"193"}}]},
		{"type":"ROW","fields":[{"type":"MULTI_LINE_TEXT","code":"memo","size":{"width":"315","innerHeight":"125"}}]},
		{"type":"ROW","fields":[{"type":"LABEL","label":"Read me","size":{"width":"193"}}]},
		{"type":"ROW","fields":[{"type":"SPACER","elementId":"sp","size":{"width":"193","height":"30"}}]},
		{"type":"GROUP","code":"g","layout":[]},
		{"type":"SUBTABLE","code":"tbl","fields":[{"type":"NUMBER","code":"n","size":{"width":"193"}}]}]}`)

	appOK(t, srv, "POST", "/k/v1/preview/app/form/fields.json", map[string]any{"app": id,
		"properties": map[string]any{"extra": map[string]any{"type": "DATE", "label": "E"}}})
	preview := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/preview/app/form/layout.json?app=%d", id), nil)
	rows := preview["layout"].([]any)
	if preview["revision"] != "2" || len(rows) != 7 {
		t.Fatalf("preview layout: %v", preview)
	}
	appJSONEqual(t, "new row", rows[6], `{"type":"ROW","fields":[{"type":"DATE","code":"extra","size":{"width":"193"}}]}`)
}
