package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/kintone-sql/kintone/schema"
)

// AggFunc is an aggregate function.
type AggFunc int

// The aggregate functions.
const (
	// AggCount is COUNT(expr), or COUNT(*) when the argument is nil.
	AggCount AggFunc = iota + 1
	AggSum
	AggMin
	AggMax
	AggAvg
	// AggGroupConcat is GROUP_CONCAT; its arguments are in AggSpec.Concat.
	AggGroupConcat
)

// aggNames holds the SQL name of each function.
var aggNames = map[AggFunc]string{AggCount: "COUNT", AggSum: "SUM", AggMin: "MIN", AggMax: "MAX", AggAvg: "AVG", AggGroupConcat: "GROUP_CONCAT"}

// String returns the function's SQL name.
func (f AggFunc) String() string { return aggNames[f] }

// AggSpec is one aggregate of an Aggregate node.
type AggSpec struct {
	Func AggFunc
	// Arg is the argument; nil for COUNT(*).
	Arg Expr
	// Distinct aggregates each distinct non-NULL value once.
	Distinct bool
	// Concat holds GROUP_CONCAT's arguments.
	Concat *ConcatSpec
}

// String renders the aggregate call.
func (a AggSpec) String() string {
	if a.Concat != nil {
		return a.Concat.String(a.Distinct)
	}
	if a.Arg == nil {
		return a.Func.String() + "(*)"
	}
	d := ""
	if a.Distinct {
		d = "DISTINCT "
	}
	return a.Func.String() + "(" + d + a.Arg.String() + ")"
}

// Type is the result type: BIGINT for COUNT; for SUM and AVG DOUBLE on
// DOUBLE input and DECIMAL otherwise (MySQL sums integers as DECIMAL);
// MIN and MAX keep the argument's type.
func (a AggSpec) Type() schema.Type {
	switch a.Func {
	case AggCount:
		return schema.TypeBigInt
	case AggGroupConcat:
		return schema.TypeText
	case AggSum, AggAvg:
		if a.Arg.Type() == schema.TypeDouble {
			return schema.TypeDouble
		}
		return schema.TypeDecimal
	}
	return a.Arg.Type()
}

// Aggregate groups its input by the Groups expressions and computes the
// aggregates of each group: one output row per group, holding the group
// values followed by the aggregate values, groups in order of first
// appearance. NULL group values form one group, as in SQL. Without Groups
// the whole input is one group and empty input still gives one row
// (COUNT 0, NULL for the others), as SQL does; with Groups empty input
// gives no row. The groups (and the values of DISTINCT aggregates) are
// held in memory.
type Aggregate struct {
	Input Node
	// Groups are the GROUP BY expressions, evaluated on input rows.
	Groups []Expr
	Aggs   []AggSpec
	// Rollup adds MySQL's WITH ROLLUP rows: one row per group of the first
	// k group values for k = n-1 down to 0, the other group columns NULL.
	// As in MySQL, the rows are then in group order (ascending, NULLs
	// first) and each super-aggregate row follows the rows it sums up.
	Rollup bool
}

// Columns are one column per group expression, named by its SQL text,
// then one per aggregate.
func (a *Aggregate) Columns() []Column {
	out := make([]Column, 0, len(a.Groups)+len(a.Aggs))
	for _, g := range a.Groups {
		out = append(out, Column{Name: g.String(), Type: g.Type(), Nullable: true})
	}
	for _, s := range a.Aggs {
		out = append(out, Column{Name: s.String(), Type: s.Type(), Nullable: s.Func != AggCount})
	}
	return out
}

// Explain lists the groups and the aggregates.
func (a *Aggregate) Explain() Explain {
	var d []string
	op := "aggregate (client-side)"
	if len(a.Groups) > 0 {
		op = "hash aggregate (client-side)"
		rollup := ""
		if a.Rollup {
			rollup = " with rollup"
		}
		d = append(d, "group by "+joinExprs(a.Groups)+rollup+" (groups held in memory)")
	}
	items := make([]string, len(a.Aggs))
	for i, s := range a.Aggs {
		items[i] = s.String()
	}
	if len(items) > 0 {
		d = append(d, strings.Join(items, ", "))
	}
	args := make([]Expr, 0, len(a.Aggs))
	for _, s := range a.Aggs {
		if s.Arg != nil {
			args = append(args, s.Arg)
		}
	}
	return Explain{Op: op, Details: d, Children: withSubqueries([]Node{a.Input}, append(append([]Expr(nil), a.Groups...), args...)...)}
}

// aggGroup is one group: its values and its aggregate states; level is
// how many of the group values it has (fewer in a ROLLUP's super-aggregate
// groups).
type aggGroup struct {
	vals   Row
	states []*aggState
	level  int
}

// newGroup starts a group.
func (a *Aggregate) newGroup(vals Row) *aggGroup {
	g := &aggGroup{vals: vals, states: make([]*aggState, len(a.Aggs))}
	for i, s := range a.Aggs {
		g.states[i] = &aggState{spec: s}
		if s.Distinct {
			g.states[i].seen = map[string]bool{}
		}
	}
	return g
}

// Open reads the whole input and builds the result rows.
func (a *Aggregate) Open(ctx context.Context, env *Env) (Iterator, error) {
	env.remember(ctx)
	in, err := a.Input.Open(ctx, env)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	mem := newBudget(env, "GROUP BY")
	// levels[k] are the groups of the first k group values, in order of
	// first appearance; only k = n without ROLLUP.
	n := len(a.Groups)
	levels := make([][]*aggGroup, n+1)
	lowest := n
	if a.Rollup {
		lowest = 0
	}
	groups := map[string]*aggGroup{}
	var key []byte
	for {
		row, err := in.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			mem.release()
			return nil, err
		}
		vals := make(Row, n)
		for i, g := range a.Groups {
			if vals[i], err = g.Eval(env, row); err != nil {
				mem.release()
				return nil, err
			}
		}
		for lvl := n; lvl >= lowest; lvl-- {
			key = append(key[:0], byte(lvl))
			for _, v := range vals[:lvl] {
				key = appendKey(key, v, false)
			}
			g := groups[string(key)]
			if g == nil {
				if err := mem.add(1); err != nil {
					return nil, err
				}
				gv := make(Row, n)
				copy(gv, vals[:lvl])
				g = a.newGroup(gv)
				g.level = lvl
				groups[string(key)] = g
				levels[lvl] = append(levels[lvl], g)
			}
			for _, st := range g.states {
				if err := st.add(env, row, mem); err != nil {
					mem.release()
					return nil, err
				}
			}
		}
	}
	var order []*aggGroup
	for lvl := n; lvl >= 0; lvl-- {
		order = append(order, levels[lvl]...)
	}
	if a.Rollup {
		if err := sortRollup(order); err != nil {
			mem.release()
			return nil, err
		}
	}
	if n == 0 && len(order) == 0 {
		order = append(order, a.newGroup(nil))
	}
	items := make([]sortItem, len(order))
	for i, g := range order {
		out := make(Row, 0, len(a.Groups)+len(a.Aggs))
		out = append(out, g.vals...)
		for _, st := range g.states {
			out = append(out, st.result())
		}
		items[i] = sortItem{row: out}
	}
	return &bufferIter{items: items, mem: mem}, nil
}

// sortRollup puts the groups of a ROLLUP in MySQL's order: by their group
// values ascending (NULLs first), a super-aggregate group (fewer group
// values: a lower level) after every group sharing its values.
func sortRollup(groups []*aggGroup) error {
	var cmpErr error
	slices.SortStableFunc(groups, func(a, b *aggGroup) int {
		for i := range min(a.level, b.level) {
			c, err := CompareNullsFirst(a.vals[i], b.vals[i])
			if err != nil && cmpErr == nil {
				cmpErr = fmt.Errorf("WITH ROLLUP: %w", err)
			}
			if c != 0 {
				return c
			}
		}
		return b.level - a.level
	})
	return cmpErr
}

// joinExprs renders expressions separated by commas.
func joinExprs(es []Expr) string {
	parts := make([]string, len(es))
	for i, e := range es {
		parts[i] = e.String()
	}
	return strings.Join(parts, ", ")
}
