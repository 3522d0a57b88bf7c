package translate

import (
	"fmt"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/query"
	"github.com/kintone-sql/kintone/schema"
)

// selectPlan plans one SELECT: bind FROM, WHERE, the select list and ORDER
// BY, split WHERE between kintone and the client, choose the paging, and
// stack the client-side steps: filter → sort → limit → project (or filter
// → aggregate → having → project → limit for aggregate queries).
func (p *planner) selectPlan(sel *sqlparser.Select) (engine.Node, error) {
	if err := checkClauses(sel); err != nil {
		return nil, err
	}
	if err := p.bindTable(sel.From); err != nil {
		return nil, err
	}
	var where engine.Expr
	if sel.Where != nil {
		w, err := p.expr(sel.Where.Expr, inWhere)
		if err != nil {
			return nil, err
		}
		where = w
	}
	lim, err := p.limitClause(sel.Limit)
	if err != nil {
		return nil, err
	}
	var having sqlparser.SQLNode
	if sel.Having != nil {
		having = sel.Having.Expr
	}
	if hasAggregate(sel.SelectExprs, having) {
		return p.aggregatePlan(sel, where, lim)
	}
	if sel.Having != nil {
		return nil, notSupported("HAVING without aggregate functions")
	}
	items, err := p.selectItems(sel.SelectExprs)
	if err != nil {
		return nil, err
	}
	keys, err := p.orderKeys(sel.OrderBy, items, inOrder)
	if err != nil {
		return nil, err
	}
	return p.rowsPlan(where, items, keys, lim)
}

// checkClauses refuses the clauses not supported yet.
func checkClauses(sel *sqlparser.Select) error {
	switch {
	case sel.Distinct != "":
		return notSupported("SELECT DISTINCT")
	case len(sel.GroupBy) > 0:
		return notSupported("GROUP BY")
	case sel.Lock != "":
		return notSupported("SELECT ..." + strings.ToUpper(sel.Lock))
	}
	return nil
}

// limits is the LIMIT clause: Count is engine.NoLimit when absent.
type limits struct {
	count, offset int64
}

// limitClause reads LIMIT and OFFSET: non-negative integer constants or ?
// arguments.
func (p *planner) limitClause(l *sqlparser.Limit) (limits, error) {
	out := limits{count: engine.NoLimit}
	if l == nil {
		return out, nil
	}
	read := func(e sqlparser.Expr, what string) (int64, error) {
		x, err := p.expr(e, inSelect)
		if err != nil {
			return 0, err
		}
		lit, ok := x.(*engine.Literal)
		if !ok {
			return 0, fmt.Errorf("%s must be a constant", what)
		}
		n, ok := integerValue(lit.V)
		if !ok || n < 0 {
			return 0, fmt.Errorf("%s must be a non-negative integer, got %s", what, engine.SQLLiteral(lit.V))
		}
		return n, nil
	}
	var err error
	if l.Rowcount != nil {
		if out.count, err = read(l.Rowcount, "LIMIT"); err != nil {
			return out, err
		}
	}
	if l.Offset != nil {
		if out.offset, err = read(l.Offset, "OFFSET"); err != nil {
			return out, err
		}
	}
	return out, nil
}

// selectItems binds the select list.
func (p *planner) selectItems(exprs sqlparser.SelectExprs) ([]selectItem, error) {
	var items []selectItem
	for _, se := range exprs {
		switch x := se.(type) {
		case *sqlparser.StarExpr:
			if p.agg != nil {
				return nil, fmt.Errorf("SELECT * cannot be combined with aggregate functions (GROUP BY is not supported yet)")
			}
			refs, err := p.star(x)
			if err != nil {
				return nil, err
			}
			for _, r := range refs {
				items = append(items, selectItem{expr: r, name: r.Col.Name})
			}
		case *sqlparser.AliasedExpr:
			e, err := p.expr(x.Expr, inSelect)
			if err != nil {
				return nil, err
			}
			it := selectItem{expr: e, alias: x.As.String()}
			switch {
			case it.alias != "":
				it.name = it.alias
			case isColName(x.Expr) && p.agg == nil:
				it.name = e.(*engine.ColumnRef).Col.Name
			default:
				it.name = sqlparser.String(x.Expr)
			}
			items = append(items, it)
		default:
			return nil, fmt.Errorf("unsupported select item %s", sqlparser.String(se))
		}
	}
	return items, nil
}

// isColName reports a bare column reference.
func isColName(e sqlparser.Expr) bool {
	_, ok := e.(*sqlparser.ColName)
	return ok
}

// project builds the final Project over input.
func project(input engine.Node, items []selectItem) engine.Node {
	exprs := make([]engine.Expr, len(items))
	cols := make([]engine.Column, len(items))
	for i, it := range items {
		exprs[i] = it.expr
		c := engine.Column{Name: it.name, Type: it.expr.Type(), Nullable: true}
		if ref, ok := it.expr.(*engine.ColumnRef); ok {
			c.Table, c.Nullable, c.Source = ref.Col.Table, ref.Col.Nullable, ref.Col.Source
		}
		if lit, ok := it.expr.(*engine.Literal); ok {
			c.Nullable = lit.V == nil
		}
		cols[i] = c
	}
	return &engine.Project{Input: input, Exprs: exprs, Cols: cols}
}

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
	return (&pusher{}).split(where)
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

// emptyInput is the input of a query that returns nothing.
func emptyInput(reason string) engine.Node {
	return &engine.Values{Reason: reason}
}

// oneRow is the input of a SELECT without FROM.
func oneRow() engine.Node {
	return &engine.Values{Rows: []engine.Row{{}}, Reason: "SELECT without FROM"}
}

// rowsPlan plans a query without aggregates.
func (p *planner) rowsPlan(where engine.Expr, items []selectItem, keys []engine.SortKey, lim limits) (engine.Node, error) {
	count, offset, reason := lim.count, lim.offset, "LIMIT"
	if m := p.opts.MaxRows; m > 0 && (count == engine.NoLimit || count > m) {
		count, reason = m, "MaxRows"
	}
	if p.from == nil {
		var in engine.Node = filter(oneRow(), conjuncts(where))
		in = clientLimit(in, count, offset, reason)
		return project(in, items), nil
	}
	if count == 0 {
		return project(emptyInput("LIMIT 0"), items), nil
	}
	if p.builtin() {
		in, err := p.builtinInput(where)
		if err != nil {
			return nil, err
		}
		if len(keys) > 0 {
			in = &engine.Sort{Input: in, Keys: keys}
		}
		return project(clientLimit(in, count, offset, reason), items), nil
	}
	q, residual, never, err := p.scanWhere(where)
	if err != nil {
		return nil, err
	}
	if never {
		return project(emptyInput("WHERE is never true"), items), nil
	}
	t := p.from.table
	scan := &engine.Scan{Table: t, Qualifier: p.from.qualifier, Where: q, Limit: engine.NoLimit,
		Paging: engine.PagingSeek, PageSize: p.pageSize()}
	var order []query.OrderItem
	if len(keys) > 0 && !p.opts.NoPushdown {
		order = pushOrder(keys, t)
	}
	pushLimit := !p.opts.NoPushdown && len(residual) == 0 && (len(keys) == 0 || order != nil) &&
		t.Kind == schema.AppTable && (count != engine.NoLimit || offset > 0)
	sortClient := len(keys) > 0 && order == nil
	limitClient := (count != engine.NoLimit || offset > 0) && !pushLimit
	p.choosePaging(scan, order, pushLimit, count, offset, &sortClient, &limitClient)
	scan.Cols = p.from.cols
	var node engine.Node = filter(scan, residual)
	if sortClient {
		node = &engine.Sort{Input: node, Keys: keys}
	}
	if limitClient {
		node = clientLimit(node, count, offset, reason)
	}
	return project(node, items), nil
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
	return filter(scan, conjuncts(where)), nil
}

// clientLimit stacks a client-side Limit when there is one.
func clientLimit(input engine.Node, count, offset int64, reason string) engine.Node {
	if count == engine.NoLimit && offset == 0 {
		return input
	}
	return &engine.Limit{Input: input, Count: count, Offset: offset, Reason: reason}
}

// aggregatePlan plans a query with aggregate functions and no GROUP BY:
// one output row. COUNT(*) alone with a WHERE kintone evaluates exactly is
// one request (totalCount); other aggregates read the records.
func (p *planner) aggregatePlan(sel *sqlparser.Select, where engine.Expr, lim limits) (engine.Node, error) {
	p.agg = &aggCollector{}
	items, err := p.selectItems(sel.SelectExprs)
	if err != nil {
		return nil, err
	}
	var having engine.Expr
	if sel.Having != nil {
		if having, err = p.expr(sel.Having.Expr, inHaving); err != nil {
			return nil, err
		}
	}
	// ORDER BY is checked but has nothing to order: the result is one row.
	p.agg.orderOnly = true
	if _, err := p.orderKeys(sel.OrderBy, items, inOrder); err != nil {
		return nil, err
	}
	specs, countOnly := p.agg.specs, p.agg.countOnly()
	p.agg = nil
	var input engine.Node
	switch {
	case p.from == nil:
		input = &engine.Aggregate{Input: filter(oneRow(), conjuncts(where)), Aggs: specs}
	case p.builtin():
		in, err := p.builtinInput(where)
		if err != nil {
			return nil, err
		}
		input = &engine.Aggregate{Input: in, Aggs: specs}
	default:
		q, residual, never, err := p.scanWhere(where)
		if err != nil {
			return nil, err
		}
		t := p.from.table
		switch {
		case never:
			input = &engine.Aggregate{Input: emptyInput("WHERE is never true"), Aggs: specs}
		case countOnly && !p.opts.NoPushdown && len(residual) == 0 && t.Kind == schema.AppTable:
			input = &engine.Count{Table: t, Where: q, Name: specs[0].String()}
		default:
			scan := &engine.Scan{Table: t, Qualifier: p.from.qualifier, Where: q, Limit: engine.NoLimit,
				Paging: engine.PagingSeek, PageSize: p.pageSize(), Cols: p.from.cols}
			input = &engine.Aggregate{Input: filter(scan, residual), Aggs: specs}
		}
	}
	if having != nil {
		input = &engine.Filter{Input: input, Cond: having}
	}
	return clientLimit(project(input, items), lim.count, lim.offset, "LIMIT"), nil
}
