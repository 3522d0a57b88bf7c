package translate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// aggCollector binds an aggregate query (aggregates, GROUP BY): each
// distinct aggregate call and each GROUP BY expression gets a slot, the
// output of the engine.Aggregate node. After binding, the select list,
// HAVING and ORDER BY are rewritten (finish) so that they read those slots
// only: an expression equal to a GROUP BY expression reads its slot, and
// any other column outside an aggregate is refused, as MySQL's
// ONLY_FULL_GROUP_BY does.
type aggCollector struct {
	p *planner
	// grouped is true with GROUP BY; without it the whole input is one
	// group.
	grouped bool
	specs   []engine.AggSpec
	slots   []int
	// inside is true while an aggregate's argument or a GROUP BY
	// expression is being bound (aggregates are refused there).
	inside bool
	groups []engine.Expr
	gslots []int
	// rollup is set by GROUP BY ... WITH ROLLUP.
	rollup bool
}

// hasAggregate reports whether an expression holds an aggregate call
// (outside subqueries, which aggregate on their own).
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

// aggregate binds one aggregate call and returns a reference to its slot.
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
		if readsParams(arg) && p.sourcesOf(arg) == 0 {
			// MySQL aggregates such a call in the outer query.
			return nil, notSupported(sqlparser.String(f) + " over columns of an enclosing query only")
		}
		spec.Arg = arg
		if fn == engine.AggCount && !f.Distinct && neverNull(arg) {
			spec.Arg = nil // COUNT(1), COUNT($id): COUNT(*)
		}
	default:
		return nil, fmt.Errorf("%s is not valid", sqlparser.String(f))
	}
	return a.add(p, spec), nil
}

// add registers an aggregate once and returns a reference to its slot.
func (a *aggCollector) add(p *planner, spec engine.AggSpec) engine.Expr {
	key := spec.String()
	for i, s := range a.specs {
		if s.String() == key {
			return p.slotRef(a.slots[i])
		}
	}
	a.specs = append(a.specs, spec)
	a.slots = append(a.slots, p.newSlot(engine.Column{Name: key, Type: spec.Type(), Nullable: spec.Func != engine.AggCount}, nil))
	return p.slotRef(a.slots[len(a.slots)-1])
}

// groupConcat binds GROUP_CONCAT([DISTINCT] args [ORDER BY ...]
// [SEPARATOR 'sep']).
func (a *aggCollector) groupConcat(p *planner, x *sqlparser.GroupConcatExpr) (engine.Expr, error) {
	c := &engine.ConcatSpec{Separator: ","}
	if x.Separator != "" {
		sep, ok := strings.CutPrefix(x.Separator, " separator '")
		if !ok {
			return nil, fmt.Errorf("GROUP_CONCAT: cannot read the separator %s", x.Separator)
		}
		c.Separator = strings.TrimSuffix(sep, "'")
	}
	a.inside = true
	defer func() { a.inside = false }()
	for _, se := range x.Exprs {
		ae, ok := se.(*sqlparser.AliasedExpr)
		if !ok {
			return nil, fmt.Errorf("GROUP_CONCAT(*) is not valid")
		}
		e, err := p.expr(ae.Expr, inSelect)
		if err != nil {
			return nil, err
		}
		c.Args = append(c.Args, e)
	}
	for _, o := range x.OrderBy {
		e, err := p.expr(o.Expr, inSelect)
		if err != nil {
			return nil, err
		}
		c.Order = append(c.Order, engine.SortKey{Expr: e, Desc: o.Direction == sqlparser.DescScr})
	}
	spec := engine.AggSpec{Func: engine.AggGroupConcat, Distinct: strings.TrimSpace(x.Distinct) != "", Concat: c}
	return a.add(p, spec), nil
}

// neverNull reports expressions that are never NULL: non-NULL constants
// and the record id.
func neverNull(e engine.Expr) bool {
	switch x := e.(type) {
	case *engine.Literal:
		return x.V != nil
	case *engine.ColumnRef:
		return x.Col.Source != nil && x.Col.Source.FieldType == schema.FieldID && !x.Col.Nullable
	}
	return false
}

// bindGroups binds GROUP BY: a number is a select-list position; a bare
// name is a FROM column, else a select-list alias (MySQL's order); any
// other expression is bound over the FROM tables.
func (a *aggCollector) bindGroups(groupBy sqlparser.GroupBy, items []selectItem) error {
	p := a.p
	a.inside = true
	defer func() { a.inside = false }()
	groupBy, a.rollup = rollupGroups(groupBy)
	for _, g := range groupBy {
		var e engine.Expr
		switch x := g.(type) {
		case *sqlparser.SQLVal:
			if x.Type == sqlparser.IntVal {
				n, err := strconv.Atoi(string(x.Val))
				if err != nil || n < 1 || n > len(items) {
					return fmt.Errorf("GROUP BY position %s is not in the select list (1..%d)", x.Val, len(items))
				}
				e = items[n-1].expr
				if a.holdsAggregate(e) {
					return fmt.Errorf("cannot GROUP BY %s: it is an aggregate", items[n-1].name)
				}
			}
		case *sqlparser.ColName:
			if x.Qualifier.IsEmpty() {
				if _, found, _ := p.localColumn(x); !found {
					if it, ok := findItem(items, x.Name.String()); ok {
						if a.holdsAggregate(it.expr) {
							return fmt.Errorf("cannot GROUP BY %s: it is an aggregate", it.name)
						}
						e = it.expr
					}
				}
			}
		}
		if e == nil {
			var err error
			if e, err = p.expr(g, inSelect); err != nil {
				return err
			}
		}
		a.addGroup(e)
	}
	return nil
}

// addGroup registers a GROUP BY expression once.
func (a *aggCollector) addGroup(e engine.Expr) {
	for _, g := range a.groups {
		if g.String() == e.String() {
			return
		}
	}
	col := engine.Column{Name: e.String(), Type: e.Type(), Nullable: true}
	if ref, ok := e.(*engine.ColumnRef); ok {
		col = ref.Col
	}
	a.groups = append(a.groups, e)
	a.gslots = append(a.gslots, a.p.newSlot(col, nil))
}

// holdsAggregate reports whether e reads an aggregate slot.
func (a *aggCollector) holdsAggregate(e engine.Expr) bool {
	return engine.Contains(e, func(x engine.Expr) bool {
		ref, ok := x.(*engine.ColumnRef)
		return ok && a.isAggSlot(ref.Index)
	})
}

// isAggSlot reports an aggregate's slot.
func (a *aggCollector) isAggSlot(slot int) bool {
	for _, s := range a.slots {
		if s == slot {
			return true
		}
	}
	return false
}

// isGroupSlot reports a GROUP BY expression's slot.
func (a *aggCollector) isGroupSlot(slot int) bool {
	for _, s := range a.gslots {
		if s == slot {
			return true
		}
	}
	return false
}

// rewrite maps e onto the aggregate's output: GROUP BY expressions and
// aggregates become their slots; another column is an error.
func (a *aggCollector) rewrite(e engine.Expr) (engine.Expr, error) {
	return engine.MapExpr(e, func(x engine.Expr) (engine.Expr, bool, error) {
		ref, isRef := x.(*engine.ColumnRef)
		if isRef && (a.isAggSlot(ref.Index) || a.isGroupSlot(ref.Index) || a.p.win.isSlot(ref.Index)) {
			return x, true, nil
		}
		if _, isLit := x.(*engine.Literal); !isLit {
			key := x.String()
			for i, g := range a.groups {
				if g.String() == key {
					return a.p.slotRef(a.gslots[i]), true, nil
				}
			}
		}
		if isRef {
			if a.grouped {
				return nil, true, fmt.Errorf("column %s must appear in GROUP BY or be used inside an aggregate function", ref)
			}
			return nil, true, fmt.Errorf("column %s must be used inside an aggregate function (the query aggregates all rows; add GROUP BY to group them)", ref)
		}
		return nil, false, nil
	})
}

// finish rewrites the select list, HAVING and ORDER BY over the
// aggregate's output. Without GROUP BY the result is one row, so ORDER BY
// has nothing to order and is dropped (its columns were checked when
// bound, as SQLite accepts them).
func (a *aggCollector) finish(b *boundSelect) error {
	for i := range b.items {
		e, err := a.rewrite(b.items[i].expr)
		if err != nil {
			return err
		}
		b.items[i].expr = e
	}
	if b.having != nil {
		e, err := a.rewrite(b.having)
		if err != nil {
			return err
		}
		b.having = e
	}
	if !a.grouped {
		b.keys = nil
		return nil
	}
	for i := range b.keys {
		e, err := a.rewrite(b.keys[i].Expr)
		if err != nil {
			return err
		}
		b.keys[i].Expr = e
	}
	return nil
}

// plan stacks the Aggregate node over input (rows of layout) and returns
// it with its output layout: the GROUP BY slots, then the aggregates'.
func (a *aggCollector) plan(input engine.Node, layout []int) (engine.Node, []int, error) {
	groups, err := a.p.placeAll(a.groups, layout)
	if err != nil {
		return nil, nil, err
	}
	specs := make([]engine.AggSpec, len(a.specs))
	for i, s := range a.specs {
		specs[i] = s
		if s.Arg != nil {
			if specs[i].Arg, err = a.p.place(s.Arg, layout); err != nil {
				return nil, nil, err
			}
		}
		if c := s.Concat; c != nil {
			placed := &engine.ConcatSpec{Separator: c.Separator, Order: make([]engine.SortKey, len(c.Order))}
			if placed.Args, err = a.p.placeAll(c.Args, layout); err != nil {
				return nil, nil, err
			}
			for j, k := range c.Order {
				if placed.Order[j].Expr, err = a.p.place(k.Expr, layout); err != nil {
					return nil, nil, err
				}
				placed.Order[j].Desc = k.Desc
			}
			specs[i].Concat = placed
		}
	}
	out := append(append([]int(nil), a.gslots...), a.slots...)
	return &engine.Aggregate{Input: input, Groups: groups, Aggs: specs, Rollup: a.rollup}, out, nil
}

// countOnly reports whether every aggregate is COUNT(*), which kintone's
// totalCount answers.
func (a *aggCollector) countOnly() bool {
	if len(a.specs) == 0 || len(a.groups) > 0 {
		return false
	}
	for _, s := range a.specs {
		if s.Func != engine.AggCount || s.Arg != nil {
			return false
		}
	}
	return true
}

// havingExpr binds HAVING: a bare name that is a select-list alias means
// that item (MySQL looks there first), other names are FROM columns.
func (p *planner) havingExpr(e sqlparser.Expr, items []selectItem) (engine.Expr, error) {
	p.aliases = items
	defer func() { p.aliases = nil }()
	return p.expr(e, inHaving)
}
