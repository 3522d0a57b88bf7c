package main

import (
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/kintonetest/demo"
)

// Building the binary once for every end-to-end test.
var (
	shellBinOnce sync.Once
	shellBin     string
	shellBinErr  error
	shellBinDir  string
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shellBinDir != "" {
		os.RemoveAll(shellBinDir)
	}
	os.Exit(code)
}

// binary builds kintone-sql (once) and returns its path.
func binary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	shellBinOnce.Do(func() {
		shellBinDir, shellBinErr = os.MkdirTemp("", "kintone-sql-e2e")
		if shellBinErr != nil {
			return
		}
		shellBin = filepath.Join(shellBinDir, "kintone-sql")
		out, err := exec.Command("go", "build", "-o", shellBin, ".").CombinedOutput()
		if err != nil {
			shellBinErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if shellBinErr != nil {
		t.Fatal(shellBinErr)
	}
	return shellBin
}

// shellResult is the outcome of one run of the binary.
type shellResult struct {
	stdout, stderr string
	code           int
}

// runBinary runs kintone-sql with args, stdin and extra environment
// variables, with a fresh HOME and no KINTONE_DSN.
func runBinary(t *testing.T, stdin string, env []string, args ...string) shellResult {
	t.Helper()
	cmd := exec.Command(binary(t), args...)
	cmd.Env = append(os.Environ(), "HOME="+t.TempDir(), "KINTONE_DSN=", "RUNEWIDTH_EASTASIAN=0")
	cmd.Env = append(cmd.Env, env...)
	cmd.Stdin = strings.NewReader(stdin)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	code := 0
	var exit *exec.ExitError
	switch {
	case errors.As(err, &exit):
		code = exit.ExitCode()
	case err != nil:
		t.Fatal(err)
	}
	return shellResult{stdout: out.String(), stderr: errOut.String(), code: code}
}

// mustSucceed fails the test unless the run exited 0.
func (r shellResult) mustSucceed(t *testing.T) shellResult {
	t.Helper()
	if r.code != 0 {
		t.Fatalf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
	}
	return r
}

// checkAligned fails unless every '|' of a table lies under a '+' of its
// rule, measuring display width as a terminal does.
func checkAligned(t *testing.T, table string) {
	t.Helper()
	lines := strings.Split(table, "\n")
	ruleAt := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "---") {
			ruleAt = i
			break
		}
	}
	if ruleAt < 1 {
		t.Fatalf("no table rule in:\n%s", table)
	}
	rule := lines[ruleAt]
	for _, l := range lines[ruleAt-1:] {
		if strings.HasPrefix(l, "(") || l == rule {
			break
		}
		col := 0
		for _, r := range l {
			if r == '|' && (col >= len(rule) || rule[col] != '+') {
				t.Errorf("'|' at column %d is not under a '+':\n%s\n%s", col, rule, l)
			}
			col += narrowWidth(string(r))
		}
	}
}

func TestE2EDemoJapaneseTable(t *testing.T) {
	r := runBinary(t, "", nil, "-c", "SELECT 会社名, 業種, 所在地 FROM 顧客 ORDER BY $id LIMIT 8").mustSucceed(t)
	if !strings.HasPrefix(r.stderr, "Connected to the built-in demo tenant (kintone emulator at http://127.0.0.1:") ||
		strings.Count(r.stderr, "\n") != 1 {
		t.Errorf("stderr should be the one demo line, got %q", r.stderr)
	}
	for _, want := range []string{`株式会社 "ダブルクォート"`, "ｶﾌﾞｼｷｶﾞｲｼｬ半角", "Ünïcödé GmbH", "バックスラッシュ\\商会", " NULL", "(8 rows)"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("want %q in\n%s", want, r.stdout)
		}
	}
	checkAligned(t, r.stdout)
	if strings.Contains(r.stdout, "=>") || strings.Contains(r.stdout, "\x1b") {
		t.Errorf("prompt or escape sequence in non-terminal output:\n%q", r.stdout)
	}
}

func TestE2ECommandsInOrder(t *testing.T) {
	r := runBinary(t, "", nil,
		"-c", "SELECT COUNT(*) FROM Deals",
		"-c", `\x`,
		"-c", "SELECT 会社名 FROM 顧客 WHERE 会社名 = 'O''Brien & Sons Ltd.'; SELECT COUNT(*) AS n FROM Tasks;",
	).mustSucceed(t)
	want := []string{" COUNT(*)", "      200", "(1 row)", "Expanded display is on.", "-[ RECORD 1 ]", "会社名 | O'Brien & Sons Ltd.", "n | 120"}
	last := -1
	for _, w := range want {
		i := strings.Index(r.stdout, w)
		if i < 0 || i < last {
			t.Fatalf("want %q after position %d in\n%s", w, last, r.stdout)
		}
		last = i
	}
}

func TestE2EDirectoryCommands(t *testing.T) {
	r := runBinary(t, "", nil, "-c", `\du`, "-c", `\dg`, "-c", `\dt`).mustSucceed(t)
	for _, want := range []string{"佐藤 太郎", "America/Los_Angeles", "営業チーム", "アプリ管理者"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("want %q in\n%s", want, r.stdout)
		}
	}
	// \dt lists app, subtable and guest-space app tables.
	for _, want := range []string{`Kintone\s+\| Deals\s+\| app`, `Kintone\s+\| Deals_明細\s+\| subtable`, `Kintone\s+\| Partner Requests\s+\| app`} {
		if !regexp.MustCompile(want).MatchString(r.stdout) {
			t.Errorf("want %s in\n%s", want, r.stdout)
		}
	}
	checkAligned(t, r.stdout)
}

func TestE2EFileAndStdin(t *testing.T) {
	script := `-- counts; with a semicolon in this comment
SELECT COUNT(*) AS customers
  FROM 顧客;
/* a block; comment */
SELECT 会社名 FROM 顧客
 WHERE 会社名 = '100% Natural_Foods';   SELECT 'a;b' AS s FROM Deals LIMIT 1
`
	file := filepath.Join(t.TempDir(), "script.sql")
	if err := os.WriteFile(file, []byte(script), 0o600); err != nil {
		t.Fatal(err)
	}
	fromFile := runBinary(t, "", nil, "-f", file).mustSucceed(t)
	fromStdin := runBinary(t, script, nil).mustSucceed(t)
	for name, out := range map[string]string{"-f": fromFile.stdout, "stdin": fromStdin.stdout} {
		for _, want := range []string{"customers", "60", "100% Natural_Foods", " a;b", "(1 row)"} {
			if !strings.Contains(out, want) {
				t.Errorf("%s: want %q in\n%s", name, want, out)
			}
		}
		if n := strings.Count(out, "(1 row)"); n != 3 {
			t.Errorf("%s: %d results, want 3:\n%s", name, n, out)
		}
	}
	if fromFile.stdout != fromStdin.stdout {
		t.Errorf("-f and stdin differ:\n%s\n---\n%s", fromFile.stdout, fromStdin.stdout)
	}
}

func TestE2EFormats(t *testing.T) {
	const query = "SELECT 会社名, 従業員数, 業種 FROM 顧客 ORDER BY $id LIMIT 8"
	outputs := map[string]string{}
	for _, f := range formatNames {
		outputs[f] = runBinary(t, "", nil, "--format", f, "-c", query).mustSucceed(t).stdout
	}
	// Every format carries the same names and the same NULLs.
	csvRecs, err := csv.NewReader(strings.NewReader(outputs[formatCSV])).ReadAll()
	if err != nil || len(csvRecs) != 9 || !reflect.DeepEqual(csvRecs[0], []string{"会社名", "従業員数", "業種"}) {
		t.Fatalf("csv: %v\n%s", err, outputs[formatCSV])
	}
	tsvLines := strings.Split(strings.TrimSuffix(outputs[formatTSV], "\n"), "\n")
	var arr []map[string]any
	if err := json.Unmarshal([]byte(outputs[formatJSON]), &arr); err != nil || len(arr) != 8 {
		t.Fatalf("json: %v\n%s", err, outputs[formatJSON])
	}
	jsonl := strings.Split(strings.TrimSpace(outputs[formatJSONL]), "\n")
	if len(tsvLines) != 9 || len(jsonl) != 8 {
		t.Fatalf("tsv %d lines, jsonl %d lines", len(tsvLines), len(jsonl))
	}
	nulls := 0
	for i := range 8 {
		var obj map[string]any
		if err := json.Unmarshal([]byte(jsonl[i]), &obj); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(obj, arr[i]) {
			t.Errorf("row %d: json %v, jsonl %v", i, arr[i], obj)
		}
		name := csvRecs[i+1][0]
		tsv := strings.Split(tsvLines[i+1], "\t")
		if obj["会社名"] != name || tsv[0] != tsvEscaper.Replace(name) {
			t.Errorf("row %d: names %q / %q / %q", i, obj["会社名"], name, tsv[0])
		}
		if obj["業種"] == nil {
			nulls++
			if csvRecs[i+1][2] != "" || tsv[2] != `\N` {
				t.Errorf("row %d: NULL written as %q (csv) / %q (tsv)", i, csvRecs[i+1][2], tsv[2])
			}
		}
		if n, ok := obj["従業員数"].(float64); ok && fmt.Sprint(n) != csvRecs[i+1][1] {
			t.Errorf("row %d: number %v vs csv %q", i, n, csvRecs[i+1][1])
		}
	}
	if nulls == 0 {
		t.Error("the sample has no NULL 業種; pick rows that do")
	}
	if !strings.Contains(outputs[formatTable], "(8 rows)") {
		t.Errorf("table:\n%s", outputs[formatTable])
	}
	for _, f := range []string{formatCSV, formatTSV, formatJSON, formatJSONL} {
		if strings.Contains(outputs[f], "rows)") {
			t.Errorf("%s output has a row-count footer", f)
		}
	}
}

func TestE2EErrors(t *testing.T) {
	t.Run("unknown table", func(t *testing.T) {
		r := runBinary(t, "", nil, "-c", "SELECT * FROM NoSuchTable", "-c", "SELECT COUNT(*) FROM Deals")
		if r.code != 1 {
			t.Errorf("exit %d, want 1", r.code)
		}
		lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
		if len(lines) != 2 || !strings.HasPrefix(lines[1], "ERROR: ") || !strings.Contains(lines[1], "NoSuchTable") {
			t.Errorf("stderr should be the demo line and one error line:\n%s", r.stderr)
		}
		if r.stdout != "" {
			t.Errorf("later statements ran after the error:\n%s", r.stdout)
		}
	})
	t.Run("syntax error in a file names the line", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "bad.sql")
		if err := os.WriteFile(file, []byte("SELECT COUNT(*) FROM Deals;\n\nSELECT FROM WHERE;\nSELECT 1;\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		r := runBinary(t, "", nil, "-f", file)
		if r.code != 1 || !strings.Contains(r.stderr, file+":3: ERROR: ") {
			t.Errorf("exit %d, stderr %q", r.code, r.stderr)
		}
		if strings.Contains(r.stderr, "goroutine") || strings.Contains(r.stderr, "panic") {
			t.Errorf("stack trace:\n%s", r.stderr)
		}
	})
	t.Run("syntax error points at the token", func(t *testing.T) {
		r := runBinary(t, "", nil, "-c", "SELECT 顧客名\n  FRM Deals")
		require.Equal(t, 1, r.code)
		assert.Contains(t, r.stderr, "ERROR: syntax error at position 18 near 'Deals'\n"+
			"LINE 2:   FRM Deals\n"+
			"              ^\n")
	})
	t.Run("kintone error code", func(t *testing.T) {
		r := runBinary(t, "", nil, "-c", "SELECT * FROM Comments WHERE AppId = 2 AND RecordId = 99999")
		if r.code != 1 || !strings.Contains(r.stderr, "GAIA_RE01") || strings.Count(strings.TrimSpace(r.stderr), "\n") != 1 {
			t.Errorf("exit %d, stderr %q", r.code, r.stderr)
		}
	})
	t.Run("usage", func(t *testing.T) {
		for _, args := range [][]string{{"--format", "xml"}, {"--nosuch"}, {"SELECT 1"}} {
			if r := runBinary(t, "", nil, args...); r.code != 2 {
				t.Errorf("%q: exit %d, want 2 (stderr %q)", args, r.code, r.stderr)
			}
		}
	})
	t.Run("missing file", func(t *testing.T) {
		r := runBinary(t, "", nil, "-f", "/nonexistent/x.sql")
		if r.code != 1 || !strings.Contains(r.stderr, "ERROR: ") || !strings.Contains(r.stderr, "no such file") {
			t.Errorf("exit %d, stderr %q", r.code, r.stderr)
		}
	})
}

func TestE2ERealTenantDSN(t *testing.T) {
	srv := kintonetest.NewServer()
	defer srv.Close()
	if _, err := demo.Seed(srv); err != nil {
		t.Fatal(err)
	}
	t.Run("KINTONE_DSN with the password from the environment", func(t *testing.T) {
		dsn := "Url=" + srv.URL + ";User=sato;PasswordEnv=TEST_KINTONE_PW"
		r := runBinary(t, "", []string{"KINTONE_DSN=" + dsn, "TEST_KINTONE_PW=" + demo.UserPassword}, "-c", "SELECT COUNT(*) FROM 顧客", "-c", `\conninfo`).mustSucceed(t)
		if r.stderr != "" {
			t.Errorf("a real connection in a script prints nothing on stderr, got %q", r.stderr)
		}
		if !strings.Contains(r.stdout, "60") || !strings.Contains(r.stdout, "Connected to "+srv.URL+" as sato") {
			t.Errorf("stdout:\n%s", r.stdout)
		}
	})
	t.Run("--dsn with a wrong password", func(t *testing.T) {
		const secret = "wrong-secret-123"
		r := runBinary(t, "", nil, "--dsn", "Url="+srv.URL+";User=sato;Password="+secret, "-c", "SELECT 1")
		if r.code != 1 || !strings.HasPrefix(r.stderr, "ERROR: ") || strings.Count(r.stderr, "\n") != 1 {
			t.Errorf("exit %d, stderr %q", r.code, r.stderr)
		}
		if strings.Contains(r.stderr+r.stdout, secret) {
			t.Errorf("the password was printed: %q", r.stderr)
		}
	})
	t.Run("--demo wins over KINTONE_DSN", func(t *testing.T) {
		r := runBinary(t, "", []string{"KINTONE_DSN=Url=https://invalid.example;User=x;Password=y"}, "--demo", "-c", `\conninfo`).mustSucceed(t)
		if !strings.Contains(r.stderr, "built-in demo tenant") {
			t.Errorf("stderr %q", r.stderr)
		}
	})
}
