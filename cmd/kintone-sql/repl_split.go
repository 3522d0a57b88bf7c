package main

import (
	"strings"

	"github.com/kintone-sql/kintone/translate/sqltext"
)

// lexState says what kind of text the input so far ends in.
type lexState int

// The states at the end of the input.
const (
	lexCode         lexState = iota // ordinary SQL text
	lexSingle                       // inside '...'
	lexDouble                       // inside "..."
	lexBacktick                     // inside `...`
	lexBracket                      // inside [...]
	lexBlockComment                 // inside /* ... */
)

// stateOf returns the state an open (unterminated) token leaves.
func stateOf(t sqltext.Token) lexState {
	switch t.Kind {
	case sqltext.String:
		if t.Text[0] == '"' {
			return lexDouble
		}
		return lexSingle
	case sqltext.Quoted:
		return lexBacktick
	case sqltext.Bracket:
		return lexBracket
	case sqltext.Comment, sqltext.ExecMark:
		return lexBlockComment
	}
	return lexCode
}

// inputItem is one unit of input ready to run: a SQL statement (without
// its terminating semicolon and the comments around it) or a backslash
// command line.
type inputItem struct {
	// Command is true for a backslash command.
	Command bool
	// Text is the statement or the command line.
	Text string
	// Line is the 1-based input line where the item started.
	Line int
}

// lineMark is where an input line starts in the pending text.
type lineMark struct{ off, line int }

// splitter cuts input lines into statements ended by ';' and backslash
// command lines, with the tokens of package sqltext (the driver's own
// lexer): a ';' inside a string, quoted name or comment does not end a
// statement, and the statement text handed on is the user's text from its
// first to its last token, so the driver reads exactly what was typed.
type splitter struct {
	buf     strings.Builder // the pending text, lines joined by '\n'
	lines   []lineMark      // the input lines held in buf
	scanned int             // buf is lexed up to here (a token boundary)
	exec    bool            // the lexer is inside /*! ... */ at scanned
	execAt  int             // offset of the /*! that opened it
	first   int             // offset of the statement's first token, -1 if none
	lastEnd int             // offset after its last token
	open    *sqltext.Token  // the unterminated token at the end, if any
	line    int             // lines fed so far
}

// Feed adds one line of input (without its line break) and returns the
// items it completes. A line starting with a backslash outside any quote
// or comment is a command; the pending statement stays as it is.
func (s *splitter) Feed(line string) []inputItem {
	s.line++
	if s.buf.Len() == 0 {
		s.first = -1
	}
	if s.open == nil {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, `\`) {
			return []inputItem{{Command: true, Text: t, Line: s.line}}
		}
	}
	s.lines = append(s.lines, lineMark{off: s.buf.Len(), line: s.line})
	s.buf.WriteString(line)
	s.buf.WriteByte('\n')
	return s.scan()
}

// scan lexes the text not lexed yet and returns the statements it ends.
func (s *splitter) scan() []inputItem {
	text := s.buf.String()
	var out []inputItem
	cut := 0
	s.open = nil
	l := sqltext.NewLexerAt(text, s.scanned, s.exec)
	for {
		t, ok := l.Next()
		if !ok {
			break
		}
		if t.Open {
			s.open = &t
			break
		}
		switch {
		case t.Is(";"):
			if s.first >= 0 {
				out = append(out, inputItem{Text: text[s.first:s.lastEnd], Line: s.lineOf(s.first)})
			}
			s.first, cut = -1, t.End()
		case t.Code():
			if s.first < 0 {
				s.first = t.Pos
				if s.exec {
					s.first = s.execAt
				}
			}
			s.lastEnd = t.End()
		case t.Kind == sqltext.ExecMark:
			if l.InExec() {
				s.execAt = t.Pos
			} else if s.first >= 0 {
				s.lastEnd = t.End()
			}
		}
		s.scanned, s.exec = t.End(), l.InExec()
	}
	if cut > 0 {
		s.cut(text, cut)
	}
	return out
}

// cut drops the text before off, which ended statements.
func (s *splitter) cut(text string, off int) {
	rest := text[off:]
	var marks []lineMark
	for i, m := range s.lines {
		end := len(text)
		if i+1 < len(s.lines) {
			end = s.lines[i+1].off
		}
		if end > off {
			marks = append(marks, lineMark{off: max(m.off-off, 0), line: m.line})
		}
	}
	s.lines = marks
	s.buf.Reset()
	s.buf.WriteString(rest)
	s.scanned -= off
	s.execAt -= off
	if s.first >= 0 {
		s.first -= off
		s.lastEnd -= off
	}
	if s.open != nil {
		t := *s.open
		t.Pos -= off
		s.open = &t
	}
	if strings.TrimSpace(rest) == "" && s.open == nil && !s.exec {
		s.Reset()
	}
}

// lineOf returns the input line holding offset off of the pending text.
func (s *splitter) lineOf(off int) int {
	line := s.line
	for _, m := range s.lines {
		if m.off > off {
			break
		}
		line = m.line
	}
	return line
}

// Flush returns the unterminated statement left at the end of the input,
// if any, and resets the splitter.
func (s *splitter) Flush() (inputItem, bool) {
	defer s.Reset()
	if s.open != nil {
		// An unterminated string or comment: hand the text over as typed,
		// so that the driver names what is not closed.
		text := s.buf.String()
		start := s.open.Pos
		if s.first >= 0 {
			start = s.first
		}
		return inputItem{Text: strings.TrimSpace(text[start:]), Line: s.lineOf(start)}, true
	}
	if s.first < 0 {
		return inputItem{}, false
	}
	return inputItem{Text: s.buf.String()[s.first:s.lastEnd], Line: s.lineOf(s.first)}, true
}

// Reset drops the pending statement.
func (s *splitter) Reset() {
	s.buf.Reset()
	s.lines = nil
	s.scanned, s.exec, s.first, s.lastEnd, s.open = 0, false, -1, 0, nil
}

// Pending reports whether a statement has been started but not ended.
func (s *splitter) Pending() bool {
	return s.buf.Len() > 0 && (s.first >= 0 || s.open != nil || s.exec)
}

// PendingText returns the statement typed so far, for completion context.
func (s *splitter) PendingText() string { return s.buf.String() }

// State returns the quoting state at the end of the input so far.
func (s *splitter) State() lexState {
	if s.open == nil {
		return lexCode
	}
	return stateOf(*s.open)
}

// splitStatements splits a whole text into items; an unterminated last
// statement is included.
func splitStatements(text string) []inputItem {
	var s splitter
	var out []inputItem
	for _, line := range strings.Split(text, "\n") {
		out = append(out, s.Feed(line)...)
	}
	if it, ok := s.Flush(); ok {
		out = append(out, it)
	}
	return out
}

// openQuoteAt returns the byte offset of the quote or bracket that is still
// open at the end of text, or -1 when text ends outside any quote. The
// completer uses it to complete quoted names.
func openQuoteAt(text string) int {
	toks := sqltext.Lex(text)
	if len(toks) == 0 {
		return -1
	}
	last := toks[len(toks)-1]
	if !last.Open || last.Kind == sqltext.Comment || last.Kind == sqltext.ExecMark {
		return -1
	}
	return last.Pos
}
