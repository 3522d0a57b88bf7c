package main

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/mattn/go-runewidth"
)

// errCancelled is reported when Ctrl-C stops a statement.
var errCancelled = errors.New("cancelled")

// errReported is returned by the shell after it has printed the error
// itself, so that main only sets the exit status.
var errReported = errors.New("error already reported")

// oneLine returns err's text on a single line: line breaks and runs of
// space become one space, and a "kintone: " prefix repeated by wrapping
// layers is kept only once.
func oneLine(err error) string {
	if errors.Is(err, context.Canceled) || errors.Is(err, errCancelled) {
		return "cancelled by user (Ctrl-C)"
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out: " + strings.Join(strings.Fields(err.Error()), " ")
	}
	s := strings.Join(strings.Fields(err.Error()), " ")
	const prefix = "kintone: "
	if rest, ok := strings.CutPrefix(s, prefix); ok {
		s = rest
		for strings.HasPrefix(s, prefix) {
			s = strings.TrimPrefix(s, prefix)
		}
		s = prefix + strings.ReplaceAll(s, ": "+prefix, ": ")
	}
	return s
}

// errorLine is how the shell prints an error: "ERROR: " and oneLine, with
// the script location when there is one.
func errorLine(err error, where string) string {
	if where != "" {
		return fmt.Sprintf("%s: ERROR: %s", where, oneLine(err))
	}
	return "ERROR: " + oneLine(err)
}

// panicError turns a recovered panic into an error, so that a bug shows one
// line instead of a Go stack trace.
func panicError(v any) error {
	return fmt.Errorf("internal error: %v", v)
}

// errorPosition finds the 1-based character position a syntax error names.
var errorPosition = regexp.MustCompile(`at position (\d+)`)

// caretLines returns, for an error naming a position in the statement
// text, the statement's line there and a caret under the character (as
// psql prints them), or "" when the error names no position in text.
func caretLines(text string, err error) string {
	m := errorPosition.FindStringSubmatch(err.Error())
	if m == nil {
		return ""
	}
	pos, convErr := strconv.Atoi(m[1])
	runes := []rune(text)
	if convErr != nil || pos < 1 || pos > len(runes)+1 {
		return ""
	}
	before := string(runes[:pos-1])
	lineNo := strings.Count(before, "\n") + 1
	lineStart := strings.LastIndexByte(before, '\n') + 1
	line, _, _ := strings.Cut(text[lineStart:], "\n")
	prefix := fmt.Sprintf("LINE %d: ", lineNo)
	indent := runewidth.StringWidth(strings.ReplaceAll(before[lineStart:], "\t", " "))
	return prefix + line + "\n" + strings.Repeat(" ", len(prefix)+indent) + "^"
}
