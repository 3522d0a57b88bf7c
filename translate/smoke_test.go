package translate

import (
	"fmt"
	"testing"

	"github.com/kintone-sql/kintone/kintonetest"
)

func TestSmoke(t *testing.T) {
	f := newFixture(t, func(srv *kintonetest.Server) {
		id, err := srv.CreateApp(kintonetest.AppSpec{Name: "顧客", Code: "customers", Fields: []*kintonetest.Field{
			{Type: kintonetest.TypeSingleLineText, Code: "顧客名", Label: "顧客名"},
			{Type: kintonetest.TypeNumber, Code: "amount", Label: "Amount"},
			{Type: kintonetest.TypeDropDown, Code: "rank", Label: "Rank", Options: []string{"A", "B", "C"}},
			{Type: kintonetest.TypeDate, Code: "due", Label: "Due"},
		}})
		if err != nil {
			t.Fatal(err)
		}
		var recs []map[string]any
		for i := 0; i < 1234; i++ {
			r := map[string]any{"顧客名": fmt.Sprintf("客%d", i), "amount": fmt.Sprint(i % 100), "rank": []string{"A", "B", "C"}[i%3]}
			if i%7 == 0 {
				r["amount"] = ""
			}
			if i%5 == 0 {
				r["due"] = "2024-05-15"
			}
			recs = append(recs, r)
		}
		if _, err := srv.AddRecords(id, recs); err != nil {
			t.Fatal(err)
		}
	})
	for _, sql := range []string{
		"select count(*) from 顧客",
		"select count(*) from customers where amount > 50",
		"select `$id`, 顧客名, amount from 顧客 where amount >= 98 and rank = 'A' order by amount desc, `$id` limit 5",
		"explain select `$id`, 顧客名 from 顧客 where amount is null and 顧客名 like '客1%' order by due limit 3",
		"select sum(amount), avg(amount), min(顧客名), max(due), count(due) from customers",
		"select * from [顧客] where $id = 3",
	} {
		rows, err := f.tryQuery(sql, Options{})
		t.Logf("%s\n  err=%v", sql, err)
		for i, r := range rows {
			if i > 10 {
				break
			}
			t.Logf("  %v", r)
		}
	}
	t.Logf("requests: %v", f.srv.RequestCounts())
}
