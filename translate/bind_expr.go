package translate

import (
	"fmt"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// clause tells where an expression appears, which decides what it may hold.
type clause int

const (
	// inWhere allows kintone query functions and MATCH ... AGAINST.
	inWhere clause = iota + 1
	// inSelect, inOrder and inHaving allow aggregates in aggregate queries.
	inSelect
	inOrder
	inHaving
)

// expr binds a SQL expression and folds its constant parts. It refuses
// expressions nested deeper than maxExprDepth and checks the statement's
// context as it goes, so that no statement text can plan for long.
func (p *planner) expr(e sqlparser.Expr, where clause) (engine.Expr, error) {
	if err := p.enter(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	x, err := p.bindExpr(e, where)
	if err != nil {
		return nil, err
	}
	return p.fold(x)
}

// exprs binds a list of expressions.
func (p *planner) exprList(list []sqlparser.Expr, where clause) ([]engine.Expr, error) {
	out := make([]engine.Expr, len(list))
	for i, e := range list {
		x, err := p.expr(e, where)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

// bindExpr does the work of expr for one node.
func (p *planner) bindExpr(e sqlparser.Expr, where clause) (engine.Expr, error) {
	switch x := e.(type) {
	case *sqlparser.ParenExpr:
		return p.expr(x.Expr, where)
	case *sqlparser.AndExpr:
		return p.logic(x, where, true)
	case *sqlparser.OrExpr:
		return p.logic(x, where, false)
	case *sqlparser.NotExpr:
		v, err := p.expr(x.Expr, where)
		if err != nil {
			return nil, err
		}
		return &engine.Not{X: v}, nil
	case *sqlparser.UnaryExpr:
		return p.unary(x, where)
	case *sqlparser.ComparisonExpr:
		return p.comparison(x, where)
	case *sqlparser.RangeCond:
		return p.between(x, where)
	case *sqlparser.IsExpr:
		return p.isExpr(x, where)
	case *sqlparser.SQLVal:
		return p.literal(x)
	case *sqlparser.NullVal:
		return &engine.Literal{V: nil}, nil
	case sqlparser.BoolVal:
		return &engine.Literal{V: bool(x)}, nil
	case *sqlparser.ColName:
		if p.aliases != nil && x.Qualifier.IsEmpty() {
			if it, ok := findItem(p.aliases, x.Name.String()); ok {
				return it.expr, nil
			}
		}
		return p.column(x)
	case *sqlparser.BinaryExpr:
		return p.binary(x, where)
	case *sqlparser.FuncExpr:
		return p.function(x, where)
	case *sqlparser.CaseExpr:
		return p.caseExpr(x, where)
	case *sqlparser.MatchExpr:
		return p.match(x, where)
	case *sqlparser.Subquery:
		return p.scalarSubquery(x)
	case *sqlparser.ExistsExpr:
		return p.existsSubquery(x)
	case sqlparser.ValTuple:
		return nil, notSupported("row constructors (a, b)")
	case *sqlparser.GroupConcatExpr:
		if p.agg == nil || p.agg.inside {
			return nil, fmt.Errorf("aggregate function GROUP_CONCAT() is not allowed here")
		}
		return p.agg.groupConcat(p, x)
	case *sqlparser.ConvertExpr:
		return p.cast(x, where)
	case *sqlparser.ConvertUsingExpr:
		return nil, notSupported("CONVERT ... USING (character sets)")
	case *sqlparser.IntervalExpr:
		return nil, fmt.Errorf("INTERVAL %s can only be added to or subtracted from a date (d + INTERVAL n unit, DATE_ADD)", sqlparser.String(x.Expr))
	case *sqlparser.CollateExpr:
		return nil, notSupported("COLLATE")
	case *sqlparser.SubstrExpr:
		return p.substr(x, where)
	case *sqlparser.ValuesFuncExpr:
		return nil, notSupported("VALUES()")
	case *sqlparser.Default:
		return nil, notSupported("DEFAULT")
	}
	return nil, fmt.Errorf("unsupported expression %s", sqlparser.String(e))
}

// logic binds a chain of AND (or OR) terms, flattened into one And (Or)
// node. The chain is walked with an explicit stack, so that the long
// left-deep chains generated SQL holds (a = 1 OR a = 2 OR ...) bind in
// time and stack linear in their length.
func (p *planner) logic(e sqlparser.Expr, where clause, and bool) (engine.Expr, error) {
	var terms []engine.Expr
	stack := []sqlparser.Expr{e}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		switch y := x.(type) {
		case *sqlparser.AndExpr:
			if and {
				stack = append(stack, y.Right, y.Left)
				continue
			}
		case *sqlparser.OrExpr:
			if !and {
				stack = append(stack, y.Right, y.Left)
				continue
			}
		case *sqlparser.ParenExpr:
			stack = append(stack, y.Expr)
			continue
		}
		v, err := p.expr(x, where)
		if err != nil {
			return nil, err
		}
		switch t := v.(type) {
		case *engine.And:
			if and {
				terms = append(terms, t.Terms...)
				continue
			}
		case *engine.Or:
			if !and {
				terms = append(terms, t.Terms...)
				continue
			}
		}
		terms = append(terms, v)
	}
	if and {
		return &engine.And{Terms: terms}, nil
	}
	return &engine.Or{Terms: terms}, nil
}

// unary binds -x, +x and !x.
func (p *planner) unary(x *sqlparser.UnaryExpr, where clause) (engine.Expr, error) {
	v, err := p.expr(x.Expr, where)
	if err != nil {
		return nil, err
	}
	switch x.Operator {
	case sqlparser.UMinusStr:
		return &engine.Neg{X: v}, nil
	case sqlparser.UPlusStr:
		return v, nil
	case sqlparser.BangStr:
		return &engine.Not{X: v}, nil
	}
	return nil, notSupported("the unary operator " + strings.TrimSpace(x.Operator))
}

// cmpOps maps the parser's comparison operators.
var cmpOps = map[string]engine.CmpOp{
	sqlparser.EqualStr: engine.OpEq, sqlparser.NotEqualStr: engine.OpNe, sqlparser.LessThanStr: engine.OpLt,
	sqlparser.LessEqualStr: engine.OpLe, sqlparser.GreaterThanStr: engine.OpGt, sqlparser.GreaterEqualStr: engine.OpGe,
	sqlparser.NullSafeEqualStr: engine.OpNullSafeEq,
}

// comparison binds =, <>, <, ..., IN, LIKE.
func (p *planner) comparison(x *sqlparser.ComparisonExpr, where clause) (engine.Expr, error) {
	switch x.Operator {
	case sqlparser.InStr, sqlparser.NotInStr:
		return p.inList(x, where)
	case sqlparser.LikeStr, sqlparser.NotLikeStr:
		return p.like(x, where)
	case sqlparser.RegexpStr, sqlparser.NotRegexpStr:
		return nil, notSupported("REGEXP")
	case sqlparser.JSONExtractOp, sqlparser.JSONUnquoteExtractOp:
		return nil, notSupported("JSON operators (->, ->>)")
	}
	op, ok := cmpOps[x.Operator]
	if !ok {
		return nil, notSupported("the operator " + x.Operator)
	}
	if sq, all, isQuant := quantifiedOperand(x.Right); isQuant {
		return p.quantified(x, op, sq, all, where)
	}
	l, err := p.operand(x.Left, where)
	if err != nil {
		return nil, err
	}
	r, err := p.operand(x.Right, where)
	if err != nil {
		return nil, err
	}
	if err := checkTemporal(l, r); err != nil {
		return nil, err
	}
	return &engine.Comparison{Op: op, L: argAt(l, r), R: argAt(r, l)}, nil
}

// operand binds a comparison operand, where a kintone query function is
// allowed in WHERE.
func (p *planner) operand(e sqlparser.Expr, where clause) (engine.Expr, error) {
	if f, ok := e.(*sqlparser.FuncExpr); ok && isKintoneFunc(f.Name.String()) {
		if where != inWhere {
			return nil, fmt.Errorf("%s() is a kintone query function; it can only be used in WHERE conditions sent to kintone", strings.ToUpper(f.Name.String()))
		}
		v, err := kintoneCall(f)
		if err != nil {
			return nil, err
		}
		return &engine.KintoneFunc{Value: v}, nil
	}
	return p.expr(e, where)
}

// inList binds [NOT] IN (...).
func (p *planner) inList(x *sqlparser.ComparisonExpr, where clause) (engine.Expr, error) {
	if sq, ok := x.Right.(*sqlparser.Subquery); ok {
		return p.inSubquery(x, sq, where)
	}
	tuple, ok := x.Right.(sqlparser.ValTuple)
	if !ok {
		return nil, fmt.Errorf("IN needs a list of values or a subquery, got %s", sqlparser.String(x.Right))
	}
	l, err := p.expr(x.Left, where)
	if err != nil {
		return nil, err
	}
	list := make([]engine.Expr, len(tuple))
	for i, item := range tuple {
		if list[i], err = p.operand(item, where); err != nil {
			return nil, err
		}
		if err := checkTemporal(l, list[i]); err != nil {
			return nil, err
		}
		list[i] = argAt(list[i], l)
	}
	return &engine.InList{X: l, List: list, Not: x.Operator == sqlparser.NotInStr}, nil
}

// like binds [NOT] LIKE with its escape character (default \; it must be
// a constant of at most one character).
func (p *planner) like(x *sqlparser.ComparisonExpr, where clause) (engine.Expr, error) {
	l, err := p.expr(x.Left, where)
	if err != nil {
		return nil, err
	}
	pat, err := p.expr(x.Right, where)
	if err != nil {
		return nil, err
	}
	esc := rune(engine.DefaultLikeEscape)
	if x.Escape != nil {
		e, err := p.expr(x.Escape, where)
		if err != nil {
			return nil, err
		}
		lit, ok := e.(*engine.Literal)
		if !ok || lit.V == nil {
			return nil, fmt.Errorf("the ESCAPE of LIKE must be a constant character")
		}
		s := []rune(engine.ToText(lit.V))
		switch len(s) {
		case 0:
			esc = engine.NoEscape
		case 1:
			esc = s[0]
		default:
			return nil, fmt.Errorf("the ESCAPE of LIKE must be a single character, got %s", engine.SQLLiteral(lit.V))
		}
	}
	return &engine.Like{X: l, Pattern: pat, Escape: esc, Not: x.Operator == sqlparser.NotLikeStr}, nil
}

// between binds [NOT] BETWEEN.
func (p *planner) between(x *sqlparser.RangeCond, where clause) (engine.Expr, error) {
	v, err := p.expr(x.Left, where)
	if err != nil {
		return nil, err
	}
	lo, err := p.operand(x.From, where)
	if err != nil {
		return nil, err
	}
	hi, err := p.operand(x.To, where)
	if err != nil {
		return nil, err
	}
	for _, b := range []engine.Expr{lo, hi} {
		if err := checkTemporal(v, b); err != nil {
			return nil, err
		}
	}
	return &engine.Between{X: v, Lo: argAt(lo, v), Hi: argAt(hi, v), Not: x.Operator == sqlparser.NotBetweenStr}, nil
}

// isExpr binds IS [NOT] NULL / TRUE / FALSE.
func (p *planner) isExpr(x *sqlparser.IsExpr, where clause) (engine.Expr, error) {
	v, err := p.expr(x.Expr, where)
	if err != nil {
		return nil, err
	}
	switch x.Operator {
	case sqlparser.IsNullStr:
		return &engine.IsNull{X: v}, nil
	case sqlparser.IsNotNullStr:
		return &engine.IsNull{X: v, Not: true}, nil
	case sqlparser.IsTrueStr:
		return &engine.IsBool{X: v, Want: true}, nil
	case sqlparser.IsNotTrueStr:
		return &engine.IsBool{X: v, Want: true, Not: true}, nil
	case sqlparser.IsFalseStr:
		return &engine.IsBool{X: v, Want: false}, nil
	case sqlparser.IsNotFalseStr:
		return &engine.IsBool{X: v, Want: false, Not: true}, nil
	}
	return nil, notSupported(strings.ToUpper(x.Operator))
}

// arithOps maps the parser's arithmetic operators.
var arithOps = map[string]engine.ArithOp{
	sqlparser.PlusStr: engine.OpAdd, sqlparser.MinusStr: engine.OpSub, sqlparser.MultStr: engine.OpMul,
	sqlparser.DivStr: engine.OpDiv, sqlparser.IntDivStr: engine.OpIntDiv, sqlparser.ModStr: engine.OpMod,
}

// binary binds arithmetic, and date +/- INTERVAL.
func (p *planner) binary(x *sqlparser.BinaryExpr, where clause) (engine.Expr, error) {
	if iv, ok := x.Right.(*sqlparser.IntervalExpr); ok && (x.Operator == sqlparser.PlusStr || x.Operator == sqlparser.MinusStr) {
		return p.interval(x.Left, iv, x.Operator == sqlparser.MinusStr, where)
	}
	if iv, ok := x.Left.(*sqlparser.IntervalExpr); ok && x.Operator == sqlparser.PlusStr {
		return p.interval(x.Right, iv, false, where)
	}
	op, ok := arithOps[x.Operator]
	if !ok {
		switch x.Operator {
		case sqlparser.JSONExtractOp, sqlparser.JSONUnquoteExtractOp:
			return nil, notSupported("JSON operators (->, ->>)")
		}
		return nil, notSupported("the bit operator " + x.Operator)
	}
	l, err := p.expr(x.Left, where)
	if err != nil {
		return nil, err
	}
	r, err := p.expr(x.Right, where)
	if err != nil {
		return nil, err
	}
	return &engine.Arith{Op: op, L: l, R: r}, nil
}

// function binds a call: an aggregate (in aggregate queries), a kintone
// query function (refused outside comparisons in WHERE) or a registry
// function.
func (p *planner) function(x *sqlparser.FuncExpr, where clause) (engine.Expr, error) {
	name := x.Name.String()
	if !x.Qualifier.IsEmpty() {
		return nil, fmt.Errorf("unknown function %s.%s", x.Qualifier.String(), name)
	}
	if n, ok := windowNumber(name); ok {
		return p.windowCall(x, n, where)
	}
	if x.IsAggregate() {
		if p.agg == nil || p.agg.inside {
			return nil, fmt.Errorf("aggregate function %s() is not allowed here", strings.ToUpper(name))
		}
		return p.agg.aggregate(p, x)
	}
	if isKintoneFunc(name) {
		return nil, fmt.Errorf("%s() is a kintone query function; it can only be compared with a column in WHERE (e.g. col = %s())",
			strings.ToUpper(name), strings.ToUpper(name))
	}
	if x.Distinct {
		return nil, fmt.Errorf("DISTINCT is only allowed in aggregate functions, not in %s()", strings.ToUpper(name))
	}
	if e, ok, err := p.specialFunction(x, where); ok || err != nil {
		return e, err
	}
	if strings.EqualFold(name, engine.KintoneInFunc) {
		return p.kintoneIn(x, where)
	}
	fn, ok := engine.LookupFunction(name)
	if !ok {
		return nil, fmt.Errorf("function %s() is not supported", strings.ToUpper(name))
	}
	args := make([]engine.Expr, 0, len(x.Exprs))
	for _, se := range x.Exprs {
		ae, ok := se.(*sqlparser.AliasedExpr)
		if !ok {
			return nil, fmt.Errorf("%s(*) is not valid", fn.Name)
		}
		a, err := p.expr(ae.Expr, where)
		if err != nil {
			return nil, err
		}
		args = append(args, a)
	}
	if len(args) < fn.MinArgs || (fn.MaxArgs >= 0 && len(args) > fn.MaxArgs) {
		return nil, fmt.Errorf("wrong number of arguments to %s(): %d", fn.Name, len(args))
	}
	return &engine.Call{Fn: fn, Args: args}, nil
}

// caseExpr binds CASE.
func (p *planner) caseExpr(x *sqlparser.CaseExpr, where clause) (engine.Expr, error) {
	c := &engine.Case{}
	var err error
	if x.Expr != nil {
		if c.Operand, err = p.expr(x.Expr, where); err != nil {
			return nil, err
		}
	}
	for _, w := range x.Whens {
		cond, err := p.expr(w.Cond, where)
		if err != nil {
			return nil, err
		}
		then, err := p.expr(w.Val, where)
		if err != nil {
			return nil, err
		}
		c.Whens = append(c.Whens, engine.When{Cond: cond, Then: then})
	}
	if x.Else != nil {
		if c.Else, err = p.expr(x.Else, where); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// match binds MATCH(cols) AGAINST('words'), kintone's word search.
func (p *planner) match(x *sqlparser.MatchExpr, where clause) (engine.Expr, error) {
	if where != inWhere {
		return nil, fmt.Errorf("MATCH ... AGAINST (kintone's word search) can only be used in WHERE")
	}
	if x.Option != "" {
		return nil, notSupported("MATCH ... AGAINST (..." + strings.ToUpper(x.Option) + ")")
	}
	m := &engine.Match{}
	for _, se := range x.Columns {
		ae, ok := se.(*sqlparser.AliasedExpr)
		if !ok {
			return nil, fmt.Errorf("MATCH needs column names")
		}
		cn, ok := ae.Expr.(*sqlparser.ColName)
		if !ok {
			return nil, fmt.Errorf("MATCH needs column names, got %s", sqlparser.String(ae.Expr))
		}
		e, err := p.column(cn)
		if err != nil {
			return nil, err
		}
		ref, ok := e.(*engine.ColumnRef)
		if !ok {
			return nil, fmt.Errorf("MATCH cannot search column %s of an enclosing query", sqlparser.String(cn))
		}
		m.Cols = append(m.Cols, ref)
	}
	against, err := p.expr(x.Expr, where)
	if err != nil {
		return nil, err
	}
	lit, ok := against.(*engine.Literal)
	if !ok || lit.V == nil {
		return nil, fmt.Errorf("AGAINST needs a constant search text")
	}
	m.Text = engine.ToText(lit.V)
	return m, nil
}

// checkTemporal refuses, at plan time, a string constant compared with a
// DATE, DATETIME or TIME column when it does not read as one.
func checkTemporal(a, b engine.Expr) error {
	for _, pair := range [][2]engine.Expr{{a, b}, {b, a}} {
		ref, ok := pair[0].(*engine.ColumnRef)
		if !ok {
			continue
		}
		lit, ok := pair[1].(*engine.Literal)
		if !ok {
			continue
		}
		s, ok := lit.V.(string)
		if !ok {
			continue
		}
		var err error
		switch ref.Col.Type {
		case schema.TypeDate, schema.TypeDateTime:
			_, _, err = engine.ParseDateTime(s)
		case schema.TypeTime:
			_, err = engine.ParseTimeOfDay(s)
		}
		if err != nil {
			return fmt.Errorf("column %s is %s: %w", ref.String(), ref.Col.Type.DatabaseTypeName(), err)
		}
	}
	return nil
}
