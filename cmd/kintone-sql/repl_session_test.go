package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/DATA-DOG/go-sqlmock"
	"github.com/ergochat/readline"
)

func TestExecSQLQueryAndExec(t *testing.T) {
	ctx := context.Background()
	s, mock, out, errOut := newTestSession(t)
	cols := []*sqlmock.Column{
		sqlmock.NewColumn("会社名").OfType("VARCHAR", ""),
		sqlmock.NewColumn("従業員数").OfType("DECIMAL", "").Nullable(true),
	}
	mock.ExpectQuery(`SELECT 会社名, 従業員数 FROM 顧客`).WillReturnRows(
		sqlmock.NewRowsWithColumnDefinition(cols...).AddRow("株式会社青葉システムズ", "120").AddRow("Acme", nil))
	if err := s.execSQL(ctx, "SELECT 会社名, 従業員数 FROM 顧客"); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	for _, want := range []string{"株式会社青葉システムズ |      120", "Acme                   |     NULL", "(2 rows)"} {
		if !strings.Contains(got, want) {
			t.Errorf("want %q in\n%s", want, got)
		}
	}

	out.Reset()
	mock.ExpectExec(`(?i)UPDATE Deals`).WillReturnResult(sqlmock.NewResult(0, 3))
	if err := s.execSQL(ctx, "update Deals SET stage = '受注'"); err != nil {
		t.Fatal(err)
	}
	if strings.TrimSpace(out.String()) != "UPDATE 3" {
		t.Errorf("exec printed %q", out)
	}

	// With a data format the status goes to stderr, not into the data.
	out.Reset()
	s.format, s.timing = formatCSV, true
	mock.ExpectQuery(`SELECT 1`).WillReturnRows(sqlmock.NewRows([]string{"n"}).AddRow(int64(1)))
	if err := s.execSQL(ctx, "SELECT 1"); err != nil {
		t.Fatal(err)
	}
	if out.String() != "n\r\n1\r\n" {
		t.Errorf("csv output %q", out)
	}
	if !strings.HasPrefix(errOut.String(), "Time: ") || !strings.Contains(errOut.String(), "records fetched") {
		t.Errorf("timing on stderr = %q", errOut)
	}

	mock.ExpectQuery(`SELECT broken`).WillReturnError(errors.New("kintone: syntax error at position 7"))
	err := s.runItem(ctx, inputItem{Text: "SELECT broken"}, "")
	if err == nil || !strings.HasSuffix(errOut.String(), "ERROR: kintone: syntax error at position 7\nLINE 1: SELECT broken\n              ^\n") {
		t.Errorf("err %v, stderr %q", err, errOut)
	}
	if err := mock.ExpectationsWereMet(); err != nil {
		t.Error(err)
	}
}

func TestInterruptCancelsOnlyTheStatement(t *testing.T) {
	ctx := context.Background()
	s, mock, out, _ := newTestSession(t)
	mock.ExpectQuery(`SELECT slow`).WillDelayFor(5 * time.Second).WillReturnRows(sqlmock.NewRows([]string{"n"}).AddRow(int64(1)))
	mock.ExpectQuery(`SELECT fast`).WillReturnRows(sqlmock.NewRows([]string{"n"}).AddRow(int64(2)))
	go func() {
		for !s.gate.Interrupt() {
			time.Sleep(10 * time.Millisecond)
		}
	}()
	start := time.Now()
	err := s.execSQL(ctx, "SELECT slow")
	if !errors.Is(err, errCancelled) {
		t.Fatalf("err = %v, want errCancelled", err)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("cancel took %v", d)
	}
	if oneLine(err) != "cancelled by user (Ctrl-C)" {
		t.Errorf("message %q", oneLine(err))
	}
	// The session goes on.
	if err := s.execSQL(ctx, "SELECT fast"); err != nil || !strings.Contains(out.String(), "(1 row)") {
		t.Errorf("after cancel: %v %q", err, out)
	}
	if s.gate.Interrupt() {
		t.Error("Interrupt with no statement running reported one")
	}
}

func TestOneLine(t *testing.T) {
	cases := []struct {
		err  error
		want string
	}{
		{errors.New("kintone: kintone: GET /k/v1/records.json: 400 CB_VA01: bad\nquery"), "kintone: GET /k/v1/records.json: 400 CB_VA01: bad query"},
		{fmt.Errorf("kintone: reading the schema: %w", errors.New("kintone: GET /k/v1/apps.json: 401 CB_WA01")), "kintone: reading the schema: GET /k/v1/apps.json: 401 CB_WA01"},
		{fmt.Errorf("x: %w", context.Canceled), "cancelled by user (Ctrl-C)"},
		{errors.New("plain"), "plain"},
	}
	for _, c := range cases {
		if got := oneLine(c.err); got != c.want {
			t.Errorf("oneLine(%q) = %q, want %q", c.err, got, c.want)
		}
	}
	if got := errorLine(errors.New("boom"), "f.sql:3"); got != "f.sql:3: ERROR: boom" {
		t.Errorf("errorLine = %q", got)
	}
}

// scriptedReader is a lineReader that replays lines; an error entry is
// returned instead of a line.
type scriptedReader struct {
	inputs  []any // string or error
	prompts []string
	history []string
}

func (r *scriptedReader) Readline() (string, error) {
	if len(r.inputs) == 0 {
		return "", io.EOF
	}
	in := r.inputs[0]
	r.inputs = r.inputs[1:]
	if err, ok := in.(error); ok {
		return "", err
	}
	return in.(string), nil
}

func (r *scriptedReader) SetPrompt(p string) { r.prompts = append(r.prompts, p) }

func (r *scriptedReader) SaveToHistory(e string) error {
	r.history = append(r.history, e)
	return nil
}

func TestInteractiveLoop(t *testing.T) {
	ctx := context.Background()
	s, mock, out, errOut := newTestSession(t)
	mock.ExpectQuery(`SELECT \* FROM Deals LIMIT 1`).WillReturnRows(sqlmock.NewRows([]string{"n"}).AddRow(int64(1)))
	mock.ExpectQuery(`SELECT nope`).WillReturnError(errors.New("table \"nope\" not found"))
	rl := &scriptedReader{inputs: []any{
		"SELECT *",
		"FROM Deals",
		"LIMIT 1;",
		"SELECT 'abc",         // open string
		readline.ErrInterrupt, // Ctrl-C drops it
		`\timing`,
		"SELECT nope;", // an error keeps the session
		"   ",
		`\q`,
		"SELECT never;",
	}}
	var sp splitter
	if err := s.interactive(ctx, rl, &sp, "demo"); err != nil {
		t.Fatal(err)
	}
	wantPrompts := []string{"demo=> ", "demo-> ", "demo-> ", "demo=> ", "demo'> ", "demo=> ", "demo=> ", "demo=> ", "demo=> "}
	if strings.Join(rl.prompts, "|") != strings.Join(wantPrompts, "|") {
		t.Errorf("prompts %q\nwant    %q", rl.prompts, wantPrompts)
	}
	wantHistory := []string{"SELECT * FROM Deals LIMIT 1;", `\timing`, "SELECT nope;", `\q`}
	if strings.Join(rl.history, "|") != strings.Join(wantHistory, "|") {
		t.Errorf("history %q, want %q", rl.history, wantHistory)
	}
	if !strings.Contains(out.String(), "(1 row)") || !strings.Contains(out.String(), "Timing is on.") {
		t.Errorf("stdout:\n%s", out)
	}
	if !strings.Contains(errOut.String(), `ERROR: table "nope" not found`) {
		t.Errorf("stderr: %q", errOut)
	}
	if err := mock.ExpectationsWereMet(); err != nil {
		t.Error(err)
	}

	// Ctrl-D ends the loop too, and "exit" on an empty buffer.
	for _, inputs := range [][]any{{}, {"exit"}} {
		if err := s.interactive(ctx, &scriptedReader{inputs: inputs}, &splitter{}, "demo"); err != nil {
			t.Errorf("%q: %v", inputs, err)
		}
	}
}

func TestPromptFor(t *testing.T) {
	cases := []struct {
		lines []string
		want  string
	}{
		{nil, "k=> "},
		{[]string{"SELECT"}, "k-> "},
		{[]string{`SELECT "x`}, `k"> `},
		{[]string{"SELECT `x"}, "k`> "},
		{[]string{"SELECT [x"}, "k[> "},
		{[]string{"/* x"}, "k*> "},
	}
	for _, c := range cases {
		var sp splitter
		for _, l := range c.lines {
			sp.Feed(l)
		}
		if got := promptFor("k", &sp); got != c.want {
			t.Errorf("%q: prompt %q, want %q", c.lines, got, c.want)
		}
	}
}

func TestHistoryPath(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	if got := historyPath(env(map[string]string{"KINTONE_SQL_HISTORY": "/x/h", "HOME": "/home/a"})); got != "/x/h" {
		t.Errorf("override: %q", got)
	}
	if got := historyPath(env(map[string]string{"HOME": "/home/a"})); got != "/home/a/.kintone_sql_history" {
		t.Errorf("default: %q", got)
	}
}

func TestParseShellFlags(t *testing.T) {
	env := func(k string) string {
		if k == "KINTONE_DSN" {
			return "URL=https://example.cybozu.com;User=a;PasswordEnv=P"
		}
		return ""
	}
	var stderr strings.Builder
	cfg, err := parseShellFlags([]string{"-c", "SELECT 1", "-f", "a.sql", "-c", `\dt`, "--format", "JSONL", "-x"}, &stderr, env)
	if err != nil {
		t.Fatal(err)
	}
	want := []shellAction{{sql: "SELECT 1"}, {file: "a.sql"}, {sql: `\dt`}}
	if fmt.Sprint(cfg.actions) != fmt.Sprint(want) || cfg.format != formatJSONL || !cfg.expanded || !strings.HasPrefix(cfg.dsn, "URL=https://example") {
		t.Errorf("cfg = %+v", cfg)
	}
	var help strings.Builder
	if _, err := parseShellFlags([]string{"-h"}, &help, env); !errors.Is(err, flag.ErrHelp) || strings.Contains(help.String(), "PasswordEnv=P") {
		t.Errorf("-h: %v, and the usage must not show $KINTONE_DSN's value:\n%s", err, help.String())
	}
	for _, args := range [][]string{{"--format", "xml"}, {"SELECT 1"}, {"--nosuch"}} {
		if _, err := parseShellFlags(args, &stderr, env); !errors.Is(err, errUsage) {
			t.Errorf("%q: err = %v, want errUsage", args, err)
		}
	}
}
