package main

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/kintone-sql/kintone"
	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/schema"
)

// tableInfo describes one table for \dt, \d and completion.
type tableInfo struct {
	// Schema is the schema holding the table (Kintone, CybozuUser,
	// information_schema).
	Schema string
	// Name is the table's SQL name.
	Name string
	// Kind is "app", "subtable", "directory" or "metadata".
	Kind string
	// App and AppCode identify the kintone app (0 and "" when none).
	App     int64
	AppCode string
	// Description is a one-line summary.
	Description string
	// Columns are the table's columns in order.
	Columns []columnInfo
}

// columnInfo describes one column for \d and completion.
type columnInfo struct {
	// Name is the column's SQL name.
	Name string
	// Type is the SQL type name (VARCHAR, DECIMAL, ...).
	Type string
	// FieldType is the kintone field type (NUMBER, DROP_DOWN, ...).
	FieldType string
	// Code is the kintone field code.
	Code string
	// Nullable is true when the value can be empty.
	Nullable bool
}

// metadataSource reads the tables of the connection. It is the one place
// that knows where metadata comes from; today the driver's schema catalog,
// later possibly SHOW TABLES and DESCRIBE.
type metadataSource interface {
	// AppNames returns the names of the app tables cheaply: no request
	// beyond listing the apps once.
	AppNames(ctx context.Context) ([]string, error)
	// Tables returns every table with its columns.
	Tables(ctx context.Context) ([]tableInfo, error)
	// Table returns one table by any name the driver resolves.
	Table(ctx context.Context, name string) (tableInfo, error)
}

// catalogMetadata reads metadata from the driver's schema catalog; it
// shares the connector's cache, so statements and \d see the same tables.
type catalogMetadata struct {
	conn *kintone.Connector
}

// AppNames lists the apps of the catalog without reading their fields.
func (m catalogMetadata) AppNames(ctx context.Context) ([]string, error) {
	cat, err := m.conn.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	apps := cat.Apps()
	out := make([]string, len(apps))
	for i, a := range apps {
		out[i] = a.Name
	}
	return out, nil
}

// Tables loads the catalog's tables. An app whose fields cannot be read
// (for instance a guest-space app reached without GuestSpaceId) does not
// hide the others: it is listed with the reason as its description.
func (m catalogMetadata) Tables(ctx context.Context) ([]tableInfo, error) {
	cat, err := m.conn.Catalog(ctx)
	if err != nil {
		return nil, err
	}
	tables, err := cat.Tables(ctx)
	if err == nil {
		out := make([]tableInfo, len(tables))
		for i, t := range tables {
			out[i] = tableInfoOf(t)
		}
		return out, nil
	}
	if ctx.Err() != nil {
		return nil, err
	}
	var out []tableInfo
	for _, a := range cat.Apps() {
		id, _ := strconv.ParseInt(a.AppID, 10, 64)
		t, terr := cat.AppTable(ctx, id)
		if terr != nil {
			if ctx.Err() != nil {
				return nil, terr
			}
			out = append(out, tableInfo{Schema: schema.KintoneSchema, Name: a.Name, Kind: "app", App: id, AppCode: a.Code,
				Description: fmt.Sprintf(`unavailable (%s); \d shows why`, briefError(terr))})
			continue
		}
		out = append(out, tableInfoOf(t))
	}
	if len(out) == 0 {
		return nil, err
	}
	return out, nil
}

// Table resolves one table name.
func (m catalogMetadata) Table(ctx context.Context, name string) (tableInfo, error) {
	cat, err := m.conn.Catalog(ctx)
	if err != nil {
		return tableInfo{}, err
	}
	t, err := cat.Lookup(ctx, name)
	if err != nil {
		return tableInfo{}, err
	}
	return tableInfoOf(t), nil
}

// briefError names an error in a few words: kintone's error code when
// kintone answered, else the text cut to a short length.
func briefError(err error) string {
	var ke *client.Error
	if errors.As(err, &ke) && ke.Code != "" {
		return "kintone error " + ke.Code
	}
	const maxLen = 60
	s := oneLine(err)
	if r := []rune(s); len(r) > maxLen {
		s = string(r[:maxLen]) + "…"
	}
	return s
}

// tableInfoOf converts a schema table.
func tableInfoOf(t *schema.Table) tableInfo {
	ti := tableInfo{Schema: t.Schema, Name: t.Name, App: t.App, AppCode: t.AppCode, Description: t.Description}
	switch t.Kind {
	case schema.AppTable:
		ti.Kind = "app"
	case schema.SubtableTable:
		ti.Kind = "subtable"
	case schema.DirectoryTable:
		ti.Kind = "directory"
	case schema.MetadataTable:
		ti.Kind = "metadata"
	}
	for _, c := range t.Columns {
		ti.Columns = append(ti.Columns, columnInfo{
			Name: c.Name, Type: c.Type.DatabaseTypeName(), FieldType: c.FieldType,
			Code: c.Code, Nullable: c.Nullable,
		})
	}
	return ti
}
