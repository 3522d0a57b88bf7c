package translate

import (
	"fmt"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
	"github.com/kintone-sql/kintone/write"
)

// updatePlan plans UPDATE t SET ... [WHERE ...] [ORDER BY ...] [LIMIT n]
// as a SELECT of $id, $revision (or $row_id) and the new values, through
// the query planner; WHERE $id = ? or $id IN (...) with constant values
// also gets a direct write by id.
func (p *planner) updatePlan(upd *sqlparser.Update) (write.Statement, error) {
	name, err := singleTable(upd.TableExprs, "UPDATE")
	if err != nil {
		return nil, err
	}
	t, err := p.writeTable(name, "UPDATE")
	if err != nil {
		return nil, err
	}
	alias := upd.TableExprs[0].(*sqlparser.AliasedTableExpr).As.String()
	st := &write.Update{Table: t}
	items := keyItems(t)
	var values []sqlparser.Expr
	var status *schema.Column
	for _, u := range upd.Exprs {
		c, err := targetColumn(t, alias, u.Name)
		if err != nil {
			return nil, err
		}
		if hasAggregate(u.Expr) {
			return nil, fmt.Errorf("SET %s: aggregate functions are not allowed in SET", engine.QuoteIdent(c.Name))
		}
		st.Set = append(st.Set, c)
		st.UsesOld = st.UsesOld || readsColumns(u.Expr)
		values = append(values, u.Expr)
		items = append(items, &sqlparser.AliasedExpr{Expr: u.Expr})
		if c.FieldType == schema.FieldStatus {
			status = c
		}
	}
	if status != nil {
		items = append(items, &sqlparser.AliasedExpr{Expr: colName(status.Name)})
	}
	if st.Read, err = p.writeRead(upd.TableExprs, items, upd.Where, upd.OrderBy, upd.Limit); err != nil {
		return nil, err
	}
	if !st.UsesOld && status == nil && t.Kind == schema.AppTable && upd.OrderBy == nil && upd.Limit == nil {
		if st.Direct, err = p.direct(t, upd.Where); err != nil {
			return nil, err
		}
		if st.Direct != nil {
			if st.Direct.Values, err = p.exprList(values, inSelect); err != nil {
				return nil, err
			}
		}
	}
	return st, nil
}

// deletePlan plans DELETE FROM t [WHERE ...] [ORDER BY ...] [LIMIT n] like
// updatePlan, and DELETE FROM Comments by its keys.
func (p *planner) deletePlan(del *sqlparser.Delete) (write.Statement, error) {
	if len(del.Targets) > 0 || len(del.Partitions) > 0 {
		return nil, notSupported("multi-table DELETE and PARTITION")
	}
	name, err := singleTable(del.TableExprs, "DELETE")
	if err != nil {
		return nil, err
	}
	t, err := p.writeTable(name, "DELETE")
	if err != nil {
		return nil, err
	}
	if t.Kind == schema.MetadataTable {
		return p.deleteComments(del.Where)
	}
	st := &write.Delete{Table: t}
	if st.Read, err = p.writeRead(del.TableExprs, keyItems(t), del.Where, del.OrderBy, del.Limit); err != nil {
		return nil, err
	}
	if t.Kind == schema.AppTable && del.OrderBy == nil && del.Limit == nil {
		if st.Direct, err = p.direct(t, del.Where); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// keyItems are the first columns of a write's read: $id, then $revision
// (app tables) or $row_id (subtable tables).
func keyItems(t *schema.Table) sqlparser.SelectExprs {
	second := schema.ColumnRevision
	if t.Kind == schema.SubtableTable {
		second = schema.ColumnRowID
	}
	return sqlparser.SelectExprs{&sqlparser.AliasedExpr{Expr: colName(schema.ColumnID)}, &sqlparser.AliasedExpr{Expr: colName(second)}}
}

// writeRead plans the SELECT that finds a write's rows.
func (p *planner) writeRead(from sqlparser.TableExprs, items sqlparser.SelectExprs, where *sqlparser.Where,
	order sqlparser.OrderBy, limit *sqlparser.Limit) (engine.Node, error) {
	sel := &sqlparser.Select{SelectExprs: items, From: from, Where: where, OrderBy: order, Limit: limit}
	n := p.statementPlanner()
	n.opts.recheck = true
	return n.selectPlan(sel)
}

// direct recognises WHERE $id = v, $id IN (v, ...), optionally AND
// $revision = v (with one id), whose rows are written by id without a
// read. It returns nil for any other condition.
func (p *planner) direct(t *schema.Table, where *sqlparser.Where) (*write.Direct, error) {
	if where == nil {
		return nil, nil
	}
	terms := andTerms(where.Expr)
	d := &write.Direct{}
	haveIDs, haveRev := false, false
	for _, term := range terms {
		cmp, ok := term.(*sqlparser.ComparisonExpr)
		if !ok {
			return nil, nil
		}
		cn, ok := cmp.Left.(*sqlparser.ColName)
		if !ok {
			return nil, nil
		}
		c, err := t.Column(cn.Name.String())
		if err != nil {
			return nil, nil // the read reports it
		}
		var right []sqlparser.Expr
		switch cmp.Operator {
		case sqlparser.EqualStr:
			right = []sqlparser.Expr{cmp.Right}
		case sqlparser.InStr:
			tuple, ok := cmp.Right.(sqlparser.ValTuple)
			if !ok {
				return nil, nil
			}
			right = tuple
		default:
			return nil, nil
		}
		ns, ok := p.constInts(right)
		if !ok {
			return nil, nil
		}
		switch {
		case c.FieldType == schema.FieldID && !haveIDs:
			d.IDs, haveIDs = ns, true
		case c.FieldType == schema.FieldRevision && !haveRev && cmp.Operator == sqlparser.EqualStr && ns[0] > 0:
			d.Revision, haveRev = ns[0], true
		default:
			return nil, nil
		}
	}
	if !haveIDs || haveRev && len(d.IDs) != 1 {
		return nil, nil
	}
	return d, nil
}

// constInts evaluates constant positive integers (literals, ? arguments).
func (p *planner) constInts(list []sqlparser.Expr) ([]int64, bool) {
	out := make([]int64, 0, len(list))
	seen := map[int64]bool{}
	for _, e := range list {
		if readsColumns(e) {
			return nil, false
		}
		x, err := p.expr(e, inSelect)
		if err != nil {
			return nil, false
		}
		lit, ok := x.(*engine.Literal)
		if !ok {
			return nil, false
		}
		n, ok := integerValue(lit.V)
		if !ok || n <= 0 {
			return nil, false
		}
		if !seen[n] {
			seen[n] = true
			out = append(out, n)
		}
	}
	return out, len(out) > 0
}

// deleteComments plans DELETE FROM Comments WHERE AppId = ? AND RecordId
// = ? AND (Id = ? or Id IN (...)).
func (p *planner) deleteComments(where *sqlparser.Where) (write.Statement, error) {
	errShape := fmt.Errorf("DELETE FROM %s needs WHERE AppId = ... AND RecordId = ... AND Id = ... (or Id IN (...)), with constants", schema.TableComments)
	if where == nil {
		return nil, errShape
	}
	terms := andTerms(where.Expr)
	st := &write.DeleteComments{}
	got := map[string]bool{}
	for _, term := range terms {
		cmp, ok := term.(*sqlparser.ComparisonExpr)
		if !ok {
			return nil, errShape
		}
		cn, ok := cmp.Left.(*sqlparser.ColName)
		if !ok {
			return nil, errShape
		}
		right := []sqlparser.Expr{cmp.Right}
		if tuple, isTuple := cmp.Right.(sqlparser.ValTuple); isTuple && cmp.Operator == sqlparser.InStr {
			right = tuple
		} else if cmp.Operator != sqlparser.EqualStr {
			return nil, errShape
		}
		ns, ok := p.constInts(right)
		key := cn.Name.Lowered()
		if !ok || got[key] || key != "id" && len(ns) != 1 {
			return nil, errShape
		}
		got[key] = true
		switch key {
		case "appid":
			st.App = ns[0]
		case "recordid":
			st.Record = ns[0]
		case "id":
			st.IDs = ns
		default:
			return nil, errShape
		}
	}
	if !got["appid"] || !got["recordid"] || !got["id"] {
		return nil, errShape
	}
	return st, nil
}

// andTerms splits a condition into its AND-ed terms.
func andTerms(e sqlparser.Expr) []sqlparser.Expr {
	switch x := e.(type) {
	case *sqlparser.AndExpr:
		return append(andTerms(x.Left), andTerms(x.Right)...)
	case *sqlparser.ParenExpr:
		return andTerms(x.Expr)
	}
	return []sqlparser.Expr{e}
}
