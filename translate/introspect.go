package translate

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
	"github.com/kintone-sql/kintone/translate/sqltext"
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
func planIntrospection(ctx context.Context, cat *schema.Catalog, sql string, args []any) (node engine.Node, ok bool, err error) {
	switch sqltext.Keyword(sql) {
	case "SHOW", "DESCRIBE", "DESC":
	default:
		return nil, false, nil
	}
	if d := sqltext.CodeTokens(sql); len(d) > 1 && !d[0].Is("show") && (d[1].Is("select") || d[1].Is("(") || d[1].Is("with")) {
		return nil, false, nil // DESC SELECT ...: EXPLAIN
	}
	toks, err := introspectTokens(sql, args)
	if err != nil {
		return nil, true, err
	}
	switch first := toks[0]; {
	case first.is("show"):
		node, err = planShow(ctx, cat, toks[1:])
		return node, true, err
	case first.is("describe"), first.is("desc"):
		if len(toks) < 2 {
			return nil, true, fmt.Errorf("DESCRIBE needs a table name; %s", introspectionHelp)
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

// introspectTokens returns the code tokens of sql as itoks; a ? takes
// the next of args (a string) as a string token.
func introspectTokens(sql string, args []any) ([]itok, error) {
	var out []itok
	used := 0
	toks := sqltext.Lex(sql)
	params := 0
	for _, t := range toks {
		if t.Kind == sqltext.Param {
			params++
		}
	}
	if params != len(args) {
		return nil, fmt.Errorf("the statement has %d ? placeholders but %d arguments were given", params, len(args))
	}
	for _, t := range toks {
		if t.Open {
			return nil, fmt.Errorf("syntax error at position %d: unterminated %s", sqltext.CharPos(sql, t.Pos), t.Text[:min(len(t.Text), 3)])
		}
		switch t.Kind {
		case sqltext.Word, sqltext.Number:
			out = append(out, itok{'w', t.Text})
		case sqltext.Quoted, sqltext.Bracket:
			out = append(out, itok{'q', t.Name()})
		case sqltext.String:
			out = append(out, itok{'s', t.Value()})
		case sqltext.Param:
			v, ok := args[used].(string)
			if !ok {
				return nil, fmt.Errorf("argument %d: want a string pattern, got %T", used+1, args[used])
			}
			used++
			out = append(out, itok{'s', v})
		case sqltext.Punct:
			out = append(out, itok{'p', t.Text})
		}
	}
	return out, nil
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
