package engine

import (
	"context"
	"errors"
	"io"
	"slices"
)

// hashTable is a join's build side in memory, bucketed by key.
type hashTable struct {
	rows    []Row
	buckets map[string][]int
	// matched marks the rows that found a match, when unmatched build
	// rows are yielded; nil otherwise.
	matched []bool
	// keyed counts the rows with a non-NULL key (the only ones that can
	// match).
	keyed int
	// pushVals are the distinct non-NULL values of the pushed key, and
	// pushKeys their keys, when a key is pushed.
	pushVals []Value
	pushKeys [][]byte
	mem      *budget
}

// joinKey computes the key of row: the concatenated keys of the values.
// null reports a NULL value (the row matches nothing). When part >= 0,
// the key of value part alone is returned too.
func joinKey(env *Env, row Row, keys []Expr, numeric []bool, part int, buf []byte) (key, partKey []byte, partVal Value, null bool, err error) {
	buf = buf[:0]
	for i, k := range keys {
		v, err := k.Eval(env, row)
		if err != nil {
			return nil, nil, nil, false, err
		}
		if v == nil {
			null = true
		}
		start := len(buf)
		buf = appendKey(buf, v, i < len(numeric) && numeric[i])
		if i == part {
			partKey, partVal = buf[start:], v
		}
	}
	return buf, partKey, partVal, null, nil
}

// buildHashTable reads the build side. Rows with a NULL key are kept only
// when preserved (they are yielded unmatched). pushKey >= 0 collects the
// distinct values of that key.
func buildHashTable(ctx context.Context, env *Env, n Node, keys []Expr, numeric []bool, preserved bool, pushKey int) (*hashTable, error) {
	in, err := n.Open(ctx, env)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	ht := &hashTable{buckets: map[string][]int{}, mem: newBudget(env, "join (build side)")}
	seen := map[string]bool{}
	var buf []byte
	for {
		row, err := in.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			ht.mem.release()
			return nil, err
		}
		key, partKey, partVal, null, err := joinKey(env, row, keys, numeric, pushKey, buf)
		if err != nil {
			ht.mem.release()
			return nil, err
		}
		buf = key
		if null && !preserved {
			continue
		}
		if err := ht.mem.add(1); err != nil {
			return nil, err
		}
		idx := len(ht.rows)
		ht.rows = append(ht.rows, slices.Clone(row))
		if null {
			continue
		}
		ht.keyed++
		ht.buckets[string(key)] = append(ht.buckets[string(key)], idx)
		if pushKey >= 0 && !seen[string(partKey)] {
			seen[string(partKey)] = true
			ht.pushVals = append(ht.pushVals, partVal)
			ht.pushKeys = append(ht.pushKeys, slices.Clone(partKey))
		}
	}
	if preserved {
		ht.matched = make([]bool, len(ht.rows))
	}
	return ht, nil
}

// joinIter is an open Join.
type joinIter struct {
	j         *Join
	env       *Env
	ht        *hashTable
	probe     probeSource
	probeKeys []Expr
	pushKey   int
	out       Row
	nLeft     int
	key       []byte

	cur       Row   // the probe row being matched
	cands     []int // its remaining candidate build rows
	matched   bool  // whether cur matched
	probeDone bool
	tail      int // next build row to check for the unmatched phase
}

// assemble writes the output row from a probe row and a build row (nil
// for NULLs).
func (it *joinIter) assemble(probe, build Row) Row {
	left, right := probe, build
	if it.j.BuildLeft {
		left, right = build, probe
	}
	fill(it.out[:it.nLeft], left)
	fill(it.out[it.nLeft:], right)
	return it.out
}

// fill copies src into dst, or NULLs when src is nil.
func fill(dst, src Row) {
	if src == nil {
		clear(dst)
		return
	}
	copy(dst, src)
}

// Next returns the next joined row.
func (it *joinIter) Next() (Row, error) {
	for {
		if it.cur != nil {
			row, ok, err := it.nextMatch()
			if err != nil || ok {
				return row, err
			}
			cur := it.cur
			it.cur = nil
			if !it.matched && it.j.probePreserved() {
				return it.assemble(cur, nil), nil
			}
		}
		if it.probeDone {
			return it.nextUnmatched()
		}
		row, err := it.probe.Next()
		if errors.Is(err, io.EOF) {
			it.probeDone = true
			continue
		}
		if err != nil {
			return nil, err
		}
		key, partKey, _, null, err := joinKey(it.env, row, it.probeKeys, it.j.Numeric, it.pushKey, it.key)
		if err != nil {
			return nil, err
		}
		it.key = key
		if !null && it.pushKey >= 0 && !it.probe.accepts(partKey) {
			continue // fetched for another batch's value: matched there
		}
		it.cur, it.matched, it.cands = row, false, nil
		if !null {
			it.cands = it.ht.buckets[string(key)]
		}
	}
}

// nextMatch returns the next candidate of cur that satisfies Cond.
func (it *joinIter) nextMatch() (Row, bool, error) {
	for len(it.cands) > 0 {
		idx := it.cands[0]
		it.cands = it.cands[1:]
		out := it.assemble(it.cur, it.ht.rows[idx])
		if c := it.j.Cond; c != nil {
			v, err := c.Eval(it.env, out)
			if err != nil {
				return nil, false, err
			}
			if t, ok := Truth(v); !ok || !t {
				continue
			}
		}
		it.matched = true
		if it.ht.matched != nil {
			it.ht.matched[idx] = true
		}
		return out, true, nil
	}
	return nil, false, nil
}

// nextUnmatched yields the build rows that matched nothing, when they are
// preserved.
func (it *joinIter) nextUnmatched() (Row, error) {
	for it.ht.matched != nil && it.tail < len(it.ht.rows) {
		idx := it.tail
		it.tail++
		if !it.ht.matched[idx] {
			return it.assemble(nil, it.ht.rows[idx]), nil
		}
	}
	return nil, io.EOF
}

// Close closes the probe side and drops the hash table.
func (it *joinIter) Close() error {
	it.ht.rows, it.ht.buckets = nil, nil
	it.ht.mem.release()
	return it.probe.Close()
}

// probeSource yields the probe side's rows.
type probeSource interface {
	Iterator
	// accepts reports whether a row whose pushed key has the given key
	// belongs to the batch being read (rows a superset condition fetched
	// for another batch's value are skipped here and matched there).
	accepts(partKey []byte) bool
}

// fullProbe reads the whole probe input.
type fullProbe struct{ Iterator }

// accepts takes every row.
func (fullProbe) accepts([]byte) bool { return true }

// emptyProbe has no rows: no probe row could match.
type emptyProbe struct{}

// Next reports the end.
func (emptyProbe) Next() (Row, error) { return nil, io.EOF }

// Close does nothing.
func (emptyProbe) Close() error { return nil }

// accepts takes nothing.
func (emptyProbe) accepts([]byte) bool { return false }
