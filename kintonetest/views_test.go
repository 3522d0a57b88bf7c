package kintonetest

import (
	"fmt"
	"testing"
)

func TestViewsGetAndPut(t *testing.T) {
	srv := appNewServer(t)
	id := appCreate(t, srv, AppSpec{Name: "Deals", Fields: []*Field{{Type: TypeSingleLineText, Code: "title", Label: "T"}},
		Views: []View{
			{Name: "Open deals", Type: "LIST", FilterCond: `title != ""`, Sort: "title asc", Fields: []string{"title"}},
			{Name: "Calendar", Type: "CALENDAR"},
		}})
	got := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/app/views.json?app=%d&lang=ja", id), nil)
	views := got["views"].(map[string]any)
	open := views["Open deals"].(map[string]any)
	appJSONEqual(t, "open", open, fmt.Sprintf(`{"type":"LIST","index":"0","id":"%s","name":"Open deals",
		"filterCond":"title != \"\"","sort":"title asc","fields":["title"]}`, open["id"]))
	appJSONEqual(t, "calendar", views["Calendar"], fmt.Sprintf(`{"type":"CALENDAR","index":"1","id":"%s","name":"Calendar",
		"filterCond":"","sort":"","date":"","title":""}`, views["Calendar"].(map[string]any)["id"]))
	if got["revision"] != "1" || open["id"] == views["Calendar"].(map[string]any)["id"] {
		t.Errorf("revision or ids: %v", got)
	}

	put := appOK(t, srv, "PUT", "/k/v1/preview/app/views.json", map[string]any{"app": id, "revision": 1, "views": map[string]any{
		"Mine":       map[string]any{"type": "LIST", "index": 0, "fields": []any{"title"}, "sort": "title desc"},
		"Open deals": map[string]any{"type": "LIST", "index": "1", "filterCond": `title = "x"`},
	}})
	if put["revision"] != "2" || put["views"].(map[string]any)["Open deals"].(map[string]any)["id"] != open["id"] {
		t.Errorf("put answer: %v", put)
	}
	preview := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/preview/app/views.json?app=%d", id), nil)["views"].(map[string]any)
	appJSONEqual(t, "preview names", sortedKeys(preview), []string{"Mine", "Open deals"})
	if preview["Mine"].(map[string]any)["index"] != "0" || preview["Open deals"].(map[string]any)["filterCond"] != `title = "x"` {
		t.Errorf("preview views: %v", preview)
	}
	if live := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/app/views.json?app=%d", id), nil)["views"].(map[string]any); len(live) != 2 || live["Calendar"] == nil {
		t.Errorf("live views changed before deploy: %v", live)
	}
	appOK(t, srv, "POST", "/k/v1/preview/app/deploy.json", map[string]any{"apps": []any{map[string]any{"app": id}}})
	live := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/app/views.json?app=%d", id), nil)
	appJSONEqual(t, "live names", sortedKeys(live["views"].(map[string]any)), []string{"Mine", "Open deals"})
	if live["revision"] != "2" {
		t.Errorf("live revision %v", live["revision"])
	}

	for _, tc := range []struct {
		name string
		body map[string]any
		code string
	}{
		{"views required", map[string]any{"app": id}, "CB_VA01"},
		{"bad type", map[string]any{"app": id, "views": map[string]any{"v": map[string]any{"type": "GRID", "index": 0}}}, "CB_VA01"},
		{"index required", map[string]any{"app": id, "views": map[string]any{"v": map[string]any{"type": "LIST"}}}, "CB_VA01"},
		{"unknown field", map[string]any{"app": id, "views": map[string]any{"v": map[string]any{"type": "LIST", "index": 0, "fields": []any{"nope"}}}}, "GAIA_FC01"},
		{"revision", map[string]any{"app": id, "revision": 1, "views": map[string]any{}}, "GAIA_CO03"},
	} {
		r := appDo(t, srv, testAdmin, "PUT", "/k/v1/preview/app/views.json", tc.body)
		status := 400
		if tc.code == "GAIA_CO03" {
			status = 409
		}
		t.Run(tc.name, func(t *testing.T) { appWantError(t, r, status, tc.code) })
	}
}
