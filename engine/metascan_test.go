package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/schema"
)

// metaIDs are the ids of the metadata fixture.
type metaIDs struct {
	space, guest, customers, orders, record int64
}

// newMetaFixture seeds a space holding Customers (a subtable, a drop-down,
// two views, a two-state process) and Orders (a lookup and a related
// records field on Customers), a guest space, and 25 comments on one
// Orders record.
func newMetaFixture(t *testing.T) (*builtinFixture, metaIDs) {
	var ids metaIDs
	f := newBuiltinFixture(t, func(srv *kintonetest.Server) {
		var err error
		add := func(id int64, e error) int64 {
			if e != nil && err == nil {
				err = e
			}
			return id
		}
		ids.space = add(srv.AddSpace(kintonetest.Space{Name: "Team", Body: "team space"}))
		ids.guest = add(srv.AddSpace(kintonetest.Space{Name: "Guests", IsGuest: true}))
		ids.customers = add(srv.CreateApp(kintonetest.AppSpec{Name: "Customers", Code: "CUST", SpaceID: ids.space,
			Fields: []*kintonetest.Field{
				{Type: kintonetest.TypeSingleLineText, Code: "name", Label: "Name", Required: true, Unique: true},
				{Type: kintonetest.TypeDropDown, Code: "rank", Label: "Rank", Options: []string{"A", "B", "C"}},
				{Type: kintonetest.TypeSubtable, Code: "lines", Label: "Lines", Fields: []*kintonetest.Field{
					{Type: kintonetest.TypeSingleLineText, Code: "item", Label: "Item"},
					{Type: kintonetest.TypeNumber, Code: "qty", Label: "Qty"},
				}},
			},
			Views: []kintonetest.View{
				{Name: "All", Type: "LIST", Fields: []string{"name", "rank"}, Sort: "name asc"},
				{Name: "Top", Type: "LIST", FilterCond: `rank in ("A")`},
			},
			Process: &kintonetest.ProcessManagement{Enable: true,
				States: []kintonetest.State{
					{Name: "Open", AssigneeType: "ONE", Assignees: []kintonetest.Entity{{Code: kintonetest.DefaultUser, Type: "USER"}}},
					{Name: "Done"},
				},
				Actions: []kintonetest.Action{{Name: "Close", From: "Open", To: "Done", Type: "PRIMARY"}},
			},
		}))
		ids.orders = add(srv.CreateApp(kintonetest.AppSpec{Name: "Orders", Code: "ORD",
			Fields: []*kintonetest.Field{
				{Type: kintonetest.TypeSingleLineText, Code: "cust", Label: "Customer", Lookup: &kintonetest.Lookup{
					RelatedApp: ids.customers, RelatedKeyField: "name",
					FieldMappings: []kintonetest.FieldMapping{{Field: "custRank", RelatedField: "rank"}}}},
				{Type: kintonetest.TypeSingleLineText, Code: "custRank", Label: "Customer rank"},
				{Type: kintonetest.TypeReferenceTable, Code: "related", Label: "Related", ReferenceTable: &kintonetest.ReferenceTable{
					RelatedApp: ids.customers, Field: "cust", RelatedField: "name", DisplayFields: []string{"name", "rank"}}},
			}}))
		biMust(t, err)
		recs, err := srv.AddRecords(ids.orders, []map[string]any{{"custRank": "A"}})
		biMust(t, err)
		ids.record = recs[0]
	})
	for i := 1; i <= 25; i++ {
		_, err := f.c.AddComment(context.Background(), ids.orders, ids.record, client.NewComment{Text: fmt.Sprintf("comment %d", i)})
		biMust(t, err)
	}
	f.srv.ResetCounters()
	return f, ids
}

// metaRead scans a metadata table with keys (code → values) and returns
// the output columns and rows.
func metaRead(t *testing.T, f *builtinFixture, name string, keys ...KeyFilter) ([]Column, []Row, error) {
	t.Helper()
	tab := f.table(t, name)
	scan := &MetaScan{Table: tab, Cols: tab.Columns, Qualifier: tab.Name, Keys: keys, Catalog: f.cat}
	rows, err := biRead(t, scan, f.env())
	return scan.Columns(), rows, err
}

func TestMetaApps(t *testing.T) {
	f, ids := newMetaFixture(t)
	cols, rows, err := metaRead(t, f, "Kintone.Apps")
	biMust(t, err)
	if len(rows) != 2 || f.srv.TotalRequests() != 0 {
		t.Fatalf("%d apps after %d requests, want 2 after none", len(rows), f.srv.TotalRequests())
	}
	got := biRow(cols, rows[0])
	want := map[string]Value{"AppId": ids.customers, "Code": "CUST", "Name": "Customers", "SpaceId": ids.space,
		"CreatorCode": kintonetest.DefaultUser, "Description": nil}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s = %#v, want %#v", k, got[k], v)
		}
	}
	if biRow(cols, rows[1])["SpaceId"] != nil {
		t.Errorf("Orders SpaceId = %v, want NULL", biRow(cols, rows[1])["SpaceId"])
	}
}

func TestMetaFields(t *testing.T) {
	f, ids := newMetaFixture(t)
	_, _, err := metaRead(t, f, "Fields")
	biMust(t, err)
	if n := f.srv.RequestCount("GET /k/v1/app/form/fields.json"); n != 2 {
		t.Errorf("all fields: %d requests, want one per app (2)", n)
	}
	f.srv.ResetCounters()
	cols, rows, err := metaRead(t, f, "FormFields", KeyFilter{Code: "appId", Values: []Value{ids.customers}})
	biMust(t, err)
	if n := f.srv.TotalRequests(); n != 1 {
		t.Errorf("fields of one app: %d requests, want 1", n)
	}
	fields := map[string]map[string]Value{}
	for _, r := range rows {
		m := biRow(cols, r)
		fields[m["Code"].(string)] = m
		if m["AppId"] != ids.customers {
			t.Errorf("field %v has AppId %v", m["Code"], m["AppId"])
		}
	}
	checks := []struct {
		code, col string
		want      Value
	}{
		{"name", "Required", true}, {"name", "Unique", true}, {"name", "Type", "SINGLE_LINE_TEXT"},
		{"name", "Subtable", nil}, {"rank", "Options", `["A","B","C"]`}, {"rank", "Required", false},
		{"lines", "Type", "SUBTABLE"}, {"item", "Subtable", "lines"}, {"qty", "Subtable", "lines"},
		{"qty", "Label", "Qty"}, {"name", "LookupAppId", nil},
	}
	for _, c := range checks {
		if got := fields[c.code][c.col]; got != c.want {
			t.Errorf("%s.%s = %#v, want %#v", c.code, c.col, got, c.want)
		}
	}
	if p, _ := fields["item"]["Properties"].(string); !strings.Contains(p, `"code":"item"`) {
		t.Errorf("item Properties = %q", p)
	}
	if p, _ := fields["lines"]["Properties"].(string); strings.Contains(p, `"item"`) {
		t.Errorf("lines Properties repeats the inner fields: %q", p)
	}

	cols, rows, err = metaRead(t, f, "Fields", KeyFilter{Code: "appId", Values: []Value{ids.orders}})
	biMust(t, err)
	fields = map[string]map[string]Value{}
	for _, r := range rows {
		m := biRow(cols, r)
		fields[m["Code"].(string)] = m
	}
	if got := fields["cust"]; got["LookupAppId"] != ids.customers || got["LookupKeyField"] != "name" ||
		!strings.Contains(fmt.Sprint(got["LookupMappings"]), `"custRank"`) {
		t.Errorf("lookup field: %v", got)
	}
	if got := fields["related"]; got["ReferenceAppId"] != ids.customers || got["ReferenceDisplayFields"] != `["name","rank"]` ||
		!strings.Contains(fmt.Sprint(got["ReferenceCondition"]), `"relatedField":"name"`) {
		t.Errorf("related records field: %v", got)
	}
}

func TestMetaViewsAndProcess(t *testing.T) {
	f, ids := newMetaFixture(t)
	app := KeyFilter{Code: "appId", Values: []Value{ids.customers}}
	cols, rows, err := metaRead(t, f, "Views", app)
	biMust(t, err)
	if got := biColumn(cols, rows, "Name"); !slices.Equal(got, []Value{"All", "Top"}) {
		t.Errorf("views %v, want All, Top", got)
	}
	if all := biRow(cols, rows[0]); all["Fields"] != `["name","rank"]` || all["Sort"] != "name asc" || all["Type"] != "LIST" {
		t.Errorf("view All: %v", all)
	}

	cols, rows, err = metaRead(t, f, "ProcessManagement", app)
	biMust(t, err)
	if len(rows) != 1 {
		t.Fatalf("%d ProcessManagement rows", len(rows))
	}
	pm := biRow(cols, rows[0])
	if pm["Enable"] != true || !strings.Contains(fmt.Sprint(pm["States"]), `"Open"`) || !strings.Contains(fmt.Sprint(pm["Actions"]), `"Close"`) {
		t.Errorf("ProcessManagement: %v", pm)
	}

	cols, rows, err = metaRead(t, f, "ProcessManagementStates", app)
	biMust(t, err)
	if got := biColumn(cols, rows, "Name"); !slices.Equal(got, []Value{"Open", "Done"}) {
		t.Errorf("states %v", got)
	}
	if open := biRow(cols, rows[0]); open["AssigneeType"] != "ONE" || !strings.Contains(fmt.Sprint(open["Assignees"]), kintonetest.DefaultUser) {
		t.Errorf("state Open: %v", open)
	}

	cols, rows, err = metaRead(t, f, "ProcessManagementActions", app)
	biMust(t, err)
	if len(rows) != 1 {
		t.Fatalf("%d actions", len(rows))
	}
	if a := biRow(cols, rows[0]); a["Name"] != "Close" || a["From"] != "Open" || a["To"] != "Done" || a["Index"] != int64(0) {
		t.Errorf("action: %v", a)
	}
	if n := f.srv.RequestCount("GET /k/v1/app/status.json"); n != 3 {
		t.Errorf("%d status.json requests for three scans of one app, want 3", n)
	}
}

func TestMetaSpaces(t *testing.T) {
	f, ids := newMetaFixture(t)
	cols, rows, err := metaRead(t, f, "Spaces")
	biMust(t, err)
	if len(rows) != 1 || f.srv.RequestCount("GET /k/v1/space.json") != 1 {
		t.Fatalf("%d spaces after %d requests, want the one space holding an app after 1", len(rows), f.srv.TotalRequests())
	}
	sp := biRow(cols, rows[0])
	want := map[string]Value{"Id": ids.space, "Name": "Team", "Body": "team space", "IsGuest": false,
		"AttachedAppIds": fmt.Sprintf("[%d]", ids.customers)}
	for k, v := range want {
		if sp[k] != v {
			t.Errorf("%s = %#v, want %#v", k, sp[k], v)
		}
	}
	f.srv.ResetCounters()
	cols, rows, err = metaRead(t, f, "Space", KeyFilter{Code: "id", Values: []Value{ids.guest}})
	biMust(t, err)
	if len(rows) != 1 || biRow(cols, rows[0])["IsGuest"] != true {
		t.Fatalf("guest space: %v", rows)
	}
	if n := f.srv.RequestCount("GET /k/v1/space.json"); n != 2 {
		t.Errorf("guest space: %d requests, want 2 (normal path refused, then the guest path)", n)
	}
}

func TestMetaComments(t *testing.T) {
	f, ids := newMetaFixture(t)
	for _, keys := range [][]KeyFilter{nil, {{Code: "appId", Values: []Value{ids.orders}}}, {{Code: "recordId", Values: []Value{ids.record}}}} {
		tab := f.table(t, "Comments")
		scan := &MetaScan{Table: tab, Cols: tab.Columns, Keys: keys, Catalog: f.cat}
		if err := scan.Check(); !errors.Is(err, ErrCommentsNeedRecord) {
			t.Errorf("Check with keys %v: %v", keys, err)
		}
		if _, err := biRead(t, scan, f.env()); !errors.Is(err, ErrCommentsNeedRecord) || !strings.Contains(err.Error(), "AppId and RecordId") {
			t.Errorf("Open with keys %v: %v", keys, err)
		}
	}
	if f.srv.TotalRequests() != 0 {
		t.Fatalf("%d requests without the keys", f.srv.TotalRequests())
	}
	cols, rows, err := metaRead(t, f, "Comments", KeyFilter{Code: "appId", Values: []Value{ids.orders}},
		KeyFilter{Code: "recordId", Values: []Value{ids.record}})
	biMust(t, err)
	if len(rows) != 25 {
		t.Fatalf("%d comments, want 25", len(rows))
	}
	if n := f.srv.RequestCount("GET /k/v1/record/comments.json"); n != 3 {
		t.Errorf("%d comments.json requests for 25 comments, want 3 (10 per page)", n)
	}
	first, last := biRow(cols, rows[0]), biRow(cols, rows[24])
	if first["Text"] == nil || !strings.HasSuffix(first["Text"].(string), "comment 1") || !strings.HasSuffix(last["Text"].(string), "comment 25") {
		t.Errorf("comments not oldest first: %v … %v", first["Text"], last["Text"])
	}
	if first["AppId"] != ids.orders || first["RecordId"] != ids.record || first["CreatorCode"] != kintonetest.DefaultUser ||
		first["Mentions"] != nil {
		t.Errorf("first comment: %v", first)
	}
	if a, b := first["Id"].(int64), last["Id"].(int64); a >= b {
		t.Errorf("ids %d … %d not ascending", a, b)
	}
}

func TestMetaTypesMatchSchema(t *testing.T) {
	f, _ := newMetaFixture(t)
	for _, name := range []string{"Apps", "Fields", "Views", "ProcessManagement", "Spaces", "Comments", "Users", "UserOrganizations"} {
		tab := f.table(t, name)
		if tab.Kind != schema.MetadataTable && tab.Kind != schema.DirectoryTable {
			t.Errorf("%s has kind %v", name, tab.Kind)
		}
		if len(schema.KeyColumns(tab)) == 0 {
			t.Errorf("%s has no key columns", name)
		}
		for _, code := range PushableKeys(tab) {
			if columnByCode(tab, code) == nil {
				t.Errorf("%s: pushable key %q is no column", name, code)
			}
		}
	}
}
