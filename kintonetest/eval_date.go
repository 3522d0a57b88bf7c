package kintonetest

import (
	"strconv"
	"strings"
	"time"

	"github.com/kintone-sql/kintone/query"
)

// Date, time and date-time conditions compare integer keys: days since
// 1970-01-01 for DATE, minutes since the epoch for DATETIME, CREATED_TIME
// and UPDATED_TIME, minutes since 00:00 for TIME. Each operand stands for
// a half-open range [lo, hi) of keys:
//   - a date function: the day, week, month or year it names, in the
//     caller's time zone (query.Value.DateRange); NOW() the current minute;
//   - a DATE literal: that day; a TIME or date-time literal: that minute;
//   - a date literal on a date-time field: that day in the caller's time
//     zone.
//
// = holds inside the range and != outside it; < holds before the range
// start and >= from it; > holds from the range end and <= before it.
// kintone-api.md §6 describes the emulator-derived rule "< and <= compare
// with the start, > and >= with the end"; for one-day ranges and minutes
// both rules agree, for week/month/year ranges this one keeps
// "x <= THIS_MONTH()" meaning "up to the end of this month" (UNCONFIRMED on
// kintone). An empty value matches only != (and = ""); a "" operand stands
// for the empty value.

// dateKind tells how a field's values map to keys.
type dateKind int

const (
	kindDay dateKind = iota + 1
	kindMinute
	kindClock
)

func dateKindOf(typ string) dateKind {
	switch typ {
	case TypeDate:
		return kindDay
	case TypeTime:
		return kindClock
	}
	return kindMinute
}

// floorDiv divides rounding toward minus infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// dayKey is the day number of t's calendar date (in t's location).
func dayKey(t time.Time) int64 {
	y, m, d := t.Date()
	return floorDiv(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix(), 86400)
}

// storedKey reads a stored value as a key; ok is false when empty.
func storedKey(k dateKind, v any) (int64, bool) {
	s, _ := v.(string)
	if s == "" {
		return 0, false
	}
	switch k {
	case kindDay:
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return 0, false
		}
		return dayKey(t), true
	case kindClock:
		h, m, ok := strings.Cut(s, ":")
		hh, err1 := strconv.Atoi(h)
		mm, err2 := strconv.Atoi(m)
		if !ok || err1 != nil || err2 != nil {
			return 0, false
		}
		return int64(hh*60 + mm), true
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return 0, false
	}
	return floorDiv(t.Unix(), 60), true
}

// operandRange returns the key range a condition value stands for; empty
// is true for "".
func (e *evalCtx) operandRange(k dateKind, v query.Value) (lo, hi int64, empty bool, err *apiError) {
	if v.Kind == query.Func {
		start, end, derr := v.DateRange(e.now, e.loc)
		if derr != nil {
			return 0, 0, false, queryError(derr)
		}
		if k == kindDay {
			return dayKey(start), dayKey(end), false, nil
		}
		return floorDiv(start.Unix(), 60), floorDiv(end.Unix(), 60), false, nil
	}
	s := strings.TrimSpace(v.Text)
	if s == "" {
		return 0, 0, true, nil
	}
	switch k {
	case kindDay:
		if d, ok := parseWriteDate(s); ok {
			t, _ := time.Parse(time.DateOnly, d)
			return dayKey(t), dayKey(t) + 1, false, nil
		}
	case kindClock:
		if c, ok := parseWriteTime(s); ok {
			n, _ := storedKey(kindClock, c)
			return n, n + 1, false, nil
		}
	default:
		if t, ok := parseDateTime(s); ok {
			m := floorDiv(t.Unix(), 60)
			return m, m + 1, false, nil
		}
		if d, ok := parseWriteDate(s); ok {
			t, _ := time.ParseInLocation(time.DateOnly, d, e.loc)
			end := t.AddDate(0, 0, 1)
			return floorDiv(t.Unix(), 60), floorDiv(end.Unix(), 60), false, nil
		}
	}
	// The code kintone gives for a malformed date literal is UNCONFIRMED.
	return 0, 0, false, errQuerySyntax()
}

// dateTest compiles a comparison on DATE, TIME, DATETIME, CREATED_TIME or
// UPDATED_TIME.
func (e *evalCtx) dateTest(f *Field, c *query.Condition) (valueTest, *apiError) {
	k := dateKindOf(f.Type)
	lo, hi, empty, err := e.operandRange(k, c.Values[0])
	if err != nil {
		return nil, err
	}
	op := c.Op
	return func(v any) bool {
		n, ok := storedKey(k, v)
		if empty || !ok {
			switch op {
			case query.OpEq:
				return empty && !ok
			case query.OpNe:
				return empty != !ok
			}
			return false
		}
		switch op {
		case query.OpEq:
			return lo <= n && n < hi
		case query.OpNe:
			return n < lo || n >= hi
		case query.OpLt:
			return n < lo
		case query.OpGe:
			return n >= lo
		case query.OpGt:
			return n >= hi
		case query.OpLe:
			return n < hi
		}
		return false
	}, nil
}
