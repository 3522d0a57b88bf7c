package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"testing"

	"github.com/kintone-sql/kintone/schema"
)

// rowsOf opens n and collects its rows.
func rowsOf(t *testing.T, n Node, env *Env) [][]Value {
	t.Helper()
	it, err := n.Open(context.Background(), env)
	if err != nil {
		t.Fatal(err)
	}
	defer it.Close()
	var out [][]Value
	for {
		r, err := it.Next()
		if errors.Is(err, io.EOF) {
			return out
		}
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, append([]Value(nil), r...))
	}
}

// values is a Values node of one-column rows.
func values(vs ...Value) *Values {
	v := &Values{}
	for _, x := range vs {
		v.Rows = append(v.Rows, Row{x})
	}
	return v
}

// col0 references the first input column.
var col0 = &ColumnRef{Index: 0, Col: Column{Name: "c"}}

func TestSortNullsFirstStable(t *testing.T) {
	in := &Values{Rows: []Row{{int64(2), "a"}, {nil, "b"}, {int64(1), "c"}, {int64(2), "d"}, {nil, "e"}}}
	asc := rowsOf(t, &Sort{Input: in, Keys: []SortKey{{Expr: col0}}}, &Env{})
	if got := fmt.Sprint(asc); got != "[[<nil> b] [<nil> e] [1 c] [2 a] [2 d]]" {
		t.Errorf("ASC: %s", got)
	}
	desc := rowsOf(t, &Sort{Input: in, Keys: []SortKey{{Expr: col0, Desc: true}}}, &Env{})
	if got := fmt.Sprint(desc); got != "[[2 a] [2 d] [1 c] [<nil> b] [<nil> e]]" {
		t.Errorf("DESC: %s", got)
	}
	_, err := (&Sort{Input: in, Keys: []SortKey{{Expr: col0}}}).Open(context.Background(), &Env{MaxRows: 3})
	if err == nil {
		t.Error("sort above MaxRows did not fail")
	}
}

func TestLimitAndFilter(t *testing.T) {
	in := values(int64(1), nil, int64(3), int64(4), int64(5))
	f := &Filter{Input: in, Cond: &Comparison{Op: OpGt, L: col0, R: lit(int64(1))}}
	got := rowsOf(t, &Limit{Input: f, Count: 2, Offset: 1}, &Env{})
	if fmt.Sprint(got) != "[[4] [5]]" {
		t.Errorf("limit 2 offset 1 over filter: %v", got)
	}
	got = rowsOf(t, &Limit{Input: in, Count: NoLimit, Offset: 4}, &Env{})
	if fmt.Sprint(got) != "[[5]]" {
		t.Errorf("offset 4: %v", got)
	}
}

func TestAggregate(t *testing.T) {
	in := values(int64(1), nil, dec("2.5"), int64(1))
	n := &Aggregate{Input: in, Aggs: []AggSpec{
		{Func: AggCount},
		{Func: AggCount, Arg: col0},
		{Func: AggCount, Arg: col0, Distinct: true},
		{Func: AggSum, Arg: col0},
		{Func: AggAvg, Arg: col0},
		{Func: AggMin, Arg: col0},
		{Func: AggMax, Arg: col0},
		{Func: AggSum, Arg: col0, Distinct: true},
	}}
	got := rowsOf(t, n, &Env{})
	if fmt.Sprint(got) != "[[4 3 2 4.5 1.5 1 2.5 3.5]]" {
		t.Errorf("aggregates: %v", got)
	}
	empty := rowsOf(t, &Aggregate{Input: values(), Aggs: []AggSpec{{Func: AggCount}, {Func: AggSum, Arg: col0}}}, &Env{})
	if fmt.Sprint(empty) != "[[0 <nil>]]" {
		t.Errorf("aggregates of nothing: %v", empty)
	}
	if n.Columns()[0].Type != schema.TypeBigInt {
		t.Errorf("COUNT type %v", n.Columns()[0].Type)
	}
}

func TestExplainRows(t *testing.T) {
	plan := &Project{Input: &Filter{Input: values(int64(1)), Cond: &IsNull{X: col0}},
		Exprs: []Expr{col0}, Cols: []Column{{Name: "x"}}}
	got := rowsOf(t, &ExplainPlan{Plan: plan}, &Env{})
	want := "[[1 <nil> project c AS x] [2 1 filter (client-side) c IS NULL] [3 2 values  (1 rows)]]"
	if fmt.Sprint(got) != want {
		t.Errorf("explain rows:\n%v\nwant\n%s", got, want)
	}
}
