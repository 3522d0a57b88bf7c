package engine

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/kintone-sql/kintone/schema"
)

// Date functions that BI tools put in the SQL they generate: Metabase's
// bucketing (STR_TO_DATE, MAKEDATE) and time-zone probe (CONVERT_TZ,
// TIMEDIFF, TIME_FORMAT), Superset's datetime literals (STR_TO_DATE),
// Connector/NET's TIMEDIFF(NOW(), UTC_TIMESTAMP()).

// strToDate parses s with MySQL's format specifiers (the numeric ones, %p,
// month and day names, %f); ok is false when s does not match, as MySQL
// then returns NULL.
func strToDate(s, format string) (time.Time, bool) {
	year, month, day, hour, minute, sec, micro, yearDay := 0, 1, 1, 0, 0, 0, 0, 0
	pm, twelve := false, false
	fs := []rune(format)
	for i := 0; i < len(fs); i++ {
		if fs[i] != '%' || i+1 == len(fs) {
			if !strings.HasPrefix(s, string(fs[i])) {
				return time.Time{}, false
			}
			s = s[len(string(fs[i])):]
			continue
		}
		i++
		num := func(max int) (int, bool) {
			j := 0
			for j < len(s) && j < max && s[j] >= '0' && s[j] <= '9' {
				j++
			}
			if j == 0 {
				return 0, false
			}
			n, _ := strconv.Atoi(s[:j])
			s = s[j:]
			return n, true
		}
		var ok bool
		switch fs[i] {
		case 'Y':
			year, ok = num(4)
		case 'y':
			if year, ok = num(2); year < 70 {
				year += 2000
			} else {
				year += 1900
			}
		case 'm', 'c':
			month, ok = num(2)
		case 'd', 'e':
			day, ok = num(2)
		case 'j':
			yearDay, ok = num(3)
		case 'H', 'k':
			hour, ok = num(2)
		case 'h', 'I', 'l':
			hour, ok = num(2)
			twelve = true
		case 'i':
			minute, ok = num(2)
		case 's', 'S':
			sec, ok = num(2)
		case 'f':
			digits := len(s)
			if micro, ok = num(6); ok {
				for n := digits - len(s); n < 6; n++ {
					micro *= 10
				}
			}
		case 'p':
			switch {
			case len(s) >= 2 && strings.EqualFold(s[:2], "PM"):
				pm, ok = true, true
			case len(s) >= 2 && strings.EqualFold(s[:2], "AM"):
				ok = true
			}
			if ok {
				s = s[2:]
			}
		case 'M', 'b':
			for k, name := range monthNames {
				if fs[i] == 'b' {
					name = name[:3]
				}
				if len(s) >= len(name) && strings.EqualFold(s[:len(name)], name) {
					month, ok, s = k+1, true, s[len(name):]
					break
				}
			}
		case '%':
			ok = strings.HasPrefix(s, "%")
			if ok {
				s = s[1:]
			}
		default:
			return time.Time{}, false // week-based and other specifiers are not read
		}
		if !ok {
			return time.Time{}, false
		}
	}
	if twelve && hour == 12 {
		hour = 0
	}
	if pm {
		hour += 12
	}
	if hour > 23 || minute > 59 || sec > 59 {
		return time.Time{}, false
	}
	if yearDay > 0 {
		t := time.Date(year, 1, yearDay, hour, minute, sec, micro*1000, time.UTC)
		return t, t.Year() == year
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, micro*1000, time.UTC)
	// Out-of-range parts (month 13, February 30) would roll over: NULL.
	return t, t.Month() == time.Month(month) && t.Day() == day

}

// zoneOf reads a CONVERT_TZ time zone: SYSTEM (UTC, the zone the driver
// reports times in), an offset such as +09:00, or an IANA name.
func zoneOf(name string) (*time.Location, bool) {
	if strings.EqualFold(name, "SYSTEM") || strings.EqualFold(name, "UTC") {
		return time.UTC, true
	}
	if len(name) == 6 && (name[0] == '+' || name[0] == '-') && name[3] == ':' {
		h, err1 := strconv.Atoi(name[1:3])
		m, err2 := strconv.Atoi(name[4:])
		if err1 != nil || err2 != nil || h > 14 || m > 59 {
			return nil, false
		}
		off := h*3600 + m*60
		if name[0] == '-' {
			off = -off
		}
		return time.FixedZone(name, off), true
	}
	loc, err := time.LoadLocation(name)
	return loc, err == nil
}

func init() {
	register(&Function{Name: "STR_TO_DATE", MinArgs: 2, MaxArgs: 2, NullStrict: true, Result: fixed(schema.TypeDateTime),
		Eval: func(_ *Env, args []Value) (Value, error) {
			t, ok := strToDate(ToText(args[0]), ToText(args[1]))
			return nullable(t, ok)
		}})
	register(&Function{Name: "MAKEDATE", MinArgs: 2, MaxArgs: 2, NullStrict: true, Result: fixed(schema.TypeDate),
		Eval: func(_ *Env, args []Value) (Value, error) {
			y, yok := intArg(args[0])
			d, dok := intArg(args[1])
			return nullable(time.Date(int(y), 1, int(d), 0, 0, 0, 0, time.UTC), yok && dok && d > 0 && y >= 0 && y <= 9999)
		}})
	register(&Function{Name: "CONVERT_TZ", MinArgs: 3, MaxArgs: 3, NullStrict: true, Result: fixed(schema.TypeDateTime),
		Eval: func(_ *Env, args []Value) (Value, error) {
			t, ok := temporalArg(args[0])
			from, fok := zoneOf(ToText(args[1]))
			to, tok := zoneOf(ToText(args[2]))
			if !ok || !fok || !tok {
				return nil, nil // MySQL: NULL for an unknown zone
			}
			wall := time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), from).In(to)
			return time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), wall.Nanosecond(), time.UTC), nil
		}})
	register(&Function{Name: "TIMEDIFF", MinArgs: 2, MaxArgs: 2, NullStrict: true, Result: fixed(schema.TypeTime),
		Eval: func(_ *Env, args []Value) (Value, error) {
			a, aok := temporalArg(args[0])
			b, bok := temporalArg(args[1])
			if !aok || !bok {
				return nil, nil
			}
			d := a.Sub(b)
			if d < 0 || d >= 24*time.Hour {
				return nil, fmt.Errorf("TIMEDIFF: the difference %s is outside 00:00:00 to 23:59:59, the range of the driver's TIME values", d)
			}
			return time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC).Add(d), nil
		}})
	register(&Function{Name: "TIME_FORMAT", MinArgs: 2, MaxArgs: 2, NullStrict: true, Result: fixed(schema.TypeText),
		Eval: func(_ *Env, args []Value) (Value, error) {
			t, ok := temporalArg(args[0])
			return nullable(dateFormat(t, ToText(args[1])), ok)
		}})
}
