package kintonetest

import (
	"fmt"
	"testing"
)

func TestAppSettingsGetPutDeploy(t *testing.T) {
	srv := appNewServer(t)
	id := appCreate(t, srv, AppSpec{Name: "Deals", Description: "d", CommentsDisabled: true})
	got := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/app/settings.json?app=%d", id), nil)
	for k, want := range map[string]any{"name": "Deals", "description": "d", "theme": "WHITE", "enableComments": false, "revision": "1"} {
		if got[k] != want {
			t.Errorf("%s = %v, want %v", k, got[k], want)
		}
	}
	appJSONEqual(t, "icon", got["icon"], `{"type":"PRESET","key":"APP72"}`)

	put := appOK(t, srv, "PUT", "/k/v1/preview/app/settings.json", map[string]any{"app": id, "name": "Deals 2",
		"theme": "RED", "icon": map[string]any{"type": "PRESET", "key": "APP39"}, "enableComments": "true"})
	if put["revision"] != "2" {
		t.Errorf("put: %v", put)
	}
	preview := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/preview/app/settings.json?app=%d", id), nil)
	if preview["name"] != "Deals 2" || preview["theme"] != "RED" || preview["description"] != "d" || preview["enableComments"] != true {
		t.Errorf("preview: %v", preview)
	}
	if live := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/app.json?id=%d", id), nil); live["name"] != "Deals" {
		t.Errorf("renamed before deploy: %v", live["name"])
	}
	appOK(t, srv, "POST", "/k/v1/preview/app/deploy.json", map[string]any{"apps": []any{map[string]any{"app": id}}})
	if live := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/app.json?id=%d", id), nil); live["name"] != "Deals 2" {
		t.Errorf("after deploy: %v", live["name"])
	}
	live := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/app/settings.json?app=%d", id), nil)
	if live["theme"] != "RED" || live["enableComments"] != true || live["revision"] != "2" {
		t.Errorf("live settings: %v", live)
	}
	for _, body := range []map[string]any{
		{"app": id, "name": ""},
		{"app": id, "theme": "PINK"},
		{"app": id, "icon": map[string]any{"type": "FILE", "file": map[string]any{"fileKey": "k"}}},
		{"app": id, "enableComments": "maybe"},
	} {
		appWantError(t, appDo(t, srv, testAdmin, "PUT", "/k/v1/preview/app/settings.json", body), 400, "CB_VA01")
	}
	appWantError(t, appDo(t, srv, testAdmin, "PUT", "/k/v1/preview/app/settings.json", map[string]any{"app": id, "revision": 1}), 409, "GAIA_CO03")
}
