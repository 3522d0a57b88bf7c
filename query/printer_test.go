package query

import (
	"reflect"
	"testing"
)

// TestPrintCanonical parses each input and checks the canonical text, and
// that the canonical text parses back to the same tree.
func TestPrintCanonical(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{`a="x"`, `a = "x"`},
		{`a!=1`, `a != 1`},
		{`a>1`, `a > 1`},
		{`a<1`, `a < 1`},
		{`a>=-1.25`, `a >= -1.25`},
		{`a<=0`, `a <= 0`},
		{`a in("a","b")`, `a in ("a", "b")`},
		{`a NOT IN ( "a" )`, `a not in ("a")`},
		{`ref.code LIKE "x"`, `ref.code like "x"`},
		{`a not like "x"`, `a not like "x"`},
		{`a is empty`, `a is empty`},
		{`a IS NOT EMPTY`, `a is not empty`},
		{`(a = 1 or b = 2) and c = 3`, `(a = 1 or b = 2) and c = 3`},
		{`a = 1 or (b = 2 and c = 3)`, `a = 1 or b = 2 and c = 3`},
		{`((a = 1 and b = 2)) and (c = 3 or (d = 4 or e = 5))`, `a = 1 and b = 2 and (c = 3 or d = 4 or e = 5)`},
		{"order by a desc,b", `order by a desc, b asc`},
		{"limit 500 offset 0", `limit 500 offset 0`},
		{"a = 1 order by $id limit 10 offset 20", `a = 1 order by $id asc limit 10 offset 20`},
		{"s = \"tab\\tlf\\ncr\\rq\\\"bs\\\\\"", `s = "tab\tlf\ncr\rq\"bs\\"`},
		{"名前\u3000=\u3000\"太郎\"", `名前 = "太郎"`},
		// Every function.
		{`u in (loginuser())`, `u in (LOGINUSER())`},
		{`o in (PRIMARY_ORGANIZATION())`, `o in (PRIMARY_ORGANIZATION())`},
		{`d = now()`, `d = NOW()`},
		{`d = TODAY()`, `d = TODAY()`},
		{`d = YESTERDAY()`, `d = YESTERDAY()`},
		{`d = TOMORROW()`, `d = TOMORROW()`},
		{`d = FROM_TODAY(-1,days)`, `d = FROM_TODAY(-1, DAYS)`},
		{`d = FROM_TODAY(2, WEEKS)`, `d = FROM_TODAY(2, WEEKS)`},
		{`d = FROM_TODAY(3, Months)`, `d = FROM_TODAY(3, MONTHS)`},
		{`d = FROM_TODAY(4, YEARS)`, `d = FROM_TODAY(4, YEARS)`},
		{`d = THIS_WEEK()`, `d = THIS_WEEK()`},
		{`d = THIS_WEEK(sunday)`, `d = THIS_WEEK(SUNDAY)`},
		{`d = LAST_WEEK(MONDAY)`, `d = LAST_WEEK(MONDAY)`},
		{`d = NEXT_WEEK(SATURDAY)`, `d = NEXT_WEEK(SATURDAY)`},
		{`d = THIS_MONTH()`, `d = THIS_MONTH()`},
		{`d = THIS_MONTH(last)`, `d = THIS_MONTH(LAST)`},
		{`d = LAST_MONTH(1)`, `d = LAST_MONTH(1)`},
		{`d = NEXT_MONTH(31)`, `d = NEXT_MONTH(31)`},
		{`d = THIS_YEAR()`, `d = THIS_YEAR()`},
		{`d = LAST_YEAR()`, `d = LAST_YEAR()`},
		{`d = NEXT_YEAR()`, `d = NEXT_YEAR()`},
	}
	for _, tt := range tests {
		q := mustParse(t, tt.in)
		got := q.String()
		if got != tt.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
			continue
		}
		back := mustParse(t, got)
		clearPos(q.Where)
		clearPos(back.Where)
		if !reflect.DeepEqual(q, back) {
			t.Errorf("round trip of %q changed the tree:\n%#v\n%#v", tt.in, q, back)
		}
	}
}

// TestFormatBuilt prints trees built in code, including ones that are not
// in simplified form, and values that must not change the query structure.
func TestFormatBuilt(t *testing.T) {
	a := cond("a", OpEq, Num("1"))
	b := cond("b", OpEq, Num("2"))
	tests := []struct {
		e    Expr
		want string
	}{
		{nil, ""},
		{(*And)(nil), ""},
		{&And{}, ""},
		{&And{Terms: []Expr{a}}, "a = 1"},
		{&And{Terms: []Expr{&And{Terms: []Expr{a, b}}, a}}, "a = 1 and b = 2 and a = 1"},
		{&And{Terms: []Expr{&Or{Terms: []Expr{a, b}}, a}}, "(a = 1 or b = 2) and a = 1"},
		{&And{Terms: []Expr{&Or{Terms: []Expr{a}}, b}}, "a = 1 and b = 2"},
		{cond("a", OpEq, Num(`1 or b = 2`)), `a = "1 or b = 2"`},
		{cond("a", OpEq, Call("TODAY) or (x", "1")), `a = "TODAY) or (x"(1)`},
		{cond("a", OpEq, Call("FROM_TODAY", "1", "DAYS), b = (1")), `a = FROM_TODAY(1, "DAYS), b = (1")`},
		{cond("a", OpEq, Str(`") or b != "`)), `a = "\") or b != \""`},
		{&Condition{Field: Field{Ref: "r", Code: "c"}, Op: OpNotIn, Values: []Value{Str("x"), Num("2")}}, `r.c not in ("x", 2)`},
	}
	for _, tt := range tests {
		if got := Format(tt.e); got != tt.want {
			t.Errorf("Format(%#v) = %q, want %q", tt.e, got, tt.want)
		}
	}
}

func TestQueryStringNil(t *testing.T) {
	var q *Query
	if s := q.String(); s != "" {
		t.Errorf("nil query prints %q", s)
	}
}

func TestOperatorString(t *testing.T) {
	for op := OpEq; op <= OpIsNotEmpty; op++ {
		s := op.String()
		if s == "" || s[0] == 'O' {
			t.Errorf("operator %d has no text: %q", op, s)
		}
	}
	if s := Operator(99).String(); s != "Operator(99)" {
		t.Errorf("unknown operator prints %q", s)
	}
}
