package translate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// winCollector binds the window calls of one SELECT: each gets a slot,
// the output of the engine.Window node, which runs after WHERE, GROUP BY
// and HAVING and before DISTINCT, ORDER BY and LIMIT (SQL's order).
type winCollector struct {
	calls []engine.WindowCall
	slots []int
}

// isSlot reports a window call's slot.
func (w *winCollector) isSlot(slot int) bool {
	if w == nil {
		return false
	}
	for _, s := range w.slots {
		if s == slot {
			return true
		}
	}
	return false
}

// windowFuncs maps window function names to their function and the
// arguments they take (min, max).
var windowFuncs = map[string]struct {
	fn       engine.WindowFunc
	min, max int
}{
	"row_number": {engine.WinRowNumber, 0, 0}, "rank": {engine.WinRank, 0, 0}, "dense_rank": {engine.WinDenseRank, 0, 0},
	"ntile": {engine.WinNtile, 1, 1}, "lag": {engine.WinLag, 1, 3}, "lead": {engine.WinLead, 1, 3},
	"first_value": {engine.WinFirstValue, 1, 1}, "last_value": {engine.WinLastValue, 1, 1},
}

// windowNumber returns N of a __win_N placeholder name.
func windowNumber(name string) (int, bool) {
	rest, ok := strings.CutPrefix(strings.ToLower(name), winPrefix)
	if !ok {
		return 0, false
	}
	n, err := strconv.Atoi(rest)
	return n, err == nil
}

// windowCall binds the window call of placeholder f.
func (p *planner) windowCall(f *sqlparser.FuncExpr, n int, where clause) (engine.Expr, error) {
	if p.st.windows == nil || n >= len(p.st.windows.calls) {
		return nil, fmt.Errorf("function %s() is not supported", f.Name.String())
	}
	def := p.st.windows.calls[n]
	upper := strings.ToUpper(def.fn)
	if p.win == nil || (where != inSelect && where != inOrder) || (p.agg != nil && p.agg.inside) {
		return nil, fmt.Errorf("window function %s() is only allowed in the select list and ORDER BY", upper)
	}
	if f.Distinct {
		return nil, fmt.Errorf("%s(DISTINCT ...) OVER is not supported (MySQL refuses DISTINCT in window functions)", upper)
	}
	spec, err := p.st.windows.resolve(def.spec)
	if err != nil {
		return nil, err
	}
	call := engine.WindowCall{Frame: spec.frame}
	rangeOffsets := call.RangeOffsets()
	if rangeOffsets && len(spec.order) != 1 {
		return nil, fmt.Errorf("%s() OVER: a RANGE frame with an offset needs exactly one ORDER BY expression", upper)
	}
	if agg, ok := map[string]engine.AggFunc{"count": engine.AggCount, "sum": engine.AggSum, "avg": engine.AggAvg,
		"min": engine.AggMin, "max": engine.AggMax}[def.fn]; ok {
		call.Func, call.Agg.Func = engine.WinAggregate, agg
		if err := p.windowAggArg(f, &call, upper); err != nil {
			return nil, err
		}
	} else {
		wf, ok := windowFuncs[def.fn]
		if !ok {
			return nil, fmt.Errorf("%s() is not a window function", upper)
		}
		if len(f.Exprs) < wf.min || len(f.Exprs) > wf.max {
			return nil, fmt.Errorf("%s() takes %d to %d arguments, got %d", upper, wf.min, wf.max, len(f.Exprs))
		}
		call.Func = wf.fn
		for _, se := range f.Exprs {
			ae, ok := se.(*sqlparser.AliasedExpr)
			if !ok {
				return nil, fmt.Errorf("%s(*) is not valid", upper)
			}
			a, err := p.expr(ae.Expr, inSelect)
			if err != nil {
				return nil, err
			}
			call.Args = append(call.Args, a)
		}
	}
	if call.Partition, err = p.exprList(spec.partition, inSelect); err != nil {
		return nil, err
	}
	for _, o := range spec.order {
		e, err := p.expr(o.Expr, inSelect)
		if err != nil {
			return nil, err
		}
		call.Order = append(call.Order, engine.SortKey{Expr: e, Desc: o.Direction == sqlparser.DescScr})
		if t := e.Type(); rangeOffsets && t != schema.TypeBigInt && t != schema.TypeDecimal && t != schema.TypeDouble {
			return nil, fmt.Errorf("%s() OVER: a RANGE frame with an offset needs a numeric ORDER BY expression, not %s (%v)", upper, e, t)
		}
	}
	call.Call = def.fn + "(" + sqlparser.String(f.Exprs) + ")"
	call.Name = call.Call + " " + def.over
	p.win.calls = append(p.win.calls, call)
	p.win.slots = append(p.win.slots, p.newSlot(engine.Column{Name: call.Name, Type: call.Type(), Nullable: true}, nil))
	return p.slotRef(p.win.slots[len(p.win.slots)-1]), nil
}

// windowAggArg binds the argument of an aggregate used as a window
// function.
func (p *planner) windowAggArg(f *sqlparser.FuncExpr, call *engine.WindowCall, upper string) error {
	if len(f.Exprs) != 1 {
		return fmt.Errorf("%s() takes one argument", upper)
	}
	switch e := f.Exprs[0].(type) {
	case *sqlparser.StarExpr:
		if call.Agg.Func != engine.AggCount {
			return fmt.Errorf("%s(*) is not valid", upper)
		}
	case *sqlparser.AliasedExpr:
		arg, err := p.expr(e.Expr, inSelect)
		if err != nil {
			return err
		}
		call.Agg.Arg = arg
	}
	return nil
}

// resolve merges a specification with the named window it builds on.
func (ws *windows) resolve(spec *windowSpec) (*windowSpec, error) {
	if spec.base == "" {
		return spec, nil
	}
	base, ok := ws.named[strings.ToLower(spec.base)]
	if !ok {
		return nil, fmt.Errorf("window %q is not defined (WINDOW %s AS (...))", spec.base, spec.base)
	}
	base, err := ws.resolve(base)
	if err != nil {
		return nil, err
	}
	if len(spec.partition) > 0 {
		return nil, fmt.Errorf("a window built on %q cannot add PARTITION BY", spec.base)
	}
	if len(spec.order) > 0 && len(base.order) > 0 {
		return nil, fmt.Errorf("a window built on %q cannot add ORDER BY: it has one", spec.base)
	}
	out := &windowSpec{partition: base.partition, order: base.order, frame: base.frame}
	if len(spec.order) > 0 {
		out.order = spec.order
	}
	if spec.frame != nil {
		out.frame = spec.frame
	}
	return out, nil
}

// rewriteWindows maps the window calls' expressions onto an aggregate's
// output.
func (a *aggCollector) rewriteWindows(w *winCollector) error {
	if w == nil {
		return nil
	}
	var err error
	for i := range w.calls {
		c := &w.calls[i]
		for _, list := range [][]engine.Expr{c.Args, c.Partition} {
			for j := range list {
				if list[j], err = a.rewrite(list[j]); err != nil {
					return err
				}
			}
		}
		for j := range c.Order {
			if c.Order[j].Expr, err = a.rewrite(c.Order[j].Expr); err != nil {
				return err
			}
		}
		if c.Agg.Arg != nil {
			if c.Agg.Arg, err = a.rewrite(c.Agg.Arg); err != nil {
				return err
			}
		}
	}
	return nil
}

// plan stacks the Window node over input (rows of layout) and returns it
// with its output layout: the input's, then the calls' slots.
func (w *winCollector) plan(p *planner, input engine.Node, layout []int) (engine.Node, []int, error) {
	calls := make([]engine.WindowCall, len(w.calls))
	var err error
	for i, c := range w.calls {
		if c.Args, err = p.placeAll(c.Args, layout); err != nil {
			return nil, nil, err
		}
		if c.Partition, err = p.placeAll(c.Partition, layout); err != nil {
			return nil, nil, err
		}
		order := make([]engine.SortKey, len(c.Order))
		for j, k := range c.Order {
			if order[j].Expr, err = p.place(k.Expr, layout); err != nil {
				return nil, nil, err
			}
			order[j].Desc = k.Desc
		}
		c.Order = order
		if c.Agg.Arg, err = p.place(c.Agg.Arg, layout); err != nil {
			return nil, nil, err
		}
		calls[i] = c
	}
	out := append(append([]int(nil), layout...), w.slots...)
	return &engine.Window{Input: input, Calls: calls}, out, nil
}

// windowText restores the window calls in an expression's SQL text (a
// select item's name): __win_N(args) becomes f(args) OVER (...).
func (p *planner) windowText(s string) string {
	if p.st.windows == nil || !strings.Contains(s, winPrefix) {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, winPrefix)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := i + len(winPrefix)
		for j < len(s) && '0' <= s[j] && s[j] <= '9' {
			j++
		}
		n, ok := windowNumber(s[i:j])
		if !ok || n >= len(p.st.windows.calls) || j >= len(s) || s[j] != '(' {
			b.WriteString(s[:j])
			s = s[j:]
			continue
		}
		depth, k := 0, j
		for ; k < len(s); k++ {
			if s[k] == '(' {
				depth++
			} else if s[k] == ')' {
				depth--
				if depth == 0 {
					break
				}
			}
		}
		def := p.st.windows.calls[n]
		b.WriteString(s[:i] + def.fn + s[j:min(k+1, len(s))] + " " + def.over)
		s = s[min(k+1, len(s)):]
	}
}
