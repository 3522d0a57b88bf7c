package engine

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kintone-sql/kintone/schema"
)

// The date functions read DATE, DATETIME and TIME values as they are (UTC:
// a DATETIME is a UTC instant, see the schema package) and text as a date,
// date-time or time literal; an argument that does not read as one gives
// NULL, as in MySQL.

// temporalArg reads a date or time argument.
func temporalArg(v Value) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		return x.UTC(), true
	case string, []byte:
		s := ToText(x)
		if t, _, err := ParseDateTime(s); err == nil {
			return t, true
		}
		if t, err := ParseTimeOfDay(s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// dateOnly returns t's calendar date at midnight UTC.
func dateOnly(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}

// dateFunc registers a null-strict function of one date or time argument.
func dateFunc(name string, result schema.Type, fn func(t time.Time) Value, aliases ...string) {
	register(&Function{Name: name, MinArgs: 1, MaxArgs: 1, NullStrict: true, Result: fixed(result),
		Eval: func(_ *Env, args []Value) (Value, error) {
			t, ok := temporalArg(args[0])
			if !ok {
				return nil, nil
			}
			return fn(t), nil
		}}, aliases...)
}

// daysInYear returns 365 or 366.
func daysInYear(y int) int {
	return time.Date(y, 12, 31, 0, 0, 0, 0, time.UTC).YearDay()
}

// dayNumber counts days since 1970-01-01 (negative before).
func dayNumber(y int, m time.Month, d int) int {
	return int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400)
}

// Week modes bits, as MySQL defines them.
const (
	weekMondayFirst  = 1
	weekYear         = 2
	weekFirstWeekday = 4
)

// weekOf computes MySQL's WEEK(t, mode) and the year the week belongs to
// (MySQL's calc_week).
func weekOf(t time.Time, mode int64) (year, week int) {
	behaviour := int(mode & 7)
	if behaviour&weekMondayFirst == 0 {
		behaviour ^= weekFirstWeekday
	}
	mondayFirst := behaviour&weekMondayFirst != 0
	wYear := behaviour&weekYear != 0
	firstWeekday := behaviour&weekFirstWeekday != 0
	year = t.Year()
	daynr := dayNumber(year, t.Month(), t.Day())
	firstDaynr := dayNumber(year, 1, 1)
	weekday := func(y int, m time.Month, d int) int {
		w := int(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Weekday()) // Sunday 0
		if mondayFirst {
			w = (w + 6) % 7
		}
		return w
	}
	wd := weekday(year, 1, 1)
	if t.Month() == 1 && t.Day() <= 7-wd {
		if !wYear && ((firstWeekday && wd != 0) || (!firstWeekday && wd >= 4)) {
			return year, 0
		}
		wYear = true
		year--
		days := daysInYear(year)
		firstDaynr -= days
		wd = (wd + 53*7 - days) % 7
	}
	var days int
	if (firstWeekday && wd != 0) || (!firstWeekday && wd >= 4) {
		days = daynr - (firstDaynr + (7 - wd))
	} else {
		days = daynr - (firstDaynr - wd)
	}
	if wYear && days >= 52*7 {
		wd = (wd + daysInYear(year)) % 7
		if (!firstWeekday && wd < 4) || (firstWeekday && wd == 0) {
			return year + 1, 1
		}
	}
	return year, days/7 + 1
}

// monthsBetween counts the whole months from a to b (negative when b is
// earlier), as TIMESTAMPDIFF(MONTH, a, b) does.
func monthsBetween(a, b time.Time) int64 {
	months := int64(b.Year()-a.Year())*12 + int64(b.Month()-a.Month())
	rest := func(t time.Time) time.Duration {
		return time.Duration(t.Day())*24*time.Hour + t.Sub(dateOnly(t))
	}
	switch {
	case months > 0 && rest(b) < rest(a):
		months--
	case months < 0 && rest(b) > rest(a):
		months++
	}
	return months
}

// timestampDiff is TIMESTAMPDIFF(unit, a, b): b - a in whole units.
func timestampDiff(unit string, a, b time.Time) (int64, error) {
	d := b.Sub(a)
	switch strings.ToUpper(unit) {
	case "MICROSECOND":
		return d.Microseconds(), nil
	case "SECOND":
		return int64(d / time.Second), nil
	case "MINUTE":
		return int64(d / time.Minute), nil
	case "HOUR":
		return int64(d / time.Hour), nil
	case "DAY":
		return int64(d / (24 * time.Hour)), nil
	case "WEEK":
		return int64(d / (7 * 24 * time.Hour)), nil
	case "MONTH":
		return monthsBetween(a, b), nil
	case "QUARTER":
		return monthsBetween(a, b) / 3, nil
	case "YEAR":
		return monthsBetween(a, b) / 12, nil
	}
	return 0, fmt.Errorf("TIMESTAMPDIFF: unknown unit %s", unit)
}

// extract is EXTRACT(unit FROM t) for the simple units.
func extract(unit string, t time.Time) (int64, error) {
	switch strings.ToUpper(unit) {
	case "YEAR":
		return int64(t.Year()), nil
	case "QUARTER":
		return int64(t.Month()+2) / 3, nil
	case "MONTH":
		return int64(t.Month()), nil
	case "WEEK":
		_, w := weekOf(t, 0)
		return int64(w), nil
	case "DAY":
		return int64(t.Day()), nil
	case "HOUR":
		return int64(t.Hour()), nil
	case "MINUTE":
		return int64(t.Minute()), nil
	case "SECOND":
		return int64(t.Second()), nil
	case "MICROSECOND":
		return int64(t.Nanosecond() / 1000), nil
	case "YEAR_MONTH":
		return int64(t.Year())*100 + int64(t.Month()), nil
	}
	return 0, fmt.Errorf("EXTRACT: unit %s is not supported", unit)
}

// ExtractFunc is the internal function the lexer rewrites EXTRACT(unit
// FROM d) to: it takes ('unit', d).
const ExtractFunc = "__EXTRACT"

// dayNames and monthNames are MySQL's English names (lc_time_names
// en_US).
var (
	dayNames   = []string{"Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"}
	monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"}
)

// ordinalSuffix returns the English suffix of a day number (1st, 2nd).
func ordinalSuffix(d int) string {
	if d%100 >= 11 && d%100 <= 13 {
		return "th"
	}
	switch d % 10 {
	case 1:
		return "st"
	case 2:
		return "nd"
	case 3:
		return "rd"
	}
	return "th"
}

// hour12 returns the hour on a 12-hour clock.
func hour12(h int) int {
	if h%12 == 0 {
		return 12
	}
	return h % 12
}

// ampm returns AM or PM.
func ampm(h int) string {
	if h < 12 {
		return "AM"
	}
	return "PM"
}

// dateFormat formats t with MySQL's DATE_FORMAT specifiers.
func dateFormat(t time.Time, format string) string {
	var b strings.Builder
	pad := func(n, width int) {
		s := strconv.Itoa(n)
		for len(s) < width {
			s = "0" + s
		}
		b.WriteString(s)
	}
	rs := []rune(format)
	for i := 0; i < len(rs); i++ {
		if rs[i] != '%' || i+1 == len(rs) {
			b.WriteRune(rs[i])
			continue
		}
		i++
		switch rs[i] {
		case 'a':
			b.WriteString(dayNames[t.Weekday()][:3])
		case 'b':
			b.WriteString(monthNames[t.Month()-1][:3])
		case 'c':
			b.WriteString(strconv.Itoa(int(t.Month())))
		case 'D':
			b.WriteString(strconv.Itoa(t.Day()) + ordinalSuffix(t.Day()))
		case 'd':
			pad(t.Day(), 2)
		case 'e':
			b.WriteString(strconv.Itoa(t.Day()))
		case 'f':
			pad(t.Nanosecond()/1000, 6)
		case 'H':
			pad(t.Hour(), 2)
		case 'h', 'I':
			pad(hour12(t.Hour()), 2)
		case 'i':
			pad(t.Minute(), 2)
		case 'j':
			pad(t.YearDay(), 3)
		case 'k':
			b.WriteString(strconv.Itoa(t.Hour()))
		case 'l':
			b.WriteString(strconv.Itoa(hour12(t.Hour())))
		case 'M':
			b.WriteString(monthNames[t.Month()-1])
		case 'm':
			pad(int(t.Month()), 2)
		case 'p':
			b.WriteString(ampm(t.Hour()))
		case 'r':
			pad(hour12(t.Hour()), 2)
			b.WriteString(":")
			pad(t.Minute(), 2)
			b.WriteString(":")
			pad(t.Second(), 2)
			b.WriteString(" " + ampm(t.Hour()))
		case 'S', 's':
			pad(t.Second(), 2)
		case 'T':
			b.WriteString(t.Format(TimeLayout))
		case 'U', 'u', 'V', 'v':
			mode := map[rune]int64{'U': 0, 'u': 1, 'V': 2, 'v': 3}[rs[i]]
			_, w := weekOf(t, mode)
			pad(w, 2)
		case 'X', 'x':
			mode := map[rune]int64{'X': 2, 'x': 3}[rs[i]]
			y, _ := weekOf(t, mode)
			pad(y, 4)
		case 'W':
			b.WriteString(dayNames[t.Weekday()])
		case 'w':
			b.WriteString(strconv.Itoa(int(t.Weekday())))
		case 'Y':
			pad(t.Year(), 4)
		case 'y':
			pad(t.Year()%100, 2)
		default:
			b.WriteRune(rs[i])
		}
	}
	return b.String()
}

func init() {
	dateFunc("YEAR", schema.TypeBigInt, func(t time.Time) Value { return int64(t.Year()) })
	dateFunc("MONTH", schema.TypeBigInt, func(t time.Time) Value { return int64(t.Month()) })
	dateFunc("DAY", schema.TypeBigInt, func(t time.Time) Value { return int64(t.Day()) }, "DAYOFMONTH")
	dateFunc("HOUR", schema.TypeBigInt, func(t time.Time) Value { return int64(t.Hour()) })
	dateFunc("MINUTE", schema.TypeBigInt, func(t time.Time) Value { return int64(t.Minute()) })
	dateFunc("SECOND", schema.TypeBigInt, func(t time.Time) Value { return int64(t.Second()) })
	dateFunc("MICROSECOND", schema.TypeBigInt, func(t time.Time) Value { return int64(t.Nanosecond() / 1000) })
	dateFunc("QUARTER", schema.TypeBigInt, func(t time.Time) Value { return int64(t.Month()+2) / 3 })
	dateFunc("DAYOFWEEK", schema.TypeBigInt, func(t time.Time) Value { return int64(t.Weekday()) + 1 })
	dateFunc("WEEKDAY", schema.TypeBigInt, func(t time.Time) Value { return int64(t.Weekday()+6) % 7 })
	dateFunc("DAYOFYEAR", schema.TypeBigInt, func(t time.Time) Value { return int64(t.YearDay()) })
	dateFunc("DAYNAME", schema.TypeText, func(t time.Time) Value { return dayNames[t.Weekday()] })
	dateFunc("MONTHNAME", schema.TypeText, func(t time.Time) Value { return monthNames[t.Month()-1] })
	dateFunc("DATE", schema.TypeDate, func(t time.Time) Value { return dateOnly(t) })
	dateFunc("LAST_DAY", schema.TypeDate, func(t time.Time) Value {
		return time.Date(t.Year(), t.Month()+1, 0, 0, 0, 0, 0, time.UTC)
	})
	dateFunc("TO_DAYS", schema.TypeBigInt, func(t time.Time) Value {
		// MySQL counts days from year 0; 1970-01-01 is day 719528.
		return int64(dayNumber(t.Year(), t.Month(), t.Day())) + 719528
	})
	for name, to := range map[string]schema.Type{"TIMESTAMP": schema.TypeDateTime, "TIME": schema.TypeTime} {
		register(&Function{Name: name, MinArgs: 1, MaxArgs: 1, NullStrict: true, Result: fixed(to),
			Eval: func(_ *Env, args []Value) (Value, error) { return castTemporal(args[0], to) }})
	}
	// weekFunc registers WEEK and YEARWEEK: a date and an optional mode.
	weekFunc := func(name string, extra int64, result func(y, w int) Value) {
		register(&Function{Name: name, MinArgs: 1, MaxArgs: 2, NullStrict: true, Result: fixed(schema.TypeBigInt),
			Eval: func(_ *Env, args []Value) (Value, error) {
				t, ok := temporalArg(args[0])
				if !ok {
					return nil, nil
				}
				mode := int64(0)
				if len(args) == 2 {
					mode, _ = intArg(args[1])
				}
				return result(weekOf(t, mode|extra)), nil
			}})
	}
	weekFunc("WEEK", 0, func(_, w int) Value { return int64(w) })
	weekFunc("YEARWEEK", weekYear, func(y, w int) Value { return int64(y)*100 + int64(w) })
	register(&Function{Name: "DATEDIFF", MinArgs: 2, MaxArgs: 2, NullStrict: true, Result: fixed(schema.TypeBigInt),
		Eval: func(_ *Env, args []Value) (Value, error) {
			a, aok := temporalArg(args[0])
			b, bok := temporalArg(args[1])
			if !aok || !bok {
				return nil, nil
			}
			return int64(dayNumber(a.Year(), a.Month(), a.Day()) - dayNumber(b.Year(), b.Month(), b.Day())), nil
		}})
	register(&Function{Name: "TIMESTAMPDIFF", MinArgs: 3, MaxArgs: 3, NullStrict: true, Result: fixed(schema.TypeBigInt),
		Eval: func(_ *Env, args []Value) (Value, error) {
			a, aok := temporalArg(args[1])
			b, bok := temporalArg(args[2])
			if !aok || !bok {
				return nil, nil
			}
			return timestampDiff(ToText(args[0]), a, b)
		}})
	register(&Function{Name: ExtractFunc, MinArgs: 2, MaxArgs: 2, NullStrict: true, Result: fixed(schema.TypeBigInt),
		Eval: func(_ *Env, args []Value) (Value, error) {
			t, ok := temporalArg(args[1])
			if !ok {
				return nil, nil
			}
			return extract(ToText(args[0]), t)
		}})
	register(&Function{Name: "DATE_FORMAT", MinArgs: 2, MaxArgs: 2, NullStrict: true, Result: fixed(schema.TypeText),
		Eval: func(_ *Env, args []Value) (Value, error) {
			t, ok := temporalArg(args[0])
			if !ok {
				return nil, nil
			}
			return dateFormat(t, ToText(args[1])), nil
		}})
	register(&Function{Name: "CURTIME", MinArgs: 0, MaxArgs: 0, Result: fixed(schema.TypeTime),
		Eval: func(env *Env, _ []Value) (Value, error) {
			n := Now(env)
			return time.Date(0, 1, 1, n.Hour(), n.Minute(), n.Second(), 0, time.UTC), nil
		}}, "CURRENT_TIME", "UTC_TIME")
	register(&Function{Name: "UTC_TIMESTAMP", MinArgs: 0, MaxArgs: 0, Result: fixed(schema.TypeDateTime),
		Eval: func(env *Env, _ []Value) (Value, error) { return Now(env), nil }}, "SYSDATE")
	register(&Function{Name: "UTC_DATE", MinArgs: 0, MaxArgs: 0, Result: fixed(schema.TypeDate),
		Eval: func(env *Env, _ []Value) (Value, error) { return dateOnly(Now(env)), nil }})
	register(&Function{Name: "UNIX_TIMESTAMP", MinArgs: 0, MaxArgs: 1, Result: fixed(schema.TypeBigInt),
		Eval: func(env *Env, args []Value) (Value, error) {
			if len(args) == 0 {
				return Now(env).Unix(), nil
			}
			if args[0] == nil {
				return nil, nil
			}
			t, ok := temporalArg(args[0])
			return nullable(t.Unix(), ok)
		}})
	register(&Function{Name: "FROM_UNIXTIME", MinArgs: 1, MaxArgs: 1, NullStrict: true, Result: fixed(schema.TypeDateTime),
		Eval: func(_ *Env, args []Value) (Value, error) {
			n, ok := intArg(args[0])
			return nullable(time.Unix(n, 0).UTC(), ok && n >= 0)
		}})
}
