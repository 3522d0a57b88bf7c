package main

import (
	"context"
	"fmt"
	"strings"

	"github.com/kintone-sql/kintone/translate"
)

// askWith makes the session confirm whole-table writes by asking on rl
// (interactive sessions with -safe-updates, the default).
func (s *session) askWith(rl lineReader) {
	s.confirm = func(question string) bool {
		rl.SetPrompt(question)
		line, err := rl.Readline()
		if err != nil { // Ctrl-C or Ctrl-D: no
			return false
		}
		switch strings.ToLower(strings.TrimSpace(line)) {
		case "y", "yes":
			return true
		}
		return false
	}
}

// confirmWholeTable asks, when the session confirms writes, before an
// UPDATE or DELETE without WHERE on an app or subtable table (directory
// tables refuse those anyway and want WHERE TRUE). It reports whether to
// run the statement.
func (s *session) confirmWholeTable(ctx context.Context, text string) bool {
	if s.confirm == nil {
		return true
	}
	verb, table, ok := translate.WholeTableWrite(text)
	if !ok {
		return true
	}
	info, err := s.meta.Table(ctx, table)
	if err != nil || info.Kind != "app" && info.Kind != "subtable" {
		return true // the statement itself reports a bad table
	}
	return s.confirm(fmt.Sprintf("%s without WHERE changes every row of %s. Run it? [y/N] ", verb, info.Name))
}
