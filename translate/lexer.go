package translate

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// The SQL parser (github.com/xwb1989/sqlparser) knows MySQL's lexical
// rules: identifiers are ASCII letters, digits, _ and @, quoted with
// backquotes; strings are in single or double quotes (MySQL semantics: a
// double-quoted text is a string, not an identifier). kintone field codes,
// labels and app names are often Japanese and the record id is $id, so a
// pass before the parser rewrites the text:
//
//   - a run of identifier characters (ASCII letters, digits, _, $, @ and
//     every non-ASCII character other than white space) holding a
//     non-ASCII character or $ is put in backquotes: 顧客名 → `顧客名`,
//     t.$id → t.`$id`; white space ends a run, so names with spaces need
//     quoting;
//   - a CData-style [bracketed name] (]] stands for ]) becomes a
//     backquoted name;
//   - non-ASCII white space (the ideographic space U+3000, NBSP) outside
//     strings becomes a plain space;
//   - in strings, \% and \_ keep their backslash, as MySQL keeps it for
//     LIKE patterns (the parser would drop it);
//   - strings, backquoted names and comments (-- and // and # to the end of
//     the line, /* ... */) are otherwise copied untouched; the text of a
//     MySQL /*! ... */ comment is treated as code, as MySQL does.
//
// The pass also counts the ? placeholders outside strings and comments,
// and keeps, for each byte of the new text, the offset of the byte of the
// original it came from, so that parse errors point into the original.

// prepared is SQL text rewritten for the parser.
type prepared struct {
	// src is the original text, text the rewritten one.
	src, text string
	// origin[i] is the offset in src of text[i]; it has len(text)+1
	// entries, the last one len(src).
	origin []int
	// params is the number of ? placeholders.
	params int
}

// lexError is a lexical error at a byte offset of the original text.
type lexError struct {
	pos int
	msg string
}

// Error returns the message with its character position.
func (e *lexError) Error() string { return e.msg }

// rewriter builds a prepared text.
type rewriter struct {
	src    string
	out    strings.Builder
	origin []int
	params int
}

// emit appends s, all of whose bytes come from src offset at.
func (w *rewriter) emit(s string, at int) {
	w.out.WriteString(s)
	for range len(s) {
		w.origin = append(w.origin, at)
	}
}

// copySpan appends src[from:to] byte for byte.
func (w *rewriter) copySpan(from, to int) {
	w.out.WriteString(w.src[from:to])
	for i := from; i < to; i++ {
		w.origin = append(w.origin, i)
	}
}

// prepare rewrites sql for the parser (see the comment above).
func prepare(sql string) (*prepared, error) {
	if !utf8.ValidString(sql) {
		return nil, fmt.Errorf("SQL text is not valid UTF-8")
	}
	w := &rewriter{src: sql, origin: make([]int, 0, len(sql)+8)}
	w.out.Grow(len(sql) + 8)
	special := false // inside /*! ... */
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == '\'' || c == '"':
			end, err := w.stringLiteral(i)
			if err != nil {
				return nil, err
			}
			i = end
		case c == '`':
			end := quotedEnd(sql, i, '`')
			if end < 0 {
				return nil, errAt(sql, i, "unterminated `quoted` name")
			}
			w.copySpan(i, end)
			i = end
		case c == '[':
			end, err := w.bracket(i)
			if err != nil {
				return nil, err
			}
			i = end
		case special && strings.HasPrefix(sql[i:], "*/"):
			special = false
			w.copySpan(i, i+2)
			i += 2
		case strings.HasPrefix(sql[i:], "/*!"):
			special = true
			w.copySpan(i, i+3)
			i += 3
		case strings.HasPrefix(sql[i:], "/*"):
			end := strings.Index(sql[i+2:], "*/")
			if end < 0 {
				return nil, errAt(sql, i, "unterminated /* comment")
			}
			w.copySpan(i, i+2+end+2)
			i += 2 + end + 2
		case c == '#' || strings.HasPrefix(sql[i:], "--") || strings.HasPrefix(sql[i:], "//"):
			end := strings.IndexByte(sql[i:], '\n')
			if end < 0 {
				end = len(sql) - i
			} else {
				end++
			}
			w.copySpan(i, i+end)
			i += end
		case c == '?':
			w.params++
			w.copySpan(i, i+1)
			i++
		default:
			r, size := utf8.DecodeRuneInString(sql[i:])
			switch {
			case r >= utf8.RuneSelf && unicode.IsSpace(r):
				w.emit(" ", i)
				i += size
			case isIdentRune(r):
				i = w.identifier(i)
			default:
				w.copySpan(i, i+size)
				i += size
			}
		}
	}
	w.origin = append(w.origin, len(sql))
	return &prepared{src: sql, text: w.out.String(), origin: w.origin, params: w.params}, nil
}

// isIdentRune reports the characters that may form an unquoted name.
func isIdentRune(r rune) bool {
	switch {
	case r == '_' || r == '$' || r == '@':
		return true
	case r < utf8.RuneSelf:
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return !unicode.IsSpace(r) && unicode.IsPrint(r)
}

// identifier copies the run of name characters at i, backquoting it when
// it holds a non-ASCII character or $, and returns the offset after it.
func (w *rewriter) identifier(i int) int {
	end := i
	quote := false
	for end < len(w.src) {
		r, size := utf8.DecodeRuneInString(w.src[end:])
		if !isIdentRune(r) {
			break
		}
		if r >= utf8.RuneSelf || r == '$' {
			quote = true
		}
		end += size
	}
	if !quote {
		w.copySpan(i, end)
		return end
	}
	w.emit("`", i)
	w.copySpan(i, end)
	w.emit("`", end)
	return end
}

// stringLiteral copies the string starting at i (quote character
// src[i]) and returns the offset after it. Backslash escapes and doubled
// quotes are honoured; \% and \_ get a second backslash so that the parser
// keeps one.
func (w *rewriter) stringLiteral(i int) (int, error) {
	q := w.src[i]
	w.copySpan(i, i+1)
	j := i + 1
	for j < len(w.src) {
		c := w.src[j]
		switch {
		case c == '\\':
			if j+1 >= len(w.src) {
				return 0, errAt(w.src, i, "unterminated string")
			}
			if n := w.src[j+1]; n == '%' || n == '_' {
				w.emit(`\`, j)
			}
			w.copySpan(j, j+2)
			j += 2
		case c == q && j+1 < len(w.src) && w.src[j+1] == q:
			w.copySpan(j, j+2)
			j += 2
		case c == q:
			w.copySpan(j, j+1)
			return j + 1, nil
		default:
			w.copySpan(j, j+1)
			j++
		}
	}
	return 0, errAt(w.src, i, "unterminated string")
}

// bracket rewrites the [name] starting at i as `name` and returns the
// offset after it.
func (w *rewriter) bracket(i int) (int, error) {
	var name strings.Builder
	j := i + 1
	for j < len(w.src) {
		c := w.src[j]
		if c == ']' {
			if j+1 < len(w.src) && w.src[j+1] == ']' {
				name.WriteByte(']')
				j += 2
				continue
			}
			if name.Len() == 0 {
				return 0, errAt(w.src, i, "empty [] name")
			}
			w.emit("`"+strings.ReplaceAll(name.String(), "`", "``")+"`", i)
			return j + 1, nil
		}
		name.WriteByte(c)
		j++
	}
	return 0, errAt(w.src, i, "unterminated [bracketed] name")
}

// quotedEnd returns the offset after the quoted span starting at i with
// quote character q (doubled q stands for itself), or -1.
func quotedEnd(s string, i int, q byte) int {
	for j := i + 1; j < len(s); j++ {
		if s[j] == q {
			if j+1 < len(s) && s[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return -1
}

// errAt builds a lexical error at byte offset pos of src.
func errAt(src string, pos int, msg string) *lexError {
	return &lexError{pos: pos, msg: fmt.Sprintf("syntax error at position %d: %s", charPos(src, pos), msg)}
}

// charPos converts a byte offset of src to a 1-based character position.
func charPos(src string, off int) int {
	off = min(max(off, 0), len(src))
	return utf8.RuneCountInString(src[:off]) + 1
}

// originOf maps an offset of the rewritten text to the original text.
func (p *prepared) originOf(off int) int {
	off = min(max(off, 0), len(p.origin)-1)
	return p.origin[off]
}

// slice returns the prepared text from byte off of the rewritten text,
// keeping the origin map in step.
func (p *prepared) slice(off int) *prepared {
	return &prepared{src: p.src, text: p.text[off:], origin: p.origin[off:], params: p.params}
}
