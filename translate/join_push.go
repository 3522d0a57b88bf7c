package translate

import (
	"context"
	"slices"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// Join pushdown: when a join's build side is in memory, its key values can
// narrow the probe side's request: key in (v1, ...) in the kintone query
// (ids[]/codes[] for a directory table). This file decides where that is
// possible and builds the narrowed plans; engine.KeyPush decides at run
// time whether it pays off.
//
// The probe side must be one table whose key is a bare column kintone (or
// the User API) can test with in (...), and the build side's key must be
// of the same kind of value (numbers for numbers and $id, texts for texts
// and choices, dates for dates): values of another kind compare by MySQL's
// conversions, which kintone's in does not follow. The pushed condition
// may select more records than match (kintone's text matching rules are
// unconfirmed): the join checks every key anyway.

// pushableKind reports the column kinds kintone's in (or, for dates, an OR
// of =) can test, and the type class the build-side values must have.
func pushableKind(k fieldKind) (class string, ok bool) {
	switch k {
	case kindID, kindNumber:
		return "number", true
	case kindText, kindChoice, kindEntityCode:
		return "text", true
	case kindDate, kindDateTime:
		return "instant", true
	}
	return "", false
}

// keyPush returns the pushdown into join side n (probed with probeKeys,
// matched with buildKeys of the other side), or nil when none applies.
func (p *planner) keyPush(n *fromNode, probeKeys, buildKeys []engine.Expr) *engine.KeyPush {
	if n.leaf == nil || n.leaf.table == nil || p.correlated() || p.opts.NoPushdown {
		return nil
	}
	s := n.leaf
	for i, k := range probeKeys {
		ref, ok := k.(*engine.ColumnRef)
		if !ok || ref.Col.Source == nil {
			continue
		}
		col := ref.Col.Source
		build := typeClass(buildKeys[i].Type())
		switch s.table.Kind {
		case schema.AppTable, schema.SubtableTable:
			class, ok := pushableKind(classify(col))
			if !ok || class != build {
				continue
			}
		case schema.DirectoryTable:
			if !slices.Contains(engine.PushableKeys(s.table), col.Code) || typeClass(col.Type) != build {
				continue
			}
		default:
			continue
		}
		conds := slices.Clone(n.filters)
		push := &engine.KeyPush{Key: i, Target: ref.String(), Batch: engine.DefaultPushBatch,
			Narrow: func(vals []engine.Value) (engine.Node, error) { return p.narrow(s, conds, ref, vals) }}
		if s.table.Kind != schema.DirectoryTable {
			push.Count = func(ctx context.Context, env *engine.Env) (int64, int, error) {
				return p.countLeaf(ctx, env, s, conds)
			}
		}
		return push
	}
	return nil
}

// narrow builds table s's plan with its conditions and ref IN (vals); nil
// when kintone cannot take the values (the join then reads the table
// whole).
func (p *planner) narrow(s *tableScope, conds []engine.Expr, ref *engine.ColumnRef, vals []engine.Value) (engine.Node, error) {
	vals = possibleValues(ref.Col.Source, vals)
	if len(vals) == 0 {
		return p.emptyTable(s, "no key value can match"), nil
	}
	list := make([]engine.Expr, len(vals))
	for i, v := range vals {
		list[i] = &engine.Literal{V: v}
	}
	in := &engine.InList{X: ref, List: list}
	if s.table.Kind == schema.DirectoryTable {
		if len(builtinKeyFilters(s.table, in)) == 0 {
			return nil, nil
		}
	} else if r, err := p.pusher().approx(in, false); err != nil || r.q == nil {
		return nil, err
	}
	return p.leafPlan(s, append(slices.Clone(conds), in))
}

// possibleValues drops the key values no record can hold: ” (kintone's
// empty text is NULL), choices that are not options (kintone refuses
// them), record ids that are not whole numbers.
func possibleValues(c *schema.Column, vals []engine.Value) []engine.Value {
	out := vals[:0:0]
	for _, v := range vals {
		switch classify(c) {
		case kindText, kindEntityCode:
			if s, ok := v.(string); !ok || s == "" {
				continue
			}
		case kindChoice:
			if s, ok := v.(string); !ok || !slices.Contains(c.Options, s) {
				continue
			}
		case kindID:
			if _, ok := integerValue(v); !ok {
				continue
			}
		}
		out = append(out, v)
	}
	return out
}

// countLeaf counts the records table s's conditions match (one request)
// and returns the records per request of its scan.
func (p *planner) countLeaf(ctx context.Context, env *engine.Env, s *tableScope, conds []engine.Expr) (int64, int, error) {
	var where engine.Expr
	if len(conds) > 0 {
		where = andOf(conds)
	}
	q, _, never, err := p.scanWhere(where)
	if err != nil || never {
		return 0, 1, err
	}
	scan := &engine.Scan{Table: s.table, Cols: s.cols, Qualifier: s.qualifier, Where: q, Limit: engine.NoLimit,
		Paging: engine.PagingSeek, PageSize: p.pageSize()}
	n, err := scan.MatchCount(ctx, env)
	return n, scan.RecordsPerRequest(env), err
}
