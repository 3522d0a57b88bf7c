package translate

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/translate/sqltext"
)

// statement is a parsed SELECT (or UNION), possibly under EXPLAIN.
type statement struct {
	sel     sqlparser.SelectStatement
	explain bool
	params  int
	ctes    []*cte
	windows *windows
}

// parseStatement prepares and parses sql. Errors carry positions in the
// original text.
func parseStatement(sql string) (*statement, error) {
	p, err := prepare(sql)
	if err != nil {
		return nil, err
	}
	st := &statement{params: p.params}
	words := codeWords(p.text)
	if len(words) == 0 {
		return nil, errors.New("empty SQL statement")
	}
	p, st.explain, err = stripExplain(p, words)
	if err != nil {
		return nil, err
	}
	p = rewriteCalls(p)
	st.windows = &windows{}
	if p, err = st.windows.rewrite(p); err != nil {
		return nil, err
	}
	if p, st.ctes, err = extractCTEs(p); err != nil {
		return nil, err
	}
	stmt, err := sqlparser.Parse(p.text)
	if err != nil {
		return nil, parseError(p, words, err)
	}
	sel, err := queryOf(stmt)
	if err != nil {
		return nil, err
	}
	st.sel = sel
	return st, nil
}

// wordAt returns the i-th word's text, or "".
func wordAt(words []word, i int) string {
	if i < len(words) {
		return words[i].text
	}
	return ""
}

// queryOf returns the SELECT or UNION of stmt or an error naming what it
// is.
func queryOf(stmt sqlparser.Statement) (sqlparser.SelectStatement, error) {
	switch s := stmt.(type) {
	case *sqlparser.Union:
		return s, nil
	case *sqlparser.ParenSelect:
		return queryOf(s.Select)
	}
	return selectOf(stmt)
}

// selectOf returns the single SELECT of stmt or an error naming what it
// is (a UNION is refused: use queryOf where one is allowed).
func selectOf(stmt sqlparser.Statement) (*sqlparser.Select, error) {
	switch s := stmt.(type) {
	case *sqlparser.Select:
		return s, nil
	case *sqlparser.ParenSelect:
		return selectOf(s.Select)
	case *sqlparser.Union:
		return nil, notSupported("UNION here")
	case *sqlparser.Insert:
		return nil, notSupported(strings.ToUpper(s.Action))
	case *sqlparser.Update:
		return nil, notSupported("UPDATE")
	case *sqlparser.Delete:
		return nil, notSupported("DELETE")
	case *sqlparser.Show:
		return nil, notSupported("SHOW")
	case *sqlparser.Set:
		return nil, notSupported("SET")
	case *sqlparser.DDL:
		return nil, notSupported(strings.ToUpper(s.Action) + " (DDL)")
	case *sqlparser.Use:
		return nil, notSupported("USE")
	case *sqlparser.Begin, *sqlparser.Commit, *sqlparser.Rollback:
		return nil, notSupported("transaction statements")
	case *sqlparser.OtherRead:
		return nil, notSupported("DESCRIBE")
	case *sqlparser.OtherAdmin:
		return nil, notSupported("this administrative statement")
	}
	return nil, fmt.Errorf("%T statements are not supported", stmt)
}

// notSupported is the error for a construct the translator refuses.
func notSupported(what string) error {
	return fmt.Errorf("%s is not supported yet", what)
}

// parserPosition matches the position in the parser's error messages.
var parserPosition = regexp.MustCompile(`^(.*?) at position (\d+)(.*)$`)

// parseError rewrites a parser error: constructs the parser does not know
// (CALL, INTERSECT, LATERAL) are named; otherwise the position is
// mapped back to the original text as a 1-based character position.
func parseError(p *prepared, words []word, err error) error {
	if wordAt(words, 0) == "call" {
		return notSupported("CALL (stored procedures)")
	}
	for _, w := range words {
		switch {
		case w.text == "intersect" || w.text == "except" || w.text == "minus":
			return notSupported(strings.ToUpper(w.text))
		case w.text == "lateral":
			return notSupported("LATERAL derived tables")
		}
	}
	m := parserPosition.FindStringSubmatch(err.Error())
	if m == nil {
		return fmt.Errorf("syntax error: %s", err.Error())
	}
	n, _ := strconv.Atoi(m[2])
	// The parser counts two past the offending token's last byte; the
	// error names the user's token as typed, at its first character.
	orig := p.originOf(n - 2)
	if near := strings.TrimSpace(m[3]); (near == "" || near == "near ''") && n-1 >= len(strings.TrimRight(p.text, " \t\r\n;")) {
		return fmt.Errorf("%s at position %d: the statement ends too early", m[1], charPos(p.src, len(p.src)))
	}
	if t, ok := tokenAt(p.src, orig); ok {
		return fmt.Errorf("%s at position %d near '%s'", m[1], charPos(p.src, t.Pos), t.Text)
	}
	return fmt.Errorf("%s at position %d%s", m[1], charPos(p.src, orig), m[3])
}

// tokenAt returns the code token of src holding byte offset off.
func tokenAt(src string, off int) (sqltext.Token, bool) {
	for _, t := range sqltext.Lex(src) {
		if t.Pos <= off && off < t.End() && t.Code() {
			return t, true
		}
	}
	return sqltext.Token{}, false
}

// word is one lower-cased word or punctuation character of code (outside
// strings, quoted names and comments), with the offset after it. Strings
// are "'" and quoted names "`".
type word struct {
	text string
	end  int
}

// codeWords returns the code tokens of prepared text as words.
func codeWords(text string) []word {
	toks := sqltext.CodeTokens(text)
	out := make([]word, 0, len(toks))
	for _, t := range toks {
		w := word{text: strings.ToLower(t.Text), end: t.End()}
		switch t.Kind {
		case sqltext.String:
			w.text = "'"
		case sqltext.Quoted, sqltext.Bracket:
			w.text = "`"
		}
		out = append(out, w)
	}
	return out
}
