// Package sqltext is the one lexer of the driver's SQL dialect: MySQL's
// lexical rules plus kintone's names (Japanese identifiers, $id, CData-style
// [bracketed names], full-width spaces). Every step that reads SQL text —
// the translator's rewriting for the parser, introspection statements, the
// statement keyword, placeholder counting and the shell's statement
// splitting, prompts and completion — reads the tokens of this package, so
// that they all agree on where strings, names and comments begin and end.
//
// Comments follow MySQL: "#" to the end of the line; "--" only when
// followed by white space, a control character or the end of the text
// (so 5--3 is 5 - -3); "/* ... */"; and "/*! ... */" (also
// "/*!50700 ... */") whose content is code, as MySQL executes it. "//" is
// not a comment.
package sqltext

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Kind is the kind of a token.
type Kind uint8

// The token kinds.
const (
	// Space is white space, ASCII or not (the ideographic space U+3000 …).
	Space Kind = iota
	// Comment is a comment that is not code: -- … , # … or /* … */.
	Comment
	// ExecMark is the "/*!" (with its optional version number) opening an
	// executable comment, or the "*/" closing one; the text between is
	// lexed as code.
	ExecMark
	// Word is an unquoted name or keyword: a run of ASCII letters, digits,
	// _, $, @ and non-ASCII printable characters other than white space.
	Word
	// Number is a numeric literal (123, 1.5e-3, 0x1F).
	Number
	// String is a '…' or "…" literal.
	String
	// Quoted is a `backquoted` name.
	Quoted
	// Bracket is a [bracketed] name.
	Bracket
	// Param is a ? placeholder.
	Param
	// Punct is any other character.
	Punct
)

// Token is one token of SQL text.
type Token struct {
	// Kind is what the token is.
	Kind Kind
	// Text is the token's text, exactly as in the source.
	Text string
	// Pos is the byte offset of the token in the source.
	Pos int
	// Open is true for a string, quoted name or comment that is not closed
	// before the end of the text.
	Open bool
}

// End returns the byte offset after the token.
func (t Token) End() int { return t.Pos + len(t.Text) }

// Code reports whether the token is code (not space or comment).
func (t Token) Code() bool { return t.Kind > ExecMark }

// Is reports whether the token is the word or punctuation s, ignoring case.
func (t Token) Is(s string) bool {
	return (t.Kind == Word || t.Kind == Punct) && strings.EqualFold(t.Text, s)
}

// Lower returns the text of a word or punctuation in lower case, and ""
// for other tokens.
func (t Token) Lower() string {
	if t.Kind == Word || t.Kind == Punct {
		return strings.ToLower(t.Text)
	}
	return ""
}

// Lexer reads tokens from SQL text. Its zero value is not usable: use
// NewLexer.
type Lexer struct {
	src  string
	pos  int
	exec bool // inside /*! … */
}

// NewLexer returns a lexer at the start of src.
func NewLexer(src string) *Lexer { return &Lexer{src: src} }

// NewLexerAt returns a lexer resuming at byte offset pos of src, inside an
// executable comment when exec is true (a previous lexer's Pos and InExec
// at a token boundary).
func NewLexerAt(src string, pos int, exec bool) *Lexer { return &Lexer{src: src, pos: pos, exec: exec} }

// InExec reports whether the lexer stands inside an executable comment.
func (l *Lexer) InExec() bool { return l.exec }

// Pos returns the byte offset of the next token.
func (l *Lexer) Pos() int { return l.pos }

// Next returns the next token; ok is false at the end of the text.
func (l *Lexer) Next() (tok Token, ok bool) {
	if l.pos >= len(l.src) {
		return Token{}, false
	}
	start := l.pos
	kind, end, open := l.scan(start)
	l.pos = end
	return Token{Kind: kind, Text: l.src[start:end], Pos: start, Open: open}, true
}

// Lex returns all tokens of src, white space and comments included.
func Lex(src string) []Token {
	l := NewLexer(src)
	out := make([]Token, 0, len(src)/4+1) // about one token per four bytes
	for {
		t, ok := l.Next()
		if !ok {
			return out
		}
		out = append(out, t)
	}
}

// CodeTokens returns the code tokens of src (no space, comments or
// executable-comment marks).
func CodeTokens(src string) []Token {
	l := NewLexer(src)
	out := make([]Token, 0, len(src)/8+1) // about one code token per eight bytes
	for {
		t, ok := l.Next()
		if !ok {
			return out
		}
		if t.Code() {
			out = append(out, t)
		}
	}
}

// Keyword returns the first word of a statement in upper case, after
// space, comments and opening parentheses, or "". It reads no further than
// that word.
func Keyword(src string) string {
	l := NewLexer(src)
	for {
		t, ok := l.Next()
		switch {
		case !ok:
			return ""
		case !t.Code() || t.Is("("):
			continue
		case t.Kind == Word:
			return strings.ToUpper(t.Text)
		}
		return ""
	}
}

// StatementKeyword is Keyword, except that for a statement starting with
// WITH it is the keyword of the statement the common table expressions
// precede (MySQL allows WITH before SELECT, UPDATE and DELETE): the word
// that says whether the statement reads or writes. It is "WITH" when no
// such word follows.
func StatementKeyword(src string) string {
	kw := Keyword(src)
	if kw != "WITH" {
		return kw
	}
	base, depth, leading := 0, 0, true
	for _, t := range CodeTokens(src) {
		switch {
		case t.Is("("):
			depth++
			if leading {
				base++
			}
			continue
		case t.Is(")"):
			depth--
		case depth == base && t.Kind == Word:
			switch up := strings.ToUpper(t.Text); up {
			case "SELECT", "UPDATE", "DELETE", "INSERT", "REPLACE", "TABLE", "VALUES":
				return up
			}
		}
		leading = false
	}
	return kw
}

// CharPos converts a byte offset of src to a 1-based character position.
func CharPos(src string, off int) int {
	off = min(max(off, 0), len(src))
	return utf8.RuneCountInString(src[:off]) + 1
}

// scan returns the kind and end of the token at i.
func (l *Lexer) scan(i int) (Kind, int, bool) {
	s := l.src
	c := s[i]
	switch {
	case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
		return Space, i + 1, false
	case c == '\'' || c == '"':
		end, open := stringEnd(s, i)
		return String, end, open
	case c == '`':
		end, open := quotedEnd(s, i, '`')
		return Quoted, end, open
	case c == '[':
		end, open := quotedEnd(s, i, ']')
		return Bracket, end, open
	case c == '?':
		return Param, i + 1, false
	case c == '#':
		return Comment, lineEnd(s, i), false
	case c == '-' && dashComment(s, i):
		return Comment, lineEnd(s, i), false
	case l.exec && strings.HasPrefix(s[i:], "*/"):
		l.exec = false
		return ExecMark, i + 2, false
	case strings.HasPrefix(s[i:], "/*!"):
		j := i + 3
		for j < len(s) && j < i+9 && '0' <= s[j] && s[j] <= '9' {
			j++
		}
		open := !strings.Contains(s[j:], "*/")
		if !open {
			l.exec = true
		}
		if open {
			return ExecMark, len(s), true
		}
		return ExecMark, j, false
	case strings.HasPrefix(s[i:], "/*"):
		k := strings.Index(s[i+2:], "*/")
		if k < 0 {
			return Comment, len(s), true
		}
		return Comment, i + 2 + k + 2, false
	case '0' <= c && c <= '9':
		return l.number(i)
	}
	r, size := utf8.DecodeRuneInString(s[i:])
	switch {
	case r >= utf8.RuneSelf && unicode.IsSpace(r):
		return Space, i + size, false
	case IsWordRune(r):
		return Word, wordEnd(s, i), false
	}
	return Punct, i + size, false
}

// IsWordRune reports the characters of an unquoted name.
func IsWordRune(r rune) bool {
	switch {
	case r == '_' || r == '$' || r == '@':
		return true
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return r != utf8.RuneError && !unicode.IsSpace(r) && unicode.IsPrint(r)
}

// wordEnd returns the end of the run of word characters at i.
func wordEnd(s string, i int) int {
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !IsWordRune(r) {
			break
		}
		i += size
	}
	return i
}

// number scans a numeric literal at i; digits followed by name characters
// (1abc) are a name, as in MySQL.
func (l *Lexer) number(i int) (Kind, int, bool) {
	s := l.src
	j := i
	if strings.HasPrefix(s[i:], "0x") || strings.HasPrefix(s[i:], "0X") {
		j = i + 2
		for j < len(s) && isHex(s[j]) {
			j++
		}
	} else {
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if j < len(s) && s[j] == '.' {
			j++
			for j < len(s) && isDigit(s[j]) {
				j++
			}
		}
		if j < len(s) && (s[j] == 'e' || s[j] == 'E') {
			k := j + 1
			if k < len(s) && (s[k] == '+' || s[k] == '-') {
				k++
			}
			if k < len(s) && isDigit(s[k]) {
				for k < len(s) && isDigit(s[k]) {
					k++
				}
				j = k
			}
		}
	}
	if j < len(s) {
		if r, _ := utf8.DecodeRuneInString(s[j:]); IsWordRune(r) {
			return Word, wordEnd(s, i), false
		}
	}
	return Number, j, false
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isHex(c byte) bool { return isDigit(c) || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F' }

// dashComment reports whether "--" at i starts a comment: MySQL needs
// white space or a control character (the end of the text counts) after
// the second dash.
func dashComment(s string, i int) bool {
	if i+1 >= len(s) || s[i+1] != '-' {
		return false
	}
	if i+2 >= len(s) {
		return true
	}
	c := s[i+2]
	return c <= ' ' || c == 0x7f
}

// lineEnd returns the offset of the line break ending the comment at i
// (the break is not part of it), or the end of s.
func lineEnd(s string, i int) int {
	if k := strings.IndexByte(s[i:], '\n'); k >= 0 {
		return i + k
	}
	return len(s)
}

// stringEnd returns the end of the string literal at i: backslash escapes
// and doubled quotes are honoured.
func stringEnd(s string, i int) (int, bool) {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '\\':
			j++
		case q:
			if j+1 < len(s) && s[j+1] == q {
				j++
				continue
			}
			return j + 1, false
		}
	}
	return len(s), true
}

// quotedEnd returns the end of the quoted name at i closed by closer (a
// doubled closer stands for itself).
func quotedEnd(s string, i int, closer byte) (int, bool) {
	for j := i + 1; j < len(s); j++ {
		if s[j] == closer {
			if j+1 < len(s) && s[j+1] == closer {
				j++
				continue
			}
			return j + 1, false
		}
	}
	return len(s), true
}

// Name returns the name a Word, Quoted or Bracket token stands for (quotes
// removed, doubled closers undone).
func (t Token) Name() string {
	switch t.Kind {
	case Quoted:
		return unquote(t.Text, '`')
	case Bracket:
		return unquote(t.Text, ']')
	}
	return t.Text
}

// unquote strips the quote characters of a closed name.
func unquote(text string, closer byte) string {
	if len(text) < 2 {
		return ""
	}
	inner := text[1 : len(text)-1]
	return strings.ReplaceAll(inner, string(closer)+string(closer), string(closer))
}

// Value returns the value of a String token with MySQL's escapes: a
// doubled quote; \0 \b \n \r \t \Z \\ \' \" as usual; \% and \_ keep their
// backslash (for LIKE); any other escaped character stands for itself.
func (t Token) Value() string {
	if t.Kind != String || len(t.Text) < 2 || t.Open {
		return ""
	}
	q := t.Text[0]
	s := t.Text[1 : len(t.Text)-1]
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			switch e := s[i]; e {
			case '0':
				b.WriteByte(0)
			case 'b':
				b.WriteByte('\b')
			case 'n':
				b.WriteByte('\n')
			case 'r':
				b.WriteByte('\r')
			case 't':
				b.WriteByte('\t')
			case 'Z':
				b.WriteByte(26)
			case '%', '_':
				b.WriteByte('\\')
				b.WriteByte(e)
			default:
				b.WriteByte(e)
			}
		case c == q && i+1 < len(s) && s[i+1] == q:
			b.WriteByte(q)
			i++
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
