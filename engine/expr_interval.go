package engine

import (
	"fmt"
	"strings"
	"time"

	"github.com/kintone-sql/kintone/schema"
)

// IntervalUnits lists the INTERVAL units DateAdd accepts.
var IntervalUnits = []string{"MICROSECOND", "SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "QUARTER", "YEAR"}

// DateAdd is X + INTERVAL N unit (DATE_ADD, ADDDATE, and with Sub
// DATE_SUB, SUBDATE, X - INTERVAL): month, quarter and year steps keep the
// day of month, cut to the month's last day (2024-01-31 + 1 MONTH is
// 2024-02-29), as MySQL does. Text X is parsed; X or N NULL, or X not a
// date, gives NULL. N is rounded to an integer.
type DateAdd struct {
	X, N Expr
	// Unit is one of IntervalUnits.
	Unit string
	Sub  bool
}

// Eval computes the date.
func (e *DateAdd) Eval(env *Env, row Row) (Value, error) {
	x, err := e.X.Eval(env, row)
	if err != nil || x == nil {
		return nil, err
	}
	nv, err := e.N.Eval(env, row)
	if err != nil || nv == nil {
		return nil, err
	}
	t, ok := temporalArg(x)
	if !ok {
		return nil, nil
	}
	n, ok := intArg(nv)
	if !ok {
		return nil, nil
	}
	if e.Sub {
		n = -n
	}
	return addInterval(t, n, e.Unit)
}

// addInterval adds n units to t.
func addInterval(t time.Time, n int64, unit string) (time.Time, error) {
	switch strings.ToUpper(unit) {
	case "MICROSECOND":
		return t.Add(time.Duration(n) * time.Microsecond), nil
	case "SECOND":
		return t.Add(time.Duration(n) * time.Second), nil
	case "MINUTE":
		return t.Add(time.Duration(n) * time.Minute), nil
	case "HOUR":
		return t.Add(time.Duration(n) * time.Hour), nil
	case "DAY":
		return t.AddDate(0, 0, int(n)), nil
	case "WEEK":
		return t.AddDate(0, 0, 7*int(n)), nil
	case "MONTH":
		return addMonths(t, n), nil
	case "QUARTER":
		return addMonths(t, 3*n), nil
	case "YEAR":
		return addMonths(t, 12*n), nil
	}
	return time.Time{}, fmt.Errorf("INTERVAL unit %s is not supported", unit)
}

// addMonths adds n months, cutting the day to the target month's length.
func addMonths(t time.Time, n int64) time.Time {
	total := int64(t.Year())*12 + int64(t.Month()-1) + n
	y, m := int(total/12), time.Month(total%12+1)
	d := min(t.Day(), daysIn(y, m))
	return time.Date(y, m, d, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC)
}

// Type is DATE for a DATE plus whole days or more, DATETIME otherwise.
func (e *DateAdd) Type() schema.Type {
	switch strings.ToUpper(e.Unit) {
	case "DAY", "WEEK", "MONTH", "QUARTER", "YEAR":
		if e.X.Type() == schema.TypeDate {
			return schema.TypeDate
		}
	}
	return schema.TypeDateTime
}

// String renders the addition.
func (e *DateAdd) String() string {
	op := " + INTERVAL "
	if e.Sub {
		op = " - INTERVAL "
	}
	return "(" + e.X.String() + op + e.N.String() + " " + strings.ToUpper(e.Unit) + ")"
}

// kids returns the date and the count.
func (e *DateAdd) kids() []Expr { return []Expr{e.X, e.N} }

// withKids copies the addition with new operands.
func (e *DateAdd) withKids(k []Expr) Expr {
	return &DateAdd{X: k[0], N: k[1], Unit: e.Unit, Sub: e.Sub}
}
