package engine

import (
	"testing"
	"time"

	"github.com/kintone-sql/kintone/schema"
)

// call builds a call of a registry function on constants.
func call(t *testing.T, name string, args ...Value) Expr {
	t.Helper()
	fn, ok := LookupFunction(name)
	if !ok {
		t.Fatalf("function %s is not registered", name)
	}
	es := make([]Expr, len(args))
	for i, a := range args {
		es[i] = lit(a)
	}
	return &Call{Fn: fn, Args: es}
}

// day is a DATE value.
func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestStringFunctions(t *testing.T) {
	tests := []struct {
		e    Expr
		want Value
	}{
		{call(t, "SUBSTRING", "日本語テキスト", int64(2), int64(3)), "本語テ"},
		{call(t, "SUBSTR", "abc", int64(-2)), "bc"},
		{call(t, "MID", "abc", int64(0)), ""},
		{call(t, "SUBSTRING", "abc", int64(2), int64(-1)), ""},
		{call(t, "LEFT", "abc", int64(5)), "abc"},
		{call(t, "RIGHT", "日本語", int64(2)), "本語"},
		{call(t, "TRIM", "  a b  "), "a b"},
		{call(t, "LTRIM", "  a "), "a "},
		{call(t, TrimLeadingFunc, "x", "xxaxx"), "axx"},
		{call(t, TrimTrailingFunc, "xy", "axyxy"), "a"},
		{call(t, TrimBothFunc, "x", "xax"), "a"},
		{call(t, "REPLACE", "aAa", "a", "b"), "bAb"},
		{call(t, "REVERSE", "日本"), "本日"},
		{call(t, "REPEAT", "ab", int64(3)), "ababab"},
		{call(t, "LPAD", "5", int64(3), "0"), "005"},
		{call(t, "LPAD", "abc", int64(2), "x"), "ab"},
		{call(t, "RPAD", "a", int64(4), "xy"), "axyx"},
		{call(t, "LPAD", "a", int64(3), ""), nil},
		{call(t, "INSTR", "foobar", "bar"), int64(4)},
		{call(t, "LOCATE", "o", "foo", int64(3)), int64(3)},
		{call(t, "LOCATE", "語", "日本語"), int64(3)},
		{call(t, "LOCATE", "z", "foo"), int64(0)},
		{call(t, "CONCAT_WS", "-", "a", nil, "b"), "a-b"},
		{call(t, "CONCAT_WS", nil, "a"), nil},
		{call(t, "STRCMP", "a", "b"), int64(-1)},
		{call(t, "SPACE", int64(2)), "  "},
	}
	for _, tc := range tests {
		if got := eval(t, tc.e); !same(got, tc.want) {
			t.Errorf("%s = %#v, want %#v", tc.e, got, tc.want)
		}
	}
}

func TestMathFunctions(t *testing.T) {
	tests := []struct {
		e    Expr
		want Value
	}{
		{call(t, "ABS", dec("-1.5")), dec("1.5")},
		{call(t, "ABS", int64(-3)), int64(3)},
		{call(t, "ROUND", dec("2.5")), dec("3")},
		{call(t, "ROUND", dec("-2.5")), dec("-3")},
		{call(t, "ROUND", dec("1.2345"), int64(2)), dec("1.23")},
		{call(t, "ROUND", int64(1250), int64(-2)), int64(1300)},
		{call(t, "ROUND", 2.5), 2.0}, // DOUBLE halves round to even: MySQL gives ROUND(25E-1) = 2
		{call(t, "TRUNCATE", dec("1.999"), int64(1)), dec("1.9")},
		{call(t, "TRUNCATE", dec("-1.999"), int64(1)), dec("-1.9")},
		{call(t, "TRUNCATE", int64(1299), int64(-2)), int64(1200)},
		{call(t, "FLOOR", dec("-1.5")), int64(-2)},
		{call(t, "CEIL", dec("1.2")), int64(2)},
		{call(t, "CEILING", 1.2), 2.0},
		{call(t, "MOD", int64(7), int64(3)), int64(1)},
		{call(t, "MOD", int64(7), int64(0)), nil},
		{call(t, "SIGN", dec("-3.5")), int64(-1)},
		{call(t, "POWER", int64(2), int64(10)), 1024.0},
		{call(t, "SQRT", int64(-1)), nil},
		{call(t, "LN", int64(0)), nil},
		{call(t, "GREATEST", int64(1), dec("3.5"), int64(2)), dec("3.5")},
		{call(t, "LEAST", "b", "a"), "a"},
		{call(t, "GREATEST", int64(1), nil), nil},
	}
	for _, tc := range tests {
		if got := eval(t, tc.e); !same(got, tc.want) {
			t.Errorf("%s = %#v, want %#v", tc.e, got, tc.want)
		}
	}
	if typ := call(t, "ROUND", dec("1.5")).Type(); typ != schema.TypeDecimal {
		t.Errorf("ROUND(DECIMAL) type %v", typ)
	}
}

func TestDateFunctions(t *testing.T) {
	ts := time.Date(2024, 3, 5, 14, 7, 9, 0, time.UTC)
	tests := []struct {
		e    Expr
		want Value
	}{
		{call(t, "YEAR", "2024-02-29 10:00:00"), int64(2024)},
		{call(t, "MONTH", ts), int64(3)},
		{call(t, "DAY", ts), int64(5)},
		{call(t, "HOUR", ts), int64(14)},
		{call(t, "QUARTER", "2024-11-01"), int64(4)},
		{call(t, "DAYOFWEEK", "2024-05-15"), int64(4)},
		{call(t, "WEEKDAY", "2024-05-15"), int64(2)},
		{call(t, "DAYOFYEAR", "2024-12-31"), int64(366)},
		{call(t, "WEEK", "2024-01-01"), int64(0)},
		{call(t, "WEEK", "2024-01-07"), int64(1)},
		{call(t, "WEEK", "2024-12-31", int64(3)), int64(1)},
		{call(t, "YEARWEEK", "2024-12-31", int64(3)), int64(202501)},
		{call(t, "YEARWEEK", "2024-01-01"), int64(202353)},
		{call(t, "DATE_FORMAT", ts, "%Y/%m/%d %H:%i:%s %W %M %D %j %p %l %a %b %e %c %y %%"),
			"2024/03/05 14:07:09 Tuesday March 5th 065 PM 2 Tue Mar 5 3 24 %"},
		{call(t, "DATE_FORMAT", "2021-01-03", "%U %u %V %v %X %x"), "01 00 01 53 2021 2020"},
		{call(t, "LAST_DAY", "2024-02-10"), day(2024, 2, 29)},
		{call(t, "DATEDIFF", "2024-03-01 23:00", "2024-02-01"), int64(29)},
		{call(t, "TIMESTAMPDIFF", "MONTH", "2024-01-31", "2024-02-29"), int64(0)},
		{call(t, "TIMESTAMPDIFF", "MONTH", "2024-01-31", "2024-03-31"), int64(2)},
		{call(t, "TIMESTAMPDIFF", "DAY", "2024-01-01", "2024-01-03 12:00"), int64(2)},
		{call(t, "TIMESTAMPDIFF", "YEAR", "2020-02-29", "2024-02-28"), int64(3)},
		{call(t, ExtractFunc, "YEAR_MONTH", "2024-05-06"), int64(202405)},
		{call(t, "UNIX_TIMESTAMP", "1970-01-02"), int64(86400)},
		{call(t, "FROM_UNIXTIME", int64(86400)), day(1970, 1, 2)},
		{call(t, "DATE", "2024-05-06 10:00"), day(2024, 5, 6)},
		{call(t, "YEAR", "not a date"), nil},
		{call(t, "TIMESTAMP", "2024-05-06"), day(2024, 5, 6)},
		{call(t, "CURTIME"), time.Date(0, 1, 1, 3, 4, 5, 0, time.UTC)},
		{call(t, "DAYNAME", "2024-05-15"), "Wednesday"},
	}
	for _, tc := range tests {
		if got := eval(t, tc.e); !same(got, tc.want) {
			t.Errorf("%s = %#v, want %#v", tc.e, got, tc.want)
		}
	}
}

func TestCastAndInterval(t *testing.T) {
	cast := func(v Value, to schema.Type, scale int32, length int) Expr {
		return &Cast{X: lit(v), To: to, Scale: scale, Length: length, Name: "t"}
	}
	add := func(v Value, n int64, unit string, sub bool) Expr {
		return &DateAdd{X: lit(v), N: lit(n), Unit: unit, Sub: sub}
	}
	tests := []struct {
		e    Expr
		want Value
	}{
		{cast("1.9", schema.TypeBigInt, 0, -1), int64(1)},
		{cast(dec("1.5"), schema.TypeBigInt, 0, -1), int64(2)},
		{cast(dec("-1.5"), schema.TypeBigInt, 0, -1), int64(-2)},
		{cast("12.345", schema.TypeDecimal, 2, -1), dec("12.35")},
		{cast(int64(12), schema.TypeText, 0, -1), "12"},
		{cast("日本語テキスト", schema.TypeText, 0, 3), "日本語"},
		{cast("2024-05-06 10:11:12", schema.TypeDate, 0, -1), day(2024, 5, 6)},
		{cast("10:11", schema.TypeTime, 0, -1), time.Date(0, 1, 1, 10, 11, 0, 0, time.UTC)},
		{cast("bad", schema.TypeDate, 0, -1), nil},
		{cast(nil, schema.TypeBigInt, 0, -1), nil},
		{add("2024-01-31", 1, "MONTH", false), day(2024, 2, 29)},
		{add(day(2024, 2, 29), 1, "YEAR", false), day(2025, 2, 28)},
		{add(day(2024, 3, 1), 1, "DAY", true), day(2024, 2, 29)},
		{add(day(2024, 3, 1), 90, "MINUTE", false), time.Date(2024, 3, 1, 1, 30, 0, 0, time.UTC)},
		{add(day(2024, 1, 15), 1, "QUARTER", false), day(2024, 4, 15)},
		{add(day(2024, 1, 15), 2, "WEEK", true), day(2024, 1, 1)},
		{add("not a date", 1, "DAY", false), nil},
	}
	for _, tc := range tests {
		if got := eval(t, tc.e); !same(got, tc.want) {
			t.Errorf("%s = %#v, want %#v", tc.e, got, tc.want)
		}
	}
	dayPlus := &DateAdd{X: &ColumnRef{Col: Column{Type: schema.TypeDate}}, N: lit(int64(1)), Unit: "DAY"}
	hourPlus := &DateAdd{X: &ColumnRef{Col: Column{Type: schema.TypeDate}}, N: lit(int64(1)), Unit: "HOUR"}
	if dayPlus.Type() != schema.TypeDate || hourPlus.Type() != schema.TypeDateTime {
		t.Errorf("DATE + INTERVAL types: %v, %v", dayPlus.Type(), hourPlus.Type())
	}
}
