package query

import (
	"reflect"
	"testing"
)

func TestNewAndOr(t *testing.T) {
	a := cond("a", OpEq, Num("1"))
	b := cond("b", OpEq, Num("2"))
	c := cond("c", OpEq, Num("3"))
	var nilCond *Condition
	tests := []struct {
		name string
		got  Expr
		want Expr
	}{
		{"and none", NewAnd(), nil},
		{"and nils", NewAnd(nil, nilCond, (*And)(nil), &Or{}), nil},
		{"and single", NewAnd(nil, a), a},
		{"and flattens", NewAnd(a, NewAnd(b, c)), &And{Terms: []Expr{a, b, c}}},
		{"and keeps or", NewAnd(a, NewOr(b, c)), &And{Terms: []Expr{a, &Or{Terms: []Expr{b, c}}}}},
		{"and unwraps single or", NewAnd(&Or{Terms: []Expr{a}}, b), &And{Terms: []Expr{a, b}}},
		{"or none", NewOr(nil), nil},
		{"or single", NewOr(a), a},
		{"or flattens", NewOr(NewOr(a, b), c), &Or{Terms: []Expr{a, b, c}}},
		{"or keeps and", NewOr(NewAnd(a, b), c), &Or{Terms: []Expr{&And{Terms: []Expr{a, b}}, c}}},
		{"deep", NewOr(&Or{Terms: []Expr{&Or{Terms: []Expr{a, &And{Terms: []Expr{b}}}}}}), &Or{Terms: []Expr{a, b}}},
	}
	for _, tt := range tests {
		if !reflect.DeepEqual(tt.got, tt.want) {
			t.Errorf("%s: got %#v, want %#v", tt.name, tt.got, tt.want)
		}
	}
}

func TestNewAndDoesNotMutate(t *testing.T) {
	a := cond("a", OpEq, Num("1"))
	inner := &And{Terms: []Expr{a, a}}
	_ = NewAnd(inner, a)
	if len(inner.Terms) != 2 {
		t.Errorf("NewAnd changed its input: %#v", inner)
	}
}

func TestFieldString(t *testing.T) {
	if s := (Field{Code: "名前"}).String(); s != "名前" {
		t.Errorf("got %q", s)
	}
	if s := (Field{Ref: "会社", Code: "$id"}).String(); s != "会社.$id" {
		t.Errorf("got %q", s)
	}
}
