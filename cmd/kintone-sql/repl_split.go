package main

import "strings"

// lexState says what kind of text a scan of SQL stands in.
type lexState int

// The states of the SQL scanner.
const (
	lexCode         lexState = iota // ordinary SQL text
	lexSingle                       // inside '...'
	lexDouble                       // inside "..."
	lexBacktick                     // inside `...`
	lexBracket                      // inside [...]
	lexBlockComment                 // inside /* ... */
)

// closers are the characters that end each quoted state.
var closers = map[lexState]byte{lexSingle: '\'', lexDouble: '"', lexBacktick: '`', lexBracket: ']'}

// openers map an opening character to its quoted state.
var openers = map[byte]lexState{'\'': lexSingle, '"': lexDouble, '`': lexBacktick, '[': lexBracket}

// inputItem is one unit of input ready to run: a SQL statement (without
// its terminating semicolon and comments) or a backslash command line.
type inputItem struct {
	// Command is true for a backslash command.
	Command bool
	// Text is the statement or the command line.
	Text string
	// Line is the 1-based input line where the item started.
	Line int
}

// splitter cuts input lines into statements ended by ';' and backslash
// command lines. It follows the quoting of the driver's MySQL-style SQL:
// '...' and "..." strings with backslash escapes and doubled quotes, `...`
// and [...] identifiers, and --, # and /* */ comments, which are dropped.
// A ';' inside a string, identifier or comment does not end a statement.
type splitter struct {
	buf       strings.Builder // the statement so far, comments removed
	state     lexState
	content   bool // buf holds more than white space
	line      int  // lines fed so far
	startLine int  // line where the pending statement started
}

// Feed adds one line of input (without its line break) and returns the
// items it completes. A line starting with a backslash outside any quote
// or comment is a command; the pending statement stays as it is.
func (s *splitter) Feed(line string) []inputItem {
	s.line++
	if s.state == lexCode {
		if t := strings.TrimSpace(line); strings.HasPrefix(t, `\`) {
			return []inputItem{{Command: true, Text: t, Line: s.line}}
		}
	}
	var out []inputItem
	for i := 0; i < len(line); i++ {
		c := line[i]
		if s.state == lexCode {
			if c == ';' {
				if it, ok := s.take(); ok {
					out = append(out, it)
				}
				continue
			}
			if lineCommentAt(line, i) {
				s.buf.WriteByte(' ')
				break
			}
		}
		before, j := s.state, i
		s.state = scanByte(s.state, line, i, &j)
		switch {
		case before == lexBlockComment:
		case s.state == lexBlockComment:
			s.buf.WriteByte(' ')
		default:
			if before == lexCode && c != ' ' && c != '\t' && c != '\r' {
				s.markContent()
			}
			s.buf.WriteString(line[i : j+1])
		}
		i = j
	}
	if s.content && s.state != lexBlockComment {
		s.buf.WriteByte('\n')
	}
	return out
}

// markContent records that the pending statement holds SQL text.
func (s *splitter) markContent() {
	if !s.content {
		s.content = true
		s.startLine = s.line
	}
}

// take returns the pending statement and empties the buffer; ok is false
// when it held only white space and comments.
func (s *splitter) take() (inputItem, bool) {
	text := strings.TrimSpace(s.buf.String())
	had := s.content
	s.buf.Reset()
	s.content = false
	if !had || text == "" {
		return inputItem{}, false
	}
	return inputItem{Text: text, Line: s.startLine}, true
}

// Flush returns the unterminated statement left at the end of the input,
// if any, and resets the splitter.
func (s *splitter) Flush() (inputItem, bool) {
	it, ok := s.take()
	s.state = lexCode
	return it, ok
}

// Reset drops the pending statement.
func (s *splitter) Reset() {
	s.buf.Reset()
	s.content = false
	s.state = lexCode
}

// Pending reports whether a statement has been started but not ended.
func (s *splitter) Pending() bool { return s.content || s.state != lexCode }

// PendingText returns the statement typed so far, for completion context.
func (s *splitter) PendingText() string { return s.buf.String() }

// State returns the quoting state at the end of the input so far.
func (s *splitter) State() lexState { return s.state }

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
	st, start, offset := lexCode, -1, 0
	for _, line := range strings.SplitAfter(text, "\n") {
		body := strings.TrimSuffix(line, "\n")
		for i := 0; i < len(body); i++ {
			if st == lexCode && lineCommentAt(body, i) {
				break
			}
			before, at := st, i
			st = scanByte(st, body, i, &i)
			if before == lexCode && st != lexCode && st != lexBlockComment {
				start = offset + at
			}
		}
		offset += len(line)
	}
	if st == lexCode || st == lexBlockComment {
		return -1
	}
	return start
}

// lineCommentAt reports whether a -- or # comment starts at line[i].
func lineCommentAt(line string, i int) bool {
	return line[i] == '#' || (line[i] == '-' && i+1 < len(line) && line[i+1] == '-')
}

// scanByte advances the quoting state over body[i] (and the byte after it
// when the two form a unit, moving *pos); line comments are left to the
// caller.
func scanByte(st lexState, body string, i int, pos *int) lexState {
	c := body[i]
	var next byte
	if i+1 < len(body) {
		next = body[i+1]
	}
	switch st {
	case lexCode:
		if c == '/' && next == '*' {
			*pos = i + 1
			return lexBlockComment
		}
		if o, ok := openers[c]; ok {
			return o
		}
	case lexBlockComment:
		if c == '*' && next == '/' {
			*pos = i + 1
			return lexCode
		}
	default:
		closer := closers[st]
		switch {
		case c == '\\' && (st == lexSingle || st == lexDouble):
			if i+1 < len(body) {
				*pos = i + 1
			}
		case c == closer && next == closer && st != lexBracket:
			*pos = i + 1
		case c == closer:
			return lexCode
		}
	}
	return st
}
