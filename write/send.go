package write

import (
	"context"
	"fmt"
	"slices"

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
// A failed call is reported as an *Error saying which rows were written,
// which were not and which have an unknown outcome (see callError).
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
			return callError(ctx, env, name, err, ops, nil, nil)
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
	for k, run := range runs {
		rest := slices.Concat(runs[k+1:]...)
		reqs := make([]client.BulkRequest, len(run))
		for i, o := range run {
			r, err := o.bulk(c)
			if err != nil {
				return callError(ctx, env, name, err, run, done, rest)
			}
			reqs[i] = r
		}
		count()
		answers, err := c.Bulk(ctx, reqs)
		if err == nil && len(answers) != len(run) {
			err = fmt.Errorf("%w: bulkRequest answered %d results for %d requests", errUnreadableAnswer, len(answers), len(run))
		}
		for i := 0; err == nil && i < len(run); i++ {
			if aerr := run[i].applyBulk(answers[i]); aerr != nil {
				err = fmt.Errorf("%w: %w", errUnreadableAnswer, aerr)
			}
		}
		if err != nil {
			return callError(ctx, env, name, err, run, done, rest)
		}
		done = append(done, run...)
	}
	return nil
}
