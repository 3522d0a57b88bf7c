package write

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/query"
	"github.com/kintone-sql/kintone/schema"
)

// settleTimeout bounds the re-read that settles a lost answer; it runs even
// when the statement's context has ended, since the caller needs to know.
const settleTimeout = 15 * time.Second

// settle re-reads records of ops, one atomic call whose answer was lost, to
// learn whether kintone applied it. One record tells for the whole call:
// a deleted record is gone, an updated one has moved past the revision the
// write expected. known is false when no record can tell: inserts and
// upserts (kintone has no idempotency key), updates sent without a
// revision, records someone else deleted, or a failed re-read.
func settle(ctx context.Context, env *engine.Env, ops []*op) (applied, known bool) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), settleTimeout)
	defer cancel()
	for _, o := range ops {
		if o.kind == opDelete && len(o.ids) > 0 {
			recs, err := recordsByID(ctx, env, o.app, o.guest, o.ids, []string{schema.ColumnID})
			if err != nil {
				return false, false
			}
			// The call deletes all its records or none.
			return len(recs) == 0, true
		}
		id, rev := o.probe()
		if id == 0 {
			continue
		}
		recs, err := recordsByID(ctx, env, o.app, o.guest, []int64{id}, []string{schema.ColumnID, schema.ColumnRevision})
		if err != nil {
			return false, false
		}
		if len(recs) == 0 {
			continue
		}
		now, err := rawInt(recs[0][schema.ColumnRevision].Value)
		switch {
		case err != nil || now < rev:
			return false, false
		case now == rev:
			return false, true
		}
		return true, true
	}
	return false, false
}

// probe returns a record the op changes with the revision the change
// expects (kintone refuses it when the record has moved on), or 0.
func (o *op) probe() (id, revision int64) {
	switch o.kind {
	case opUpdate, opUpsert:
		for _, u := range o.updates {
			if u.ID > 0 && u.Revision > 0 {
				return u.ID, u.Revision
			}
		}
	case opStatus:
		for _, s := range o.statuses {
			if s.Revision > 0 {
				return s.ID, s.Revision
			}
		}
	case opAssignees:
		if o.revision > 0 {
			return o.ids[0], o.revision
		}
	}
	return 0, 0
}

// recordsByID reads the given fields of the records ids of an app (those
// that exist), 100 per request.
func recordsByID(ctx context.Context, env *engine.Env, app, guest int64, ids []int64, fields []string) ([]client.Record, error) {
	c := clientFor(env.Client, guest)
	var out []client.Record
	for start := 0; start < len(ids); start += client.MaxRecordsPerWrite {
		end := min(start+client.MaxRecordsPerWrite, len(ids))
		vals := make([]query.Value, 0, end-start)
		for _, id := range ids[start:end] {
			vals = append(vals, query.Num(strconv.FormatInt(id, 10)))
		}
		limit := end - start
		q := &query.Query{Where: &query.Condition{Field: query.Field{Code: schema.ColumnID}, Op: query.OpIn, Values: vals}, Limit: &limit}
		if env.Stats != nil {
			env.Stats.Requests.Add(1)
		}
		recs, _, err := c.GetRecords(ctx, client.GetRecordsRequest{App: app, Fields: fields, Query: q.String()})
		if err != nil {
			return nil, fmt.Errorf("reading records of app %d: %w", app, err)
		}
		out = append(out, recs...)
	}
	return out, nil
}
