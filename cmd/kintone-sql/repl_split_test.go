package main

import (
	"reflect"
	"testing"
)

func TestSplitStatements(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want []inputItem
	}{
		{"one", "SELECT 1;", []inputItem{{Text: "SELECT 1", Line: 1}}},
		{"unterminated last", "SELECT 1;\nSELECT 2", []inputItem{{Text: "SELECT 1", Line: 1}, {Text: "SELECT 2", Line: 2}}},
		{"two on a line", "SELECT 1; SELECT 2;", []inputItem{{Text: "SELECT 1", Line: 1}, {Text: "SELECT 2", Line: 1}}},
		{"multi-line", "SELECT *\n  FROM Deals\n  LIMIT 5;", []inputItem{{Text: "SELECT *\n  FROM Deals\n  LIMIT 5", Line: 1}}},
		{"semicolon in strings", `SELECT 'a;b', "c;d" FROM t;`, []inputItem{{Text: `SELECT 'a;b', "c;d" FROM t`, Line: 1}}},
		{"doubled quote", "SELECT * FROM 顧客 WHERE 会社名 = 'O''Brien; Ltd';", []inputItem{{Text: "SELECT * FROM 顧客 WHERE 会社名 = 'O''Brien; Ltd'", Line: 1}}},
		{"backslash escape", `SELECT 'it\'s; fine';`, []inputItem{{Text: `SELECT 'it\'s; fine'`, Line: 1}}},
		{"backtick and bracket names", "SELECT `a;b` FROM [Partner; Requests];", []inputItem{{Text: "SELECT `a;b` FROM [Partner; Requests]", Line: 1}}},
		{"string across lines", "SELECT 'line1;\nline2';", []inputItem{{Text: "SELECT 'line1;\nline2'", Line: 1}}},
		{"line comments kept inside", "SELECT 1 -- not; the end\n, 2 # nor; this\n;", []inputItem{{Text: "SELECT 1 -- not; the end\n, 2", Line: 1}}},
		{"block comment", "SELECT /* ; */ 1;", []inputItem{{Text: "SELECT /* ; */ 1", Line: 1}}},
		{"dash without space is minus", "SELECT 5--3;", []inputItem{{Text: "SELECT 5--3", Line: 1}}},
		{"bracket with ]] escape", "SELECT [a]];b];", []inputItem{{Text: "SELECT [a]];b]", Line: 1}}},
		{"executable comment is code", "SELECT /*! 1 + */ 2; /*! SELECT 3 */;", []inputItem{{Text: "SELECT /*! 1 + */ 2", Line: 1}, {Text: "/*! SELECT 3 */", Line: 1}}},
		{"dash in backquotes", "SELECT `a -- b;` FROM t;", []inputItem{{Text: "SELECT `a -- b;` FROM t", Line: 1}}},
		{"quote in comment", "SELECT 1 -- it's\n;", []inputItem{{Text: "SELECT 1", Line: 1}}},
		{"full-width space", "SELECT\u30001;", []inputItem{{Text: "SELECT\u30001", Line: 1}}},
		{"block comment across lines", "/* a;\n b; */ SELECT 1;", []inputItem{{Text: "SELECT 1", Line: 2}}},
		{"only comments", "-- nothing\n/* here */;\n", nil},
		{"empty statements", ";;  ;", nil},
		{"command line", "\\dt\nSELECT 1;", []inputItem{{Command: true, Text: `\dt`, Line: 1}, {Text: "SELECT 1", Line: 2}}},
		{"command inside statement keeps it", "SELECT\n\\x\n1;", []inputItem{{Command: true, Text: `\x`, Line: 2}, {Text: "SELECT\n1", Line: 1}}},
		{"backslash inside string is not a command", "SELECT '\n\\x';", []inputItem{{Text: "SELECT '\n\\x'", Line: 1}}},
		{"statement starts after blank lines", "\n\nSELECT 1;", []inputItem{{Text: "SELECT 1", Line: 3}}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := splitStatements(c.in)
			if !reflect.DeepEqual(got, c.want) {
				t.Errorf("splitStatements(%q)\n got %#v\nwant %#v", c.in, got, c.want)
			}
		})
	}
}

func TestSplitterPendingState(t *testing.T) {
	cases := []struct {
		lines   []string
		pending bool
		state   lexState
	}{
		{[]string{"SELECT 1"}, true, lexCode},
		{[]string{"SELECT 1;"}, false, lexCode},
		{[]string{"SELECT 'abc"}, true, lexSingle},
		{[]string{"SELECT \"abc"}, true, lexDouble},
		{[]string{"SELECT `abc"}, true, lexBacktick},
		{[]string{"SELECT [abc"}, true, lexBracket},
		{[]string{"/* abc"}, true, lexBlockComment},
		{[]string{"SELECT 'abc", "def';"}, false, lexCode},
		{[]string{"-- just a comment"}, false, lexCode},
		{[]string{""}, false, lexCode},
	}
	for _, c := range cases {
		var s splitter
		for _, l := range c.lines {
			s.Feed(l)
		}
		if s.Pending() != c.pending || s.State() != c.state {
			t.Errorf("%q: pending %v state %v; want %v %v", c.lines, s.Pending(), s.State(), c.pending, c.state)
		}
		s.Reset()
		if s.Pending() {
			t.Errorf("%q: pending after Reset", c.lines)
		}
	}
}

func TestOpenQuoteAt(t *testing.T) {
	cases := map[string]int{
		"SELECT * FROM `Part":         14,
		"SELECT * FROM `a` WHERE x":   -1,
		"SELECT 'it''s":               7,
		"SELECT \"a\" + [b":           13,
		"SELECT 1 -- `not a quote":    -1,
		"/* ` */ SELECT `x":           15,
		"SELECT 'a\nb' FROM `x":       18,
		"SELECT 'unterminated\\' `no": 7,
	}
	for in, want := range cases {
		if got := openQuoteAt(in); got != want {
			t.Errorf("openQuoteAt(%q) = %d, want %d", in, got, want)
		}
	}
}

func TestStatementKeyword(t *testing.T) {
	cases := map[string]string{
		"select 1":          "SELECT",
		"  (SELECT 1)":      "SELECT",
		"EXPLAIN SELECT":    "EXPLAIN",
		"insert into t":     "INSERT",
		"":                  "",
		"WITH x AS (SELECT": "WITH",
	}
	for in, want := range cases {
		if got := statementKeyword(in); got != want {
			t.Errorf("statementKeyword(%q) = %q, want %q", in, got, want)
		}
	}
}
