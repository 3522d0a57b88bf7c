package schema

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/kintonetest"
)

// builtinCatalog loads a catalog from an emulator holding apps with the
// given names, plus the built-in tables.
func builtinCatalog(t *testing.T, apps ...string) (*Catalog, map[string]int64) {
	t.Helper()
	srv := kintonetest.NewServer()
	t.Cleanup(srv.Close)
	ids := map[string]int64{}
	for _, name := range apps {
		id, err := srv.CreateApp(kintonetest.AppSpec{Name: name, Fields: []*kintonetest.Field{
			{Type: kintonetest.TypeSingleLineText, Code: "title", Label: "Title"}}})
		if err != nil {
			t.Fatal(err)
		}
		ids[name] = id
	}
	c, err := client.New(client.Options{BaseURL: srv.URL, User: kintonetest.DefaultUser, Password: kintonetest.DefaultPassword})
	if err != nil {
		t.Fatal(err)
	}
	var k Cache
	cat, err := k.Get(context.Background(), c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return cat, ids
}

// columnSpec is a column's name, type and nullability.
type columnSpec struct {
	name     string
	typ      Type
	nullable bool
}

func TestDirectoryTables(t *testing.T) {
	cat, _ := builtinCatalog(t)
	ctx := context.Background()
	tests := []struct {
		name    string
		aliases []string
		keys    []string
		some    []columnSpec
	}{
		{name: "Users", keys: []string{"Id"}, some: []columnSpec{{"Id", TypeBigInt, false}, {"Code", TypeText, false},
			{"CreatedTime", TypeDateTime, false}, {"Valid", TypeBool, false}, {"SurName", TypeText, true},
			{"BirthDate", TypeDate, true}, {"SkypeID", TypeText, true}, {"PrimaryOrganizationId", TypeBigInt, true},
			{"CustomItemValues", TypeJSON, true}}},
		{name: "Organizations", aliases: []string{"Departments"}, keys: []string{"Id"},
			some: []columnSpec{{"ParentCode", TypeText, true}, {"Name", TypeText, false}}},
		{name: "Groups", keys: []string{"Id"}, some: []columnSpec{{"Description", TypeText, true}}},
		{name: "Titles", keys: []string{"Code"}, some: []columnSpec{{"Code", TypeText, false}}},
		{name: "UserOrganizations", aliases: []string{"UserDepartments", "OrganizationUsers"}, keys: []string{"UserId", "OrganizationId"},
			some: []columnSpec{{"UserCode", TypeText, false}, {"OrganizationId", TypeBigInt, false}, {"TitleCode", TypeText, true}}},
		{name: "UserGroups", aliases: []string{"GroupUsers"}, keys: []string{"UserId", "GroupId"},
			some: []columnSpec{{"GroupCode", TypeText, false}, {"UserName", TypeText, false}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, n := range append([]string{tt.name, "CybozuUser." + tt.name, "cybozuuser." + tt.name}, tt.aliases...) {
				tab, err := cat.Lookup(ctx, n)
				if err != nil || tab.Name != tt.name || tab.Kind != DirectoryTable || tab.Schema != CybozuUserSchema {
					t.Fatalf("Lookup(%q) = %v, %v", n, tab, err)
				}
			}
			tab, _ := cat.Lookup(ctx, tt.name)
			checkBuiltinTable(t, tab, tt.keys, tt.some)
		})
	}
}

func TestMetadataTables(t *testing.T) {
	cat, ids := builtinCatalog(t, "Apps", "Users", "tables")
	ctx := context.Background()
	tests := []struct {
		name    string
		aliases []string
		keys    []string
		some    []columnSpec
	}{
		{name: "Apps", keys: []string{"AppId"}, some: []columnSpec{{"AppId", TypeBigInt, false}, {"SpaceId", TypeBigInt, true},
			{"CreatedAt", TypeDateTime, true}, {"CreatorCode", TypeText, true}}},
		{name: "Fields", aliases: []string{"FormFields"}, keys: []string{"AppId", "Code"},
			some: []columnSpec{{"Required", TypeBool, false}, {"Options", TypeJSON, true}, {"Subtable", TypeText, true},
				{"LookupAppId", TypeBigInt, true}, {"Properties", TypeJSON, false}}},
		{name: "Views", keys: []string{"AppId", "Id"}, some: []columnSpec{{"Index", TypeBigInt, false}, {"Fields", TypeJSON, true}}},
		{name: "ProcessManagement", keys: []string{"AppId"}, some: []columnSpec{{"Enable", TypeBool, false}, {"States", TypeJSON, true}}},
		{name: "ProcessManagementStates", keys: []string{"AppId", "Name"}, some: []columnSpec{{"AssigneeType", TypeText, true}}},
		{name: "ProcessManagementActions", keys: []string{"AppId", "Index"}, some: []columnSpec{{"From", TypeText, false}}},
		{name: "Spaces", aliases: []string{"Space"}, keys: []string{"Id"}, some: []columnSpec{{"IsGuest", TypeBool, false},
			{"MemberCount", TypeBigInt, true}}},
		{name: "Comments", keys: []string{"AppId", "RecordId", "Id"}, some: []columnSpec{{"Text", TypeText, true},
			{"CreatedAt", TypeDateTime, false}, {"Mentions", TypeJSON, true}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, n := range append([]string{tt.name, "Kintone." + tt.name, "REST." + tt.name}, tt.aliases...) {
				tab, err := cat.Lookup(ctx, n)
				if err != nil || tab.Name != tt.name || tab.Kind != MetadataTable || tab.Schema != KintoneSchema {
					t.Fatalf("Lookup(%q) = %v, %v", n, tab, err)
				}
			}
			tab, _ := cat.Lookup(ctx, tt.name)
			checkBuiltinTable(t, tab, tt.keys, tt.some)
		})
	}

	// Built-in tables win over apps of the same name; the apps stay
	// reachable by app_<id> and, across schemas, by the Kintone qualifier.
	for name, wantApp := range map[string]bool{appAlias(ids["Apps"]): true, "Kintone.Users": true, "Users": false,
		"tables": true, "information_schema.tables": false} {
		tab, err := cat.Lookup(ctx, name)
		if err != nil || (tab.Kind == AppTable) != wantApp {
			t.Errorf("Lookup(%q) = %v, %v; want app table %v", name, tab, err, wantApp)
		}
	}
	if err := AddBuiltinTables(cat); err == nil {
		t.Error("adding the built-in tables twice succeeded")
	}
}

func TestMetadataInformationSchemaQualifiedOnly(t *testing.T) {
	cat, _ := builtinCatalog(t)
	ctx := context.Background()
	for _, n := range []string{"information_schema.tables", "INFORMATION_SCHEMA.COLUMNS", "information_schema.Schemata"} {
		tab, err := cat.Lookup(ctx, n)
		if err != nil || tab.Schema != InformationSchema {
			t.Errorf("Lookup(%q) = %v, %v", n, tab, err)
		}
	}
	_, err := cat.Lookup(ctx, "columns")
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("unqualified columns: %v", err)
	}
	for in, want := range map[string]string{"rest": KintoneSchema, "User": CybozuUserSchema, "INFORMATION_SCHEMA": InformationSchema, "x": ""} {
		if got, ok := CanonicalSchema(in); got != want || ok != (want != "") {
			t.Errorf("CanonicalSchema(%q) = %q, %v", in, got, ok)
		}
	}
}

// checkBuiltinTable checks a built-in table's key columns, some columns'
// types, unique names and codes, and a description.
func checkBuiltinTable(t *testing.T, tab *Table, keys []string, some []columnSpec) {
	t.Helper()
	var gotKeys []string
	for _, c := range KeyColumns(tab) {
		gotKeys = append(gotKeys, c.Name)
	}
	if !slices.Equal(gotKeys, keys) {
		t.Errorf("keys %q, want %q", gotKeys, keys)
	}
	for _, s := range some {
		c, err := tab.Column(s.name)
		if err != nil {
			t.Errorf("column %s: %v", s.name, err)
			continue
		}
		if c.Type != s.typ || c.Nullable != s.nullable {
			t.Errorf("column %s: type %v nullable %v, want %v %v", s.name, c.Type, c.Nullable, s.typ, s.nullable)
		}
	}
	names, codes := map[string]bool{}, map[string]bool{}
	for _, c := range tab.Columns {
		if names[c.Name] || codes[c.Code] {
			t.Errorf("column %s (code %s) is not unique", c.Name, c.Code)
		}
		names[c.Name], codes[c.Code] = true, true
		if c.Writable {
			t.Errorf("column %s is writable before directory writes exist", c.Name)
		}
	}
	if tab.Description == "" {
		t.Error("no description")
	}
}
