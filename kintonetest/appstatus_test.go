package kintonetest

import (
	"fmt"
	"testing"
)

func TestAppStatusGetPutDeploy(t *testing.T) {
	srv := appNewServer(t)
	plain := appCreate(t, srv, AppSpec{Name: "Plain"})
	got := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/app/status.json?app=%d", plain), nil)
	appJSONEqual(t, "no process", got, `{"enable":false,"states":null,"actions":null,"revision":"1"}`)

	tasks := appCreate(t, srv, AppSpec{Name: "Tasks", Process: &ProcessManagement{Enable: true,
		States: []State{{Name: "Open", AssigneeType: "ONE", Assignees: []Entity{{Type: "CREATOR"}}},
			{Name: "Done", AssigneeType: "ANY", Assignees: []Entity{{Type: "USER", Code: "sato"}}}},
		Actions: []Action{{Name: "Finish", From: "Open", To: "Done", FilterCond: `x = "1"`}}}})
	got = appOK(t, srv, "GET", fmt.Sprintf("/k/v1/app/status.json?app=%d", tasks), nil)
	appJSONEqual(t, "tasks", got, `{"enable":true,"revision":"1",
		"states":{"Open":{"index":"0","name":"Open","assignee":{"type":"ONE","entities":[{"entity":{"type":"CREATOR","code":null},"includeSubs":false}]}},
		          "Done":{"index":"1","name":"Done","assignee":{"type":"ANY","entities":[{"entity":{"type":"USER","code":"sato"},"includeSubs":false}]}}},
		"actions":[{"name":"Finish","from":"Open","to":"Done","filterCond":"x = \"1\"","type":"PRIMARY"}]}`)

	// Turning the process on for an app with records puts them in the
	// first state at deploy.
	rec := appSeedRecord(t, srv, plain, map[string]any{})
	appOK(t, srv, "PUT", "/k/v1/preview/app/status.json", map[string]any{"app": plain, "enable": true,
		"states": map[string]any{
			"B": map[string]any{"index": 1, "assignee": map[string]any{"type": "ONE", "entities": []any{}}},
			"A": map[string]any{"index": "0"},
		},
		"actions": []any{map[string]any{"name": "go", "from": "A", "to": "B"}}})
	preview := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/preview/app/status.json?app=%d", plain), nil)
	if preview["enable"] != true || preview["revision"] != "2" {
		t.Fatalf("preview status: %v", preview)
	}
	pf := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/preview/app/form/fields.json?app=%d", plain), nil)["properties"].(map[string]any)
	if pf["ステータス"].(map[string]any)["enabled"] != true {
		t.Errorf("preview STATUS field not enabled: %v", pf["ステータス"])
	}
	if live := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/app/status.json?app=%d", plain), nil); live["enable"] != false {
		t.Fatalf("live changed before deploy: %v", live)
	}
	appOK(t, srv, "POST", "/k/v1/preview/app/deploy.json", map[string]any{"apps": []any{map[string]any{"app": plain}}})
	live := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/app/status.json?app=%d", plain), nil)
	if live["enable"] != true || live["states"].(map[string]any)["A"].(map[string]any)["index"] != "0" {
		t.Errorf("live after deploy: %v", live)
	}
	if v := appRecordValues(t, srv, plain, rec); v["ステータス"] != "A" {
		t.Errorf("record status after enabling: %v", v)
	}

	for _, tc := range []struct {
		name string
		body map[string]any
	}{
		{"action from unknown state", map[string]any{"app": plain, "actions": []any{map[string]any{"name": "x", "from": "Z", "to": "A"}}}},
		{"bad assignee type", map[string]any{"app": plain, "states": map[string]any{"A": map[string]any{"index": 0, "assignee": map[string]any{"type": "SOME"}}}}},
		{"enable without states", map[string]any{"app": plain, "enable": true, "states": map[string]any{}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			appWantError(t, appDo(t, srv, testAdmin, "PUT", "/k/v1/preview/app/status.json", tc.body), 400, "CB_VA01")
		})
	}
}
