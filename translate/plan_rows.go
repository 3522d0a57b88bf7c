package translate

import (
	"fmt"
	"math"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/query"
	"github.com/kintone-sql/kintone/schema"
)

// pageSize is the page size in effect (1..500).
func (p *planner) pageSize() int {
	n := p.opts.PageSize
	if n <= 0 || n > query.MaxLimit {
		return query.MaxLimit
	}
	return n
}

// scanWhere splits WHERE for the FROM table. never reports a WHERE that is
// never true. With NoPushdown everything stays client-side, and a kintone
// function or MATCH is an error.
func (p *planner) scanWhere(where engine.Expr) (q query.Expr, residual []engine.Expr, never bool, err error) {
	if p.opts.NoPushdown {
		for _, c := range conjuncts(where) {
			if engine.KintoneOnly(c) {
				return nil, nil, false, fmt.Errorf("%s needs kintone to evaluate it, but pushdown is disabled", c.String())
			}
		}
		return nil, conjuncts(where), false, nil
	}
	q, residual, never, err = p.pusher().split(where)
	if err == nil && !never && p.opts.recheck {
		residual = residual[:0]
		for _, c := range conjuncts(where) {
			if _, lit := c.(*engine.Literal); !lit && !engine.KintoneOnly(c) {
				residual = append(residual, c)
			}
		}
	}
	return q, residual, never, err
}

// filter stacks a client-side Filter when there are residual conditions.
func filter(input engine.Node, residual []engine.Expr) engine.Node {
	switch len(residual) {
	case 0:
		return input
	case 1:
		return &engine.Filter{Input: input, Cond: residual[0]}
	}
	return &engine.Filter{Input: input, Cond: &engine.And{Terms: residual}}
}

// oneRow is the input of a SELECT without FROM.
func oneRow() engine.Node {
	return &engine.Values{Rows: []engine.Row{{}}, Reason: "SELECT without FROM"}
}

// rowsPlan plans a query without aggregates over one table (or none):
// the WHERE is split between kintone and a client-side filter, ORDER BY
// and LIMIT are pushed when kintone orders exactly as SQL does.
func (p *planner) rowsPlan(where engine.Expr, items []selectItem, keys []engine.SortKey, lim limits) (engine.Node, error) {
	count, offset, reason := lim.count, lim.offset, "LIMIT"
	if m := p.opts.MaxRows; m > 0 && (count == engine.NoLimit || count > m) {
		count, reason = m, "MaxRows"
	}
	if p.from == nil {
		in, err := p.placedFilter(oneRow(), conjuncts(where), nil)
		if err != nil {
			return nil, err
		}
		return p.project(clientLimit(in, count, offset, reason), items, nil)
	}
	layout := p.from.layout()
	if count == 0 {
		return p.project(p.emptyTable(p.from, "LIMIT 0"), items, layout)
	}
	if p.builtin() {
		in, err := p.builtinInput(where)
		if err != nil {
			return nil, err
		}
		if len(keys) > 0 {
			if in, err = p.sortNode(in, keys, layout); err != nil {
				return nil, err
			}
		}
		return p.project(clientLimit(in, count, offset, reason), items, layout)
	}
	q, residual, never, err := p.scanWhere(where)
	if err != nil {
		return nil, err
	}
	if never {
		return p.project(p.emptyTable(p.from, "WHERE is never true"), items, layout)
	}
	t := p.from.table
	scan := &engine.Scan{Table: t, Qualifier: p.from.qualifier, Where: q, Limit: engine.NoLimit,
		Paging: engine.PagingSeek, PageSize: p.pageSize()}
	var order []query.OrderItem
	if len(keys) > 0 && !p.opts.NoPushdown {
		order = pushOrder(keys, t, p.opts.TrustAssumedPushdown)
	}
	if order == nil && !p.opts.NoPushdown && p.opts.UseCursor {
		if d, ok := pushDescHeld(keys, t); ok {
			return p.descHeldPlan(scan, d, residual, keys, items, layout, count, offset, reason)
		}
	}
	pushLimit := !p.opts.NoPushdown && len(residual) == 0 && (len(keys) == 0 || order != nil) &&
		t.Kind == schema.AppTable && (count != engine.NoLimit || offset > 0)
	sortClient := len(keys) > 0 && order == nil
	limitClient := (count != engine.NoLimit || offset > 0) && !pushLimit
	p.choosePaging(scan, order, pushLimit, count, offset, &sortClient, &limitClient)
	scan.Cols = p.from.cols
	node, err := p.placedFilter(scan, residual, layout)
	if err != nil {
		return nil, err
	}
	if sortClient {
		if node, err = p.sortNode(node, keys, layout); err != nil {
			return nil, err
		}
	}
	if limitClient {
		node = clientLimit(node, count, offset, reason)
	}
	return p.project(node, items, layout)
}

// descHeldPlan reads the scan in kintone's order d through the cursor and
// completes the order client-side (engine.EmptiesLast), so that a LIMIT
// stops the read early instead of sorting the whole table.
func (p *planner) descHeldPlan(scan *engine.Scan, d descOrder, residual []engine.Expr, keys []engine.SortKey,
	items []selectItem, layout []int, count, offset int64, reason string) (engine.Node, error) {
	scan.OrderBy, scan.Paging, scan.Cols = d.order, engine.PagingCursor, p.from.cols
	node, err := p.placedFilter(scan, residual, layout)
	if err != nil {
		return nil, err
	}
	placed, err := p.placeKeys(keys, layout)
	if err != nil {
		return nil, err
	}
	node = &engine.EmptiesLast{Input: node, Key: placed[0].Expr, Rest: placed[1:], SortRuns: d.sortRuns}
	return p.project(clientLimit(node, count, offset, reason), items, layout)
}

// emptyTable is an input without rows shaped like table s's rows.
func (p *planner) emptyTable(s *tableScope, reason string) engine.Node {
	v := &engine.Values{Reason: reason}
	if s.table != nil {
		v.Cols = (&engine.Scan{Table: s.table, Cols: s.cols, Qualifier: s.qualifier}).Columns()
	} else {
		v.Cols = s.dcols
	}
	return v
}

// choosePaging sets the scan's order, limit and paging mode:
//
//   - no pushed order: one request (PagingSingle) for a pushed limit that
//     fits one page within the offset cap and no ORDER BY, seek paging
//     otherwise (a pushed limit and offset ride along);
//   - order by $id asc alone is seek paging's own order;
//   - a pushed order with a pushed limit: one request when it fits a page,
//     offset paging when every page's offset stays within 10,000, the
//     cursor with UseCursor, else seek paging with a client-side sort and
//     limit;
//   - a pushed order without a pushed limit: the cursor with UseCursor,
//     else seek paging with a client-side sort (offset paging could not
//     reach records past 10,000).
func (p *planner) choosePaging(scan *engine.Scan, order []query.OrderItem, pushLimit bool, count, offset int64, sortClient, limitClient *bool) {
	page := int64(p.pageSize())
	setLimit := func() { scan.Limit, scan.Offset = count, offset }
	if order == nil || len(order) == 1 && order[0].Field.Code == schema.ColumnID && !order[0].Desc {
		// No order, or $id asc: seek paging's own order.
		if pushLimit {
			setLimit()
			if count != engine.NoLimit && count <= page && offset <= query.MaxOffset {
				scan.OrderBy, scan.Paging = order, engine.PagingSingle
			}
		}
		return
	}
	fallback := func() {
		*sortClient = true
		*limitClient = count != engine.NoLimit || offset > 0
	}
	if pushLimit && count != engine.NoLimit {
		lastStart := offset + ((count-1)/page)*page
		switch {
		case count <= page && offset <= query.MaxOffset:
			scan.OrderBy, scan.Paging = order, engine.PagingSingle
		case lastStart <= query.MaxOffset:
			scan.OrderBy, scan.Paging = withIDTieBreak(order), engine.PagingOffset
		case p.opts.UseCursor:
			scan.OrderBy, scan.Paging = order, engine.PagingCursor
		default:
			fallback()
			return
		}
		setLimit()
		return
	}
	if p.opts.UseCursor {
		scan.OrderBy, scan.Paging = order, engine.PagingCursor
		if pushLimit {
			setLimit()
		}
		return
	}
	fallback()
}

// builtin reports whether the FROM table is a directory (User API) or
// metadata table rather than a kintone app or subtable table.
func (p *planner) builtin() bool {
	k := p.from.table.Kind
	return k == schema.DirectoryTable || k == schema.MetadataTable
}

// builtinInput reads a directory or metadata table: its scan takes the
// key conditions it can use (dirpush.go) and the whole WHERE stays as a
// client-side filter. Kintone query functions and MATCH do not apply.
func (p *planner) builtinInput(where engine.Expr) (engine.Node, error) {
	for _, c := range conjuncts(where) {
		if engine.KintoneOnly(c) {
			return nil, fmt.Errorf("%s: kintone query functions and MATCH only apply to kintone app tables", c.String())
		}
	}
	scan, err := builtinScan(p.cat, p.from.table, p.from.cols, p.from.qualifier, where)
	if err != nil {
		return nil, err
	}
	return p.placedFilter(scan, conjuncts(where), p.from.layout())
}

// clientLimit stacks a client-side Limit when there is one; a sort just
// below then keeps only the rows the limit can return.
func clientLimit(input engine.Node, count, offset int64, reason string) engine.Node {
	if count == engine.NoLimit && offset == 0 {
		return input
	}
	if s, ok := input.(*engine.Sort); ok && count > 0 && offset >= 0 && count <= math.MaxInt64/2-offset {
		s.Keep = count + offset
	}
	return &engine.Limit{Input: input, Count: count, Offset: offset, Reason: reason}
}

// aggregatePlan plans an aggregate query without GROUP BY over one table
// (or none): one output row. COUNT(*) alone with a WHERE kintone evaluates
// exactly is one request (totalCount); other aggregates read the records.
func (p *planner) aggregatePlan(b *boundSelect) (engine.Node, error) {
	a := b.agg
	var input engine.Node
	var layout []int
	switch {
	case p.from == nil:
		in, err := p.placedFilter(oneRow(), conjuncts(b.where), nil)
		if err != nil {
			return nil, err
		}
		input = in
	case p.builtin():
		in, err := p.builtinInput(b.where)
		if err != nil {
			return nil, err
		}
		input, layout = in, p.from.layout()
	default:
		q, residual, never, err := p.scanWhere(b.where)
		if err != nil {
			return nil, err
		}
		t := p.from.table
		layout = p.from.layout()
		switch {
		case never:
			input = p.emptyTable(p.from, "WHERE is never true")
		case a.countOnly() && !p.opts.NoPushdown && len(residual) == 0 && t.Kind == schema.AppTable:
			var node engine.Node = &engine.Count{Table: t, Where: q, Name: a.specs[0].String()}
			return p.aggregateTop(node, a.slots, b)
		default:
			scan := &engine.Scan{Table: t, Qualifier: p.from.qualifier, Where: q, Limit: engine.NoLimit,
				Paging: engine.PagingSeek, PageSize: p.pageSize(), Cols: p.from.cols}
			if input, err = p.placedFilter(scan, residual, layout); err != nil {
				return nil, err
			}
		}
	}
	node, aggLayout, err := a.plan(input, layout)
	if err != nil {
		return nil, err
	}
	return p.aggregateTop(node, aggLayout, b)
}

// aggregateTop stacks HAVING, the select list and LIMIT over the one-row
// result of a whole-table aggregate.
func (p *planner) aggregateTop(node engine.Node, layout []int, b *boundSelect) (engine.Node, error) {
	node, err := p.placedFilter(node, conjuncts(b.having), layout)
	if err != nil {
		return nil, err
	}
	proj, err := p.project(node, b.items, layout)
	if err != nil {
		return nil, err
	}
	return clientLimit(proj, b.lim.count, b.lim.offset, "LIMIT"), nil
}

// pusher returns the WHERE translator for this statement's options.
func (p *planner) pusher() *pusher { return &pusher{trustAssumed: p.opts.TrustAssumedPushdown} }
