package translate

import (
	"fmt"

	"github.com/kintone-sql/kintone/engine"
)

// place returns a copy of e in which each slot reference reads the
// position of its slot in layout (the slots of the operator's input row,
// in order). Param references (outer values) and subquery plans are left
// alone.
func (p *planner) place(e engine.Expr, layout []int) (engine.Expr, error) {
	if e == nil {
		return nil, nil
	}
	pos := make(map[int]int, len(layout))
	for i, s := range layout {
		pos[s] = i
	}
	return engine.MapExpr(e, func(x engine.Expr) (engine.Expr, bool, error) {
		ref, ok := x.(*engine.ColumnRef)
		if !ok {
			return nil, false, nil
		}
		i, ok := pos[ref.Index]
		if !ok {
			return nil, true, fmt.Errorf("internal error: column %s is not available at this step of the plan", ref)
		}
		return &engine.ColumnRef{Index: i, Col: ref.Col}, true, nil
	})
}

// placeAll places each expression.
func (p *planner) placeAll(es []engine.Expr, layout []int) ([]engine.Expr, error) {
	out := make([]engine.Expr, len(es))
	for i, e := range es {
		x, err := p.place(e, layout)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

// placedFilter stacks a Filter of the conditions (placed for layout) over
// input; no conditions leave input alone.
func (p *planner) placedFilter(input engine.Node, conds []engine.Expr, layout []int) (engine.Node, error) {
	placed, err := p.placeAll(conds, layout)
	if err != nil {
		return nil, err
	}
	return filter(input, placed), nil
}

// sourcesOf returns the set of the block's tables whose columns e reads
// (bit i for table i).
func (p *planner) sourcesOf(e engine.Expr) uint64 {
	var set uint64
	engine.Walk(e, func(x engine.Expr) {
		if ref, ok := x.(*engine.ColumnRef); ok && ref.Index < len(p.st.slots) {
			if src := p.st.slots[ref.Index].src; src != nil && src.p.blk == p.blk {
				set |= 1 << src.id
			}
		}
	})
	return set
}

// readsParams reports whether e reads an outer value (a correlated
// reference).
func readsParams(e engine.Expr) bool {
	return engine.Contains(e, func(x engine.Expr) bool { _, ok := x.(*engine.Param); return ok })
}
