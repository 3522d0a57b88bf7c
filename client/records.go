package client

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
)

// MaxRecordsPerWrite is the most records one add, update or delete call takes.
const MaxRecordsPerWrite = 100

// MaxRecordsPerGet is the most records one GetRecords call returns (limit 500).
const MaxRecordsPerGet = 500

// GetRecord returns one record (GET record.json).
func (c *Client) GetRecord(ctx context.Context, app, id int64) (Record, error) {
	params := struct {
		App int64 `json:"app"`
		ID  int64 `json:"id"`
	}{app, id}
	var out struct {
		Record Record `json:"record"`
	}
	if err := c.call(ctx, http.MethodGet, c.APIPath("record"), params, &out); err != nil {
		return nil, err
	}
	return out.Record, nil
}

// GetRecordsRequest is the input of GetRecords. Query is kintone query text
// (built with the query package) and may carry order by, limit and offset.
type GetRecordsRequest struct {
	App        int64    `json:"app"`
	Fields     []string `json:"fields,omitempty"`
	Query      string   `json:"query,omitempty"`
	TotalCount bool     `json:"totalCount,omitempty"`
}

// GetRecords returns the records matching req (GET records.json) and, when
// req.TotalCount is set, the number of records matching the condition.
func (c *Client) GetRecords(ctx context.Context, req GetRecordsRequest) ([]Record, *int64, error) {
	var out recordsAnswer
	if err := c.call(ctx, http.MethodGet, c.APIPath("records"), req, &out); err != nil {
		return nil, nil, err
	}
	if !out.HasRecords {
		return nil, nil, fmt.Errorf("kintone: GET %s: %w: the answer has no records array", c.APIPath("records"), ErrProtocol)
	}
	if out.TotalCount == nil {
		return out.Records, nil, nil
	}
	n, err := strconv.ParseInt(*out.TotalCount, 10, 64)
	if err != nil {
		return nil, nil, fmt.Errorf("kintone: GET %s: bad totalCount %q: %w", c.APIPath("records"), *out.TotalCount, err)
	}
	return out.Records, &n, nil
}

// AddRecord adds one record (POST record.json); a nil record is created from
// the field defaults.
func (c *Client) AddRecord(ctx context.Context, app int64, record Record) (RecordRevision, error) {
	params := struct {
		App    int64  `json:"app"`
		Record Record `json:"record,omitempty"`
	}{app, record}
	var out RecordRevision
	err := c.call(ctx, http.MethodPost, c.APIPath("record"), params, &out)
	return out, err
}

// AddRecords adds up to 100 records atomically (POST records.json) and returns
// their ids and revisions in order. An empty slice sends nothing.
func (c *Client) AddRecords(ctx context.Context, app int64, records []Record) ([]RecordRevision, error) {
	if len(records) == 0 {
		return nil, nil
	}
	req, err := c.NewAddRecordsBulk(app, records)
	if err != nil {
		return nil, err
	}
	var out struct {
		IDs       []string `json:"ids"`
		Revisions []string `json:"revisions"`
	}
	if err := c.call(ctx, req.Method, req.API, req.Payload, &out); err != nil {
		return nil, err
	}
	return zipRevisions(req.API, out.IDs, out.Revisions)
}

// zipRevisions pairs the parallel id and revision arrays of records.json.
func zipRevisions(path string, ids, revisions []string) ([]RecordRevision, error) {
	if len(ids) != len(revisions) {
		return nil, fmt.Errorf("kintone: POST %s: %d ids but %d revisions in the response", path, len(ids), len(revisions))
	}
	res := make([]RecordRevision, len(ids))
	for i := range ids {
		id, err := strconv.ParseInt(ids[i], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("kintone: POST %s: bad id %q: %w", path, ids[i], err)
		}
		rev, err := strconv.ParseInt(revisions[i], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("kintone: POST %s: bad revision %q: %w", path, revisions[i], err)
		}
		res[i] = RecordRevision{ID: id, Revision: rev}
	}
	return res, nil
}

// RecordUpdate is one record change: ID or UpdateKey (not both), an optional
// expected Revision (0 or -1 skip the check) and the fields to change.
type RecordUpdate struct {
	ID        int64      `json:"id,omitempty"`
	UpdateKey *UpdateKey `json:"updateKey,omitempty"`
	Revision  int64      `json:"revision,omitempty"`
	Record    Record     `json:"record,omitempty"`
}

// validate checks that exactly one of ID and UpdateKey is set.
func (u RecordUpdate) validate() error {
	if (u.ID != 0) == (u.UpdateKey != nil) {
		return fmt.Errorf("kintone client: a record update needs exactly one of ID and UpdateKey")
	}
	return nil
}

// UpdateRecord updates one record (PUT record.json) and returns its new revision.
func (c *Client) UpdateRecord(ctx context.Context, app int64, update RecordUpdate) (int64, error) {
	if err := update.validate(); err != nil {
		return 0, err
	}
	params := struct {
		App int64 `json:"app"`
		RecordUpdate
	}{app, update}
	var out struct {
		Revision int64 `json:"revision,string"`
	}
	err := c.call(ctx, http.MethodPut, c.APIPath("record"), params, &out)
	return out.Revision, err
}

// UpdateRecords updates up to 100 records atomically (PUT records.json). With
// upsert, records that do not exist are inserted and each result carries its
// Operation. An empty slice sends nothing.
func (c *Client) UpdateRecords(ctx context.Context, app int64, updates []RecordUpdate, upsert bool) ([]RecordRevision, error) {
	if len(updates) == 0 {
		return nil, nil
	}
	req, err := c.NewUpdateRecordsBulk(app, updates, upsert)
	if err != nil {
		return nil, err
	}
	var out struct {
		Records []RecordRevision `json:"records"`
	}
	if err := c.call(ctx, req.Method, req.API, req.Payload, &out); err != nil {
		return nil, err
	}
	return out.Records, nil
}

// DeleteRecords deletes up to 100 records atomically (DELETE records.json).
// revisions is nil or parallel to ids (-1 skips the check for one record).
// An empty ids sends nothing.
func (c *Client) DeleteRecords(ctx context.Context, app int64, ids, revisions []int64) error {
	if len(ids) == 0 {
		return nil
	}
	req, err := c.NewDeleteRecordsBulk(app, ids, revisions)
	if err != nil {
		return err
	}
	return c.call(ctx, req.Method, req.API, req.Payload, nil)
}

// checkBatch enforces the per-call limit of a batch write before sending.
func checkBatch(what string, n, limit int) error {
	if n > limit {
		return fmt.Errorf("kintone client: %d %s in one call; kintone accepts at most %d", n, what, limit)
	}
	return nil
}
