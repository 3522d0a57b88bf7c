package engine

import (
	"slices"
	"testing"

	"github.com/kintone-sql/kintone/schema"
)

func TestIntrospectShowTables(t *testing.T) {
	f, _ := newMetaFixture(t)
	tests := []struct {
		name     string
		node     *ShowTables
		want     []Value // names, in order
		wantType map[string]string
	}{
		{name: "directory", node: &ShowTables{Schema: schema.CybozuUserSchema},
			want: []Value{"Groups", "Organizations", "Titles", "UserGroups", "UserOrganizations", "Users"}},
		{name: "like", node: &ShowTables{Like: "%s\\_l%", HasLike: true},
			want: []Value{"Customers_Lines"}, wantType: map[string]string{"Customers_Lines": "subtable"}},
		{name: "like any case", node: &ShowTables{Like: "user%", HasLike: true},
			want: []Value{"UserGroups", "UserOrganizations", "Users"}},
		{name: "information_schema", node: &ShowTables{Schema: schema.InformationSchema},
			want: []Value{"CHARACTER_SETS", "COLUMNS", "KEY_COLUMN_USAGE", "REFERENTIAL_CONSTRAINTS", "ROUTINES",
				"SCHEMATA", "STATISTICS", "TABLES", "TABLE_CONSTRAINTS", "VIEWS"}, wantType: map[string]string{"TABLES": "system view"}},
		{name: "kintone", node: &ShowTables{Schema: schema.KintoneSchema, Like: "C%", HasLike: true},
			want:     []Value{"Comments", "Customers", "Customers_Lines"},
			wantType: map[string]string{"Comments": "metadata", "Customers": "app"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.node.Catalog = f.cat
			rows, err := biRead(t, tt.node, nil)
			biMust(t, err)
			cols := tt.node.Columns()
			if got := biColumn(cols, rows, "Name"); !slices.Equal(got, tt.want) {
				t.Errorf("names %v, want %v", got, tt.want)
			}
			for _, r := range rows {
				m := biRow(cols, r)
				if want, ok := tt.wantType[m["Name"].(string)]; ok && m["Type"] != want {
					t.Errorf("%s: type %v, want %s", m["Name"], m["Type"], want)
				}
			}
		})
	}
	rows, err := biRead(t, &ShowTables{Catalog: f.cat, Full: true}, nil)
	biMust(t, err)
	var sawAlias bool
	for _, r := range rows {
		if r[0] == "UserOrganizations" {
			sawAlias = r[4] == "UserDepartments, OrganizationUsers"
		}
		if r[1] == schema.InformationSchema {
			t.Errorf("SHOW TABLES without FROM lists %v", r)
		}
	}
	if !sawAlias {
		t.Error("SHOW FULL TABLES does not give the aliases of UserOrganizations")
	}
}

func TestIntrospectShowColumns(t *testing.T) {
	f, _ := newMetaFixture(t)
	users := f.table(t, "Users")
	node := &ShowColumns{Table: users}
	rows, err := biRead(t, node, nil)
	biMust(t, err)
	if len(rows) != len(users.Columns) {
		t.Fatalf("%d rows for %d columns", len(rows), len(users.Columns))
	}
	want := map[string]Row{
		"Id":        {"Id", "BIGINT", "NO", "PRI", nil, "read-only"},
		"BirthDate": {"BirthDate", "DATE", "YES", "", nil, "read-only"},
		"Valid":     {"Valid", "BOOLEAN", "NO", "", nil, "read-only"},
	}
	for _, r := range rows {
		if w, ok := want[r[0].(string)]; ok && !slices.Equal(r, w) {
			t.Errorf("row %v, want %v", r, w)
		}
	}

	app := f.table(t, "Customers")
	node = &ShowColumns{Table: app, Full: true, Like: "n%", HasLike: true}
	rows, err = biRead(t, node, nil)
	biMust(t, err)
	if len(rows) != 1 || rows[0][0] != "Name" || rows[0][6] != "name" || rows[0][7] != "SINGLE_LINE_TEXT" || rows[0][5] != "" {
		t.Errorf("SHOW FULL COLUMNS FROM Customers LIKE 'n%%': %v", rows)
	}
	rows, err = biRead(t, &ShowColumns{Table: app}, nil)
	biMust(t, err)
	if rows[0][0] != "$id" || rows[0][3] != "PRI" {
		t.Errorf("first app column %v, want the $id key", rows[0])
	}
}

func TestIntrospectInformationSchema(t *testing.T) {
	f, ids := newMetaFixture(t)
	cols, rows, err := metaRead(t, f, "information_schema.TABLES")
	biMust(t, err)
	names := biColumn(cols, rows, "TABLE_NAME")
	for _, n := range []Value{"Users", "Customers", "Customers_Lines", "Fields", "TABLES"} {
		if !slices.Contains(names, n) {
			t.Errorf("information_schema.TABLES lacks %v", n)
		}
	}
	if n := f.srv.RequestCount("GET /k/v1/app/form/fields.json"); n != 2 {
		t.Errorf("listing every table read the fields of %d apps, want 2", n)
	}

	f.cat.InvalidateApp(ids.customers)
	f.cat.InvalidateApp(ids.orders)
	f.srv.ResetCounters()
	cols, rows, err = metaRead(t, f, "INFORMATION_SCHEMA.columns",
		KeyFilter{Code: "TABLE_NAME", Values: []Value{"Customers", "Users"}})
	biMust(t, err)
	if n := f.srv.RequestCount("GET /k/v1/app/form/fields.json"); n != 1 {
		t.Errorf("columns of Customers and Users read the fields of %d apps, want 1", n)
	}
	var customers []Value
	for _, r := range rows {
		m := biRow(cols, r)
		if m["TABLE_NAME"] == "Customers" {
			customers = append(customers, m["COLUMN_NAME"])
			if m["COLUMN_NAME"] == "$id" && (m["COLUMN_KEY"] != "PRI" || m["ORDINAL_POSITION"] != int64(1) || m["DATA_TYPE"] != "bigint") {
				t.Errorf("$id row %v", m)
			}
			if m["COLUMN_NAME"] == "Rank" && (m["IS_NULLABLE"] != "YES" || m["COLUMN_COMMENT"] != "DROP_DOWN field rank") {
				t.Errorf("Rank row %v", m)
			}
		} else if m["TABLE_NAME"] != "Users" || m["TABLE_SCHEMA"] != schema.CybozuUserSchema {
			t.Errorf("unexpected row %v", m)
		}
	}
	if !slices.Contains(customers, "Name") || !slices.Contains(customers, "Rank") {
		t.Errorf("Customers columns %v", customers)
	}

	cols, rows, err = metaRead(t, f, "information_schema.schemata")
	biMust(t, err)
	if got := biColumn(cols, rows, "SCHEMA_NAME"); !slices.Equal(got, []Value{"Kintone", "CybozuUser", "information_schema"}) {
		t.Errorf("schemata %v", got)
	}
	if _, err := f.cat.Lookup(t.Context(), "tables"); err == nil {
		t.Error("unqualified \"tables\" resolves to information_schema.TABLES")
	}
}
