package engine

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestStrToDate(t *testing.T) {
	at := func(y int, m time.Month, d, h, mi, s, ns int) time.Time {
		return time.Date(y, m, d, h, mi, s, ns, time.UTC)
	}
	cases := []struct {
		s, format string
		want      time.Time
		ok        bool
	}{
		{"2024-01-31", "%Y-%m-%d", at(2024, 1, 31, 0, 0, 0, 0), true},
		{"2024-01-01 13:45:07.250000", "%Y-%m-%d %H:%i:%s.%f", at(2024, 1, 1, 13, 45, 7, 250_000_000), true},
		{"2024-03", "%Y-%m", at(2024, 3, 1, 0, 0, 0, 0), true},
		{"05/07/24 09:05 PM", "%m/%d/%y %h:%i %p", at(2024, 5, 7, 21, 5, 0, 0), true},
		{"March 9 2025", "%M %e %Y", at(2025, 3, 9, 0, 0, 0, 0), true},
		{"2024 060", "%Y %j", at(2024, 2, 29, 0, 0, 0, 0), true},
		{"2024-02-30", "%Y-%m-%d", time.Time{}, false},
		{"2024-13-01", "%Y-%m-%d", time.Time{}, false},
		{"2024-01-45", "%Y-%m-%d", time.Time{}, false},
		{"not a date", "%Y-%m-%d", time.Time{}, false},
		{"2024-01-01", "%Y/%m/%d", time.Time{}, false},
	}
	for _, c := range cases {
		got, ok := strToDate(c.s, c.format)
		assert.Equal(t, c.ok, ok, "%s %s", c.s, c.format)
		if c.ok {
			assert.Equal(t, c.want, got, "%s %s", c.s, c.format)
		}
	}
}

func TestBIDateFunctions(t *testing.T) {
	call := func(name string, args ...Value) Value {
		f, ok := LookupFunction(name)
		if !assert.True(t, ok, name) {
			return nil
		}
		v, err := f.Eval(&Env{}, args)
		assert.NoError(t, err, name)
		return v
	}
	noon := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	assert.Equal(t, time.Date(2024, 6, 1, 21, 0, 0, 0, time.UTC), call("CONVERT_TZ", noon, "+00:00", "+09:00"))
	assert.Equal(t, time.Date(2024, 6, 1, 3, 0, 0, 0, time.UTC), call("CONVERT_TZ", noon, "Asia/Tokyo", "SYSTEM"))
	assert.Nil(t, call("CONVERT_TZ", noon, "Nowhere/Zone", "+00:00"))
	assert.Equal(t, time.Date(2024, 2, 9, 0, 0, 0, 0, time.UTC), call("MAKEDATE", int64(2024), int64(40)))
	assert.Nil(t, call("MAKEDATE", int64(2024), int64(0)))
	assert.Equal(t, time.Date(0, 1, 1, 1, 30, 0, 0, time.UTC), call("TIMEDIFF", noon.Add(90*time.Minute), noon))
	assert.Equal(t, "01:30", call("TIME_FORMAT", time.Date(0, 1, 1, 1, 30, 0, 0, time.UTC), "%H:%i"))
	f, _ := LookupFunction("TIMEDIFF")
	_, err := f.Eval(&Env{}, []Value{noon, noon.Add(time.Hour)})
	assert.ErrorContains(t, err, "outside 00:00:00 to 23:59:59")
	assert.Equal(t, "8.0.36-kintone-sql", call("VERSION"))
	assert.Equal(t, "Kintone", (func() Value {
		f, _ := LookupFunction("DATABASE")
		v, _ := f.Eval(&Env{Session: Session{Database: "Kintone"}}, nil)
		return v
	})())
	assert.Nil(t, call("DATABASE"), "no current database is NULL")
	assert.Equal(t, int64(0), call("CONNECTION_ID"))
}
