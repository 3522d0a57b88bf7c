package write

import (
	"context"
	"fmt"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
)

// MaxAtomicRecords is the most records one atomic kintone call can write:
// a bulkRequest of 20 records.json requests of 100 records each.
const MaxAtomicRecords = client.MaxBulkRequests * client.MaxRecordsPerWrite

// chunks splits ops into runs of at most client.MaxBulkRequests ops, each
// run one atomic kintone call, never splitting a group.
func chunks(ops []*op) [][]*op {
	var out [][]*op
	var cur []*op
	for i := 0; i < len(ops); {
		j := i + 1
		for ops[i].group != 0 && j < len(ops) && ops[j].group == ops[i].group {
			j++
		}
		if len(cur)+(j-i) > client.MaxBulkRequests && len(cur) > 0 {
			out = append(out, cur)
			cur = nil
		}
		cur = append(cur, ops[i:j]...)
		i = j
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// clientFor returns c routed to guest space guest (0: none).
func clientFor(c *client.Client, guest int64) *client.Client {
	if guest > 0 && c.GuestSpaceID() != guest {
		return c.WithGuestSpace(guest)
	}
	return c
}

// send runs ops in order and records kintone's answers in their results. A
// single op goes out as its own records.json call; more go out as
// bulkRequests of up to 20 ops, one after the other, each atomic. With
// atomic set, ops needing more than one call fail before anything is sent.
// A refused call is reported as an *Error naming the rows it held and the
// ids that earlier calls wrote.
func send(ctx context.Context, env *engine.Env, name string, ops []*op, atomic bool) error {
	if len(ops) == 0 {
		return nil
	}
	c := clientFor(env.Client, ops[0].guest)
	count := func() {
		if env.Stats != nil {
			env.Stats.Requests.Add(1)
		}
	}
	if len(ops) == 1 {
		count()
		if err := ops[0].direct(ctx, c); err != nil {
			return sendError(name, err, ops, nil, true)
		}
		return nil
	}
	runs := chunks(ops)
	if atomic && len(runs) > 1 {
		return &Error{Statement: name, Err: fmt.Errorf("the writes need %d kintone requests in %d bulkRequests, "+
			"but one atomic bulkRequest takes at most %d requests of %d records each",
			len(ops), len(runs), client.MaxBulkRequests, client.MaxRecordsPerWrite)}
	}
	var done []*op
	for _, run := range runs {
		reqs := make([]client.BulkRequest, len(run))
		for i, o := range run {
			r, err := o.bulk(c)
			if err != nil {
				return sendError(name, err, run, done, len(runs) == 1)
			}
			reqs[i] = r
		}
		count()
		answers, err := c.Bulk(ctx, reqs)
		if err != nil {
			return sendError(name, err, run, done, len(runs) == 1)
		}
		if len(answers) != len(run) {
			return sendError(name, fmt.Errorf("bulkRequest answered %d results for %d requests", len(answers), len(run)), run, done, len(runs) == 1)
		}
		for i, o := range run {
			if err := o.applyBulk(answers[i]); err != nil {
				return fmt.Errorf("kintone: %s: the writes were applied but their answer could not be read: %w", name, err)
			}
		}
		done = append(done, run...)
	}
	return nil
}
