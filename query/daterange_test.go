package query

import (
	"testing"
	"time"
	_ "time/tzdata" // zones for the tests even without system tz data
)

func TestDateRange(t *testing.T) {
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Fatal(err)
	}
	la, err := time.LoadLocation("America/Los_Angeles")
	if err != nil {
		t.Fatal(err)
	}
	// Monday 2024-04-01 05:00 in Tokyo; Sunday 2024-03-31 13:00 in Los Angeles.
	now := time.Date(2024, 3, 31, 20, 0, 0, 0, time.UTC)
	type ymd [3]int
	tests := []struct {
		loc        *time.Location
		v          Value
		start, end ymd
	}{
		{tokyo, Call("TODAY"), ymd{2024, 4, 1}, ymd{2024, 4, 2}},
		{la, Call("TODAY"), ymd{2024, 3, 31}, ymd{2024, 4, 1}},
		{nil, Call("today"), ymd{2024, 3, 31}, ymd{2024, 4, 1}},
		{tokyo, Call("YESTERDAY"), ymd{2024, 3, 31}, ymd{2024, 4, 1}},
		{tokyo, Call("TOMORROW"), ymd{2024, 4, 2}, ymd{2024, 4, 3}},
		{la, Call("TOMORROW"), ymd{2024, 4, 1}, ymd{2024, 4, 2}},
		{tokyo, Call("FROM_TODAY", "-1", "DAYS"), ymd{2024, 3, 31}, ymd{2024, 4, 1}},
		{tokyo, Call("FROM_TODAY", "2", "weeks"), ymd{2024, 4, 15}, ymd{2024, 4, 16}},
		{tokyo, Call("FROM_TODAY", "1", "MONTHS"), ymd{2024, 5, 1}, ymd{2024, 5, 2}},
		{tokyo, Call("FROM_TODAY", "-1", "YEARS"), ymd{2023, 4, 1}, ymd{2023, 4, 2}},
		{la, Call("FROM_TODAY", "-1", "MONTHS"), ymd{2024, 2, 29}, ymd{2024, 3, 1}},
		{la, Call("FROM_TODAY", "1", "MONTHS"), ymd{2024, 4, 30}, ymd{2024, 5, 1}},
		{la, Call("FROM_TODAY", "-13", "MONTHS"), ymd{2023, 2, 28}, ymd{2023, 3, 1}},
		{tokyo, Call("THIS_WEEK"), ymd{2024, 3, 31}, ymd{2024, 4, 7}},
		{la, Call("THIS_WEEK"), ymd{2024, 3, 31}, ymd{2024, 4, 7}},
		{tokyo, Call("THIS_WEEK", "MONDAY"), ymd{2024, 4, 1}, ymd{2024, 4, 2}},
		{tokyo, Call("THIS_WEEK", "SATURDAY"), ymd{2024, 4, 6}, ymd{2024, 4, 7}},
		{tokyo, Call("LAST_WEEK"), ymd{2024, 3, 24}, ymd{2024, 3, 31}},
		{tokyo, Call("LAST_WEEK", "WEDNESDAY"), ymd{2024, 3, 27}, ymd{2024, 3, 28}},
		{tokyo, Call("NEXT_WEEK", "SUNDAY"), ymd{2024, 4, 7}, ymd{2024, 4, 8}},
		{tokyo, Call("THIS_MONTH"), ymd{2024, 4, 1}, ymd{2024, 5, 1}},
		{la, Call("THIS_MONTH"), ymd{2024, 3, 1}, ymd{2024, 4, 1}},
		{tokyo, Call("THIS_MONTH", "LAST"), ymd{2024, 4, 30}, ymd{2024, 5, 1}},
		{tokyo, Call("THIS_MONTH", "15"), ymd{2024, 4, 15}, ymd{2024, 4, 16}},
		{tokyo, Call("THIS_MONTH", "31"), ymd{2024, 5, 1}, ymd{2024, 5, 2}},
		{la, Call("THIS_MONTH", "31"), ymd{2024, 3, 31}, ymd{2024, 4, 1}},
		{tokyo, Call("LAST_MONTH"), ymd{2024, 3, 1}, ymd{2024, 4, 1}},
		{tokyo, Call("LAST_MONTH", "31"), ymd{2024, 3, 31}, ymd{2024, 4, 1}},
		{la, Call("LAST_MONTH", "30"), ymd{2024, 3, 1}, ymd{2024, 3, 2}},
		{la, Call("LAST_MONTH", "last"), ymd{2024, 2, 29}, ymd{2024, 3, 1}},
		{tokyo, Call("NEXT_MONTH", "LAST"), ymd{2024, 5, 31}, ymd{2024, 6, 1}},
		{tokyo, Call("THIS_YEAR"), ymd{2024, 1, 1}, ymd{2025, 1, 1}},
		{tokyo, Call("LAST_YEAR"), ymd{2023, 1, 1}, ymd{2024, 1, 1}},
		{tokyo, Call("NEXT_YEAR"), ymd{2025, 1, 1}, ymd{2026, 1, 1}},
	}
	for _, tt := range tests {
		loc := tt.loc
		if loc == nil {
			loc = time.UTC
		}
		start, end, err := tt.v.DateRange(now, tt.loc)
		if err != nil {
			t.Errorf("%s in %s: %v", tt.v, loc, err)
			continue
		}
		ws := time.Date(tt.start[0], time.Month(tt.start[1]), tt.start[2], 0, 0, 0, 0, loc)
		we := time.Date(tt.end[0], time.Month(tt.end[1]), tt.end[2], 0, 0, 0, 0, loc)
		if !start.Equal(ws) || !end.Equal(we) || start.Location() != loc {
			t.Errorf("%s in %s = [%s, %s), want [%s, %s)", tt.v, loc, start, end, ws, we)
		}
	}
}

func TestDateRangeNow(t *testing.T) {
	tokyo, _ := time.LoadLocation("Asia/Tokyo")
	now := time.Date(2024, 3, 31, 20, 7, 42, 500, time.UTC)
	start, end, err := Call("NOW").DateRange(now, tokyo)
	if err != nil {
		t.Fatal(err)
	}
	want := time.Date(2024, 3, 31, 20, 7, 0, 0, time.UTC)
	if !start.Equal(want) || !end.Equal(want.Add(time.Minute)) || start.Location() != tokyo {
		t.Errorf("NOW() = [%s, %s), want the minute starting %s", start, end, want)
	}
}

// TestDateRangeDST checks that a day that loses an hour ends at the next
// local midnight.
func TestDateRangeDST(t *testing.T) {
	la, _ := time.LoadLocation("America/Los_Angeles")
	now := time.Date(2024, 3, 10, 12, 0, 0, 0, time.UTC) // 05:00 PDT, the day DST starts
	start, end, err := Call("TODAY").DateRange(now, la)
	if err != nil {
		t.Fatal(err)
	}
	if end.Sub(start) != 23*time.Hour || end.Hour() != 0 || end.Day() != 11 {
		t.Errorf("TODAY on the DST day = [%s, %s)", start, end)
	}
}

func TestDateRangeErrors(t *testing.T) {
	now := time.Date(2024, 3, 31, 20, 0, 0, 0, time.UTC)
	tests := []struct {
		v    Value
		code string // "" for a plain (non-*Error) error
	}{
		{Call("LOGINUSER"), ""},
		{Call("PRIMARY_ORGANIZATION"), ""},
		{Call("NO_SUCH"), ""},
		{Str("TODAY"), ""},
		{Num("1"), ""},
		{Call("THIS_MONTH", "32"), CodeDayNumber},
		{Call("THIS_WEEK", "MON"), CodeDayNumber},
		{Call("FROM_TODAY", "1", "HOURS"), CodeDateUnit},
		{Call("FROM_TODAY", "1"), CodeArgCount},
		{Call("FROM_TODAY", "99999999999", "DAYS"), CodeArgCount},
		{Call("TODAY", "1"), CodeArgCount},
	}
	for _, tt := range tests {
		_, _, err := tt.v.DateRange(now, time.UTC)
		if err == nil {
			t.Errorf("%s: no error", tt.v)
			continue
		}
		e, isQ := err.(*Error)
		switch {
		case tt.code == "" && isQ:
			t.Errorf("%s: got %v, want a plain error", tt.v, err)
		case tt.code != "" && (!isQ || e.Code != tt.code || e.Pos != -1):
			t.Errorf("%s: got %v, want %s at -1", tt.v, err, tt.code)
		}
	}
}
