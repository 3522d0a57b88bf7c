package engine

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kintone-sql/kintone/schema"
)

// This file holds the value conversions shared by the expressions: the
// MySQL rules for turning strings into numbers and dates, and for turning
// any value into text.

// numericPrefix matches the longest leading part of a string that MySQL
// reads as a number when a string meets a number ("12abc" is 12, "abc" 0).
var numericPrefix = regexp.MustCompile(`^[ \t\n\r]*[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?`)

// StringToDecimal converts s as MySQL does in a numeric context: leading
// whitespace is skipped, the longest numeric prefix is read, and a string
// without one is 0. clean reports whether the whole string (apart from
// surrounding whitespace) was the number.
func StringToDecimal(s string) (d decimal.Decimal, clean bool) {
	head := s
	if limit := 4 * schema.MaxDecimalExponent; len(head) > limit {
		head = head[:limit]
	}
	m := numericPrefix.FindString(head)
	if len(m) == len(head) && len(head) < len(s) {
		// A number longer than any in range: read only its start, then
		// fall back as for any out-of-range number.
		return decimal.Zero, false
	}
	if m == "" {
		return decimal.Zero, false
	}
	num := strings.TrimSpace(m)
	d, err := schema.ParseDecimal(num)
	if err != nil {
		// Exponents beyond decimal's range: fall back to a float reading.
		f, ferr := strconv.ParseFloat(num, 64)
		if ferr != nil || math.IsInf(f, 0) {
			return decimal.Zero, false
		}
		d = decimal.NewFromFloat(f)
	}
	return d, strings.TrimSpace(s[len(m):]) == ""
}

// ToDecimal converts a non-NULL numeric, boolean or string value to an exact
// decimal (MySQL's numeric context). ok is false for values with no numeric
// reading (dates, JSON, bytes are read as strings).
func ToDecimal(v Value) (decimal.Decimal, bool) {
	switch x := v.(type) {
	case int64:
		return decimal.NewFromInt(x), true
	case int:
		return decimal.NewFromInt(int64(x)), true
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return decimal.Zero, false
		}
		return decimal.NewFromFloat(x), true
	case decimal.Decimal:
		return x, true
	case bool:
		if x {
			return decimal.NewFromInt(1), true
		}
		return decimal.Zero, true
	case string:
		d, _ := StringToDecimal(x)
		return d, true
	case []byte:
		d, _ := StringToDecimal(string(x))
		return d, true
	}
	return decimal.Zero, false
}

// isNumeric reports whether v is one of the numeric value kinds.
func isNumeric(v Value) bool {
	switch v.(type) {
	case int64, int, float64, decimal.Decimal, bool:
		return true
	}
	return false
}

// isText reports whether v is a string or bytes.
func isText(v Value) bool {
	switch v.(type) {
	case string, []byte:
		return true
	}
	return false
}

// FormatDecimal renders d with its scale kept ("1.50" stays "1.50"), as
// MySQL prints DECIMAL values.
func FormatDecimal(d decimal.Decimal) string {
	if d.Exponent() < 0 {
		return d.StringFixed(-d.Exponent())
	}
	return d.String()
}

// Layouts used to print and parse temporal values.
const (
	// DateLayout is the text form of DATE values.
	DateLayout = "2006-01-02"
	// DateTimeLayout is the text form of DATETIME values (UTC).
	DateTimeLayout = "2006-01-02 15:04:05"
	// TimeLayout is the text form of TIME values.
	TimeLayout = "15:04:05"
)

// ToText converts a non-NULL value to its SQL text form (CONCAT, LIKE,
// string comparisons): numbers in plain decimal notation, booleans as 1 and
// 0, times as DATETIME text in UTC (DATE text at midnight, TIME text on the
// zero date).
func ToText(v Value) string {
	switch x := v.(type) {
	case string:
		return x
	case []byte:
		return string(x)
	case int64:
		return strconv.FormatInt(x, 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'g', -1, 64)
	case decimal.Decimal:
		return FormatDecimal(x)
	case bool:
		if x {
			return "1"
		}
		return "0"
	case time.Time:
		return formatTime(x)
	}
	return fmt.Sprint(v)
}

// formatTime prints t as TIME when it lies on the zero date, as DATE at
// UTC midnight, and as DATETIME otherwise.
func formatTime(t time.Time) string {
	t = t.UTC()
	switch {
	case t.Year() == 0 && t.Month() == 1 && t.Day() == 1:
		return t.Format(TimeLayout)
	case t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0:
		return t.Format(DateLayout)
	}
	if t.Nanosecond() != 0 {
		return t.Format("2006-01-02 15:04:05.999999999")
	}
	return t.Format(DateTimeLayout)
}

// temporalPattern matches the date and date-time literals accepted where a
// string meets a DATE or DATETIME: YYYY-M-D, optionally followed by a space
// or T, H:MM[:SS[.fraction]] and a zone (Z or ±HH[:]MM).
var temporalPattern = regexp.MustCompile(`^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?(Z|[+-]\d{2}:?\d{2})?$`)

// timePattern matches TIME literals: H:MM[:SS[.fraction]].
var timePattern = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$`)

// ParseDateTime reads a date or date-time literal. A value without a zone
// is taken as UTC, the zone of kintone's DATETIME values. hasTime reports
// whether a time of day was written.
func ParseDateTime(s string) (t time.Time, hasTime bool, err error) {
	m := temporalPattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return time.Time{}, false, fmt.Errorf("invalid date or datetime value %q", s)
	}
	num := func(i int) int {
		if m[i] == "" {
			return 0
		}
		n, _ := strconv.Atoi(m[i])
		return n
	}
	y, mo, d := num(1), num(2), num(3)
	h, mi, sec := num(4), num(5), num(6)
	ns := 0
	if m[7] != "" {
		frac := (m[7] + "000000000")[:9]
		ns, _ = strconv.Atoi(frac)
	}
	if mo < 1 || mo > 12 || d < 1 || d > daysIn(y, time.Month(mo)) || h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, false, fmt.Errorf("invalid date or datetime value %q", s)
	}
	loc := time.UTC
	if z := m[8]; z != "" && z != "Z" {
		sign := 1
		if z[0] == '-' {
			sign = -1
		}
		digits := strings.ReplaceAll(z[1:], ":", "")
		zh, _ := strconv.Atoi(digits[:2])
		zm, _ := strconv.Atoi(digits[2:])
		if zh > 23 || zm > 59 {
			return time.Time{}, false, fmt.Errorf("invalid time zone in %q", s)
		}
		loc = time.FixedZone(z, sign*(zh*3600+zm*60))
	}
	t = time.Date(y, time.Month(mo), d, h, mi, sec, ns, loc).UTC()
	return t, m[4] != "", nil
}

// ParseTimeOfDay reads a TIME literal as a time on 0000-01-01 UTC, the
// form of TIME values.
func ParseTimeOfDay(s string) (time.Time, error) {
	m := timePattern.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return time.Time{}, fmt.Errorf("invalid time value %q", s)
	}
	h, _ := strconv.Atoi(m[1])
	mi, _ := strconv.Atoi(m[2])
	sec := 0
	if m[3] != "" {
		sec, _ = strconv.Atoi(m[3])
	}
	ns := 0
	if m[4] != "" {
		ns, _ = strconv.Atoi((m[4] + "000000000")[:9])
	}
	if h > 23 || mi > 59 || sec > 59 {
		return time.Time{}, fmt.Errorf("invalid time value %q", s)
	}
	return time.Date(0, 1, 1, h, mi, sec, ns, time.UTC), nil
}

// daysIn returns the number of days of a month.
func daysIn(y int, m time.Month) int {
	return time.Date(y, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// isTimeOfDay reports whether t is a TIME value (on the zero date).
func isTimeOfDay(t time.Time) bool {
	t = t.UTC()
	return t.Year() == 0 && t.Month() == 1 && t.Day() == 1
}

// textToTemporal reads s in the temporal form of like: a TIME string when
// like is a TIME value, a date or date-time otherwise.
func textToTemporal(s string, like time.Time) (time.Time, error) {
	if isTimeOfDay(like) {
		return ParseTimeOfDay(s)
	}
	t, _, err := ParseDateTime(s)
	return t, err
}

// bigIntFits reports whether the integer d fits in an int64.
func bigIntFits(d decimal.Decimal) (int64, bool) {
	if !d.IsInteger() {
		return 0, false
	}
	b := d.BigInt()
	if !b.IsInt64() {
		return 0, false
	}
	return b.Int64(), true
}
