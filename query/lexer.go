package query

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// tokenKind classifies a lexical token.
type tokenKind int

const (
	tokEOF tokenKind = iota
	tokIdent
	tokString
	tokNumber
	tokOp
	tokLParen
	tokRParen
	tokComma
	tokDot
)

// token is one lexical unit of a query. Keywords are lexed as identifiers
// and recognised by the parser from context, so a field may be called
// "order" or "limit".
type token struct {
	kind tokenKind
	// text is the identifier, number or operator as written, or the
	// unescaped content of a string literal.
	text string
	// pos is the byte offset of the token's first byte.
	pos int
}

// is reports whether t is the identifier kw, compared ASCII
// case-insensitively (kw is lower case).
func (t token) is(kw string) bool {
	return t.kind == tokIdent && asciiLower(t.text) == kw
}

// describe names the token for an error detail.
func (t token) describe() string {
	switch t.kind {
	case tokEOF:
		return "end of query"
	case tokString:
		return "string " + shorten(Quote(t.text))
	default:
		return fmt.Sprintf("%q", shorten(t.text))
	}
}

// shorten cuts long token text for error details.
func shorten(s string) string {
	const max = 40
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	return string([]rune(s)[:max]) + "…"
}

// isSpace reports whether r separates tokens: space, tab, CR, LF or the
// full-width space U+3000 (kintone-api.md §6 [OBS]).
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\r', '\n', '\u3000':
		return true
	}
	return false
}

// isWordRune reports whether r may appear in a field code, function name,
// symbol or number. Every other character is whitespace or punctuation.
func isWordRune(r rune) bool {
	if isSpace(r) {
		return false
	}
	switch r {
	case '"', '\'', '`', '(', ')', ',', '.', '=', '!', '<', '>':
		return false
	}
	return true
}

// lex splits src into tokens ending with a tokEOF token.
func lex(src string) ([]token, error) {
	var toks []token
	for i := 0; i < len(src); {
		r, size := utf8.DecodeRuneInString(src[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			return nil, syntaxError(i, "invalid UTF-8 byte 0x%02x", src[i])
		case isSpace(r):
			i += size
		case r == '"':
			tok, next, err := lexString(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, tok)
			i = next
		case r == '(' || r == ')' || r == ',' || r == '.':
			toks = append(toks, token{kind: punctuation[r], text: string(r), pos: i})
			i++
		case r == '=' || r == '!' || r == '<' || r == '>':
			op := string(r)
			if i+1 < len(src) && src[i+1] == '=' && r != '=' {
				op += "="
			} else if r == '!' {
				return nil, syntaxError(i, `"!" must be followed by "="`)
			}
			toks = append(toks, token{kind: tokOp, text: op, pos: i})
			i += len(op)
		case r == '\'':
			return nil, syntaxError(i, "string literals are written in double quotes, not single quotes")
		case r == '`':
			return nil, syntaxError(i, "back-quotes are not accepted; write field codes bare")
		default:
			tok, err := lexWord(src, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, tok)
			i += len(tok.text)
		}
	}
	return append(toks, token{kind: tokEOF, pos: len(src)}), nil
}

// punctuation maps the one-character punctuation tokens to their kinds.
var punctuation = map[rune]tokenKind{'(': tokLParen, ')': tokRParen, ',': tokComma, '.': tokDot}

// lexWord reads an identifier or number starting at start. A dot belongs
// to the word only as the decimal point of a number (digits on both sides);
// otherwise it separates a related-records code from the inner code.
func lexWord(src string, start int) (token, error) {
	i := start
	for i < len(src) {
		r, size := utf8.DecodeRuneInString(src[i:])
		if r == utf8.RuneError && size == 1 {
			return token{}, syntaxError(i, "invalid UTF-8 byte 0x%02x", src[i])
		}
		if r == '.' && isInteger(src[start:i]) && i+1 < len(src) && isDigit(src[i+1]) {
			i++
			continue
		}
		if !isWordRune(r) {
			break
		}
		i += size
	}
	text := src[start:i]
	kind := tokIdent
	if isNumber(text) {
		kind = tokNumber
	}
	return token{kind: kind, text: text, pos: start}, nil
}

// lexString reads a double-quoted literal starting at start and returns it
// with the offset just after the closing quote. Escapes: \" \\ \n \t, and
// \r, which real kintone has not been seen to accept or reject (our choice,
// for symmetry with Quote). Any other escape is rejected (UNCONFIRMED:
// kintone's handling of unknown escapes is not documented). A raw tab, LF or
// CR inside the literal is a syntax error, as on real kintone [OBS].
func lexString(src string, start int) (token, int, error) {
	var b strings.Builder
	for i := start + 1; i < len(src); {
		c := src[i]
		switch c {
		case '"':
			return token{kind: tokString, text: b.String(), pos: start}, i + 1, nil
		case '\\':
			if i+1 >= len(src) {
				return token{}, 0, syntaxError(start, "unclosed string literal")
			}
			switch e := src[i+1]; e {
			case '"', '\\':
				b.WriteByte(e)
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case 'r':
				b.WriteByte('\r')
			default:
				r, _ := utf8.DecodeRuneInString(src[i+1:])
				return token{}, 0, syntaxError(i, `unknown escape "\%c" in string literal`, r)
			}
			i += 2
		case '\t', '\n', '\r':
			return token{}, 0, syntaxError(i, `raw %s inside a string literal; write it as an escape`, rawName[c])
		default:
			r, size := utf8.DecodeRuneInString(src[i:])
			if r == utf8.RuneError && size == 1 {
				return token{}, 0, syntaxError(i, "invalid UTF-8 byte 0x%02x", c)
			}
			b.WriteString(src[i : i+size])
			i += size
		}
	}
	return token{}, 0, syntaxError(start, "unclosed string literal")
}

// rawName names the control characters a literal may not hold raw.
var rawName = map[byte]string{'\t': `tab (\t)`, '\n': `line feed (\n)`, '\r': `carriage return (\r)`}

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// isDigits reports whether s is one or more ASCII digits.
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return true
}

// isInteger reports whether s has the form -?digits.
func isInteger(s string) bool {
	return isDigits(strings.TrimPrefix(s, "-"))
}

// isNumber reports whether s has the form -?digits[.digits], the numeric
// literals of the query language.
func isNumber(s string) bool {
	whole, frac, dotted := strings.Cut(s, ".")
	return isInteger(whole) && (!dotted || isDigits(frac))
}

// asciiLower lower-cases ASCII letters only, so that keywords never match
// look-alike non-ASCII letters (such as the Kelvin sign) by Unicode folding.
func asciiLower(s string) string {
	return asciiMap(s, 'A', 'Z', 'a'-'A')
}

// asciiUpper upper-cases ASCII letters only; see asciiLower.
func asciiUpper(s string) string {
	return asciiMap(s, 'a', 'z', 'A'-'a')
}

// asciiMap shifts the bytes in [lo, hi] by delta.
func asciiMap(s string, lo, hi byte, delta int) string {
	b := []byte(s)
	for i, c := range b {
		if lo <= c && c <= hi {
			b[i] = byte(int(c) + delta)
		}
	}
	return string(b)
}

// ValidCode reports whether code can be written in a query as a field code:
// a non-empty run of valid UTF-8 word characters that is not a number.
// Field codes are printed bare (kintone has no quoting for them), so the
// translator should check codes it did not get from kintone.
func ValidCode(code string) bool {
	return isWord(code) && !isNumber(code)
}

// isWord reports whether s lexes as exactly one identifier or number.
func isWord(s string) bool {
	if s == "" || !utf8.ValidString(s) {
		return false
	}
	for i, r := range s {
		if r == '.' && isInteger(s[:i]) && i+1 < len(s) && isDigit(s[i+1]) {
			continue
		}
		if !isWordRune(r) {
			return false
		}
	}
	return true
}
