package kintonetest

import (
	"fmt"
	"sort"
	"testing"
)

// appPropCodes returns the sorted property codes of a fields.json answer.
func appPropCodes(body map[string]any) []string {
	var out []string
	for k := range body["properties"].(map[string]any) {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestPreviewAppLifecycle(t *testing.T) {
	srv := appNewServer(t)
	created := appOK(t, srv, "POST", "/k/v1/preview/app.json", map[string]any{"name": "新アプリ"})
	app := created["app"].(string)
	if created["revision"] != "1" {
		t.Fatalf("created: %v", created)
	}
	// Before the first deploy the live form has only the system fields.
	live := appOK(t, srv, "GET", "/k/v1/app/form/fields.json?app="+app, nil)
	appJSONEqual(t, "live before deploy", appPropCodes(live),
		[]string{"カテゴリー", "ステータス", "レコード番号", "作成日時", "作成者", "作業者", "更新日時", "更新者"})

	added := appOK(t, srv, "POST", "/k/v1/preview/app/form/fields.json", map[string]any{
		"app": app, "revision": "1",
		"properties": map[string]any{
			"note":  map[string]any{"type": "SINGLE_LINE_TEXT", "code": "note", "label": "Note"},
			"score": map[string]any{"type": "NUMBER", "code": "score", "label": "Score", "maxValue": 100},
			"kind": map[string]any{"type": "DROP_DOWN", "code": "kind", "label": "Kind",
				"options": map[string]any{"x": map[string]any{"label": "x", "index": "0"}, "y": map[string]any{"label": "y", "index": 1}}},
			"lines": map[string]any{"type": "SUBTABLE", "code": "lines", "label": "Lines", "fields": map[string]any{
				"item": map[string]any{"type": "SINGLE_LINE_TEXT", "code": "item", "label": "Item"}}},
		},
	})
	if added["revision"] != "2" {
		t.Fatalf("added: %v", added)
	}
	preview := appOK(t, srv, "GET", "/k/v1/preview/app/form/fields.json?app="+app, nil)
	if preview["revision"] != "2" || preview["properties"].(map[string]any)["note"] == nil {
		t.Fatalf("preview: %v", preview)
	}
	if score := preview["properties"].(map[string]any)["score"].(map[string]any); score["maxValue"] != "100" {
		t.Errorf("maxValue sent as a number reads as a string: %v", score["maxValue"])
	}
	live = appOK(t, srv, "GET", "/k/v1/app/form/fields.json?app="+app, nil)
	if live["properties"].(map[string]any)["note"] != nil || live["revision"] != "1" {
		t.Fatalf("the live form changed before deploy: %v", live)
	}

	if r := appOK(t, srv, "POST", "/k/v1/preview/app/deploy.json", map[string]any{"apps": []any{map[string]any{"app": app, "revision": 2}}}); len(r) != 0 {
		t.Errorf("deploy answers {}: %v", r)
	}
	var statuses []string
	for i := 0; i < 3; i++ {
		s := appOK(t, srv, "GET", "/k/v1/preview/app/deploy.json?apps[0]="+app, nil)
		entry := s["apps"].([]any)[0].(map[string]any)
		if entry["app"] != app {
			t.Fatalf("status entry %v", entry)
		}
		statuses = append(statuses, entry["status"].(string))
	}
	appJSONEqual(t, "statuses", statuses, []string{"PROCESSING", "SUCCESS", "SUCCESS"})

	live = appOK(t, srv, "GET", "/k/v1/app/form/fields.json?app="+app, nil)
	props := live["properties"].(map[string]any)
	if live["revision"] != "2" || props["note"].(map[string]any)["type"] != "SINGLE_LINE_TEXT" {
		t.Fatalf("live after deploy: %v", live)
	}
	appJSONEqual(t, "kind options", props["kind"].(map[string]any)["options"],
		`{"x":{"label":"x","index":"0"},"y":{"label":"y","index":"1"}}`)
	appJSONEqual(t, "subtable", props["lines"].(map[string]any)["fields"].(map[string]any)["item"].(map[string]any)["type"], `"SINGLE_LINE_TEXT"`)
	info := appOK(t, srv, "GET", "/k/v1/app.json?id="+app, nil)
	if info["name"] != "新アプリ" || info["creator"].(map[string]any)["code"] != DefaultUser {
		t.Errorf("app.json: %v", info)
	}
}

func TestPreviewAppCreationInSpaces(t *testing.T) {
	srv := appNewServer(t)
	space, _ := srv.AddSpace(Space{Name: "S"})
	guest, _ := srv.AddSpace(Space{Name: "G", IsGuest: true})
	r := appOK(t, srv, "POST", "/k/v1/preview/app.json", map[string]any{"name": "In space", "space": space, "thread": fmt.Sprint(space*10 + 1)})
	info := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/app.json?id=%s", r["app"]), nil)
	if info["spaceId"] != fmt.Sprint(space) || info["threadId"] != fmt.Sprint(space*10+1) {
		t.Errorf("space app: %v", info)
	}
	r = appOK(t, srv, "POST", fmt.Sprintf("/k/guest/%d/v1/preview/app.json", guest), map[string]any{"name": "Guest"})
	appWantError(t, appDo(t, srv, testAdmin, "GET", fmt.Sprintf("/k/v1/app.json?id=%s", r["app"]), nil), 400, "GAIA_IL23")
	appOK(t, srv, "GET", fmt.Sprintf("/k/guest/%d/v1/app.json?id=%s", guest, r["app"]), nil)

	for _, tc := range []struct {
		name   string
		path   string
		body   map[string]any
		status int
		code   string
	}{
		{"name required", "/k/v1/preview/app.json", map[string]any{}, 400, "CB_VA01"},
		{"name too long", "/k/v1/preview/app.json", map[string]any{"name": string(make([]rune, 65))}, 400, "CB_VA01"},
		{"unknown space", "/k/v1/preview/app.json", map[string]any{"name": "x", "space": 99}, 404, "OC_NO01"},
		{"unknown thread", "/k/v1/preview/app.json", map[string]any{"name": "x", "space": space, "thread": 5}, 404, "OC_NO02"},
		{"guest space via normal path", "/k/v1/preview/app.json", map[string]any{"name": "x", "space": guest}, 403, "CB_NO02"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			appWantError(t, appDo(t, srv, testAdmin, "POST", tc.path, tc.body), tc.status, tc.code)
		})
	}
}

func TestPreviewAppEnglishSystemFields(t *testing.T) {
	srv := appNewServer(t)
	if _, err := srv.AddUser(User{Code: "en", Password: "pw", Locale: "en"}); err != nil {
		t.Fatal(err)
	}
	en := testAuth{user: "en", pass: "pw"}
	r := appDo(t, srv, en, "POST", "/k/v1/preview/app.json", map[string]any{"name": "E"})
	fields := appDo(t, srv, en, "GET", fmt.Sprintf("/k/v1/preview/app/form/fields.json?app=%s", r.Body["app"]), nil)
	appJSONEqual(t, "codes", appPropCodes(fields.Body),
		[]string{"Assignee", "Categories", "Created_by", "Created_datetime", "Record_number", "Status", "Updated_by", "Updated_datetime"})
}

func TestPreviewFormFieldsValidation(t *testing.T) {
	srv := appNewServer(t)
	other := appCreate(t, srv, AppSpec{Name: "Other", Fields: []*Field{{Type: TypeSingleLineText, Code: "k", Label: "K", Unique: true}}})
	id := appCreate(t, srv, AppSpec{Name: "A", Fields: []*Field{
		{Type: TypeSingleLineText, Code: "title", Label: "Title"},
		{Type: TypeSubtable, Code: "tbl", Label: "T", Fields: []*Field{{Type: TypeNumber, Code: "n", Label: "N"}}},
	}})
	prop := func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i].(string)] = kv[i+1]
		}
		return m
	}
	add := func(code string, p map[string]any) map[string]any {
		return map[string]any{"app": id, "properties": map[string]any{code: p}}
	}
	for _, tc := range []struct {
		name   string
		method string
		body   map[string]any
		status int
		code   string
		key    string
	}{
		{"app required", "POST", map[string]any{"properties": map[string]any{}}, 400, "CB_VA01", "app"},
		{"properties required", "POST", map[string]any{"app": id}, 400, "CB_VA01", "properties"},
		{"duplicate code", "POST", add("title", prop("type", "NUMBER", "code", "title", "label", "x")), 400, "CB_VA01", "properties[title].code"},
		{"duplicate of a subtable field", "POST", add("n", prop("type", "NUMBER", "code", "n", "label", "x")), 400, "CB_VA01", "properties[n].code"},
		{"unknown type", "POST", add("x", prop("type", "10000", "code", "x", "label", "x")), 400, "CB_VA01", "properties[x].type"},
		{"system type", "POST", add("x", prop("type", "CREATOR", "code", "x", "label", "x")), 400, "CB_VA01", "properties[x].type"},
		{"label required", "POST", add("x", prop("type", "NUMBER", "code", "x")), 400, "CB_VA01", "properties[x].label"},
		{"bad code", "POST", add("1x", prop("type", "NUMBER", "label", "x")), 400, "CB_VA01", "properties[1x].code"},
		{"code with space", "POST", add("a b", prop("type", "NUMBER", "label", "x")), 400, "CB_VA01", "properties[a b].code"},
		{"bad enum", "POST", add("x", prop("type", "NUMBER", "label", "x", "unitPosition", "LEFT")), 400, "CB_VA01", "properties[x].unitPosition"},
		{"bad bool", "POST", add("x", prop("type", "NUMBER", "label", "x", "required", "yes")), 400, "CB_VA01", "properties[x].required"},
		{"bad number", "POST", add("x", prop("type", "SINGLE_LINE_TEXT", "label", "x", "maxLength", "ten")), 400, "CB_VA01", "properties[x].maxLength"},
		{"min over max", "POST", add("x", prop("type", "NUMBER", "label", "x", "minValue", "5", "maxValue", "1")), 400, "CB_VA01", "properties[x].minValue"},
		{"options required", "POST", add("x", prop("type", "DROP_DOWN", "label", "x")), 400, "CB_VA01", "properties[x].options"},
		{"default not an option", "POST", add("x", prop("type", "DROP_DOWN", "label", "x", "defaultValue", "b",
			"options", map[string]any{"a": map[string]any{"label": "a", "index": "0"}})), 400, "CB_VA01", "properties[x].defaultValue"},
		{"bad date default", "POST", add("x", prop("type", "DATE", "label", "x", "defaultValue", "2024/01/01")), 400, "CB_VA01", "properties[x].defaultValue"},
		{"subtable in subtable", "POST", add("x", prop("type", "SUBTABLE", "label", "x", "fields",
			map[string]any{"y": prop("type", "SUBTABLE", "label", "y")})), 400, "CB_VA01", "properties[x].fields[y].type"},
		{"lookup on a bad app", "POST", add("x", prop("type", "SINGLE_LINE_TEXT", "label", "x",
			"lookup", map[string]any{"relatedApp": map[string]any{"app": 999}, "relatedKeyField": "k"})), 404, "GAIA_AP01", ""},
		{"lookup on a bad key", "POST", add("x", prop("type", "SINGLE_LINE_TEXT", "label", "x",
			"lookup", map[string]any{"relatedApp": map[string]any{"app": other}, "relatedKeyField": "nope"})), 400, "GAIA_FC01", ""},
		{"lookup mapping to a missing field", "POST", add("x", prop("type", "SINGLE_LINE_TEXT", "label", "x",
			"lookup", map[string]any{"relatedApp": map[string]any{"app": other}, "relatedKeyField": "k",
				"fieldMappings": []any{map[string]any{"field": "missing", "relatedField": "k"}}})), 400, "GAIA_FC01", ""},
		{"revision conflict", "POST", map[string]any{"app": id, "revision": 7,
			"properties": map[string]any{"x": prop("type", "NUMBER", "label", "x")}}, 409, "GAIA_CO03", ""},
		{"update unknown code", "PUT", add("nope", prop("type", "NUMBER")), 400, "GAIA_FC01", ""},
		{"update type change", "PUT", add("title", prop("type", "NUMBER")), 400, "CB_VA01", "properties[title].type"},
		{"update type required", "PUT", add("title", prop("label", "x")), 400, "CB_VA01", "properties[title].type"},
		{"rename onto an existing code", "PUT", add("title", prop("type", "SINGLE_LINE_TEXT", "code", "n")), 400, "CB_VA01", "properties[title].code"},
		{"rename status", "PUT", add("ステータス", prop("type", "STATUS", "code", "st")), 400, "CB_VA01", "properties[ステータス].code"},
		{"update revision conflict", "PUT", map[string]any{"app": id, "revision": "0",
			"properties": map[string]any{"title": prop("type", "SINGLE_LINE_TEXT")}}, 409, "GAIA_CO03", ""},
		{"delete unknown", "DELETE", map[string]any{"app": id, "fields": []any{"title", "nope"}}, 400, "GAIA_FC01", ""},
		{"delete system field", "DELETE", map[string]any{"app": id, "fields": []any{"作成者"}}, 400, "CB_VA01", "fields[0]"},
		{"delete requires fields", "DELETE", map[string]any{"app": id}, 400, "CB_VA01", "fields"},
		{"delete revision conflict", "DELETE", map[string]any{"app": id, "fields": []any{"title"}, "revision": 3}, 409, "GAIA_CO03", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := appDo(t, srv, testAdmin, tc.method, "/k/v1/preview/app/form/fields.json", tc.body)
			appWantError(t, r, tc.status, tc.code)
			if tc.key != "" {
				if errs, _ := r.Body["errors"].(map[string]any); errs[tc.key] == nil {
					t.Errorf("want an error on %q: %s", tc.key, r.Raw)
				}
			}
		})
	}
	// Nothing above changed the pre-live form.
	got := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/preview/app/form/fields.json?app=%d", id), nil)
	if got["revision"] != "1" {
		t.Errorf("failed writes bumped the revision: %v", got["revision"])
	}
}

func TestPreviewUpdateDeleteAndDeployMovesValues(t *testing.T) {
	srv := appNewServer(t)
	id := appCreate(t, srv, AppSpec{Name: "A", Fields: []*Field{
		{Type: TypeSingleLineText, Code: "title", Label: "Title"},
		{Type: TypeNumber, Code: "gone", Label: "Gone"},
		{Type: TypeDropDown, Code: "kind", Label: "Kind", Options: []string{"a", "b"}},
		{Type: TypeSubtable, Code: "tbl", Label: "T", Fields: []*Field{
			{Type: TypeNumber, Code: "qty", Label: "Qty"}, {Type: TypeSingleLineText, Code: "drop", Label: "Drop"}}},
	}})
	rec := appSeedRecord(t, srv, id, map[string]any{
		"title": "hello", "gone": "5", "kind": "a",
		"tbl": []*row{{ID: 1, Values: map[string]any{"qty": "3", "drop": "x"}}},
	})
	path := "/k/v1/preview/app/form/fields.json"
	appOK(t, srv, "PUT", path, map[string]any{"app": id, "properties": map[string]any{
		"title": map[string]any{"type": "SINGLE_LINE_TEXT", "code": "headline", "label": "Headline", "required": true},
		"kind": map[string]any{"type": "DROP_DOWN", "options": map[string]any{
			"b": map[string]any{"label": "b", "index": "0"}, "c": map[string]any{"label": "c", "index": "1"}}},
		"tbl": map[string]any{"type": "SUBTABLE", "fields": map[string]any{
			"qty":  map[string]any{"type": "NUMBER", "code": "amount"},
			"note": map[string]any{"type": "SINGLE_LINE_TEXT", "label": "Note"}}},
	}})
	// A new field reusing the deleted field's code starts empty.
	appOK(t, srv, "DELETE", path+fmt.Sprintf("?app=%d&fields[0]=gone&fields[1]=drop", id), nil)
	appOK(t, srv, "POST", path, map[string]any{"app": id, "properties": map[string]any{
		"gone": map[string]any{"type": "NUMBER", "label": "Again"}}})

	preview := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/preview/app/form/fields.json?app=%d", id), nil)
	props := preview["properties"].(map[string]any)
	if preview["revision"] != "4" || props["title"] != nil || props["headline"].(map[string]any)["required"] != true {
		t.Fatalf("preview: %v", preview)
	}
	appJSONEqual(t, "options replaced", props["kind"].(map[string]any)["options"],
		`{"b":{"label":"b","index":"0"},"c":{"label":"c","index":"1"}}`)
	inner := props["tbl"].(map[string]any)["fields"].(map[string]any)
	appJSONEqual(t, "inner codes", sortedKeys(inner), []string{"amount", "note"})

	// Values stay live until the deploy.
	if v := appRecordValues(t, srv, id, rec); v["title"] != "hello" {
		t.Fatalf("values changed before deploy: %v", v)
	}
	appOK(t, srv, "POST", "/k/v1/preview/app/deploy.json", map[string]any{"apps": []any{map[string]any{"app": fmt.Sprint(id)}}})
	v := appRecordValues(t, srv, id, rec)
	if v["headline"] != "hello" || v["title"] != nil {
		t.Errorf("rename: %v", v)
	}
	if _, ok := v["gone"]; ok {
		t.Errorf("re-added field kept the deleted field's value: %v", v["gone"])
	}
	if v["kind"] != "a" {
		t.Errorf("kind: %v", v["kind"])
	}
	rows := v["tbl"].([]*row)
	if len(rows) != 1 || rows[0].ID != 1 || rows[0].Values["amount"] != "3" || len(rows[0].Values) != 1 {
		t.Errorf("rows: %+v", rows[0])
	}
}

func TestPreviewDeployRevertAndErrors(t *testing.T) {
	srv := appNewServer(t)
	a := appCreate(t, srv, AppSpec{Name: "A"})
	b := appCreate(t, srv, AppSpec{Name: "B"})
	appOK(t, srv, "POST", "/k/v1/preview/app/form/fields.json", map[string]any{"app": a,
		"properties": map[string]any{"x": map[string]any{"type": "NUMBER", "label": "X"}}})
	deploy := "/k/v1/preview/app/deploy.json"
	for _, tc := range []struct {
		name   string
		body   map[string]any
		status int
		code   string
	}{
		{"apps required", map[string]any{}, 400, "CB_VA01"},
		{"duplicate app", map[string]any{"apps": []any{map[string]any{"app": a}, map[string]any{"app": a}}}, 400, "CB_VA01"},
		{"unknown app", map[string]any{"apps": []any{map[string]any{"app": b}, map[string]any{"app": 99}}}, 404, "GAIA_AP01"},
		{"stale revision", map[string]any{"apps": []any{map[string]any{"app": b}, map[string]any{"app": a, "revision": 1}}}, 409, "GAIA_CO03"},
		{"too many apps", map[string]any{"apps": appManyDeployApps(301)}, 400, "GAIA_TO03"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			appWantError(t, appDo(t, srv, testAdmin, "POST", deploy, tc.body), tc.status, tc.code)
		})
	}
	// A failed multi-app deploy changed nothing.
	if s := appOK(t, srv, "GET", fmt.Sprintf("%s?apps[0]=%d&apps[1]=%d", deploy, a, b), nil); fmt.Sprint(s["apps"]) != fmt.Sprintf("[map[app:%d status:SUCCESS] map[app:%d status:SUCCESS]]", a, b) {
		t.Errorf("status after failed deploys: %v", s)
	}
	appWantError(t, appDo(t, srv, testAdmin, "GET", deploy, nil), 400, "CB_VA01")
	appWantError(t, appDo(t, srv, testAdmin, "GET", fmt.Sprintf("%s?apps[0]=%d&apps[1]=%d", deploy, a, a), nil), 400, "CB_VA01")

	// revert discards the pre-live change.
	appOK(t, srv, "POST", deploy, map[string]any{"apps": []any{map[string]any{"app": a, "revision": -1}}, "revert": true})
	got := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/preview/app/form/fields.json?app=%d", a), nil)
	if got["properties"].(map[string]any)["x"] != nil || got["revision"] != "1" {
		t.Errorf("after revert: %v", got)
	}
	live := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/app/form/fields.json?app=%d", a), nil)
	if live["properties"].(map[string]any)["x"] != nil {
		t.Error("revert deployed the change")
	}
}

func appManyDeployApps(n int) []any {
	out := make([]any, n)
	for i := range out {
		out[i] = map[string]any{"app": i + 1}
	}
	return out
}
