package translate

import (
	"fmt"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/query"
)

// Pushdown splits WHERE between kintone and the client. The rule is never
// to change the answer:
//
//   - every pushed condition selects a superset of the records whose rows
//     satisfy the SQL condition (kintone may return more, never fewer);
//   - a condition is dropped from the client-side filter only when its
//     pushed form is exact: kintone's answer equals SQL's on every record,
//     NULLs (kintone's empty values) included;
//   - conditions whose pushed form may over-select ("prefilters": text
//     equality, whose case and normalisation rules on real kintone are
//     unconfirmed; != and not in, which match empty values; anything on a
//     subtable field, which kintone tests per record) are pushed and
//     re-checked client-side.
//
// Whether each form is exact, narrowing or not sent is decided by the
// provenance table (provenance.go): rows that neither cybozu's reference
// nor a real-tenant observation settles are used only to narrow unless
// the DSN sets TrustAssumedPushdown.

// approxResult is the kintone approximation of a condition.
type approxResult struct {
	// q is the pushed condition; nil means no constraint (every record).
	q query.Expr
	// exact says q (or, when nil, "every record") selects exactly the rows
	// for which the condition is true.
	exact bool
	// recheck, when not exact, is a client-side condition that together
	// with q selects exactly the rows; nil means the condition itself.
	recheck engine.Expr
}

// none is the result for a condition kintone cannot help with.
var none = approxResult{}

// pusher translates conditions on the FROM table's columns (each column
// knows its field type and whether it sits in a subtable).
type pusher struct {
	// trustAssumed takes the provenance table's assumed rows as exact
	// (TrustAssumedPushdown).
	trustAssumed bool
}

// split divides a WHERE into the pushed kintone condition and the
// client-side conjuncts. never is true when a conjunct is a constant that
// is never true (WHERE 1 = 0), so no request is needed.
func (ps *pusher) split(where engine.Expr) (pushed query.Expr, residual []engine.Expr, never bool, err error) {
	var terms []query.Expr
	for _, c := range conjuncts(where) {
		if lit, ok := c.(*engine.Literal); ok {
			if t, known := engine.Truth(lit.V); known && t {
				continue
			}
			return nil, nil, true, nil
		}
		r, err := ps.approx(c, false)
		if err != nil {
			return nil, nil, false, err
		}
		if r.q != nil {
			terms = append(terms, r.q)
		}
		if !r.exact {
			check := c
			if r.recheck != nil {
				check = r.recheck
			}
			if engine.KintoneOnly(check) {
				return nil, nil, false, kintoneOnlyError(c)
			}
			residual = append(residual, check)
		}
	}
	return query.NewAnd(terms...), residual, false, nil
}

// kintoneOnlyError explains why a condition holding a kintone function or
// MATCH cannot run.
func kintoneOnlyError(c engine.Expr) error {
	return fmt.Errorf("the condition %s uses a kintone query function or MATCH, which only kintone can evaluate, "+
		"but kintone cannot evaluate the whole condition; compare a column directly (col = TODAY()) "+
		"and do not combine it with OR or NOT with conditions evaluated client-side", c.String())
}

// conjuncts returns the top-level AND terms of e (none for nil).
func conjuncts(e engine.Expr) []engine.Expr {
	switch x := e.(type) {
	case nil:
		return nil
	case *engine.And:
		var out []engine.Expr
		for _, t := range x.Terms {
			out = append(out, conjuncts(t)...)
		}
		return out
	}
	return []engine.Expr{e}
}

// approx returns the kintone approximation of e, or of NOT e when neg
// (negations are pushed to the leaves: NOT (a AND b) = NOT a OR NOT b, and
// NOT (x < 5) = x >= 5, which holds in SQL's three-valued logic because a
// NULL operand makes both sides not true).
func (ps *pusher) approx(e engine.Expr, neg bool) (approxResult, error) {
	switch x := e.(type) {
	case *engine.And:
		return ps.junction(x.Terms, neg, !neg)
	case *engine.Or:
		return ps.junction(x.Terms, neg, neg)
	case *engine.Not:
		return ps.approx(x.X, !neg)
	case *engine.Literal:
		t, known := engine.Truth(x.V)
		if known && t != neg {
			return approxResult{exact: true}, nil
		}
		return none, nil
	case *engine.Comparison:
		return ps.comparison(x, neg)
	case *engine.InList:
		return ps.inList(x, neg)
	case *engine.Between:
		lo := &engine.Comparison{Op: engine.OpGe, L: x.X, R: x.Lo}
		hi := &engine.Comparison{Op: engine.OpLe, L: x.X, R: x.Hi}
		return ps.approx(&engine.And{Terms: []engine.Expr{lo, hi}}, neg != x.Not)
	case *engine.IsNull:
		ref, ok := x.X.(*engine.ColumnRef)
		if !ok || ref.Col.Source == nil {
			return none, nil
		}
		return ps.field(ref).isNull(x.Not != neg), nil
	case *engine.Match:
		return ps.match(x, neg)
	case *engine.KintoneIn:
		return ps.kintoneIn(x, neg)
	case *engine.Call:
		if x.Fn.Name == engine.JSONContainsFunc {
			return ps.jsonContains(x, neg)
		}
	}
	return none, nil
}

// junction approximates an AND (and true) or OR of terms, each negated
// when neg. An AND pushes its constrained terms and is exact when every
// term is; an OR needs every term constrained, except that a term exactly
// true makes the whole OR exactly true. An AND's re-check is the AND of
// its inexact terms' re-checks.
func (ps *pusher) junction(terms []engine.Expr, neg, and bool) (approxResult, error) {
	out := approxResult{exact: true}
	var qs []query.Expr
	var rechecks []engine.Expr
	unconstrained := false
	for _, t := range terms {
		r, err := ps.approx(t, neg)
		if err != nil {
			return none, err
		}
		if !and && r.q == nil && r.exact {
			return approxResult{exact: true}, nil
		}
		out.exact = out.exact && r.exact
		if !r.exact {
			rechecks = append(rechecks, r.recheckOf(t, neg))
		}
		if r.q == nil {
			unconstrained = true
			continue
		}
		qs = append(qs, r.q)
	}
	if and {
		out.q = query.NewAnd(qs...)
		if !out.exact {
			out.recheck = &engine.And{Terms: rechecks}
		}
		return out, nil
	}
	if unconstrained {
		return none, nil
	}
	out.q = query.NewOr(qs...)
	return out, nil
}

// recheckOf is the client-side check of an inexact result for term t
// (negated when neg).
func (r approxResult) recheckOf(t engine.Expr, neg bool) engine.Expr {
	switch {
	case r.recheck != nil:
		return r.recheck
	case neg:
		return &engine.Not{X: t}
	}
	return t
}

// operandSide splits a comparison into its column and its other operand,
// flipping the operator when the column is on the right.
func operandSide(c *engine.Comparison) (*engine.ColumnRef, engine.Expr, engine.CmpOp, bool) {
	if ref, ok := c.L.(*engine.ColumnRef); ok && ref.Col.Source != nil {
		return ref, c.R, c.Op, true
	}
	if ref, ok := c.R.(*engine.ColumnRef); ok && ref.Col.Source != nil {
		return ref, c.L, c.Op.Flip(), true
	}
	return nil, nil, 0, false
}

// comparison approximates col op constant or col op kintone-function.
func (ps *pusher) comparison(c *engine.Comparison, neg bool) (approxResult, error) {
	ref, other, op, ok := operandSide(c)
	if !ok {
		return none, nil
	}
	f := ps.field(ref)
	if op == engine.OpNullSafeEq {
		lit, isLit := other.(*engine.Literal)
		switch {
		case !isLit:
			return none, nil
		case lit.V == nil:
			return f.isNull(neg), nil
		case neg:
			return none, nil
		}
		op = engine.OpEq
	}
	if neg {
		op = op.Negate()
	}
	switch o := other.(type) {
	case *engine.KintoneFunc:
		return f.cmpFunc(op, o.Value)
	case *engine.Literal:
		if o.V == nil {
			return none, nil // never true
		}
		return f.cmp(op, o.V), nil
	}
	return none, nil
}

// inList approximates col [NOT] IN (constants or kintone functions).
func (ps *pusher) inList(x *engine.InList, neg bool) (approxResult, error) {
	ref, ok := x.X.(*engine.ColumnRef)
	if !ok || ref.Col.Source == nil {
		return none, nil
	}
	f := ps.field(ref)
	not := x.Not != neg
	var vals []engine.Value
	var funcs []query.Value
	for _, item := range x.List {
		switch it := item.(type) {
		case *engine.Literal:
			if it.V == nil {
				if not {
					return none, nil // NOT IN (..., NULL) is never true
				}
				continue // an IN item NULL never matches
			}
			vals = append(vals, it.V)
		case *engine.KintoneFunc:
			funcs = append(funcs, it.Value)
		default:
			return none, nil
		}
	}
	if len(funcs) > 0 {
		return f.inFuncs(vals, funcs, not)
	}
	if len(vals) == 0 {
		return none, nil
	}
	return f.in(vals, not), nil
}

// match approximates MATCH(cols) AGAINST('words'): kintone's like on each
// column, joined by or (and not like joined by and when negated). It is
// exact by definition: MATCH means kintone's word search.
func (ps *pusher) match(m *engine.Match, neg bool) (approxResult, error) {
	var qs []query.Expr
	for _, ref := range m.Cols {
		c := ref.Col.Source
		if c == nil {
			return none, fmt.Errorf("MATCH needs table columns")
		}
		if err := ps.field(ref).matchable(); err != nil {
			return none, err
		}
		op := query.OpLike
		if neg {
			op = query.OpNotLike
		}
		qs = append(qs, &query.Condition{Field: query.Field{Code: c.Code}, Op: op, Values: []query.Value{query.Str(m.Text)}})
	}
	exact := answer(ruleWordSearch, ps.trustAssumed) == Exact
	if neg {
		return approxResult{q: query.NewAnd(qs...), exact: exact}, nil
	}
	return approxResult{q: query.NewOr(qs...), exact: exact}, nil
}
