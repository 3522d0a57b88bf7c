package export

import (
	"database/sql"
	"fmt"

	"github.com/kintone-sql/kintone/schema"
)

// Kind is how an exported column's values are typed in the output.
type Kind int

// The column kinds. Each names the Parquet type it is written as; the text
// formats print every kind in one fixed way (see textValue).
const (
	KindString     Kind = iota // UTF-8 string
	KindInt64                  // INT64
	KindDecimal                // DECIMAL(38, Scale), exact
	KindDouble                 // DOUBLE
	KindBool                   // BOOLEAN
	KindDate                   // DATE
	KindTimestamp              // TIMESTAMP(millis, UTC)
	KindTime                   // TIME(millis)
	KindStringList             // LIST<STRING> (CHECK_BOX, MULTI_SELECT, CATEGORY)
	KindJSON                   // JSON text (selections, files, computed JSON)
)

// kindNames are the kinds' names in manifests and errors.
var kindNames = map[Kind]string{
	KindString: "string", KindInt64: "int64", KindDecimal: "decimal", KindDouble: "double",
	KindBool: "bool", KindDate: "date", KindTimestamp: "timestamp", KindTime: "time",
	KindStringList: "list<string>", KindJSON: "json",
}

// String names the kind.
func (k Kind) String() string { return kindNames[k] }

// DefaultDecimalScale is the scale of DECIMAL columns: kintone keeps the
// digits a NUMBER was given (displayScale only rounds the display), so the
// scale is fixed wide rather than taken from the field; a value with more
// fractional digits, or more than 38-DefaultDecimalScale integer digits, is
// an error rather than silently rounded.
const DefaultDecimalScale = 10

// decimalPrecision is the precision of DECIMAL columns (16-byte values).
const decimalPrecision = 38

// Column is one exported column.
type Column struct {
	// Name is the column's name in the output.
	Name string
	// Kind is how its values are written.
	Kind Kind
	// Scale is the DECIMAL scale (KindDecimal only).
	Scale int
	// Nullable is false when the driver reports the column never NULL.
	Nullable bool
	// FieldType is the kintone field type when known ("" otherwise).
	FieldType string
}

// listFieldTypes are the kintone field types whose JSON value is a list of
// strings.
var listFieldTypes = map[string]bool{
	schema.FieldCheckBox: true, schema.FieldMultiSelect: true, schema.FieldCategory: true,
}

// ColumnsOf returns the exported columns of rows from the driver's column
// types. table, when not nil, is the table the rows were read from with
// SELECT *: its kintone field types refine JSON columns into string lists.
func ColumnsOf(rows *sql.Rows, table *schema.Table) ([]Column, error) {
	types, err := rows.ColumnTypes()
	if err != nil {
		return nil, fmt.Errorf("export: reading column types: %w", err)
	}
	byName := map[string]*schema.Column{}
	if table != nil {
		for _, c := range table.Columns {
			byName[c.Name] = c
		}
	}
	cols := make([]Column, len(types))
	for i, t := range types {
		nullable, ok := t.Nullable()
		c := Column{Name: t.Name(), Nullable: nullable || !ok}
		if sc := byName[c.Name]; sc != nil {
			c.FieldType = sc.FieldType
		}
		c.Kind, c.Scale = kindOf(t.DatabaseTypeName(), c.FieldType)
		cols[i] = c
	}
	return cols, nil
}

// kindOf maps a driver type name (and the kintone field type, if known) to
// a kind.
func kindOf(dbType, fieldType string) (Kind, int) {
	switch dbType {
	case "BIGINT":
		return KindInt64, 0
	case "DECIMAL":
		return KindDecimal, DefaultDecimalScale
	case "DOUBLE":
		return KindDouble, 0
	case "BOOLEAN":
		return KindBool, 0
	case "DATE":
		return KindDate, 0
	case "DATETIME":
		return KindTimestamp, 0
	case "TIME":
		return KindTime, 0
	case "JSON":
		if listFieldTypes[fieldType] {
			return KindStringList, 0
		}
		return KindJSON, 0
	}
	return KindString, 0
}

// uniqueNames returns the column names to use where names must differ
// ignoring case (Parquet as DuckDB and Spark read it, SQLite). A table's
// names already do (the schema makes them so); a query's may not, and get
// the schema's suffixes: "a" after "A" becomes "a #2".
func uniqueNames(cols []Column) []string {
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = c.Name
	}
	schema.Disambiguate(out, nil)
	return out
}
