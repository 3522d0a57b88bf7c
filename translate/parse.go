package translate

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/xwb1989/sqlparser"
)

// statement is a parsed SELECT (or UNION), possibly under EXPLAIN.
type statement struct {
	sel     sqlparser.SelectStatement
	explain bool
	params  int
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
// (WITH, CALL, window functions) are named; otherwise the position is
// mapped back to the original text as a 1-based character position.
func parseError(p *prepared, words []word, err error) error {
	switch first := wordAt(words, 0); first {
	case "with":
		return notSupported("WITH (common table expressions)")
	case "call":
		return notSupported("CALL (stored procedures)")
	}
	for i, w := range words {
		next := wordAt(words, i+1)
		switch {
		case w.text == "over" && (next == "(" || next != "" && wordAt(words, i-1) == ")"):
			return errors.New("window functions (OVER) are not supported")
		case (w.text == "any" || w.text == "some" || w.text == "all") && next == "(" && wordAt(words, i+2) == "select":
			return notSupported("comparisons with " + strings.ToUpper(w.text) + " (subquery); use IN, EXISTS or MIN/MAX")
		case w.text == "with" && next == "rollup":
			return notSupported("WITH ROLLUP")
		case w.text == "intersect" || w.text == "except" || w.text == "minus":
			return notSupported(strings.ToUpper(w.text))
		case w.text == "lateral":
			return notSupported("LATERAL derived tables")
		case w.text == "window" && i > 0:
			return errors.New("window functions (WINDOW) are not supported")
		}
	}
	m := parserPosition.FindStringSubmatch(err.Error())
	if m == nil {
		return fmt.Errorf("syntax error: %s", err.Error())
	}
	n, _ := strconv.Atoi(m[2])
	// The parser counts one past the offending token's last byte.
	orig := p.originOf(n - 1)
	return fmt.Errorf("%s at position %d%s", m[1], charPos(p.src, orig), m[3])
}

// word is one lower-cased word or punctuation character of code (outside
// strings, quoted names and comments), with the offset after it.
type word struct {
	text string
	end  int
}

// codeWords splits prepared text into lower-cased ASCII words and single
// punctuation characters, skipping strings, quoted names and comments.
func codeWords(text string) []word {
	var out []word
	for i := 0; i < len(text); {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '\'' || c == '"':
			i = skipString(text, i)
			out = append(out, word{text: "'", end: i})
		case c == '`':
			end := quotedEnd(text, i, '`')
			if end < 0 {
				end = len(text)
			}
			i = end
			out = append(out, word{text: "`", end: i})
		case strings.HasPrefix(text[i:], "/*!"):
			i += 3
		case strings.HasPrefix(text[i:], "*/"):
			i += 2
		case strings.HasPrefix(text[i:], "/*"):
			end := strings.Index(text[i+2:], "*/")
			if end < 0 {
				return out
			}
			i += end + 4
		case c == '#' || strings.HasPrefix(text[i:], "--") || strings.HasPrefix(text[i:], "//"):
			end := strings.IndexByte(text[i:], '\n')
			if end < 0 {
				return out
			}
			i += end + 1
		case isWordByte(c):
			j := i
			for j < len(text) && isWordByte(text[j]) {
				j++
			}
			out = append(out, word{text: strings.ToLower(text[i:j]), end: j})
			i = j
		default:
			out = append(out, word{text: string(c), end: i + 1})
			i++
		}
	}
	return out
}

// isWordByte reports bytes of ASCII words.
func isWordByte(c byte) bool {
	return c == '_' || c == '$' || c == '@' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c >= 0x80
}

// skipString returns the offset after the string literal at i.
func skipString(text string, i int) int {
	q := text[i]
	for j := i + 1; j < len(text); j++ {
		switch text[j] {
		case '\\':
			j++
		case q:
			if j+1 < len(text) && text[j+1] == q {
				j++
				continue
			}
			return j + 1
		}
	}
	return len(text)
}
