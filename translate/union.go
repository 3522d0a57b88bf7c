package translate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// unionPlan plans a UNION [ALL | DISTINCT]: each branch is planned on its
// own and the rows are concatenated (engine.Union); UNION drops duplicate
// rows (engine.Distinct, which holds the distinct rows). The output
// columns take the first branch's names. ORDER BY and LIMIT after the last
// branch apply to the whole result and may name output columns or
// positions only.
func (p *planner) unionPlan(u *sqlparser.Union) (engine.Node, error) {
	if u.Lock != "" {
		return nil, notSupported("SELECT ..." + strings.ToUpper(u.Lock))
	}
	left, leftOuter, err := p.branch(u.Left)
	if err != nil {
		return nil, err
	}
	right, rightOuter, err := p.branch(u.Right)
	if err != nil {
		return nil, err
	}
	if p.correlated() {
		// The subquery runs once per outer value: a branch that reads no
		// outer value gives the same rows each time, read once.
		if !leftOuter {
			left = &engine.Materialize{Input: left}
		}
		if !rightOuter {
			right = &engine.Materialize{Input: right}
		}
	}
	lc, rc := left.Columns(), right.Columns()
	if len(lc) != len(rc) {
		return nil, fmt.Errorf("the SELECTs of a UNION have different numbers of columns (%d and %d)", len(lc), len(rc))
	}
	cols := make([]engine.Column, len(lc))
	for i := range lc {
		cols[i] = engine.Column{Name: lc[i].Name, Type: unionType(lc[i].Type, rc[i].Type), Nullable: lc[i].Nullable || rc[i].Nullable}
	}
	var node engine.Node = &engine.Union{Inputs: []engine.Node{left, right}, Cols: cols}
	if strings.ToLower(u.Type) != sqlparser.UnionAllStr {
		node = &engine.Distinct{Input: node}
	}
	if len(u.OrderBy) > 0 {
		keys := make([]engine.SortKey, len(u.OrderBy))
		for i, o := range u.OrderBy {
			idx, err := unionOrderColumn(o.Expr, cols)
			if err != nil {
				return nil, err
			}
			keys[i] = engine.SortKey{Expr: &engine.ColumnRef{Index: idx, Col: cols[idx]}, Desc: o.Direction == sqlparser.DescScr}
		}
		node = &engine.Sort{Input: node, Keys: keys}
	}
	lim, err := p.limitClause(u.Limit)
	if err != nil {
		return nil, err
	}
	count, reason := lim.count, "LIMIT"
	if m := p.opts.MaxRows; m > 0 && (count == engine.NoLimit || count > m) {
		count, reason = m, "MaxRows"
	}
	return clientLimit(node, count, lim.offset, reason), nil
}

// branch plans one side of a UNION in its own block (which, inside a
// subquery, may read the same outer columns); readsOuter reports whether
// it does.
func (p *planner) branch(stmt sqlparser.SelectStatement) (node engine.Node, readsOuter bool, err error) {
	b := p.nested(p.outer, p.sub)
	node, err = b.selectStatementPlan(stmt)
	if err == nil && b.readsOuter {
		p.readsOuter = true
	}
	return node, b.readsOuter, err
}

// unionType is the type of a UNION column: the branches' type when they
// agree (a NULL column takes the other's), DECIMAL for mixed numbers,
// unknown otherwise.
func unionType(a, b schema.Type) schema.Type {
	switch {
	case a == b || b == schema.TypeUnknown:
		return a
	case a == schema.TypeUnknown:
		return b
	case typeClass(a) == "number" && typeClass(b) == "number":
		if a == schema.TypeDouble || b == schema.TypeDouble {
			return schema.TypeDouble
		}
		return schema.TypeDecimal
	}
	return schema.TypeUnknown
}

// unionOrderColumn resolves an ORDER BY term of a UNION: a position or an
// output column name.
func unionOrderColumn(e sqlparser.Expr, cols []engine.Column) (int, error) {
	switch x := e.(type) {
	case *sqlparser.SQLVal:
		if x.Type == sqlparser.IntVal {
			n, err := strconv.Atoi(string(x.Val))
			if err != nil || n < 1 || n > len(cols) {
				return 0, fmt.Errorf("ORDER BY position %s is not in the select list (1..%d)", x.Val, len(cols))
			}
			return n - 1, nil
		}
	case *sqlparser.ColName:
		name := x.Name.String()
		for i, c := range cols {
			if strings.EqualFold(c.Name, name) {
				return i, nil
			}
		}
		return 0, fmt.Errorf("ORDER BY %s: not a column of the UNION's result", sqlparser.String(x))
	}
	return 0, fmt.Errorf("ORDER BY of a UNION may name result columns or positions only, not %s", sqlparser.String(e))
}
