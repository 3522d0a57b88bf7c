package engine

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"

	"github.com/kintone-sql/kintone/schema"
)

// JSONContainsFunc is the name of MySQL's JSON_CONTAINS(target,
// candidate), the SQL form of a membership test on a multi-value column.
const JSONContainsFunc = "JSON_CONTAINS"

func init() {
	register(&Function{Name: JSONContainsFunc, MinArgs: 2, MaxArgs: 2, NullStrict: true, Result: fixed(schema.TypeBool),
		Eval: func(_ *Env, args []Value) (Value, error) {
			target, err := jsonArg(args[0], 1)
			if err != nil {
				return nil, err
			}
			cand, err := jsonArg(args[1], 2)
			if err != nil {
				return nil, err
			}
			return jsonContains(target, cand), nil
		}})
}

// jsonArg parses argument n of JSON_CONTAINS: JSON text (a multi-value
// column's value, or a string). Other values and invalid text are errors,
// as in MySQL.
func jsonArg(v Value, n int) (any, error) {
	if !isText(v) {
		return nil, fmt.Errorf("argument %d of %s must be JSON text, got %s", n, JSONContainsFunc, kindName(v))
	}
	doc, err := ParseJSON(ToText(v))
	if err != nil {
		return nil, fmt.Errorf("invalid JSON text in argument %d of %s: %w", n, JSONContainsFunc, err)
	}
	return doc, nil
}

// ParseJSON reads one JSON document, numbers kept as json.Number.
func ParseJSON(s string) (any, error) {
	dec := json.NewDecoder(bytes.NewReader([]byte(s)))
	dec.UseNumber()
	var doc any
	if err := dec.Decode(&doc); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("text after the JSON value in %q", s)
	}
	return doc, nil
}

// jsonContains is MySQL's containment test of JSON_CONTAINS on parsed
// documents: a scalar contains an equal scalar; an object contains an
// object whose every key it has, with a value containing the candidate's;
// an array contains each element of a candidate array (a non-array
// candidate is taken as a one-element array) when one of its own elements
// holds it — an array element within an array, an object within an
// object, a scalar by equality. So '["A","B"]' contains '"A"' and
// '["B","A"]', and '[{"code":"sato","name":"Sato"}]' contains
// '{"code":"sato"}' but not '"sato"'.
func jsonContains(doc, cand any) bool {
	switch d := doc.(type) {
	case map[string]any:
		c, ok := cand.(map[string]any)
		if !ok {
			return false
		}
		for k, cv := range c {
			dv, ok := d[k]
			if !ok || !jsonContains(dv, cv) {
				return false
			}
		}
		return true
	case []any:
		list, ok := cand.([]any)
		if !ok {
			list = []any{cand}
		}
		for _, c := range list {
			if !slices.ContainsFunc(d, func(e any) bool { return jsonElementHolds(e, c) }) {
				return false
			}
		}
		return true
	}
	return jsonScalarEqual(doc, cand)
}

// jsonElementHolds reports whether element e of an array holds the
// candidate element c: arrays and objects only within their own kind,
// scalars by equality.
func jsonElementHolds(e, c any) bool {
	switch c.(type) {
	case []any:
		if _, ok := e.([]any); !ok {
			return false
		}
		return jsonContains(e, c)
	case map[string]any:
		if _, ok := e.(map[string]any); !ok {
			return false
		}
		return jsonContains(e, c)
	}
	return jsonScalarEqual(e, c)
}

// jsonScalarEqual compares two JSON scalars: numbers by value, strings by
// bytes, booleans and null by kind; different kinds are unequal.
func jsonScalarEqual(a, b any) bool {
	switch x := a.(type) {
	case nil:
		return b == nil
	case string:
		y, ok := b.(string)
		return ok && x == y
	case bool:
		y, ok := b.(bool)
		return ok && x == y
	case json.Number:
		y, ok := b.(json.Number)
		if !ok {
			return false
		}
		dx, errx := schema.ParseDecimal(string(x))
		dy, erry := schema.ParseDecimal(string(y))
		if errx != nil || erry != nil {
			return x == y
		}
		return dx.Equal(dy)
	}
	return false
}
