// Package query owns the kintone query language: its syntax tree, parser,
// printer and value quoting. The translator builds queries with it and the
// emulator (kintonetest) parses and evaluates them with it; no other package
// concatenates kintone query text.
//
// Grammar (kintone-api.md §6):
//
//	query     := [ expr ] [ "order by" orderItem {"," orderItem} ] [ "limit" INT ] [ "offset" INT ]
//	expr      := andExpr { "or" andExpr }
//	andExpr   := atom { "and" atom }
//	atom      := "(" expr ")" | cond
//	cond      := field op value | field ["not"] "in" "(" value {"," value} ")"
//	           | field ["not"] "like" value | field "is" ["not"] "empty"
//	field     := code | "$id" | relatedRecordsCode "." code
//	value     := STRING | NUMBER | FUNC "(" [arg {"," arg}] ")"
package query

// Query is a parsed kintone query: an optional condition followed by the
// order by, limit and offset clauses.
type Query struct {
	// Where is the condition, or nil when the query has none.
	Where Expr
	// OrderBy lists the sort keys in order; empty means kintone's default
	// ($id desc).
	OrderBy []OrderItem
	// Limit is the limit clause, or nil when absent.
	Limit *int
	// Offset is the offset clause, or nil when absent.
	Offset *int
}

// Expr is a condition: *Condition, *And or *Or.
type Expr interface {
	expr()
}

// And holds conditions joined by "and"; it has two or more terms.
type And struct {
	Terms []Expr
}

// Or holds conditions joined by "or"; it has two or more terms.
type Or struct {
	Terms []Expr
}

// Field names a field in a condition or sort key.
type Field struct {
	// Ref is the related-records (REFERENCE_TABLE) field code for the
	// dotted form ref.code, and empty otherwise.
	Ref string
	// Code is the field code, "$id" for the record id.
	Code string
}

// Operator is a comparison operator of a condition.
type Operator int

// The kintone comparison operators.
const (
	OpEq Operator = iota + 1
	OpNe
	OpGt
	OpLt
	OpGe
	OpLe
	OpIn
	OpNotIn
	OpLike
	OpNotLike
	OpIsEmpty
	OpIsNotEmpty
)

// Condition is one field test. Values holds one value for the binary
// operators, one or more for in / not in, and none for is [not] empty.
type Condition struct {
	Field  Field
	Op     Operator
	Values []Value
	// Pos is the byte offset of the field in the parsed text (0 when built
	// in code); it lets errors point at the condition.
	Pos int
}

// ValueKind tells what a Value holds.
type ValueKind int

// The kinds of value.
const (
	// String is a double-quoted literal; Text holds the unescaped content.
	String ValueKind = iota + 1
	// Number is a bare numeric literal; Text holds it as written.
	Number
	// Func is a function call such as TODAY() or FROM_TODAY(-1, DAYS).
	Func
)

// Value is one operand of a condition.
type Value struct {
	Kind ValueKind
	// Text is the string content or the number as written; for Func it is
	// the function name in upper case.
	Text string
	// Args are a function's arguments as written (numbers or symbols such as
	// DAYS, SUNDAY, LAST); only for Func.
	Args []string
}

// OrderItem is one key of the order by clause.
type OrderItem struct {
	Field Field
	Desc  bool
}

func (*And) expr()       {}
func (*Or) expr()        {}
func (*Condition) expr() {}

// Str returns a string literal value.
func Str(s string) Value { return Value{Kind: String, Text: s} }

// Num returns a numeric literal value; s must be a decimal number.
func Num(s string) Value { return Value{Kind: Number, Text: s} }

// Call returns a function-call value such as Call("FROM_TODAY", "-1", "DAYS").
func Call(name string, args ...string) Value { return Value{Kind: Func, Text: name, Args: args} }
