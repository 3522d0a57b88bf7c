package kintone

import (
	"database/sql"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/kintonetest"
)

// typesApp creates the "Types" app with one field of each common type and
// three records: 1 filled, 2 empty, 3 with small numbers.
func typesApp(t *testing.T, srv *kintonetest.Server) int64 {
	t.Helper()
	id := createApp(t, srv, kintonetest.AppSpec{Name: "Types", Fields: []*kintonetest.Field{
		field(kintonetest.TypeSingleLineText, "text"),
		field(kintonetest.TypeMultiLineText, "memo"),
		field(kintonetest.TypeNumber, "num"),
		field(kintonetest.TypeDate, "day"),
		field(kintonetest.TypeTime, "clock"),
		field(kintonetest.TypeDateTime, "at"),
		field(kintonetest.TypeCheckBox, "tags", "a", "b", "c"),
		field(kintonetest.TypeMultiSelect, "multi", "x", "y"),
		field(kintonetest.TypeDropDown, "pick", "p", "q"),
		field(kintonetest.TypeUserSelect, "owner"),
		field(kintonetest.TypeLink, "site"),
	}})
	addRecords(t, srv, id, []map[string]any{
		{
			"text": "hello", "memo": "line 1\nline 2", "num": "12345678901234567.89",
			"day": "2024-03-05", "clock": "09:30", "at": "2024-03-05T10:20:00Z",
			"tags": []string{"a", "c"}, "multi": []string{"y"}, "pick": "q",
			"owner": []any{map[string]any{"code": kintonetest.DefaultUser}}, "site": "https://example.com/",
		},
		{},
		{"num": "-42", "text": "small"},
	})
	return id
}

func TestScanValues(t *testing.T) {
	srv := startServer(t)
	typesApp(t, srv)
	db, _ := openDB(t, srv, serverConfig(srv))

	row := func(id int) *sql.Row {
		return db.QueryRow("SELECT text, memo, num, day, clock, at, tags, multi, pick, owner, site FROM Types WHERE $id = ?", id)
	}
	var (
		text, memo, num, tags, multi, pick, owner, site string
		day, clock, at                                  time.Time
	)
	if err := row(1).Scan(&text, &memo, &num, &day, &clock, &at, &tags, &multi, &pick, &owner, &site); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"text", text, "hello"},
		{"memo", memo, "line 1\nline 2"},
		{"NUMBER as string stays exact", num, "12345678901234567.89"},
		{"DATE", day, time.Date(2024, 3, 5, 0, 0, 0, 0, time.UTC)},
		{"TIME", clock, time.Date(0, 1, 1, 9, 30, 0, 0, time.UTC)},
		{"DATETIME", at, time.Date(2024, 3, 5, 10, 20, 0, 0, time.UTC)},
		{"CHECK_BOX", tags, `["a","c"]`},
		{"MULTI_SELECT", multi, `["y"]`},
		{"DROP_DOWN", pick, "q"},
		{"USER_SELECT", owner, `[{"code":"Administrator","name":"Administrator"}]`},
		{"LINK", site, "https://example.com/"},
	}
	for _, c := range checks {
		if !reflect.DeepEqual(c.got, c.want) {
			t.Errorf("%s = %#v, want %#v", c.name, c.got, c.want)
		}
	}
	for name, tm := range map[string]time.Time{"DATE": day, "TIME": clock, "DATETIME": at} {
		if tm.Location() != time.UTC {
			t.Errorf("%s location = %v, want UTC", name, tm.Location())
		}
	}

	t.Run("NUMBER into numeric types", func(t *testing.T) {
		var f float64
		if err := db.QueryRow("SELECT num FROM Types WHERE $id = 1").Scan(&f); err != nil {
			t.Fatal(err)
		}
		if math.Abs(f-12345678901234567.89) > 4 {
			t.Errorf("float64 = %v", f)
		}
		var i int64
		if err := db.QueryRow("SELECT num FROM Types WHERE $id = 3").Scan(&i); err != nil {
			t.Fatal(err)
		}
		if i != -42 {
			t.Errorf("int64 = %d, want -42", i)
		}
		if err := db.QueryRow("SELECT num FROM Types WHERE $id = 1").Scan(&i); err == nil {
			t.Errorf("scanning 12345678901234567.89 into int64 succeeded with %d", i)
		}
		var ns sql.NullString
		if err := db.QueryRow("SELECT num FROM Types WHERE $id = 1").Scan(&ns); err != nil || ns.String != "12345678901234567.89" {
			t.Errorf("NullString = %+v, %v", ns, err)
		}
	})

	t.Run("empty values are NULL", func(t *testing.T) {
		vals := make([]sql.NullString, 11)
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := row(2).Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			if v.Valid {
				t.Errorf("column %d of the empty record = %q, want NULL", i, v.String)
			}
		}
		var nt sql.NullTime
		if err := db.QueryRow("SELECT day FROM Types WHERE $id = 2").Scan(&nt); err != nil || nt.Valid {
			t.Errorf("empty DATE into NullTime = %+v, %v", nt, err)
		}
		var s string
		if err := db.QueryRow("SELECT num FROM Types WHERE $id = 2").Scan(&s); err == nil {
			t.Errorf("NULL scanned into string without error")
		}
	})
}

func TestColumnTypes(t *testing.T) {
	srv := startServer(t)
	typesApp(t, srv)
	for _, tc := range []struct {
		name     string
		toDouble bool
		numType  string
		numScan  reflect.Type
	}{
		{"decimal", false, "DECIMAL", reflect.TypeFor[string]()},
		{"NumberMapToDouble", true, "DOUBLE", reflect.TypeFor[float64]()},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := serverConfig(srv)
			cfg.NumberMapToDouble = tc.toDouble
			db, _ := openDB(t, srv, cfg)
			rows, err := db.Query("SELECT $id, text, num, day, clock, at, tags, owner FROM Types")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			types, err := rows.ColumnTypes()
			if err != nil {
				t.Fatal(err)
			}
			str, tm := reflect.TypeFor[string](), reflect.TypeFor[time.Time]()
			want := []struct {
				name, db string
				scan     reflect.Type
				nullable bool
			}{
				{"$id", "BIGINT", reflect.TypeFor[int64](), false},
				{"text", "VARCHAR", str, true},
				{"num", tc.numType, tc.numScan, true},
				{"day", "DATE", tm, true},
				{"clock", "TIME", tm, true},
				{"at", "DATETIME", tm, true},
				{"tags", "JSON", reflect.TypeFor[[]byte](), true},
				{"owner", "JSON", reflect.TypeFor[[]byte](), true},
			}
			if len(types) != len(want) {
				t.Fatalf("%d column types, want %d", len(types), len(want))
			}
			for i, w := range want {
				ct := types[i]
				nullable, ok := ct.Nullable()
				if ct.Name() != w.name || ct.DatabaseTypeName() != w.db || ct.ScanType() != w.scan || !ok || nullable != w.nullable {
					t.Errorf("column %d = %s %s %v nullable=%v(%v), want %s %s %v nullable=%v",
						i, ct.Name(), ct.DatabaseTypeName(), ct.ScanType(), nullable, ok, w.name, w.db, w.scan, w.nullable)
				}
			}
			// The scan type is what Next delivers: scanning into any gives it.
			for rows.Next() {
				vals := make([]any, len(types))
				ptrs := make([]any, len(types))
				for i := range vals {
					ptrs[i] = &vals[i]
				}
				if err := rows.Scan(ptrs...); err != nil {
					t.Fatal(err)
				}
				for i, v := range vals {
					if v != nil && reflect.TypeOf(v) != want[i].scan {
						t.Errorf("column %s delivered %T, ScanType says %v", want[i].name, v, want[i].scan)
					}
				}
			}
			if err := rows.Err(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestJapaneseIdentifiers(t *testing.T) {
	srv := startServer(t)
	id := createApp(t, srv, kintonetest.AppSpec{Name: "顧客", Fields: []*kintonetest.Field{
		field(kintonetest.TypeSingleLineText, "会社名"),
		field(kintonetest.TypeNumber, "従業員数"),
	}})
	addRecords(t, srv, id, []map[string]any{
		{"会社名": "サイボウズ株式会社", "従業員数": "1000"},
		{"会社名": "株式会社テスト", "従業員数": "50"},
		{"会社名": "山田商店", "従業員数": "3"},
	})
	db, _ := openDB(t, srv, serverConfig(srv))
	for _, query := range []string{
		"SELECT 会社名, 従業員数 FROM 顧客 WHERE 従業員数 >= ? ORDER BY 従業員数 DESC",
		"SELECT `会社名`, `従業員数` FROM `顧客` WHERE `従業員数` >= ? ORDER BY `従業員数` DESC",
	} {
		rows, err := db.Query(query, 10)
		if err != nil {
			t.Errorf("%s: %v", query, err)
			continue
		}
		cols, _ := rows.Columns()
		rows.Close()
		if !slices.Equal(cols, []string{"会社名", "従業員数"}) {
			t.Errorf("%s: columns %v", query, cols)
		}
		got := queryStrings(t, db, query, 10)
		want := [][]string{{"サイボウズ株式会社", "1000"}, {"株式会社テスト", "50"}}
		if !slices.EqualFunc(got, want, slices.Equal) {
			t.Errorf("%s: rows %v, want %v", query, got, want)
		}
	}
}

// ordersApp creates "Orders" with a subtable "items" (product, qty) and
// three records holding 2, 0 and 1 rows.
func ordersApp(t *testing.T, srv *kintonetest.Server) int64 {
	t.Helper()
	items := field(kintonetest.TypeSubtable, "items")
	items.Fields = []*kintonetest.Field{
		field(kintonetest.TypeSingleLineText, "product"),
		field(kintonetest.TypeNumber, "qty"),
	}
	id := createApp(t, srv, kintonetest.AppSpec{Name: "Orders", Fields: []*kintonetest.Field{
		field(kintonetest.TypeSingleLineText, "customer"),
		items,
	}})
	line := func(product, qty string) map[string]any {
		return map[string]any{"value": map[string]any{
			"product": map[string]any{"value": product},
			"qty":     map[string]any{"value": qty},
		}}
	}
	addRecords(t, srv, id, []map[string]any{
		{"customer": "A", "items": []any{line("apple", "3"), line("pear", "1")}},
		{"customer": "B", "items": []any{}},
		{"customer": "C", "items": []any{line("plum", "7")}},
	})
	return id
}

func TestSubtableTable(t *testing.T) {
	srv := startServer(t)
	ordersApp(t, srv)
	db, _ := openDB(t, srv, serverConfig(srv))
	got := queryStrings(t, db, "SELECT $id, product, qty FROM Orders_items")
	slices.SortFunc(got, func(a, b []string) int { return slices.Compare(a, b) })
	want := [][]string{{"1", "apple", "3"}, {"1", "pear", "1"}, {"3", "plum", "7"}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("rows %v, want %v", got, want)
	}
	// Selecting only the parent id still yields one row per subtable row.
	for query, want := range map[string]string{
		"SELECT COUNT($id) FROM Orders_items":              "3",
		"SELECT COUNT(*) FROM Orders_items WHERE $id <= 1": "2",
	} {
		if got := queryStrings(t, db, query); got[0][0] != want {
			t.Errorf("%s = %v, want %s", query, got, want)
		}
	}
	if got := queryStrings(t, db, "SELECT $id FROM Orders_items"); len(got) != 3 {
		t.Errorf("SELECT $id rows %v, want 3", got)
	}
}
