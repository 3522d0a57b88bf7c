package engine

import (
	"slices"
	"strings"

	"github.com/kintone-sql/kintone/schema"
)

// KintoneInFunc is the name of KINTONE_IN(col, v1, v2, ...), the driver's
// membership test with the meaning of kintone's in operator.
const KintoneInFunc = "KINTONE_IN"

// KintoneIn is KINTONE_IN(col, v1, v2, ...): true when the column holds
// any of the values — one of its options (CHECK_BOX, MULTI_SELECT,
// CATEGORY, DROP_DOWN, RADIO_BUTTON, STATUS) or one of its codes (user,
// organization and group selections, STATUS_ASSIGNEE, creator and modifier
// codes), which is kintone's col in ("v1", "v2") on those fields. Like IN,
// it is NULL when the column is NULL (kintone's empty value), and NULL
// rather than false when no value matches and one of them is NULL.
type KintoneIn struct {
	X    Expr
	List []Expr
	// JSON is true when X holds a JSON array: of options (strings), or of
	// selected entities (objects matched by their "code").
	JSON bool
}

// Eval tests membership.
func (e *KintoneIn) Eval(env *Env, row Row) (Value, error) {
	x, err := e.X.Eval(env, row)
	if err != nil || x == nil {
		return nil, err
	}
	held := []string{ToText(x)}
	if e.JSON {
		if held, err = heldValues(ToText(x)); err != nil {
			return nil, err
		}
	}
	return memberOf(env, row, e.List, func(v Value) (bool, error) {
		return slices.Contains(held, ToText(v)), nil
	})
}

// heldValues reads a multi-value column's JSON array: strings as they are,
// objects by their "code".
func heldValues(s string) ([]string, error) {
	doc, err := ParseJSON(s)
	if err != nil {
		return nil, err
	}
	list, _ := doc.([]any)
	out := make([]string, 0, len(list))
	for _, el := range list {
		switch x := el.(type) {
		case string:
			out = append(out, x)
		case map[string]any:
			if code, ok := x["code"].(string); ok {
				out = append(out, code)
			}
		}
	}
	return out, nil
}

// Type is BOOLEAN.
func (e *KintoneIn) Type() schema.Type { return schema.TypeBool }

// String renders the call.
func (e *KintoneIn) String() string {
	parts := make([]string, 0, 1+len(e.List))
	parts = append(parts, e.X.String())
	for _, x := range e.List {
		parts = append(parts, x.String())
	}
	return KintoneInFunc + "(" + strings.Join(parts, ", ") + ")"
}

// kids returns the column and the values.
func (e *KintoneIn) kids() []Expr { return append([]Expr{e.X}, e.List...) }

// withKids copies the test with new operands.
func (e *KintoneIn) withKids(k []Expr) Expr {
	return &KintoneIn{X: k[0], List: append([]Expr(nil), k[1:]...), JSON: e.JSON}
}
