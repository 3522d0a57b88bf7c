package translate

import (
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	kt "github.com/kintone-sql/kintone/kintonetest"
)

// seedCustomers creates the Japanese-named app 顧客 (code "customers").
func seedCustomers(t *testing.T, srv *kt.Server) {
	t.Helper()
	id, err := srv.CreateApp(kt.AppSpec{Name: "顧客", Code: "customers", Fields: []*kt.Field{
		{Type: kt.TypeSingleLineText, Code: "顧客名", Label: "顧客名"},
		{Type: kt.TypeNumber, Code: "売上", Label: "売上"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = srv.AddRecords(id, []map[string]any{
		{"顧客名": "山田", "売上": "100"},
		{"顧客名": "佐藤", "売上": "250.5"},
		{"顧客名": "鈴木"},
	})
	if err != nil {
		t.Fatal(err)
	}
}

func TestJapaneseIdentifiers(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedCustomers(t, srv) })
	tests := []struct{ sql, want string }{
		{"select 顧客名 from 顧客 where 顧客名 = '佐藤'", "[[佐藤]]"},
		{"select c.顧客名, c.売上 from 顧客 as c where c.売上 > 100", "[[佐藤 250.5]]"},
		{"select 顧客.顧客名 from 顧客 where 顧客.$id = 1", "[[山田]]"},
		{"select [顧客名] from [Kintone].[顧客] where [売上] is null", "[[鈴木]]"},
		{"select `顧客名` from customers where `売上` between 50 and 150", "[[山田]]"},
		{"select 顧客名 from app_1 where 顧客名 like '%藤'", "[[佐藤]]"},
		{"select 顧客名 from 顧客 where 顧客名 = ?", "[[鈴木]]"},
		{"select 顧客名, 売上 * 2 as 倍 from 顧客 order by 倍 desc", "[[佐藤 501] [山田 200] [鈴木 <nil>]]"},
		{"select 顧客名 from 顧客 order by 1 limit 1", "[[佐藤]]"},
		{"select sum(売上) as 合計, count(売上) from 顧客", "[[350.5 2]]"},
	}
	for _, tc := range tests {
		var args []any
		if strings.Contains(tc.sql, "?") {
			args = []any{"鈴木"}
		}
		rows, err := f.tryQuery(tc.sql, Options{}, args...)
		if err != nil {
			t.Errorf("%s: %v", tc.sql, err)
			continue
		}
		if got := fmt.Sprint(rows); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.sql, got, tc.want)
		}
	}
	n := f.plan("select 顧客名 as 名前, 売上 from 顧客", Options{})
	cols := n.Columns()
	if len(cols) != 2 || cols[0].Name != "名前" || cols[1].Name != "売上" || cols[1].Table != "顧客" {
		t.Errorf("columns %+v", cols)
	}
}

func TestNullAndLikeSemantics(t *testing.T) {
	const n = 80
	f := newFixture(t, func(srv *kt.Server) { seedAllTypes(t, srv, n) })
	texts := []string{"abc", "ABC", "", `say "hi" \ ok`, "日本語テキスト", "a", "b", "100%_done"}
	nums := []string{"-3", "0", "1.50", "10", "99", "1.5", "7"}
	count := func(pred func(i int) bool) string {
		c := 0
		for i := range n {
			if pred(i) {
				c++
			}
		}
		return fmt.Sprintf("[[%d]]", c)
	}
	num := func(i int) (decimal.Decimal, bool) {
		if i%9 == 0 {
			return decimal.Decimal{}, false
		}
		return decimal.RequireFromString(nums[i%7]), true
	}
	tests := []struct {
		where string
		want  string
	}{
		{"num <> 10", count(func(i int) bool { d, ok := num(i); return ok && !d.Equal(decimal.NewFromInt(10)) })},
		{"not (num = 10)", count(func(i int) bool { d, ok := num(i); return ok && !d.Equal(decimal.NewFromInt(10)) })},
		{"num is null", count(func(i int) bool { _, ok := num(i); return !ok })},
		{"num = 1.5", count(func(i int) bool { d, ok := num(i); return ok && d.Equal(decimal.RequireFromString("1.5")) })},
		{"num not in (10, 99)", count(func(i int) bool {
			d, ok := num(i)
			return ok && !d.Equal(decimal.NewFromInt(10)) && !d.Equal(decimal.NewFromInt(99))
		})},
		{"num not in (10, null)", "[[0]]"},
		{"txt = ''", "[[0]]"},
		{"txt is null", count(func(i int) bool { return texts[i%8] == "" })},
		{"txt like '%b%'", count(func(i int) bool { return strings.Contains(strings.ToLower(texts[i%8]), "b") })},
		{"txt like 'a_c'", count(func(i int) bool { return strings.EqualFold(texts[i%8], "abc") })},
		{"txt like '100\\%\\_%'", count(func(i int) bool { return texts[i%8] == "100%_done" })},
		{"txt like '%\\\\\\\\%'", count(func(i int) bool { return strings.Contains(texts[i%8], `\`) })},
		{"txt like '%\"%'", count(func(i int) bool { return strings.Contains(texts[i%8], `"`) })},
		{"txt like '日本%'", count(func(i int) bool { return strings.HasPrefix(texts[i%8], "日本") })},
		{"txt not like 'a%'", count(func(i int) bool { s := texts[i%8]; return s != "" && !strings.HasPrefix(strings.ToLower(s), "a") })},
		{"txt = 'abc'", count(func(i int) bool { return texts[i%8] == "abc" })},
		{"dd is null", count(func(i int) bool { return i%4 == 3 })},
		{"dd <> 'A'", count(func(i int) bool { return i%4 == 1 || i%4 == 2 })},
		{"d is not null and d <> '2024-05-02'", count(func(i int) bool { return i%6 != 0 && 1+i%28 != 2 })},
		{"d = TODAY()", count(func(i int) bool { return i%6 != 0 && 1+i%28 == 15 })},
		{"[作成者 Code] = LOGINUSER()", fmt.Sprintf("[[%d]]", n)},
		{"users in (LOGINUSER())", count(func(i int) bool { return i%2 == 0 })},
		{"users not in (LOGINUSER())", "[[0]]"}, // empty selections are NULL: excluded
		{"txt like '%\\\\%'", count(func(i int) bool { return strings.HasSuffix(texts[i%8], "%") })},
	}
	for _, tc := range tests {
		sql := "select count(*) from alltypes where " + tc.where
		rows, err := f.tryQuery(sql, Options{})
		if err != nil {
			t.Errorf("%s: %v", tc.where, err)
			continue
		}
		if got := fmt.Sprint(rows); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.where, got, tc.want)
		}
	}
}

func TestSubtableRows(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedAllTypes(t, srv, 9) })
	// Record i (id i+1) has i%3 rows: ids 2, 3, 5, 6, 8, 9 have rows.
	rows := f.query("select $id, inum, itxt from alltypes_tbl order by $id, $row_id", Options{})
	if len(rows) != 9 {
		t.Fatalf("%d rows, want 9: %v", len(rows), rows)
	}
	if fmt.Sprint(rows[:3]) != "[[2 1 y] [3 2 <nil>] [3 3 x]]" {
		t.Errorf("first rows %v", rows[:3])
	}
	got := f.query("select count(*), sum(inum) from alltypes_tbl where itxt = 'x'", Options{})
	want := f.query("select count(*), sum(inum) from alltypes_tbl where itxt = 'x'", Options{NoPushdown: true})
	if fmt.Sprint(got) != fmt.Sprint(want) || fmt.Sprint(got) == "[[0 <nil>]]" {
		t.Errorf("subtable aggregate %v, client-side %v", got, want)
	}
	if s := shapeOf(f.plan("select count(*) from alltypes_tbl", Options{})); s.count != nil {
		t.Error("COUNT(*) of a subtable table used totalCount (it counts records, not rows)")
	}
	if s := shapeOf(f.plan("select $id from alltypes_tbl limit 2", Options{})); s.scan.Limit != -1 || !s.limit {
		t.Error("LIMIT pushed on a subtable table")
	}
}

func TestExplain(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedDeals(t, srv, 1234) })
	rows := f.query("explain select $id, txt from deals where num > 50 and txt like 'deal1%' order by num limit 3", Options{})
	var text []string
	for _, r := range rows {
		text = append(text, fmt.Sprint(r...))
	}
	all := strings.Join(text, "\n")
	for _, want := range []string{
		"project", "limit (client-side)", "sort (client-side)", "filter (client-side)", "kintone scan",
		`query: num > 50 order by $id asc limit 500`,
		`next pages: num > 50 and $id > {last $id} order by $id asc limit 500`,
		"fields: num, txt, $id", "paging: seek by $id", "records match",
	} {
		if !strings.Contains(all, want) {
			t.Errorf("EXPLAIN lacks %q:\n%s", want, all)
		}
	}
	if f.srv.RequestCount(getRecords) != 1 {
		t.Errorf("EXPLAIN sent %d requests, want 1 (the estimate)", f.srv.RequestCount(getRecords))
	}
	n := f.plan("explain select count(*) from deals where num > 5", Options{})
	if cols := n.Columns(); len(cols) != 4 || cols[2].Name != "operation" {
		t.Errorf("EXPLAIN columns %+v", cols)
	}
}

func TestUnsupportedAndBindErrors(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedDeals(t, srv, 3); seedCustomers(t, srv) })
	tests := []struct{ sql, want string }{
		{"select * from deals natural join 顧客", "NATURAL JOIN (write JOIN ... USING (columns) or ON) is not supported yet"},
		{"select * from deals d join deals d on 1", `table name "d" is used twice`},
		{"select * from deals, deals", `table name "deals" is used twice`},
		{"select $id from deals d join 顧客 c on 1", `column "$id" is ambiguous`},
		{"select num, count(*) from deals", "must be used inside an aggregate function"},
		{"select txt, count(*) from deals group by num", "column deals.txt must appear in GROUP BY"},
		{"select distinct num from deals order by txt", "with SELECT DISTINCT, ORDER BY may only use the selected columns"},
		{"select * from deals where num in (select 1, 2)", "operand should contain 1 column(s)"},
		{"select (select num, txt from deals)", "operand should contain 1 column(s)"},
		{"select (select num from deals)", "subquery returns more than 1 row"},
		{"select x.y from (select 1 as z) x", `column "y" not found in derived table "x"`},
		{"select 1 union select 1, 2", "different numbers of columns (1 and 2)"},
		{"select num from deals union select num from deals order by num + 1", "ORDER BY of a UNION may name result columns or positions only"},
		{"select txt from deals where group_concat(txt) = 'a'", "GROUP_CONCAT() is not allowed here"},
		{"select (select max(d.num) from 顧客) from deals d", "max(d.num) over columns of an enclosing query only is not supported yet"},
		{"select cast(num as json) from deals", "CAST to JSON is not supported yet"},
		{"select date_add(d, 1) from deals", "DATE_ADD needs an INTERVAL"},
		{"select now() + interval 1 day_hour", "INTERVAL unit DAY_HOUR"},
		{"select * from deal", `table "deal" not found; did you mean "deals"?`},
		{"select nmu from deals", `column "nmu" not found in table "deals"; did you mean "num"?`},
		{"select x.num from deals", `unknown table "x"`},
		{"select * from deals where txt regexp 'a'", "REGEXP is not supported yet"},
		{"select foo(num) from deals", "function FOO() is not supported"},
		{"select * from deals limit -1", "LIMIT must be a non-negative integer, got -1"},
		{"select * from deals limit 'x'", "LIMIT must be a non-negative integer"},
		{"select * from deals where num = :name", "named parameters"},
		{"select 1 + '2' from deals where num = ?", "1 ? placeholders but 0 arguments"},
		{"select 9223372036854775807 + 1", "BIGINT value is out of range"},
		{"select sum(count(*)) from deals", "aggregate function COUNT() is not allowed here"},
		{"select * from deals for update", "FOR UPDATE is not supported yet"},
	}
	for _, tc := range tests {
		_, err := f.tryQuery(tc.sql, Options{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.sql, err, tc.want)
		}
	}
}

func TestSelectWithoutFrom(t *testing.T) {
	f := newFixture(t, func(*kt.Server) {})
	tests := []struct{ sql, want string }{
		{"select 1", "[[1]]"},
		{"select 1 + 2 * 3, 'a' as x, null, 7 div 2, 1 / 3", "[[7 a <nil> 3 0.3333]]"},
		{"select now(), curdate()", "[[2024-05-15 03:04:05 +0000 UTC 2024-05-15 00:00:00 +0000 UTC]]"},
		{"select 1 where 1 = 0", "[]"},
		{"select count(*)", "[[1]]"},
		{"select concat('顧客', ?, 1.50)", "[[顧客-1.50]]"},
		{"select case when 1 > 2 then 'x' else 'y' end", "[[y]]"},
		{"select 1 limit 0", "[]"},
	}
	for _, tc := range tests {
		var args []any
		if strings.Contains(tc.sql, "?") {
			args = []any{"-"}
		}
		rows, err := f.tryQuery(tc.sql, Options{}, args...)
		if err != nil {
			t.Errorf("%s: %v", tc.sql, err)
			continue
		}
		if got := fmt.Sprint(rows); got != tc.want && !(got == "[]" && tc.want == "[]") {
			t.Errorf("%s = %s, want %s", tc.sql, got, tc.want)
		}
	}
}
