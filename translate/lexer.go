package translate

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/kintone-sql/kintone/translate/sqltext"
)

// The SQL parser (github.com/xwb1989/sqlparser) knows MySQL's lexical
// rules only in part: identifiers are ASCII, comments differ (it takes
// --x for a comment), and it knows nothing of [bracketed] names. A pass
// over the tokens of package sqltext (the one lexer every step shares)
// rewrites the text for it:
//
//   - a word holding a non-ASCII character or $ is put in backquotes:
//     顧客名 → `顧客名`, t.$id → t.`$id`;
//   - a CData-style [bracketed name] (]] stands for ]) becomes a
//     backquoted name;
//   - white space (the ideographic space U+3000 and NBSP included) and
//     comments become a plain space; the marks of a MySQL /*! ... */
//     comment too, its content being code, as MySQL executes it;
//   - two minus signs in a row (5--3) are kept apart, so that the parser
//     does not read a comment where MySQL reads none;
//   - in strings, \% and \_ keep their backslash, as MySQL keeps it for
//     LIKE patterns (the parser would drop it).
//
// The pass also counts the ? placeholders, refuses $1-style placeholders
// and a second statement, and keeps, for each byte of the new text, the
// offset of the byte of the original it came from, so that parse errors
// point into the original.

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

// copyToken appends the token's text byte for byte.
func (w *rewriter) copyToken(t sqltext.Token) {
	w.out.WriteString(t.Text)
	for i := t.Pos; i < t.End(); i++ {
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
	toks := sqltext.Lex(sql)
	var prev sqltext.Token // previous code token
	ended := -1            // offset of a ';' ending the statement
	for _, t := range toks {
		if t.Code() && ended >= 0 && !t.Is(";") {
			return nil, errAt(sql, t.Pos, fmt.Sprintf("%q starts a second statement; run one statement per call", firstWord(t)))
		}
		if err := w.token(t, prev); err != nil {
			return nil, err
		}
		if t.Code() {
			if t.Is(";") {
				ended = t.Pos
			}
			prev = t
		}
	}
	w.origin = append(w.origin, len(sql))
	return &prepared{src: sql, text: w.out.String(), origin: w.origin, params: w.params}, nil
}

// firstWord is a token's text, shortened for an error.
func firstWord(t sqltext.Token) string {
	if r := []rune(t.Text); len(r) > 20 {
		return string(r[:20]) + "…"
	}
	return t.Text
}

// token appends the rewriting of one token; prev is the code token before
// it.
func (w *rewriter) token(t sqltext.Token, prev sqltext.Token) error {
	switch t.Kind {
	case sqltext.Space:
		if t.Text[0] < utf8.RuneSelf {
			w.copyToken(t)
		} else {
			w.emit(" ", t.Pos)
		}
	case sqltext.Comment, sqltext.ExecMark:
		if t.Open {
			what := "/* comment"
			if t.Kind == sqltext.ExecMark {
				what = "/*! comment"
			}
			return errAt(w.src, t.Pos, "unterminated "+what)
		}
		w.emit(" ", t.Pos)
	case sqltext.String:
		if t.Open {
			return errAt(w.src, t.Pos, "unterminated string")
		}
		w.stringLiteral(t)
	case sqltext.Quoted:
		if t.Open {
			return errAt(w.src, t.Pos, "unterminated `quoted` name")
		}
		w.copyToken(t)
	case sqltext.Bracket:
		if t.Open {
			return errAt(w.src, t.Pos, "unterminated [bracketed] name")
		}
		name := t.Name()
		if name == "" {
			return errAt(w.src, t.Pos, "empty [] name")
		}
		w.emit("`"+strings.ReplaceAll(name, "`", "``")+"`", t.Pos)
	case sqltext.Param:
		// Numbered as the parser numbers them, so that pieces of the
		// text parsed apart (CTE bodies) keep their arguments.
		w.params++
		w.emit(fmt.Sprintf(":v%d", w.params), t.Pos)
	case sqltext.Word:
		return w.word(t)
	case sqltext.Punct:
		if t.Text == "-" && prev.Kind == sqltext.Punct && prev.Text == "-" && prev.End() == t.Pos {
			w.emit(" ", t.Pos)
		}
		w.copyToken(t)
	default:
		w.copyToken(t)
	}
	return nil
}

// word copies a word, backquoting it when it holds a non-ASCII character
// or $; $1-style placeholders are refused.
func (w *rewriter) word(t sqltext.Token) error {
	if isDollarPlaceholder(t.Text) {
		return errAt(w.src, t.Pos, fmt.Sprintf("%s: use ? placeholders (numbered $n placeholders are not supported)", t.Text))
	}
	if strings.IndexFunc(t.Text, func(r rune) bool { return r >= utf8.RuneSelf || r == '$' }) < 0 {
		w.copyToken(t)
		return nil
	}
	w.emit("`", t.Pos)
	w.copyToken(t)
	w.emit("`", t.End()-1)
	return nil
}

// isDollarPlaceholder reports PostgreSQL-style placeholders: $1, $2 ...
func isDollarPlaceholder(s string) bool {
	if len(s) < 2 || s[0] != '$' {
		return false
	}
	return strings.Trim(s[1:], "0123456789") == ""
}

// stringLiteral copies a string, giving \% and \_ a second backslash so
// that the parser keeps one.
func (w *rewriter) stringLiteral(t sqltext.Token) {
	s := t.Text
	for j := 0; j < len(s); j++ {
		if s[j] == '\\' && j+1 < len(s) {
			if n := s[j+1]; n == '%' || n == '_' {
				w.emit(`\`, t.Pos+j)
			}
			w.out.WriteString(s[j : j+2])
			w.origin = append(w.origin, t.Pos+j, t.Pos+j+1)
			j++
			continue
		}
		w.out.WriteByte(s[j])
		w.origin = append(w.origin, t.Pos+j)
	}
}

// errAt builds a lexical error at byte offset pos of src.
func errAt(src string, pos int, msg string) *lexError {
	return &lexError{pos: pos, msg: fmt.Sprintf("syntax error at position %d: %s", charPos(src, pos), msg)}
}

// charPos converts a byte offset of src to a 1-based character position.
func charPos(src string, off int) int { return sqltext.CharPos(src, off) }

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
