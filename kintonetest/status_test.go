package kintonetest

import (
	"fmt"
	"net/http"
	"reflect"
	"testing"
	"time"
)

// procProcessSpec is a task app whose process covers every assignee rule:
//
//	Not started (ANY: creator) --Start--> In progress (ONE: alice, bob)
//	In progress --Submit--> Review (ALL: group reviewers = alice, carol)
//	Review --Approve--> Done (no assignees)
//	Not started --Assign--> Assigned (ONE: dave only)
//	Assigned --Check--> Owner check (ANY: the users of field "owner")
//	Not started --Escalate--> Org review (ANY: organization sales)
//	Not started --Twice--> Done and --Twice--> Assigned (ambiguous name)
//	Not started --Rush--> Done, only for records titled "urgent"
func procProcessSpec() AppSpec {
	return AppSpec{
		Name: "Tasks",
		Fields: []*Field{
			{Type: TypeSingleLineText, Code: "title"},
			{Type: TypeUserSelect, Code: "owner"},
		},
		Process: &ProcessManagement{
			Enable: true,
			States: []State{
				{Name: "Not started", AssigneeType: assigneeAny, Assignees: []Entity{{Type: "CREATOR"}}},
				{Name: "In progress", AssigneeType: assigneeOne, Assignees: []Entity{{Type: "USER", Code: "alice"}, {Type: "USER", Code: "bob"}}},
				{Name: "Review", AssigneeType: assigneeAll, Assignees: []Entity{{Type: "GROUP", Code: "reviewers"}}},
				{Name: "Assigned", AssigneeType: assigneeOne, Assignees: []Entity{{Type: "USER", Code: "dave"}}},
				{Name: "Owner check", AssigneeType: assigneeAny, Assignees: []Entity{{Type: "FIELD_ENTITY", Code: "owner"}}},
				{Name: "Org review", AssigneeType: assigneeAny, Assignees: []Entity{{Type: "ORGANIZATION", Code: "sales"}}},
				{Name: "Done", AssigneeType: assigneeOne},
			},
			Actions: []Action{
				{Name: "Start", From: "Not started", To: "In progress"},
				{Name: "Submit", From: "In progress", To: "Review"},
				{Name: "Approve", From: "Review", To: "Done"},
				{Name: "Assign", From: "Not started", To: "Assigned"},
				{Name: "Check", From: "Assigned", To: "Owner check"},
				{Name: "Escalate", From: "Not started", To: "Org review"},
				{Name: "Twice", From: "Not started", To: "Done"},
				{Name: "Rush", From: "Not started", To: "Done", FilterCond: `title = "urgent"`},
				{Name: "Twice", From: "Not started", To: "Assigned"},
			},
		},
	}
}

// procSetup starts a server with users alice, bob, carol, dave, the group
// reviewers (alice, carol) and the task app; the clock reads
// 2026-06-17 03:12:18 UTC.
func procSetup(t *testing.T) (*Server, int64, *testClock) {
	t.Helper()
	clk := &testClock{t: time.Date(2026, 6, 17, 3, 12, 18, 0, time.UTC)}
	srv := NewServer(WithClock(clk.now))
	t.Cleanup(srv.Close)
	procSeedUsers(t, srv, "alice", "bob", "carol", "dave")
	if _, err := srv.AddGroup(Group{Code: "reviewers"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.SetGroupMembers("reviewers", []string{"alice", "carol"}); err != nil {
		t.Fatal(err)
	}
	appID, err := srv.CreateApp(procProcessSpec())
	if err != nil {
		t.Fatal(err)
	}
	return srv, appID, clk
}

// procStatus changes a record's status and returns the response.
func procStatus(t *testing.T, srv *Server, auth testAuth, appID, id int64, action, assignee string, revision any) (int, map[string]any) {
	t.Helper()
	body := map[string]any{"app": appID, "id": id, "action": action}
	if assignee != "" {
		body["assignee"] = assignee
	}
	if revision != nil {
		body["revision"] = revision
	}
	return procDo(t, srv, auth, http.MethodPut, "/k/v1/record/status.json", body)
}

// procWantState checks a record's status, assignees and revision.
func procWantState(t *testing.T, srv *Server, appID, id int64, status string, assignees []string, revision int64) {
	t.Helper()
	r := procRecord(t, srv, appID, id)
	if got := r.Values["ステータス"]; got != status {
		t.Errorf("status = %v, want %q", got, status)
	}
	if got := procCodes(r.Values["作業者"]); !reflect.DeepEqual(got, assignees) {
		t.Errorf("assignees = %v, want %v", got, assignees)
	}
	if r.Revision != revision {
		t.Errorf("revision = %d, want %d", r.Revision, revision)
	}
}

func TestStatusWorkflow(t *testing.T) {
	srv, appID, _ := procSetup(t)
	id := procSeedRecord(t, srv, appID, "alice", nil)
	procWantState(t, srv, appID, id, "Not started", []string{"alice"}, 1)

	steps := []struct {
		name       string
		who        testAuth
		action     string
		assignee   string
		revision   any
		wantStatus int
		wantCode   string // error code, "" on success
		wantRev    string
	}{
		{"not the assignee", testAdmin, "Start", "bob", nil, 403, "GAIA_NT01", ""},
		{"ONE needs an assignee", procAs("alice"), "Start", "", nil, 400, "GAIA_SA01", ""},
		{"unknown assignee", procAs("alice"), "Start", "zed", nil, 400, "GAIA_IL26", ""},
		{"assignee not a candidate", procAs("alice"), "Start", "carol", nil, 400, "CB_VA01", ""},
		{"stale revision", procAs("alice"), "Start", "bob", 2, 409, "GAIA_CO02", ""},
		{"start", procAs("alice"), "Start", "bob", "1", 200, "", "3"},
		{"action from another state", procAs("bob"), "Start", "bob", nil, 400, "GAIA_IL03", ""},
		{"ALL takes no assignee", procAs("bob"), "Submit", "alice", nil, 400, "GAIA_SA04", ""},
		{"submit", procAs("bob"), "Submit", "", -1, 200, "", "5"},
		{"approve", procAs("carol"), "Approve", "", 5, 200, "", "7"},
	}
	for _, s := range steps {
		status, body := procStatus(t, srv, s.who, appID, id, s.action, s.assignee, s.revision)
		if s.wantCode != "" {
			if status != s.wantStatus || body["code"] != s.wantCode {
				t.Fatalf("%s: got %d %v, want %d %s", s.name, status, body, s.wantStatus, s.wantCode)
			}
			continue
		}
		if status != 200 || body["revision"] != s.wantRev {
			t.Fatalf("%s: got %d %v, want revision %s", s.name, status, body, s.wantRev)
		}
		switch s.action {
		case "Start":
			procWantState(t, srv, appID, id, "In progress", []string{"bob"}, 3)
		case "Submit":
			procWantState(t, srv, appID, id, "Review", []string{"alice", "carol"}, 5)
		case "Approve":
			procWantState(t, srv, appID, id, "Done", nil, 7)
		}
	}
	r := procRecord(t, srv, appID, id)
	if m, _ := r.Values["更新者"].(Entity); m.Code != "carol" || m.Name != "carol san" {
		t.Errorf("modifier = %+v, want carol", r.Values["更新者"])
	}
	if got := r.Values["更新日時"]; got != "2026-06-17T03:12:00Z" {
		t.Errorf("updated time = %v, want minute precision 2026-06-17T03:12:00Z", got)
	}
	if as, ok := r.Values["作業者"].([]Entity); !ok || as == nil {
		t.Errorf("assignees of Done = %#v, want an empty []Entity", r.Values["作業者"])
	}
}

func TestStatusAssigneeRules(t *testing.T) {
	srv, appID, _ := procSetup(t)
	id := procSeedRecord(t, srv, appID, "alice", map[string]any{"owner": []Entity{{Code: "carol", Name: "carol san"}, {Code: "bob", Name: "bob san"}}})

	// A ONE state with a single candidate takes it without being told.
	if status, body := procStatus(t, srv, procAs("alice"), appID, id, "Assign", "", nil); status != 200 {
		t.Fatalf("Assign: %d %v", status, body)
	}
	procWantState(t, srv, appID, id, "Assigned", []string{"dave"}, 3)
	// FIELD_ENTITY assigns the users of the named field, in its order.
	if status, body := procStatus(t, srv, procAs("dave"), appID, id, "Check", "", nil); status != 200 {
		t.Fatalf("Check: %d %v", status, body)
	}
	procWantState(t, srv, appID, id, "Owner check", []string{"carol", "bob"}, 5)

	// ORGANIZATION assigns the organization's members. A record with no
	// status yet (added before process management was on) is in the first
	// state, and with no assignees anyone may act.
	if _, err := srv.AddOrganization(Organization{Code: "sales"}); err != nil {
		t.Fatal(err)
	}
	for _, u := range []string{"dave", "bob"} {
		if err := srv.SetUserOrganizations(u, []OrgMembership{{Org: "sales"}}); err != nil {
			t.Fatal(err)
		}
	}
	old := procSeedRecord(t, srv, appID, "alice", nil)
	procForgetStatus(t, srv, appID, old)
	if status, body := procStatus(t, srv, procAs("carol"), appID, old, "Escalate", "", nil); status != 200 {
		t.Fatalf("Escalate: %d %v", status, body)
	}
	procWantState(t, srv, appID, old, "Org review", []string{"bob", "dave"}, 3)

	// An action with a filter condition runs only on matching records.
	calm := procSeedRecord(t, srv, appID, "alice", map[string]any{"title": "later"})
	status, body := procStatus(t, srv, procAs("alice"), appID, calm, "Rush", "", nil)
	procWantError(t, status, body, 400, "GAIA_IL03")
	urgent := procSeedRecord(t, srv, appID, "alice", map[string]any{"title": "urgent"})
	if status, body := procStatus(t, srv, procAs("alice"), appID, urgent, "Rush", "", nil); status != 200 {
		t.Fatalf("Rush on a matching record: %d %v", status, body)
	}
	procWantState(t, srv, appID, urgent, "Done", nil, 3)
}

func TestStatusErrors(t *testing.T) {
	srv, appID, _ := procSetup(t)
	id := procSeedRecord(t, srv, appID, "alice", nil)
	plain, plainID := procPlainRecord(t, srv)
	alice := procAs("alice")

	cases := []struct {
		name       string
		body       map[string]any
		wantStatus int
		wantCode   string
		wantKeys   []string
	}{
		{"missing parameters", map[string]any{}, 400, "CB_VA01", []string{"app", "id", "action"}},
		{"unknown app", map[string]any{"app": 999, "id": id, "action": "Start"}, 404, "GAIA_AP01", nil},
		{"unknown record", map[string]any{"app": appID, "id": 999, "action": "Start"}, 404, "GAIA_RE01", nil},
		{"unknown action", map[string]any{"app": appID, "id": id, "action": "Fly"}, 400, "GAIA_IL03", nil},
		{"ambiguous action", map[string]any{"app": appID, "id": id, "action": "Twice"}, 400, "GAIA_IL03", nil},
		{"process disabled", map[string]any{"app": plain, "id": plainID, "action": "Start"}, 400, "GAIA_ST02", nil},
	}
	for _, tc := range cases {
		status, body := procDo(t, srv, alice, http.MethodPut, "/k/v1/record/status.json", tc.body)
		if status != tc.wantStatus || body["code"] != tc.wantCode {
			t.Errorf("%s: got %d %v, want %d %s", tc.name, status, body, tc.wantStatus, tc.wantCode)
			continue
		}
		keys := errorKeys(body)
		for _, k := range tc.wantKeys {
			if !keys[k] {
				t.Errorf("%s: errors lack %q: %v", tc.name, k, body["errors"])
			}
		}
	}
	procWantState(t, srv, appID, id, "Not started", []string{"alice"}, 1)
}

func TestStatusTokenActsAsAdministrator(t *testing.T) {
	srv, appID, _ := procSetup(t)
	other, err := srv.CreateApp(AppSpec{Name: "Other"})
	if err != nil {
		t.Fatal(err)
	}
	for tok, app := range map[string]int64{"tok-view": appID, "tok-other": other} {
		if err := srv.AddAPIToken(app, tok, TokenPermissions{View: true}); err != nil {
			t.Fatal(err)
		}
	}
	aliceRec := procSeedRecord(t, srv, appID, "alice", nil)
	adminRec := procSeedRecord(t, srv, appID, "alice", map[string]any{"作業者": []Entity{{Code: DefaultUser, Name: DefaultUser}}})

	status, body := procStatus(t, srv, procToken("tok-view"), appID, aliceRec, "Assign", "", nil)
	procWantError(t, status, body, 403, "GAIA_NT01")
	status, body = procStatus(t, srv, procToken("tok-other"), appID, adminRec, "Assign", "", nil)
	procWantError(t, status, body, 403, "GAIA_NO01")
	if status, body = procStatus(t, srv, procToken("tok-view"), appID, adminRec, "Assign", "", nil); status != 200 {
		t.Fatalf("token as Administrator: %d %v", status, body)
	}
	procWantState(t, srv, appID, adminRec, "Assigned", []string{"dave"}, 3)
	if m, _ := procRecord(t, srv, appID, adminRec).Values["更新者"].(Entity); m.Code != DefaultUser {
		t.Errorf("modifier of a token call = %+v, want Administrator", m)
	}
}

func TestStatusesAllOrNothing(t *testing.T) {
	srv, appID, _ := procSetup(t)
	r1 := procSeedRecord(t, srv, appID, "alice", nil)
	r2 := procSeedRecord(t, srv, appID, "alice", nil)
	alice := procAs("alice")
	put := func(records []map[string]any) (int, map[string]any) {
		return procDo(t, srv, alice, http.MethodPut, "/k/v1/records/status.json", map[string]any{"app": appID, "records": records})
	}

	// The second change fails, so the first is rolled back.
	status, body := put([]map[string]any{
		{"id": r1, "action": "Start", "assignee": "bob"},
		{"id": r2, "action": "Approve"},
	})
	procWantError(t, status, body, 400, "GAIA_IL03")
	procWantState(t, srv, appID, r1, "Not started", []string{"alice"}, 1)

	status, body = put([]map[string]any{
		{"id": r1, "action": "Start", "assignee": "bob", "revision": 1},
		{"id": fmt.Sprint(r2), "action": "Assign"},
	})
	want := []any{
		map[string]any{"id": fmt.Sprint(r1), "revision": "3"},
		map[string]any{"id": fmt.Sprint(r2), "revision": "3"},
	}
	if status != 200 || !reflect.DeepEqual(body["records"], want) {
		t.Fatalf("got %d %v, want records %v", status, body, want)
	}
	procWantState(t, srv, appID, r1, "In progress", []string{"bob"}, 3)
	procWantState(t, srv, appID, r2, "Assigned", []string{"dave"}, 3)

	status, body = put([]map[string]any{{"id": r1}})
	procWantError(t, status, body, 400, "CB_VA01")
	if !errorKeys(body)["records[0].action"] {
		t.Errorf("errors lack records[0].action: %v", body["errors"])
	}

	many := make([]map[string]any, maxStatusRecords+1)
	for i := range many {
		many[i] = map[string]any{"id": r1, "action": "Submit"}
	}
	status, body = put(many)
	procWantError(t, status, body, 400, "CB_VA01")
	if !errorKeys(body)["records"] {
		t.Errorf("errors lack records: %v", body["errors"])
	}
	procWantState(t, srv, appID, r1, "In progress", []string{"bob"}, 3)
}

func TestStatusInBulkRequest(t *testing.T) {
	srv, appID, _ := procSetup(t)
	r1 := procSeedRecord(t, srv, appID, "alice", nil)
	r2 := procSeedRecord(t, srv, appID, "alice", nil)
	bulk := func(requests ...map[string]any) (int, map[string]any) {
		return procDo(t, srv, procAs("alice"), http.MethodPost, "/k/v1/bulkRequest.json", map[string]any{"requests": requests})
	}
	start := map[string]any{"method": "PUT", "api": "/k/v1/record/status.json",
		"payload": map[string]any{"app": appID, "id": r1, "action": "Start", "assignee": "bob"}}
	assign := map[string]any{"method": "PUT", "api": "/k/v1/record/assignees.json",
		"payload": map[string]any{"app": appID, "id": r2, "assignees": []string{"carol"}}}
	bad := map[string]any{"method": "PUT", "api": "/k/v1/records/status.json",
		"payload": map[string]any{"app": appID, "records": []any{map[string]any{"id": r2, "action": "Approve"}}}}

	status, body := bulk(start, assign, bad)
	results, _ := body["results"].([]any)
	if status != 400 || len(results) != 3 || results[2].(map[string]any)["code"] != "GAIA_IL03" {
		t.Fatalf("failing bulk: %d %v", status, body)
	}
	procWantState(t, srv, appID, r1, "Not started", []string{"alice"}, 1)
	procWantState(t, srv, appID, r2, "Not started", []string{"alice"}, 1)

	status, body = bulk(start, assign)
	want := []any{map[string]any{"revision": "3"}, map[string]any{"revision": "2"}}
	if status != 200 || !reflect.DeepEqual(body["results"], want) {
		t.Fatalf("bulk: %d %v, want results %v", status, body, want)
	}
	procWantState(t, srv, appID, r1, "In progress", []string{"bob"}, 3)
	procWantState(t, srv, appID, r2, "Not started", []string{"carol"}, 2)
}
