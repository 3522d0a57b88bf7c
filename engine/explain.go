package engine

import (
	"context"
	"fmt"

	"github.com/kintone-sql/kintone/query"
	"github.com/kintone-sql/kintone/schema"
)

// ExplainPlan is the node of EXPLAIN <select>: it yields the plan of Plan
// as rows (id, parent, operation, detail), one row per detail line of each
// operator, parents before children. It runs nothing of Plan; with
// Estimate each kintone scan costs one cheap request (limit 1, totalCount)
// that adds the number of matching records and of requests to expect.
type ExplainPlan struct {
	Plan     Node
	Estimate bool
}

// Estimator is a node that can tell, with one cheap request, how much
// work it will do; EXPLAIN adds the answer as a detail line.
type Estimator interface {
	Estimate(ctx context.Context, env *Env) (string, error)
}

// Columns are id, parent, operation and detail.
func (e *ExplainPlan) Columns() []Column {
	return []Column{
		{Name: "id", Type: schema.TypeBigInt},
		{Name: "parent", Type: schema.TypeBigInt, Nullable: true},
		{Name: "operation", Type: schema.TypeText},
		{Name: "detail", Type: schema.TypeText},
	}
}

// Explain describes EXPLAIN itself.
func (e *ExplainPlan) Explain() Explain {
	return Explain{Op: "explain", Children: []Node{e.Plan}}
}

// Open walks the plan and builds the rows.
func (e *ExplainPlan) Open(ctx context.Context, env *Env) (Iterator, error) {
	var items []sortItem
	next := int64(0)
	var walk func(n Node, parent Value) error
	walk = func(n Node, parent Value) error {
		next++
		id := next
		x := n.Explain()
		details := x.Details
		if est, ok := n.(Estimator); ok && e.Estimate {
			line, err := est.Estimate(ctx, env)
			if err != nil {
				return err
			}
			details = append(append([]string(nil), details...), line)
		}
		if len(details) == 0 {
			details = []string{""}
		}
		for _, d := range details {
			items = append(items, sortItem{row: Row{id, parent, x.Op, d}})
		}
		for _, c := range x.Children {
			if err := walk(c, id); err != nil {
				return err
			}
		}
		return nil
	}
	if err := walk(e.Plan, nil); err != nil {
		return nil, err
	}
	return &bufferIter{items: items}, nil
}

// MatchCount asks kintone how many records the scan's condition matches:
// one GET records.json with limit 1, fields [$id] and totalCount.
func (s *Scan) MatchCount(ctx context.Context, env *Env) (int64, error) {
	total, _, err := matchCount(ctx, env, s.Table, s.Where)
	return total, err
}

// RecordsPerRequest returns the records per request the scan uses
// under env.
func (s *Scan) RecordsPerRequest(env *Env) int { return s.pageSize(env) }

// Estimate asks kintone how many records the scan's condition matches
// (MatchCount) and derives the number of requests the scan will send.
func (s *Scan) Estimate(ctx context.Context, env *Env) (string, error) {
	total, err := s.MatchCount(ctx, env)
	if err != nil {
		return "", err
	}
	read := max(total-s.Offset, 0)
	if s.Limit != NoLimit {
		read = min(read, s.Limit)
	}
	page := int64(s.pageSize(env))
	fetched := read
	if s.Paging == PagingSeek && s.Offset > query.MaxOffset || s.Paging == PagingCursor {
		fetched += min(s.Offset, total) // skipped client-side
	}
	reqs := max(int64(1), (fetched+page-1)/page)
	switch s.Paging {
	case PagingSingle:
		reqs = 1
	case PagingCursor:
		reqs++ // creating the cursor
	}
	return fmt.Sprintf("estimate: %d records match; %d to read in about %d requests", total, read, reqs), nil
}
