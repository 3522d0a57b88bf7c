package engine

import (
	"errors"
	"testing"
)

func TestSubqueryExpressions(t *testing.T) {
	env := &Env{}
	one := &Subquery{Plan: table(1, Row{int64(5)}), Text: "one"}
	two := &Subquery{Plan: table(1, Row{int64(5)}, Row{int64(6)}), Text: "two"}
	none := &Subquery{Plan: table(1), Text: "none"}
	withNull := &Subquery{Plan: table(1, Row{int64(1)}, Row{nil}), Text: "with null"}
	texts := &Subquery{Plan: table(1, Row{"7"}, Row{"abc"}), Text: "texts"}
	tests := []struct {
		e    Expr
		want Value
	}{
		{&ScalarSubquery{Sub: one}, int64(5)},
		{&ScalarSubquery{Sub: none}, nil},
		{&InSubquery{X: lit(int64(5)), Sub: two}, true},
		{&InSubquery{X: lit(int64(7)), Sub: two}, false},
		{&InSubquery{X: lit(int64(7)), Sub: two, Not: true}, true},
		{&InSubquery{X: lit(nil), Sub: two}, nil},
		{&InSubquery{X: lit(nil), Sub: none}, false},
		{&InSubquery{X: lit(nil), Sub: none, Not: true}, true},
		{&InSubquery{X: lit(int64(2)), Sub: withNull}, nil},
		{&InSubquery{X: lit(int64(2)), Sub: withNull, Not: true}, nil},
		{&InSubquery{X: lit(int64(1)), Sub: withNull, Not: true}, false},
		{&InSubquery{X: lit(dec("7.0")), Sub: texts}, true}, // a number meets texts: as numbers
		{&InSubquery{X: lit(int64(0)), Sub: texts}, true},   // 'abc' is 0 (MySQL)
		{&InSubquery{X: lit("7"), Sub: texts}, true},
		{&Exists{Sub: one}, true},
		{&Exists{Sub: none}, false},
		{&Exists{Sub: none, Not: true}, true},
	}
	for _, tc := range tests {
		got, err := tc.e.Eval(env, nil)
		if err != nil || !same(got, tc.want) {
			t.Errorf("%s = %v, %v; want %v", tc.e, got, err, tc.want)
		}
	}
	if _, err := (&ScalarSubquery{Sub: two}).Eval(env, nil); !errors.Is(err, errSubqueryRows) {
		t.Errorf("scalar subquery of two rows: %v", err)
	}
}

func TestCorrelatedSubqueryParams(t *testing.T) {
	// The inner plan keeps the rows whose column equals the outer value.
	src := &openCount{Node: table(2, Row{int64(1), "a"}, Row{int64(2), "b"}, Row{int64(1), "c"})}
	inner := &Filter{Input: &Materialize{Input: src}, Cond: &Comparison{Op: OpEq, L: col(0), R: &Param{Index: 0}}}
	sub := &Subquery{Plan: &Aggregate{Input: inner, Aggs: []AggSpec{{Func: AggCount}}}, Params: []Expr{col(0)}, Text: "count"}
	e := &ScalarSubquery{Sub: sub}
	env := &Env{}
	for _, tc := range []struct {
		outer Row
		want  int64
	}{{Row{int64(1)}, 2}, {Row{int64(2)}, 1}, {Row{int64(3)}, 0}, {Row{int64(1)}, 2}} {
		got, err := e.Eval(env, tc.outer)
		if err != nil || got != tc.want {
			t.Errorf("outer %v: %v, %v; want %d", tc.outer, got, err, tc.want)
		}
	}
	if src.opens != 1 {
		t.Errorf("the inner table was read %d times, want once", src.opens)
	}
	if _, err := (&Param{Index: 0}).Eval(env, nil); err == nil {
		t.Error("a Param read outside a subquery did not fail")
	}
}
