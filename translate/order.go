package translate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/query"
	"github.com/kintone-sql/kintone/schema"
)

// selectItem is one bound output column of the select list.
type selectItem struct {
	expr engine.Expr
	name string
	// alias is the AS name, "" when none.
	alias string
}

// orderKeys binds ORDER BY: a number is a select-list position, a bare
// name matching a select-list alias is that item (MySQL looks in the
// select list first), anything else an expression over the table.
func (p *planner) orderKeys(orderBy sqlparser.OrderBy, items []selectItem, where clause) ([]engine.SortKey, error) {
	keys := make([]engine.SortKey, 0, len(orderBy))
	for _, o := range orderBy {
		k := engine.SortKey{Desc: o.Direction == sqlparser.DescScr}
		switch x := o.Expr.(type) {
		case *sqlparser.SQLVal:
			if x.Type == sqlparser.IntVal {
				n, err := strconv.Atoi(string(x.Val))
				if err != nil || n < 1 || n > len(items) {
					return nil, fmt.Errorf("ORDER BY position %s is not in the select list (1..%d)", x.Val, len(items))
				}
				k.Expr = items[n-1].expr
				keys = append(keys, k)
				continue
			}
		case *sqlparser.ColName:
			if x.Qualifier.IsEmpty() {
				if it, ok := findItem(items, x.Name.String()); ok {
					k.Expr = it.expr
					keys = append(keys, k)
					continue
				}
			}
		}
		e, err := p.expr(o.Expr, where)
		if err != nil {
			return nil, err
		}
		k.Expr = e
		keys = append(keys, k)
	}
	return keys, nil
}

// findItem finds the select item whose alias is name (a plain column item
// resolves to the same column through the table anyway); ambiguity
// between several aliases falls back to the table.
func findItem(items []selectItem, name string) (selectItem, bool) {
	var hit []selectItem
	for _, it := range items {
		if it.alias != "" && strings.EqualFold(it.alias, name) {
			hit = append(hit, it)
		}
	}
	if len(hit) == 1 {
		return hit[0], true
	}
	return selectItem{}, false
}

// pushOrder returns kintone's order for the keys when kintone orders
// exactly as SQL does, or nil: every key must be a top-level column of an
// ordered type (numbers, $id, dates and times; text and choices are left
// client-side, kintone's collation and option order differ from SQL's)
// that kintone can sort, and empty values must sort where SQL puts NULLs.
func pushOrder(keys []engine.SortKey, t *schema.Table, trustAssumed bool) []query.OrderItem {
	out := make([]query.OrderItem, 0, len(keys)+1)
	for _, k := range keys {
		ref, ok := k.Expr.(*engine.ColumnRef)
		if !ok || ref.Col.Source == nil {
			return nil
		}
		c := ref.Col.Source
		if !orderable(c, t, trustAssumed) {
			return nil
		}
		out = append(out, query.OrderItem{Field: query.Field{Code: c.Code}, Desc: k.Desc})
	}
	return out
}

// orderable reports whether kintone's order on c equals SQL's. Where
// kintone sorts empty values is an assumed row of the provenance table
// (ruleOrderEmpty): MySQL puts NULLs first ascending and last descending.
func orderable(c *schema.Column, t *schema.Table, trustAssumed bool) bool {
	if c.Subtable != "" || c.Part != schema.PartWhole {
		return false
	}
	if c.FieldType == schema.FieldID {
		return true
	}
	if t.Kind != schema.AppTable || !c.Sortable {
		return false
	}
	switch classify(c) {
	case kindNumber, kindDate, kindDateTime, kindTime:
	default:
		return false
	}
	if !c.Nullable {
		return answer(ruleOrderValues, trustAssumed) == Exact
	}
	return answer(ruleOrderEmpty, trustAssumed) == Exact
}

// withIDTieBreak appends $id to an order that lacks it, so that pages
// fetched at different offsets agree on the order of equal keys (kintone's
// own tie-break is UNCONFIRMED).
func withIDTieBreak(order []query.OrderItem) []query.OrderItem {
	desc := false
	if len(order) > 0 {
		desc = order[len(order)-1].Desc
	}
	return withID(order, desc)
}

// withID appends $id in the given direction to an order that lacks it.
func withID(order []query.OrderItem, desc bool) []query.OrderItem {
	for _, o := range order {
		if o.Field.Code == schema.ColumnID && o.Field.Ref == "" {
			return order
		}
	}
	return append(order, query.OrderItem{Field: query.Field{Code: schema.ColumnID}, Desc: desc})
}

// descOrder is the pushed part of an ORDER BY whose first key f is
// descending and may be empty, when where kintone sorts empty values is
// not trusted (ruleOrderEmpty): kintone orders the non-empty values
// (ruleOrderDescHeld), engine.EmptiesLast holds the empty ones back and
// emits them last, where MySQL puts NULLs in descending order.
type descOrder struct {
	// order is f desc, the remaining keys when kintone orders them
	// exactly, and $id asc (the order of a seek scan, so that ties come
	// out as a client-side sort of it would give them).
	order []query.OrderItem
	// sortRuns is set when the remaining keys are not pushed: each run of
	// equal f is sorted client-side.
	sortRuns bool
}

// pushDescHeld returns the descOrder of keys, or false when the first key
// is not a descending column kintone orders by value.
func pushDescHeld(keys []engine.SortKey, t *schema.Table) (descOrder, bool) {
	if len(keys) == 0 || !keys[0].Desc || answer(ruleOrderDescHeld, false) != Exact {
		return descOrder{}, false
	}
	first := pushOrder(keys[:1], t, true)
	if first == nil {
		return descOrder{}, false
	}
	if rest := pushOrder(keys[1:], t, false); rest != nil {
		return descOrder{order: withID(append(first, rest...), false)}, true
	}
	return descOrder{order: withID(first, false), sortRuns: true}, true
}
