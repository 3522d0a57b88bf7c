package translate

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// The introspection statements are recognized on the raw text, before the
// SQL parser (which cannot parse DESCRIBE or the table of SHOW COLUMNS, and
// knows nothing of Japanese names):
//
//	SHOW [FULL] TABLES [{FROM | IN} schema] [LIKE 'pattern']
//	SHOW [FULL] {COLUMNS | FIELDS} {FROM | IN} table [{FROM | IN} schema] [LIKE 'pattern']
//	{DESCRIBE | DESC} table [column-or-pattern]
//	SHOW {SCHEMAS | DATABASES}
//
// Names may be plain (any non-ASCII text included), `backquoted`,
// [bracketed] or schema-qualified. SELECTs over information_schema.TABLES,
// COLUMNS and SCHEMATA are ordinary SELECTs and are not handled here.

// introspectionHelp lists the supported forms, for errors.
const introspectionHelp = "supported: SHOW [FULL] TABLES [FROM schema] [LIKE 'pattern'], " +
	"SHOW [FULL] COLUMNS FROM table [LIKE 'pattern'], DESCRIBE table, SHOW SCHEMAS, " +
	"and SELECT ... FROM information_schema.tables / information_schema.columns"

// planIntrospection plans sql when it is an introspection statement; ok
// is false for every other statement (DESC SELECT ... included).
func planIntrospection(ctx context.Context, cat *schema.Catalog, sql string) (node engine.Node, ok bool, err error) {
	toks, err := introspectTokens(sql)
	if err != nil || len(toks) == 0 {
		return nil, false, nil
	}
	switch first := toks[0]; {
	case first.is("show"):
		node, err = planShow(ctx, cat, toks[1:])
		return node, true, err
	case first.is("describe"), first.is("desc"):
		if len(toks) < 2 || toks[1].is("select") || toks[1].is("(") || toks[1].is("with") {
			return nil, false, nil
		}
		node, err = planDescribe(ctx, cat, toks[1:])
		return node, true, err
	}
	return nil, false, nil
}

// planShow plans the words after SHOW.
func planShow(ctx context.Context, cat *schema.Catalog, toks []itok) (engine.Node, error) {
	r := &itokReader{toks: toks}
	if r.accept("schemas") || r.accept("databases") {
		if err := r.end(); err != nil {
			return nil, err
		}
		return showSchemas(cat), nil
	}
	full := r.accept("full")
	switch {
	case r.accept("tables"):
		st := &engine.ShowTables{Catalog: cat, Full: full}
		if r.accept("from") || r.accept("in") {
			name, err := r.name()
			if err != nil {
				return nil, err
			}
			s, ok := schema.CanonicalSchema(name)
			if !ok {
				return nil, fmt.Errorf("SHOW TABLES: unknown schema %q (the schemas are %s)", name, strings.Join(schema.Schemas(), ", "))
			}
			st.Schema = s
		}
		if r.peek().is("where") {
			return nil, notSupported("SHOW TABLES ... WHERE (use SELECT ... FROM information_schema.tables WHERE ...)")
		}
		like, hasLike, err := r.like()
		if err != nil {
			return nil, err
		}
		st.Like, st.HasLike = like, hasLike
		return st, r.end()
	case r.accept("columns"), r.accept("fields"):
		if !r.accept("from") && !r.accept("in") {
			return nil, fmt.Errorf("SHOW COLUMNS needs FROM table; %s", introspectionHelp)
		}
		tbl, err := r.tableName()
		if err != nil {
			return nil, err
		}
		if r.accept("from") || r.accept("in") {
			s, err := r.name()
			if err != nil {
				return nil, err
			}
			tbl = s + "." + tbl
		}
		if r.peek().is("where") {
			return nil, notSupported("SHOW COLUMNS ... WHERE (use SELECT ... FROM information_schema.columns WHERE ...)")
		}
		like, hasLike, err := r.like()
		if err != nil {
			return nil, err
		}
		if err := r.end(); err != nil {
			return nil, err
		}
		return showColumns(ctx, cat, tbl, full, like, hasLike)
	}
	return nil, notSupported(fmt.Sprintf("SHOW %s (%s)", strings.ToUpper(r.peek().text), introspectionHelp))
}

// planDescribe plans the words after DESCRIBE: a table and an optional
// column name or LIKE pattern (MySQL's DESCRIBE t col).
func planDescribe(ctx context.Context, cat *schema.Catalog, toks []itok) (engine.Node, error) {
	r := &itokReader{toks: toks}
	tbl, err := r.tableName()
	if err != nil {
		return nil, err
	}
	var like string
	var hasLike bool
	if !r.done() && !r.peek().is(";") {
		t := r.next()
		if t.kind == 'p' {
			return nil, fmt.Errorf("DESCRIBE %s: unexpected %q", tbl, t.text)
		}
		like, hasLike = t.text, true
	}
	if err := r.end(); err != nil {
		return nil, err
	}
	return showColumns(ctx, cat, tbl, false, like, hasLike)
}

// showColumns resolves the table of SHOW COLUMNS or DESCRIBE.
func showColumns(ctx context.Context, cat *schema.Catalog, name string, full bool, like string, hasLike bool) (engine.Node, error) {
	if cat == nil {
		return nil, fmt.Errorf("table %q: no catalog", name)
	}
	if q, rest, ok := strings.Cut(name, "."); ok {
		if s, known := schema.CanonicalSchema(q); known {
			name = s + "." + rest
		}
	}
	t, err := cat.Lookup(ctx, name)
	if err != nil {
		return nil, err
	}
	return &engine.ShowColumns{Table: t, Full: full, Like: like, HasLike: hasLike}, nil
}

// showSchemas lists the schemas (SHOW SCHEMAS) from information_schema.SCHEMATA.
func showSchemas(cat *schema.Catalog) engine.Node {
	t := &schema.Table{Name: schema.TableInfoSchemata, Schema: schema.InformationSchema, Kind: schema.MetadataTable,
		Columns: []*schema.Column{{Name: "Schema", Code: "SCHEMA_NAME", Type: schema.TypeText}}}
	return &engine.MetaScan{Table: t, Cols: t.Columns, Catalog: cat}
}

// itok is a token of an introspection statement: a plain word ('w'), a
// quoted name ('q'), a string literal ('s') or punctuation ('p').
type itok struct {
	kind byte
	text string
}

// is reports whether the token is the plain word or punctuation s
// (ignoring case).
func (t itok) is(s string) bool {
	return (t.kind == 'w' || t.kind == 'p') && strings.EqualFold(t.text, s)
}

// introspectTokens splits sql into tokens, skipping white space and
// comments.
func introspectTokens(sql string) ([]itok, error) {
	var out []itok
	for i := 0; i < len(sql); {
		c := sql[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f':
			i++
		case strings.HasPrefix(sql[i:], "/*"):
			end := strings.Index(sql[i+2:], "*/")
			if end < 0 {
				return nil, errors.New("unterminated comment")
			}
			i += end + 4
		case c == '#' || strings.HasPrefix(sql[i:], "-- ") || strings.HasPrefix(sql[i:], "--\t") || strings.HasPrefix(sql[i:], "--\n"):
			end := strings.IndexByte(sql[i:], '\n')
			if end < 0 {
				end = len(sql) - i
			}
			i += end
		case c == '\'' || c == '"':
			s, n, err := introspectString(sql[i:])
			if err != nil {
				return nil, err
			}
			out = append(out, itok{'s', s})
			i += n
		case c == '`' || c == '[':
			closer := byte('`')
			if c == '[' {
				closer = ']'
			}
			s, n, err := quotedName(sql[i:], closer)
			if err != nil {
				return nil, err
			}
			out = append(out, itok{'q', s})
			i += n
		case strings.IndexByte(".;,()=", c) >= 0:
			out = append(out, itok{'p', string(c)})
			i++
		default:
			j := i
			for j < len(sql) && !isIntrospectBreak(sql[j]) {
				_, size := utf8.DecodeRuneInString(sql[j:])
				j += size
			}
			out = append(out, itok{'w', sql[i:j]})
			i = j
		}
	}
	return out, nil
}

// isIntrospectBreak reports the bytes that end a plain word.
func isIntrospectBreak(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || strings.IndexByte(".;,()='\"`[", c) >= 0
}

// quotedName reads a `name` or [name] (the closer doubled stands for
// itself) and returns it and the bytes read.
func quotedName(s string, closer byte) (string, int, error) {
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		if s[i] != closer {
			b.WriteByte(s[i])
			continue
		}
		if i+1 < len(s) && s[i+1] == closer {
			b.WriteByte(closer)
			i++
			continue
		}
		return b.String(), i + 1, nil
	}
	return "", 0, fmt.Errorf("unterminated quoted name %s", s)
}

// introspectString reads a '...' or "..." literal with MySQL's escapes (a
// doubled quote; \n, \t, \0, \\ and \' as usual; \% and \_ keep their
// backslash for LIKE) and returns it and the bytes read.
func introspectString(s string) (string, int, error) {
	q := s[0]
	var b strings.Builder
	for i := 1; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s):
			i++
			switch e := s[i]; e {
			case 'n':
				b.WriteByte('\n')
			case 't':
				b.WriteByte('\t')
			case '0':
				b.WriteByte(0)
			case '%', '_':
				b.WriteByte('\\')
				b.WriteByte(e)
			default:
				b.WriteByte(e)
			}
		case c == q && i+1 < len(s) && s[i+1] == q:
			b.WriteByte(q)
			i++
		case c == q:
			return b.String(), i + 1, nil
		default:
			b.WriteByte(c)
		}
	}
	return "", 0, errors.New("unterminated string literal")
}

// itokReader walks the tokens of a statement.
type itokReader struct {
	toks []itok
	pos  int
}

// done reports whether every token is read.
func (r *itokReader) done() bool { return r.pos >= len(r.toks) }

// peek returns the next token, or an empty one at the end.
func (r *itokReader) peek() itok {
	if r.done() {
		return itok{}
	}
	return r.toks[r.pos]
}

// next returns and consumes the next token.
func (r *itokReader) next() itok {
	t := r.peek()
	r.pos++
	return t
}

// accept consumes the next token when it is the word s.
func (r *itokReader) accept(s string) bool {
	if r.peek().is(s) {
		r.pos++
		return true
	}
	return false
}

// name reads one name (plain or quoted).
func (r *itokReader) name() (string, error) {
	t := r.next()
	if t.kind != 'w' && t.kind != 'q' {
		if t.kind == 0 {
			return "", fmt.Errorf("a name is missing at the end of the statement; %s", introspectionHelp)
		}
		return "", fmt.Errorf("expected a name, found %q", t.text)
	}
	return t.text, nil
}

// tableName reads a name, possibly schema-qualified.
func (r *itokReader) tableName() (string, error) {
	n, err := r.name()
	if err != nil {
		return "", err
	}
	if r.accept(".") {
		rest, err := r.name()
		if err != nil {
			return "", err
		}
		n += "." + rest
	}
	return n, nil
}

// like reads an optional LIKE 'pattern'.
func (r *itokReader) like() (string, bool, error) {
	if !r.accept("like") {
		return "", false, nil
	}
	t := r.next()
	if t.kind != 's' {
		return "", false, errors.New("LIKE needs a string pattern, e.g. LIKE 'User%'")
	}
	return t.text, true, nil
}

// end checks that only semicolons remain.
func (r *itokReader) end() error {
	for !r.done() {
		if t := r.next(); !t.is(";") {
			return fmt.Errorf("unexpected %q; %s", t.text, introspectionHelp)
		}
	}
	return nil
}
