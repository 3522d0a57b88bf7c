package engine

import (
	"fmt"
	"strings"

	"github.com/kintone-sql/kintone/query"
	"github.com/kintone-sql/kintone/schema"
)

// KintoneFunc is a kintone query function used as an operand in WHERE
// (TODAY(), FROM_TODAY(-7, DAYS), LOGINUSER(), ...). Only kintone can
// evaluate it (it depends on the API user's time zone and identity), so the
// translator must send every condition holding one to kintone; Eval fails.
type KintoneFunc struct {
	Value query.Value
}

// Eval always fails: the function has no client-side value.
func (k *KintoneFunc) Eval(*Env, Row) (Value, error) {
	return nil, fmt.Errorf("%s is a kintone query function and can only be used in WHERE conditions sent to kintone", k.Value)
}

// Type is unknown.
func (k *KintoneFunc) Type() schema.Type { return schema.TypeUnknown }

// String renders the call as kintone writes it.
func (k *KintoneFunc) String() string { return k.Value.String() }

// Match is MATCH(cols) AGAINST('words'): kintone's full-text word search
// (the kintone like operator) on each column, true when any matches. Only
// kintone can evaluate it; Eval fails.
type Match struct {
	Cols []*ColumnRef
	Text string
}

// Eval always fails: word search runs on kintone's index.
func (m *Match) Eval(*Env, Row) (Value, error) {
	return nil, fmt.Errorf("MATCH ... AGAINST is kintone's word search and can only be used in WHERE conditions sent to kintone")
}

// Type is BOOLEAN.
func (m *Match) Type() schema.Type { return schema.TypeBool }

// String renders the search.
func (m *Match) String() string {
	cols := make([]string, len(m.Cols))
	for i, c := range m.Cols {
		cols[i] = c.String()
	}
	return "MATCH(" + strings.Join(cols, ", ") + ") AGAINST (" + SQLLiteral(m.Text) + ")"
}

// KintoneOnly reports whether e holds a KintoneFunc or Match, which only
// kintone can evaluate.
func KintoneOnly(e Expr) bool {
	found := false
	Walk(e, func(x Expr) {
		switch x.(type) {
		case *KintoneFunc, *Match:
			found = true
		}
	})
	return found
}

// kids returns the searched columns.
func (m *Match) kids() []Expr {
	out := make([]Expr, len(m.Cols))
	for i, c := range m.Cols {
		out[i] = c
	}
	return out
}

// withKids copies the search with new columns; an operand that is no
// longer a column reference keeps the original column.
func (m *Match) withKids(k []Expr) Expr {
	out := &Match{Text: m.Text, Cols: make([]*ColumnRef, len(m.Cols))}
	for i, c := range m.Cols {
		out.Cols[i] = c
		if ref, ok := k[i].(*ColumnRef); ok {
			out.Cols[i] = ref
		}
	}
	return out
}
