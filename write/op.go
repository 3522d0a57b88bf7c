package write

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// opKind is the kintone API an op calls.
type opKind int

// The write APIs, all allowed inside bulkRequest.
const (
	opAdd       opKind = iota + 1 // POST records.json
	opUpdate                      // PUT records.json
	opUpsert                      // PUT records.json with upsert
	opDelete                      // DELETE records.json
	opStatus                      // PUT records/status.json
	opAssignees                   // PUT record/assignees.json (one record)
)

// rowRef ties one record item of an op to the statement row it writes.
type rowRef struct {
	res *Result
	row int // index into res.rows
	// values are the values an INSERT row sends, by Result.columns;
	// errors show them for rows whose outcome is unknown.
	values engine.Row
	// also are further rows written by the same item (the rows of one
	// parent record in a subtable write).
	also []int
}

// outcomes returns the outcomes of the rows ref stands for.
func (ref rowRef) outcomes() []*rowOutcome {
	out := []*rowOutcome{&ref.res.rows[ref.row]}
	for _, i := range ref.also {
		out = append(out, &ref.res.rows[i])
	}
	return out
}

// op is one kintone write request of up to 100 records. Ops run in order;
// a run of ops goes out as one records.json call or, when longer, as
// bulkRequests of up to 20 ops each.
type op struct {
	kind  opKind
	app   int64
	guest int64         // guest space of the app, 0 if none
	table *schema.Table // table whose columns field errors refer to
	refs  []rowRef      // statement row of each record item
	// group keeps ops in the same bulkRequest (ops of the same records);
	// 0 means the op stands alone.
	group int

	records   []client.Record       // opAdd
	updates   []client.RecordUpdate // opUpdate, opUpsert
	ids       []int64               // opDelete; opAssignees: the record
	revisions []int64               // opDelete: expected revisions (-1: no check)
	statuses  []client.StatusUpdate // opStatus
	assignees []string              // opAssignees
	revision  int64                 // opAssignees: expected revision (0: no check)
}

// size is the number of record items of the op.
func (o *op) size() int { return len(o.refs) }

// recordIDs returns the ids of the records the op writes, where known
// before sending (nil for adds and upserts by key).
func (o *op) recordIDs() []int64 {
	switch o.kind {
	case opUpdate, opUpsert:
		out := make([]int64, 0, len(o.updates))
		for _, u := range o.updates {
			if u.ID != 0 {
				out = append(out, u.ID)
			}
		}
		return out
	case opDelete, opAssignees:
		return o.ids
	case opStatus:
		out := make([]int64, len(o.statuses))
		for i, s := range o.statuses {
			out[i] = s.ID
		}
		return out
	}
	return nil
}

// bulk builds the op's sub-request of a bulkRequest.
func (o *op) bulk(c *client.Client) (client.BulkRequest, error) {
	switch o.kind {
	case opAdd:
		return c.NewAddRecordsBulk(o.app, o.records)
	case opUpdate, opUpsert:
		return c.NewUpdateRecordsBulk(o.app, o.updates, o.kind == opUpsert)
	case opDelete:
		return c.NewDeleteRecordsBulk(o.app, o.ids, o.revisions)
	case opStatus:
		return client.BulkRequest{Method: http.MethodPut, API: c.APIPath("records/status"), Payload: struct {
			App     int64                 `json:"app"`
			Records []client.StatusUpdate `json:"records"`
		}{o.app, o.statuses}}, nil
	case opAssignees:
		return client.BulkRequest{Method: http.MethodPut, API: c.APIPath("record/assignees"), Payload: struct {
			App       int64    `json:"app"`
			ID        int64    `json:"id"`
			Assignees []string `json:"assignees"`
			Revision  int64    `json:"revision,omitempty"`
		}{o.app, o.ids[0], nonNil(o.assignees), o.revision}}, nil
	}
	return client.BulkRequest{}, fmt.Errorf("write: unknown op kind %d", o.kind)
}

// nonNil returns s, or an empty slice for nil (kintone wants [] not null).
func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

// direct sends the op on its own (not inside bulkRequest) and records the
// outcome.
func (o *op) direct(ctx context.Context, c *client.Client) error {
	var out []client.RecordRevision
	var err error
	switch o.kind {
	case opAdd:
		out, err = c.AddRecords(ctx, o.app, o.records)
	case opUpdate, opUpsert:
		out, err = c.UpdateRecords(ctx, o.app, o.updates, o.kind == opUpsert)
	case opDelete:
		err = c.DeleteRecords(ctx, o.app, o.ids, o.revisions)
	case opStatus:
		out, err = c.UpdateStatuses(ctx, o.app, o.statuses)
	case opAssignees:
		var rev int64
		rev, err = c.UpdateAssignees(ctx, o.app, o.ids[0], o.assignees, o.revision)
		out = []client.RecordRevision{{ID: o.ids[0], Revision: rev}}
	default:
		err = fmt.Errorf("write: unknown op kind %d", o.kind)
	}
	if err != nil {
		return err
	}
	if err := o.record(out); err != nil {
		return fmt.Errorf("%w: %w", errUnreadableAnswer, err)
	}
	return nil
}

// applyBulk records the outcome from the op's answer inside a bulkRequest
// response.
func (o *op) applyBulk(raw json.RawMessage) error {
	var out []client.RecordRevision
	switch o.kind {
	case opAdd:
		var body struct {
			IDs       []string `json:"ids"`
			Revisions []string `json:"revisions"`
		}
		if err := json.Unmarshal(raw, &body); err != nil {
			return fmt.Errorf("write: decoding the answer to POST records.json: %w", err)
		}
		if len(body.IDs) != len(body.Revisions) {
			return fmt.Errorf("write: POST records.json answered %d ids and %d revisions", len(body.IDs), len(body.Revisions))
		}
		for i := range body.IDs {
			id, err1 := strconv.ParseInt(body.IDs[i], 10, 64)
			rev, err2 := strconv.ParseInt(body.Revisions[i], 10, 64)
			if err1 != nil || err2 != nil {
				return fmt.Errorf("write: POST records.json answered id %q revision %q", body.IDs[i], body.Revisions[i])
			}
			out = append(out, client.RecordRevision{ID: id, Revision: rev})
		}
	case opUpdate, opUpsert, opStatus:
		var body struct {
			Records []client.RecordRevision `json:"records"`
		}
		if err := json.Unmarshal(raw, &body); err != nil {
			return fmt.Errorf("write: decoding the answer to PUT %s: %w", o.api(), err)
		}
		out = body.Records
	case opAssignees:
		var body struct {
			Revision int64 `json:"revision,string"`
		}
		if err := json.Unmarshal(raw, &body); err != nil {
			return fmt.Errorf("write: decoding the answer to PUT record/assignees.json: %w", err)
		}
		out = []client.RecordRevision{{ID: o.ids[0], Revision: body.Revision}}
	}
	return o.record(out)
}

// api names the op's endpoint for messages.
func (o *op) api() string {
	switch o.kind {
	case opStatus:
		return "records/status.json"
	case opAssignees:
		return "record/assignees.json"
	}
	return "records.json"
}

// record stores kintone's answer (ids, revisions, upsert operations) in the
// statement results, item by item. Deletes carry no answer.
func (o *op) record(out []client.RecordRevision) error {
	if o.kind == opDelete {
		for i, ref := range o.refs {
			for _, r := range ref.outcomes() {
				r.id, r.revision = o.ids[i], 0
			}
		}
		return nil
	}
	if len(out) != len(o.refs) {
		return fmt.Errorf("write: kintone answered %d records for %d written", len(out), len(o.refs))
	}
	for i, ref := range o.refs {
		for _, r := range ref.outcomes() {
			r.id, r.revision = out[i].ID, out[i].Revision
			if o.kind == opUpsert && out[i].Operation == "UPDATE" {
				r.updated = true
			}
		}
	}
	return nil
}
