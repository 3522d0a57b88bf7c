package query

import (
	"fmt"
	"strconv"
)

// The kintone query function names, as stored in Value.Text.
const (
	FuncLoginUser           = "LOGINUSER"
	FuncPrimaryOrganization = "PRIMARY_ORGANIZATION"
	FuncNow                 = "NOW"
	FuncToday               = "TODAY"
	FuncYesterday           = "YESTERDAY"
	FuncTomorrow            = "TOMORROW"
	FuncFromToday           = "FROM_TODAY"
	FuncThisWeek            = "THIS_WEEK"
	FuncLastWeek            = "LAST_WEEK"
	FuncNextWeek            = "NEXT_WEEK"
	FuncThisMonth           = "THIS_MONTH"
	FuncLastMonth           = "LAST_MONTH"
	FuncNextMonth           = "NEXT_MONTH"
	FuncThisYear            = "THIS_YEAR"
	FuncLastYear            = "LAST_YEAR"
	FuncNextYear            = "NEXT_YEAR"
)

// The FROM_TODAY units.
const (
	UnitDays   = "DAYS"
	UnitWeeks  = "WEEKS"
	UnitMonths = "MONTHS"
	UnitYears  = "YEARS"
)

// MonthLast is the THIS_MONTH argument meaning the month's last day.
const MonthLast = "LAST"

// argShape says which arguments a function takes.
type argShape int

const (
	argsNone      argShape = iota // no arguments
	argsFromToday                 // n, unit
	argsWeekday                   // optional SUNDAY..SATURDAY
	argsMonthDay                  // optional 1..31 or LAST
)

// funcSpec describes one query function.
type funcSpec struct {
	shape argShape
	// date is true for the functions that stand for a time range.
	date bool
}

// functions lists every query function by upper-case name.
var functions = map[string]funcSpec{
	FuncLoginUser:           {argsNone, false},
	FuncPrimaryOrganization: {argsNone, false},
	FuncNow:                 {argsNone, true},
	FuncToday:               {argsNone, true},
	FuncYesterday:           {argsNone, true},
	FuncTomorrow:            {argsNone, true},
	FuncFromToday:           {argsFromToday, true},
	FuncThisWeek:            {argsWeekday, true},
	FuncLastWeek:            {argsWeekday, true},
	FuncNextWeek:            {argsWeekday, true},
	FuncThisMonth:           {argsMonthDay, true},
	FuncLastMonth:           {argsMonthDay, true},
	FuncNextMonth:           {argsMonthDay, true},
	FuncThisYear:            {argsNone, true},
	FuncLastYear:            {argsNone, true},
	FuncNextYear:            {argsNone, true},
}

// weekdays maps the week-function arguments to day offsets from Sunday.
var weekdays = map[string]int{
	"SUNDAY": 0, "MONDAY": 1, "TUESDAY": 2, "WEDNESDAY": 3,
	"THURSDAY": 4, "FRIDAY": 5, "SATURDAY": 6,
}

// IsDateFunc reports whether name (any case) is a date or time function,
// one that DateRange can evaluate. NOW is included; on real kintone it is
// meant for date-time fields only.
func IsDateFunc(name string) bool {
	spec, ok := functions[asciiUpper(name)]
	return ok && spec.date
}

// IsUserFunc reports whether name (any case) is LOGINUSER, the function
// that stands for the calling user.
func IsUserFunc(name string) bool { return asciiUpper(name) == FuncLoginUser }

// IsOrgFunc reports whether name (any case) is PRIMARY_ORGANIZATION, the
// function that stands for the calling user's priority organization.
func IsOrgFunc(name string) bool { return asciiUpper(name) == FuncPrimaryOrganization }

// checkCall validates a function-call value as kintone does: unknown name
// (CB_VA01), argument count (GAIA_IL08), day number or weekday (GAIA_IQ23)
// and FROM_TODAY unit (GAIA_IQ25). namePos and argPos locate the name and
// each argument in the query text; pass -1 and nil when there is none.
func checkCall(v Value, namePos int, argPos []int) *Error {
	name := asciiUpper(v.Text)
	spec, ok := functions[name]
	if !ok {
		return syntaxError(namePos, "unknown function %q", shorten(v.Text))
	}
	at := func(i int) int {
		if i < len(argPos) {
			return argPos[i]
		}
		return namePos
	}
	args := v.Args
	arity := func(want string) *Error {
		return NewError(CodeArgCount, namePos, argCountMessage,
			fmt.Sprintf("%s takes %s, got %d", name, want, len(args)))
	}
	switch spec.shape {
	case argsNone:
		if len(args) != 0 {
			return arity("no arguments")
		}
	case argsFromToday:
		if len(args) != 2 {
			return arity("2 arguments (n, unit)")
		}
		// UNCONFIRMED: the code kintone gives for a non-integer count is not
		// known; GAIA_IL08, its general "bad function call" code, is used.
		// The count must fit in 32 bits like kintone's (Java) int.
		if _, err := strconv.ParseInt(args[0], 10, 32); err != nil || !isInteger(args[0]) {
			return NewError(CodeArgCount, at(0), argCountMessage,
				fmt.Sprintf("%s needs an integer count, got %q", name, shorten(args[0])))
		}
		switch asciiUpper(args[1]) {
		case UnitDays, UnitWeeks, UnitMonths, UnitYears:
		default:
			return NewError(CodeDateUnit, at(1), "FROM_TODAY()の第2引数には、「DAYS」「WEEKS」「MONTHS」「YEARS」のいずれかを指定します。",
				fmt.Sprintf("%s unit must be DAYS, WEEKS, MONTHS or YEARS", name))
		}
	case argsWeekday:
		if len(args) > 1 {
			return arity("at most 1 argument")
		}
		if len(args) == 1 {
			if _, ok := weekdays[asciiUpper(args[0])]; !ok {
				// UNCONFIRMED: the code and text for a bad weekday are not
				// known; GAIA_IQ23, kintone's code for a bad day argument,
				// is used with a text of this package's own.
				return NewError(CodeDayNumber, at(0),
					fmt.Sprintf("関数%s()に指定した曜日（%s）は無効です。SUNDAYからSATURDAYまでのいずれかを指定してください。", name, shorten(args[0])),
					fmt.Sprintf("%s takes a weekday SUNDAY..SATURDAY", name))
			}
		}
	case argsMonthDay:
		if len(args) > 1 {
			return arity("at most 1 argument")
		}
		if len(args) == 1 {
			if _, ok := monthDay(args[0]); !ok {
				return NewError(CodeDayNumber, at(0),
					fmt.Sprintf("指定した日にち（%s）は無効です。1から31までの整数で指定します。", shorten(args[0])),
					fmt.Sprintf("%s takes a day 1..31 or LAST", name))
			}
		}
	}
	return nil
}

// monthDay parses a month-function argument: 1..31, or LAST as 0.
func monthDay(arg string) (int, bool) {
	if asciiUpper(arg) == MonthLast {
		return 0, true
	}
	if !isDigits(arg) {
		return 0, false
	}
	d, err := strconv.Atoi(arg)
	return d, err == nil && d >= 1 && d <= 31
}
