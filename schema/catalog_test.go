package schema

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/client"
)

// dealsApps are the apps most catalog tests use: two apps named "Deals",
// one with a subtable, and a plain app with a code.
func dealsApps() []*fakeApp {
	items := client.FieldProperty{Type: FieldSubtable, Code: "items", Label: "Items", Fields: props(
		client.FieldProperty{Type: FieldSingleLineText, Code: "product", Label: "Product"},
		client.FieldProperty{Type: FieldNumber, Code: "qty", Label: "Quantity"},
	)}
	deal := append(systemProps(),
		client.FieldProperty{Type: FieldSingleLineText, Code: "title", Label: "Title"},
		client.FieldProperty{Type: FieldNumber, Code: "amount", Label: "Amount"},
		items,
	)
	return []*fakeApp{
		{id: 12, name: "Deals", code: "DEAL", props: props(deal...),
			layout: &client.Layout{Layout: []client.LayoutRow{
				{Type: "ROW", Fields: []client.LayoutField{{Type: FieldNumber, Code: "amount"}, {Type: FieldSingleLineText, Code: "title"}}},
				{Type: FieldSubtable, Code: "items", Fields: []client.LayoutField{{Code: "qty"}, {Code: "product"}}},
			}}},
		{id: 31, name: "Deals", code: "DEAL2", props: props(append(systemProps(),
			client.FieldProperty{Type: FieldSingleLineText, Code: "title", Label: "Title"}, items)...), layout: rowLayout("title")},
		{id: 40, name: "顧客", code: "", props: props(append(systemProps(),
			client.FieldProperty{Type: FieldSingleLineText, Code: "name", Label: "会社名"},
			client.FieldProperty{Type: FieldSubtable, Code: "contacts", Label: "担当者", Fields: props(
				client.FieldProperty{Type: FieldSingleLineText, Code: "person", Label: "氏名"})},
		)...), layout: rowLayout("name", "contacts")},
	}
}

func TestLookupNames(t *testing.T) {
	f := newFakeKintone(t, dealsApps()...)
	ctx := context.Background()
	cat, err := Load(ctx, f.client(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		wantApp int64
		wantSub string
		errHas  []string
	}{
		{name: "app_12", wantApp: 12},
		{name: "APP_31", wantApp: 31},
		{name: "DEAL2", wantApp: 31},
		{name: "deal2", wantApp: 31},
		{name: "顧客", wantApp: 40},
		{name: "Kintone.顧客", wantApp: 40},
		{name: "rest.app_40", wantApp: 40},
		{name: "Deals", errHas: []string{`table name "Deals" is ambiguous: apps 12 and 31 share it; use app_12 or app_31 (or their codes DEAL, DEAL2)`}},
		{name: "deals", errHas: []string{"ambiguous", "app_12 or app_31"}},
		{name: "Deals_Items", errHas: []string{`table name "Deals_Items" is ambiguous: subtables of apps 12 and 31 share it; use app_12_Items or app_31_Items`}},
		{name: "app_12_Items", wantApp: 12, wantSub: "items"},
		{name: "DEAL_items", wantApp: 12, wantSub: "items"},
		{name: "deal_ITEMS", wantApp: 12, wantSub: "items"},
		{name: "顧客_担当者", wantApp: 40, wantSub: "contacts"},
		{name: "Kintone.顧客_contacts", wantApp: 40, wantSub: "contacts"},
		{name: "app_99", errHas: []string{`table "app_99" not found`}},
		{name: "DEAL3", errHas: []string{`did you mean "DEAL"`, `"DEAL2"`}},
		{name: "Kintone.Dealz", errHas: []string{`table "Dealz" not found in schema Kintone`, `"Deals"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab, err := cat.Lookup(ctx, tt.name)
			if tt.errHas != nil {
				mustContain(t, err, tt.errHas...)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if tab.App != tt.wantApp || tab.Subtable != tt.wantSub {
				t.Fatalf("got app %d subtable %q (%s), want app %d subtable %q", tab.App, tab.Subtable, tab.Name, tt.wantApp, tt.wantSub)
			}
			if len(tab.Columns) == 0 {
				t.Fatal("table has no columns")
			}
		})
	}
	_, err = cat.Lookup(ctx, "Deals")
	if !errors.Is(err, ErrAmbiguous) {
		t.Errorf("ambiguous error %v does not match ErrAmbiguous", err)
	}
	_, err = cat.Lookup(ctx, "nothing")
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("unknown error %v does not match ErrNotFound", err)
	}
}

func TestSubtableTables(t *testing.T) {
	f := newFakeKintone(t, dealsApps()...)
	ctx := context.Background()
	cat, err := Load(ctx, f.client(t), Options{SubtableSeparator: "#"})
	if err != nil {
		t.Fatal(err)
	}
	st, err := cat.Lookup(ctx, "app_12#Items")
	if err != nil {
		t.Fatal(err)
	}
	if st.Name != "Deals#Items" || st.Kind != SubtableTable || st.Parent == nil || st.Parent.App != 12 {
		t.Fatalf("subtable table = %+v", st)
	}
	// Layout order inside the subtable: qty before product.
	if got, want := columnNames(st), []string{"$id", "$row_id", "Quantity", "Product"}; !slices.Equal(got, want) {
		t.Errorf("columns = %q, want %q", got, want)
	}
	for _, c := range st.Columns[2:] {
		if c.Subtable != "items" || c.Sortable {
			t.Errorf("inner column %s: Subtable %q Sortable %v", c.Name, c.Subtable, c.Sortable)
		}
	}
	if c := st.Columns[1]; c.Part != PartRowID || c.Type != TypeBigInt || c.Nullable {
		t.Errorf("$row_id = %+v", c)
	}
	app, _ := cat.Lookup(ctx, "app_12")
	if _, err := app.Column("Items"); err == nil {
		t.Error("the SUBTABLE field is a column of the app table")
	}

	// CheckForSubtablesIn selects apps by name, code or id.
	for _, sel := range [][]string{{"DEAL"}, {"12"}, {"app_12"}, {"*"}, nil} {
		cat, err := Load(ctx, f.client(t), Options{CheckForSubtablesIn: sel})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := cat.Lookup(ctx, "DEAL_Items"); err != nil {
			t.Errorf("CheckForSubtablesIn=%q: %v", sel, err)
		}
		_, err = cat.Lookup(ctx, "顧客_担当者")
		if want := sel == nil || sel[0] == "*"; (err == nil) != want {
			t.Errorf("CheckForSubtablesIn=%q: 顧客_担当者 found=%v, want %v", sel, err == nil, want)
		}
	}
	cat, err = Load(ctx, f.client(t), Options{CheckForSubtablesIn: []string{"顧客"}})
	if err != nil {
		t.Fatal(err)
	}
	tabs, err := cat.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, tb := range tabs {
		names = append(names, tb.Name)
	}
	if want := []string{"Deals", "Deals", "顧客", "顧客_担当者"}; !slices.Equal(names, want) {
		t.Errorf("Tables = %q, want %q", names, want)
	}
}

func TestTokenAuth(t *testing.T) {
	f := newFakeKintone(t, dealsApps()...)
	ctx := context.Background()
	_, err := Load(ctx, f.tokenClient(t), Options{TokenAuth: true})
	mustContain(t, err, "token authentication needs AppId=..., kintone does not let API tokens list apps")
	if f.total() != 0 {
		t.Errorf("%d requests sent without AppIDs", f.total())
	}
	cat, err := Load(ctx, f.tokenClient(t), Options{TokenAuth: true, AppIDs: []int64{40, 12}})
	if err != nil {
		t.Fatal(err)
	}
	if f.count("apps") != 0 || f.count("app") != 2 {
		t.Errorf("apps.json %d, app.json %d requests; want 0 and 2", f.count("apps"), f.count("app"))
	}
	if _, err := cat.Lookup(ctx, "Deals"); err != nil {
		t.Errorf("Deals with only app 12 exposed: %v", err)
	}
	if _, err := cat.Lookup(ctx, "app_31"); err == nil {
		t.Error("app 31 is visible though not in AppIDs")
	}
	_, err = Load(ctx, f.tokenClient(t), Options{TokenAuth: true, AppIDs: []int64{12, 77}})
	mustContain(t, err, "app 77", "GAIA_AP01")
}

func TestAppIDsWithPassword(t *testing.T) {
	f := newFakeKintone(t, dealsApps()...)
	ctx := context.Background()
	cat, err := Load(ctx, f.client(t), Options{AppIDs: []int64{31}})
	if err != nil {
		t.Fatal(err)
	}
	if got := len(cat.Apps()); got != 1 || f.count("apps") != 1 {
		t.Errorf("%d apps after %d apps.json requests, want 1 and 1", got, f.count("apps"))
	}
	_, err = Load(ctx, f.client(t), Options{AppIDs: []int64{31, 5}})
	mustContain(t, err, "app 5")

	// The Tables property keeps the apps it names (code, id, name).
	cat, err = Load(ctx, f.client(t), Options{Tables: []string{"DEAL", "40"}})
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range cat.Apps() {
		ids = append(ids, a.AppID)
	}
	if want := []string{"12", "40"}; !slices.Equal(ids, want) {
		t.Errorf("Tables filter kept apps %q, want %q", ids, want)
	}
	if tab, err := cat.Lookup(ctx, "Deals"); err != nil || tab.App != 12 {
		t.Errorf("Deals after the filter: %v, %v", tab, err)
	}
}

func TestGuestSpace(t *testing.T) {
	apps := append(dealsApps(), &fakeApp{id: 50, name: "Guest app", code: "GA", space: 7, guest: true,
		props: props(client.FieldProperty{Type: FieldNumber, Code: "n", Label: "N"}), layout: rowLayout("n")})
	f := newFakeKintone(t, apps...)
	ctx := context.Background()
	cat, err := Load(ctx, f.client(t), Options{GuestSpaceID: 7})
	if err != nil {
		t.Fatal(err)
	}
	if got := cat.Apps(); len(got) != 1 || got[0].AppID != "50" {
		t.Fatalf("guest catalog apps = %+v", got)
	}
	tab, err := cat.Lookup(ctx, "Guest app")
	if err != nil {
		t.Fatal(err)
	}
	if tab.GuestSpaceID != 7 {
		t.Errorf("GuestSpaceID = %d", tab.GuestSpaceID)
	}
	if _, err := tab.Column("N"); err != nil {
		t.Error(err)
	}
	// A guest app listed on the normal path (apps.json gives its spaceId)
	// is read through its guest path after kintone answers GAIA_IL23.
	f.apps[len(f.apps)-1].guest = false // listed on the normal path...
	cat, err = Load(ctx, f.client(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	f.apps[len(f.apps)-1].guest = true // ...but its fields are guest-only
	tab, err = cat.Lookup(ctx, "GA")
	if err != nil {
		t.Fatalf("guest app through the normal catalog: %v", err)
	}
	if tab.GuestSpaceID != 7 {
		t.Errorf("GuestSpaceID after the GAIA_IL23 retry = %d, want 7", tab.GuestSpaceID)
	}
	// A guest space with no apps names the property in the not-found error.
	empty, err := Load(ctx, f.client(t), Options{GuestSpaceID: 99})
	if err != nil {
		t.Fatal(err)
	}
	_, err = empty.Lookup(ctx, "Deals")
	mustContain(t, err, `table "Deals" not found`, "GuestSpaceId=99")
}

func TestRequestCountsAndLaziness(t *testing.T) {
	var apps []*fakeApp
	for i := range 150 {
		apps = append(apps, &fakeApp{id: int64(i + 1), name: fmt.Sprintf("App %03d", i+1),
			props: props(client.FieldProperty{Type: FieldNumber, Code: "n", Label: "N"}), layout: rowLayout("n")})
	}
	f := newFakeKintone(t, apps...)
	ctx := context.Background()
	cat, err := Load(ctx, f.client(t), Options{Concurrency: 3})
	if err != nil {
		t.Fatal(err)
	}
	if f.total() != 2 { // ⌈(150+1)/100⌉ apps.json pages
		t.Fatalf("Load sent %d requests, want 2", f.total())
	}
	if _, err := cat.Lookup(ctx, "App 007"); err != nil {
		t.Fatal(err)
	}
	if _, err := cat.Lookup(ctx, "app 007"); err != nil {
		t.Fatal(err)
	}
	if f.total() != 4 {
		t.Fatalf("after two lookups of one app: %d requests, want 4", f.total())
	}
	tabs, err := cat.Tables(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(tabs) != 150 || f.total() != 2+2*150 {
		t.Fatalf("Tables: %d tables after %d requests, want 150 after %d", len(tabs), f.total(), 2+2*150)
	}
	if _, err := cat.Tables(ctx); err != nil || f.total() != 2+2*150 {
		t.Fatalf("second Tables sent requests (total %d, err %v)", f.total(), err)
	}
	cat.InvalidateApp(7)
	if _, err := cat.AppTable(ctx, 7); err != nil || f.total() != 2+2*150+2 {
		t.Fatalf("InvalidateApp: total %d, err %v", f.total(), err)
	}
}

func TestFieldLoadFailureIsRetried(t *testing.T) {
	f := newFakeKintone(t, dealsApps()...)
	f.failFields = 1
	ctx := context.Background()
	cat, err := Load(ctx, f.client(t), Options{})
	if err != nil {
		t.Fatal(err)
	}
	_, err = cat.Lookup(ctx, "DEAL")
	mustContain(t, err, "reading the fields of app 12", "CB_IJ01")
	if _, err := cat.Lookup(ctx, "DEAL"); err != nil {
		t.Fatalf("second lookup after a failure: %v", err)
	}
}

func TestLayoutOrderAndFallback(t *testing.T) {
	apps := dealsApps()
	f := newFakeKintone(t, apps...)
	ctx := context.Background()
	cat, _ := Load(ctx, f.client(t), Options{})
	tab, err := cat.Lookup(ctx, "DEAL")
	if err != nil {
		t.Fatal(err)
	}
	// Layout fields first, then the system fields in kintone's order
	// (status, assignee and category are off).
	want := []string{"$id", "$revision", "Amount", "Title", "Record number", "Created by Code", "Created by Name",
		"Created datetime", "Updated by Code", "Updated by Name", "Updated datetime"}
	if got := columnNames(tab); !slices.Equal(got, want) {
		t.Errorf("with layout: %q\nwant %q", got, want)
	}
	apps[0].layout = nil
	cat, _ = Load(ctx, f.client(t), Options{UseCodeForFieldName: true})
	tab, err = cat.Lookup(ctx, "DEAL")
	if err != nil {
		t.Fatal(err)
	}
	want = []string{"$id", "$revision", "Record_number", "Created_by Code", "Created_by Name", "Created_datetime",
		"Updated_by Code", "Updated_by Name", "Updated_datetime", "amount", "title"}
	if got := columnNames(tab); !slices.Equal(got, want) {
		t.Errorf("without layout: %q\nwant %q", got, want)
	}
	st, err := cat.Lookup(ctx, "DEAL_items")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := columnNames(st), []string{"$id", "$row_id", "product", "qty"}; !slices.Equal(got, want) {
		t.Errorf("subtable without layout: %q, want %q", got, want)
	}
}

func TestAddTable(t *testing.T) {
	f := newFakeKintone(t, &fakeApp{id: 1, name: "Users", props: props(), layout: rowLayout()})
	ctx := context.Background()
	cat, _ := Load(ctx, f.client(t), Options{})
	users := &Table{Name: "Users", Schema: "CybozuUser", Kind: DirectoryTable}
	if err := cat.AddTable(users); err != nil {
		t.Fatal(err)
	}
	if err := cat.AddTable(&Table{Name: "Other", Aliases: []string{"Users"}, Schema: "cybozuuser"}); err == nil {
		t.Error("a clashing alias was accepted")
	}
	for name, want := range map[string]TableKind{"Users": DirectoryTable, "CybozuUser.users": DirectoryTable,
		"Kintone.Users": AppTable, "app_1": AppTable} {
		tab, err := cat.Lookup(ctx, name)
		if err != nil || tab.Kind != want {
			t.Errorf("Lookup(%q) = %v, %v; want kind %v", name, tab, err, want)
		}
	}
	_, err := cat.Lookup(ctx, "CybozuUser.Userz")
	mustContain(t, err, `not found in schema CybozuUser`, `"Users"`)
}

func TestCacheLoadsOnce(t *testing.T) {
	f := newFakeKintone(t, dealsApps()...)
	c := f.client(t)
	ctx := context.Background()
	var k Cache
	var wg sync.WaitGroup
	cats := make([]*Catalog, 20)
	for i := range cats {
		wg.Add(1)
		go func() {
			defer wg.Done()
			cat, err := k.Get(ctx, c, Options{})
			if err != nil {
				t.Error(err)
			}
			cats[i] = cat
		}()
	}
	wg.Wait()
	if f.count("apps") != 1 {
		t.Fatalf("20 concurrent Gets sent %d apps.json requests, want 1", f.count("apps"))
	}
	for _, cat := range cats {
		if cat != cats[0] {
			t.Fatal("concurrent Gets returned different catalogs")
		}
	}
	cat, err := k.Refresh(ctx, c, Options{})
	if err != nil || cat == cats[0] || f.count("apps") != 2 {
		t.Fatalf("Refresh: same=%v requests=%d err=%v", cat == cats[0], f.count("apps"), err)
	}
	k.Invalidate()
	if _, err := k.Get(ctx, c, Options{}); err != nil || f.count("apps") != 3 {
		t.Fatalf("Get after Invalidate: requests=%d err=%v", f.count("apps"), err)
	}
}

func TestCacheTTLAndErrors(t *testing.T) {
	f := newFakeKintone(t, dealsApps()...)
	ctx := context.Background()
	now := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	k := Cache{TTL: time.Minute, now: func() time.Time { return now }}
	// A failed load is not kept.
	if _, err := k.Get(ctx, f.tokenClient(t), Options{TokenAuth: true}); err == nil {
		t.Fatal("no error without AppIDs")
	}
	if _, err := k.Get(ctx, f.client(t), Options{}); err != nil {
		t.Fatal(err)
	}
	now = now.Add(30 * time.Second)
	_, _ = k.Get(ctx, f.client(t), Options{})
	if f.count("apps") != 1 {
		t.Fatalf("within the TTL: %d loads", f.count("apps"))
	}
	now = now.Add(31 * time.Second)
	_, _ = k.Get(ctx, f.client(t), Options{})
	if f.count("apps") != 2 {
		t.Fatalf("after the TTL: %d loads, want 2", f.count("apps"))
	}
}

func TestCacheWaiterCancellation(t *testing.T) {
	var k Cache
	release := make(chan struct{})
	started := make(chan struct{})
	go func() {
		_, _ = k.f.do(context.Background(), func(context.Context) (cachedCatalog, error) {
			close(started)
			<-release
			return cachedCatalog{cat: &Catalog{}}, nil
		})
	}()
	<-started
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := k.f.do(ctx, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled waiter got %v", err)
	}
	close(release)
	deadline := time.Now().Add(10 * time.Second) // generous for a loaded CI
	for {
		if cc, ok := k.f.peek(); ok && cc.cat != nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the load did not finish")
		}
		time.Sleep(time.Millisecond)
	}
}
