package translate

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/schema"
	"github.com/kintone-sql/kintone/write"
)

// PlanWrite translates one INSERT, UPDATE or DELETE statement with its
// arguments into a write.Statement. The rows an UPDATE or DELETE changes
// are found by a SELECT plan built from its WHERE (with the same pushdown
// and client-side filtering as a query); see package write for how the
// writes are sent.
func PlanWrite(ctx context.Context, cat *schema.Catalog, sql string, args []any, opts Options) (write.Statement, error) {
	p, err := prepare(sql)
	if err != nil {
		return nil, err
	}
	words := codeWords(p.text)
	if len(words) == 0 {
		return nil, errors.New("empty SQL statement")
	}
	if p.params != len(args) {
		return nil, fmt.Errorf("the statement has %d ? placeholders but %d arguments were given", p.params, len(args))
	}
	wins := &windows{}
	if p, err = wins.rewrite(p); err != nil {
		return nil, err
	}
	p, ctes, err := extractCTEs(p)
	if err != nil {
		return nil, err
	}
	stmt, err := sqlparser.Parse(p.text)
	if err != nil {
		return nil, parseError(p, words, err)
	}
	pl := newPlanner(ctx, cat, args, opts)
	pl.st.ctes, pl.st.cteVisible, pl.st.windows = ctes, len(ctes), wins
	if st, ok, err := pl.directoryWrite(stmt); ok {
		return st, err
	}
	switch s := stmt.(type) {
	case *sqlparser.Insert:
		return pl.insertPlan(s)
	case *sqlparser.Update:
		return pl.updatePlan(s)
	case *sqlparser.Delete:
		return pl.deletePlan(s)
	}
	return nil, fmt.Errorf("Exec runs INSERT, UPDATE and DELETE; run %s statements with Query", strings.ToUpper(wordAt(words, 0)))
}

// writeTable resolves the target table of a write and checks that kintone
// can write it.
func (p *planner) writeTable(name sqlparser.TableName, verb string) (*schema.Table, error) {
	t, err := p.lookupTable(name)
	if err != nil {
		return nil, err
	}
	switch {
	case t.Kind == schema.AppTable || t.Kind == schema.SubtableTable:
		return t, nil
	case t.Kind == schema.MetadataTable && t.Name == schema.TableComments && verb != "UPDATE":
		return t, nil
	case t.Kind == schema.MetadataTable && t.Name == schema.TableComments:
		return nil, fmt.Errorf("UPDATE %s is not supported: kintone cannot edit a comment (DELETE it and INSERT a new one)", t.Name)
	}
	return nil, fmt.Errorf("%s %s is not supported: only app tables, subtable tables and Comments can be written", verb, t.Name)
}

// lookupTable resolves a table name as written (optionally qualified by
// its schema).
func (p *planner) lookupTable(name sqlparser.TableName) (*schema.Table, error) {
	full := name.Name.String()
	if !name.Qualifier.IsEmpty() {
		full = name.Qualifier.String() + "." + full
	}
	if p.cat == nil {
		return nil, fmt.Errorf("table %q: no catalog", full)
	}
	return p.cat.Lookup(p.ctx, full)
}

// singleTable returns the table name of a one-table FROM list (UPDATE t,
// DELETE FROM t), refusing joins.
func singleTable(exprs sqlparser.TableExprs, verb string) (sqlparser.TableName, error) {
	if len(exprs) == 1 {
		if a, ok := exprs[0].(*sqlparser.AliasedTableExpr); ok && len(a.Partitions) == 0 {
			if name, ok := a.Expr.(sqlparser.TableName); ok {
				return name, nil
			}
		}
	}
	return sqlparser.TableName{}, notSupported(verb + " of several tables or joins")
}

// colName builds a column reference for a generated SELECT.
func colName(name string) *sqlparser.ColName {
	return &sqlparser.ColName{Name: sqlparser.NewColIdent(name)}
}

// readsColumns reports whether e refers to any column.
func readsColumns(e sqlparser.SQLNode) bool {
	found := false
	_ = sqlparser.Walk(func(n sqlparser.SQLNode) (bool, error) {
		if _, ok := n.(*sqlparser.ColName); ok {
			found = true
			return false, nil
		}
		return true, nil
	}, e)
	return found
}

// targetColumn resolves an assigned column (SET c = ..., ON DUPLICATE KEY
// UPDATE c = ...) of t; a qualifier must name the table.
func targetColumn(t *schema.Table, alias string, cn *sqlparser.ColName) (*schema.Column, error) {
	if err := checkQualifier(t, alias, cn); err != nil {
		return nil, err
	}
	return t.Column(cn.Name.String())
}

// checkQualifier checks that the qualifier of an assigned column, if any,
// names the table (or its alias).
func checkQualifier(t *schema.Table, alias string, cn *sqlparser.ColName) error {
	if cn.Qualifier.IsEmpty() {
		return nil
	}
	q := cn.Qualifier.Name.String()
	ok := strings.EqualFold(q, alias) || strings.EqualFold(q, t.Name)
	for _, a := range t.Aliases {
		ok = ok || strings.EqualFold(q, a)
	}
	if !ok {
		return fmt.Errorf("unknown table %q in %s", q, sqlparser.String(cn))
	}
	return nil
}
