package translate

import (
	"github.com/xwb1989/sqlparser"
)

// WholeTableWrite reports whether sql is an UPDATE or DELETE (WITH ...
// before it or not) without a WHERE clause — one that changes every row of its table — and returns its
// verb and table name as written (schema-qualified when it was). The SQL
// shell asks before running such a statement on an app table.
func WholeTableWrite(sql string) (verb, table string, ok bool) {
	p, err := prepare(sql)
	if err != nil {
		return "", "", false
	}
	// WITH ... DELETE FROM t deletes every row as well: read past the
	// WITH clause (and the window calls its bodies may hold), as the
	// write planner does.
	if p, err = (&windows{}).rewrite(p); err != nil {
		return "", "", false
	}
	if p, _, err = extractCTEs(p); err != nil {
		return "", "", false
	}
	stmt, err := sqlparser.Parse(p.text)
	if err != nil {
		return "", "", false
	}
	var from sqlparser.TableExprs
	switch s := stmt.(type) {
	case *sqlparser.Update:
		if s.Where != nil {
			return "", "", false
		}
		verb, from = "UPDATE", s.TableExprs
	case *sqlparser.Delete:
		if s.Where != nil || len(s.Targets) > 0 {
			return "", "", false
		}
		verb, from = "DELETE", s.TableExprs
	default:
		return "", "", false
	}
	name, err := singleTable(from, verb)
	if err != nil {
		return "", "", false
	}
	table = name.Name.String()
	if !name.Qualifier.IsEmpty() {
		table = name.Qualifier.String() + "." + table
	}
	return verb, table, true
}
