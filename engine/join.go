package engine

import (
	"context"
	"fmt"
	"slices"
	"strings"
)

// JoinType is the kind of a join.
type JoinType int

// The join types. A RIGHT JOIN is planned as a LEFT JOIN with its inputs
// swapped; a comma join or CROSS JOIN is an inner join without keys.
const (
	// JoinInner yields the pairs of rows that match.
	JoinInner JoinType = iota + 1
	// JoinLeft also yields each left row that matches no right row, with
	// NULLs for the right columns.
	JoinLeft
)

// Join combines the rows of Left and Right: each output row is a left row
// followed by a right row. Rows match when every LeftKeys[i] equals
// RightKeys[i] (SQL =: a NULL key matches nothing) and Cond, evaluated on
// the combined row, is true.
//
// One input, the build side, is read first and held in memory (within
// Env.MaxRows) in a hash table on its keys; the other, the probe side, is
// streamed through it. Without keys every build row is a candidate for
// every probe row: a nested-loop join over the build side in memory, used
// for conditions that are not equalities. With Push set, the probe side
// is narrowed to the build side's key values (see KeyPush).
type Join struct {
	Left, Right Node
	Type        JoinType
	// LeftKeys and RightKeys are the equality keys, evaluated on left and
	// right rows.
	LeftKeys, RightKeys []Expr
	// Numeric[i] compares key i as numbers: the translator sets it when
	// one side is a number and the other a text (MySQL compares them
	// numerically); otherwise keys compare as Compare does for equal kinds.
	Numeric []bool
	// Cond is the rest of the join condition, on the combined row; nil
	// means true.
	Cond Expr
	// BuildLeft holds the left input in memory and streams the right one;
	// by default the right input is held.
	BuildLeft bool
	// Push narrows the probe side with the build side's key values; only
	// when the probe side's rows need a match to appear (inner joins, or
	// the right side of a left join built on the left).
	Push *KeyPush
}

// Columns are the left input's followed by the right input's (nullable
// for a left join).
func (j *Join) Columns() []Column {
	out := slices.Clone(j.Left.Columns())
	for _, c := range j.Right.Columns() {
		if j.Type == JoinLeft {
			c.Nullable = true
		}
		out = append(out, c)
	}
	return out
}

// sides returns the build and probe inputs with their keys.
func (j *Join) sides() (build, probe Node, buildKeys, probeKeys []Expr) {
	if j.BuildLeft {
		return j.Left, j.Right, j.LeftKeys, j.RightKeys
	}
	return j.Right, j.Left, j.RightKeys, j.LeftKeys
}

// buildPreserved reports whether unmatched build rows are yielded.
func (j *Join) buildPreserved() bool { return j.Type == JoinLeft && j.BuildLeft }

// probePreserved reports whether unmatched probe rows are yielded.
func (j *Join) probePreserved() bool { return j.Type == JoinLeft && !j.BuildLeft }

// Explain describes the join, its keys, the side held in memory and the
// pushdown.
func (j *Join) Explain() Explain {
	op := "hash join"
	if len(j.LeftKeys) == 0 {
		op = "nested loop join"
	}
	kind := "inner"
	if j.Type == JoinLeft {
		kind = "left outer (unmatched left rows kept, right columns NULL)"
	}
	d := []string{"type: " + kind}
	if len(j.LeftKeys) > 0 {
		keys := make([]string, len(j.LeftKeys))
		for i := range j.LeftKeys {
			keys[i] = j.LeftKeys[i].String() + " = " + j.RightKeys[i].String()
			if i < len(j.Numeric) && j.Numeric[i] {
				keys[i] += " (compared as numbers)"
			}
		}
		d = append(d, "keys: "+strings.Join(keys, " AND "))
	}
	if j.Cond != nil {
		d = append(d, "condition: "+j.Cond.String())
	}
	build, probe := "right", "left"
	if j.BuildLeft {
		build, probe = "left", "right"
	}
	d = append(d, fmt.Sprintf("build: %s input held in memory; %s input streamed", build, probe))
	if j.Push != nil {
		d = append(d, j.Push.describe(probe, j.buildKey()))
	}
	exprs := append(append([]Expr(nil), j.LeftKeys...), j.RightKeys...)
	if j.Cond != nil {
		exprs = append(exprs, j.Cond)
	}
	return Explain{Op: op + " (client-side)", Details: d, Children: withSubqueries([]Node{j.Left, j.Right}, exprs...)}
}

// buildKey returns the build-side key whose values Push sends.
func (j *Join) buildKey() Expr {
	_, _, bk, _ := j.sides()
	if j.Push == nil || j.Push.Key >= len(bk) {
		return nil
	}
	return bk[j.Push.Key]
}

// Open builds the hash table from the build side, then starts the probe
// side (narrowed when Push applies and pays off).
func (j *Join) Open(ctx context.Context, env *Env) (Iterator, error) {
	env.remember(ctx)
	build, probe, bk, pk := j.sides()
	if len(bk) != len(pk) {
		return nil, fmt.Errorf("engine: join with %d left keys and %d right keys", len(j.LeftKeys), len(j.RightKeys))
	}
	pushKey := -1
	if j.Push != nil && !j.probePreserved() {
		pushKey = j.Push.Key
	}
	ht, err := buildHashTable(ctx, env, build, bk, j.Numeric, j.buildPreserved(), pushKey)
	if err != nil {
		return nil, err
	}
	src, err := j.openProbe(ctx, env, ht, probe, pushKey)
	if err != nil {
		ht.mem.release()
		return nil, err
	}
	return &joinIter{
		j: j, env: env, ht: ht, probe: src, probeKeys: pk, pushKey: pushKey,
		out: make(Row, len(j.Left.Columns())+len(j.Right.Columns())), nLeft: len(j.Left.Columns()),
	}, nil
}

// openProbe starts the probe side: nothing when no probe row can appear,
// the narrowed batches when Push pays off, else the whole input.
func (j *Join) openProbe(ctx context.Context, env *Env, ht *hashTable, probe Node, pushKey int) (probeSource, error) {
	if ht.keyed == 0 && !j.probePreserved() {
		return emptyProbe{}, nil
	}
	if pushKey >= 0 {
		src, ok, err := j.Push.open(ctx, env, ht.pushVals, ht.pushKeys)
		if err != nil || ok {
			return src, err
		}
	}
	it, err := probe.Open(ctx, env)
	if err != nil {
		return nil, err
	}
	return fullProbe{it}, nil
}
