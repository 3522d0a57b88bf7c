package translate

import (
	"fmt"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// leafPlan builds the plan of one FROM table with its conditions: a
// kintone scan with the conditions kintone evaluates and a client-side
// filter with the rest, a directory or metadata scan with its keys, or a
// derived table under a filter. In a correlated subquery the table's
// uncorrelated part is read once and held (engine.Materialize), and the
// conditions on outer values are checked above it.
func (p *planner) leafPlan(s *tableScope, conds []engine.Expr) (engine.Node, error) {
	layout := s.layout()
	var local, corr []engine.Expr
	for _, c := range conds {
		if p.correlated() && readsParams(c) {
			corr = append(corr, c)
		} else {
			local = append(local, c)
		}
	}
	var node engine.Node
	var err error
	switch {
	case s.derived != nil:
		node, err = p.placedFilter(s.derived, local, layout)
	case s.table.Kind == schema.DirectoryTable || s.table.Kind == schema.MetadataTable:
		node, err = p.builtinLeaf(s, local)
	default:
		node, err = p.appLeaf(s, local)
	}
	if err != nil {
		return nil, err
	}
	if _, empty := node.(*engine.Values); p.correlated() && !empty {
		node = &engine.Materialize{Input: node}
	}
	return p.placedFilter(node, corr, layout)
}

// appLeaf scans a kintone app or subtable table.
func (p *planner) appLeaf(s *tableScope, conds []engine.Expr) (engine.Node, error) {
	var where engine.Expr
	if len(conds) > 0 {
		where = andOf(conds)
	}
	q, residual, never, err := p.scanWhere(where)
	if err != nil {
		return nil, err
	}
	if never {
		return p.emptyTable(s, "WHERE is never true"), nil
	}
	scan := &engine.Scan{Table: s.table, Cols: s.cols, Qualifier: s.qualifier, Where: q, Limit: engine.NoLimit,
		Paging: engine.PagingSeek, PageSize: p.pageSize()}
	return p.placedFilter(scan, residual, s.layout())
}

// builtinLeaf scans a directory or metadata table: the scan takes the key
// conditions it can use and every condition stays as a client-side
// filter.
func (p *planner) builtinLeaf(s *tableScope, conds []engine.Expr) (engine.Node, error) {
	for _, c := range conds {
		if engine.KintoneOnly(c) {
			return nil, fmt.Errorf("%s: kintone query functions and MATCH only apply to kintone app tables", c.String())
		}
	}
	var where engine.Expr
	if len(conds) > 0 {
		where = andOf(conds)
	}
	scan, err := builtinScan(p.cat, s.table, s.cols, s.qualifier, where)
	if err != nil {
		return nil, err
	}
	return p.placedFilter(scan, conds, s.layout())
}
