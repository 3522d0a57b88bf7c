package client

import (
	"context"
	"net/http"
)

// MaxAssignees is the most assignees one UpdateAssignees call takes.
const MaxAssignees = 100

// StatusUpdate runs a process-management Action on record ID; Assignee is the
// next assignee's login name when the action needs one, Revision the expected
// revision (0 or -1 skip the check).
type StatusUpdate struct {
	ID       int64  `json:"id"`
	Action   string `json:"action"`
	Assignee string `json:"assignee,omitempty"`
	Revision int64  `json:"revision,omitempty"`
}

// UpdateStatus runs one action (PUT record/status.json) and returns the new
// revision (kintone adds 2).
func (c *Client) UpdateStatus(ctx context.Context, app int64, update StatusUpdate) (int64, error) {
	params := struct {
		App int64 `json:"app"`
		StatusUpdate
	}{app, update}
	var out struct {
		Revision int64 `json:"revision,string"`
	}
	err := c.call(ctx, http.MethodPut, c.APIPath("record/status"), params, &out)
	return out.Revision, err
}

// UpdateStatuses runs actions on up to 100 records atomically (PUT
// records/status.json). An empty slice sends nothing.
func (c *Client) UpdateStatuses(ctx context.Context, app int64, updates []StatusUpdate) ([]RecordRevision, error) {
	if len(updates) == 0 {
		return nil, nil
	}
	if err := checkBatch("status updates", len(updates), MaxRecordsPerWrite); err != nil {
		return nil, err
	}
	params := struct {
		App     int64          `json:"app"`
		Records []StatusUpdate `json:"records"`
	}{app, updates}
	var out struct {
		Records []RecordRevision `json:"records"`
	}
	if err := c.call(ctx, http.MethodPut, c.APIPath("records/status"), params, &out); err != nil {
		return nil, err
	}
	return out.Records, nil
}

// UpdateAssignees replaces a record's assignees (PUT record/assignees.json)
// with up to 100 login names and returns the new revision.
func (c *Client) UpdateAssignees(ctx context.Context, app, id int64, assignees []string, revision int64) (int64, error) {
	if err := checkBatch("assignees", len(assignees), MaxAssignees); err != nil {
		return 0, err
	}
	if assignees == nil {
		assignees = []string{}
	}
	params := struct {
		App       int64    `json:"app"`
		ID        int64    `json:"id"`
		Assignees []string `json:"assignees"`
		Revision  int64    `json:"revision,omitempty"`
	}{app, id, assignees, revision}
	var out struct {
		Revision int64 `json:"revision,string"`
	}
	if err := c.call(ctx, http.MethodPut, c.APIPath("record/assignees"), params, &out); err != nil {
		return 0, err
	}
	return out.Revision, nil
}
