package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/kintone-sql/kintone/schema"
)

// WindowFunc is a window function.
type WindowFunc int

// The window functions; WinAggregate is an aggregate (COUNT, SUM, AVG,
// MIN, MAX) over a window frame.
const (
	WinRowNumber WindowFunc = iota + 1
	WinRank
	WinDenseRank
	WinNtile
	WinLag
	WinLead
	WinFirstValue
	WinLastValue
	WinAggregate
)

// BoundKind is the kind of one end of a window frame.
type BoundKind int

// The frame bounds.
const (
	UnboundedPreceding BoundKind = iota + 1
	Preceding
	CurrentRow
	Following
	UnboundedFollowing
)

// FrameBound is one end of a frame; N is the offset of Preceding and
// Following.
type FrameBound struct {
	Kind BoundKind
	N    int64
}

// String renders the bound.
func (b FrameBound) String() string {
	switch b.Kind {
	case UnboundedPreceding:
		return "UNBOUNDED PRECEDING"
	case Preceding:
		return fmt.Sprintf("%d PRECEDING", b.N)
	case CurrentRow:
		return "CURRENT ROW"
	case Following:
		return fmt.Sprintf("%d FOLLOWING", b.N)
	}
	return "UNBOUNDED FOLLOWING"
}

// Frame is a window frame: ROWS counts rows; RANGE (Rows false) takes the
// current row's peers with CURRENT ROW, and with n PRECEDING/FOLLOWING the
// rows whose (single, numeric) ORDER BY value is within n of the current
// row's (a row with a NULL value takes its peers).
type Frame struct {
	Rows       bool
	Start, End FrameBound
}

// String renders the frame.
func (f Frame) String() string {
	unit := "RANGE"
	if f.Rows {
		unit = "ROWS"
	}
	return fmt.Sprintf("%s BETWEEN %s AND %s", unit, f.Start, f.End)
}

// WindowCall is one window function call with its window.
type WindowCall struct {
	Func WindowFunc
	// Agg is the aggregate of WinAggregate (its Arg read on input rows).
	Agg AggSpec
	// Args are the other functions' arguments: NTILE(n), LAG/LEAD(expr
	// [, offset [, default]]), FIRST_VALUE/LAST_VALUE(expr).
	Args      []Expr
	Partition []Expr
	Order     []SortKey
	// Frame is the frame of FIRST_VALUE, LAST_VALUE and aggregates; nil
	// is SQL's default: RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
	// with ORDER BY, the whole partition without.
	Frame *Frame
	// Call is the function call's SQL text, without its window.
	Call string
	// Name is the output column's name (the call with its window as the
	// user wrote it).
	Name string
}

// Type is the call's result type.
func (c WindowCall) Type() schema.Type {
	switch c.Func {
	case WinRowNumber, WinRank, WinDenseRank, WinNtile:
		return schema.TypeBigInt
	case WinAggregate:
		return c.Agg.Type()
	}
	return c.Args[0].Type()
}

// String renders the call with its window.
func (c WindowCall) String() string {
	var w []string
	if len(c.Partition) > 0 {
		w = append(w, "PARTITION BY "+joinExprs(c.Partition))
	}
	if len(c.Order) > 0 {
		keys := make([]string, len(c.Order))
		for i, k := range c.Order {
			keys[i] = k.String()
		}
		w = append(w, "ORDER BY "+strings.Join(keys, ", "))
	}
	if c.Frame != nil {
		w = append(w, c.Frame.String())
	}
	return c.Call + " OVER (" + strings.Join(w, " ") + ")"
}

// Window computes window functions client-side: it reads its whole input
// (within Env.MaxRows), and yields each input row, in input order, with
// one more value per call. Rows are partitioned and ordered per call;
// peers (rows equal on every ORDER BY key) share RANK and, in the default
// frame, the frame end, as in MySQL.
type Window struct {
	Input Node
	Calls []WindowCall
}

// Columns are the input's, then one per call.
func (w *Window) Columns() []Column {
	out := slices.Clone(w.Input.Columns())
	for _, c := range w.Calls {
		out = append(out, Column{Name: c.Name, Type: c.Type(), Nullable: true})
	}
	return out
}

// Explain lists the calls.
func (w *Window) Explain() Explain {
	d := make([]string, len(w.Calls))
	var exprs []Expr
	for i, c := range w.Calls {
		d[i] = c.String()
		exprs = append(exprs, c.Args...)
		exprs = append(exprs, c.Partition...)
	}
	return Explain{Op: "window (client-side)", Details: d, Children: withSubqueries([]Node{w.Input}, exprs...)}
}

// Open reads the input and computes every call.
func (w *Window) Open(ctx context.Context, env *Env) (Iterator, error) {
	env.remember(ctx)
	in, err := w.Input.Open(ctx, env)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	mem := newBudget(env, "window functions")
	rows, err := readAll(in, mem)
	if err != nil {
		return nil, err
	}
	width := len(w.Input.Columns())
	out := make([]Row, len(rows))
	for i, r := range rows {
		out[i] = append(r[:width:width], make(Row, len(w.Calls))...)
	}
	for j, c := range w.Calls {
		if err := c.compute(env, out, width+j); err != nil {
			mem.release()
			return nil, fmt.Errorf("%s: %w", c.Name, err)
		}
	}
	items := make([]sortItem, len(out))
	for i, r := range out {
		items[i] = sortItem{row: r}
	}
	return &bufferIter{items: items, mem: mem}, nil
}

// winRow is a row with its partition and order key values.
type winRow struct {
	row        Row
	part, keys []Value
}

// compute stores the call's value of each row at column col.
func (c WindowCall) compute(env *Env, rows []Row, col int) error {
	items := make([]winRow, len(rows))
	for i, r := range rows {
		it := winRow{row: r, part: make([]Value, len(c.Partition)), keys: make([]Value, len(c.Order))}
		var err error
		for k, e := range c.Partition {
			if it.part[k], err = e.Eval(env, r); err != nil {
				return err
			}
		}
		for k, o := range c.Order {
			if it.keys[k], err = o.Expr.Eval(env, r); err != nil {
				return err
			}
		}
		items[i] = it
	}
	var cmpErr error
	cmp := func(a, b []Value, desc func(int) bool) int {
		for k := range a {
			r, err := CompareNullsFirst(a[k], b[k])
			if err != nil && cmpErr == nil {
				cmpErr = err
			}
			if r != 0 {
				if desc(k) {
					return -r
				}
				return r
			}
		}
		return 0
	}
	asc := func(int) bool { return false }
	byOrder := func(k int) bool { return c.Order[k].Desc }
	slices.SortStableFunc(items, func(a, b winRow) int {
		if r := cmp(a.part, b.part, asc); r != 0 {
			return r
		}
		return cmp(a.keys, b.keys, byOrder)
	})
	if cmpErr != nil {
		return cmpErr
	}
	for start := 0; start < len(items); {
		end := start + 1
		for end < len(items) && cmp(items[start].part, items[end].part, asc) == 0 {
			end++
		}
		part := items[start:end]
		peers := func(a, b int) bool { return cmp(part[a].keys, part[b].keys, byOrder) == 0 }
		if err := c.partition(env, part, peers, col); err != nil {
			return err
		}
		start = end
	}
	return cmpErr
}

// partition computes the call over one ordered partition.
func (c WindowCall) partition(env *Env, part []winRow, peers func(a, b int) bool, col int) error {
	n := len(part)
	// peerStart[i] and peerEnd[i] bound the peers of row i.
	peerStart, peerEnd := make([]int, n), make([]int, n)
	for i := 0; i < n; {
		j := i + 1
		for j < n && peers(i, j) {
			j++
		}
		for k := i; k < j; k++ {
			peerStart[k], peerEnd[k] = i, j
		}
		i = j
	}
	switch c.Func {
	case WinRowNumber:
		for i := range part {
			part[i].row[col] = int64(i + 1)
		}
	case WinRank:
		for i := range part {
			part[i].row[col] = int64(peerStart[i] + 1)
		}
	case WinDenseRank:
		rank := int64(0)
		for i := range part {
			if peerStart[i] == i {
				rank++
			}
			part[i].row[col] = rank
		}
	case WinNtile:
		return c.ntile(env, part, col)
	case WinLag, WinLead:
		return c.shift(env, part, col)
	default:
		return c.framed(env, part, peerStart, peerEnd, col)
	}
	return nil
}

// constArg evaluates argument i (a constant or a row-independent value)
// as a non-negative integer.
func (c WindowCall) constArg(env *Env, i int, row Row, what string) (int64, error) {
	v, err := c.Args[i].Eval(env, row)
	if err != nil {
		return 0, err
	}
	n, ok := v.(int64)
	if !ok || n < 0 {
		return 0, fmt.Errorf("%s must be a non-negative integer, got %s", what, SQLLiteral(v))
	}
	return n, nil
}

// ntile splits the partition into n buckets whose sizes differ by at most
// one, the larger first.
func (c WindowCall) ntile(env *Env, part []winRow, col int) error {
	buckets, err := c.constArg(env, 0, part[0].row, "NTILE's argument")
	if err != nil {
		return err
	}
	if buckets == 0 {
		return errors.New("NTILE's argument must be positive")
	}
	n := int64(len(part))
	size, extra := n/buckets, n%buckets
	bucket, left := int64(1), size
	if extra > 0 {
		left++
	}
	for i := range part {
		if left == 0 {
			bucket++
			left = size
			if bucket <= extra {
				left++
			}
		}
		part[i].row[col] = bucket
		left--
	}
	return nil
}

// shift computes LAG and LEAD.
func (c WindowCall) shift(env *Env, part []winRow, col int) error {
	for i := range part {
		off := int64(1)
		if len(c.Args) > 1 {
			var err error
			if off, err = c.constArg(env, 1, part[i].row, "the offset"); err != nil {
				return err
			}
		}
		j := int64(i) - off
		if c.Func == WinLead {
			j = int64(i) + off
		}
		var v Value
		var err error
		switch {
		case j >= 0 && j < int64(len(part)):
			v, err = c.Args[0].Eval(env, part[j].row)
		case len(c.Args) > 2:
			v, err = c.Args[2].Eval(env, part[i].row)
		}
		if err != nil {
			return err
		}
		part[i].row[col] = v
	}
	return nil
}

// bounds returns the frame of row i as [lo, hi) of the partition.
func (c WindowCall) bounds(i, n int, peerStart, peerEnd []int) (int, int) {
	f := c.Frame
	if f == nil {
		if len(c.Order) == 0 {
			return 0, n
		}
		return 0, peerEnd[i]
	}
	at := func(b FrameBound, start bool) int {
		off := int(min(b.N, int64(n))) // offsets past the partition act alike
		kind := b.Kind
		if !f.Rows && (kind == Preceding || kind == Following) {
			kind = CurrentRow // RANGE offsets: see rangeBounds; a NULL value takes its peers
		}
		switch kind {
		case UnboundedPreceding:
			return 0
		case UnboundedFollowing:
			return n
		case Preceding:
			if start {
				return i - off
			}
			return i - off + 1
		case Following:
			if start {
				return i + off
			}
			return i + off + 1
		}
		// CURRENT ROW: the row itself with ROWS, its peers with RANGE.
		switch {
		case f.Rows && start:
			return i
		case f.Rows:
			return i + 1
		case start:
			return peerStart[i]
		}
		return peerEnd[i]
	}
	lo, hi := max(at(f.Start, true), 0), min(at(f.End, false), n)
	return lo, max(hi, lo)
}

// framed computes FIRST_VALUE, LAST_VALUE and aggregates over each row's
// frame; frames that start at the partition's start are accumulated
// incrementally.
func (c WindowCall) framed(env *Env, part []winRow, peerStart, peerEnd []int, col int) error {
	n := len(part)
	var run *aggState
	done := 0
	var keys []*decimal.Decimal // the numeric order values of a RANGE frame with offsets
	if c.RangeOffsets() {
		var err error
		if keys, err = rangeKeys(part); err != nil {
			return err
		}
	}
	for i := range part {
		lo, hi := c.bounds(i, n, peerStart, peerEnd)
		if keys != nil && keys[i] != nil {
			lo, hi = c.rangeBounds(keys, i, lo, hi)
		}
		var v Value
		var err error
		switch c.Func {
		case WinFirstValue:
			if lo < hi {
				v, err = c.Args[0].Eval(env, part[lo].row)
			}
		case WinLastValue:
			if lo < hi {
				v, err = c.Args[0].Eval(env, part[hi-1].row)
			}
		default:
			if lo == 0 && (run == nil || hi >= done) {
				if run == nil {
					run = &aggState{spec: c.Agg}
				}
				for ; done < hi; done++ {
					if err = run.add(env, part[done].row, nil); err != nil {
						return err
					}
				}
				v = run.result()
				break
			}
			s := &aggState{spec: c.Agg}
			for k := lo; k < hi; k++ {
				if err = s.add(env, part[k].row, nil); err != nil {
					return err
				}
			}
			v = s.result()
		}
		if err != nil {
			return err
		}
		part[i].row[col] = v
	}
	return nil
}

// RangeOffsets reports a RANGE frame with an n PRECEDING or n FOLLOWING
// bound.
func (c WindowCall) RangeOffsets() bool {
	f := c.Frame
	offset := func(b FrameBound) bool { return b.Kind == Preceding || b.Kind == Following }
	return f != nil && !f.Rows && (offset(f.Start) || offset(f.End))
}

// rangeKeys returns the partition's ORDER BY values as decimals (nil for
// NULL).
func rangeKeys(part []winRow) ([]*decimal.Decimal, error) {
	out := make([]*decimal.Decimal, len(part))
	for i, r := range part {
		if r.keys[0] == nil {
			continue
		}
		d, ok := ToDecimal(r.keys[0])
		if !ok {
			return nil, fmt.Errorf("a RANGE frame with an offset needs a numeric ORDER BY value, got %s", SQLLiteral(r.keys[0]))
		}
		out[i] = &d
	}
	return out, nil
}

// rangeBounds returns the frame [lo, hi) of row i (whose value is not
// NULL) for the offset bounds of a RANGE frame; lo and hi are the bounds
// computed for the other kinds.
func (c WindowCall) rangeBounds(keys []*decimal.Decimal, i, lo, hi int) (int, int) {
	desc := c.Order[0].Desc
	k := *keys[i]
	// first returns the first index from which pred holds (pred is
	// monotonic over the ordered partition).
	first := func(pred func(d *decimal.Decimal) bool) int {
		return sort.Search(len(keys), func(j int) bool { return pred(keys[j]) })
	}
	// beyond reports whether d lies past x in the order (NULL never does
	// ascending, always descending: NULLs sort first ascending and last
	// descending); atOrBeyond includes x.
	beyond := func(x decimal.Decimal, inclusive bool) func(d *decimal.Decimal) bool {
		return func(d *decimal.Decimal) bool {
			if d == nil {
				return desc
			}
			cmp := d.Cmp(x)
			if desc {
				cmp = -cmp
			}
			return cmp > 0 || inclusive && cmp == 0
		}
	}
	// target is the value n rows' worth before (PRECEDING) or after
	// (FOLLOWING) k in the order.
	target := func(b FrameBound) decimal.Decimal {
		n := decimal.NewFromInt(b.N)
		if (b.Kind == Preceding) != desc {
			return k.Sub(n)
		}
		return k.Add(n)
	}
	if b := c.Frame.Start; b.Kind == Preceding || b.Kind == Following {
		lo = first(beyond(target(b), true))
	}
	if b := c.Frame.End; b.Kind == Preceding || b.Kind == Following {
		hi = first(beyond(target(b), false))
	}
	return lo, max(hi, lo)
}
