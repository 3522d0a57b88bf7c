package engine

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

func TestAggregateGroups(t *testing.T) {
	in := table(2, Row{"a", int64(1)}, Row{nil, int64(2)}, Row{"b", nil}, Row{"a", int64(3)}, Row{nil, int64(4)}, Row{"b", dec("1.5")})
	n := &Aggregate{Input: in, Groups: []Expr{col(0)}, Aggs: []AggSpec{
		{Func: AggCount}, {Func: AggSum, Arg: col(1)}, {Func: AggMax, Arg: col(1)}, {Func: AggCount, Arg: col(1), Distinct: true},
	}}
	// Groups in order of first appearance; NULL is one group.
	if got := fmt.Sprint(rowsOf(t, n, &Env{})); got != "[[a 2 4 3 2] [<nil> 2 6 4 2] [b 2 1.5 1.5 1]]" {
		t.Errorf("groups: %s", got)
	}
	if cols := n.Columns(); len(cols) != 5 || cols[0].Name != "c0" || cols[1].Name != "COUNT(*)" {
		t.Errorf("columns %+v", cols)
	}
	empty := &Aggregate{Input: table(2), Groups: []Expr{col(0)}, Aggs: []AggSpec{{Func: AggCount}}}
	if got := rowsOf(t, empty, &Env{}); len(got) != 0 {
		t.Errorf("GROUP BY over no rows gave %v, want no row", got)
	}
}

func TestDistinctUnionMaterialize(t *testing.T) {
	a := table(2, Row{int64(1), "x"}, Row{dec("1.0"), "x"}, Row{nil, nil}, Row{nil, nil}, Row{int64(2), "x"})
	if got := fmt.Sprint(rowsOf(t, &Distinct{Input: a}, &Env{})); got != "[[1 x] [<nil> <nil>] [2 x]]" {
		t.Errorf("distinct (1 and 1.0 equal, NULLs equal): %s", got)
	}
	b := table(2, Row{int64(9), "y"})
	u := &Union{Inputs: []Node{a, b, table(2)}, Cols: a.Cols}
	if got := rowsOf(t, u, &Env{}); len(got) != 6 || fmt.Sprint(got[5]) != "[9 y]" {
		t.Errorf("union all: %v", got)
	}
	src := &openCount{Node: b}
	m := &Materialize{Input: src}
	env := &Env{}
	for range 3 {
		if got := rowsOf(t, m, env); len(got) != 1 {
			t.Errorf("materialized rows %v", got)
		}
	}
	if src.opens != 1 {
		t.Errorf("the input was read %d times, want once per statement", src.opens)
	}
}

func TestMemoryBudgetIsPerStatement(t *testing.T) {
	rows := make([]Row, 6)
	for i := range rows {
		rows[i] = Row{int64(i)}
	}
	env := &Env{MaxRows: 10}
	// Two sorts of 6 rows each: the second one passes the statement's 10.
	first, err := (&Sort{Input: table(1, rows...), Keys: []SortKey{{Expr: col(0)}}}).Open(context.Background(), env)
	if err != nil {
		t.Fatal(err)
	}
	_, err = (&Sort{Input: table(1, rows...), Keys: []SortKey{{Expr: col(0)}}}).Open(context.Background(), env)
	if !errors.Is(err, ErrMemoryLimit) {
		t.Errorf("second sort: %v, want ErrMemoryLimit", err)
	}
	first.Close() // releases its rows
	if _, err := (&Sort{Input: table(1, rows...), Keys: []SortKey{{Expr: col(0)}}}).Open(context.Background(), env); err != nil {
		t.Errorf("after the first sort closed: %v", err)
	}
}
