package bridge

import (
	"strings"

	"github.com/kintone-sql/kintone/translate/sqltext"
)

// tokenKind classifies a token of a statement the bridge answers itself.
type tokenKind int

const (
	tokWord   tokenKind = iota // keyword, bare name or number; @@scope.name is one word
	tokIdent                   // `quoted` or [bracketed] name, text unquoted
	tokString                  // 'single' or "double" quoted string, text unescaped
	tokPunct                   // one other character (or a ? placeholder)
)

// token is the bridge's view of one sqltext token: its decoded text and
// its byte span in the statement.
type token struct {
	kind       tokenKind
	text       string
	start, end int
}

// is reports whether t is the word w (any case).
func (t token) is(w string) bool { return t.kind == tokWord && strings.EqualFold(t.text, w) }

// name is the text of a word or quoted name, "" for anything else.
func (t token) name() string {
	if t.kind == tokWord || t.kind == tokIdent {
		return t.text
	}
	return ""
}

// tokenize reads a session statement (SET, SHOW, KILL, USE, @@variables)
// with the project's one lexer, translate/sqltext, which the driver and
// the shell read SQL with too; comments are dropped. A system variable
// written with its scope (@@session.sql_mode) is one word.
func tokenize(sql string) []token {
	code := sqltext.CodeTokens(sql)
	out := make([]token, 0, len(code))
	for i := 0; i < len(code); i++ {
		t := code[i]
		tok := token{kind: tokPunct, text: t.Text, start: t.Pos, end: t.End()}
		switch t.Kind {
		case sqltext.Word, sqltext.Number:
			tok.kind = tokWord
			// @@scope.name: the lexer stops words at the dot.
			if strings.HasPrefix(t.Text, "@@") && i+2 < len(code) && code[i+1].Text == "." &&
				code[i+1].Pos == t.End() && code[i+2].Kind == sqltext.Word && code[i+2].Pos == code[i+1].End() {
				tok.end = code[i+2].End()
				tok.text = sql[tok.start:tok.end]
				i += 2
			}
		case sqltext.Quoted, sqltext.Bracket:
			tok.kind, tok.text = tokIdent, t.Name()
		case sqltext.String:
			tok.kind, tok.text = tokString, t.Value()
		}
		out = append(out, tok)
	}
	return out
}

// quoteString is s as a MySQL string literal.
func quoteString(s string) string {
	return "'" + strings.NewReplacer(`\`, `\\`, `'`, `''`).Replace(s) + "'"
}

// quoteIdent is s as a backquoted identifier.
func quoteIdent(s string) string {
	return "`" + strings.ReplaceAll(s, "`", "``") + "`"
}
