package kintone

import (
	"context"
	"errors"
	"net"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/kintonetest"
)

// The tests in this file check the effect of each connection property.

func TestPagesize(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 1000)
	for _, tc := range []struct {
		pagesize, minReq, maxReq int
	}{
		{500, 2, 3},
		{100, 10, 11},
		{300, 4, 5},
	} {
		cfg := serverConfig(srv)
		cfg.Pagesize = tc.pagesize
		db, _ := openDB(t, srv, cfg)
		queryStrings(t, db, "SELECT n FROM Items WHERE n < 0") // loads the schema
		srv.ResetCounters()
		if got := queryStrings(t, db, "SELECT n FROM Items"); len(got) != 1000 {
			t.Fatalf("Pagesize=%d: %d rows, want 1000", tc.pagesize, len(got))
		}
		if n := srv.RequestCount("GET /k/v1/records.json"); n < tc.minReq || n > tc.maxReq {
			t.Errorf("Pagesize=%d: %d records.json requests, want %d..%d (counts %v)", tc.pagesize, n, tc.minReq, tc.maxReq, srv.RequestCounts())
		}
	}
}

func TestUseCursor(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 1200)
	for _, useCursor := range []bool{true, false} {
		cfg := serverConfig(srv)
		cfg.UseCursor = useCursor
		cfg.TrustAssumedPushdown = true // ORDER BY a NUMBER is pushed only when trusted (docs/pushdown.md)
		db, _ := openDB(t, srv, cfg)
		queryStrings(t, db, "SELECT n FROM Items WHERE n < 0")
		srv.ResetCounters()
		got := queryStrings(t, db, "SELECT n FROM Items ORDER BY n DESC")
		if len(got) != 1200 || got[0][0] != "1200" || got[1199][0] != "1" {
			t.Fatalf("UseCursor=%v: %d rows from %v to %v", useCursor, len(got), got[0], got[len(got)-1])
		}
		cursors := srv.RequestCount("POST /k/v1/records/cursor.json")
		if useCursor && cursors != 1 {
			t.Errorf("UseCursor=true: %d cursors created, want 1 (counts %v)", cursors, srv.RequestCounts())
		}
		if !useCursor && cursors != 0 {
			t.Errorf("UseCursor=false: %d cursors created, want 0 (counts %v)", cursors, srv.RequestCounts())
		}
	}
}

func TestUseCodeForFieldName(t *testing.T) {
	srv := startServer(t)
	company := field(kintonetest.TypeSingleLineText, "company")
	company.Label = "Company Name"
	id := createApp(t, srv, kintonetest.AppSpec{Name: "Clients", Fields: []*kintonetest.Field{company}})
	addRecords(t, srv, id, []map[string]any{{"company": "Acme"}})
	for _, tc := range []struct {
		useCode bool
		column  string
		query   string
	}{
		{false, "Company Name", "SELECT `Company Name` FROM Clients"},
		{true, "company", "SELECT company FROM Clients"},
	} {
		cfg := serverConfig(srv)
		cfg.UseCodeForFieldName = tc.useCode
		db, _ := openDB(t, srv, cfg)
		rows, err := db.Query("SELECT * FROM Clients")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		rows.Close()
		if !slices.Contains(cols, tc.column) {
			t.Errorf("UseCodeForFieldName=%v: columns %v, want %q among them", tc.useCode, cols, tc.column)
		}
		if got := queryStrings(t, db, tc.query); len(got) != 1 || got[0][0] != "Acme" {
			t.Errorf("UseCodeForFieldName=%v: %s gave %v", tc.useCode, tc.query, got)
		}
	}
}

func TestSubtableProperties(t *testing.T) {
	srv := startServer(t)
	ordersApp(t, srv)
	numberedApp(t, srv, "Items", 1)
	for _, tc := range []struct {
		name   string
		mutate func(*Config)
		table  string
		ok     bool
	}{
		{"default separator", func(*Config) {}, "Orders_items", true},
		{"separator __", func(c *Config) { c.SubtableSeparatorCharacter = "__" }, "Orders__items", true},
		{"separator .", func(c *Config) { c.SubtableSeparatorCharacter = "." }, "`Orders.items`", true},
		{"CheckForSubtablesIn selects Orders", func(c *Config) { c.CheckForSubtablesIn = []string{"Orders"} }, "Orders_items", true},
		{"CheckForSubtablesIn selects another app", func(c *Config) { c.CheckForSubtablesIn = []string{"Items"} }, "Orders_items", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := serverConfig(srv)
			tc.mutate(cfg)
			db, _ := openDB(t, srv, cfg)
			rows, err := db.Query("SELECT product FROM " + tc.table)
			if err == nil {
				n := 0
				for rows.Next() {
					n++
				}
				err = rows.Err()
				rows.Close()
				if err == nil && n != 3 {
					t.Errorf("%d rows, want 3", n)
				}
			}
			if (err == nil) != tc.ok {
				t.Errorf("SELECT from %s: error %v, want success=%v", tc.table, err, tc.ok)
			}
		})
	}
}

func TestTablesProperty(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 1)
	numberedApp(t, srv, "Hidden", 1)
	cfg := serverConfig(srv)
	cfg.Tables = []string{"Items"}
	db, _ := openDB(t, srv, cfg)
	if got := queryStrings(t, db, "SELECT label FROM Items"); len(got) != 1 {
		t.Errorf("Items: %v", got)
	}
	if _, err := db.Query("SELECT label FROM Hidden"); err == nil {
		t.Errorf("a table left out of Tables is queryable")
	}
}

func TestMaxRows(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 20)
	for _, tc := range []struct {
		maxRows int64
		want    int
	}{
		{-1, 20},
		{3, 3},
		{50, 20},
	} {
		cfg := serverConfig(srv)
		cfg.MaxRows = tc.maxRows
		db, _ := openDB(t, srv, cfg)
		if got := queryStrings(t, db, "SELECT n FROM Items"); len(got) != tc.want {
			t.Errorf("MaxRows=%d: %d rows, want %d", tc.maxRows, len(got), tc.want)
		}
		if got := queryStrings(t, db, "SELECT COUNT(*) FROM Items"); len(got) != 1 || got[0][0] != "20" {
			t.Errorf("MaxRows=%d: COUNT(*) = %v, want 20 (aggregates are not capped)", tc.maxRows, got)
		}
	}
}

func TestMaxRowsInMemory(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 20)
	cfg := serverConfig(srv)
	cfg.MaxRowsInMemory = 10
	db, _ := openDB(t, srv, cfg)
	// Streaming needs no memory: every row comes back.
	if got := queryStrings(t, db, "SELECT n FROM Items"); len(got) != 20 {
		t.Fatalf("streamed %d rows, want 20", len(got))
	}
	// A client-side sort must hold all 20 rows: a clear error, not 10 rows.
	_, err := db.Query("SELECT label FROM Items ORDER BY label")
	if err == nil || !strings.Contains(err.Error(), "MaxRowsInMemory") {
		t.Fatalf("sort past the limit: %v, want an error naming MaxRowsInMemory", err)
	}
	cfg.MaxRowsInMemory = -1
	unlimited, _ := openDB(t, srv, cfg)
	if got := queryStrings(t, unlimited, "SELECT label FROM Items ORDER BY label"); len(got) != 20 {
		t.Fatalf("MaxRowsInMemory=-1 sorted %d rows, want 20", len(got))
	}
}

func TestTimeout(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 5)
	cfg := serverConfig(srv)
	cfg.Timeout = 300 * time.Millisecond
	db, _ := openDB(t, srv, cfg)
	queryStrings(t, db, "SELECT n FROM Items") // fast: the schema is loaded

	srv.SetLatency(3 * time.Second)
	defer srv.SetLatency(0)
	start := time.Now()
	_, err := db.Query("SELECT n FROM Items")
	elapsed := time.Since(start)
	if err == nil {
		t.Fatal("Query succeeded despite the latency")
	}
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("error %v is not a timeout", err)
	}
	if elapsed > 2*time.Second {
		t.Errorf("Query took %v with Timeout=300ms", elapsed)
	}
}

func TestGuestSpaceID(t *testing.T) {
	srv := startServer(t)
	space, err := srv.AddSpace(kintonetest.Space{Name: "Partners", IsGuest: true, Members: []string{kintonetest.DefaultUser}})
	if err != nil {
		t.Fatal(err)
	}
	id := createApp(t, srv, kintonetest.AppSpec{Name: "Shared", SpaceID: space, GuestSpace: true, Fields: []*kintonetest.Field{
		field(kintonetest.TypeSingleLineText, "label"),
	}})
	addRecords(t, srv, id, []map[string]any{{"label": "guest record"}})

	cfg := serverConfig(srv)
	cfg.GuestSpaceID = space
	db, _ := openDB(t, srv, cfg)
	if got := queryStrings(t, db, "SELECT label FROM Shared"); len(got) != 1 || got[0][0] != "guest record" {
		t.Fatalf("rows %v", got)
	}
	if err := db.Ping(); err != nil {
		t.Errorf("Ping in the guest space: %v", err)
	}

	// Without GuestSpaceId the app is still listed by apps.json (with its
	// spaceId); its fields answer GAIA_IL23 on the normal path, so the
	// driver switches that app to its guest-space path.
	plain, _ := openDB(t, srv, serverConfig(srv))
	if got := queryStrings(t, plain, "SELECT label FROM Shared"); len(got) != 1 || got[0][0] != "guest record" {
		t.Fatalf("rows without GuestSpaceId %v", got)
	}
	if n := queryStrings(t, plain, "SELECT COUNT(*) FROM Shared WHERE label = 'guest record'"); n[0][0] != "1" {
		t.Fatalf("COUNT through the guest path = %v", n)
	}

	// API tokens cannot list apps, so without GuestSpaceId kintone's
	// GAIA_IL23 comes with a hint naming the property.
	if err := srv.AddAPIToken(id, "guest-token", kintonetest.AllPermissions); err != nil {
		t.Fatal(err)
	}
	tokenCfg := NewConfig()
	tokenCfg.URL, tokenCfg.APITokens, tokenCfg.AppIDs = srv.URL, []string{"guest-token"}, []int64{id}
	tokenDB, _ := openDB(t, srv, tokenCfg)
	if _, err := tokenDB.Query("SELECT label FROM Shared"); err == nil ||
		!strings.Contains(err.Error(), "GAIA_IL23") || !strings.Contains(err.Error(), "GuestSpaceId=") {
		t.Fatalf("token without GuestSpaceId: %v", err)
	}
	tokenCfg.GuestSpaceID = space
	tokenDB, _ = openDB(t, srv, tokenCfg)
	if got := queryStrings(t, tokenDB, "SELECT label FROM Shared"); len(got) != 1 {
		t.Fatalf("token with GuestSpaceId: %v", got)
	}
}

func TestRefreshSchema(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 1)
	db, c := openDB(t, srv, serverConfig(srv))
	queryStrings(t, db, "SELECT n FROM Items")
	numberedApp(t, srv, "Later", 2)
	if _, err := db.Query("SELECT n FROM Later"); err == nil {
		t.Fatal("an app created after the schema was cached is visible without RefreshSchema")
	}
	if err := c.RefreshSchema(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := queryStrings(t, db, "SELECT n FROM Later"); len(got) != 2 {
		t.Fatalf("after RefreshSchema: %v", got)
	}
	cat, err := c.Catalog(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(cat.Apps()); n != 2 {
		t.Errorf("Catalog has %d apps, want 2", n)
	}
}
