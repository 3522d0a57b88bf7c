package translate_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	_ "modernc.org/sqlite" // the reference database of the differential tests

	kintone "github.com/kintone-sql/kintone"
	kt "github.com/kintone-sql/kintone/kintonetest"
)

// The differential suite (sqlite_*_test.go) loads the same rows into the
// kintone emulator and into SQLite (a pure-Go build, test-only), runs each
// query through the driver (database/sql) and through SQLite, and compares
// the answers. The data is deterministic (a fixed math/rand/v2 seed) and
// made to mean the same in both: numbers are multiples of 0.25 (exact in
// SQLite's REAL), dates are ISO text in SQLite, texts mix ASCII and
// Japanese, and many values are empty (NULL).
//
// Three apps: customers (40 records), orders (300) and items (400), plus
// the directory tables Users, Organizations and UserOrganizations, which
// are read through the driver and copied into SQLite (their reading is
// the directory scan's business; the suite checks the SQL over them).

// diffDBs are the two databases of the suite.
type diffDBs struct {
	srv  *kt.Server
	kin  *sql.DB
	lite *sql.DB
}

// diffApp describes one app: its kintone fields and the matching SQLite
// column types.
type diffApp struct {
	name   string
	fields []*kt.Field
	// lite maps each field code to its SQLite column type.
	lite map[string]string
}

// diffApps are the suite's apps.
var diffApps = []diffApp{
	{name: "customers", fields: []*kt.Field{
		{Type: kt.TypeSingleLineText, Code: "name", Label: "Name"},
		{Type: kt.TypeDropDown, Code: "region", Label: "Region", Options: []string{"東京", "大阪", "名古屋", "福岡"}},
		{Type: kt.TypeRadioButton, Code: "rank", Label: "Rank", Options: []string{"A", "B", "C"}, DefaultValue: "C"},
		{Type: kt.TypeNumber, Code: "employees", Label: "Employees"},
		{Type: kt.TypeDate, Code: "since", Label: "Since"},
		{Type: kt.TypeSingleLineText, Code: "owner", Label: "Owner"},
		{Type: kt.TypeMultiLineText, Code: "備考", Label: "備考"},
	}, lite: map[string]string{"name": "TEXT", "region": "TEXT", "rank": "TEXT", "employees": "NUMERIC",
		"since": "TEXT", "owner": "TEXT", "備考": "TEXT"}},
	{name: "orders", fields: []*kt.Field{
		{Type: kt.TypeNumber, Code: "cust_id", Label: "Customer id"},
		{Type: kt.TypeSingleLineText, Code: "customer", Label: "Customer"},
		{Type: kt.TypeNumber, Code: "amount", Label: "Amount"},
		{Type: kt.TypeNumber, Code: "qty", Label: "Qty"},
		{Type: kt.TypeDropDown, Code: "status", Label: "Status", Options: []string{"新規", "進行中", "完了", "キャンセル"}},
		{Type: kt.TypeDate, Code: "ordered", Label: "Ordered"},
		{Type: kt.TypeDateTime, Code: "shipped", Label: "Shipped"},
		{Type: kt.TypeSingleLineText, Code: "note", Label: "Note"},
	}, lite: map[string]string{"cust_id": "NUMERIC", "customer": "TEXT", "amount": "NUMERIC", "qty": "NUMERIC",
		"status": "TEXT", "ordered": "TEXT", "shipped": "TEXT", "note": "TEXT"}},
	{name: "items", fields: []*kt.Field{
		{Type: kt.TypeNumber, Code: "order_id", Label: "Order"},
		{Type: kt.TypeSingleLineText, Code: "product", Label: "Product"},
		{Type: kt.TypeNumber, Code: "price", Label: "Price"},
		{Type: kt.TypeNumber, Code: "count", Label: "Count"},
	}, lite: map[string]string{"order_id": "NUMERIC", "product": "TEXT", "price": "NUMERIC", "count": "NUMERIC"}},
}

// Sizes of the apps.
const (
	numCustomers = 40
	numOrders    = 300
	numItems     = 400
	numUsers     = 8
)

// customerName is the name of customer i (1-based), unique.
func customerName(i int) string {
	prefixes := []string{"株式会社青葉", "山田商事", "Acme", "グローバル物産", "さくら工業", "Blue Sky"}
	return fmt.Sprintf("%s %d", prefixes[i%len(prefixes)], i)
}

// maybe returns v, or "" (empty: NULL) with probability pEmpty.
func maybe(r *rand.Rand, pEmpty float64, v string) string {
	if r.Float64() < pEmpty {
		return ""
	}
	return v
}

// quarter returns a random multiple of 0.25 in [lo, hi), as kintone
// writes it.
func quarter(r *rand.Rand, lo, hi int) string {
	n := lo*4 + r.IntN((hi-lo)*4)
	return strings.TrimSuffix(strings.TrimRight(fmt.Sprintf("%.2f", float64(n)/4), "0"), ".")
}

// genRecords builds the records of each app.
func genRecords(r *rand.Rand) map[string][]map[string]string {
	out := map[string][]map[string]string{}
	day0 := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	words := []string{"至急", "urgent", "再見積", "follow up", "株主", "Apple", "apple", "東京本社", "a_b", "100%"}
	for i := 1; i <= numCustomers; i++ {
		out["customers"] = append(out["customers"], map[string]string{
			"name":      customerName(i),
			"region":    maybe(r, 0.2, pick(r, "東京", "大阪", "名古屋", "福岡")),
			"rank":      pick(r, "A", "B", "C"),
			"employees": maybe(r, 0.25, fmt.Sprint(1+r.IntN(500))),
			"since":     maybe(r, 0.2, day0.AddDate(-r.IntN(4), 0, r.IntN(365)).Format("2006-01-02")),
			"owner":     maybe(r, 0.15, pick(r, "u01", "u02", "u03", "u04", "u05", "u06", "u07", "u08", "ghost")),
			"備考":        maybe(r, 0.5, pick(r, words...)+" "+pick(r, words...)),
		})
	}
	for range numOrders {
		ordered := day0.AddDate(0, 0, r.IntN(366))
		rec := map[string]string{
			"cust_id": maybe(r, 0.1, fmt.Sprint(1+r.IntN(numCustomers+5))),
			"amount":  maybe(r, 0.15, quarter(r, -50, 5000)),
			"qty":     maybe(r, 0.1, fmt.Sprint(r.IntN(21))),
			"status":  maybe(r, 0.1, pick(r, "新規", "進行中", "完了", "キャンセル")),
			"ordered": maybe(r, 0.05, ordered.Format("2006-01-02")),
			"shipped": maybe(r, 0.4, ordered.Add(time.Duration(r.IntN(20*24*60))*time.Minute).Format("2006-01-02T15:04:05Z")),
			"note":    maybe(r, 0.5, pick(r, words...)),
		}
		switch x := r.Float64(); {
		case x < 0.7:
			rec["customer"] = customerName(1 + r.IntN(numCustomers))
		case x < 0.8:
			rec["customer"] = "Unknown " + fmt.Sprint(r.IntN(5))
		}
		out["orders"] = append(out["orders"], rec)
	}
	for range numItems {
		out["items"] = append(out["items"], map[string]string{
			"order_id": maybe(r, 0.05, fmt.Sprint(1+r.IntN(numOrders+10))),
			"product":  pick(r, "りんご", "みかん", "Banana", "cherry", "桃"),
			"price":    fmt.Sprint(float64(1+r.IntN(200)) / 2),
			"count":    maybe(r, 0.1, fmt.Sprint(1+r.IntN(9))),
		})
	}
	return out
}

// pick returns one of xs at random.
func pick[T any](r *rand.Rand, xs ...T) T { return xs[r.IntN(len(xs))] }

// seedDirectory adds users, organizations and memberships.
func seedDirectory(t testing.TB, srv *kt.Server) {
	t.Helper()
	orgs := []kt.Organization{{Code: "hq", Name: "本社"}, {Code: "sales", Name: "営業部", ParentCode: "hq"}, {Code: "dev", Name: "開発部", ParentCode: "hq"}}
	for _, o := range orgs {
		if _, err := srv.AddOrganization(o); err != nil {
			t.Fatal(err)
		}
	}
	names := []string{"佐藤 太郎", "鈴木 花子", "高橋 健一", "田中 美咲", "John Smith", "Emily Jones", "李 伟", "Anna Müller"}
	for i := 1; i <= numUsers; i++ {
		u := kt.User{Code: fmt.Sprintf("u%02d", i), Name: names[i-1], Password: "pw"}
		if i%3 != 0 {
			u.Email = fmt.Sprintf("u%02d@example.com", i)
		}
		if _, err := srv.AddUser(u); err != nil {
			t.Fatal(err)
		}
		var ms []kt.OrgMembership
		switch i % 4 {
		case 0:
			ms = []kt.OrgMembership{{Org: "hq"}}
		case 1:
			ms = []kt.OrgMembership{{Org: "sales"}}
		case 2:
			ms = []kt.OrgMembership{{Org: "sales"}, {Org: "dev"}}
		}
		if len(ms) > 0 {
			if err := srv.SetUserOrganizations(u.Code, ms); err != nil {
				t.Fatal(err)
			}
		}
	}
}

// openDiffDBs seeds the emulator and SQLite with the same rows.
func openDiffDBs(t testing.TB) *diffDBs {
	t.Helper()
	srv := kt.NewServer()
	t.Cleanup(srv.Close)
	seedDirectory(t, srv)
	recs := genRecords(rand.New(rand.NewPCG(7, 11)))
	lite, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	lite.SetMaxOpenConns(1) // one in-memory database
	t.Cleanup(func() { lite.Close() })
	for _, app := range diffApps {
		id, err := srv.CreateApp(kt.AppSpec{Name: app.name, Fields: app.fields})
		if err != nil {
			t.Fatal(err)
		}
		rows := recs[app.name]
		kin := make([]map[string]any, len(rows))
		for i, r := range rows {
			kin[i] = map[string]any{}
			for k, v := range r {
				if v != "" {
					kin[i][k] = v
				}
			}
		}
		ids, err := srv.AddRecords(id, kin)
		if err != nil {
			t.Fatal(err)
		}
		loadLite(t, lite, app, ids, rows)
	}
	cfg := kintone.NewConfig()
	cfg.URL, cfg.User, cfg.Password = srv.URL, kt.DefaultUser, kt.DefaultPassword
	cfg.UseCodeForFieldName = true
	c, err := kintone.NewConnector(cfg)
	if err != nil {
		t.Fatal(err)
	}
	kin := sql.OpenDB(c)
	t.Cleanup(func() { kin.Close() })
	d := &diffDBs{srv: srv, kin: kin, lite: lite}
	d.copyDirectory(t)
	return d
}

// loadLite creates the app's SQLite table and inserts the rows (empty
// values as NULL; DATETIME as 'YYYY-MM-DD HH:MM:SS').
func loadLite(t testing.TB, lite *sql.DB, app diffApp, ids []int64, rows []map[string]string) {
	t.Helper()
	cols := []string{"`$id` INTEGER PRIMARY KEY"}
	names := []string{"`$id`"}
	for _, f := range app.fields {
		cols = append(cols, "`"+f.Code+"` "+app.lite[f.Code])
		names = append(names, "`"+f.Code+"`")
	}
	exec(t, lite, fmt.Sprintf("CREATE TABLE %s (%s)", app.name, strings.Join(cols, ", ")))
	ins := fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", app.name, strings.Join(names, ", "),
		strings.TrimSuffix(strings.Repeat("?, ", len(names)), ", "))
	for i, r := range rows {
		args := []any{ids[i]}
		for _, f := range app.fields {
			v := r[f.Code]
			switch {
			case v == "":
				args = append(args, nil)
			case f.Type == kt.TypeDateTime:
				args = append(args, strings.TrimSuffix(strings.Replace(v, "T", " ", 1), "Z"))
			default:
				args = append(args, v)
			}
		}
		exec(t, lite, ins, args...)
	}
}

// exec runs a statement on db or fails the test.
func exec(t testing.TB, db *sql.DB, q string, args ...any) {
	t.Helper()
	if _, err := db.Exec(q, args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

// copyDirectory reads the directory tables through the driver and loads
// them into SQLite.
func (d *diffDBs) copyDirectory(t testing.TB) {
	t.Helper()
	tables := []struct{ name, cols, create string }{
		{"Users", "Id, Code, Name, Email", "Id INTEGER, Code TEXT, Name TEXT, Email TEXT"},
		{"Organizations", "Id, Code, Name, ParentCode", "Id INTEGER, Code TEXT, Name TEXT, ParentCode TEXT"},
		{"UserOrganizations", "UserId, UserCode, OrganizationId, OrganizationCode", "UserId INTEGER, UserCode TEXT, OrganizationId INTEGER, OrganizationCode TEXT"},
	}
	for _, tb := range tables {
		exec(t, d.lite, fmt.Sprintf("CREATE TABLE %s (%s)", tb.name, tb.create))
		rows, err := d.kin.QueryContext(context.Background(), fmt.Sprintf("SELECT %s FROM %s", tb.cols, tb.name))
		if err != nil {
			t.Fatal(err)
		}
		n := strings.Count(tb.cols, ",") + 1
		count := 0
		for rows.Next() {
			vals := make([]any, n)
			ptrs := make([]any, n)
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			exec(t, d.lite, fmt.Sprintf("INSERT INTO %s VALUES (%s)", tb.name, strings.TrimSuffix(strings.Repeat("?, ", n), ", ")), vals...)
			count++
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		if count == 0 {
			t.Fatalf("directory table %s is empty", tb.name)
		}
	}
}
