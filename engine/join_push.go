package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// DefaultPushBatch is the number of key values a narrowed probe request
// carries: 100 values keep a kintone query well under the 8 KB URL limit
// for typical keys (the client switches to the POST override past 4,096
// characters anyway), and match the User API's 100 ids or codes per call.
const DefaultPushBatch = 100

// KeyPush narrows a join's probe side to the build side's key values: once
// the build side is in memory, the distinct non-NULL values of one key are
// sent to the probe side's source as key in (v1, ...) (kintone query) or
// ids[]/codes[] (User API), Batch values per narrowed plan, instead of
// reading the whole probe side. It is used when the values fit one batch
// (then it never costs more requests than the full read), or when Count
// shows that the batches need fewer requests than reading everything.
type KeyPush struct {
	// Key is the index of the key pair whose build-side values are sent.
	Key int
	// Target names the probe-side column the values are compared with.
	Target string
	// Batch is the number of values per narrowed plan (DefaultPushBatch
	// when <= 0).
	Batch int
	// Narrow returns the probe-side plan restricted to vals (the pushed
	// condition may select a superset: the join checks every key); nil
	// means the values cannot be sent, and the probe side is read whole.
	Narrow func(vals []Value) (Node, error)
	// Count returns the number of probe-side records and the records per
	// request; nil means push only when one batch suffices.
	Count func(ctx context.Context, env *Env) (total int64, perRequest int, err error)
}

// batch returns the values per narrowed plan.
func (p *KeyPush) batch() int {
	if p.Batch <= 0 {
		return DefaultPushBatch
	}
	return p.Batch
}

// describe is the EXPLAIN line of the pushdown.
func (p *KeyPush) describe(probeSide string, buildKey Expr) string {
	from := "the build side's key"
	if buildKey != nil {
		from = buildKey.String()
	}
	return fmt.Sprintf("pushdown: the %s input is read as %s in (the distinct values of %s), %d values per request, "+
		"when the values fit one request or a count shows it saves requests; else it is read whole",
		probeSide, p.Target, from, p.batch())
}

// open decides whether to narrow and returns the narrowed source (ok
// false: read the probe side whole). keys are the keys of vals.
func (p *KeyPush) open(ctx context.Context, env *Env, vals []Value, keys [][]byte) (probeSource, bool, error) {
	if len(vals) == 0 {
		return emptyProbe{}, true, nil
	}
	n := p.batch()
	batches := (len(vals) + n - 1) / n
	if batches > 1 {
		if p.Count == nil {
			return nil, false, nil
		}
		total, per, err := p.Count(ctx, env)
		if err != nil {
			return nil, false, err
		}
		full := max(int64(1), (total+int64(per)-1)/int64(max(per, 1)))
		if int64(batches) >= full {
			p.debug(env, "join pushdown skipped", "values", len(vals), "records", total)
			return nil, false, nil
		}
	}
	// Sorted values give stable query texts.
	idx := make([]int, len(vals))
	for i := range idx {
		idx[i] = i
	}
	slices.SortFunc(idx, func(a, b int) int { return strings.Compare(string(keys[a]), string(keys[b])) })
	src := &batchedProbe{ctx: ctx, env: env}
	for start := 0; start < len(idx); start += n {
		part := idx[start:min(start+n, len(idx))]
		bv := make([]Value, len(part))
		set := make(map[string]bool, len(part))
		for i, j := range part {
			bv[i] = vals[j]
			set[string(keys[j])] = true
		}
		node, err := p.Narrow(bv)
		if err != nil {
			return nil, false, err
		}
		if node == nil {
			return nil, false, nil
		}
		src.nodes = append(src.nodes, node)
		src.sets = append(src.sets, set)
	}
	p.debug(env, "join pushdown", "values", len(vals), "batches", len(src.nodes))
	return src, true, nil
}

// debug logs at debug level when the environment has a logger.
func (p *KeyPush) debug(env *Env, msg string, args ...any) {
	if env != nil && env.Logger != nil {
		env.Logger.Debug(msg, append([]any{"target", p.Target}, args...)...)
	}
}

// batchedProbe reads the narrowed plans one after the other.
type batchedProbe struct {
	ctx   context.Context
	env   *Env
	nodes []Node
	sets  []map[string]bool
	cur   Iterator
	set   map[string]bool
}

// Next returns the next row of the current batch, moving on at its end.
func (b *batchedProbe) Next() (Row, error) {
	for {
		if b.cur == nil {
			if len(b.nodes) == 0 {
				return nil, io.EOF
			}
			it, err := b.nodes[0].Open(b.ctx, b.env)
			if err != nil {
				return nil, err
			}
			b.cur, b.set = it, b.sets[0]
			b.nodes, b.sets = b.nodes[1:], b.sets[1:]
		}
		row, err := b.cur.Next()
		if errors.Is(err, io.EOF) {
			cerr := b.cur.Close()
			b.cur = nil
			if cerr != nil {
				return nil, cerr
			}
			continue
		}
		return row, err
	}
}

// accepts takes the rows whose key is one of the current batch's values.
func (b *batchedProbe) accepts(partKey []byte) bool { return b.set[string(partKey)] }

// Close closes the current batch.
func (b *batchedProbe) Close() error {
	b.nodes = nil
	if b.cur == nil {
		return nil
	}
	err := b.cur.Close()
	b.cur = nil
	return err
}
