package engine

import (
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"
)

// GroupConcatMaxLen is the length in bytes at which GROUP_CONCAT's result
// is cut, MySQL's default group_concat_max_len (the cut falls on a
// character boundary, as MySQL's does in UTF-8).
const GroupConcatMaxLen = 1024

// ConcatSpec is GROUP_CONCAT([DISTINCT] args [ORDER BY keys] [SEPARATOR
// sep]): per group, the rows whose arguments are all non-NULL contribute
// their arguments' text, concatenated; the contributions are joined by
// the separator (',' by default) in ORDER BY order (input order without
// it). DISTINCT keeps the first of equal contributions. No contribution
// gives NULL.
type ConcatSpec struct {
	Args      []Expr
	Order     []SortKey
	Separator string
}

// String renders the call.
func (c *ConcatSpec) String(distinct bool) string {
	var b strings.Builder
	b.WriteString("GROUP_CONCAT(")
	if distinct {
		b.WriteString("DISTINCT ")
	}
	b.WriteString(joinExprs(c.Args))
	if len(c.Order) > 0 {
		keys := make([]string, len(c.Order))
		for i, k := range c.Order {
			keys[i] = k.String()
		}
		b.WriteString(" ORDER BY " + strings.Join(keys, ", "))
	}
	fmt.Fprintf(&b, " SEPARATOR %s)", SQLLiteral(c.Separator))
	return b.String()
}

// concatPart is one row's contribution to GROUP_CONCAT.
type concatPart struct {
	text string
	keys []Value
}

// addConcat folds one row into GROUP_CONCAT; contributions count against
// mem.
func (s *aggState) addConcat(env *Env, row Row, mem *budget) error {
	c := s.spec.Concat
	var b strings.Builder
	for _, a := range c.Args {
		v, err := a.Eval(env, row)
		if err != nil || v == nil {
			return err
		}
		b.WriteString(ToText(v))
	}
	text := b.String()
	if s.spec.Distinct {
		if s.seen == nil {
			s.seen = map[string]bool{}
		}
		if s.seen[text] {
			return nil
		}
		s.seen[text] = true
	}
	keys := make([]Value, len(c.Order))
	for i, k := range c.Order {
		var err error
		if keys[i], err = k.Expr.Eval(env, row); err != nil {
			return err
		}
	}
	if mem != nil {
		if err := mem.add(1); err != nil {
			return err
		}
	}
	s.parts = append(s.parts, concatPart{text: text, keys: keys})
	return nil
}

// concatResult joins the contributions.
func (s *aggState) concatResult() Value {
	if len(s.parts) == 0 {
		return nil
	}
	c := s.spec.Concat
	parts := slices.Clone(s.parts)
	if len(c.Order) > 0 {
		slices.SortStableFunc(parts, func(a, b concatPart) int {
			for i, k := range c.Order {
				r, _ := CompareNullsFirst(a.keys[i], b.keys[i])
				if r != 0 {
					if k.Desc {
						return -r
					}
					return r
				}
			}
			return 0
		})
	}
	var b strings.Builder
	for i, p := range parts {
		if i > 0 {
			b.WriteString(c.Separator)
		}
		b.WriteString(p.text)
		if b.Len() > GroupConcatMaxLen {
			break
		}
	}
	out := b.String()
	if len(out) > GroupConcatMaxLen {
		cut := GroupConcatMaxLen
		for cut > 0 && !utf8.RuneStart(out[cut]) {
			cut--
		}
		out = out[:cut]
	}
	return out
}
