package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/DATA-DOG/go-sqlmock"
)

func TestParseCommandLine(t *testing.T) {
	cases := []struct {
		in      string
		want    commandLine
		wantErr string
	}{
		{in: `\dt`, want: commandLine{Name: `\dt`}},
		{in: `  \x on  `, want: commandLine{Name: `\x`, Args: []string{"on"}, Rest: "on"}},
		{in: `\o 'my file.txt'`, want: commandLine{Name: `\o`, Args: []string{"my file.txt"}, Rest: "'my file.txt'"}},
		{in: `\i "a ""b"".sql" x`, want: commandLine{Name: `\i`, Args: []string{`a "b".sql`, "x"}, Rest: `"a ""b"".sql" x`}},
		{in: `\explain SELECT * FROM 顧客;`, want: commandLine{Name: `\explain`, Args: []string{"SELECT", "*", "FROM", "顧客;"}, Rest: "SELECT * FROM 顧客;"}},
		{in: `\d Partner Requests`, want: commandLine{Name: `\d`, Args: []string{"Partner", "Requests"}, Rest: "Partner Requests"}},
		{in: `\o 'open`, wantErr: "unterminated ' quote"},
		{in: `\`, wantErr: "missing command name"},
		{in: `SELECT`, wantErr: "not a backslash command"},
	}
	for _, c := range cases {
		got, err := parseCommandLine(c.in)
		if c.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), c.wantErr) {
				t.Errorf("parseCommandLine(%q) error = %v, want %q", c.in, err, c.wantErr)
			}
			continue
		}
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("parseCommandLine(%q) = %#v, %v; want %#v", c.in, got, err, c.want)
		}
	}
}

func TestGlobMatcher(t *testing.T) {
	cases := []struct {
		pattern, name string
		want          bool
	}{
		{"deal*", "Deals", true},
		{"deal*", "Deals_明細", true},
		{"*明細", "Deals_明細", true},
		{"d?als", "Deals", true},
		{"deals", "Deals_明細", false},
		{"a.b", "axb", false},
		{"顧客", "顧客", true},
	}
	for _, c := range cases {
		if got := globMatcher(c.pattern)(c.name); got != c.want {
			t.Errorf("glob %q on %q = %v", c.pattern, c.name, got)
		}
	}
}

func TestUnquoteName(t *testing.T) {
	cases := map[string]string{
		"`Partner Requests`": "Partner Requests",
		`"a""b"`:             `a"b`,
		"[x y]":              "x y",
		"Deals":              "Deals",
		"`":                  "`",
	}
	for in, want := range cases {
		if got := unquoteName(in); got != want {
			t.Errorf("unquoteName(%q) = %q, want %q", in, got, want)
		}
	}
}

// newTestSession returns a session over a sqlmock database and fake
// metadata, writing to buffers.
func newTestSession(t *testing.T) (*session, sqlmock.Sqlmock, *bytes.Buffer, *bytes.Buffer) {
	t.Helper()
	db, mock, err := sqlmock.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	var out, errOut bytes.Buffer
	s := &session{
		db: db, meta: demoLikeTables(), info: "Connected to http://127.0.0.1:1 as Administrator",
		stdin: strings.NewReader(""), stdout: &out, stderr: &errOut, out: &out, format: formatTable,
	}
	t.Cleanup(func() { s.closeOutput() })
	return s, mock, &out, &errOut
}

func TestCommands(t *testing.T) {
	ctx := context.Background()
	t.Run("settings", func(t *testing.T) {
		s, _, out, _ := newTestSession(t)
		steps := []struct {
			line  string
			check func() bool
			msg   string
		}{
			{`\x`, func() bool { return s.expanded }, "Expanded display is on."},
			{`\x off`, func() bool { return !s.expanded }, "Expanded display is off."},
			{`\timing on`, func() bool { return s.timing }, "Timing is on."},
			{`\format csv`, func() bool { return s.format == formatCSV }, ""},
			{`\format`, func() bool { return s.format == formatCSV }, ""},
			{`\pset format table`, func() bool { return s.format == formatTable }, "Output format is table."},
		}
		for _, st := range steps {
			out.Reset()
			if err := s.execCommand(ctx, st.line); err != nil {
				t.Fatalf("%s: %v", st.line, err)
			}
			if !st.check() {
				t.Errorf("%s: setting not applied", st.line)
			}
			if st.msg != "" && strings.TrimSpace(out.String()) != st.msg {
				t.Errorf("%s printed %q, want %q", st.line, out.String(), st.msg)
			}
		}
	})
	t.Run("errors", func(t *testing.T) {
		s, _, _, _ := newTestSession(t)
		for line, want := range map[string]string{
			`\nosuch`:         `invalid command \nosuch`,
			`\x maybe`:        "want on or off",
			`\format html`:    `unknown format "html"`,
			`\i`:              "want one file name",
			`\explain`:        "want a statement",
			`\pset border 2`:  `only "\pset format NAME"`,
			`\d NoSuchTable`:  `table "NoSuchTable" not found`,
			`\i /nonexistent`: "no such file",
		} {
			err := s.execCommand(ctx, line)
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Errorf("%s: error %v, want %q", line, err, want)
			}
		}
		if err := s.execCommand(ctx, `\q`); !errors.Is(err, errQuit) {
			t.Errorf(`\q returned %v`, err)
		}
	})
	t.Run("dt", func(t *testing.T) {
		s, _, out, _ := newTestSession(t)
		s.completion = newCompletionCache(ctx, s.meta)
		if err := s.execCommand(ctx, `\dt deal*`); err != nil {
			t.Fatal(err)
		}
		got := out.String()
		if !strings.Contains(got, "Deals_明細") || !strings.Contains(got, "subtable") || strings.Contains(got, "顧客") || !strings.Contains(got, "(2 rows)") {
			t.Errorf(`\dt deal*:\n%s`, got)
		}
		if len(s.completion.TableNames()) != 5 {
			t.Error(`\dt did not refresh the completion cache`)
		}
		out.Reset()
		if err := s.execCommand(ctx, `\d`); err != nil || !strings.Contains(out.String(), "(5 rows)") {
			t.Errorf(`\d without a name: %v\n%s`, err, out)
		}
	})
	t.Run("describe", func(t *testing.T) {
		s, _, out, _ := newTestSession(t)
		if err := s.execCommand(ctx, `\d deal`); err != nil {
			t.Fatal(err)
		}
		got := out.String()
		for _, want := range []string{`Table "Deals" (app 2, code DEAL)`, "案件名", "SINGLE_LINE_TEXT", "(5 rows)"} {
			if !strings.Contains(got, want) {
				t.Errorf("want %q in\n%s", want, got)
			}
		}
		out.Reset()
		s.format = formatJSONL
		if err := s.execCommand(ctx, "\\d `Partner Requests`"); err != nil {
			t.Fatal(err)
		}
		if lines := strings.Split(strings.TrimSpace(out.String()), "\n"); len(lines) != 2 || !strings.Contains(lines[0], `"Column":"件名"`) {
			t.Errorf("jsonl describe:\n%s", out)
		}
	})
	t.Run("output file and include", func(t *testing.T) {
		s, mock, out, errOut := newTestSession(t)
		dir := t.TempDir()
		script := filepath.Join(dir, "q.sql")
		if err := os.WriteFile(script, []byte("-- two statements\nSELECT 1;\nSELECT 'a;b';\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		mock.ExpectQuery(`SELECT 1`).WillReturnRows(sqlmock.NewRows([]string{"n"}).AddRow(int64(1)))
		mock.ExpectQuery(`SELECT 'a;b'`).WillReturnRows(sqlmock.NewRows([]string{"s"}).AddRow("a;b"))
		target := filepath.Join(dir, "out.txt")
		for _, line := range []string{`\o ` + target, `\i ` + script, `\o`} {
			if err := s.execCommand(ctx, line); err != nil {
				t.Fatalf("%s: %v (stderr %s)", line, err, errOut)
			}
		}
		if out.Len() != 0 {
			t.Errorf("results went to stdout while \\o was set: %q", out)
		}
		data, err := os.ReadFile(target)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(data), " a;b") || strings.Count(string(data), "(1 row)") != 2 {
			t.Errorf("output file:\n%s", data)
		}
		if err := mock.ExpectationsWereMet(); err != nil {
			t.Error(err)
		}
	})
	t.Run("include stops at the first error", func(t *testing.T) {
		s, mock, _, errOut := newTestSession(t)
		script := filepath.Join(t.TempDir(), "bad.sql")
		if err := os.WriteFile(script, []byte("SELECT 1;\n\nSELECT broken;\nSELECT 3;\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		mock.ExpectQuery(`SELECT 1`).WillReturnRows(sqlmock.NewRows([]string{"n"}).AddRow(int64(1)))
		mock.ExpectQuery(`SELECT broken`).WillReturnError(errors.New("kintone: syntax error at position 7"))
		err := s.runItem(ctx, inputItem{Command: true, Text: `\i ` + script}, "")
		if !errors.Is(err, errReported) {
			t.Fatalf("err = %v", err)
		}
		want := script + ":3: ERROR: kintone: syntax error at position 7\nLINE 1: SELECT broken\n              ^\n"
		if errOut.String() != want {
			t.Errorf("stderr = %q, want %q (once)", errOut, want)
		}
		if err := mock.ExpectationsWereMet(); err != nil {
			t.Error(err)
		}
	})
	t.Run("help and conninfo", func(t *testing.T) {
		s, _, out, _ := newTestSession(t)
		if err := s.execCommand(ctx, `\?`); err != nil {
			t.Fatal(err)
		}
		for _, c := range shellCommands {
			if !strings.Contains(out.String(), c.names[0]) {
				t.Errorf("help lacks %s", c.names[0])
			}
		}
		out.Reset()
		if err := s.execCommand(ctx, `\conninfo`); err != nil || !strings.Contains(out.String(), "as Administrator") {
			t.Errorf("conninfo: %v %q", err, out)
		}
	})
}
