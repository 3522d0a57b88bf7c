package engine

import (
	"strings"
	"testing"
)

// TestJSONContains checks MySQL's containment rules, the multi-value
// columns' JSON shapes and NULL.
func TestJSONContains(t *testing.T) {
	checks := `["重要","新規"]`
	users := `[{"code":"sato","name":"Sato"},{"code":"suzuki","name":"Suzuki"}]`
	tests := []struct {
		target, cand Value
		want         Value
	}{
		{checks, `"重要"`, true},
		{checks, `"重"`, false},
		{checks, `["新規","重要"]`, true},
		{checks, `["重要","他"]`, false},
		{checks, `[]`, true},
		{checks, `["重要",["新規"]]`, false},
		{users, `{"code":"sato"}`, true},
		{users, `[{"code":"sato"},{"code":"suzuki"}]`, true},
		{users, `{"code":"sato","name":"Suzuki"}`, false},
		{users, `"sato"`, false},
		{`[1,2,[3,4]]`, `[[3]]`, true},
		{`[1,2,[3,4]]`, `3`, false},
		{`[1.0,2]`, `1`, true},
		{`["1"]`, `1`, false},
		{`{"a":{"b":[1,2]},"c":3}`, `{"a":{"b":[2]}}`, true},
		{`{"a":1}`, `[1]`, false},
		{`5`, `5.00`, true},
		{`[null,true]`, `[true,null]`, true},
		{nil, `"x"`, nil},
		{checks, nil, nil},
	}
	for _, tc := range tests {
		if got := eval(t, call(t, "JSON_CONTAINS", tc.target, tc.cand)); !same(got, tc.want) {
			t.Errorf("JSON_CONTAINS(%v, %v) = %v, want %v", tc.target, tc.cand, got, tc.want)
		}
	}
	for _, bad := range [][2]Value{{"重要", `"重要"`}, {checks, `重要`}, {checks, `"a" "b"`}, {int64(1), `1`}} {
		if _, err := call(t, "JSON_CONTAINS", bad[0], bad[1]).Eval(nil, nil); err == nil || !strings.Contains(err.Error(), "JSON_CONTAINS") {
			t.Errorf("JSON_CONTAINS(%v, %v): error %v", bad[0], bad[1], err)
		}
	}
}

// TestKintoneIn checks KINTONE_IN on plain values, arrays of options and
// arrays of entities, with SQL NULL semantics.
func TestKintoneIn(t *testing.T) {
	in := func(x Value, json bool, items ...Value) Expr {
		e := &KintoneIn{X: lit(x), JSON: json}
		for _, it := range items {
			e.List = append(e.List, lit(it))
		}
		return e
	}
	tests := []struct {
		e    Expr
		want Value
	}{
		{in(`["重要","新規"]`, true, "新規"), true},
		{in(`["重要","新規"]`, true, "他", "重要"), true},
		{in(`["重要","新規"]`, true, "重"), false},
		{in(`["重要","新規"]`, true, "他", nil), nil},
		{in(`[{"code":"sato","name":"Sato"}]`, true, "sato"), true},
		{in(`[{"code":"sato","name":"Sato"}]`, true, "Sato"), false},
		{in(`["A"]`, false, "A"), false}, // a plain value is compared whole
		{in("A", false, "B", "A"), true},
		{in(nil, true, "A"), nil},
	}
	for _, tc := range tests {
		if got := eval(t, tc.e); !same(got, tc.want) {
			t.Errorf("%s = %v, want %v", tc.e, got, tc.want)
		}
	}
	if _, err := in(`not json`, true, "A").Eval(nil, nil); err == nil {
		t.Error("KINTONE_IN on invalid JSON: no error")
	}
}
