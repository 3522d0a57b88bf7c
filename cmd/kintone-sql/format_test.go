package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/mattn/go-runewidth"
)

// narrowWidth measures with ambiguous characters narrow, whatever the
// test machine's locale says.
func narrowWidth(s string) int {
	c := runewidth.NewCondition()
	c.EastAsianWidth = false
	return textWidth(c, s)
}

// endColumn is the display column just after the first occurrence of sub
// in line, -1 when absent.
func endColumn(line, sub string) int {
	i := strings.Index(line, sub)
	if i < 0 {
		return -1
	}
	return narrowWidth(line[:i+len(sub)])
}

// render writes cols and rows with the writer of a format.
func render(t *testing.T, format string, opts writerOptions, cols []resultColumn, rows [][]any) string {
	t.Helper()
	var buf bytes.Buffer
	if opts.Width == nil {
		opts.Width = narrowWidth
	}
	w := newResultWriter(format, &buf, opts)
	if err := w.WriteHeader(cols); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if err := w.WriteRow(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(len(rows)); err != nil {
		t.Fatal(err)
	}
	return buf.String()
}

// sampleCols and sampleRows mix Japanese, NULL, numbers, JSON, dates and
// awkward text.
var (
	sampleCols = []resultColumn{{"会社名", "VARCHAR"}, {"従業員数", "DECIMAL"}, {"tags", "JSON"}, {"取引開始日", "DATE"}, {"備考", "VARCHAR"}}
	sampleRows = [][]any{
		{"株式会社 \"ダブルクォート\"", "1200", `["新規","重要"]`, time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC), "line1\nline2"},
		{"O'Brien & Sons Ltd.", nil, nil, nil, ""},
		{"ｶﾌﾞｼｷｶﾞｲｼｬ半角", "7.5", "[]", time.Date(2023, 12, 31, 0, 0, 0, 0, time.UTC), "a,b\tc"},
	}
)

func TestTableAlignsEastAsianText(t *testing.T) {
	out := render(t, formatTable, writerOptions{Footer: true}, sampleCols, sampleRows)
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	// header, rule, row 1 (two lines), row 2, row 3, footer
	if len(lines) != 7 {
		t.Fatalf("got %d lines:\n%s", len(lines), out)
	}
	rule := lines[1]
	// Every '|' of the body sits in the column of a '+' of the rule.
	for _, l := range append([]string{lines[0]}, lines[2:6]...) {
		col := 0
		for _, r := range l {
			if r == '|' {
				if col >= len(rule) || rule[col] != '+' {
					t.Errorf("separator at cell %d does not line up with the rule:\n%s\n%s", col, rule, l)
				}
			}
			col += narrowWidth(string(r))
		}
	}
	if !strings.Contains(out, " NULL ") {
		t.Errorf("NULL not shown:\n%s", out)
	}
	if !strings.Contains(lines[2], "line1+") || !strings.Contains(lines[3], "line2") {
		t.Errorf("multi-line value not continued with '+':\n%s", out)
	}
	if lines[6] != "(3 rows)" {
		t.Errorf("footer = %q", lines[6])
	}
	// The DECIMAL column is right-aligned: "7.5" ends where "1200" ends.
	if endColumn(lines[2], "1200") != endColumn(lines[5], "7.5") {
		t.Errorf("numbers not right-aligned:\n%s", out)
	}
	if strings.Contains(out, "\t") {
		t.Errorf("tab left in aligned output:\n%s", out)
	}
}

func TestTableEmptyAndFooterCounts(t *testing.T) {
	cases := []struct {
		rows [][]any
		want string
	}{
		{nil, "(0 rows)"},
		{[][]any{{int64(1)}}, "(1 row)"},
		{[][]any{{int64(1)}, {int64(2)}}, "(2 rows)"},
	}
	for _, c := range cases {
		out := render(t, formatTable, writerOptions{Footer: true}, []resultColumn{{"n", ""}}, c.rows)
		if !strings.Contains(out, c.want+"\n") {
			t.Errorf("rows %v: want %q in\n%s", c.rows, c.want, out)
		}
	}
}

func TestExpandedLayout(t *testing.T) {
	out := render(t, formatTable, writerOptions{Expanded: true, Footer: true}, sampleCols, sampleRows[:2])
	if !strings.HasPrefix(out, "-[ RECORD 1 ]") || !strings.Contains(out, "-[ RECORD 2 ]") {
		t.Fatalf("missing record rules:\n%s", out)
	}
	for _, want := range []string{"会社名     | 株式会社 \"ダブルクォート\"", "従業員数   | NULL", "備考       | line1+"} {
		if !strings.Contains(out, want) {
			t.Errorf("want %q in\n%s", want, out)
		}
	}
	empty := render(t, formatTable, writerOptions{Expanded: true, Footer: true}, sampleCols, nil)
	if !strings.Contains(empty, "(0 rows)") {
		t.Errorf("empty expanded result: %q", empty)
	}
}

func TestCSVRoundTrip(t *testing.T) {
	out := render(t, formatCSV, writerOptions{}, sampleCols, sampleRows)
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(recs) != 4 || recs[0][0] != "会社名" {
		t.Fatalf("records = %q", recs)
	}
	if recs[1][0] != `株式会社 "ダブルクォート"` || recs[1][4] != "line1\nline2" || recs[3][4] != "a,b\tc" {
		t.Errorf("values changed: %q", recs)
	}
	if recs[1][3] != "2024-04-01" {
		t.Errorf("DATE = %q", recs[1][3])
	}
	// NULL is an empty field; the empty string is "".
	if !strings.Contains(out, "O'Brien & Sons Ltd.,,,,\"\"\r\n") {
		t.Errorf("NULL vs empty string not distinct:\n%q", out)
	}
}

func TestTSVEscapes(t *testing.T) {
	out := render(t, formatTSV, writerOptions{}, sampleCols, sampleRows)
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 4 {
		t.Fatalf("want 4 lines, got %d:\n%s", len(lines), out)
	}
	for _, l := range lines {
		if n := strings.Count(l, "\t"); n != 4 {
			t.Errorf("%d tabs in %q", n, l)
		}
	}
	if !strings.HasSuffix(lines[1], `line1\nline2`) || !strings.HasSuffix(lines[3], `a,b\tc`) {
		t.Errorf("escapes wrong:\n%s", out)
	}
	if lines[2] != "O'Brien & Sons Ltd.\t\\N\t\\N\t\\N\t" {
		t.Errorf("NULL row = %q", lines[2])
	}
}

func TestJSONFormats(t *testing.T) {
	for _, format := range []string{formatJSON, formatJSONL} {
		out := render(t, format, writerOptions{}, sampleCols, sampleRows)
		var objs []map[string]any
		if format == formatJSON {
			if err := json.Unmarshal([]byte(out), &objs); err != nil {
				t.Fatalf("%s: %v\n%s", format, err, out)
			}
		} else {
			for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
				var o map[string]any
				if err := json.Unmarshal([]byte(l), &o); err != nil {
					t.Fatalf("%s: %v in %q", format, err, l)
				}
				objs = append(objs, o)
			}
		}
		if len(objs) != 3 {
			t.Fatalf("%s: %d objects", format, len(objs))
		}
		if v, ok := objs[0]["従業員数"].(float64); !ok || v != 1200 {
			t.Errorf("%s: DECIMAL = %#v, want the number 1200", format, objs[0]["従業員数"])
		}
		if tags, ok := objs[0]["tags"].([]any); !ok || len(tags) != 2 || tags[0] != "新規" {
			t.Errorf("%s: JSON column = %#v", format, objs[0]["tags"])
		}
		if v, present := objs[1]["従業員数"]; !present || v != nil {
			t.Errorf("%s: NULL = %#v (present %v)", format, v, present)
		}
		if objs[1]["備考"] != "" {
			t.Errorf("%s: empty string = %#v", format, objs[1]["備考"])
		}
		if objs[0]["取引開始日"] != "2024-04-01" {
			t.Errorf("%s: DATE = %#v", format, objs[0]["取引開始日"])
		}
	}
	// Column order is kept and & < > are not escaped.
	out := render(t, formatJSONL, writerOptions{}, []resultColumn{{"b", ""}, {"a", ""}}, [][]any{{"<&>", int64(2)}})
	if out != "{\"b\":\"<&>\",\"a\":2}\n" {
		t.Errorf("jsonl = %q", out)
	}
	if out := render(t, formatJSON, writerOptions{}, []resultColumn{{"a", ""}}, nil); strings.TrimSpace(out) != "[]" {
		t.Errorf("empty json = %q", out)
	}
}

func TestValueText(t *testing.T) {
	ts := time.Date(2025, 4, 1, 9, 30, 5, 0, time.UTC)
	cases := []struct {
		v        any
		typ      string
		want     string
		wantNull bool
	}{
		{nil, "VARCHAR", "", true},
		{"", "VARCHAR", "", false},
		{int64(-42), "BIGINT", "-42", false},
		{0.1, "DOUBLE", "0.1", false},
		{1e21, "DOUBLE", "1000000000000000000000", false},
		{true, "BOOLEAN", "true", false},
		{ts, "DATE", "2025-04-01", false},
		{ts, "TIME", "09:30:05", false},
		{ts, "DATETIME", "2025-04-01T09:30:05Z", false},
		{[]byte("テキスト"), "", "テキスト", false},
		{[]byte{0xff, 0x00}, "", `\xff00`, false},
	}
	for _, c := range cases {
		got, null := valueText(c.v, c.typ)
		if got != c.want || null != c.wantNull {
			t.Errorf("valueText(%#v, %q) = %q, %v; want %q, %v", c.v, c.typ, got, null, c.want, c.wantNull)
		}
	}
}

func TestCheckFormat(t *testing.T) {
	for in, want := range map[string]string{"CSV": "csv", " jsonl ": "jsonl", "aligned": "table", "table": "table"} {
		if got, err := checkFormat(in); err != nil || got != want {
			t.Errorf("checkFormat(%q) = %q, %v", in, got, err)
		}
	}
	if _, err := checkFormat("html"); err == nil || !strings.Contains(err.Error(), "csv") {
		t.Errorf("checkFormat(html) error = %v", err)
	}
}

func TestDisplayWidth(t *testing.T) {
	if w := displayWidth("顧客"); w != 4 {
		t.Errorf("width of 顧客 = %d", w)
	}
	if w := displayWidth("ｶﾌﾞ"); w != 3 {
		t.Errorf("width of half-width kana = %d", w)
	}
}
