package main

import (
	"encoding/hex"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/mattn/go-runewidth"
)

// nullText is how the table formats show SQL NULL, so that it cannot be
// mistaken for an empty string.
const nullText = "NULL"

// numericTypes are the SQL types printed right-aligned and written as JSON
// numbers.
var numericTypes = map[string]bool{
	"BIGINT": true, "INT": true, "INTEGER": true, "SMALLINT": true, "TINYINT": true,
	"DECIMAL": true, "NUMERIC": true, "DOUBLE": true, "FLOAT": true, "REAL": true,
}

// isNumericColumn reports whether a column holds numbers: by its SQL type,
// or when the type is unknown by the Go type of a sample value.
func isNumericColumn(typ string, sample any) bool {
	if typ != "" {
		return numericTypes[strings.ToUpper(typ)]
	}
	switch sample.(type) {
	case int64, float64:
		return true
	}
	return false
}

// valueText returns the text of a value for the text formats, and whether
// it is NULL. Times follow the column's SQL type: DATE as 2006-01-02, TIME
// as 15:04:05, DATETIME as RFC 3339 in UTC (the driver returns UTC).
// Binary values that are not UTF-8 print as \x followed by hex digits.
func valueText(v any, typ string) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", true
	case string:
		return x, false
	case []byte:
		if utf8.Valid(x) {
			return string(x), false
		}
		return `\x` + hex.EncodeToString(x), false
	case int64:
		return strconv.FormatInt(x, 10), false
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64), false
	case bool:
		return strconv.FormatBool(x), false
	case time.Time:
		return timeText(x, typ), false
	}
	return "", true
}

// timeText formats a time value by the column's SQL type.
func timeText(t time.Time, typ string) string {
	switch strings.ToUpper(typ) {
	case "DATE":
		return t.Format(time.DateOnly)
	case "TIME":
		return t.Format(time.TimeOnly)
	}
	return t.Format(time.RFC3339Nano)
}

// displayWidth is the number of terminal cells text takes, counting East
// Asian wide characters (kanji, kana, full-width forms) as two. Ambiguous
// characters follow the locale and RUNEWIDTH_EASTASIAN.
func displayWidth(s string) int { return textWidth(runewidth.DefaultCondition, s) }

// textWidth sums the widths of the runes of s, as terminals do: a
// half-width voiced sound mark (ﾞ) takes a cell of its own, which
// grapheme-cluster measuring would miss.
func textWidth(c *runewidth.Condition, s string) int {
	w := 0
	for _, r := range s {
		w += c.RuneWidth(r)
	}
	return w
}

// cellLines splits a value's text into the lines a table cell shows:
// line breaks start new lines, tabs become spaces and other control
// characters are dropped, so that widths stay exact.
func cellLines(s string) []string {
	if !strings.ContainsFunc(s, isControl) {
		return []string{s}
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.Map(func(r rune) rune {
			switch {
			case r == '\t':
				return ' '
			case isControl(r):
				return -1
			}
			return r
		}, l)
	}
	return lines
}

// isControl reports C0 controls and DEL.
func isControl(r rune) bool { return r < 0x20 || r == 0x7f }

// padRight pads s with spaces to width cells.
func padRight(s string, w, width int) string {
	if w >= width {
		return s
	}
	return s + strings.Repeat(" ", width-w)
}

// padLeft right-aligns s in width cells.
func padLeft(s string, w, width int) string {
	if w >= width {
		return s
	}
	return strings.Repeat(" ", width-w) + s
}
