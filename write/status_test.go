package write

import (
	"context"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
)

// statusRead reads $id, $revision, the given values and the current status
// of every record.
func statusRead(t *testing.T, f *wfix, vals ...any) engine.Node {
	scan := scanOf(t, f.t, nil, "$id", "$revision", "ステータス")
	exprs := []engine.Expr{&engine.ColumnRef{Index: 0}, &engine.ColumnRef{Index: 1}}
	cols := []engine.Column{{Name: "$id"}, {Name: "$revision"}}
	for _, v := range vals {
		exprs = append(exprs, &engine.Literal{V: v})
		cols = append(cols, engine.Column{Name: "v"})
	}
	exprs = append(exprs, &engine.ColumnRef{Index: 2})
	cols = append(cols, engine.Column{Name: "status"})
	return &engine.Project{Input: scan, Exprs: exprs, Cols: cols}
}

// assignees returns the assignee codes of a record.
func (f *wfix) assignees(t *testing.T, id int64) string {
	list, _ := f.field(t, id, "作業者").([]any)
	var codes []string
	for _, e := range list {
		codes = append(codes, fmt.Sprint(e.(map[string]any)["code"]))
	}
	return strings.Join(codes, ",")
}

func TestStatusChanges(t *testing.T) {
	f := newWfix(t)
	ids := f.insertTitles(t, 3, 1).IDs()
	ctx := context.Background()

	// To a status, with the next assignee: one records/status.json call.
	f.srv.ResetCounters()
	up := &Update{Table: f.t, Set: wcols(t, f.t, "ステータス", "作業者"), Read: statusRead(t, f, "Approved", "alice")}
	res, err := Exec(ctx, f.env(), up)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"GET /k/v1/records.json": 1, "GET /k/v1/app/status.json": 1, "PUT /k/v1/records/status.json": 1}
	if got := f.requests(); !maps.Equal(got, want) {
		t.Errorf("requests %v, want %v", got, want)
	}
	for i, id := range ids {
		if f.field(t, id, "ステータス") != "Approved" || f.assignees(t, id) != "alice" || f.revision(t, id) != 3 || res.Revisions()[i] != 3 {
			t.Fatalf("record %d: status %v assignees %s revision %d", id, f.field(t, id, "ステータス"), f.assignees(t, id), f.revision(t, id))
		}
	}

	// Already there: no action, no status request.
	f.srv.ResetCounters()
	if _, err := Exec(ctx, f.env(), &Update{Table: f.t, Set: wcols(t, f.t, "ステータス"), Read: statusRead(t, f, "Approved")}); err != nil {
		t.Fatal(err)
	}
	if got := f.requests(); got["PUT /k/v1/records/status.json"] != 0 || got["POST /k/v1/bulkRequest.json"] != 0 {
		t.Errorf("requests %v for a status already reached", got)
	}

	// Assignees alone: record/assignees.json per record, in one bulkRequest.
	f.srv.ResetCounters()
	up = &Update{Table: f.t, Set: wcols(t, f.t, "作業者"), Read: statusRead(t, f, `["Administrator"]`)}
	if _, err := Exec(ctx, f.env(), up); err != nil {
		t.Fatal(err)
	}
	if got := f.requests(); got["POST /k/v1/bulkRequest.json"] != 1 || f.assignees(t, ids[0]) != "Administrator" {
		t.Errorf("requests %v, assignees %s", got, f.assignees(t, ids[0]))
	}

	// The value may name the action; fields and status change together,
	// atomically.
	f.srv.ResetCounters()
	set := wcols(t, f.t, "Title", "ステータス")
	if _, err := Exec(ctx, f.env(), &Update{Table: f.t, Set: set, Read: statusRead(t, f, "reopened", "Reopen")}); err != nil {
		t.Fatal(err)
	}
	if got := f.requests(); got["POST /k/v1/bulkRequest.json"] != 1 || f.field(t, ids[1], "ステータス") != "Open" || f.field(t, ids[1], "title") != "reopened" {
		t.Errorf("requests %v, status %v", got, f.field(t, ids[1], "ステータス"))
	}

	// No way there: an error naming the actions on offer, nothing written.
	f.srv.ResetCounters()
	_, err = Exec(ctx, f.env(), &Update{Table: f.t, Set: set, Read: statusRead(t, f, "x", "Nowhere")})
	if err == nil || !strings.Contains(err.Error(), `no action leads from status "Open" to "Nowhere"`) || !strings.Contains(err.Error(), `"Approve" leads to "Approved"`) {
		t.Errorf("error %v", err)
	}
	if got := f.requests(); got["POST /k/v1/bulkRequest.json"]+got["PUT /k/v1/records.json"] != 0 {
		t.Errorf("requests %v after a refused status", got)
	}
}

func TestResolveAction(t *testing.T) {
	p := &process{actions: []client.ProcessAction{
		{Name: "Approve", From: "Open", To: "Done"},
		{Name: "Fast track", From: "Open", To: "Done"},
		{Name: "Hold", From: "Open", To: "Held"},
	}}
	cases := []struct {
		current, target string
		want, err       string
	}{
		{"Open", "Held", "Hold", ""},
		{"Open", "Fast track", "Fast track", ""},
		{"Open", "Open", "", ""},
		{"Open", "Done", "", "several actions"},
		{"Held", "Done", "", "no action starts from"},
	}
	for _, tc := range cases {
		a, err := p.resolve(change{id: 1, current: tc.current, status: tc.target})
		if tc.err != "" {
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s → %s: error %v, want %q", tc.current, tc.target, err, tc.err)
			}
			continue
		}
		if err != nil || a.name != tc.want {
			t.Errorf("%s → %s: %q, %v; want %q", tc.current, tc.target, a.name, err, tc.want)
		}
	}
}
