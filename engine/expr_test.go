package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// lit is shorthand for a literal expression.
func lit(v Value) Expr { return &Literal{V: v} }

// dec parses a decimal or panics.
func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// eval evaluates e on an empty row.
func eval(t *testing.T, e Expr) Value {
	t.Helper()
	v, err := e.Eval(&Env{Now: time.Date(2024, 5, 15, 3, 4, 5, 6, time.UTC)}, nil)
	if err != nil {
		t.Fatalf("%s: %v", e, err)
	}
	return v
}

// same compares values, decimals by value.
func same(a, b Value) bool {
	da, aok := a.(decimal.Decimal)
	db, bok := b.(decimal.Decimal)
	if aok && bok {
		return da.Equal(db) && da.Exponent() == db.Exponent()
	}
	ta, aok := a.(time.Time)
	tb, bok := b.(time.Time)
	if aok && bok {
		return ta.Equal(tb)
	}
	return a == b
}

func TestCompare(t *testing.T) {
	day := time.Date(2024, 5, 3, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		a, b Value
		want int
	}{
		{int64(1), int64(2), -1},
		{int64(2), dec("2.00"), 0},
		{dec("1.5"), 1.5, 0},
		{"abc", "abd", -1},
		{"a", "A", 1}, // binary collation
		{"日本", "日本語", -1},
		{int64(10), "9", 1},       // number vs string: numeric
		{"10", int64(9), 1},       // and the other way
		{int64(0), "abc", 0},      // MySQL: 'abc' is 0
		{int64(12), "12abc", 0},   // numeric prefix
		{dec("1.5"), " 1.50 ", 0}, // surrounding space
		{true, int64(1), 0},       // booleans are 1 and 0
		{day, "2024-05-03", 0},    // date vs string parses the string
		{day, "2024-05-03 00:00:01", -1},
		{day, "2024-05-02T23:00:00+02:00", 1},
		{time.Date(0, 1, 1, 10, 30, 0, 0, time.UTC), "10:30", 0},
		{time.Date(0, 1, 1, 10, 30, 0, 0, time.UTC), "09:59:59", 1},
	}
	for _, tc := range tests {
		got, err := Compare(tc.a, tc.b)
		if err != nil || got != tc.want {
			t.Errorf("Compare(%#v, %#v) = %d, %v; want %d", tc.a, tc.b, got, err, tc.want)
		}
	}
	for _, bad := range [][2]Value{{day, "not a date"}, {day, int64(3)}, {time.Date(0, 1, 1, 1, 0, 0, 0, time.UTC), "25:00"}} {
		if _, err := Compare(bad[0], bad[1]); err == nil {
			t.Errorf("Compare(%#v, %#v) succeeded", bad[0], bad[1])
		}
	}
}

func TestThreeValuedLogic(t *testing.T) {
	T, F, N := lit(true), lit(false), lit(nil)
	tests := []struct {
		e    Expr
		want Value
	}{
		{&And{Terms: []Expr{T, N}}, nil},
		{&And{Terms: []Expr{F, N}}, false},
		{&And{Terms: []Expr{N, F}}, false},
		{&Or{Terms: []Expr{T, N}}, true},
		{&Or{Terms: []Expr{F, N}}, nil},
		{&Not{X: N}, nil},
		{&Not{X: T}, false},
		{&Comparison{Op: OpEq, L: lit(int64(1)), R: N}, nil},
		{&Comparison{Op: OpNe, L: N, R: N}, nil},
		{&Comparison{Op: OpNullSafeEq, L: N, R: N}, true},
		{&Comparison{Op: OpNullSafeEq, L: lit(int64(1)), R: N}, false},
		{&InList{X: lit(int64(1)), List: []Expr{lit(int64(2)), N}}, nil},
		{&InList{X: lit(int64(2)), List: []Expr{lit(int64(2)), N}}, true},
		{&InList{X: lit(int64(1)), List: []Expr{lit(int64(2)), N}, Not: true}, nil},
		{&InList{X: lit(int64(1)), List: []Expr{lit(int64(2))}, Not: true}, true},
		{&InList{X: N, List: []Expr{lit(int64(2))}}, nil},
		{&Between{X: lit(int64(5)), Lo: lit(int64(1)), Hi: N}, nil},
		{&Between{X: lit(int64(0)), Lo: lit(int64(1)), Hi: N}, false},
		{&Between{X: lit(int64(0)), Lo: lit(int64(1)), Hi: N, Not: true}, true},
		{&IsNull{X: N}, true},
		{&IsNull{X: lit(""), Not: true}, true},
		{&IsBool{X: N, Want: true}, false},
		{&IsBool{X: N, Want: true, Not: true}, true},
		{&IsBool{X: lit("1x"), Want: true}, true},
	}
	for _, tc := range tests {
		if got := eval(t, tc.e); got != tc.want {
			t.Errorf("%s = %#v, want %#v", tc.e, got, tc.want)
		}
	}
}

func TestLike(t *testing.T) {
	tests := []struct {
		s, pattern string
		escape     rune
		want       bool
	}{
		{"abc", "a%", DefaultLikeEscape, true},
		{"abc", "A%", DefaultLikeEscape, true},   // ASCII case folded
		{"ÄBC", "äbc", DefaultLikeEscape, false}, // other letters are not
		{"abc", "_b_", DefaultLikeEscape, true},
		{"abc", "_b", DefaultLikeEscape, false},
		{"日本語", "日_語", DefaultLikeEscape, true}, // _ is one character
		{"日本語", "%本%", DefaultLikeEscape, true},
		{"100%", `100\%`, DefaultLikeEscape, true},
		{"1000", `100\%`, DefaultLikeEscape, false},
		{"a_c", `a\_c`, DefaultLikeEscape, true},
		{"abc", `a\_c`, DefaultLikeEscape, false},
		{"a!%", "a!!!%", '!', true},
		{`a\b`, `a\b`, NoEscape, true},
		{`ab\`, `ab\`, DefaultLikeEscape, true}, // trailing escape is literal
		{"", "%", DefaultLikeEscape, true},
		{"", "_", DefaultLikeEscape, false},
		{"aXbXc", "a%b%c", DefaultLikeEscape, true},
		{"abcabd", "%abd", DefaultLikeEscape, true},
		{"mississippi", "%iss%ipp%", DefaultLikeEscape, true},
		{"line1\nline2", "%1_l%", DefaultLikeEscape, true},
	}
	for _, tc := range tests {
		if got := LikeMatch(tc.s, tc.pattern, tc.escape); got != tc.want {
			t.Errorf("%q LIKE %q ESCAPE %q = %v, want %v", tc.s, tc.pattern, tc.escape, got, tc.want)
		}
	}
	e := &Like{X: lit(dec("1.50")), Pattern: lit("1.5_")}
	if got := eval(t, e); got != true {
		t.Errorf("decimal LIKE: %v (decimals keep their scale as text)", got)
	}
	if got := eval(t, &Like{X: lit(nil), Pattern: lit("%")}); got != nil {
		t.Errorf("NULL LIKE '%%' = %v, want NULL", got)
	}
}

func TestArith(t *testing.T) {
	tests := []struct {
		op   ArithOp
		a, b Value
		want Value
	}{
		{OpAdd, int64(1), int64(2), int64(3)},
		{OpAdd, int64(1), dec("0.5"), dec("1.5")},
		{OpSub, dec("0.3"), dec("0.1"), dec("0.2")},
		{OpMul, dec("1.5"), int64(2), dec("3.0")},
		{OpDiv, int64(1), int64(3), dec("0.3333")},
		{OpDiv, dec("1.00"), int64(3), dec("0.333333")},
		{OpDiv, int64(1), int64(0), nil},
		{OpIntDiv, int64(7), int64(2), int64(3)},
		{OpIntDiv, int64(-7), int64(2), int64(-3)},
		{OpMod, int64(-7), int64(3), int64(-1)},
		{OpMod, dec("7.5"), int64(2), dec("1.5")},
		{OpMod, int64(1), int64(0), nil},
		{OpAdd, "1.5", int64(1), dec("2.5")},
		{OpAdd, 1.5, int64(1), 2.5},
	}
	for _, tc := range tests {
		got, err := ArithValues(tc.op, tc.a, tc.b)
		if err != nil || !same(got, tc.want) {
			t.Errorf("%v %s %v = %#v, %v; want %#v", tc.a, tc.op, tc.b, got, err, tc.want)
		}
	}
	if _, err := ArithValues(OpAdd, int64(1<<62), int64(1<<62)); err == nil {
		t.Error("BIGINT overflow not reported")
	}
	if _, err := ArithValues(OpAdd, time.Now(), int64(1)); err == nil {
		t.Error("date arithmetic not refused")
	}
	if got := eval(t, &Neg{X: lit(dec("1.50"))}); !same(got, dec("-1.50")) {
		t.Errorf("-1.50 = %v", got)
	}
}

func TestFunctions(t *testing.T) {
	call := func(name string, args ...Value) Expr {
		f, ok := LookupFunction(name)
		if !ok {
			t.Fatalf("no function %s", name)
		}
		ex := make([]Expr, len(args))
		for i, a := range args {
			ex[i] = lit(a)
		}
		return &Call{Fn: f, Args: ex}
	}
	tests := []struct {
		e    Expr
		want Value
	}{
		{call("coalesce", nil, nil, int64(3)), int64(3)},
		{call("COALESCE", nil), nil},
		{call("ifnull", nil, "x"), "x"},
		{call("nullif", int64(1), int64(1)), nil},
		{call("nullif", int64(1), int64(2)), int64(1)},
		{call("lower", "ÄBC"), "äbc"},
		{call("ucase", "abc"), "ABC"},
		{call("length", "日本"), int64(6)},
		{call("char_length", "日本"), int64(2)},
		{call("concat", "a", int64(1), dec("2.50")), "a12.50"},
		{call("concat", "a", nil), nil},
		{call("if", false, "y", "n"), "n"},
		{call("now"), time.Date(2024, 5, 15, 3, 4, 5, 0, time.UTC)},
		{call("curdate"), time.Date(2024, 5, 15, 0, 0, 0, 0, time.UTC)},
	}
	for _, tc := range tests {
		if got := eval(t, tc.e); !same(got, tc.want) {
			t.Errorf("%s = %#v, want %#v", tc.e, got, tc.want)
		}
	}
	c := &Case{Operand: lit(int64(2)), Whens: []When{{lit(int64(1)), lit("one")}, {lit(int64(2)), lit("two")}}}
	if got := eval(t, c); got != "two" {
		t.Errorf("CASE = %v", got)
	}
	c = &Case{Whens: []When{{lit(nil), lit("x")}}}
	if got := eval(t, c); got != nil {
		t.Errorf("CASE without match = %v", got)
	}
}

func TestParseDateTime(t *testing.T) {
	for s, want := range map[string]time.Time{
		"2024-05-03":                time.Date(2024, 5, 3, 0, 0, 0, 0, time.UTC),
		"2024-5-3 7:08":             time.Date(2024, 5, 3, 7, 8, 0, 0, time.UTC),
		"2024-05-03T07:08:09.5Z":    time.Date(2024, 5, 3, 7, 8, 9, 5e8, time.UTC),
		"2024-05-03 07:08:09+09:00": time.Date(2024, 5, 2, 22, 8, 9, 0, time.UTC),
	} {
		got, _, err := ParseDateTime(s)
		if err != nil || !got.Equal(want) {
			t.Errorf("ParseDateTime(%q) = %v, %v; want %v", s, got, err, want)
		}
	}
	for _, bad := range []string{"2024-02-30", "2024-13-01", "24-01-01", "2024-01-01 24:00", "yesterday"} {
		if _, _, err := ParseDateTime(bad); err == nil {
			t.Errorf("ParseDateTime(%q) succeeded", bad)
		}
	}
}

func TestKintoneOnlyExprs(t *testing.T) {
	m := &Match{Cols: []*ColumnRef{{Col: Column{Name: "txt"}}}, Text: "w"}
	if _, err := m.Eval(nil, nil); err == nil || !strings.Contains(err.Error(), "word search") {
		t.Errorf("Match.Eval: %v", err)
	}
	if !KintoneOnly(&Or{Terms: []Expr{lit(true), &Not{X: m}}}) {
		t.Error("KintoneOnly misses a nested MATCH")
	}
	if KintoneOnly(&Comparison{Op: OpEq, L: lit(int64(1)), R: lit(int64(1))}) {
		t.Error("KintoneOnly on plain comparison")
	}
}
