package kintonetest

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

// recCursorIDs returns the $id values of a cursor page.
func recCursorIDs(body map[string]any) string {
	var ids []string
	list, _ := body["records"].([]any)
	for _, x := range list {
		ids = append(ids, recValue(x.(map[string]any), "$id").(string))
	}
	return strings.Join(ids, ",")
}

func TestCursorLifecycle(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{{Type: TypeSingleLineText, Code: "t"}, {Type: TypeNumber, Code: "n"}}})
	for i := 1; i <= 7; i++ {
		recSeed(t, srv, app, map[string]any{"t": fmt.Sprint("v", i), "n": fmt.Sprint(i % 2)})
	}
	body := recOK(t, srv, "POST", "/k/v1/records/cursor.json", map[string]any{
		"app": app, "fields": []string{"$id", "t"}, "query": "order by $id asc", "size": 3})
	id, _ := body["id"].(string)
	if len(id) != 36 || body["totalCount"] != "7" {
		t.Fatalf("create: %v", body)
	}
	get := func() map[string]any {
		return recOK(t, srv, "GET", "/k/v1/records/cursor.json", map[string]any{"id": id})
	}
	page := get()
	if recCursorIDs(page) != "1,2,3" || page["next"] != true {
		t.Fatalf("page 1: %v", page)
	}
	if keys := recJSON(recKeys(page["records"].([]any)[0].(map[string]any))); keys != `["$id","t"]` {
		t.Errorf("cursor fields: %s", keys)
	}
	// Values are read at GET time; deleted records are skipped.
	recOK(t, srv, "PUT", "/k/v1/record.json", map[string]any{"app": app, "id": 4, "record": map[string]any{"t": map[string]any{"value": "changed"}}})
	recOK(t, srv, "DELETE", "/k/v1/records.json", map[string]any{"app": app, "ids": []int{5}})
	recSeed(t, srv, app, map[string]any{"t": "added later"})
	page = get()
	if recCursorIDs(page) != "4,6" || page["next"] != true || recValue(page["records"].([]any)[0].(map[string]any), "t") != "changed" {
		t.Fatalf("page 2: %v", page)
	}
	page = get()
	if recCursorIDs(page) != "7" || page["next"] != false {
		t.Fatalf("page 3: %v", page)
	}
	// Fully read: released.
	recWantErr(t, recDo(t, srv, testAdmin, "GET", "/k/v1/records/cursor.json", map[string]any{"id": id}), 404, "GAIA_CN01")

	// A filtered cursor with the default size, then DELETE.
	body = recOK(t, srv, "POST", "/k/v1/records/cursor.json", map[string]any{"app": app, "query": "n = 1"})
	if body["totalCount"] != "3" {
		t.Errorf("filtered totalCount = %v", body["totalCount"])
	}
	page = recOK(t, srv, "GET", "/k/v1/records/cursor.json", map[string]any{"id": body["id"]})
	if recCursorIDs(page) != "7,3,1" || page["next"] != false {
		t.Errorf("default order page: %v", page)
	}
	body = recOK(t, srv, "POST", "/k/v1/records/cursor.json", map[string]any{"app": app})
	recOK(t, srv, "DELETE", "/k/v1/records/cursor.json", map[string]any{"id": body["id"]})
	recWantErr(t, recDo(t, srv, testAdmin, "DELETE", "/k/v1/records/cursor.json", map[string]any{"id": body["id"]}), 404, "GAIA_CN01")
}

func TestCursorErrors(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{{Type: TypeSingleLineText, Code: "t"}}})
	for _, tc := range []struct {
		body   map[string]any
		status int
		code   string
		key    string
	}{
		{map[string]any{"app": app, "query": "limit 10"}, 400, "CB_VA01", "query"},
		{map[string]any{"app": app, "query": "order by $id asc offset 5"}, 400, "CB_VA01", "query"},
		{map[string]any{"app": app, "size": 0}, 400, "CB_VA01", "size"},
		{map[string]any{"app": app, "size": 501}, 400, "CB_VA01", "size"},
		{map[string]any{"app": app, "query": `nope = "x"`}, 400, "GAIA_IQ11", ""},
		{map[string]any{}, 400, "CB_VA01", "app"},
		{map[string]any{"app": 99}, 404, "GAIA_AP01", ""},
	} {
		r := recDo(t, srv, testAdmin, "POST", "/k/v1/records/cursor.json", tc.body)
		recWantErr(t, r, tc.status, tc.code)
		if _, ok := recErrKeys(r)[tc.key]; tc.key != "" && !ok {
			t.Errorf("%v: errors %v lack %q", tc.body, r.body["errors"], tc.key)
		}
	}
	if r := recDo(t, srv, testAdmin, "POST", "/k/v1/records/cursor.json", map[string]any{"app": app, "size": 500}); r.status != 200 {
		t.Errorf("size 500: %d %v", r.status, r.body)
	}
	recWantErr(t, recDo(t, srv, testAdmin, "GET", "/k/v1/records/cursor.json", map[string]any{"id": "no-such-cursor"}), 404, "GAIA_CN01")
	recWantErr(t, recDo(t, srv, testAdmin, "GET", "/k/v1/records/cursor.json", map[string]any{}), 400, "CB_VA01")
}

func TestCursorExpiry(t *testing.T) {
	srv, clk := recNewServer(t)
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{{Type: TypeSingleLineText, Code: "t"}}})
	for i := 0; i < 5; i++ {
		recSeed(t, srv, app, map[string]any{"t": "x"})
	}
	id := recOK(t, srv, "POST", "/k/v1/records/cursor.json", map[string]any{"app": app, "size": 1})["id"]
	get := func() recResp {
		return recDo(t, srv, testAdmin, "GET", "/k/v1/records/cursor.json", map[string]any{"id": id})
	}
	clk.add(9 * time.Minute)
	if r := get(); r.status != 200 {
		t.Fatalf("after 9 minutes: %d %v", r.status, r.body)
	}
	clk.add(9 * time.Minute) // 18 minutes after creation, 9 after the last GET
	if r := get(); r.status != 200 {
		t.Fatalf("a GET must extend the life: %d %v", r.status, r.body)
	}
	clk.add(10 * time.Minute)
	recWantErr(t, get(), 404, "GAIA_CN01")
}

func TestCursorLimit(t *testing.T) {
	srv, clk := recNewServer(t)
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{{Type: TypeSingleLineText, Code: "t"}}})
	recSeed(t, srv, app, map[string]any{"t": "x"}, map[string]any{"t": "y"})
	var ids []any
	for i := 0; i < maxLiveCursors; i++ {
		ids = append(ids, recOK(t, srv, "POST", "/k/v1/records/cursor.json", map[string]any{"app": app, "size": 1})["id"])
	}
	create := func() recResp {
		return recDo(t, srv, testAdmin, "POST", "/k/v1/records/cursor.json", map[string]any{"app": app, "size": 1})
	}
	recWantErr(t, create(), 429, "GAIA_TM12")
	recOK(t, srv, "DELETE", "/k/v1/records/cursor.json", map[string]any{"id": ids[0]})
	if r := create(); r.status != 200 {
		t.Fatalf("after a DELETE: %d %v", r.status, r.body)
	}
	// Reading a cursor to its end releases it.
	recOK(t, srv, "GET", "/k/v1/records/cursor.json", map[string]any{"id": ids[1]})
	recOK(t, srv, "GET", "/k/v1/records/cursor.json", map[string]any{"id": ids[1]})
	if r := create(); r.status != 200 {
		t.Fatalf("after reading one to the end: %d %v", r.status, r.body)
	}
	recWantErr(t, create(), 429, "GAIA_TM12")
	clk.add(cursorLifetime)
	if r := create(); r.status != 200 {
		t.Fatalf("after expiry: %d %v", r.status, r.body)
	}
}

func TestCursorTokensAndOwners(t *testing.T) {
	srv, _ := recNewServer(t)
	recDirectory(t, srv)
	guest, _ := srv.AddSpace(Space{Name: "g", IsGuest: true})
	app := recCreateApp(t, srv, AppSpec{SpaceID: guest, Fields: []*Field{{Type: TypeSingleLineText, Code: "t"}}})
	recSeed(t, srv, app, map[string]any{"t": "x"})
	if err := srv.AddAPIToken(app, "tok", TokenPermissions{View: true}); err != nil {
		t.Fatal(err)
	}
	path := fmt.Sprintf("/k/guest/%d/v1/records/cursor.json", guest)
	recWantErr(t, recDo(t, srv, testAdmin, "POST", "/k/v1/records/cursor.json", map[string]any{"app": app}), 400, "GAIA_IL23")
	r := recDo(t, srv, testAuth{token: "tok"}, "POST", path, map[string]any{"app": app})
	if r.status != 200 {
		t.Fatalf("token create: %d %v", r.status, r.body)
	}
	id := r.body["id"]
	// Another caller cannot read it.
	recWantErr(t, recDo(t, srv, testAuth{user: "sato", pass: "pw"}, "GET", path, map[string]any{"id": id}), 404, "GAIA_CN01")
	r = recDo(t, srv, testAuth{token: "tok"}, "GET", path, map[string]any{"id": id})
	if r.status != 200 || recCursorIDs(r.body) != "1" {
		t.Errorf("token read: %d %v", r.status, r.body)
	}
}
