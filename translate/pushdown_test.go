package translate

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/query"
)

// queryText renders a pushed condition.
func queryText(e query.Expr) string { return query.Format(e) }

// TestPushdown checks, for every field type and operator, the condition
// sent to kintone and whether a client-side re-check remains, then runs
// the query against the emulator with and without pushdown: the answers
// must be equal (kintone-only conditions are checked against a fixed
// expectation elsewhere).
//
// The expectations are those of the emulator's semantics, i.e. with the
// provenance table's assumed rows trusted (TrustAssumedPushdown);
// TestPushdownProvenance pins the default, skeptical, answers.
func TestPushdown(t *testing.T) {
	f := newFixture(t, func(srv *kintonetest.Server) { seedAllTypes(t, srv, 60) })
	trusted := Options{TrustAssumedPushdown: true}
	tests := []struct {
		where    string
		query    string
		residual bool
		// kintoneOnly marks conditions only kintone can evaluate (no
		// NoPushdown comparison).
		kintoneOnly bool
	}{
		// $id: every operator exact.
		{where: "$id = 5", query: `$id = 5`},
		{where: "$id > 5", query: `$id > 5`},
		{where: "$id <> 5", query: `$id != 5`},
		{where: "$id != 5", query: `$id != 5`},
		{where: "$id in (1, 2, 40)", query: `$id in (1, 2, 40)`},
		{where: "$id not in (1, 2)", query: `$id not in (1, 2)`},
		{where: "$id = '7'", query: `$id = 7`},
		{where: "$id = 1.5", query: ``, residual: true},
		{where: "$id between 3 and 9", query: `$id >= 3 and $id <= 9`},
		{where: "$id not between 3 and 50", query: `$id < 3 or $id > 50`},
		{where: "not ($id > 5)", query: `$id <= 5`},
		{where: "!($id > 5)", query: `$id <= 5`},
		{where: "12 < $id", query: `$id > 12`},
		{where: "$id is not null", query: ``},
		{where: "$id is null", query: ``, residual: true},
		{where: "RecordId <= 3", query: `$id <= 3`},
		// NUMBER: comparisons exact (empty values match neither side);
		// != and not in also match empty values: re-checked.
		{where: "num = 10", query: `num = 10`},
		{where: "num = '10'", query: `num = 10`},
		{where: "num = '10x'", query: ``, residual: true},
		{where: "num = 1.50", query: `num = 1.5`},
		{where: "num = -3", query: `num = -3`},
		{where: "num <> 10", query: `num != 10`, residual: true},
		{where: "num > 1.5", query: `num > 1.5`},
		{where: "num <= 0", query: `num <= 0`},
		{where: "num between 0 and 10", query: `num >= 0 and num <= 10`},
		{where: "num not between 0 and 10", query: `num < 0 or num > 10`},
		{where: "num in (1.5, 99, null)", query: `num in (1.5, 99)`},
		{where: "num not in (1.5, 99)", query: `num not in (1.5, 99)`, residual: true},
		{where: "num not in (1.5, null)", query: ``, residual: true},
		{where: "num is null", query: `num = ""`},
		{where: "num is not null", query: `num != ""`},
		{where: "not (num is null)", query: `num != ""`},
		{where: "num = null", query: ``, residual: true},
		{where: "num <=> null", query: `num = ""`},
		{where: "num <=> 10", query: `num = 10`},
		{where: "num + 1 > 10", query: ``, residual: true},
		{where: "num = txt", query: ``, residual: true},
		{where: "num > 10e-1", query: `num > 1`},
		{where: "calc > 5", query: `calc > 5`},
		{where: "calc is null", query: `calc = ""`},
		// Text: pushed and re-checked (kintone's matching rules are
		// unconfirmed); '' never equals a value (empty is NULL).
		{where: "txt = 'abc'", query: `txt = "abc"`, residual: true},
		{where: "txt = ''", query: ``, residual: true},
		{where: "txt <> 'abc'", query: `txt != "abc"`, residual: true},
		{where: "txt in ('a', 'b')", query: `txt in ("a", "b")`, residual: true},
		{where: "txt not in ('a', 'b')", query: `txt not in ("a", "b")`, residual: true},
		{where: "txt > 'a'", query: ``, residual: true},
		{where: "txt like 'a%'", query: ``, residual: true},
		{where: "txt not like '%b%'", query: ``, residual: true},
		{where: "txt like '100\\%%'", query: ``, residual: true},
		{where: "txt is null", query: `txt = ""`, residual: true},
		{where: "txt is not null", query: ``, residual: true},
		{where: "txt = 5", query: ``, residual: true},
		{where: `txt = 'say "hi" \\ ok'`, query: `txt = "say \"hi\" \\ ok"`, residual: true},
		{where: "txt = '日本語テキスト'", query: `txt = "日本語テキスト"`, residual: true},
		{where: "link = 'https://example.com/1'", query: `link = "https://example.com/1"`, residual: true},
		{where: "lower(txt) = 'abc'", query: ``, residual: true},
		{where: "match(txt) against ('abc')", query: `txt like "abc"`, kintoneOnly: true},
		{where: "not match(txt, mtxt) against ('word')", query: `txt not like "word" and mtxt not like "word"`, kintoneOnly: true},
		{where: "match(rich) against ('bold')", query: `rich like "bold"`, kintoneOnly: true},
		// MULTI_LINE_TEXT: only is empty (which also matches white space).
		{where: "mtxt is null", query: `mtxt is empty`, residual: true},
		{where: "mtxt is not null", query: ``, residual: true},
		{where: "mtxt = 'word search'", query: ``, residual: true},
		// DROP_DOWN / RADIO_BUTTON: = becomes in; options only.
		{where: "dd = 'A'", query: `dd in ("A")`},
		{where: "dd = 'C D'", query: `dd in ("C D")`},
		{where: "dd = 'Z'", query: ``, residual: true},
		{where: "dd in ('A', 'C D')", query: `dd in ("A", "C D")`},
		{where: "dd <> 'A'", query: `dd not in ("A")`, residual: true},
		{where: "dd not in ('A', 'B')", query: `dd not in ("A", "B")`, residual: true},
		{where: "dd is null", query: `dd in ("")`},
		{where: "dd is not null", query: `dd not in ("")`},
		{where: "dd like 'A'", query: ``, residual: true},
		{where: "radio = 'Y'", query: `radio in ("Y")`},
		// CHECK_BOX / MULTI_SELECT: JSON text; only emptiness is pushed.
		{where: "cb is null", query: `cb in ("")`},
		{where: "cb is not null", query: `cb not in ("")`},
		{where: `cb = '["A"]'`, query: ``, residual: true},
		{where: "ms is null", query: `ms in ("")`},
		// Membership: JSON_CONTAINS (MySQL's semantics) and KINTONE_IN
		// (kintone's in) become in; options only (others: GAIA_IQ10).
		{where: `json_contains(cb, '"A"')`, query: `cb in ("A")`},
		{where: `json_contains(cb, '["A","B"]')`, query: `cb in ("A") and cb in ("B")`},
		{where: `json_contains(cb, '["B"]') and $id > 3`, query: `cb in ("B") and $id > 3`},
		{where: `not json_contains(cb, '"A"')`, query: `cb not in ("A") and cb not in ("")`},
		{where: `not json_contains(cb, '["A","B"]')`, query: `cb not in ("A") and cb not in ("") or cb not in ("B") and cb not in ("")`},
		{where: `json_contains(cb, '[]')`, query: `cb not in ("")`},
		{where: `not json_contains(cb, '[]')`, query: ``, residual: true},
		{where: `json_contains(cb, '"Z"')`, query: ``, residual: true},
		{where: `json_contains(cb, '1')`, query: ``, residual: true},
		{where: `json_contains(ms, '"P"')`, query: `ms in ("P")`},
		{where: `json_contains(users, '{"code":"Administrator"}')`, query: `users in ("Administrator")`},
		{where: `json_contains(users, '"Administrator"')`, query: ``, residual: true},
		{where: `json_contains(users, '{"code":"Administrator","name":"x"}')`, query: ``, residual: true},
		{where: `json_contains(orgs, '[{"code":"dev"}]')`, query: `orgs in ("dev")`},
		{where: `json_contains(grps, '{"code":"g"}')`, query: ``, residual: true},
		{where: "kintone_in(cb, 'A')", query: `cb in ("A")`},
		{where: "kintone_in(cb, 'A', 'B')", query: `cb in ("A", "B")`},
		{where: "kintone_in(cb, 'A', null)", query: `cb in ("A")`},
		{where: "not kintone_in(cb, 'B')", query: `cb not in ("B") and cb not in ("")`},
		{where: "not kintone_in(cb, 'B', null)", query: ``, residual: true},
		{where: "kintone_in(cb, 'A', 'Z')", query: ``, residual: true},
		{where: "kintone_in(cb, '')", query: ``, residual: true},
		{where: "kintone_in(ms, 'Q')", query: `ms in ("Q")`},
		{where: "kintone_in(dd, 'A', 'C D')", query: `dd in ("A", "C D")`},
		{where: "not kintone_in(dd, 'A')", query: `dd not in ("A") and dd not in ("")`},
		{where: "kintone_in(users, 'Administrator', 'sato')", query: `users in ("Administrator", "sato")`},
		{where: "not kintone_in(users, 'Administrator')", query: `users not in ("Administrator") and users not in ("")`},
		{where: "kintone_in(users, LOGINUSER())", query: `users in (LOGINUSER())`, kintoneOnly: true},
		{where: "kintone_in(orgs, 'dev')", query: `orgs in ("dev")`},
		{where: "kintone_in(grps, 'g')", query: ``, residual: true},
		{where: "kintone_in([作成者 Code], 'Administrator')", query: `作成者 in ("Administrator")`},
		{where: "kintone_in(cb, txt)", query: ``, residual: true},
		// DATE: whole days; times in the constant are aligned.
		{where: "d = '2024-05-03'", query: `d = "2024-05-03"`},
		{where: "d > '2024-05-03 10:00'", query: `d > "2024-05-03"`},
		{where: "d >= '2024-05-03 10:00'", query: `d >= "2024-05-04"`},
		{where: "d < '2024-05-03 10:00'", query: `d < "2024-05-04"`},
		{where: "d <= '2024-05-03 10:00'", query: `d <= "2024-05-03"`},
		{where: "d = '2024-05-03 10:00'", query: ``, residual: true},
		{where: "d <> '2024-05-03'", query: `d != "2024-05-03"`, residual: true},
		{where: "d is null", query: `d = ""`},
		{where: "d is not null", query: `d != ""`},
		{where: "d in ('2024-05-03', '2024-05-04')", query: `d = "2024-05-03" or d = "2024-05-04"`},
		{where: "d not in ('2024-05-03', '2024-05-04')", query: `d != "2024-05-03" and d != "2024-05-04"`, residual: true},
		{where: "d between '2024-05-03' and '2024-05-09'", query: `d >= "2024-05-03" and d <= "2024-05-09"`},
		{where: "d >= curdate()", query: `d >= "2024-05-15"`},
		// DATETIME: whole minutes.
		{where: "dt = '2024-05-02 01:13:00'", query: `dt = "2024-05-02T01:13:00Z"`},
		{where: "dt > '2024-05-02 01:13:30'", query: `dt > "2024-05-02T01:13:00Z"`},
		{where: "dt >= '2024-05-02 01:13:30'", query: `dt >= "2024-05-02T01:14:00Z"`},
		{where: "dt < '2024-05-02T10:13:30+09:00'", query: `dt < "2024-05-02T01:14:00Z"`},
		{where: "dt <= '2024-05-02 01:13:30'", query: `dt <= "2024-05-02T01:13:00Z"`},
		{where: "dt = '2024-05-02 01:13:30'", query: ``, residual: true},
		{where: "dt > '2024-05-10'", query: `dt > "2024-05-10T00:00:00Z"`},
		{where: "dt >= now()", query: `dt >= "2024-05-15T03:05:00Z"`},
		{where: "dt is null", query: `dt = ""`},
		{where: "作成日時 <> '2024-05-15 03:04'", query: `作成日時 != "2024-05-15T03:04:00Z"`},
		{where: "更新日時 is not null", query: ``},
		// TIME: whole minutes; rounding past 23:59 is not expressible.
		{where: "t = '10:10'", query: `t = "10:10"`},
		{where: "t > '10:10:15'", query: `t > "10:10"`},
		{where: "t >= '10:10:15'", query: `t >= "10:11"`},
		{where: "t < '23:59:30'", query: ``, residual: true},
		{where: "t is null", query: `t = ""`},
		// User, organization, group selections and the creator.
		{where: "users is null", query: ``, residual: true},
		{where: "`作成者 Code` = 'Administrator'", query: `作成者 in ("Administrator")`, residual: true},
		{where: "[作成者 Code] in ('Administrator', 'sato')", query: `作成者 in ("Administrator", "sato")`, residual: true},
		{where: "[作成者 Code] <> 'sato'", query: `作成者 not in ("sato")`, residual: true},
		{where: "[作成者 Name] = 'Administrator'", query: ``, residual: true},
		// FILE: emptiness exact.
		{where: "file is null", query: `file is empty`},
		{where: "file is not null", query: `file is not empty`},
		// Record number: text in SQL, number in kintone: client-side.
		{where: "レコード番号 = '5'", query: ``, residual: true},
		{where: "`$revision` = 1", query: ``, residual: true},
		// Kintone query functions: pushed as is, exact by definition.
		{where: "d = TODAY()", query: `d = TODAY()`, kintoneOnly: true},
		{where: "d >= FROM_TODAY(-7, DAYS)", query: `d >= FROM_TODAY(-7, DAYS)`, kintoneOnly: true},
		{where: "d <> TODAY()", query: `d != TODAY() and d != ""`, kintoneOnly: true},
		{where: "not (d = TODAY())", query: `d != TODAY() and d != ""`, kintoneOnly: true},
		{where: "d in (TODAY(), YESTERDAY())", query: `d = TODAY() or d = YESTERDAY()`, kintoneOnly: true},
		{where: "d between from_today(-7, days) and today()", query: `d >= FROM_TODAY(-7, DAYS) and d <= TODAY()`, kintoneOnly: true},
		{where: "d = THIS_MONTH(LAST)", query: `d = THIS_MONTH(LAST)`, kintoneOnly: true},
		{where: "dt < THIS_WEEK(SUNDAY)", query: `dt < THIS_WEEK(SUNDAY)`, kintoneOnly: true},
		{where: "作成日時 >= THIS_YEAR()", query: `作成日時 >= THIS_YEAR()`, kintoneOnly: true},
		{where: "users in (LOGINUSER())", query: `users in (LOGINUSER())`, kintoneOnly: true},
		{where: "[作成者 Code] = LOGINUSER()", query: `作成者 in (LOGINUSER())`, kintoneOnly: true},
		{where: "orgs in (PRIMARY_ORGANIZATION())", query: `orgs in (PRIMARY_ORGANIZATION())`, kintoneOnly: true},
		// AND / OR / NOT.
		{where: "num > 5 or $id < 3", query: `num > 5 or $id < 3`},
		{where: "num > 5 or txt = 'a'", query: `num > 5 or txt = "a"`, residual: true},
		{where: "num > 5 or txt like 'a%'", query: ``, residual: true},
		{where: "not (num > 5 or txt = 'a')", query: `num <= 5 and txt != "a"`, residual: true},
		{where: "num > 5 and (txt like 'a%' or $id = 1)", query: `num > 5`, residual: true},
		{where: "(num > 5 or dd = 'A') and $id < 30", query: `(num > 5 or dd in ("A")) and $id < 30`},
		{where: "1 = 1 and num > 5", query: `num > 5`},
		{where: "num > 5 or 1 = 1", query: ``},
		{where: "num > 5 and txt like '%c' and d is null", query: `num > 5 and d = ""`, residual: true},
		{where: "num > 5 and d = TODAY()", query: `num > 5 and d = TODAY()`, kintoneOnly: true},
		{where: "num between ? and ?", query: `num >= 0 and num <= 10`},
	}
	for _, tc := range tests {
		t.Run(tc.where, func(t *testing.T) {
			sql := "select * from " + allTypesApp + " where " + tc.where
			var args []any
			if strings.Contains(tc.where, "?") {
				args = []any{int64(0), 10}
			}
			s := shapeOf(f.plan(sql, trusted, args...))
			if s.query != tc.query || s.residual != tc.residual {
				t.Fatalf("pushed %q residual %v; want %q residual %v", s.query, s.residual, tc.query, tc.residual)
			}
			pushed, err := f.tryQuery(sql, trusted, args...)
			if err != nil {
				t.Fatalf("running with pushdown: %v", err)
			}
			if tc.kintoneOnly {
				if _, err := f.tryQuery(sql, Options{NoPushdown: true}, args...); err == nil {
					t.Fatalf("NoPushdown ran a kintone-only condition")
				}
				return
			}
			plain, err := f.tryQuery(sql, Options{NoPushdown: true}, args...)
			if err != nil {
				t.Fatalf("running without pushdown: %v", err)
			}
			if a, b := sortedRows(pushed), sortedRows(plain); !slices.Equal(a, b) {
				t.Fatalf("pushdown changed the answer: %d rows with, %d without", len(a), len(b))
			}
		})
	}
}

// TestPushdownSubtable checks conditions on a subtable table: inner fields
// are pushed to the parent app as record prefilters (some row matches)
// and always re-checked per row; $id is exact.
func TestPushdownSubtable(t *testing.T) {
	f := newFixture(t, func(srv *kintonetest.Server) { seedAllTypes(t, srv, 60) })
	table := allTypesApp + "_tbl"
	tests := []struct {
		where    string
		query    string
		residual bool
	}{
		{where: "inum = 5", query: `inum in (5)`, residual: true},
		{where: "inum > 3", query: `inum > 3`, residual: true},
		{where: "inum <> 5", query: ``, residual: true},
		{where: "inum in (1, 2)", query: `inum in (1, 2)`, residual: true},
		{where: "inum not in (1, 2)", query: ``, residual: true},
		{where: "inum is null", query: ``, residual: true},
		{where: "itxt = 'x'", query: `itxt in ("x")`, residual: true},
		{where: "idd = 'A'", query: `idd in ("A")`, residual: true},
		{where: "idd is null", query: ``, residual: true},
		{where: "idate = '2024-01-02'", query: `idate >= "2024-01-02" and idate <= "2024-01-02"`, residual: true},
		{where: "inum > 3 and itxt = 'x'", query: `inum > 3 and itxt in ("x")`, residual: true},
		{where: "inum > 3 or itxt = 'x'", query: `inum > 3 or itxt in ("x")`, residual: true},
		{where: "$id = 4", query: `$id = 4`},
		{where: "$id > 10 and inum = 2", query: `$id > 10 and inum in (2)`, residual: true},
		{where: "`$row_id` > 3", query: ``, residual: true},
	}
	for _, tc := range tests {
		t.Run(tc.where, func(t *testing.T) {
			sql := "select * from " + table + " where " + tc.where
			s := shapeOf(f.plan(sql, Options{}))
			if s.query != tc.query || s.residual != tc.residual {
				t.Fatalf("pushed %q residual %v; want %q residual %v", s.query, s.residual, tc.query, tc.residual)
			}
			pushed := f.query(sql, Options{})
			plain := f.query(sql, Options{NoPushdown: true})
			if a, b := sortedRows(pushed), sortedRows(plain); !slices.Equal(a, b) {
				t.Fatalf("pushdown changed the answer: %d rows with, %d without", len(a), len(b))
			}
		})
	}
}

// TestPushdownErrors checks the conditions refused at plan time.
func TestPushdownErrors(t *testing.T) {
	f := newFixture(t, func(srv *kintonetest.Server) { seedAllTypes(t, srv, 3) })
	tests := []struct{ sql, want string }{
		{"select * from alltypes where d = TODAY() or txt like 'a%'", "only kintone can evaluate"},
		{"select * from alltypes where num = TODAY()", `TODAY() cannot be used with column "num"`},
		{"select * from alltypes where users in (PRIMARY_ORGANIZATION())", "PRIMARY_ORGANIZATION() cannot be used"},
		{"select * from alltypes where d < LOGINUSER()", "LOGINUSER() cannot be used"},
		{"select * from alltypes where d = FROM_TODAY(1, CENTURIES)", "invalid kintone function call"},
		{"select TODAY() from alltypes", "kintone query function"},
		{"select * from alltypes where match(num) against ('x')", "MATCH cannot search column"},
		{"select * from alltypes_tbl where match(itxt) against ('x')", "MATCH on subtable column"},
		{"select * from alltypes_tbl where idate = TODAY()", "cannot be used with subtable column"},
		{"select * from alltypes where d = 'garbage'", "invalid date or datetime value"},
		{"select * from alltypes where t > '25:00'", "invalid time value"},
		{"select * from alltypes where kintone_in(num, 1)", "KINTONE_IN needs a choice, selection"},
		{"select * from alltypes where kintone_in(cb)", "KINTONE_IN needs a column and at least one value"},
		{"select * from alltypes where kintone_in(cb, LOGINUSER())", "LOGINUSER() cannot be used"},
		{"select * from alltypes where kintone_in(grps, LOGINUSER())", "LOGINUSER() cannot be used"},
		{"select kintone_in(users, LOGINUSER()) from alltypes", "kintone query function"},
		{"select * from alltypes where json_contains(txt, '\"abc\"')", "invalid JSON text in argument 1 of JSON_CONTAINS"},
	}
	for _, tc := range tests {
		_, err := f.tryQuery(tc.sql, Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want %q", tc.sql, err, tc.want)
		}
	}
	if _, err := f.tryQuery("select * from alltypes where d = TODAY()", Options{NoPushdown: true}); err == nil ||
		!strings.Contains(err.Error(), "pushdown is disabled") {
		t.Errorf("NoPushdown with TODAY(): %v", err)
	}
}

// TestPushdownTimeArguments checks Go time.Time arguments: at DATE columns
// their own calendar date, at TIME columns their own clock reading, at
// DATETIME columns the instant; pushed exactly and equal to the
// client-side answer.
func TestPushdownTimeArguments(t *testing.T) {
	f := newFixture(t, func(srv *kintonetest.Server) { seedAllTypes(t, srv, 60) })
	trusted := Options{TrustAssumedPushdown: true} // ordering on dates is an assumed row
	jst := time.FixedZone("JST", 9*3600)
	west := time.FixedZone("UTC-7", -7*3600)
	tests := []struct {
		where string
		args  []any
		query string
	}{
		{"d = ?", []any{time.Date(2024, 5, 3, 0, 0, 0, 0, jst)}, `d = "2024-05-03"`},
		{"d = ?", []any{time.Date(2024, 5, 3, 23, 0, 0, 0, west)}, `d = "2024-05-03"`},
		{"d >= ?", []any{time.Date(2024, 5, 3, 8, 0, 0, 0, jst)}, `d >= "2024-05-03"`},
		{"d in (?, ?)", []any{time.Date(2024, 5, 3, 0, 0, 0, 0, jst), time.Date(2024, 5, 4, 0, 0, 0, 0, jst)},
			`d = "2024-05-03" or d = "2024-05-04"`},
		{"d between ? and ?", []any{time.Date(2024, 5, 3, 0, 0, 0, 0, jst), time.Date(2024, 5, 9, 0, 0, 0, 0, jst)},
			`d >= "2024-05-03" and d <= "2024-05-09"`},
		{"t = ?", []any{time.Date(2024, 5, 3, 11, 17, 0, 0, jst)}, `t = "11:17"`},
		{"t > ?", []any{time.Date(2024, 5, 3, 10, 10, 30, 0, west)}, `t > "10:10"`},
		{"dt = ?", []any{time.Date(2024, 5, 2, 10, 13, 0, 0, jst)}, `dt = "2024-05-02T01:13:00Z"`},
		{"dt > ?", []any{time.Date(2024, 5, 10, 0, 0, 0, 0, jst)}, `dt > "2024-05-09T15:00:00Z"`},
	}
	for _, tc := range tests {
		t.Run(tc.where, func(t *testing.T) {
			sql := "select * from " + allTypesApp + " where " + tc.where
			s := shapeOf(f.plan(sql, trusted, tc.args...))
			if s.query != tc.query || s.residual {
				t.Fatalf("pushed %q residual %v; want %q residual false", s.query, s.residual, tc.query)
			}
			pushed := f.query(sql, trusted, tc.args...)
			plain := f.query(sql, Options{NoPushdown: true}, tc.args...)
			if a, b := sortedRows(pushed), sortedRows(plain); !slices.Equal(a, b) || len(a) == 0 {
				t.Fatalf("pushdown changed the answer or found nothing: %d rows with, %d without", len(a), len(b))
			}
		})
	}
}
