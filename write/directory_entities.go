package write

import (
	"context"
	"fmt"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// dirEntity is the User API of one of Users, Organizations and Groups.
type dirEntity struct {
	add, update func(*client.Client, context.Context, []map[string]any) error
	remove      func(*client.Client, context.Context, []string) error
	rename      func(*client.Client, context.Context, []client.CodeChange) error
}

// dirEntities maps the entity tables to their calls.
var dirEntities = map[string]dirEntity{
	schema.TableUsers: {(*client.Client).AddUsers, (*client.Client).UpdateUsers,
		(*client.Client).DeleteUsers, (*client.Client).RenameUsers},
	schema.TableOrganizations: {(*client.Client).AddOrganizations, (*client.Client).UpdateOrganizations,
		(*client.Client).DeleteOrganizations, (*client.Client).RenameOrganizations},
	schema.TableGroups: {(*client.Client).AddGroups, (*client.Client).UpdateGroups,
		(*client.Client).DeleteGroups, (*client.Client).RenameGroups},
}

// staticGroup is the type of the groups INSERT adds. POST groups.json
// requires a type and the Groups table has none; a dynamic group's
// conditions can only be set on the administration screen, so the driver
// adds static groups, whose members UserGroups can then write.
const staticGroup = "static"

// insertEntities builds POST users.json (organizations.json, groups.json)
// calls of up to 100 rows each.
func (w *dirWrite) insertEntities(ctx context.Context, env *engine.Env, cols []*schema.Column, rows []engine.Row) error {
	items := make([]map[string]any, len(rows))
	var refs []idRef
	for i, row := range rows {
		item := map[string]any{}
		for j, c := range cols {
			v, omit, err := dirValue(c, row[j], true)
			if err != nil {
				return rowError(w.name, i, err)
			}
			if id, ok := v.(orgRef); ok {
				refs = append(refs, idRef{row: i, col: c, id: int64(id), set: func(code string) { item[propPrimary] = code }})
			} else if !omit {
				item[c.Code] = v
			}
		}
		if w.table.Name == schema.TableGroups {
			item[propGroupTyp] = staticGroup
		}
		items[i] = item
		w.keys[i] = engine.ToText(item[schema.DirCode])
	}
	if err := w.resolve(ctx, env, schema.SideOrganization, refs); err != nil {
		return err
	}
	add := dirEntities[w.table.Name].add
	w.itemCalls(items, allRows(len(rows)), add)
	return nil
}

// updateEntities builds PUT users.json (...) calls for the changed
// columns, then codes.json calls for the new codes. Each read row is Id,
// Code, the new value of each Set column, then the kept columns.
func (w *dirWrite) updateEntities(ctx context.Context, env *engine.Env, set []*schema.Column, rows []engine.Row) error {
	kept := DirKeptColumns(w.table, set)
	fields := false
	for _, c := range set {
		fields = fields || c.Code != schema.DirCode
	}
	var items []map[string]any
	var itemRows, renameRows []int
	var renames []client.CodeChange
	var refs []idRef
	renamed := map[string]int{} // new code → row
	for i, row := range rows {
		id, err := int64Of(row[0])
		if err != nil || row[1] == nil {
			return fmt.Errorf("kintone: %s: the read yields id %v code %v", w.name, row[0], row[1])
		}
		code := engine.ToText(row[1])
		w.res.rows[i].id, w.keys[i] = id, code
		item := map[string]any{schema.DirCode: code}
		for j, c := range set {
			v, _, err := dirValue(c, row[2+j], false)
			if err != nil {
				return rowError(w.name, i, err)
			}
			switch x := v.(type) {
			case orgRef:
				refs = append(refs, idRef{row: i, col: c, id: int64(x), set: func(code string) { item[propPrimary] = code }})
			default:
				if c.Code != schema.DirCode {
					item[c.Code] = v
					continue
				}
				newCode := x.(string)
				if newCode == code {
					continue
				}
				if prev, dup := renamed[newCode]; dup {
					return rowError(w.name, i, fmt.Errorf("column %q: rows %d and %d would both be renamed to %q", c.Name, prev+1, i+1, newCode))
				}
				renamed[newCode] = i
				renames = append(renames, client.CodeChange{CurrentCode: code, NewCode: newCode})
				renameRows = append(renameRows, i)
			}
		}
		for j, name := range kept {
			if c, err := w.table.Column(name); err == nil {
				if v := row[2+len(set)+j]; v != nil {
					item[c.Code] = engine.ToText(v)
				} else {
					item[c.Code] = ""
				}
			}
		}
		if fields {
			items = append(items, item)
			itemRows = append(itemRows, i)
		}
	}
	if err := w.resolve(ctx, env, schema.SideOrganization, refs); err != nil {
		return err
	}
	ent := dirEntities[w.table.Name]
	w.itemCalls(items, itemRows, ent.update)
	codeColumn := columnByCode(w.table, schema.DirCode)
	for start := 0; start < len(renames); start += client.MaxDirectoryItems {
		end := min(start+client.MaxDirectoryItems, len(renames))
		part, rowsOf := renames[start:end], renameRows[start:end]
		w.calls = append(w.calls, dirCall{rows: rowsOf, locate: w.itemLocator(rowsOf, codeColumn),
			send: func(ctx context.Context, c *client.Client) error { return ent.rename(c, ctx, part) }})
	}
	return nil
}

// deleteEntities builds DELETE users.json (...) calls of up to 100 codes.
// Each read row is Id, Code.
func (w *dirWrite) deleteEntities(rows []engine.Row) {
	codes := make([]string, len(rows))
	for i, row := range rows {
		w.res.rows[i].id, _ = int64Of(row[0])
		codes[i] = engine.ToText(row[1])
		w.keys[i] = codes[i]
	}
	remove := dirEntities[w.table.Name].remove
	codeColumn := columnByCode(w.table, schema.DirCode)
	all := allRows(len(rows))
	for start := 0; start < len(rows); start += client.MaxDirectoryItems {
		end := min(start+client.MaxDirectoryItems, len(rows))
		part, rowsOf := codes[start:end], all[start:end]
		w.calls = append(w.calls, dirCall{rows: rowsOf, locate: w.itemLocator(rowsOf, codeColumn),
			send: func(ctx context.Context, c *client.Client) error { return remove(c, ctx, part) }})
	}
}

// itemCalls adds one call of send per 100 items; item k writes statement
// row rows[k].
func (w *dirWrite) itemCalls(items []map[string]any, rows []int, send func(*client.Client, context.Context, []map[string]any) error) {
	for start := 0; start < len(items); start += client.MaxDirectoryItems {
		end := min(start+client.MaxDirectoryItems, len(items))
		part, rowsOf := items[start:end], rows[start:end]
		w.calls = append(w.calls, dirCall{rows: rowsOf, locate: w.itemLocator(rowsOf, ""),
			send: func(ctx context.Context, c *client.Client) error { return send(c, ctx, part) }})
	}
}

// allRows returns the row indexes 0..n-1.
func allRows(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}
