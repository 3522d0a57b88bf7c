package query

import (
	"reflect"
	"testing"
)

// cond builds a condition on a plain field for expected trees.
func cond(code string, op Operator, vals ...Value) *Condition {
	return &Condition{Field: Field{Code: code}, Op: op, Values: vals}
}

// clearPos zeroes every Condition.Pos in e so trees compare by structure.
func clearPos(e Expr) {
	switch x := e.(type) {
	case *And:
		for _, t := range x.Terms {
			clearPos(t)
		}
	case *Or:
		for _, t := range x.Terms {
			clearPos(t)
		}
	case *Condition:
		x.Pos = 0
	}
}

func intp(n int) *int { return &n }

func mustParse(t *testing.T, s string) *Query {
	t.Helper()
	q, err := Parse(s)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	return q
}

func TestParseTree(t *testing.T) {
	a := cond("a", OpEq, Num("1"))
	b := cond("b", OpEq, Num("2"))
	c := cond("c", OpEq, Num("3"))
	tests := []struct {
		in   string
		want *Query
	}{
		{"", &Query{}},
		{"  \u3000\t\r\n ", &Query{}},
		{"a = 1", &Query{Where: a}},
		{"a = 1 or b = 2 and c = 3", &Query{Where: &Or{Terms: []Expr{a, &And{Terms: []Expr{b, c}}}}}},
		{"a = 1 and b = 2 or c = 3", &Query{Where: &Or{Terms: []Expr{&And{Terms: []Expr{a, b}}, c}}}},
		{"(a = 1 or b = 2) and c = 3", &Query{Where: &And{Terms: []Expr{&Or{Terms: []Expr{a, b}}, c}}}},
		{"a = 1 and (b = 2 and c = 3)", &Query{Where: &And{Terms: []Expr{a, b, c}}}},
		{"(a = 1 or b = 2) or c = 3", &Query{Where: &Or{Terms: []Expr{a, b, c}}}},
		{"(((a = 1)))", &Query{Where: a}},
		{"A = 1 AND b = 2 Or c = 3", &Query{Where: &Or{Terms: []Expr{
			&And{Terms: []Expr{cond("A", OpEq, Num("1")), b}}, c}}}},
		{"limit 500 offset 0", &Query{Limit: intp(500), Offset: intp(0)}},
		{"order by $id asc", &Query{OrderBy: []OrderItem{{Field: Field{Code: "$id"}}}}},
		{"ORDER BY a DESC, b, r.c asc LIMIT 007 OFFSET 10", &Query{
			OrderBy: []OrderItem{{Field{Code: "a"}, true}, {Field{Code: "b"}, false}, {Field{Ref: "r", Code: "c"}, false}},
			Limit:   intp(7), Offset: intp(10)}},
		{"offset 3", &Query{Offset: intp(3)}},
		{"$id > 10", &Query{Where: cond("$id", OpGt, Num("10"))}},
		{"数値_1 >= -1.5", &Query{Where: cond("数値_1", OpGe, Num("-1.5"))}},
		{"会社・名前\u3000in\u3000(\"株式会社\")", &Query{Where: cond("会社・名前", OpIn, Str("株式会社"))}},
		{"ＡＢＣ＿1 = \"x\"", &Query{Where: cond("ＡＢＣ＿1", OpEq, Str("x"))}},
		{"Company.Name in (\"x\") and Company.$id = 100", &Query{Where: &And{Terms: []Expr{
			&Condition{Field: Field{Ref: "Company", Code: "Name"}, Op: OpIn, Values: []Value{Str("x")}},
			&Condition{Field: Field{Ref: "Company", Code: "$id"}, Op: OpEq, Values: []Value{Num("100")}},
		}}}},
		{`a="x"and b!="y"`, &Query{Where: &And{Terms: []Expr{cond("a", OpEq, Str("x")), cond("b", OpNe, Str("y"))}}}},
		{`s = "q\"b\\s\nn\tt\rr"`, &Query{Where: cond("s", OpEq, Str("q\"b\\s\nn\tt\rr"))}},
		// Fields named like keywords are read from context.
		{"limit = 1 order by order desc limit 5", &Query{Where: cond("limit", OpEq, Num("1")),
			OrderBy: []OrderItem{{Field{Code: "order"}, true}}, Limit: intp(5)}},
		{"order in (\"x\") and and = 1", &Query{Where: &And{Terms: []Expr{cond("order", OpIn, Str("x")), cond("and", OpEq, Num("1"))}}}},
		{"offset.x is empty", &Query{Where: &Condition{Field: Field{Ref: "offset", Code: "x"}, Op: OpIsEmpty}}},
		{"d = from_today(-1, days)", &Query{Where: cond("d", OpEq, Call("FROM_TODAY", "-1", "DAYS"))}},
		{"u in (LOGINUSER(), \"bob\")", &Query{Where: cond("u", OpIn, Call("LOGINUSER"), Str("bob"))}},
	}
	for _, tt := range tests {
		q := mustParse(t, tt.in)
		clearPos(q.Where)
		if !reflect.DeepEqual(q, tt.want) {
			t.Errorf("Parse(%q)\n got %#v\nwant %#v", tt.in, q, tt.want)
		}
	}
}

func TestParsePos(t *testing.T) {
	q := mustParse(t, "a = 1 and\u3000(会社.名前 in (\"x\") or $id > 3)")
	and := q.Where.(*And)
	or := and.Terms[1].(*Or)
	got := []int{and.Terms[0].(*Condition).Pos, or.Terms[0].(*Condition).Pos, or.Terms[1].(*Condition).Pos}
	want := []int{0, 13, 39}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("positions = %v, want %v", got, want)
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		in   string
		code string
		pos  int
	}{
		{`a =`, CodeSyntax, 3},
		{`a = and b = 1`, CodeSyntax, 4},
		{`a = "abc`, CodeSyntax, 4},
		{`a = "abc\`, CodeSyntax, 4},
		{"a = \"x\ny\"", CodeSyntax, 6},
		{"a = \"x\ty\"", CodeSyntax, 6},
		{"a = \"x\ry\"", CodeSyntax, 6},
		{`a = "\q"`, CodeSyntax, 5},
		{`a = 'x'`, CodeSyntax, 4},
		{"`a` = 1", CodeSyntax, 0},
		{"a = \"\xff\"", CodeSyntax, 5},
		{"a\xfe = 1", CodeSyntax, 1},
		{`a ! 1`, CodeSyntax, 2},
		{`a == 1`, CodeSyntax, 3},
		{`a <> 1`, CodeSyntax, 3},
		{`a = FOO()`, CodeSyntax, 4},
		{`a = abc`, CodeSyntax, 4},
		{`a = 1e5`, CodeSyntax, 4},
		{`a = TODAY(1)`, CodeArgCount, 4},
		{`a = FROM_TODAY(1)`, CodeArgCount, 4},
		{`a = FROM_TODAY(1, DAYS, 2)`, CodeArgCount, 4},
		{`a = FROM_TODAY(x, DAYS)`, CodeArgCount, 15},
		{`a = FROM_TODAY(1.5, DAYS)`, CodeArgCount, 15},
		{`a = FROM_TODAY(1, HOURS)`, CodeDateUnit, 18},
		{`a = THIS_MONTH(32)`, CodeDayNumber, 15},
		{`a = THIS_MONTH(0)`, CodeDayNumber, 15},
		{`a = LAST_MONTH(FIRST)`, CodeDayNumber, 15},
		{`a = THIS_MONTH(1, 2)`, CodeArgCount, 4},
		{`a = NEXT_WEEK(FUNDAY)`, CodeDayNumber, 14},
		{`a = THIS_WEEK("MONDAY")`, CodeSyntax, 14},
		{`a = THIS_WEEK(MONDAY`, CodeSyntax, 20},
		{`a = THIS_WEEK(,)`, CodeSyntax, 14},
		{`limit 5 order by a`, CodeSyntax, 8},
		{`offset 5 limit 1`, CodeSyntax, 9},
		{`limit 5 limit 6`, CodeSyntax, 8},
		{`order by a order by b`, CodeSyntax, 11},
		{`limit 5 a = 1`, CodeSyntax, 8},
		{`a = 1 b = 2`, CodeSyntax, 6},
		{`a = 1)`, CodeSyntax, 5},
		{`(a = 1`, CodeSyntax, 6},
		{`()`, CodeSyntax, 1},
		{`a = 1 and`, CodeSyntax, 9},
		{`a = 1 or or b = 1`, CodeSyntax, 12},
		{`limit x`, CodeSyntax, 6},
		{`limit -1`, CodeSyntax, 6},
		{`limit 1.5`, CodeSyntax, 6},
		{`limit`, CodeSyntax, 5},
		{`limit 99999999999999999999999`, CodeSyntax, 6},
		{`order a`, CodeSyntax, 6},
		{`order by`, CodeSyntax, 8},
		{`order by a,`, CodeSyntax, 11},
		{`a in "x"`, CodeSyntax, 5},
		{`a in ()`, CodeSyntax, 6},
		{`a in ("x",)`, CodeSyntax, 10},
		{`a in ("x" "y")`, CodeSyntax, 10},
		{`a not = 1`, CodeSyntax, 6},
		{`a is null`, CodeSyntax, 5},
		{`a is not`, CodeSyntax, 8},
		{`a.b.c = 1`, CodeSyntax, 3},
		{`a. = 1`, CodeSyntax, 3},
		{`1 = 1`, CodeSyntax, 0},
		{`"a" = 1`, CodeSyntax, 0},
		{`a`, CodeSyntax, 1},
	}
	for _, tt := range tests {
		_, err := Parse(tt.in)
		e, ok := err.(*Error)
		if !ok {
			t.Errorf("Parse(%q) error = %v, want *Error", tt.in, err)
			continue
		}
		if e.Code != tt.code || e.Pos != tt.pos {
			t.Errorf("Parse(%q) = %s at %d (%s), want %s at %d", tt.in, e.Code, e.Pos, e.Message, tt.code, tt.pos)
		}
		if tt.code == CodeSyntax && e.KintoneMessage != SyntaxMessage {
			t.Errorf("Parse(%q) kintone message = %q", tt.in, e.KintoneMessage)
		}
	}
}
