package translate

import (
	"fmt"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
	"github.com/kintone-sql/kintone/write"
)

// insertPlan plans INSERT ... VALUES, INSERT ... SET, INSERT ... SELECT
// (from any readable table, including other apps) and INSERT ... ON
// DUPLICATE KEY UPDATE (an upsert).
func (p *planner) insertPlan(ins *sqlparser.Insert) (write.Statement, error) {
	switch {
	case ins.Action == sqlparser.ReplaceStr:
		return nil, notSupported("REPLACE (use INSERT ... ON DUPLICATE KEY UPDATE)")
	case ins.Ignore != "":
		return nil, notSupported("INSERT IGNORE")
	case len(ins.Partitions) > 0:
		return nil, notSupported("PARTITION")
	}
	t, err := p.writeTable(ins.Table, "INSERT")
	if err != nil {
		return nil, err
	}
	cols, err := insertColumns(t, ins.Columns)
	if err != nil {
		return nil, err
	}
	st := &write.Insert{Table: t, Columns: cols}
	if st.Values, st.Select, err = p.insertSource(ins.Rows, len(cols)); err != nil {
		return nil, err
	}
	if len(ins.OnDup) > 0 {
		if st.UpsertKey, err = upsertKey(t, cols, ins.OnDup); err != nil {
			return nil, err
		}
	}
	return st, nil
}

// insertSource plans the rows of an INSERT of width columns: the VALUES
// rows as constant expressions, or the plan of INSERT ... SELECT (from any
// readable table).
func (p *planner) insertSource(rows sqlparser.InsertRows, width int) ([][]engine.Expr, engine.Node, error) {
	switch rows := rows.(type) {
	case sqlparser.Values:
		values := make([][]engine.Expr, 0, len(rows))
		for i, tuple := range rows {
			if len(tuple) != width {
				return nil, nil, fmt.Errorf("VALUES row %d has %d values for %d columns", i+1, len(tuple), width)
			}
			exprs, err := p.exprList(tuple, inSelect)
			if err != nil {
				return nil, nil, fmt.Errorf("VALUES row %d: %w", i+1, err)
			}
			values = append(values, exprs)
		}
		return values, nil, nil
	case sqlparser.SelectStatement:
		sel, err := selectOf(rows)
		if err != nil {
			return nil, nil, err
		}
		node, err := p.statementPlanner().selectPlan(sel)
		if err != nil {
			return nil, nil, fmt.Errorf("INSERT ... SELECT: %w", err)
		}
		if n := len(node.Columns()); n != width {
			return nil, nil, fmt.Errorf("INSERT ... SELECT: the SELECT yields %d columns for %d target columns", n, width)
		}
		return nil, node, nil
	}
	return nil, nil, fmt.Errorf("unsupported INSERT rows %s", sqlparser.String(rows))
}

// insertColumns resolves the column list; without one, the columns an
// INSERT can write in table order: every writable field of an app table
// (not the system fields kintone fills in), $id and the writable fields of
// a subtable table, or AppId, RecordId, Text and Mentions of Comments.
func insertColumns(t *schema.Table, list sqlparser.Columns) ([]*schema.Column, error) {
	if len(list) > 0 {
		out := make([]*schema.Column, len(list))
		for i, id := range list {
			c, err := t.Column(id.String())
			if err != nil {
				return nil, err
			}
			out[i] = c
		}
		return out, nil
	}
	var out []*schema.Column
	for _, c := range t.Columns {
		switch {
		case t.Kind == schema.MetadataTable:
			switch c.Name {
			case "AppId", "RecordId", "Text", "Mentions":
				out = append(out, c)
			}
		case c.Writable, t.Kind == schema.SubtableTable && c.FieldType == schema.FieldID:
			out = append(out, c)
		}
	}
	return out, nil
}

// upsertKey picks the key of INSERT ... ON DUPLICATE KEY UPDATE: the one
// inserted column that can identify a record in kintone's upsert ($id, or
// a unique SINGLE_LINE_TEXT or NUMBER field). kintone's upsert writes the
// same values whether it inserts or updates, so the update list must be
// c = VALUES(c) for every other inserted column.
func upsertKey(t *schema.Table, cols []*schema.Column, onDup sqlparser.OnDup) (*schema.Column, error) {
	if t.Kind != schema.AppTable {
		return nil, fmt.Errorf("ON DUPLICATE KEY UPDATE works on app tables only, not on %s", t.Name)
	}
	keys := write.UpsertKeys(t, cols)
	switch len(keys) {
	case 0:
		var all []string
		for _, c := range write.UpsertKeys(t, t.Columns) {
			all = append(all, engine.QuoteIdent(c.Name))
		}
		return nil, fmt.Errorf("ON DUPLICATE KEY UPDATE needs a key among the inserted columns: $id or a SINGLE_LINE_TEXT "+
			"or NUMBER field with \"prohibit duplicate values\" (in %s: %s)", t.Name, strings.Join(all, ", "))
	case 1:
	default:
		return nil, fmt.Errorf("ON DUPLICATE KEY UPDATE: the inserted columns hold several keys (%s, %s); kintone's upsert takes one, "+
			"so insert only one of them", keys[0].Name, keys[1].Name)
	}
	key := keys[0]
	set := map[*schema.Column]bool{}
	for _, u := range onDup {
		c, err := targetColumn(t, "", u.Name)
		if err != nil {
			return nil, fmt.Errorf("ON DUPLICATE KEY UPDATE: %w", err)
		}
		v, ok := u.Expr.(*sqlparser.ValuesFuncExpr)
		var from *schema.Column
		if ok {
			from, err = t.Column(v.Name.Name.String())
		}
		if !ok || err != nil || from != c {
			return nil, fmt.Errorf("ON DUPLICATE KEY UPDATE supports only %s = VALUES(%s): kintone's upsert writes the "+
				"same values whether it inserts or updates", engine.QuoteIdent(c.Name), engine.QuoteIdent(c.Name))
		}
		if c == key {
			return nil, fmt.Errorf("ON DUPLICATE KEY UPDATE cannot assign the key column %q", c.Name)
		}
		set[c] = true
	}
	var missing []string
	for _, c := range cols {
		if c != key && !set[c] {
			missing = append(missing, engine.QuoteIdent(c.Name))
		}
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("ON DUPLICATE KEY UPDATE must assign every inserted column but the key %q (missing: %s), "+
			"because kintone's upsert writes the same values whether it inserts or updates", key.Name, strings.Join(missing, ", "))
	}
	return key, nil
}
