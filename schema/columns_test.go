package schema

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/client"
	"github.com/shopspring/decimal"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buildOne builds the tables of app 1 "A" from properties.
func buildOne(opts Options, ps ...client.FieldProperty) *appTables {
	e := &appEntry{id: 1, name: "A", subtables: opts.WantsSubtablesOf(1, "A", "")}
	return buildAppTables(e, props(ps...), nil, opts, max(opts.GuestSpaceID, 0))
}

// dec is a decimal from text, for expectations.
func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

func TestFieldTypeColumns(t *testing.T) {
	options := map[string]client.Option{"B": {Label: "B", Index: "1"}, "A": {Label: "A", Index: "0"}}
	tests := []struct {
		prop                         client.FieldProperty
		double                       bool
		name                         string // column name ("" = no column)
		typ                          Type
		nullable, sortable, writable bool
		empty                        string // raw empty value, decodes to nil
		raw                          string
		want                         any
	}{
		{prop: client.FieldProperty{Type: FieldRecordNumber, Code: "rn", Label: "No"}, name: "No", typ: TypeText, sortable: true,
			raw: `"DEAL-7"`, want: "DEAL-7"},
		{prop: client.FieldProperty{Type: FieldCreatedTime, Code: "ct", Label: "Created"}, name: "Created", typ: TypeDateTime, sortable: true,
			raw: `"2012-01-11T11:30:00Z"`, want: time.Date(2012, 1, 11, 11, 30, 0, 0, time.UTC)},
		{prop: client.FieldProperty{Type: FieldUpdatedTime, Code: "ut", Label: "Updated"}, name: "Updated", typ: TypeDateTime, sortable: true,
			raw: `"2012-01-11T11:30:00+09:00"`, want: time.Date(2012, 1, 11, 2, 30, 0, 0, time.UTC)},
		{prop: client.FieldProperty{Type: FieldSingleLineText, Code: "s", Label: "S"}, name: "S", typ: TypeText, nullable: true, sortable: true, writable: true,
			empty: `""`, raw: `"abc"`, want: "abc"},
		{prop: client.FieldProperty{Type: FieldSingleLineText, Code: "auto", Label: "Auto", Expression: "s & s"}, name: "Auto", typ: TypeText, nullable: true, sortable: true,
			empty: `""`, raw: `"abcabc"`, want: "abcabc"},
		{prop: client.FieldProperty{Type: FieldMultiLineText, Code: "m", Label: "M"}, name: "M", typ: TypeText, nullable: true, writable: true,
			empty: `""`, raw: `"a\nb"`, want: "a\nb"},
		{prop: client.FieldProperty{Type: FieldRichText, Code: "r", Label: "R"}, name: "R", typ: TypeText, nullable: true, writable: true,
			empty: `""`, raw: `"<b>x</b>"`, want: "<b>x</b>"},
		{prop: client.FieldProperty{Type: FieldLink, Code: "l", Label: "L"}, name: "L", typ: TypeText, nullable: true, sortable: true, writable: true,
			empty: `""`, raw: `"https://x"`, want: "https://x"},
		{prop: client.FieldProperty{Type: FieldNumber, Code: "n", Label: "N"}, name: "N", typ: TypeDecimal, nullable: true, sortable: true, writable: true,
			empty: `""`, raw: `"12345678901234567890.123456789"`, want: dec("12345678901234567890.123456789")},
		{prop: client.FieldProperty{Type: FieldNumber, Code: "n", Label: "N"}, double: true, name: "N", typ: TypeDouble, nullable: true, sortable: true, writable: true,
			empty: `""`, raw: `"0.1"`, want: 0.1},
		{prop: client.FieldProperty{Type: FieldCalc, Code: "c", Label: "C"}, name: "C", typ: TypeDecimal, nullable: true, sortable: true,
			empty: `""`, raw: `"-3.50"`, want: dec("-3.50")},
		{prop: client.FieldProperty{Type: FieldCalc, Code: "c", Label: "C", Format: CalcNumberDigit}, double: true, name: "C", typ: TypeDouble, nullable: true, sortable: true,
			empty: `""`, raw: `"1000"`, want: 1000.0},
		{prop: client.FieldProperty{Type: FieldCalc, Code: "c", Label: "C", Format: CalcDate}, name: "C", typ: TypeDate, nullable: true, sortable: true,
			empty: `""`, raw: `"2022-01-31"`, want: time.Date(2022, 1, 31, 0, 0, 0, 0, time.UTC)},
		{prop: client.FieldProperty{Type: FieldCalc, Code: "c", Label: "C", Format: CalcDateTime}, name: "C", typ: TypeDateTime, nullable: true, sortable: true,
			empty: `""`, raw: `"2022-01-01T00:00:00Z"`, want: time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)},
		{prop: client.FieldProperty{Type: FieldCalc, Code: "c", Label: "C", Format: CalcTime}, name: "C", typ: TypeTime, nullable: true, sortable: true,
			empty: `""`, raw: `"09:05"`, want: time.Date(0, 1, 1, 9, 5, 0, 0, time.UTC)},
		{prop: client.FieldProperty{Type: FieldCalc, Code: "c", Label: "C", Format: CalcHourMinute}, name: "C", typ: TypeText, nullable: true, sortable: true,
			empty: `""`, raw: `"25:01"`, want: "25:01"},
		{prop: client.FieldProperty{Type: FieldRadioButton, Code: "rb", Label: "RB", Options: options}, name: "RB", typ: TypeText, nullable: true, sortable: true, writable: true,
			empty: `""`, raw: `"A"`, want: "A"},
		{prop: client.FieldProperty{Type: FieldDropDown, Code: "dd", Label: "DD", Options: options}, name: "DD", typ: TypeText, nullable: true, sortable: true, writable: true,
			empty: `null`, raw: `"B"`, want: "B"},
		{prop: client.FieldProperty{Type: FieldCheckBox, Code: "cb", Label: "CB", Options: options}, name: "CB", typ: TypeJSON, nullable: true, writable: true,
			empty: `[]`, raw: `[ "A", "B" ]`, want: `["A","B"]`},
		{prop: client.FieldProperty{Type: FieldMultiSelect, Code: "ms", Label: "MS", Options: options}, name: "MS", typ: TypeJSON, nullable: true, writable: true,
			empty: `[]`, raw: `["R&D"]`, want: `["R&D"]`},
		{prop: client.FieldProperty{Type: FieldDate, Code: "d", Label: "D"}, name: "D", typ: TypeDate, nullable: true, sortable: true, writable: true,
			empty: `null`, raw: `"2024-01-02"`, want: time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC)},
		{prop: client.FieldProperty{Type: FieldDate, Code: "d", Label: "D"}, name: "D", typ: TypeDate, nullable: true, sortable: true, writable: true,
			empty: `""`, raw: `"2024-02-29"`, want: time.Date(2024, 2, 29, 0, 0, 0, 0, time.UTC)},
		{prop: client.FieldProperty{Type: FieldTime, Code: "tm", Label: "TM"}, name: "TM", typ: TypeTime, nullable: true, sortable: true, writable: true,
			empty: `null`, raw: `"11:30"`, want: time.Date(0, 1, 1, 11, 30, 0, 0, time.UTC)},
		{prop: client.FieldProperty{Type: FieldDateTime, Code: "dt", Label: "DT"}, name: "DT", typ: TypeDateTime, nullable: true, sortable: true, writable: true,
			empty: `""`, raw: `"2012-01-11T11:30:00Z"`, want: time.Date(2012, 1, 11, 11, 30, 0, 0, time.UTC)},
		{prop: client.FieldProperty{Type: FieldFile, Code: "f", Label: "F"}, name: "F", typ: TypeJSON, nullable: true, writable: true,
			empty: `[]`, raw: `[{"contentType":"text/plain","fileKey":"k1","name":"a.txt","size":"12"}]`,
			want: `[{"name":"a.txt","contentType":"text/plain","size":12,"fileKey":"k1"}]`},
		{prop: client.FieldProperty{Type: FieldUserSelect, Code: "u", Label: "U"}, name: "U", typ: TypeJSON, nullable: true, writable: true,
			empty: `[]`, raw: `[{"code":"sato","name":"Noboru Sato"}]`, want: `[{"code":"sato","name":"Noboru Sato"}]`},
		{prop: client.FieldProperty{Type: FieldOrganizationSelect, Code: "o", Label: "O"}, name: "O", typ: TypeJSON, nullable: true, writable: true,
			empty: `[]`, raw: `[{"code":"dev","name":"Dev"}]`, want: `[{"code":"dev","name":"Dev"}]`},
		{prop: client.FieldProperty{Type: FieldGroupSelect, Code: "g", Label: "G"}, name: "G", typ: TypeJSON, nullable: true, writable: true,
			empty: `[]`, raw: `[{"code":"admins","name":"Admins"}]`, want: `[{"code":"admins","name":"Admins"}]`},
		{prop: client.FieldProperty{Type: FieldStatus, Code: "st", Label: "Status", Enabled: true}, name: "Status", typ: TypeText, nullable: true, sortable: true,
			empty: `""`, raw: `"In progress"`, want: "In progress"},
		{prop: client.FieldProperty{Type: FieldStatus, Code: "st", Label: "Status"}},
		{prop: client.FieldProperty{Type: FieldStatusAssignee, Code: "as", Label: "Assignee", Enabled: true}, name: "Assignee", typ: TypeJSON, nullable: true,
			empty: `[]`, raw: `[{"code":"a","name":"A"}]`, want: `[{"code":"a","name":"A"}]`},
		{prop: client.FieldProperty{Type: FieldStatusAssignee, Code: "as", Label: "Assignee"}},
		{prop: client.FieldProperty{Type: FieldCategory, Code: "cat", Label: "Categories", Enabled: true}, name: "Categories", typ: TypeJSON, nullable: true,
			empty: `[]`, raw: `["x"]`, want: `["x"]`},
		{prop: client.FieldProperty{Type: FieldCategory, Code: "cat", Label: "Categories"}},
		{prop: client.FieldProperty{Type: FieldReferenceTable, Code: "ref", Label: "Ref"}},
		{prop: client.FieldProperty{Type: FieldLabel, Code: "lab", Label: "Lab"}},
		{prop: client.FieldProperty{Type: FieldSpacer, Code: "sp"}},
		{prop: client.FieldProperty{Type: FieldHR, Code: "hr"}},
		{prop: client.FieldProperty{Type: FieldGroup, Code: "grp", Label: "Grp"}},
		{prop: client.FieldProperty{Type: FieldSingleLineText, Code: "lk", Label: "Lookup", Lookup: &client.Lookup{
			RelatedKeyField: "k", FieldMappings: []client.FieldMapping{{Field: "lk", RelatedField: "x"}}}},
			name: "Lookup", typ: TypeText, nullable: true, sortable: true, writable: false, empty: `""`, raw: `"x"`, want: "x"},
		{prop: client.FieldProperty{Type: FieldNumber, Code: "lkn", Label: "LookupN", Lookup: &client.Lookup{RelatedKeyField: "k"}},
			name: "LookupN", typ: TypeDecimal, nullable: true, sortable: true, writable: true, empty: `""`, raw: `"5"`, want: dec("5")},
	}
	for _, tt := range tests {
		name := tt.prop.Type + "/" + tt.prop.Format + "/" + tt.name
		t.Run(name, func(t *testing.T) {
			tab := buildOne(Options{NumberMapToDouble: tt.double}, tt.prop).table
			cols := tab.Columns[2:]
			if tt.name == "" {
				if len(cols) != 0 {
					t.Fatalf("got columns %q, want none", columnNames(tab))
				}
				return
			}
			if len(cols) != 1 {
				t.Fatalf("got columns %q, want one", columnNames(tab))
			}
			c := cols[0]
			if c.Name != tt.name || c.Type != tt.typ || c.Nullable != tt.nullable || c.Sortable != tt.sortable || c.Writable != tt.writable {
				t.Fatalf("column = %s %v nullable=%v sortable=%v writable=%v; want %s %v %v %v %v",
					c.Name, c.Type, c.Nullable, c.Sortable, c.Writable, tt.name, tt.typ, tt.nullable, tt.sortable, tt.writable)
			}
			if tt.empty != "" {
				v, err := c.Decode(client.FieldValue{Value: json.RawMessage(tt.empty)})
				if err != nil || v != nil {
					t.Errorf("Decode(%s) = %#v, %v; want NULL", tt.empty, v, err)
				}
			}
			v, err := c.Decode(client.FieldValue{Type: tt.prop.Type, Value: json.RawMessage(tt.raw)})
			if err != nil {
				t.Fatalf("Decode(%s): %v", tt.raw, err)
			}
			if d, ok := tt.want.(decimal.Decimal); ok {
				if got, ok := v.(decimal.Decimal); !ok || got.String() != d.String() {
					t.Fatalf("Decode(%s) = %#v, want decimal %s", tt.raw, v, d)
				}
				return
			}
			if !reflect.DeepEqual(v, tt.want) {
				t.Fatalf("Decode(%s) = %#v, want %#v", tt.raw, v, tt.want)
			}
			if v != nil && reflect.TypeOf(v) != c.Type.ScanType() && c.Type != TypeDecimal {
				t.Errorf("value type %T differs from ScanType %v", v, c.Type.ScanType())
			}
		})
	}
}

func TestCreatorColumns(t *testing.T) {
	tab := buildOne(Options{}, client.FieldProperty{Type: FieldCreator, Code: "Created_by", Label: "Created by"},
		client.FieldProperty{Type: FieldModifier, Code: "Updated_by", Label: "更新者"}).table
	want := []string{"$id", "$revision", "Created by Code", "Created by Name", "更新者 Code", "更新者 Name"}
	if got := columnNames(tab); !slices.Equal(got, want) {
		t.Fatalf("columns %q, want %q", got, want)
	}
	raw := client.FieldValue{Value: json.RawMessage(`{"code":"sato","name":"Noboru Sato"}`)}
	for name, want := range map[string]string{"Created by Code": "sato", "Created_by Code": "sato", "created by name": "Noboru Sato", "Updated_by Name": "Noboru Sato"} {
		c, err := tab.Column(name)
		if err != nil {
			t.Fatal(err)
		}
		if v, err := c.Decode(raw); err != nil || v != want {
			t.Errorf("%s: Decode = %v, %v; want %q", name, v, err, want)
		}
	}
	code, _ := tab.Column("Created by Code")
	name, _ := tab.Column("Created by Name")
	if !code.InsertOnly || code.Writable || !code.Sortable || name.Sortable || code.Nullable {
		t.Errorf("code part flags %+v, name part %+v", code, name)
	}
}

func TestSystemColumns(t *testing.T) {
	tab := buildOne(Options{}).table
	id, rev := tab.Columns[0], tab.Columns[1]
	for _, c := range []*Column{id, rev} {
		if c.Type != TypeBigInt || c.Nullable || c.Writable {
			t.Errorf("%s = %+v", c.Name, c)
		}
		v, err := c.Decode(client.FieldValue{Value: json.RawMessage(`"123"`)})
		if err != nil || v != int64(123) {
			t.Errorf("%s Decode = %#v, %v", c.Name, v, err)
		}
		if _, err := c.Decode(client.FieldValue{Value: json.RawMessage(`"x"`)}); err == nil {
			t.Errorf("%s decoded a non-number", c.Name)
		}
	}
	if c, err := tab.Column("recordid"); err != nil || c != id {
		t.Errorf("RecordId alias: %v", err)
	}
}

func TestColumnNamesDifferingOnlyInCase(t *testing.T) {
	// Two fields labelled Assignee whose codes differ only in case: the
	// labels collide, then "Label (code)" still does, so the later column
	// (in form order; code order here, without a layout) is numbered.
	tab := buildOne(Options{},
		client.FieldProperty{Type: FieldUserSelect, Code: "assignee", Label: "Assignee"},
		client.FieldProperty{Type: FieldUserSelect, Code: "Assignee", Label: "Assignee"},
		client.FieldProperty{Type: FieldSingleLineText, Code: "title", Label: "Title"},
	).table
	assert.Equal(t, []string{"$id", "$revision", "Assignee (Assignee)", "Assignee (assignee) #2", "Title"}, columnNames(tab))
	for name, code := range map[string]string{
		"Assignee (Assignee)":    "Assignee",
		"ASSIGNEE (ASSIGNEE)":    "Assignee",
		"Assignee (assignee) #2": "assignee",
		"assignee (assignee) #2": "assignee",
		"assignee":               "assignee", // a field code, exactly
	} {
		c, err := tab.Column(name)
		if assert.NoError(t, err, name) {
			assert.Equal(t, code, c.Code, name)
		}
	}
	_, err := tab.Column("Assignee")
	assert.ErrorIs(t, err, ErrAmbiguous)

	// With UseCodeForFieldName the codes are the names and collide the same way.
	tab = buildOne(Options{UseCodeForFieldName: true},
		client.FieldProperty{Type: FieldUserSelect, Code: "assignee", Label: "Assignee"},
		client.FieldProperty{Type: FieldUserSelect, Code: "Assignee", Label: "Owner"},
	).table
	assert.Equal(t, []string{"$id", "$revision", "Assignee (Assignee)", "assignee (assignee) #2"}, columnNames(tab))
}

func TestColumnNaming(t *testing.T) {
	fields := []client.FieldProperty{
		{Type: FieldSingleLineText, Code: "name1", Label: "Name"},
		{Type: FieldSingleLineText, Code: "name2", Label: "Name"},
		{Type: FieldNumber, Code: "price", Label: "Price"},
		{Type: FieldNumber, Code: "Price_tax", Label: "price"},
		{Type: FieldDate, Code: "due", Label: "Amount"},
		{Type: FieldNumber, Code: "Amount", Label: "Total"},
	}
	tab := buildOne(Options{}, fields...).table
	// Names equal but for letter case collide too (SQL resolves them
	// ignoring case): both get their codes.
	want := []string{"$id", "$revision", "Amount", "Name (name1)", "Name (name2)", "Price (price)", "Total", "price (Price_tax)"}
	got := columnNames(tab)
	slices.Sort(got[2:])
	require.Equal(t, want, got)
	tests := []struct {
		name, want string
		errHas     []string
	}{
		{name: "Name (name1)", want: "name1"},
		{name: "name2", want: "name2"},
		{name: "Name", errHas: []string{`column name "Name" is ambiguous in table "A": it matches "Name (name1)" and "Name (name2)"`}},
		{name: "Price", want: "price"},                                                           // the plain label, kept as an alias
		{name: "price (price_tax)", want: "Price_tax"},                                           // names resolve ignoring case
		{name: "price", errHas: []string{"ambiguous", `"Price (price)"`, `"price (Price_tax)"`}}, // one's code, the other's label
		{name: "PRICE", errHas: []string{"ambiguous", `"Price (price)"`, `"price (Price_tax)"`}},
		{name: "Amount", want: "due"},                              // the label wins over the other field's code
		{name: "amount", errHas: []string{`"Total" and "Amount"`}}, // folds to a name and to another field's code
		{name: "total", want: "Amount"},
		{name: "Pricee", errHas: []string{`column "Pricee" not found in table "A"`}},
	}
	for _, tt := range tests {
		c, err := tab.Column(tt.name)
		if tt.errHas != nil {
			mustContain(t, err, tt.errHas...)
			continue
		}
		if assert.NoError(t, err, "Column(%q)", tt.name) {
			assert.Equal(t, tt.want, c.Code, "Column(%q)", tt.name)
		}
	}
	_, err := tab.Column("Name")
	assert.ErrorIs(t, err, ErrAmbiguous)
	_, err = tab.Column("zzz")
	assert.ErrorIs(t, err, ErrNotFound)

	// With codes, names are codes and labels are aliases.
	tab = buildOne(Options{UseCodeForFieldName: true}, fields...).table
	got = columnNames(tab)
	slices.Sort(got[2:])
	require.Equal(t, []string{"$id", "$revision", "Amount", "Price_tax", "due", "name1", "name2", "price"}, got)
	c, err := tab.Column("Total")
	if assert.NoError(t, err, "label alias Total") {
		assert.Equal(t, "Amount", c.Code, "label alias Total")
	}
	_, err = tab.Column("Name")
	assert.ErrorIs(t, err, ErrAmbiguous, "shared label alias")
	// A label equal to a system column name is renamed, the system column is not.
	tab = buildOne(Options{}, client.FieldProperty{Type: FieldNumber, Code: "x", Label: "$id"}).table
	assert.Equal(t, []string{"$id", "$revision", "$id (x)"}, columnNames(tab))
}

func TestSubtableNaming(t *testing.T) {
	sub := func(code, label string) client.FieldProperty {
		return client.FieldProperty{Type: FieldSubtable, Code: code, Label: label, Fields: props(
			client.FieldProperty{Type: FieldNumber, Code: code + "_n", Label: "N"})}
	}
	at := buildOne(Options{}, sub("t1", "Table"), sub("t2", "Table"), sub("t3", "Other"))
	var names []string
	for _, st := range at.subtables {
		names = append(names, st.Name)
	}
	slices.Sort(names)
	if want := []string{"A_Other", "A_Table (t1)", "A_Table (t2)"}; !slices.Equal(names, want) {
		t.Fatalf("subtable tables %q, want %q", names, want)
	}
	for _, st := range at.subtables {
		if !slices.Contains(st.Aliases, "app_1_"+st.Subtable) {
			t.Errorf("%s aliases %q lack app_1_%s", st.Name, st.Aliases, st.Subtable)
		}
		if st.Columns[2].Code != st.Subtable+"_n" {
			t.Errorf("%s inner column %+v", st.Name, st.Columns[2])
		}
	}
	if at := buildOne(Options{CheckForSubtablesIn: []string{"other app"}}, sub("t1", "T")); len(at.subtables) != 0 {
		t.Error("subtables built for an app CheckForSubtablesIn leaves out")
	}
}
