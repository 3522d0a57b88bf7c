package query

import (
	"fmt"
	"strconv"
	"time"
)

// DateRange returns the half-open time range [start, end) that a date
// function value stands for at the instant now, with calendar days taken in
// loc, the API user's time zone (UTC when loc is nil); both ends are in loc.
//
//   - TODAY, YESTERDAY, TOMORROW and FROM_TODAY(n, unit): one day.
//     FROM_TODAY with MONTHS or YEARS keeps the day of the month and clamps
//     it to the target month's last day (Jan 31 + 1 month = Feb 28/29);
//     UNCONFIRMED on real kintone.
//   - THIS_WEEK(), LAST_WEEK(), NEXT_WEEK(): the week from Sunday to
//     Saturday; with a weekday argument, that single day of the week.
//   - THIS_MONTH(), LAST_MONTH(), NEXT_MONTH(): the whole month; with LAST,
//     its last day; with a day number, that day, where a day the month does
//     not have (31 in April) rolls to the 1st of the next month, an
//     approximation of kintone noted as unverified (kintone-api.md §6).
//   - THIS_YEAR(), LAST_YEAR(), NEXT_YEAR(): the whole year.
//   - NOW(): the minute holding now, [now truncated to the minute, +1
//     minute), because kintone date-times have minute precision.
//
// For a DATE field, compare with the calendar dates of start (inclusive) and
// end (exclusive). It fails for values that are not date functions and for
// invalid arguments (an *Error as Parse would give, with Pos -1).
func (v Value) DateRange(now time.Time, loc *time.Location) (start, end time.Time, err error) {
	name := asciiUpper(v.Text)
	if v.Kind != Func || !IsDateFunc(name) {
		return time.Time{}, time.Time{}, fmt.Errorf("query: %s is not a date function", v)
	}
	if e := checkCall(v, -1, nil); e != nil {
		return time.Time{}, time.Time{}, e
	}
	if loc == nil {
		loc = time.UTC
	}
	if name == FuncNow {
		s := now.Truncate(time.Minute).In(loc)
		return s, s.Add(time.Minute), nil
	}
	y, m, d := now.In(loc).Date()
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, loc) }
	oneDay := func(t time.Time) (time.Time, time.Time, error) {
		ty, tm, td := t.Date()
		return t, day(ty, tm, td+1), nil
	}
	switch name {
	case FuncToday:
		return oneDay(day(y, m, d))
	case FuncYesterday:
		return oneDay(day(y, m, d-1))
	case FuncTomorrow:
		return oneDay(day(y, m, d+1))
	case FuncFromToday:
		n, _ := strconv.Atoi(v.Args[0]) // checked by checkCall
		switch asciiUpper(v.Args[1]) {
		case UnitDays:
			return oneDay(day(y, m, d+n))
		case UnitWeeks:
			return oneDay(day(y, m, d+7*n))
		case UnitMonths:
			return oneDay(addMonths(y, m, d, n, loc))
		default: // UnitYears
			return oneDay(addMonths(y, m, d, 12*n, loc))
		}
	case FuncThisWeek, FuncLastWeek, FuncNextWeek:
		shift := map[string]int{FuncThisWeek: 0, FuncLastWeek: -7, FuncNextWeek: 7}[name]
		sunday := d - int(day(y, m, d).Weekday()) + shift
		if len(v.Args) == 1 {
			return oneDay(day(y, m, sunday+weekdays[asciiUpper(v.Args[0])]))
		}
		return day(y, m, sunday), day(y, m, sunday+7), nil
	case FuncThisMonth, FuncLastMonth, FuncNextMonth:
		shift := map[string]time.Month{FuncThisMonth: 0, FuncLastMonth: -1, FuncNextMonth: 1}[name]
		fy, fm, _ := day(y, m+shift, 1).Date()
		if len(v.Args) == 0 {
			return day(fy, fm, 1), day(fy, fm+1, 1), nil
		}
		dd, _ := monthDay(v.Args[0]) // checked by checkCall
		last := daysIn(fy, fm)
		switch {
		case dd == 0: // LAST
			dd = last
		case dd > last:
			return oneDay(day(fy, fm+1, 1))
		}
		return oneDay(day(fy, fm, dd))
	default: // THIS_YEAR, LAST_YEAR, NEXT_YEAR
		shift := map[string]int{FuncThisYear: 0, FuncLastYear: -1, FuncNextYear: 1}[name]
		return day(y+shift, 1, 1), day(y+shift+1, 1, 1), nil
	}
}

// daysIn returns the number of days in month m of year y.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// addMonths returns midnight in loc of the date n months after y-m-d,
// clamping the day to the last day of the target month.
func addMonths(y int, m time.Month, d, n int, loc *time.Location) time.Time {
	ty, tm, _ := time.Date(y, m+time.Month(n), 1, 0, 0, 0, 0, time.UTC).Date()
	return time.Date(ty, tm, min(d, daysIn(ty, tm)), 0, 0, 0, 0, loc)
}
