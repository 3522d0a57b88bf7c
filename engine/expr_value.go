package engine

import (
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kintone-sql/kintone/schema"
)

// ColumnRef reads one column of the input row.
type ColumnRef struct {
	// Index is the column's position in the input row.
	Index int
	// Col describes the column (its Source is the schema column, if any).
	Col Column
}

// Eval returns the row's value at Index.
func (c *ColumnRef) Eval(_ *Env, row Row) (Value, error) { return row[c.Index], nil }

// Type returns the column's type.
func (c *ColumnRef) Type() schema.Type { return c.Col.Type }

// String renders the column name, qualified by its table when it has one.
func (c *ColumnRef) String() string {
	if c.Col.Table != "" {
		return QuoteIdent(c.Col.Table) + "." + QuoteIdent(c.Col.Name)
	}
	return QuoteIdent(c.Col.Name)
}

// Literal is a constant: a literal of the statement, a bound ? argument or
// a folded constant expression.
type Literal struct {
	V Value
	// Arg is true for the value of a ? argument. A Go time.Time argument
	// keeps its Location, and the planner reads it as a calendar date or a
	// clock reading where it meets a DATE or TIME operand (see
	// translate's argument rule); elsewhere a time is an instant.
	Arg bool
}

// Eval returns the constant.
func (l *Literal) Eval(*Env, Row) (Value, error) { return l.V, nil }

// Type returns the type of the constant.
func (l *Literal) Type() schema.Type { return TypeOf(l.V) }

// String renders the constant as a SQL literal.
func (l *Literal) String() string { return SQLLiteral(l.V) }

// TypeOf returns the SQL type of a value (TypeUnknown for NULL).
func TypeOf(v Value) schema.Type {
	switch x := v.(type) {
	case int64, int:
		return schema.TypeBigInt
	case float64:
		return schema.TypeDouble
	case decimal.Decimal:
		return schema.TypeDecimal
	case string, []byte:
		return schema.TypeText
	case bool:
		return schema.TypeBool
	case time.Time:
		switch {
		case isTimeOfDay(x):
			return schema.TypeTime
		case x.UTC().Equal(x.UTC().Truncate(24 * time.Hour)):
			return schema.TypeDate
		}
		return schema.TypeDateTime
	}
	return schema.TypeUnknown
}

// SQLLiteral renders a value as a SQL literal: NULL, a number, TRUE or
// FALSE, or a quoted string (dates as quoted text).
func SQLLiteral(v Value) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case bool:
		if x {
			return "TRUE"
		}
		return "FALSE"
	case string:
		return quoteString(x)
	case []byte:
		return quoteString(string(x))
	case time.Time:
		return quoteString(ToText(x))
	}
	return ToText(v)
}

// quoteString quotes s in single quotes, doubling inner quotes and
// escaping backslashes (MySQL's default escape character).
func quoteString(s string) string {
	s = strings.ReplaceAll(s, `\`, `\\`)
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}

// QuoteIdent returns name bare when it is a plain ASCII identifier and in
// backquotes otherwise (doubling inner backquotes).
func QuoteIdent(name string) string {
	plain := name != ""
	for i, r := range name {
		switch {
		case r == '_', 'a' <= r && r <= 'z', 'A' <= r && r <= 'Z':
		case '0' <= r && r <= '9' && i > 0:
		default:
			plain = false
		}
	}
	if plain {
		return name
	}
	return "`" + strings.ReplaceAll(name, "`", "``") + "`"
}

// Truth reads a value as a condition: NULL is unknown (ok false); numbers
// and booleans are true when not zero; strings are read as numbers (MySQL:
// 'abc' is false, '1x' true); dates are true.
func Truth(v Value) (truth, ok bool) {
	switch x := v.(type) {
	case nil:
		return false, false
	case bool:
		return x, true
	case int64:
		return x != 0, true
	case float64:
		return x != 0, true
	case time.Time:
		return true, true
	}
	d, _ := ToDecimal(v)
	return !d.IsZero(), true
}
