package bridge

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind classifies a token of a statement the bridge inspects itself.
type tokenKind int

const (
	tokWord   tokenKind = iota // keyword, bare identifier or number (may start with @ or @@)
	tokIdent                   // `backquoted` identifier, text unquoted
	tokString                  // 'single' or "double" quoted string, text unescaped
	tokPunct                   // one other character
)

// token is one lexical unit with its byte span in the statement.
type token struct {
	kind       tokenKind
	text       string
	start, end int
}

// is reports whether t is the word w (any case).
func (t token) is(w string) bool { return t.kind == tokWord && strings.EqualFold(t.text, w) }

// name is the text of a word or quoted identifier, "" for anything else.
func (t token) name() string {
	if t.kind == tokWord || t.kind == tokIdent {
		return t.text
	}
	return ""
}

// tokenize splits a statement into tokens, skipping white space and
// comments (-- …, # …, /* … */). It is a small lexer for the session
// statements the bridge answers itself (SET, SHOW, KILL, @@variables);
// SQL for kintone goes to the driver unchanged. Unlike sqlparser's
// tokenizer it accepts Japanese identifiers without quotes.
func tokenize(sql string) []token {
	var out []token
	i := 0
	for i < len(sql) {
		r, size := utf8.DecodeRuneInString(sql[i:])
		switch {
		case unicode.IsSpace(r):
			i += size
		case strings.HasPrefix(sql[i:], "--") || r == '#':
			j := strings.IndexByte(sql[i:], '\n')
			if j < 0 {
				return out
			}
			i += j + 1
		case strings.HasPrefix(sql[i:], "/*"):
			j := strings.Index(sql[i+2:], "*/")
			if j < 0 {
				return out
			}
			i += j + 4
		case r == '\'' || r == '"' || r == '`':
			text, end := quoted(sql, i)
			kind := tokString
			if r == '`' {
				kind = tokIdent
			}
			out = append(out, token{kind: kind, text: text, start: i, end: end})
			i = end
		case isWordRune(r):
			j := i
			for j < len(sql) {
				r2, s2 := utf8.DecodeRuneInString(sql[j:])
				if !isWordRune(r2) && !(r2 == '.' && strings.HasPrefix(sql[i:], "@@")) {
					break
				}
				j += s2
			}
			out = append(out, token{kind: tokWord, text: sql[i:j], start: i, end: j})
			i = j
		default:
			out = append(out, token{kind: tokPunct, text: sql[i : i+size], start: i, end: i + size})
			i += size
		}
	}
	return out
}

// isWordRune reports whether r continues a bare word.
func isWordRune(r rune) bool {
	return r == '_' || r == '$' || r == '@' || unicode.IsLetter(r) || unicode.IsDigit(r)
}

// quoted reads the quoted text starting at sql[i] (its quote character),
// doubling and (outside backquotes) backslash escapes included; it returns
// the unquoted text and the index after the closing quote (the end of sql
// when unterminated).
func quoted(sql string, i int) (string, int) {
	q := sql[i]
	var b strings.Builder
	j := i + 1
	for j < len(sql) {
		c := sql[j]
		switch {
		case c == q && j+1 < len(sql) && sql[j+1] == q:
			b.WriteByte(q)
			j += 2
		case c == q:
			return b.String(), j + 1
		case c == '\\' && q != '`' && j+1 < len(sql):
			b.WriteByte(unescape(sql[j+1]))
			j += 2
		default:
			b.WriteByte(c)
			j++
		}
	}
	return b.String(), j
}

// unescape is MySQL's meaning of a backslash escape in a string.
func unescape(c byte) byte {
	switch c {
	case 'n':
		return '\n'
	case 't':
		return '\t'
	case 'r':
		return '\r'
	case '0':
		return 0
	}
	return c
}

// quoteString is s as a MySQL string literal.
func quoteString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s) + "'"
}

// quoteIdent is s as a backquoted identifier.
func quoteIdent(s string) string {
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}
