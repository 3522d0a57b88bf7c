package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/kintone-sql/kintone/schema"
)

// Columns of the information_schema views that scans key on, and the
// catalog name they report.
const (
	infoSchemaCol = "TABLE_SCHEMA"
	infoNameCol   = "TABLE_NAME"
	// InfoCatalogName is the TABLE_CATALOG of every table.
	InfoCatalogName = "kintone"
)

// TableKindName names the kind of a table for SHOW TABLES: app, subtable,
// directory, metadata or system view (information_schema).
func TableKindName(t *schema.Table) string {
	switch {
	case t.Schema == schema.InformationSchema:
		return "system view"
	case t.Kind == schema.AppTable:
		return "app"
	case t.Kind == schema.SubtableTable:
		return "subtable"
	case t.Kind == schema.DirectoryTable:
		return "directory"
	}
	return "metadata"
}

// infoSchemaPlan lists the rows of an information_schema view. TABLES and
// COLUMNS need every table, which loads the fields of every app not loaded
// yet (two requests each, see schema.Catalog.Tables); with TABLE_NAME
// keyed only the tables of those names are looked up.
func infoSchemaPlan(cat *schema.Catalog, view string, k keys) metaPlan {
	names, byName := k.strs(infoNameCol)
	text := "none for loaded apps; 2 per app whose fields are not loaded yet"
	if byName {
		text = fmt.Sprintf("only the tables named %s are looked up (2 per app not loaded yet)", strings.Join(names, ", "))
	}
	switch view {
	case schema.TableInfoSchemata:
		return metaPlan{text: "none", next: func(*Env) batchFunc {
			return once(func(context.Context) ([]props, error) {
				var rows []props
				for _, s := range schema.Schemas() {
					rows = append(rows, props{"CATALOG_NAME": InfoCatalogName, "SCHEMA_NAME": s,
						"DEFAULT_CHARACTER_SET_NAME": infoCharset, "DEFAULT_COLLATION_NAME": infoCollation})
				}
				return rows, nil
			})
		}}
	case schema.TableInfoTables, schema.TableInfoColumns, schema.TableInfoStatistics,
		schema.TableInfoKeyColumnUsage, schema.TableInfoTableConstraints:
		return metaPlan{text: text, next: func(*Env) batchFunc {
			return once(func(ctx context.Context) ([]props, error) {
				tables, err := introspectTables(ctx, cat, k)
				if err != nil {
					return nil, err
				}
				switch view {
				case schema.TableInfoTables:
					return tableRows(tables), nil
				case schema.TableInfoColumns:
					return columnRows(tables), nil
				}
				return keyRows(view, tables), nil
			})
		}}
	case schema.TableInfoCharacterSets:
		return metaPlan{text: "none", next: func(*Env) batchFunc {
			return once(func(context.Context) ([]props, error) {
				return []props{{"CHARACTER_SET_NAME": infoCharset, "DEFAULT_COLLATE_NAME": infoCollation,
					"DESCRIPTION": "UTF-8 Unicode", "MAXLEN": int64(4)}}, nil
			})
		}}
	case schema.TableInfoReferentialConstraints, schema.TableInfoViews, schema.TableInfoRoutines:
		return metaPlan{text: "none (kintone has no foreign keys, views or routines)", next: func(*Env) batchFunc {
			return once(func(context.Context) ([]props, error) { return nil, nil })
		}}
	}
	return metaPlan{text: "none"}
}

// introspectTables returns the catalog's tables; with TABLE_NAME keyed
// only those looked up by name in each (keyed) schema, falling back to
// every table when a name is ambiguous. Rows are still checked against the
// keys, so the result is exact.
func introspectTables(ctx context.Context, cat *schema.Catalog, k keys) ([]*schema.Table, error) {
	names, byName := k.strs(infoNameCol)
	if !byName {
		return cat.Tables(ctx)
	}
	schemas := schema.Schemas()
	if keyed, ok := k.strs(infoSchemaCol); ok {
		schemas = keyed
	}
	var out []*schema.Table
	for _, n := range names {
		for _, s := range schemas {
			t, err := cat.Lookup(ctx, s+"."+n)
			switch {
			case errors.Is(err, schema.ErrNotFound):
				continue
			case errors.Is(err, schema.ErrAmbiguous):
				return cat.Tables(ctx)
			case err != nil:
				return nil, err
			}
			if !slices.Contains(out, t) {
				out = append(out, t)
			}
		}
	}
	return out, nil
}

// tableRows are the information_schema.TABLES rows of tables.
func tableRows(tables []*schema.Table) []props {
	rows := make([]props, len(tables))
	for i, t := range tables {
		typ := "BASE TABLE"
		if t.Schema == schema.InformationSchema {
			typ = "SYSTEM VIEW"
		}
		rows[i] = props{"TABLE_CATALOG": InfoCatalogName, "TABLE_SCHEMA": t.Schema, "TABLE_NAME": t.Name,
			"TABLE_TYPE": typ, "TABLE_COMMENT": t.Description, "ENGINE": "kintone", "TABLE_COLLATION": infoCollation}
	}
	return rows
}

// columnRows are the information_schema.COLUMNS rows of tables.
func columnRows(tables []*schema.Table) []props {
	var rows []props
	for _, t := range tables {
		keys := schema.KeyColumns(t)
		for i, c := range t.Columns {
			row := props{
				"TABLE_CATALOG": InfoCatalogName, "TABLE_SCHEMA": t.Schema, "TABLE_NAME": t.Name,
				"COLUMN_NAME": c.Name, "ORDINAL_POSITION": int64(i + 1),
				"IS_NULLABLE": yesNo(c.Nullable), "COLUMN_KEY": keyText(slices.Contains(keys, c)),
				"COLUMN_COMMENT": columnComment(c), "EXTRA": "", "GENERATION_EXPRESSION": "",
				"PRIVILEGES": "select,insert,update,references",
			}
			if t.Kind == schema.AppTable && c.Name == schema.ColumnID {
				row["EXTRA"] = "auto_increment" // kintone numbers new records
			}
			mysqlType(c.Type).fill(row)
			rows = append(rows, row)
		}
	}
	return rows
}

// yesNo is information_schema's spelling of a boolean.
func yesNo(b bool) string {
	if b {
		return "YES"
	}
	return "NO"
}

// keyText is MySQL's COLUMN_KEY / Key for a key column ("PRI") or not ("").
func keyText(key bool) string {
	if key {
		return "PRI"
	}
	return ""
}

// columnComment describes the kintone field behind an app column, "" for
// the built-in tables.
func columnComment(c *schema.Column) string {
	if c.FieldType == "" {
		return ""
	}
	s := c.FieldType + " field " + c.Code
	if c.Label != "" && c.Label != c.Name {
		s += " (" + c.Label + ")"
	}
	return s
}

// extraText is the Extra of SHOW COLUMNS: whether kintone accepts writes.
func extraText(c *schema.Column) string {
	switch {
	case c.InsertOnly:
		return "insert-only"
	case !c.Writable:
		return "read-only"
	}
	return ""
}

// ShowTables is SHOW [FULL] TABLES [FROM schema] [LIKE pattern]: one row
// per table (name, schema, kind, description; FULL adds the aliases). The
// information_schema views are listed only with FROM information_schema.
// Listing loads the fields of every app not loaded yet (two requests
// each), because subtable tables come from the fields.
type ShowTables struct {
	Catalog *schema.Catalog
	// Schema is the canonical schema name of FROM, "" for all.
	Schema string
	// Like is the LIKE pattern (\ escapes), used when HasLike.
	Like    string
	HasLike bool
	Full    bool
}

// Columns are Name, Schema, Type, Description (and Aliases with FULL).
func (s *ShowTables) Columns() []Column {
	cols := []Column{
		{Name: "Name", Type: schema.TypeText},
		{Name: "Schema", Type: schema.TypeText},
		{Name: "Type", Type: schema.TypeText},
		{Name: "Description", Type: schema.TypeText, Nullable: true},
	}
	if s.Full {
		cols = append(cols, Column{Name: "Aliases", Type: schema.TypeText, Nullable: true})
	}
	return cols
}

// Explain describes the listing.
func (s *ShowTables) Explain() Explain {
	d := []string{"schema: " + orText(s.Schema, "all")}
	if s.HasLike {
		d = append(d, "like: "+SQLLiteral(s.Like))
	}
	return Explain{Op: "show tables", Details: append(d, "requests: 2 per app whose fields are not loaded yet")}
}

// Open lists the tables.
func (s *ShowTables) Open(ctx context.Context, _ *Env) (Iterator, error) {
	tables, err := s.Catalog.Tables(ctx)
	if err != nil {
		return nil, err
	}
	var items []sortItem
	for _, t := range tables {
		if s.Schema == "" && t.Schema == schema.InformationSchema || s.Schema != "" && t.Schema != s.Schema {
			continue
		}
		if s.HasLike && !LikeMatch(t.Name, s.Like, '\\') {
			continue
		}
		row := Row{t.Name, t.Schema, TableKindName(t), nullText(t.Description)}
		if s.Full {
			row = append(row, nullText(strings.Join(t.Aliases, ", ")))
		}
		items = append(items, sortItem{row: row})
	}
	return &bufferIter{items: items}, nil
}

// ShowColumns is SHOW [FULL] COLUMNS FROM t [LIKE pattern] and DESCRIBE
// t: one row per column with MySQL's Field, Type, Null, Key, Default and
// Extra; FULL adds the kintone field code and type, the label and the
// aliases. It sends no request (the table was resolved at plan time).
type ShowColumns struct {
	Table   *schema.Table
	Like    string
	HasLike bool
	Full    bool
}

// Columns are Field, Type, Null, Key, Default, Extra (and Code, FieldType,
// Label, Aliases with FULL).
func (s *ShowColumns) Columns() []Column {
	cols := []Column{
		{Name: "Field", Type: schema.TypeText},
		{Name: "Type", Type: schema.TypeText},
		{Name: "Null", Type: schema.TypeText},
		{Name: "Key", Type: schema.TypeText},
		{Name: "Default", Type: schema.TypeText, Nullable: true},
		{Name: "Extra", Type: schema.TypeText},
	}
	if s.Full {
		cols = append(cols,
			Column{Name: "Code", Type: schema.TypeText},
			Column{Name: "FieldType", Type: schema.TypeText, Nullable: true},
			Column{Name: "Label", Type: schema.TypeText, Nullable: true},
			Column{Name: "Aliases", Type: schema.TypeText, Nullable: true})
	}
	return cols
}

// Explain names the table.
func (s *ShowColumns) Explain() Explain {
	d := []string{"table " + QuoteIdent(s.Table.Schema) + "." + QuoteIdent(s.Table.Name)}
	if s.HasLike {
		d = append(d, "like: "+SQLLiteral(s.Like))
	}
	return Explain{Op: "show columns", Details: append(d, "requests: none")}
}

// Open lists the columns.
func (s *ShowColumns) Open(context.Context, *Env) (Iterator, error) {
	keys := schema.KeyColumns(s.Table)
	var items []sortItem
	for _, c := range s.Table.Columns {
		if s.HasLike && !LikeMatch(c.Name, s.Like, '\\') {
			continue
		}
		row := Row{c.Name, c.Type.DatabaseTypeName(), yesNo(c.Nullable), keyText(slices.Contains(keys, c)), nil, extraText(c)}
		if s.Full {
			row = append(row, c.Code, nullText(c.FieldType), nullText(c.Label), nullText(strings.Join(c.Aliases, ", ")))
		}
		items = append(items, sortItem{row: row})
	}
	return &bufferIter{items: items}, nil
}

// nullText is NULL for "".
func nullText(s string) Value {
	if s == "" {
		return nil
	}
	return s
}

// orText returns s, or alt when s is empty.
func orText(s, alt string) string {
	if s == "" {
		return alt
	}
	return s
}
