package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// table is a Values node of rows with n columns.
func table(n int, rows ...Row) *Values {
	cols := make([]Column, n)
	for i := range cols {
		cols[i] = Column{Name: fmt.Sprintf("c%d", i), Nullable: true}
	}
	return &Values{Rows: rows, Cols: cols}
}

// col references column i.
func col(i int) *ColumnRef { return &ColumnRef{Index: i, Col: Column{Name: fmt.Sprintf("c%d", i)}} }

// sortedText renders rows sorted, for order-insensitive checks.
func sortedText(rows [][]Value) string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprint(r)
	}
	slices.Sort(out)
	return strings.Join(out, " ")
}

// openCount counts the Opens of a node.
type openCount struct {
	Node
	opens int
}

// Open counts and opens the wrapped node.
func (o *openCount) Open(ctx context.Context, env *Env) (Iterator, error) {
	o.opens++
	return o.Node.Open(ctx, env)
}

func TestJoinTypesAndBuildSides(t *testing.T) {
	left := table(2, Row{int64(1), "a"}, Row{int64(2), "b"}, Row{nil, "n"}, Row{int64(3), "c"})
	right := table(2, Row{int64(1), "x"}, Row{int64(1), "y"}, Row{int64(3), "z"}, Row{nil, "m"}, Row{int64(4), "w"})
	inner := "[1 a 1 x] [1 a 1 y] [3 c 3 z]"
	leftJoin := "[1 a 1 x] [1 a 1 y] [2 b <nil> <nil>] [3 c 3 z] [<nil> n <nil> <nil>]"
	for _, tc := range []struct {
		typ       JoinType
		buildLeft bool
		want      string
	}{
		{JoinInner, false, inner}, {JoinInner, true, inner},
		{JoinLeft, false, leftJoin}, {JoinLeft, true, leftJoin},
	} {
		j := &Join{Left: left, Right: right, Type: tc.typ, LeftKeys: []Expr{col(0)}, RightKeys: []Expr{col(0)}, BuildLeft: tc.buildLeft}
		if got := sortedText(rowsOf(t, j, &Env{})); got != tc.want {
			t.Errorf("type %d buildLeft %v:\n got %s\nwant %s", tc.typ, tc.buildLeft, got, tc.want)
		}
	}
	// The residual condition decides matches of a left join.
	j := &Join{Left: left, Right: right, Type: JoinLeft, LeftKeys: []Expr{col(0)}, RightKeys: []Expr{col(0)},
		Cond: &Comparison{Op: OpNe, L: col(3), R: lit("y")}}
	if got := sortedText(rowsOf(t, j, &Env{})); got != "[1 a 1 x] [2 b <nil> <nil>] [3 c 3 z] [<nil> n <nil> <nil>]" {
		t.Errorf("left join with condition: %s", got)
	}
	// Without keys: a nested loop on the condition.
	nl := &Join{Left: left, Right: right, Type: JoinInner, Cond: &Comparison{Op: OpGt, L: col(0), R: col(2)}}
	if got := sortedText(rowsOf(t, nl, &Env{})); got != "[2 b 1 x] [2 b 1 y] [3 c 1 x] [3 c 1 y]" {
		t.Errorf("nested loop: %s", got)
	}
	if cols := j.Columns(); len(cols) != 4 || !cols[3].Nullable {
		t.Errorf("columns %+v", cols)
	}
}

func TestJoinNumericKeys(t *testing.T) {
	left := table(1, Row{"7"}, Row{"07.0"}, Row{"x"})
	right := table(1, Row{int64(7)}, Row{dec("0")})
	j := &Join{Left: left, Right: right, Type: JoinInner, LeftKeys: []Expr{col(0)}, RightKeys: []Expr{col(0)}, Numeric: []bool{true}}
	if got := sortedText(rowsOf(t, j, &Env{})); got != "[07.0 7] [7 7] [x 0]" {
		t.Errorf("text = number keys (MySQL: as numbers): %s", got)
	}
	j.Numeric = []bool{false}
	if got := rowsOf(t, j, &Env{}); len(got) != 0 {
		t.Errorf("exact keys matched a text with a number: %v", got)
	}
}

func TestJoinEmptyBuildSkipsProbe(t *testing.T) {
	probe := &openCount{Node: table(1, Row{int64(1)})}
	j := &Join{Left: probe, Right: table(1), Type: JoinInner, LeftKeys: []Expr{col(0)}, RightKeys: []Expr{col(0)}}
	if got := rowsOf(t, j, &Env{}); len(got) != 0 || probe.opens != 0 {
		t.Errorf("rows %v, probe opened %d times", got, probe.opens)
	}
	j.Type = JoinLeft // the probe side is kept: it must be read
	if got := rowsOf(t, j, &Env{}); len(got) != 1 || probe.opens != 1 {
		t.Errorf("left join: rows %v, probe opened %d times", got, probe.opens)
	}
}

func TestKeyPushDecision(t *testing.T) {
	// The build side (left) has n distinct keys; the probe side is
	// "kintone" with 1,000 records of which the narrowed plans return
	// those whose key is in the batch (plus one unrelated record each,
	// as a superset condition may).
	run := func(n int, count func(context.Context, *Env) (int64, int, error)) (rows int, batches [][]Value, full int) {
		var build []Row
		for i := range n {
			build = append(build, Row{int64(i)})
		}
		probeAll := &openCount{Node: table(1, Row{int64(0)}, Row{int64(1)})}
		push := &KeyPush{Key: 0, Target: "p.k", Batch: 100, Count: count,
			Narrow: func(vals []Value) (Node, error) {
				batches = append(batches, vals)
				rs := []Row{{int64(-1)}}
				for _, v := range vals {
					rs = append(rs, Row{v})
				}
				rs = append(rs, Row{vals[0]}) // fetched again by a superset: still one match per batch value
				return table(1, rs...), nil
			}}
		j := &Join{Left: table(1, build...), Right: probeAll, Type: JoinInner, LeftKeys: []Expr{col(0)}, RightKeys: []Expr{col(0)},
			BuildLeft: true, Push: push}
		return len(rowsOf(t, j, &Env{})), batches, probeAll.opens
	}
	rows, batches, full := run(40, nil)
	if len(batches) != 1 || len(batches[0]) != 40 || full != 0 || rows != 41 {
		t.Errorf("one batch: %d batches, full reads %d, rows %d", len(batches), full, rows)
	}
	counted := 0
	big := func(context.Context, *Env) (int64, int, error) { counted++; return 5000, 500, nil }
	rows, batches, full = run(250, big)
	if len(batches) != 3 || full != 0 || counted != 1 || rows != 253 {
		t.Errorf("3 batches against 10 pages: %d batches, full reads %d, counts %d, rows %d", len(batches), full, counted, rows)
	}
	small := func(context.Context, *Env) (int64, int, error) { return 900, 500, nil }
	if _, batches, full = run(250, small); len(batches) != 0 || full != 1 {
		t.Errorf("3 batches against 2 pages: %d batches, full reads %d", len(batches), full)
	}
	if _, batches, full = run(250, nil); len(batches) != 0 || full != 1 {
		t.Errorf("no count: %d batches, full reads %d", len(batches), full)
	}
}

func TestJoinExplain(t *testing.T) {
	j := &Join{Left: table(1), Right: table(1), Type: JoinLeft, LeftKeys: []Expr{col(0)}, RightKeys: []Expr{col(0)},
		Numeric: []bool{true}, BuildLeft: true, Push: &KeyPush{Target: "r.k"}}
	x := j.Explain()
	all := x.Op + "\n" + strings.Join(x.Details, "\n")
	for _, want := range []string{"hash join", "left outer", "keys: c0 = c0 (compared as numbers)", "build: left input held in memory",
		"read as r.k in (the distinct values of c0), 100 values per request"} {
		if !strings.Contains(all, want) {
			t.Errorf("explain lacks %q:\n%s", want, all)
		}
	}
	if (&Join{Left: table(1), Right: table(1)}).Explain().Op != "nested loop join (client-side)" {
		t.Error("a join without keys is not a nested loop")
	}
}
