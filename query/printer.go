package query

import (
	"strconv"
	"strings"
)

// String returns the query in canonical form, which Parse reads back to the
// same tree: the condition, then "order by a desc, b asc", "limit n" and
// "offset n", separated by single spaces. A nil query prints as "".
func (q *Query) String() string {
	if q == nil {
		return ""
	}
	var parts []string
	if w := Format(q.Where); w != "" {
		parts = append(parts, w)
	}
	if len(q.OrderBy) > 0 {
		keys := make([]string, len(q.OrderBy))
		for i, o := range q.OrderBy {
			dir := " asc"
			if o.Desc {
				dir = " desc"
			}
			keys[i] = o.Field.String() + dir
		}
		parts = append(parts, "order by "+strings.Join(keys, ", "))
	}
	if q.Limit != nil {
		parts = append(parts, "limit "+strconv.Itoa(*q.Limit))
	}
	if q.Offset != nil {
		parts = append(parts, "offset "+strconv.Itoa(*q.Offset))
	}
	return strings.Join(parts, " ")
}

// Format returns the canonical text of a condition, "" for nil. The tree
// is simplified first as NewAnd does; an Or inside an And is parenthesized.
func Format(e Expr) string {
	var b strings.Builder
	format(&b, simplify(e))
	return b.String()
}

// format writes a simplified expression.
func format(b *strings.Builder, e Expr) {
	switch x := e.(type) {
	case *And:
		for i, t := range x.Terms {
			if i > 0 {
				b.WriteString(" and ")
			}
			if _, isOr := t.(*Or); isOr {
				b.WriteByte('(')
				format(b, t)
				b.WriteByte(')')
			} else {
				format(b, t)
			}
		}
	case *Or:
		for i, t := range x.Terms {
			if i > 0 {
				b.WriteString(" or ")
			}
			format(b, t)
		}
	case *Condition:
		b.WriteString(x.Field.String())
		b.WriteByte(' ')
		b.WriteString(x.Op.String())
		switch x.Op {
		case OpIsEmpty, OpIsNotEmpty:
		case OpIn, OpNotIn:
			b.WriteString(" (")
			for i, v := range x.Values {
				if i > 0 {
					b.WriteString(", ")
				}
				b.WriteString(v.String())
			}
			b.WriteByte(')')
		default:
			for _, v := range x.Values {
				b.WriteByte(' ')
				b.WriteString(v.String())
			}
		}
	}
}

// String returns the field as written in a query: code or ref.code.
func (f Field) String() string {
	if f.Ref != "" {
		return f.Ref + "." + f.Code
	}
	return f.Code
}

// operatorText holds the query text of each operator.
var operatorText = map[Operator]string{
	OpEq: "=", OpNe: "!=", OpGt: ">", OpLt: "<", OpGe: ">=", OpLe: "<=",
	OpIn: "in", OpNotIn: "not in", OpLike: "like", OpNotLike: "not like",
	OpIsEmpty: "is empty", OpIsNotEmpty: "is not empty",
}

// String returns the operator as written in a query, e.g. "not in".
func (o Operator) String() string {
	if s, ok := operatorText[o]; ok {
		return s
	}
	return "Operator(" + strconv.Itoa(int(o)) + ")"
}

// String returns the value as written in a query: a quoted string, a bare
// number, or a call such as FROM_TODAY(-1, DAYS). So that no value can
// change the structure of a query, a Number whose text is not a number is
// quoted (kintone accepts quoted numbers), and a function name or argument
// that is not a single word is quoted, which Parse then rejects.
func (v Value) String() string {
	switch {
	case v.Kind == Func:
		args := make([]string, len(v.Args))
		for i, a := range v.Args {
			args[i] = word(a)
		}
		return word(v.Text) + "(" + strings.Join(args, ", ") + ")"
	case v.Kind == Number && isNumber(v.Text):
		return v.Text
	}
	return Quote(v.Text)
}

// word returns s bare when it lexes as one word token, and quoted otherwise.
func word(s string) string {
	if isWord(s) {
		return s
	}
	return Quote(s)
}
