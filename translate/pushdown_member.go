package translate

import (
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/query"
)

// This file pushes the membership tests on choice and selection fields:
// KINTONE_IN(col, ...) and JSON_CONTAINS(col, 'candidate'). kintone's in
// matches a record whose field holds any listed option or code (the
// emulator's choiceTest and entityTest), which is KINTONE_IN exactly, and
// JSON_CONTAINS with one candidate element; a candidate array is the AND
// of its elements.

// kintoneIn approximates KINTONE_IN(col, values or kintone functions).
func (ps *pusher) kintoneIn(x *engine.KintoneIn, neg bool) (approxResult, error) {
	ref, ok := x.X.(*engine.ColumnRef)
	if !ok || ref.Col.Source == nil {
		return none, nil
	}
	f := ps.field(ref)
	var vals []string
	var funcs []query.Value
	for _, item := range x.List {
		switch it := item.(type) {
		case *engine.Literal:
			s, isStr := it.V.(string)
			switch {
			case it.V == nil && neg:
				return none, nil // NOT KINTONE_IN(col, ..., NULL) is never true
			case it.V == nil:
				continue // a NULL value never matches
			case !isStr:
				return none, nil
			}
			vals = append(vals, s)
		case *engine.KintoneFunc:
			funcs = append(funcs, it.Value)
		default:
			return none, nil
		}
	}
	if len(vals) == 0 && len(funcs) == 0 {
		return none, nil
	}
	return f.member(vals, funcs, neg)
}

// jsonContains approximates JSON_CONTAINS(col, 'candidate') on CHECK_BOX
// and MULTI_SELECT (candidate elements are options) and on user and
// organization selections (candidate elements are {"code": "..."}
// objects; MySQL's containment matches an element object by the keys the
// candidate names, so any other key, or a bare code string, is left to the
// client side, where it is evaluated as MySQL does).
func (ps *pusher) jsonContains(c *engine.Call, neg bool) (approxResult, error) {
	ref, ok := c.Args[0].(*engine.ColumnRef)
	if !ok || ref.Col.Source == nil {
		return none, nil
	}
	lit, ok := c.Args[1].(*engine.Literal)
	if !ok {
		return none, nil
	}
	text, ok := lit.V.(string)
	if !ok {
		return none, nil
	}
	cand, err := engine.ParseJSON(text)
	if err != nil {
		return none, nil // the client-side evaluation reports it
	}
	f := ps.field(ref)
	list, isList := cand.([]any)
	if !isList {
		list = []any{cand}
	}
	if len(list) == 0 {
		// Every array contains []: true exactly when the field is not
		// empty; negated, never true (NULL stays NULL).
		switch {
		case neg:
			return none, nil
		case f.kind == kindMultiChoice, f.kind == kindUsers, f.kind == kindOrgs:
			return f.isNull(true), nil
		}
		return none, nil
	}
	var terms []query.Expr
	exact := true
	for _, el := range list {
		var v string
		switch f.kind {
		case kindMultiChoice:
			s, ok := el.(string)
			if !ok {
				return none, nil
			}
			v = s
		case kindUsers, kindOrgs:
			obj, ok := el.(map[string]any)
			code, isStr := obj["code"].(string)
			if !ok || len(obj) != 1 || !isStr {
				return none, nil
			}
			v = code
		default:
			return none, nil
		}
		r, err := f.member([]string{v}, nil, neg)
		if err != nil || r.q == nil {
			return none, err
		}
		terms = append(terms, r.q)
		exact = exact && r.exact
	}
	if neg {
		// NOT (a AND b) is NOT a OR NOT b; each term keeps NULLs out.
		return approxResult{q: query.NewOr(terms...), exact: exact}, nil
	}
	return approxResult{q: query.NewAnd(terms...), exact: exact}, nil
}

// member approximates "the field holds one of vals or funcs" (not: holds
// none of them, and is not empty). Values outside a choice field's options
// are not pushed (kintone refuses them with GAIA_IQ10; the client side
// then finds no match), nor is "" (kintone's in ("") means empty, which a
// SQL value never equals).
func (f field) member(vals []string, funcs []query.Value, not bool) (approxResult, error) {
	for _, fn := range funcs {
		if err := f.acceptsFunc(fn); err != nil {
			return none, err
		}
	}
	var k ruleKey
	switch f.kind {
	case kindChoice, kindMultiChoice:
		for _, s := range vals {
			if !f.isOption(s) {
				return none, nil
			}
		}
		k = ruleChoiceIn
	case kindUsers, kindOrgs, kindEntityCode:
		k = ruleSelectionIn
	case kindText:
		k = ruleTextEq // STATUS: kintone's text matching rules are unconfirmed
	default:
		return none, nil
	}
	qvals := append([]query.Value(nil), funcs...)
	for _, s := range vals {
		if s == "" {
			return none, nil
		}
		qvals = append(qvals, query.Str(s))
	}
	if !not {
		return f.by(k, f.cond(query.OpIn, qvals...)), nil
	}
	if f.inner {
		return none, nil
	}
	q := query.Expr(f.cond(query.OpNotIn, qvals...))
	if f.nullable() && answer(k, f.trust) == Exact {
		// not in also matches an empty field, which is NULL in SQL.
		return f.withoutEmpty(q, f.cond(query.OpNotIn, query.Str("")), f.emptyRule()), nil
	}
	return f.by(k, q), nil
}
