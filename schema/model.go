// Package schema turns kintone app metadata (apps.json, app/form/fields.json,
// layout) into SQL tables and columns, maps kintone field types to SQL types,
// and converts values between kintone JSON and Go in both directions. The
// translator, the engine and the driver's rows all read types from here.
package schema

import (
	"reflect"
	"time"
)

// Type is the SQL type of a column or expression.
type Type int

// The SQL types the driver reports.
const (
	TypeUnknown  Type = iota
	TypeBigInt        // int64
	TypeDecimal       // exact decimal: kintone NUMBER and CALC
	TypeDouble        // float64 (NumberMapToDouble, computed values)
	TypeText          // string
	TypeBool          // bool
	TypeDate          // time.Time at 00:00 UTC
	TypeDateTime      // time.Time (UTC instant)
	TypeTime          // time.Time on 0000-01-01 UTC
	TypeJSON          // JSON text (multi-value fields)
)

// TableKind tells where a table's rows come from.
type TableKind int

// The kinds of table.
const (
	// AppTable holds the records of one kintone app.
	AppTable TableKind = iota + 1
	// SubtableTable holds the rows of one SUBTABLE field of an app.
	SubtableTable
	// DirectoryTable is a User API table (users, organizations, ...).
	DirectoryTable
	// MetadataTable describes apps, fields, views and the like.
	MetadataTable
)

// Table is one SQL table.
type Table struct {
	// Name is the table's SQL name (the app name for app tables).
	Name string
	// Aliases are other names that always resolve to this table
	// (app_<id>, the app code).
	Aliases []string
	// Schema is the schema the table belongs to ("Kintone" or "CybozuUser").
	Schema string
	Kind   TableKind
	// App is the kintone app id (AppTable, SubtableTable).
	App int64
	// AppCode is the app code, "" when the app has none.
	AppCode string
	// GuestSpaceID is the guest space holding the app, 0 if none.
	GuestSpaceID int64
	// Subtable is the SUBTABLE field code of a SubtableTable.
	Subtable string
	// Parent is the app table of a SubtableTable.
	Parent *Table
	// Columns are the table's columns in order.
	Columns []*Column
	// Description is a one-line summary for SHOW TABLES and \dt.
	Description string
}

// ColumnPart tells which part of a kintone value a column holds.
type ColumnPart int

// The parts of a value.
const (
	// PartWhole is the whole value.
	PartWhole ColumnPart = iota
	// PartCode is the code of a CREATOR/MODIFIER value.
	PartCode
	// PartName is the name of a CREATOR/MODIFIER value.
	PartName
	// PartRowID is the id of a subtable row.
	PartRowID
)

// Column is one SQL column and the kintone field behind it.
type Column struct {
	// Name is the column's SQL name (label or code, per UseCodeForFieldName).
	Name string
	// Aliases are other names that resolve to the column when unambiguous
	// (e.g. the field code when Name is the label).
	Aliases []string
	// Code is the kintone field code ("$id", "$revision" for the system keys).
	Code string
	// Part selects part of the value (code or name of a CREATOR).
	Part ColumnPart
	// FieldType is the kintone field type (e.g. "NUMBER", "__ID__").
	FieldType string
	// Type is the SQL type.
	Type Type
	// Nullable is true when the kintone value can be empty.
	Nullable bool
	// Sortable is true when kintone can order by the field.
	Sortable bool
	// Writable is true when kintone accepts writes to the field.
	Writable bool
	// InsertOnly is true for the system fields kintone accepts on record
	// creation only, and only from a user with app-management permission
	// (CREATOR, MODIFIER codes, CREATED_TIME, UPDATED_TIME); Writable is
	// false for them.
	InsertOnly bool
	// Required and Unique mirror the field settings.
	Required bool
	Unique   bool
	// Options are the choices of a choice field, in display order.
	Options []string
	// Label is the field label.
	Label string
	// Subtable is the SUBTABLE code holding the field, "" at top level.
	Subtable string
	// CopiedBy is the code of the lookup field that fills this field from
	// its source app, "" when no lookup copies into it.
	CopiedBy string
	// Format is a CALC field's format (NUMBER, DATE, ...), "" otherwise.
	Format string
	// MaxLength is the field's maximum number of characters (the
	// maxLength setting of SINGLE_LINE_TEXT and LINK), 0 when unlimited.
	MaxLength int64
}

// DatabaseTypeName returns the type name reported by
// driver.RowsColumnTypeDatabaseTypeName.
func (t Type) DatabaseTypeName() string {
	switch t {
	case TypeBigInt:
		return "BIGINT"
	case TypeDecimal:
		return "DECIMAL"
	case TypeDouble:
		return "DOUBLE"
	case TypeText:
		return "VARCHAR"
	case TypeBool:
		return "BOOLEAN"
	case TypeDate:
		return "DATE"
	case TypeDateTime:
		return "DATETIME"
	case TypeTime:
		return "TIME"
	case TypeJSON:
		return "JSON"
	}
	return ""
}

// ScanType returns the Go type a non-NULL value of t arrives as in Scan.
func (t Type) ScanType() reflect.Type {
	switch t {
	case TypeBigInt:
		return reflect.TypeOf(int64(0))
	case TypeDouble:
		return reflect.TypeOf(float64(0))
	case TypeBool:
		return reflect.TypeOf(false)
	case TypeDate, TypeDateTime, TypeTime:
		return reflect.TypeOf(time.Time{})
	}
	// DECIMAL values arrive as exact decimal strings, which database/sql
	// scans into int64, float64 or string.
	return reflect.TypeOf("")
}
