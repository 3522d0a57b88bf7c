package engine

import (
	"github.com/kintone-sql/kintone/schema"
)

// The character set and collation information_schema reports for text.
const (
	infoCharset   = "utf8mb4"
	infoCollation = "utf8mb4_0900_ai_ci"
)

// columnType is how information_schema.COLUMNS describes a SQL type, in
// MySQL's words: DATA_TYPE, COLUMN_TYPE and the length, precision and
// character set columns (nil where MySQL reports NULL).
type columnType struct {
	dataType, columnType string
	charLen, numPrec     any
	numScale, timePrec   any
	text                 bool
}

// maxText is the CHARACTER_MAXIMUM_LENGTH of text columns: kintone's
// multi-line text holds up to 65,535 characters.
const maxText = 65535

// mysqlType describes t as MySQL would a column holding its values.
func mysqlType(t schema.Type) columnType {
	switch t {
	case schema.TypeBigInt:
		return columnType{dataType: "bigint", columnType: "bigint", numPrec: int64(19), numScale: int64(0)}
	case schema.TypeDecimal:
		return columnType{dataType: "decimal", columnType: "decimal(65,30)", numPrec: int64(65), numScale: int64(30)}
	case schema.TypeDouble:
		return columnType{dataType: "double", columnType: "double", numPrec: int64(22)}
	case schema.TypeBool:
		return columnType{dataType: "tinyint", columnType: "tinyint(1)", numPrec: int64(3), numScale: int64(0)}
	case schema.TypeDate:
		return columnType{dataType: "date", columnType: "date"}
	case schema.TypeDateTime:
		return columnType{dataType: "datetime", columnType: "datetime", timePrec: int64(0)}
	case schema.TypeTime:
		return columnType{dataType: "time", columnType: "time", timePrec: int64(0)}
	case schema.TypeJSON:
		return columnType{dataType: "json", columnType: "json"}
	}
	return columnType{dataType: "varchar", columnType: "varchar(65535)", charLen: int64(maxText), text: true}
}

// fill sets the type columns of an information_schema.COLUMNS row.
func (c columnType) fill(row props) {
	row["DATA_TYPE"], row["COLUMN_TYPE"] = c.dataType, c.columnType
	row["NUMERIC_PRECISION"], row["NUMERIC_SCALE"], row["DATETIME_PRECISION"] = c.numPrec, c.numScale, c.timePrec
	row["CHARACTER_MAXIMUM_LENGTH"], row["CHARACTER_OCTET_LENGTH"] = c.charLen, nil
	row["CHARACTER_SET_NAME"], row["COLLATION_NAME"] = nil, nil
	if c.text {
		row["CHARACTER_OCTET_LENGTH"] = int64(4 * maxText)
		row["CHARACTER_SET_NAME"], row["COLLATION_NAME"] = infoCharset, infoCollation
	}
}

// primaryKey is the name MySQL gives every primary key (index and
// constraint).
const primaryKey = "PRIMARY"

// keyRows are the rows of STATISTICS, KEY_COLUMN_USAGE or
// TABLE_CONSTRAINTS: each table's key columns (schema.KeyColumns: $id for
// apps, $id and $row_id for subtables, the documented keys of the
// built-in tables) as its primary key.
func keyRows(view string, tables []*schema.Table) []props {
	var rows []props
	for _, t := range tables {
		keys := schema.KeyColumns(t)
		if len(keys) == 0 {
			continue
		}
		base := props{"TABLE_CATALOG": InfoCatalogName, "TABLE_SCHEMA": t.Schema, "TABLE_NAME": t.Name}
		if view == schema.TableInfoTableConstraints {
			rows = append(rows, with(base, props{"CONSTRAINT_CATALOG": InfoCatalogName, "CONSTRAINT_SCHEMA": t.Schema,
				"CONSTRAINT_NAME": primaryKey, "CONSTRAINT_TYPE": "PRIMARY KEY", "ENFORCED": "YES"}))
			continue
		}
		for i, c := range keys {
			var row props
			if view == schema.TableInfoStatistics {
				row = props{"NON_UNIQUE": int64(0), "INDEX_SCHEMA": t.Schema, "INDEX_NAME": primaryKey,
					"SEQ_IN_INDEX": int64(i + 1), "COLLATION": "A", "NULLABLE": "", "INDEX_TYPE": "BTREE",
					"COMMENT": "", "INDEX_COMMENT": "", "IS_VISIBLE": "YES"}
			} else {
				row = props{"CONSTRAINT_CATALOG": InfoCatalogName, "CONSTRAINT_SCHEMA": t.Schema,
					"CONSTRAINT_NAME": primaryKey, "ORDINAL_POSITION": int64(i + 1)}
			}
			row["COLUMN_NAME"] = c.Name
			rows = append(rows, with(base, row))
		}
	}
	return rows
}

// with returns a copy of base with extra's entries added.
func with(base, extra props) props {
	out := make(props, len(base)+len(extra))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range extra {
		out[k] = v
	}
	return out
}
