package kintonetest

import (
	"fmt"
	"testing"
)

// recBulkReq is one bulkRequest element.
func recBulkReq(method, api string, payload map[string]any) map[string]any {
	return map[string]any{"method": method, "api": api, "payload": payload}
}

func TestBulkSuccess(t *testing.T) {
	srv, _ := recNewServer(t)
	a1 := recCreateApp(t, srv, AppSpec{Fields: []*Field{{Type: TypeSingleLineText, Code: "t"}}})
	a2 := recCreateApp(t, srv, AppSpec{
		Fields: []*Field{{Type: TypeSingleLineText, Code: "t"}},
		Process: &ProcessManagement{Enable: true, States: []State{{Name: "未処理"}, {Name: "完了"}},
			Actions: []Action{{Name: "完了にする", From: "未処理", To: "完了"}}},
	})
	recSeed(t, srv, a1, map[string]any{"t": "one"}, map[string]any{"t": "two"})
	body := recOK(t, srv, "POST", "/k/v1/bulkRequest.json", map[string]any{"requests": []any{
		recBulkReq("POST", "/k/v1/record.json", map[string]any{"app": a1, "record": map[string]any{"t": map[string]any{"value": "three"}}}),
		recBulkReq("PUT", "/k/v1/record.json", map[string]any{"app": a1, "id": 1, "record": map[string]any{"t": map[string]any{"value": "uno"}}}),
		recBulkReq("DELETE", "/k/v1/records.json", map[string]any{"app": a1, "ids": []int{2}}),
		recBulkReq("POST", "/k/v1/records.json", map[string]any{"app": a2, "records": []any{map[string]any{}}}),
		// The record added by the previous request is visible to the next.
		recBulkReq("PUT", "/k/v1/record/status.json", map[string]any{"app": a2, "id": 1, "action": "完了にする"}),
		recBulkReq("PUT", "/k/v1/records.json", map[string]any{"app": a1, "records": []any{map[string]any{"id": 3, "record": map[string]any{}}}}),
	}})
	want := `[{"id":"3","revision":"1"},{"revision":"2"},{},{"ids":["1"],"revisions":["1"]},{"revision":"3"},{"records":[{"id":"3","revision":"2"}]}]`
	if got := recJSON(body["results"]); got != want {
		t.Fatalf("results:\n got %s\nwant %s", got, want)
	}
	if recValue(recGetRecord(t, srv, a1, 1), "t") != "uno" || srv.RecordCount(a1) != 2 {
		t.Error("bulk changes not applied")
	}
	if recValue(recGetRecord(t, srv, a2, 1), "ステータス") != "完了" {
		t.Error("bulk status change not applied")
	}
}

func TestBulkRollback(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{{Type: TypeSingleLineText, Code: "t", Required: true}}})
	recSeed(t, srv, app, map[string]any{"t": "one"})
	first := []any{
		recBulkReq("POST", "/k/v1/record.json", map[string]any{"app": app, "record": map[string]any{"t": map[string]any{"value": "new"}}}),
		recBulkReq("PUT", "/k/v1/record.json", map[string]any{"app": app, "id": 1, "record": map[string]any{"t": map[string]any{"value": "changed"}}}),
	}
	for _, tc := range []struct {
		third  map[string]any
		status int
		code   string
		errors string
	}{
		{recBulkReq("PUT", "/k/v1/record.json", map[string]any{"app": app, "id": 1, "revision": 1, "record": map[string]any{}}), 409, "GAIA_CO02", ""},
		{recBulkReq("POST", "/k/v1/records.json", map[string]any{"app": app, "records": []any{map[string]any{}}}), 400, "CB_VA01", `{"records[0].t.value":{"messages":["必須です。"]}}`},
		{recBulkReq("DELETE", "/k/v1/records.json", map[string]any{"app": app, "ids": []int{42}}), 404, "GAIA_RE01", ""},
	} {
		reqs := append(append([]any{}, first...), tc.third, recBulkReq("POST", "/k/v1/record.json", map[string]any{"app": app}))
		r := recDo(t, srv, testAdmin, "POST", "/k/v1/bulkRequest.json", map[string]any{"requests": reqs})
		results, _ := r.body["results"].([]any)
		if r.status != tc.status || len(results) != 4 || r.header.Get("X-Cybozu-Error") != tc.code {
			t.Fatalf("%s: status %d, body %v", tc.code, r.status, r.body)
		}
		for i, res := range results {
			m := res.(map[string]any)
			if i != 2 && len(m) != 0 || i == 2 && (m["code"] != tc.code || m["id"] == "" || m["message"] == "") {
				t.Errorf("%s: results[%d] = %v", tc.code, i, m)
			}
		}
		if got := recJSON(results[2].(map[string]any)["errors"]); tc.errors != "" && got != tc.errors {
			t.Errorf("%s: errors %s", tc.code, got)
		}
		if srv.RecordCount(app) != 1 || recValue(recGetRecord(t, srv, app, 1), "t") != "one" {
			t.Fatalf("%s: the first requests were applied", tc.code)
		}
	}
	// Ids used by the rolled-back requests are given out again.
	if body := recOK(t, srv, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": map[string]any{"t": map[string]any{"value": "x"}}}); body["id"] != "2" {
		t.Errorf("next id %v", body["id"])
	}
}

func TestBulkRequestValidation(t *testing.T) {
	srv, _ := recNewServer(t)
	guest, _ := srv.AddSpace(Space{Name: "g", IsGuest: true})
	gapp := recCreateApp(t, srv, AppSpec{SpaceID: guest, Fields: []*Field{{Type: TypeSingleLineText, Code: "t"}}})
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{{Type: TypeSingleLineText, Code: "t"}}})
	post := func(api string, a int64) map[string]any {
		return recBulkReq("POST", api, map[string]any{"app": a, "record": map[string]any{}})
	}
	many := make([]any, 21)
	for i := range many {
		many[i] = post("/k/v1/record.json", app)
	}
	gpath := fmt.Sprintf("/k/guest/%d/v1/record.json", guest)
	for _, tc := range []struct {
		path   string
		reqs   []any
		status int
		code   string
		key    string
	}{
		{"/k/v1/bulkRequest.json", many, 400, "CB_VA01", "requests"},
		{"/k/v1/bulkRequest.json", nil, 400, "CB_VA01", "requests"},
		{"/k/v1/bulkRequest.json", []any{recBulkReq("GET", "/k/v1/records.json", map[string]any{"app": app})}, 400, "CB_VA01", "requests[0].api"},
		{"/k/v1/bulkRequest.json", []any{post("/k/v1/record.json", app), post("/k/v1/app.json", app)}, 400, "CB_VA01", "requests[1].api"},
		{"/k/v1/bulkRequest.json", []any{post(gpath, gapp)}, 400, "CB_VA01", "requests[0].api"},
		{fmt.Sprintf("/k/guest/%d/v1/bulkRequest.json", guest), []any{post("/k/v1/record.json", app)}, 400, "CB_VA01", "requests[0].api"},
	} {
		r := recDo(t, srv, testAdmin, "POST", tc.path, map[string]any{"requests": tc.reqs})
		recWantErr(t, r, tc.status, tc.code)
		if _, ok := recErrKeys(r)[tc.key]; !ok {
			t.Errorf("%s %v: errors %v lack %q", tc.path, tc.reqs, r.body["errors"], tc.key)
		}
	}
	if srv.RecordCount(app) != 0 {
		t.Error("a rejected bulk request stored records")
	}
	// Inside its guest space a bulk request reaches the guest app; a
	// normal-app request there fails the whole bulk with the app's error.
	r := recDo(t, srv, testAdmin, "POST", fmt.Sprintf("/k/guest/%d/v1/bulkRequest.json", guest), map[string]any{"requests": []any{post(gpath, gapp)}})
	if r.status != 200 || srv.RecordCount(gapp) != 1 {
		t.Errorf("guest bulk: %d %v", r.status, r.body)
	}
	r = recDo(t, srv, testAdmin, "POST", "/k/v1/bulkRequest.json", map[string]any{"requests": []any{post("/k/v1/record.json", app), post("/k/v1/record.json", gapp)}})
	if r.status != 400 || r.body["results"].([]any)[1].(map[string]any)["code"] != "GAIA_IL23" || srv.RecordCount(app) != 0 {
		t.Errorf("guest app through /k/v1 in bulk: %d %v", r.status, r.body)
	}
}

func TestBulkTokens(t *testing.T) {
	srv, _ := recNewServer(t)
	a1 := recCreateApp(t, srv, AppSpec{Fields: []*Field{{Type: TypeSingleLineText, Code: "t"}}})
	a2 := recCreateApp(t, srv, AppSpec{Fields: []*Field{{Type: TypeSingleLineText, Code: "t"}}})
	for app, tok := range map[int64]string{a1: "t1", a2: "t2"} {
		if err := srv.AddAPIToken(app, tok, AllPermissions); err != nil {
			t.Fatal(err)
		}
	}
	reqs := map[string]any{"requests": []any{
		recBulkReq("POST", "/k/v1/record.json", map[string]any{"app": a1}),
		recBulkReq("POST", "/k/v1/record.json", map[string]any{"app": a2}),
	}}
	r := recDo(t, srv, testAuth{token: "t1"}, "POST", "/k/v1/bulkRequest.json", reqs)
	if r.status != 403 || r.body["results"].([]any)[1].(map[string]any)["code"] != "GAIA_NO01" || srv.RecordCount(a1) != 0 {
		t.Fatalf("one token: %d %v", r.status, r.body)
	}
	if r := recDo(t, srv, testAuth{token: "t1,t2"}, "POST", "/k/v1/bulkRequest.json", reqs); r.status != 200 || srv.RecordCount(a1)+srv.RecordCount(a2) != 2 {
		t.Errorf("both tokens: %d %v", r.status, r.body)
	}
}
