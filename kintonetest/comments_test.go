package kintonetest

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"
)

// cmtSetup starts a server with users alice and bob, group "devs",
// organization "sales", a comment-enabled app with one record and a
// comment-disabled app with one record.
func cmtSetup(t *testing.T) (srv *Server, clk *testClock, appID, recID, offApp, offRec int64) {
	t.Helper()
	clk = &testClock{t: time.Date(2026, 6, 17, 3, 12, 18, 0, time.UTC)}
	srv = NewServer(WithClock(clk.now))
	t.Cleanup(srv.Close)
	procSeedUsers(t, srv, "alice", "bob")
	if _, err := srv.AddGroup(Group{Code: "devs", Name: "Developers"}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.AddOrganization(Organization{Code: "sales", Name: "Sales"}); err != nil {
		t.Fatal(err)
	}
	var err error
	if appID, err = srv.CreateApp(AppSpec{Name: "Notes"}); err != nil {
		t.Fatal(err)
	}
	if offApp, err = srv.CreateApp(AppSpec{Name: "Quiet", CommentsDisabled: true}); err != nil {
		t.Fatal(err)
	}
	recID = procSeedRecord(t, srv, appID, "alice", nil)
	offRec = procSeedRecord(t, srv, offApp, "alice", nil)
	return srv, clk, appID, recID, offApp, offRec
}

// cmtPost adds a comment and returns the response.
func cmtPost(t *testing.T, srv *Server, auth testAuth, appID, recID int64, comment map[string]any) (int, map[string]any) {
	t.Helper()
	return procDo(t, srv, auth, http.MethodPost, "/k/v1/record/comment.json",
		map[string]any{"app": appID, "record": recID, "comment": comment})
}

// cmtGet lists comments with the parameters in the query string.
func cmtGet(t *testing.T, srv *Server, auth testAuth, query string) (int, map[string]any) {
	t.Helper()
	return procDo(t, srv, auth, http.MethodGet, "/k/v1/record/comments.json?"+query, nil)
}

// cmtIDs lists the ids of a comments response.
func cmtIDs(body map[string]any) []string {
	list, _ := body["comments"].([]any)
	out := []string{}
	for _, c := range list {
		out = append(out, c.(map[string]any)["id"].(string))
	}
	return out
}

func TestCommentPaging(t *testing.T) {
	srv, clk, appID, recID, _, _ := cmtSetup(t)
	base := clk.now()
	for i := 1; i <= 12; i++ {
		clk.set(base.Add(time.Duration(i) * time.Minute))
		status, body := cmtPost(t, srv, procAs("alice"), appID, recID, map[string]any{"text": fmt.Sprintf("note %d", i)})
		if status != 200 || body["id"] != fmt.Sprint(i) {
			t.Fatalf("post %d: %d %v", i, status, body)
		}
	}
	seq := func(from, to int) []string {
		var out []string
		for i := from; ; {
			out = append(out, fmt.Sprint(i))
			if i == to {
				return out
			}
			if from < to {
				i++
			} else {
				i--
			}
		}
	}
	cases := []struct {
		query        string
		ids          []string
		older, newer bool
	}{
		{"", seq(12, 3), true, false},
		{"order=desc&offset=10", seq(2, 1), false, true},
		{"order=desc&offset=3&limit=2", seq(9, 8), true, true},
		{"order=asc", seq(1, 10), false, true},
		{"order=asc&offset=2&limit=3", seq(3, 5), true, true},
		{"order=asc&offset=9&limit=10", seq(10, 12), true, false},
		{"order=asc&offset=20", []string{}, true, false},
		{"limit=0", []string{}, true, false},
	}
	for _, tc := range cases {
		status, body := cmtGet(t, srv, testAdmin, fmt.Sprintf("app=%d&record=%d&%s", appID, recID, tc.query))
		if status != 200 {
			t.Fatalf("%q: %d %v", tc.query, status, body)
		}
		if got := cmtIDs(body); !reflect.DeepEqual(got, tc.ids) {
			t.Errorf("%q: ids %v, want %v", tc.query, got, tc.ids)
		}
		if body["older"] != tc.older || body["newer"] != tc.newer {
			t.Errorf("%q: older %v newer %v, want %v %v", tc.query, body["older"], body["newer"], tc.older, tc.newer)
		}
	}

	_, body := cmtGet(t, srv, testAdmin, fmt.Sprintf("app=%d&record=%d&limit=1", appID, recID))
	want := map[string]any{
		"id": "12", "text": "note 12", "createdAt": "2026-06-17T03:24:18Z",
		"creator":  map[string]any{"code": "alice", "name": "alice san"},
		"mentions": []any{},
	}
	if got := body["comments"].([]any)[0]; !reflect.DeepEqual(got, want) {
		t.Errorf("comment = %v, want %v", got, want)
	}
}

func TestCommentValidation(t *testing.T) {
	srv, _, appID, recID, offApp, offRec := cmtSetup(t)
	eleven := make([]map[string]any, maxMentions+1)
	for i := range eleven {
		eleven[i] = map[string]any{"code": "bob", "type": "USER"}
	}
	postCases := []struct {
		name       string
		app, rec   int64
		comment    map[string]any
		wantStatus int
		wantCode   string
		wantKey    string
	}{
		{"no text", appID, recID, map[string]any{"text": ""}, 400, "CB_VA01", "comment.text"},
		{"text too long", appID, recID, map[string]any{"text": strings.Repeat("あ", maxCommentText+1)}, 400, "CB_VA01", "comment.text"},
		{"too many mentions", appID, recID, map[string]any{"text": "x", "mentions": eleven}, 400, "CB_VA01", "comment.mentions"},
		{"bad mention type", appID, recID, map[string]any{"text": "x", "mentions": []any{map[string]any{"code": "bob", "type": "FIELD_ENTITY"}}}, 400, "CB_VA01", "comment.mentions[0].type"},
		{"unknown user", appID, recID, map[string]any{"text": "x", "mentions": []any{map[string]any{"code": "zed", "type": "USER"}}}, 400, "GAIA_IL26", ""},
		{"unknown group", appID, recID, map[string]any{"text": "x", "mentions": []any{map[string]any{"code": "zed", "type": "GROUP"}}}, 400, "GAIA_IL27", ""},
		{"unknown organization", appID, recID, map[string]any{"text": "x", "mentions": []any{map[string]any{"code": "zed", "type": "ORGANIZATION"}}}, 400, "GAIA_IL28", ""},
		{"unknown record", appID, 99, map[string]any{"text": "x"}, 404, "GAIA_RE01", ""},
		{"comments disabled", offApp, offRec, map[string]any{"text": "x"}, 400, "GAIA_RE12", ""},
	}
	for _, tc := range postCases {
		status, body := cmtPost(t, srv, testAdmin, tc.app, tc.rec, tc.comment)
		if status != tc.wantStatus || body["code"] != tc.wantCode {
			t.Errorf("%s: got %d %v, want %d %s", tc.name, status, body, tc.wantStatus, tc.wantCode)
			continue
		}
		if tc.wantKey != "" && !errorKeys(body)[tc.wantKey] {
			t.Errorf("%s: errors lack %q: %v", tc.name, tc.wantKey, body["errors"])
		}
	}
	// Exactly the limit is fine.
	status, body := cmtPost(t, srv, testAdmin, appID, recID, map[string]any{"text": strings.Repeat("あ", maxCommentText)})
	if status != 200 || body["id"] != "1" {
		t.Fatalf("longest text: %d %v", status, body)
	}

	getCases := []struct {
		query      string
		wantStatus int
		wantCode   string
		wantKey    string
	}{
		{fmt.Sprintf("app=%d&record=%d&order=up", appID, recID), 400, "CB_VA01", "order"},
		{fmt.Sprintf("app=%d&record=%d&limit=11", appID, recID), 400, "CB_VA01", "limit"},
		{fmt.Sprintf("app=%d&record=%d&offset=-1", appID, recID), 400, "CB_VA01", "offset"},
		{fmt.Sprintf("app=%d", appID), 400, "CB_VA01", "record"},
		{fmt.Sprintf("app=%d&record=99", appID), 404, "GAIA_RE01", ""},
		{fmt.Sprintf("app=%d&record=%d", offApp, offRec), 400, "GAIA_RE12", ""},
	}
	// Field messages follow the caller's language.
	if _, err := srv.AddUser(User{Code: "eve", Password: "pw", Locale: "en"}); err != nil {
		t.Fatal(err)
	}
	_, body = cmtGet(t, srv, procAs("eve"), fmt.Sprintf("app=%d&record=%d&order=up&limit=-1", appID, recID))
	wantErrs := map[string]any{
		"order": map[string]any{"messages": []any{"must be one of the enum value"}},
		"limit": map[string]any{"messages": []any{"must be greater than or equal to 0"}},
	}
	if !reflect.DeepEqual(body["errors"], wantErrs) {
		t.Errorf("English errors = %v, want %v", body["errors"], wantErrs)
	}

	for _, tc := range getCases {
		status, body := cmtGet(t, srv, testAdmin, tc.query)
		if status != tc.wantStatus || body["code"] != tc.wantCode {
			t.Errorf("GET %s: got %d %v, want %d %s", tc.query, status, body, tc.wantStatus, tc.wantCode)
			continue
		}
		if tc.wantKey != "" && !errorKeys(body)[tc.wantKey] {
			t.Errorf("GET %s: errors lack %q: %v", tc.query, tc.wantKey, body["errors"])
		}
	}
}

func TestCommentMentions(t *testing.T) {
	srv, _, appID, recID, _, _ := cmtSetup(t)
	mentions := []any{
		map[string]any{"code": "bob", "type": "USER"},
		map[string]any{"code": "devs", "type": "GROUP"},
		map[string]any{"code": "sales", "type": "ORGANIZATION"},
	}
	status, body := cmtPost(t, srv, procAs("alice"), appID, recID, map[string]any{"text": "please review", "mentions": mentions})
	if status != 200 {
		t.Fatalf("post: %d %v", status, body)
	}
	_, body = cmtGet(t, srv, procAs("bob"), fmt.Sprintf("app=%d&record=%d", appID, recID))
	got := body["comments"].([]any)[0].(map[string]any)
	if got["text"] != "bob san Developers Sales \nplease review" {
		t.Errorf("text = %q", got["text"])
	}
	if !reflect.DeepEqual(got["mentions"], mentions) {
		t.Errorf("mentions = %v, want %v", got["mentions"], mentions)
	}
}

func TestCommentDelete(t *testing.T) {
	srv, _, appID, recID, offApp, offRec := cmtSetup(t)
	if err := srv.AddAPIToken(appID, "tok-view", TokenPermissions{View: true}); err != nil {
		t.Fatal(err)
	}
	for _, who := range []testAuth{procAs("alice"), procAs("bob"), procToken("tok-view")} {
		if status, body := cmtPost(t, srv, who, appID, recID, map[string]any{"text": "hi"}); status != 200 {
			t.Fatalf("post: %d %v", status, body)
		}
	}
	del := func(auth testAuth, app, rec int64, comment any) (int, map[string]any) {
		body := map[string]any{"app": app, "record": rec}
		if comment != nil {
			body["comment"] = comment
		}
		return procDo(t, srv, auth, http.MethodDelete, "/k/v1/record/comment.json", body)
	}
	cases := []struct {
		name       string
		auth       testAuth
		app, rec   int64
		comment    any
		wantStatus int
		wantCode   string
	}{
		{"missing comment parameter", procAs("alice"), appID, recID, nil, 400, "CB_VA01"},
		{"no such comment", procAs("alice"), appID, recID, 9, 400, "GAIA_RE02"},
		{"someone else's comment", procAs("alice"), appID, recID, 2, 403, "GAIA_RE03"},
		{"token deleting a user's comment", procToken("tok-view"), appID, recID, 1, 403, "GAIA_RE03"},
		{"unknown record", procAs("alice"), appID, 99, 1, 404, "GAIA_RE01"},
		{"comments disabled", procAs("alice"), offApp, offRec, 1, 400, "GAIA_RE12"},
	}
	for _, tc := range cases {
		status, body := del(tc.auth, tc.app, tc.rec, tc.comment)
		if status != tc.wantStatus || body["code"] != tc.wantCode {
			t.Errorf("%s: got %d %v, want %d %s", tc.name, status, body, tc.wantStatus, tc.wantCode)
		}
	}
	for _, d := range []struct {
		auth testAuth
		id   string
	}{{procAs("alice"), "1"}, {procToken("tok-view"), "3"}} {
		if status, body := del(d.auth, appID, recID, d.id); status != 200 || len(body) != 0 {
			t.Fatalf("delete %s: %d %v", d.id, status, body)
		}
	}
	status, body := cmtGet(t, srv, procToken("tok-view"), fmt.Sprintf("app=%d&record=%d", appID, recID))
	if status != 200 || !reflect.DeepEqual(cmtIDs(body), []string{"2"}) {
		t.Fatalf("after deletes: %d %v", status, body)
	}
	// Ids are not reused after a delete.
	if _, body := cmtPost(t, srv, procAs("bob"), appID, recID, map[string]any{"text": "again"}); body["id"] != "4" {
		t.Errorf("next id = %v, want 4", body["id"])
	}
}
