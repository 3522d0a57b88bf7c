package kintone

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// TestTimeArgumentsMeetDateAndTimeColumns checks the rule for a Go
// time.Time argument: at a DATE column it is its own calendar date, at a
// TIME column its own clock reading, at a DATETIME column an instant — in
// writes and in WHERE, pushed down to kintone or checked client-side.
func TestTimeArgumentsMeetDateAndTimeColumns(t *testing.T) {
	_, db, _ := writesDB(t)
	jst := time.FixedZone("JST", 9*3600)
	west := time.FixedZone("UTC-7", -7*3600)
	midnightJST := time.Date(2020, 6, 15, 0, 0, 0, 0, jst) // 2020-06-14 15:00 UTC
	lateWest := time.Date(2020, 6, 15, 23, 0, 0, 0, west)  // 2020-06-16 06:00 UTC
	morningJST := time.Date(2020, 6, 15, 9, 30, 0, 0, jst) // 00:30 UTC
	mustExec(t, db, "INSERT INTO Deals (name, day, clock, at) VALUES ('jst', ?, ?, ?)", midnightJST, morningJST, morningJST)
	mustExec(t, db, "INSERT INTO Deals (name, day) VALUES ('west', ?)", lateWest)
	mustExec(t, db, "INSERT INTO Deals (name) VALUES ('upd')")
	mustExec(t, db, "UPDATE Deals SET day = ?, clock = ? WHERE name = 'upd'", midnightJST, morningJST)

	got := queryStrings(t, db, "SELECT name, day, clock, at FROM Deals ORDER BY name")
	want := [][]string{
		{"jst", "2020-06-15T00:00:00Z", "0000-01-01T09:30:00Z", "2020-06-15T00:30:00Z"},
		{"upd", "2020-06-15T00:00:00Z", "0000-01-01T09:30:00Z", "NULL"},
		{"west", "2020-06-15T00:00:00Z", "NULL", "NULL"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("written:\n got %q\nwant %q", got, want)
	}

	// The same values find the rows again; "or name like" keeps the
	// condition client-side.
	for _, where := range []string{
		"day = ?", "day = ? or name like 'none%'",
		"day in (?)", "day in (?) or name like 'none%'",
		"day between ? and ?", "day between ? and ? or name like 'none%'",
		"day <= ? and day >= ?",
	} {
		for _, arg := range []time.Time{midnightJST, lateWest} {
			args := []any{arg}
			if strings.Count(where, "?") == 2 {
				args = append(args, arg)
			}
			got := queryStrings(t, db, "SELECT name FROM Deals WHERE "+where+" ORDER BY name", args...)
			if !reflect.DeepEqual(got, [][]string{{"jst"}, {"upd"}, {"west"}}) {
				t.Errorf("WHERE %s with %v: %v", where, arg, got)
			}
		}
	}
	for _, where := range []string{"clock = ?", "clock = ? or name like 'none%'", "at = ?", "at = ? or name like 'none%'"} {
		got := queryStrings(t, db, "SELECT name FROM Deals WHERE "+where+" ORDER BY name", morningJST)
		want := [][]string{{"jst"}, {"upd"}}
		if strings.HasPrefix(where, "at") {
			want = [][]string{{"jst"}}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("WHERE %s with %v: %v, want %v", where, morningJST, got, want)
		}
	}
	// A DATETIME compares instants: the JST morning is not the UTC one.
	if got := queryStrings(t, db, "SELECT name FROM Deals WHERE at = ?", time.Date(2020, 6, 15, 9, 30, 0, 0, time.UTC)); len(got) != 0 {
		t.Errorf("DATETIME matched another instant: %v", got)
	}
}
