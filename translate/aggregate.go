package translate

import (
	"fmt"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// aggCollector binds the aggregates of an aggregate query: each distinct
// aggregate call becomes one output column of the Aggregate node, and the
// select list, HAVING and ORDER BY refer to those columns. Columns outside
// an aggregate are refused (there is no GROUP BY yet).
type aggCollector struct {
	specs []engine.AggSpec
	// inside is true while an aggregate's argument is being bound.
	inside bool
	// orderOnly is true while ORDER BY is bound: a one-row result cannot
	// be reordered, so columns outside aggregates are accepted there (as
	// SQLite does) and only checked for existence.
	orderOnly bool
}

// hasAggregate reports whether an expression holds an aggregate call
// (subqueries are refused elsewhere).
func hasAggregate(nodes ...sqlparser.SQLNode) bool {
	found := false
	for _, n := range nodes {
		if n == nil {
			continue
		}
		_ = sqlparser.Walk(func(node sqlparser.SQLNode) (bool, error) {
			switch x := node.(type) {
			case *sqlparser.FuncExpr:
				if x.IsAggregate() {
					found = true
					return false, nil
				}
			case *sqlparser.GroupConcatExpr:
				found = true
				return false, nil
			case *sqlparser.Subquery:
				return false, nil
			}
			return true, nil
		}, n)
	}
	return found
}

// aggregate binds one aggregate call and returns a reference to its
// output column.
func (a *aggCollector) aggregate(p *planner, f *sqlparser.FuncExpr) (engine.Expr, error) {
	name := strings.ToLower(f.Name.String())
	fn, ok := map[string]engine.AggFunc{
		"count": engine.AggCount, "sum": engine.AggSum, "min": engine.AggMin, "max": engine.AggMax, "avg": engine.AggAvg,
	}[name]
	if !ok {
		return nil, notSupported("the aggregate function " + strings.ToUpper(name) + "()")
	}
	if len(f.Exprs) != 1 {
		return nil, fmt.Errorf("%s() takes one argument", strings.ToUpper(name))
	}
	spec := engine.AggSpec{Func: fn, Distinct: f.Distinct}
	switch e := f.Exprs[0].(type) {
	case *sqlparser.StarExpr:
		if fn != engine.AggCount || f.Distinct || !e.TableName.IsEmpty() {
			return nil, fmt.Errorf("%s is not valid", sqlparser.String(f))
		}
	case *sqlparser.AliasedExpr:
		a.inside = true
		arg, err := p.expr(e.Expr, inSelect)
		a.inside = false
		if err != nil {
			return nil, err
		}
		spec.Arg = arg
		if fn == engine.AggCount && !f.Distinct && neverNull(arg) {
			spec.Arg = nil // COUNT(1), COUNT($id): COUNT(*)
		}
	default:
		return nil, fmt.Errorf("%s is not valid", sqlparser.String(f))
	}
	key := spec.String()
	idx := -1
	for i, s := range a.specs {
		if s.String() == key {
			idx = i
		}
	}
	if idx < 0 {
		idx = len(a.specs)
		a.specs = append(a.specs, spec)
	}
	return &engine.ColumnRef{Index: idx, Col: engine.Column{Name: key, Type: spec.Type(), Nullable: fn != engine.AggCount}}, nil
}

// neverNull reports expressions that are never NULL: non-NULL constants
// and the record id.
func neverNull(e engine.Expr) bool {
	switch x := e.(type) {
	case *engine.Literal:
		return x.V != nil
	case *engine.ColumnRef:
		return x.Col.Source != nil && x.Col.Source.FieldType == schema.FieldID
	}
	return false
}

// outsideColumn refuses a column used outside an aggregate.
func (a *aggCollector) outsideColumn(p *planner, cn *sqlparser.ColName) (engine.Expr, error) {
	if a.orderOnly {
		return p.column(cn)
	}
	return nil, fmt.Errorf("column %s must be used inside an aggregate function here (GROUP BY is not supported yet)",
		sqlparser.String(cn))
}

// countOnly reports whether every aggregate is COUNT(*), which kintone's
// totalCount answers.
func (a *aggCollector) countOnly() bool {
	if len(a.specs) == 0 {
		return false
	}
	for _, s := range a.specs {
		if s.Func != engine.AggCount || s.Arg != nil {
			return false
		}
	}
	return true
}
