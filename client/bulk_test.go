package client

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
)

func TestBulkRequestBody(t *testing.T) {
	f := newFake(t, reply(200, `{"results":[{"ids":["1"],"revisions":["1"]},{"records":[{"id":"2","revision":"3"}]},{}]}`))
	c := f.client(t, Options{APITokens: []string{"a", "b"}, GuestSpaceID: 4})
	add, err := c.NewAddRecordsBulk(10, []Record{{"t": {Value: raw(`"x"`)}}})
	if err != nil {
		t.Fatal(err)
	}
	upd, err := c.NewUpdateRecordsBulk(11, []RecordUpdate{{ID: 2, Revision: 2}}, false)
	if err != nil {
		t.Fatal(err)
	}
	del, err := c.NewDeleteRecordsBulk(12, []int64{5}, nil)
	if err != nil {
		t.Fatal(err)
	}
	results, err := c.Bulk(context.Background(), []BulkRequest{add, upd, del})
	if err != nil {
		t.Fatal(err)
	}
	req := f.only(t)
	want := `{"requests":[` +
		`{"method":"POST","api":"/k/guest/4/v1/records.json","payload":{"app":10,"records":[{"t":{"value":"x"}}]}},` +
		`{"method":"PUT","api":"/k/guest/4/v1/records.json","payload":{"app":11,"records":[{"id":2,"revision":2}]}},` +
		`{"method":"DELETE","api":"/k/guest/4/v1/records.json","payload":{"app":12,"ids":[5]}}]}`
	if req.Method != "POST" || req.Path != "/k/guest/4/v1/bulkRequest.json" || string(req.Body) != want {
		t.Errorf("sent %s %s %s\nwant body %s", req.Method, req.Path, req.Body, want)
	}
	if len(results) != 3 {
		t.Fatalf("%d results", len(results))
	}
	var second struct {
		Records []RecordRevision `json:"records"`
	}
	if err := json.Unmarshal(results[1], &second); err != nil || second.Records[0] != (RecordRevision{ID: 2, Revision: 3}) {
		t.Errorf("second result = %s (%v)", results[1], err)
	}
}

func TestClientSideLimits(t *testing.T) {
	f := newFake(t, reply(200, `{}`))
	c := f.client(t, passwordOpts)
	ctx := context.Background()
	many := func(n int) []Record { return make([]Record, n) }
	ids := make([]int64, 101)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{"AddRecords 101", func() error { _, err := c.AddRecords(ctx, 1, many(101)); return err }, "101 records"},
		{"UpdateRecords 101", func() error { _, err := c.UpdateRecords(ctx, 1, make([]RecordUpdate, 101), false); return err }, "101 records"},
		{"UpdateRecords without key", func() error { _, err := c.UpdateRecords(ctx, 1, []RecordUpdate{{Revision: 1}}, false); return err }, "exactly one of ID and UpdateKey"},
		{"UpdateRecord id and key", func() error {
			_, err := c.UpdateRecord(ctx, 1, RecordUpdate{ID: 1, UpdateKey: &UpdateKey{"k", "v"}})
			return err
		}, "exactly one of ID and UpdateKey"},
		{"DeleteRecords 101", func() error { return c.DeleteRecords(ctx, 1, ids, nil) }, "101 records"},
		{"DeleteRecords revisions mismatch", func() error { return c.DeleteRecords(ctx, 1, []int64{1, 2}, []int64{1}) }, "1 revisions for 2 ids"},
		{"Bulk 21", func() error { _, err := c.Bulk(ctx, make([]BulkRequest, 21)); return err }, "21 bulk sub-requests"},
		{"UpdateStatuses 101", func() error { _, err := c.UpdateStatuses(ctx, 1, make([]StatusUpdate, 101)); return err }, "101 status updates"},
		{"UpdateAssignees 101", func() error { _, err := c.UpdateAssignees(ctx, 1, 1, make([]string, 101), 0); return err }, "101 assignees"},
		{"AddUsers 101", func() error { return c.AddUsers(ctx, make([]map[string]any, 101)) }, "101 users"},
		{"DeleteGroups 101", func() error { return c.DeleteGroups(ctx, make([]string, 101)) }, "101 groups"},
		{"cursor size", func() error { _, _, err := c.CreateCursor(ctx, CreateCursorRequest{App: 1, Size: 501}); return err }, "cursor size 501"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := tt.call(); err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error = %v, want it to mention %q", err, tt.want)
			}
		})
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests sent; limits must be checked before sending", n)
	}
}

func TestEmptyBatchesSendNothing(t *testing.T) {
	f := newFake(t, reply(200, `{}`))
	c := f.client(t, passwordOpts)
	ctx := context.Background()
	if got, err := c.AddRecords(ctx, 1, nil); got != nil || err != nil {
		t.Errorf("AddRecords(nil) = %v, %v", got, err)
	}
	if got, err := c.UpdateRecords(ctx, 1, nil, true); got != nil || err != nil {
		t.Errorf("UpdateRecords(nil) = %v, %v", got, err)
	}
	if err := c.DeleteRecords(ctx, 1, nil, nil); err != nil {
		t.Error(err)
	}
	if got, err := c.Bulk(ctx, nil); got != nil || err != nil {
		t.Errorf("Bulk(nil) = %v, %v", got, err)
	}
	if err := c.DeleteUsers(ctx, nil); err != nil {
		t.Error(err)
	}
	if n := len(f.requests()); n != 0 {
		t.Errorf("%d requests sent for empty batches", n)
	}
}

func TestAddRecordsMismatchedResponse(t *testing.T) {
	f := newFake(t, reply(200, `{"ids":["1","2"],"revisions":["1"]}`))
	if _, err := f.client(t, passwordOpts).AddRecords(context.Background(), 1, []Record{{}, {}}); err == nil {
		t.Error("mismatched ids/revisions accepted")
	}
}
