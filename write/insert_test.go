package write

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"strings"
	"testing"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/schema"
)

func TestInsertBatchRequests(t *testing.T) {
	cases := []struct {
		rows       int
		posts      int // records.json POST outside bulkRequest
		bulk       int
		lastInsert int64
	}{
		{1, 1, 0, 1},
		{100, 1, 0, 1},
		{101, 0, 1, 1},
		{2000, 0, 1, 1},
		{2001, 0, 2, 1},
		{10000, 0, 5, 1},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.rows), func(t *testing.T) {
			f := newWfix(t)
			f.srv.ResetCounters()
			res := f.insertTitles(t, tc.rows, 1)
			want := map[string]int{}
			if tc.posts > 0 {
				want["POST /k/v1/records.json"] = tc.posts
			}
			if tc.bulk > 0 {
				want["POST /k/v1/bulkRequest.json"] = tc.bulk
			}
			if got := f.requests(); !maps.Equal(got, want) {
				t.Errorf("requests %v, want %v", got, want)
			}
			if n, _ := res.RowsAffected(); n != int64(tc.rows) {
				t.Errorf("RowsAffected %d, want %d", n, tc.rows)
			}
			if got := f.srv.RecordCount(f.app); got != tc.rows {
				t.Errorf("%d records, want %d", got, tc.rows)
			}
			ids := res.IDs()
			if id, _ := res.LastInsertId(); id != ids[0] || id != tc.lastInsert {
				t.Errorf("LastInsertId %d, IDs[0] %d", id, ids[0])
			}
			// Every id is the record holding that row.
			for _, i := range []int{0, tc.rows / 2, tc.rows - 1} {
				if got := f.field(t, ids[i], "code"); got != fmt.Sprintf("c%d", i+1) {
					t.Errorf("record %d holds code %v, want c%d", ids[i], got, i+1)
				}
			}
		})
	}
}

func TestInsertAtomicWithinBulk(t *testing.T) {
	f := newWfix(t)
	f.insertTitles(t, 1, 0) // holds the unique code c0
	f.srv.ResetCounters()
	rows := titleRows(2000, 1)
	rows[1234] = lits("dup", "c0", int64(5))
	_, err := Exec(context.Background(), f.env(), &Insert{Table: f.t, Columns: wcols(t, f.t, "Title", "Code", "Amount"), Values: rows})
	var we *Error
	if !errors.As(err, &we) {
		t.Fatalf("error %v, want *Error", err)
	}
	if f.srv.RecordCount(f.app) != 1 {
		t.Fatalf("%d records after a failed atomic insert, want 1", f.srv.RecordCount(f.app))
	}
	if len(we.Fields) != 1 || we.Fields[0].Row != 1235 || we.Fields[0].Column != "Code" {
		t.Errorf("field errors %+v, want row 1235 column Code", we.Fields)
	}
	if len(we.Written) != 0 || !strings.Contains(err.Error(), "nothing was written") {
		t.Errorf("error %q claims writes", err)
	}
	var ce *client.Error
	if !errors.As(err, &ce) || ce.Code != "CB_VA01" {
		t.Errorf("error does not unwrap to kintone's CB_VA01: %v", err)
	}
	if got := f.requests(); got["POST /k/v1/bulkRequest.json"] != 1 {
		t.Errorf("requests %v", got)
	}
}

func TestInsertPartialFailureNamesWrittenIDs(t *testing.T) {
	f := newWfix(t)
	f.insertTitles(t, 1, 0)
	rows := titleRows(2500, 1)
	rows[2100] = lits("dup", "c0", int64(5)) // in the second bulkRequest
	_, err := Exec(context.Background(), f.env(), &Insert{Table: f.t, Columns: wcols(t, f.t, "Title", "Code", "Amount"), Values: rows})
	var we *Error
	if !errors.As(err, &we) {
		t.Fatalf("error %v, want *Error", err)
	}
	if got := f.srv.RecordCount(f.app); got != 2001 {
		t.Fatalf("%d records, want 2001 (the first bulkRequest stays)", got)
	}
	if we.WrittenRows != 2000 || len(we.Written) != 2000 || we.Unwritten != "rows 2001–2500" {
		t.Errorf("written %d rows, %d ids, unwritten %q", we.WrittenRows, len(we.Written), we.Unwritten)
	}
	for _, id := range we.Written {
		if _, ok := f.srv.Record(f.app, id); !ok {
			t.Fatalf("reported id %d does not exist", id)
		}
	}
	if we.Fields[0].Row != 2101 {
		t.Errorf("field error row %d, want 2101", we.Fields[0].Row)
	}
	if !strings.Contains(err.Error(), "rows 2001–2500 were not written") {
		t.Errorf("message %q", err)
	}
}

func TestInsertValuesConversionErrorsSendNothing(t *testing.T) {
	cases := []struct {
		col string
		val any
		msg string
	}{
		{"Amount", "abc", "not a number"},
		{"Rank", "Z", "not an option"},
		{"Due", "someday", "not a date"},
		{"Tags", `["x","q"]`, "not an option"},
	}
	for _, tc := range cases {
		t.Run(tc.col, func(t *testing.T) {
			f := newWfix(t)
			f.srv.ResetCounters()
			rows := [][]engine.Expr{lits("a", "k1", nil), lits("b", "k2", nil), lits("c", "k3", tc.val)}
			_, err := Exec(context.Background(), f.env(), &Insert{Table: f.t, Columns: wcols(t, f.t, "Title", "Code", tc.col), Values: rows})
			if err == nil || !strings.Contains(err.Error(), "row 3") || !strings.Contains(err.Error(), tc.col) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("error %v, want row 3, column %s, %q", err, tc.col, tc.msg)
			}
			if err != nil && strings.Contains(err.Error(), "schema:") {
				t.Errorf("error %q carries a package prefix", err)
			}
			if n := f.srv.TotalRequests(); n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}

func TestInsertReadOnlyColumns(t *testing.T) {
	f := newWfix(t)
	for _, name := range []string{"$id", "$revision", "Double", "ステータス", "作業者", "レコード番号", "作成者 Name"} {
		t.Run(name, func(t *testing.T) {
			c := wcol(t, f.t, name)
			f.srv.ResetCounters()
			_, err := Exec(context.Background(), f.env(), &Insert{Table: f.t, Columns: append(wcols(t, f.t, "Title"), c), Values: [][]engine.Expr{lits("a", "1")}})
			if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), fmt.Sprintf("%q", c.Name)) {
				t.Errorf("error %v, want ErrReadOnly naming %q", err, c.Name)
			}
			if n := f.srv.TotalRequests(); n != 0 {
				t.Errorf("%d requests sent", n)
			}
		})
	}
}

func TestInsertSelectAcrossApps(t *testing.T) {
	f := newWfix(t)
	f.insertTitles(t, 150, 1)
	spec := ordersSpec()
	spec.Name, spec.Code, spec.Process = "Archive", "ARC", nil
	arch, err := f.srv.CreateApp(spec)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cat, err := schema.Load(ctx, f.c, schema.Options{})
	if err != nil {
		t.Fatal(err)
	}
	dst, err := cat.Lookup(ctx, "Archive")
	if err != nil {
		t.Fatal(err)
	}
	sel := scanOf(t, f.t, nil, "Title", "Code", "Amount")
	res, err := Exec(ctx, f.env(), &Insert{Table: dst, Columns: wcols(t, dst, "Title", "Code", "Amount"), Select: sel})
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := res.RowsAffected(); n != 150 || f.srv.RecordCount(arch) != 150 {
		t.Fatalf("RowsAffected %d, %d records", n, f.srv.RecordCount(arch))
	}
}

func TestReadOnlyLookupCategoryAndAutoText(t *testing.T) {
	f := newWfix(t)
	src, err := f.srv.CreateApp(kintonetest.AppSpec{Name: "Src", Fields: []*kintonetest.Field{
		{Type: kintonetest.TypeSingleLineText, Code: "sk", Label: "SK", Unique: true},
		{Type: kintonetest.TypeSingleLineText, Code: "sv", Label: "SV"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.srv.AddRecords(src, []map[string]any{{"sk": "key1", "sv": "copied"}}); err != nil {
		t.Fatal(err)
	}
	dst, err := f.srv.CreateApp(kintonetest.AppSpec{Name: "Dst", Fields: []*kintonetest.Field{
		{Type: kintonetest.TypeSingleLineText, Code: "lk", Label: "LK", Lookup: &kintonetest.Lookup{RelatedApp: src,
			RelatedKeyField: "sk", FieldMappings: []kintonetest.FieldMapping{{Field: "copy", RelatedField: "sv"}}}},
		{Type: kintonetest.TypeSingleLineText, Code: "copy", Label: "Copy"},
		{Type: kintonetest.TypeSingleLineText, Code: "auto", Label: "Auto", Expression: "lk"},
		{Type: kintonetest.TypeCategory, Code: "カテゴリー", Label: "カテゴリー", Enabled: true},
	}})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	cat, err := schema.Load(ctx, f.c, schema.Options{})
	if err != nil {
		t.Fatal(err)
	}
	tab, err := cat.Lookup(ctx, "Dst")
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"Copy", "Auto", "カテゴリー"} {
		ins := &Insert{Table: tab, Columns: wcols(t, tab, "LK", name), Values: [][]engine.Expr{lits("key1", "x")}}
		if _, err := Exec(ctx, f.env(), ins); !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), name) {
			t.Errorf("INSERT %s: %v", name, err)
		}
		up := &Update{Table: tab, Set: wcols(t, tab, name), Direct: &Direct{IDs: []int64{1}, Values: lits("x")}}
		if _, err := Exec(ctx, f.env(), up); !errors.Is(err, ErrReadOnly) {
			t.Errorf("UPDATE %s: %v", name, err)
		}
	}
	res, err := Exec(ctx, f.env(), &Insert{Table: tab, Columns: wcols(t, tab, "LK"), Values: [][]engine.Expr{lits("key1")}})
	if err != nil {
		t.Fatal(err)
	}
	rec, _ := f.srv.Record(dst, res.IDs()[0])
	if v := rec["copy"].(map[string]any)["value"]; v != "copied" {
		t.Errorf("the lookup copied %v", v)
	}
}
