package schema

import (
	"errors"
	"fmt"
	"strings"
	"sync"
)

// Schema names of the built-in tables.
const (
	// CybozuUserSchema holds the cybozu.com directory (User API) tables,
	// as in CData's 24.0 connectors.
	CybozuUserSchema = "CybozuUser"
	// InformationSchema holds the introspection views (TABLES, COLUMNS,
	// SCHEMATA); its tables resolve only when qualified.
	InformationSchema = "information_schema"
)

// builtinTable builds a table of a built-in schema with its key columns
// (given by column name) recorded for KeyColumns.
func builtinTable(schemaName, name string, kind TableKind, desc string, aliases []string, keys []string, cols ...*Column) *Table {
	t := &Table{Name: name, Aliases: aliases, Schema: schemaName, Kind: kind, Columns: cols, Description: desc}
	builtinKeys.Store(schemaName+"."+name, keys)
	return t
}

// builtinKeys maps "Schema.Name" of each built-in table to its key column
// names ([]string); every catalog stores the same lists.
var builtinKeys sync.Map

// builtinCol builds a read-only column of a built-in table. code is the
// property path of the value in the kintone or User API JSON ("code",
// "creator.code", "organization.id"); writes build request bodies from it.
func builtinCol(name, code string, typ Type, nullable bool, aliases ...string) *Column {
	return &Column{Name: name, Aliases: aliases, Code: code, Type: typ, Nullable: nullable}
}

// AddBuiltinTables registers the directory tables (schema CybozuUser), the
// kintone metadata tables (schema Kintone) and the information_schema views
// into cat. It is called once per catalog; a second call fails on the
// clashing names.
func AddBuiltinTables(cat *Catalog) error {
	var errs []error
	for _, t := range append(append(directoryTables(), metadataTables()...), informationSchemaTables()...) {
		errs = append(errs, cat.AddTable(t))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("schema: adding the built-in tables: %w", err)
	}
	return nil
}

// KeyColumns returns the columns that identify a row of t: $id for app
// tables, $id and $row_id for subtable tables, and the documented keys of
// the built-in tables (e.g. Id of Users, AppId and Code of Fields). It is
// empty for tables without a key (the information_schema views).
func KeyColumns(t *Table) []*Column {
	var names []string
	switch t.Kind {
	case AppTable:
		names = []string{ColumnID}
	case SubtableTable:
		names = []string{ColumnID, ColumnRowID}
	default:
		if v, ok := builtinKeys.Load(t.Schema + "." + t.Name); ok {
			names = v.([]string)
		}
	}
	var out []*Column
	for _, n := range names {
		for _, c := range t.Columns {
			if c.Name == n {
				out = append(out, c)
			}
		}
	}
	return out
}

// IsQualifiedOnly reports whether the tables of a schema resolve only
// through a qualified name (information_schema.tables), so that an app
// called "tables" keeps its plain name.
func IsQualifiedOnly(schemaName string) bool {
	return strings.EqualFold(schemaName, InformationSchema)
}

// Schemas returns the schema names of a catalog with the built-in tables,
// in listing order.
func Schemas() []string { return []string{KintoneSchema, CybozuUserSchema, InformationSchema} }

// CanonicalSchema returns the spelling of a schema name as the tables
// carry it, accepting any letter case and CData's other names (REST for
// Kintone, USER for CybozuUser).
func CanonicalSchema(name string) (string, bool) {
	switch {
	case strings.EqualFold(name, "REST"):
		return KintoneSchema, true
	case strings.EqualFold(name, "USER"):
		return CybozuUserSchema, true
	}
	for _, s := range Schemas() {
		if strings.EqualFold(name, s) {
			return s, true
		}
	}
	return "", false
}
