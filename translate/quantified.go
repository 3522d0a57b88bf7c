package translate

import (
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
)

// The placeholders the front end writes for op ANY (SELECT ...) and op
// ALL (SELECT ...) (see quantifierEdits).
const (
	quantAny = "__quant_any"
	quantAll = "__quant_all"
)

// quantifiedOperand returns the subquery of a comparison's right operand
// when it is an ANY/SOME/ALL placeholder.
func quantifiedOperand(e sqlparser.Expr) (sq *sqlparser.Subquery, all, ok bool) {
	f, isFunc := e.(*sqlparser.FuncExpr)
	if !isFunc || len(f.Exprs) != 1 {
		return nil, false, false
	}
	name := strings.ToLower(f.Name.String())
	if name != quantAny && name != quantAll {
		return nil, false, false
	}
	ae, isAliased := f.Exprs[0].(*sqlparser.AliasedExpr)
	if !isAliased {
		return nil, false, false
	}
	sq, ok = ae.Expr.(*sqlparser.Subquery)
	return sq, name == quantAll, ok
}

// quantified binds X op ANY|ALL (SELECT ...).
func (p *planner) quantified(x *sqlparser.ComparisonExpr, op engine.CmpOp, sq *sqlparser.Subquery, all bool, where clause) (engine.Expr, error) {
	if op == engine.OpNullSafeEq {
		return nil, notSupported("<=> with ANY/ALL")
	}
	l, sub, err := p.valueAndSubquery(x.Left, sq, where)
	if err != nil {
		return nil, err
	}
	return &engine.Quantified{X: l, Op: op, Sub: sub, All: all}, nil
}
