package translate

import (
	"fmt"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
	"github.com/kintone-sql/kintone/write"
)

// directoryWrite plans INSERT, UPDATE and DELETE on the directory tables
// (schema CybozuUser), which package write sends through the User API. ok
// is false for statements on any other table (and for names that do not
// resolve), which the record write planner handles and reports.
func (p *planner) directoryWrite(stmt sqlparser.Statement) (st write.Statement, ok bool, err error) {
	var name sqlparser.TableName
	switch s := stmt.(type) {
	case *sqlparser.Insert:
		name = s.Table
	case *sqlparser.Update:
		if name, err = singleTable(s.TableExprs, "UPDATE"); err != nil {
			return nil, false, nil
		}
	case *sqlparser.Delete:
		if name, err = singleTable(s.TableExprs, "DELETE"); err != nil || len(s.Targets) > 0 {
			return nil, false, nil
		}
	default:
		return nil, false, nil
	}
	t, err := p.lookupTable(name)
	if err != nil || t.Kind != schema.DirectoryTable {
		return nil, false, nil
	}
	if !write.IsWritableDirectory(t) {
		return nil, true, fmt.Errorf("%s cannot be written: the User API has no JSON API for it (import a title CSV instead)", t.Name)
	}
	switch s := stmt.(type) {
	case *sqlparser.Insert:
		st, err = p.directoryInsert(t, s)
	case *sqlparser.Update:
		st, err = p.directoryUpdate(t, s)
	case *sqlparser.Delete:
		st, err = p.directoryDelete(t, s)
	}
	return st, true, err
}

// directoryInsert plans INSERT INTO a directory table ... VALUES or
// SELECT.
func (p *planner) directoryInsert(t *schema.Table, ins *sqlparser.Insert) (write.Statement, error) {
	switch {
	case ins.Action == sqlparser.ReplaceStr:
		return nil, notSupported("REPLACE on " + t.Name)
	case ins.Ignore != "":
		return nil, notSupported("INSERT IGNORE")
	case len(ins.Partitions) > 0:
		return nil, notSupported("PARTITION")
	case len(ins.OnDup) > 0:
		return nil, fmt.Errorf("ON DUPLICATE KEY UPDATE is not supported on %s: the User API has no upsert; "+
			"INSERT the new entries and UPDATE the existing ones", t.Name)
	}
	cols := write.DirInsertColumns(t)
	if len(ins.Columns) > 0 {
		cols = make([]*schema.Column, len(ins.Columns))
		for i, id := range ins.Columns {
			c, err := write.DirColumn(t, id.String())
			if err != nil {
				return nil, err
			}
			cols[i] = c
		}
	}
	st := &write.DirInsert{Table: t, Columns: cols}
	var err error
	if st.Values, st.Select, err = p.insertSource(ins.Rows, len(cols)); err != nil {
		return nil, err
	}
	return st, nil
}

// directoryUpdate plans UPDATE t SET ... WHERE ... as a SELECT of the
// key columns, the new values and the columns to send again.
func (p *planner) directoryUpdate(t *schema.Table, upd *sqlparser.Update) (write.Statement, error) {
	if upd.Where == nil {
		return nil, needsWhere("UPDATE", t)
	}
	alias := upd.TableExprs[0].(*sqlparser.AliasedTableExpr).As.String()
	st := &write.DirUpdate{Table: t}
	items := columnItems(write.DirKeyColumns(t))
	for _, u := range upd.Exprs {
		if err := checkQualifier(t, alias, u.Name); err != nil {
			return nil, err
		}
		c, err := write.DirColumn(t, u.Name.Name.String())
		if err != nil {
			return nil, err
		}
		if hasAggregate(u.Expr) {
			return nil, fmt.Errorf("SET %s: aggregate functions are not allowed in SET", engine.QuoteIdent(c.Name))
		}
		st.Set = append(st.Set, c)
		items = append(items, &sqlparser.AliasedExpr{Expr: u.Expr})
	}
	items = append(items, columnItems(write.DirKeptColumns(t, st.Set))...)
	var err error
	st.Read, err = p.writeRead(upd.TableExprs, items, upd.Where, upd.OrderBy, upd.Limit)
	return st, err
}

// directoryDelete plans DELETE FROM t WHERE ... as a SELECT of the key
// columns.
func (p *planner) directoryDelete(t *schema.Table, del *sqlparser.Delete) (write.Statement, error) {
	if len(del.Partitions) > 0 {
		return nil, notSupported("PARTITION")
	}
	if del.Where == nil {
		return nil, needsWhere("DELETE", t)
	}
	read, err := p.writeRead(del.TableExprs, columnItems(write.DirKeyColumns(t)), del.Where, del.OrderBy, del.Limit)
	if err != nil {
		return nil, err
	}
	return &write.DirDelete{Table: t, Read: read}, nil
}

// needsWhere refuses an UPDATE or DELETE of a whole directory table: it
// would change or delete every user (the administrators too), which is
// never meant; WHERE TRUE says so explicitly.
func needsWhere(verb string, t *schema.Table) error {
	what := "change"
	if verb == "DELETE" {
		what = "delete"
	}
	return fmt.Errorf("%s on %s needs a WHERE clause: without one it would %s every entry of the table, "+
		"administrators included (write WHERE TRUE if that is meant)", verb, t.Name, what)
}

// columnItems selects columns by name.
func columnItems(names []string) sqlparser.SelectExprs {
	out := make(sqlparser.SelectExprs, len(names))
	for i, n := range names {
		out[i] = &sqlparser.AliasedExpr{Expr: colName(n)}
	}
	return out
}
