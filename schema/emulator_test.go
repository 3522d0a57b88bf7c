package schema

import (
	"context"
	"encoding/json"
	"reflect"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/kintonetest"
)

// emulatorApp seeds the emulator with an app holding most field types and
// a subtable, plus one record.
func emulatorApp(t *testing.T) (*kintonetest.Server, int64) {
	srv := kintonetest.NewServer()
	t.Cleanup(srv.Close)
	id, err := srv.CreateApp(kintonetest.AppSpec{Name: "Orders", Code: "ORD", Fields: []*kintonetest.Field{
		{Type: kintonetest.TypeSingleLineText, Code: "title", Label: "Title"},
		{Type: kintonetest.TypeNumber, Code: "amount", Label: "Amount"},
		{Type: kintonetest.TypeDate, Code: "due", Label: "Due"},
		{Type: kintonetest.TypeDateTime, Code: "at", Label: "At"},
		{Type: kintonetest.TypeTime, Code: "tm", Label: "Time"},
		{Type: kintonetest.TypeDropDown, Code: "dd", Label: "Rank", Options: []string{"A", "B"}},
		{Type: kintonetest.TypeCheckBox, Code: "tags", Label: "Tags", Options: []string{"x", "y"}},
		{Type: kintonetest.TypeUserSelect, Code: "owner", Label: "Owner"},
		{Type: kintonetest.TypeSubtable, Code: "lines", Label: "Lines", Fields: []*kintonetest.Field{
			{Type: kintonetest.TypeSingleLineText, Code: "item", Label: "Item"},
			{Type: kintonetest.TypeNumber, Code: "qty", Label: "Qty"},
		}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = srv.AddRecords(id, []map[string]any{{
		"title": "first", "amount": "1234567890.123456789", "due": "2024-01-02", "at": "2024-01-02T03:04:00Z",
		"tm": "11:30", "dd": "B", "tags": []string{"y", "x"},
		"owner": []map[string]string{{"code": kintonetest.DefaultUser}},
		"lines": []map[string]any{{"item": "pen", "qty": "3"}, {"item": "ink", "qty": ""}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	return srv, id
}

func TestEmulatorCatalogAndValues(t *testing.T) {
	srv, appID := emulatorApp(t)
	c, err := client.New(client.Options{BaseURL: srv.URL, User: kintonetest.DefaultUser, Password: kintonetest.DefaultPassword})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cat, err := Load(ctx, c, Options{})
	if err != nil {
		t.Fatal(err)
	}
	tab, err := cat.Lookup(ctx, "orders")
	if err != nil {
		t.Fatal(err)
	}
	recs, _, err := c.GetRecords(ctx, client.GetRecordsRequest{App: appID, Fields: tab.FieldCodes(nil)})
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 1 {
		t.Fatalf("%d records", len(recs))
	}
	rows, err := tab.RecordRows(recs[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]any{}
	for i, col := range tab.Columns {
		got[col.Name] = rows[0][i]
	}
	want := map[string]any{
		"Title": "first", "Due": time.Date(2024, 1, 2, 0, 0, 0, 0, time.UTC),
		"At": time.Date(2024, 1, 2, 3, 4, 0, 0, time.UTC), "Time": time.Date(0, 1, 1, 11, 30, 0, 0, time.UTC),
		"Rank": "B", "Tags": `["y","x"]`, "$id": int64(1), "$revision": int64(1),
	}
	for k, v := range want {
		if !reflect.DeepEqual(got[k], v) {
			t.Errorf("%s = %#v, want %#v", k, got[k], v)
		}
	}
	if d, ok := got["Amount"].(interface{ String() string }); !ok || d.String() != "1234567890.123456789" {
		t.Errorf("Amount = %#v", got["Amount"])
	}
	if got["作成者 Code"] != kintonetest.DefaultUser {
		t.Errorf("creator code = %#v (columns %q)", got["作成者 Code"], columnNames(tab))
	}

	lines, err := cat.Lookup(ctx, "ORD_Lines")
	if err != nil {
		t.Fatal(err)
	}
	recs, _, err = c.GetRecords(ctx, client.GetRecordsRequest{App: appID, Fields: lines.FieldCodes(nil)})
	if err != nil {
		t.Fatal(err)
	}
	rows, err = lines.RecordRows(recs[0], nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[0][0] != int64(1) || rows[0][2] != "pen" || rows[1][3] != nil {
		t.Errorf("subtable rows %#v", rows)
	}

	// A record written with Encode reads back equal through Decode.
	rec := client.Record{}
	for name, v := range map[string]any{"Title": "second", "Amount": "0.1", "Due": "2025-12-31",
		"At": time.Date(2025, 1, 1, 9, 0, 0, 0, time.FixedZone("JST", 9*3600)), "Tags": `["x"]`, "Owner": kintonetest.DefaultUser} {
		col, err := tab.Column(name)
		if err != nil {
			t.Fatal(err)
		}
		raw, err := col.Encode(v)
		if err != nil {
			t.Fatal(err)
		}
		rec[col.Code] = client.FieldValue{Value: raw}
	}
	added, err := c.AddRecord(ctx, appID, rec)
	if err != nil {
		t.Fatal(err)
	}
	back, err := c.GetRecord(ctx, appID, added.ID)
	if err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]any{"At": time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), "Tags": `["x"]`,
		"Owner": `[{"code":"` + kintonetest.DefaultUser + `","name":"` + userName(t, back) + `"}]`} {
		col, _ := tab.Column(name)
		v, err := col.Decode(back[col.Code])
		if err != nil || !reflect.DeepEqual(v, want) {
			t.Errorf("%s read back %#v, %v; want %#v", name, v, err, want)
		}
	}
}

// userName returns the name the emulator gave the owner of rec.
func userName(t *testing.T, rec client.Record) string {
	var v []client.CodeName
	if err := json.Unmarshal(rec["owner"].Value, &v); err != nil || len(v) != 1 {
		t.Fatalf("owner value %s: %v", rec["owner"].Value, err)
	}
	return v[0].Name
}

func TestEmulatorTokenAndGuest(t *testing.T) {
	srv, appID := emulatorApp(t)
	if err := srv.AddAPIToken(appID, "tok1", kintonetest.AllPermissions); err != nil {
		t.Fatal(err)
	}
	space, err := srv.AddSpace(kintonetest.Space{Name: "Guests", IsGuest: true, Members: []string{kintonetest.DefaultUser}})
	if err != nil {
		t.Fatal(err)
	}
	guestApp, err := srv.CreateApp(kintonetest.AppSpec{Name: "Visitors", SpaceID: space, Fields: []*kintonetest.Field{
		{Type: kintonetest.TypeNumber, Code: "n", Label: "N"}}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	tc, err := client.New(client.Options{BaseURL: srv.URL, APITokens: []string{"tok1"}})
	if err != nil {
		t.Fatal(err)
	}
	cat, err := Load(ctx, tc, Options{TokenAuth: true, AppIDs: []int64{appID}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cat.Lookup(ctx, "Orders_Lines"); err != nil {
		t.Error(err)
	}
	pc, err := client.New(client.Options{BaseURL: srv.URL, User: kintonetest.DefaultUser, Password: kintonetest.DefaultPassword})
	if err != nil {
		t.Fatal(err)
	}
	cat, err = Load(ctx, pc, Options{GuestSpaceID: space})
	if err != nil {
		t.Fatal(err)
	}
	if apps := cat.Apps(); len(apps) != 1 {
		t.Fatalf("guest catalog apps %+v, want only app %d", apps, guestApp)
	}
	tab, err := cat.Lookup(ctx, "visitors")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tab.Column("n"); err != nil {
		t.Error(err)
	}
}
