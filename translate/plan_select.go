package translate

import (
	"fmt"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// selectStatementPlan plans a SELECT, a parenthesized SELECT or a UNION.
func (p *planner) selectStatementPlan(stmt sqlparser.SelectStatement) (engine.Node, error) {
	switch s := stmt.(type) {
	case *sqlparser.Select:
		return p.selectPlan(s)
	case *sqlparser.ParenSelect:
		return p.selectStatementPlan(s.Select)
	case *sqlparser.Union:
		return p.unionPlan(s)
	}
	return nil, fmt.Errorf("unsupported statement %s", sqlparser.String(stmt))
}

// boundSelect is a SELECT with every clause bound.
type boundSelect struct {
	items    []selectItem
	where    engine.Expr
	having   engine.Expr
	keys     []engine.SortKey
	lim      limits
	distinct bool
	// agg is set for aggregate queries (aggregates or GROUP BY).
	agg *aggCollector
	// win is set when the select list or ORDER BY calls window functions.
	win *winCollector
}

// selectPlan plans one SELECT: bind FROM, WHERE, the select list, GROUP
// BY, HAVING and ORDER BY, then build the plan (see buildSelect).
func (p *planner) selectPlan(sel *sqlparser.Select) (engine.Node, error) {
	defer p.openCTEScopes(sel)()
	b, err := p.bindSelect(sel)
	if err != nil {
		return nil, err
	}
	return p.buildSelect(b)
}

// bindSelect binds every clause of sel.
func (p *planner) bindSelect(sel *sqlparser.Select) (*boundSelect, error) {
	if err := checkClauses(sel); err != nil {
		return nil, err
	}
	if err := p.bindTable(sel.From); err != nil {
		return nil, err
	}
	b := &boundSelect{distinct: strings.TrimSpace(sel.Distinct) != ""}
	p.win = &winCollector{}
	defer func() { p.win = nil }()
	if sel.Where != nil {
		w, err := p.expr(sel.Where.Expr, inWhere)
		if err != nil {
			return nil, err
		}
		b.where = w
	}
	lim, err := p.limitClause(sel.Limit)
	if err != nil {
		return nil, err
	}
	if p.existsOnly && (lim.count == engine.NoLimit || lim.count > 1) {
		lim.count = 1 // EXISTS needs one row
	}
	b.lim = lim
	var having sqlparser.SQLNode
	if sel.Having != nil {
		having = sel.Having.Expr
	}
	if len(sel.GroupBy) > 0 || hasAggregate(sel.SelectExprs, having, sel.OrderBy) {
		p.agg = &aggCollector{p: p, grouped: len(sel.GroupBy) > 0}
		b.agg = p.agg
	}
	if b.items, err = p.selectItems(sel.SelectExprs); err != nil {
		return nil, err
	}
	if b.agg != nil {
		if err := b.agg.bindGroups(sel.GroupBy, b.items); err != nil {
			return nil, err
		}
	}
	if sel.Having != nil {
		if b.having, err = p.havingExpr(sel.Having.Expr, b.items); err != nil {
			return nil, err
		}
		if b.agg == nil {
			// HAVING without aggregation filters rows, as MySQL allows
			// (it may name select aliases): it joins the WHERE.
			b.where = andOf(append(conjuncts(b.where), b.having))
			b.having = nil
		}
	}
	if b.keys, err = p.orderKeys(sel.OrderBy, b.items, inOrder); err != nil {
		return nil, err
	}
	if len(p.win.calls) > 0 {
		b.win = p.win
	}
	if b.agg != nil {
		if err := b.agg.finish(b); err != nil {
			return nil, err
		}
		if err := b.agg.rewriteWindows(b.win); err != nil {
			return nil, err
		}
	}
	p.agg = nil
	return b, nil
}

// buildSelect builds the plan of a bound SELECT:
//
//   - one kintone table without aggregates or DISTINCT (or no FROM):
//     rowsPlan, which pushes WHERE, ORDER BY and LIMIT to kintone where
//     it can;
//   - one table with aggregates and no GROUP BY: aggregatePlan (COUNT(*)
//     alone is one request);
//   - anything else: the FROM plan (joins, derived tables) with the WHERE
//     conditions placed as low as they may go, then aggregate → HAVING →
//     (project → distinct) → sort → limit → project.
func (p *planner) buildSelect(b *boundSelect) (engine.Node, error) {
	simple := (p.blk == nil || p.blk.tree == nil || p.singleBaseTable() && !p.correlated()) && b.win == nil
	switch {
	case simple && b.agg == nil && !b.distinct:
		return p.rowsPlan(b.where, b.items, b.keys, b.lim)
	case simple && b.agg != nil && !b.agg.grouped && !b.distinct:
		return p.aggregatePlan(b)
	}
	return p.generalPlan(b)
}

// singleBaseTable reports whether FROM is one kintone, directory or
// metadata table.
func (p *planner) singleBaseTable() bool {
	return p.blk != nil && len(p.blk.sources) == 1 && p.blk.sources[0].table != nil
}

// generalPlan builds the plan of any SELECT (see buildSelect).
func (p *planner) generalPlan(b *boundSelect) (engine.Node, error) {
	input, layout, err := p.fromPlan(conjuncts(b.where))
	if err != nil {
		return nil, err
	}
	if b.agg != nil {
		if input, layout, err = b.agg.plan(input, layout); err != nil {
			return nil, err
		}
		if input, err = p.placedFilter(input, conjuncts(b.having), layout); err != nil {
			return nil, err
		}
	}
	if b.win != nil {
		if input, layout, err = b.win.plan(p, input, layout); err != nil {
			return nil, err
		}
	}
	count, offset, reason := b.lim.count, b.lim.offset, "LIMIT"
	if m := p.opts.MaxRows; m > 0 && b.agg == nil && (count == engine.NoLimit || count > m) {
		count, reason = m, "MaxRows"
	}
	if b.distinct {
		return p.distinctPlan(input, layout, b, count, offset, reason)
	}
	if len(b.keys) > 0 {
		if input, err = p.sortNode(input, b.keys, layout); err != nil {
			return nil, err
		}
	}
	return p.project(clientLimit(input, count, offset, reason), b.items, layout)
}

// sortNode stacks a client-side sort on keys placed for layout.
func (p *planner) sortNode(input engine.Node, keys []engine.SortKey, layout []int) (engine.Node, error) {
	placed, err := p.placeKeys(keys, layout)
	if err != nil {
		return nil, err
	}
	return &engine.Sort{Input: input, Keys: placed}, nil
}

// placeKeys places the keys' expressions on the row layout.
func (p *planner) placeKeys(keys []engine.SortKey, layout []int) ([]engine.SortKey, error) {
	placed := make([]engine.SortKey, len(keys))
	for i, k := range keys {
		e, err := p.place(k.Expr, layout)
		if err != nil {
			return nil, err
		}
		placed[i] = engine.SortKey{Expr: e, Desc: k.Desc}
	}
	return placed, nil
}

// distinctPlan projects the items, drops duplicate rows, then sorts (on
// select items only, as MySQL requires with DISTINCT) and limits.
func (p *planner) distinctPlan(input engine.Node, layout []int, b *boundSelect, count, offset int64, reason string) (engine.Node, error) {
	proj, err := p.project(input, b.items, layout)
	if err != nil {
		return nil, err
	}
	var node engine.Node = &engine.Distinct{Input: proj}
	if len(b.keys) > 0 {
		keys := make([]engine.SortKey, len(b.keys))
		for i, k := range b.keys {
			idx := -1
			for j, it := range b.items {
				if it.expr == k.Expr || it.expr.String() == k.Expr.String() {
					idx = j
					break
				}
			}
			if idx < 0 {
				return nil, fmt.Errorf("ORDER BY %s: with SELECT DISTINCT, ORDER BY may only use the selected columns", k.Expr)
			}
			keys[i] = engine.SortKey{Expr: &engine.ColumnRef{Index: idx, Col: proj.Columns()[idx]}, Desc: k.Desc}
		}
		node = &engine.Sort{Input: node, Keys: keys}
	}
	return clientLimit(node, count, offset, reason), nil
}

// checkClauses refuses the clauses not supported.
func checkClauses(sel *sqlparser.Select) error {
	if sel.Lock != "" {
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
			case isColName(x.Expr):
				it.name = p.columnName(e, x.Expr)
			default:
				it.name = p.windowText(sqlparser.String(x.Expr))
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

// nullExtended reports whether slot belongs to a table on the
// NULL-extended side of an outer join.
func (p *planner) nullExtended(slot int) bool {
	if slot >= len(p.st.slots) {
		return false
	}
	src := p.st.slots[slot].src
	return src != nil && src.nullable
}

// columnName is the output name of a select item that is a bare column:
// the name as written in the query (code or label, in the case typed), as
// SQL databases name it; only * takes the table's configured names. The
// information_schema views answer with their own upper-case names, as
// MySQL 8 does (SELECT table_name FROM information_schema.tables returns
// the column TABLE_NAME), which MySQL tools rely on.
func (p *planner) columnName(e engine.Expr, x sqlparser.Expr) string {
	if ref, ok := e.(*engine.ColumnRef); ok && ref.Index < len(p.st.slots) {
		if src := p.st.slots[ref.Index].src; src != nil && src.table != nil && src.table.Schema == schema.InformationSchema {
			return ref.Col.Name
		}
	}
	return x.(*sqlparser.ColName).Name.String()
}

// project builds the final Project over input, whose rows hold layout.
func (p *planner) project(input engine.Node, items []selectItem, layout []int) (engine.Node, error) {
	exprs := make([]engine.Expr, len(items))
	cols := make([]engine.Column, len(items))
	for i, it := range items {
		e, err := p.place(it.expr, layout)
		if err != nil {
			return nil, err
		}
		exprs[i] = e
		c := engine.Column{Name: it.name, Type: it.expr.Type(), Nullable: true}
		switch x := it.expr.(type) {
		case *engine.ColumnRef:
			c.Table, c.Nullable, c.Source = x.Col.Table, x.Col.Nullable || p.nullExtended(x.Index), x.Col.Source
		case *engine.Literal:
			c.Nullable = x.V == nil
		}
		cols[i] = c
	}
	return &engine.Project{Input: input, Exprs: exprs, Cols: cols}, nil
}
