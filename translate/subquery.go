package translate

import (
	"fmt"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
)

// Subqueries in expressions. An uncorrelated subquery runs once per
// statement (engine.Subquery keeps its result). A correlated one reads
// columns of enclosing blocks: each such column becomes a parameter (an
// engine.Param inside the subquery, the outer expression in
// Subquery.Params), and the subquery runs again for each new combination
// of outer values. Its kintone tables are then read once and held in
// memory (engine.Materialize), so the cost is one read of each table plus
// one in-memory evaluation per distinct outer value; conditions on outer
// values are evaluated client-side.

// subqueryScope collects the outer values a subquery reads.
type subqueryScope struct {
	params []engine.Expr
}

// param returns a Param reading outer expression e, registering it once.
func (s *subqueryScope) param(e engine.Expr) engine.Expr {
	key := e.String()
	for i, x := range s.params {
		if x.String() == key {
			return &engine.Param{Index: i, Col: paramColumn(x)}
		}
	}
	s.params = append(s.params, e)
	return &engine.Param{Index: len(s.params) - 1, Col: paramColumn(e)}
}

// paramColumn describes an outer expression for its Param.
func paramColumn(e engine.Expr) engine.Column {
	switch x := e.(type) {
	case *engine.ColumnRef:
		return x.Col
	case *engine.Param:
		return x.Col
	}
	return engine.Column{Name: e.String(), Type: e.Type(), Nullable: true}
}

// correlated reports whether the block is a subquery that reads outer
// values.
func (p *planner) correlated() bool { return p.sub != nil && len(p.sub.params) > 0 }

// subquery plans a subquery of an expression. want is the number of
// columns it must have (0: any).
func (p *planner) subquery(stmt sqlparser.SelectStatement, want int, existsOnly bool) (*engine.Subquery, error) {
	scope := &subqueryScope{}
	child := p.nested(p, scope)
	child.existsOnly = existsOnly
	node, err := child.selectStatementPlan(stmt)
	if err != nil {
		return nil, err
	}
	if n := len(node.Columns()); want > 0 && n != want {
		return nil, fmt.Errorf("operand should contain %d column(s): the subquery (%s) returns %d", want, sqlparser.String(stmt), n)
	}
	return &engine.Subquery{Plan: node, Params: scope.params, Text: sqlparser.String(stmt)}, nil
}

// scalarSubquery binds (SELECT ...) used as a value.
func (p *planner) scalarSubquery(x *sqlparser.Subquery) (engine.Expr, error) {
	sub, err := p.subquery(x.Select, 1, false)
	if err != nil {
		return nil, err
	}
	return &engine.ScalarSubquery{Sub: sub}, nil
}

// existsSubquery binds EXISTS (SELECT ...).
func (p *planner) existsSubquery(x *sqlparser.ExistsExpr) (engine.Expr, error) {
	sub, err := p.subquery(x.Subquery.Select, 0, true)
	if err != nil {
		return nil, err
	}
	return &engine.Exists{Sub: sub}, nil
}

// inSubquery binds X [NOT] IN (SELECT ...).
func (p *planner) inSubquery(x *sqlparser.ComparisonExpr, sq *sqlparser.Subquery, where clause) (engine.Expr, error) {
	if _, ok := x.Left.(sqlparser.ValTuple); ok {
		return nil, notSupported("row constructors (a, b) IN (SELECT ...)")
	}
	l, sub, err := p.valueAndSubquery(x.Left, sq, where)
	if err != nil {
		return nil, err
	}
	return &engine.InSubquery{X: l, Sub: sub, Not: x.Operator == sqlparser.NotInStr}, nil
}

// valueAndSubquery binds the two sides of X IN (SELECT ...) and
// X op ANY|ALL (SELECT ...): the value X and a one-column subquery.
func (p *planner) valueAndSubquery(left sqlparser.Expr, sq *sqlparser.Subquery, where clause) (engine.Expr, *engine.Subquery, error) {
	l, err := p.expr(left, where)
	if err != nil {
		return nil, nil, err
	}
	sub, err := p.subquery(sq.Select, 1, false)
	if err != nil {
		return nil, nil, err
	}
	return l, sub, nil
}
