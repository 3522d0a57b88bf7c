package kintonetest

import (
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestQueryOperatorMatrix(t *testing.T) {
	srv, _ := recNewServer(t)
	recDirectory(t, srv)
	spec := recSampleSpec()
	spec.Process = &ProcessManagement{Enable: true, States: []State{{Name: "未処理"}}}
	app := recCreateApp(t, srv, spec)
	// The expected matrix, written out independently of queryOps
	// (kintone-api.md §6 "Operators").
	const (
		number = "= != > < >= <= in notin"
		text   = "= != in notin like notlike"
		long   = "like notlike empty notempty"
		choice = "in notin"
		date   = "= != > < >= <= "
		none   = ""
	)
	fields := []struct{ code, value, allowed string }{
		{"$id", "1", number},
		{"レコード番号", "1", number},
		{"数値", "1", number},
		{"計算", "1", number},
		{"文字列", "x", text},
		{"リンク", "x", text},
		{"複数行", "x", long},
		{"リッチ", "x", long},
		{"ラジオ", "A", choice},
		{"ドロップ", "X", choice},
		{"チェック", "p", choice},
		{"複数選択", "m1", choice},
		{"ステータス", "未処理", "= != in notin"},
		{"日付", "2024-01-01", date},
		{"時刻", "10:00", date},
		{"日時", "2024-01-01T00:00:00Z", date},
		{"作成日時", "2024-01-01T00:00:00Z", date},
		{"更新日時", "2024-01-01T00:00:00Z", date},
		{"作成者", "Administrator", choice},
		{"更新者", "Administrator", choice},
		{"担当", "Administrator", choice},
		{"作業者", "Administrator", choice},
		{"組織", "sales", choice},
		{"グループ", "g1", choice},
		{"添付", "x", long},
		{"明細", "x", none},
		{"関連", "x", none},
	}
	ops := []struct{ name, format string }{
		{"=", `%s = "%s"`}, {"!=", `%s != "%s"`}, {">", `%s > "%s"`}, {"<", `%s < "%s"`},
		{">=", `%s >= "%s"`}, {"<=", `%s <= "%s"`}, {"in", `%s in ("%s")`}, {"notin", `%s not in ("%s")`},
		{"like", `%s like "%s"`}, {"notlike", `%s not like "%s"`}, {"empty", `%s is empty%.0s`}, {"notempty", `%s is not empty%.0s`},
	}
	for _, f := range fields {
		allowed := map[string]bool{}
		for _, o := range strings.Fields(f.allowed) {
			allowed[o] = true
		}
		for _, op := range ops {
			q := fmt.Sprintf(op.format, f.code, f.value)
			_, r := recQuery(t, srv, testAdmin, app, q)
			switch {
			case allowed[op.name] && r.status != 200:
				t.Errorf("%s: want ok, got %d %v", q, r.status, r.body)
			case !allowed[op.name] && (r.status != 400 || r.body["code"] != "GAIA_IQ03"):
				t.Errorf("%s: want 400 GAIA_IQ03, got %d %v", q, r.status, r.body)
			}
		}
	}
}

func TestQueryErrors(t *testing.T) {
	srv, _ := recNewServer(t)
	recDirectory(t, srv)
	app := recCreateApp(t, srv, recSampleSpec())
	cases := []struct {
		query  string
		status int
		code   string
	}{
		{`nope = "x"`, 400, "GAIA_IQ11"},
		{`品名 = "a"`, 400, "GAIA_IQ07"},
		{`品名 != "a"`, 400, "GAIA_IQ07"},
		{`明細.品名 in ("a")`, 400, "GAIA_IR02"},
		{`文字列.x in ("a")`, 400, "GAIA_IR02"},
		{`nope.x in ("a")`, 400, "GAIA_IQ11"},
		{`関連.文字列 = "a"`, 400, "GAIA_IQ03"},
		{`ドロップ in ("nope")`, 400, "GAIA_IQ10"},
		{`チェック not in ("p", "zz")`, 400, "GAIA_IQ10"},
		{`文字列 = `, 400, "CB_VA01"},
		{`日付 = FROM_TODAY(1, HOURS)`, 400, "GAIA_IQ25"},
		{`日付 = THIS_MONTH(32)`, 400, "GAIA_IQ23"},
		{`日付 = TODAY(1)`, 400, "GAIA_IL08"},
		{`日付 = LOGINUSER()`, 400, "GAIA_IQ03"},
		{`日付 = NOW()`, 400, "GAIA_IQ03"},
		{`担当 in (PRIMARY_ORGANIZATION())`, 400, "GAIA_IQ03"},
		{`数値 = "abc"`, 400, "CB_VA01"},
		{`日付 = "yesterday"`, 400, "CB_VA01"},
		{`ドロップ in ("")`, 200, ""},
		{`関連.文字列 in ("a")`, 200, ""},
		{`品名 in ("a") and 数量 > 1`, 200, ""},
		{`$revision >= 1`, 200, ""},
	}
	for _, tc := range cases {
		_, r := recQuery(t, srv, testAdmin, app, tc.query)
		if r.status != tc.status || tc.code != "" && r.body["code"] != tc.code {
			t.Errorf("%s: got %d %v, want %d %s", tc.query, r.status, r.body, tc.status, tc.code)
		}
	}
	_, r := recQuery(t, srv, testAdmin, app, `文字列 = `)
	if recJSON(recErrKeys(r)) != `{"query":["クエリ記法が間違っています。"]}` {
		t.Errorf("syntax error body: %v", r.body)
	}
}

func TestQueryLikeWordSearch(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, recSampleSpec())
	recSeed(t, srv, app,
		map[string]any{"文字列": "gamma keyword", "複数行": "  \n\t "},
		map[string]any{"文字列": "Keyword-Alpha", "複数行": "text"},
		map[string]any{"文字列": "東京都港区芝公園", "リッチ": "<div><b>bold</b> words</div>"},
		map[string]any{"文字列": "ＡＢＣ full width"},
		map[string]any{"文字列": "", "リッチ": "<div><br></div>"},
	)
	cases := map[string]string{
		`文字列 like "key"`:           "",
		`文字列 like "keyword"`:       "2,1",
		`文字列 like "KEYWORD alpha"`: "2",
		`文字列 like "港区"`:            "3",
		`文字列 like "大阪"`:            "",
		`文字列 like "abc"`:           "4",
		`文字列 not like "keyword"`:   "5,4,3",
		`リッチ like "bold"`:          "3",
		`リッチ like "div"`:           "",
		`リッチ is empty`:             "5,4,2,1",
		`複数行 is empty`:             "5,4,3,1",
		`複数行 is not empty`:         "2",
		`文字列 = ""`:                 "5",
		`文字列 in ("gamma keyword")`: "1",
	}
	for q, want := range cases {
		if got := recIDs(t, srv, app, q); got != want {
			t.Errorf("%s: got %q, want %q", q, got, want)
		}
	}
}

func TestQueryDateFunctions(t *testing.T) {
	clk := newTestClock(time.Date(2024, 3, 15, 12, 0, 30, 0, time.UTC))
	srv := NewServer(WithClock(clk.now))
	t.Cleanup(srv.Close)
	for _, u := range []User{
		{Code: "nz", Password: "pw", Timezone: "Pacific/Auckland"},    // 2024-03-16 01:00 local
		{Code: "la", Password: "pw", Timezone: "America/Los_Angeles"}, // 2024-03-15 05:00 local
	} {
		if _, err := srv.AddUser(u); err != nil {
			t.Fatal(err)
		}
	}
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{
		{Type: TypeDate, Code: "d"},
		{Type: TypeDateTime, Code: "dt"},
		{Type: TypeTime, Code: "tm"},
	}})
	recSeed(t, srv, app,
		map[string]any{"d": "2024-03-14", "dt": "2024-03-15T10:59:00Z", "tm": "09:00"},
		map[string]any{"d": "2024-03-15", "dt": "2024-03-15T11:00:00Z", "tm": "10:00"},
		map[string]any{"d": "2024-03-16", "dt": "2024-03-16T10:59:00Z", "tm": "23:59"},
		map[string]any{"d": "2024-03-17", "dt": "2024-03-16T11:00:00Z"},
		map[string]any{"d": "2024-02-29", "dt": "2024-03-15T12:00:00Z"},
		map[string]any{"d": "2024-04-01"},
		map[string]any{},
	)
	nz, la := testAuth{user: "nz", pass: "pw"}, testAuth{user: "la", pass: "pw"}
	cases := []struct {
		who   testAuth
		query string
		want  string
	}{
		{nz, `d = TODAY()`, "3"},
		{la, `d = TODAY()`, "2"},
		{nz, `d = YESTERDAY()`, "2"},
		{nz, `d = TOMORROW()`, "4"},
		{nz, `d < TODAY()`, "5,2,1"},
		{nz, `d <= TODAY()`, "5,3,2,1"},
		{nz, `d > TODAY()`, "6,4"},
		{nz, `d >= FROM_TODAY(1, DAYS)`, "6,4"},
		{nz, `d = FROM_TODAY(-1, MONTHS)`, ""},
		{nz, `d = THIS_MONTH()`, "4,3,2,1"},
		{nz, `d <= THIS_MONTH()`, "5,4,3,2,1"},
		{nz, `d >= THIS_MONTH()`, "6,4,3,2,1"},
		{nz, `d = LAST_MONTH(LAST)`, "5"},
		{nz, `d = NEXT_MONTH(1)`, "6"},
		{nz, `d = THIS_WEEK(SATURDAY)`, "3"},
		{nz, `d = THIS_YEAR()`, "6,5,4,3,2,1"},
		{nz, `d != TODAY()`, "7,6,5,4,2,1"},
		{nz, `d = ""`, "7"},
		{nz, `d > "2024-03-16"`, "6,4"},
		{nz, `dt = TODAY()`, "5,3,2"},
		{la, `dt = TODAY()`, "5,2,1"},
		{nz, `dt = NOW()`, "5"},
		{nz, `dt < NOW()`, "2,1"},
		{nz, `dt >= "2024-03-16T10:59:00Z"`, "4,3"},
		{nz, `dt = "2024-03-16"`, "5,3,2"},
		{nz, `tm > "9:30"`, "3,2"},
		{nz, `作成日時 = TODAY()`, "7,6,5,4,3,2,1"},
		{la, `作成日時 = YESTERDAY()`, ""},
	}
	for _, tc := range cases {
		ids, r := recQuery(t, srv, tc.who, app, tc.query)
		if got := strings.Join(ids, ","); r.status != 200 || got != tc.want {
			t.Errorf("%s as %s: got %q (%d %v), want %q", tc.query, tc.who.user, got, r.status, r.body["code"], tc.want)
		}
	}
}

func TestQueryUserFunctions(t *testing.T) {
	srv, _ := recNewServer(t)
	recDirectory(t, srv)
	app := recCreateApp(t, srv, recSampleSpec())
	recSeed(t, srv, app,
		map[string]any{"担当": []map[string]string{{"code": "sato"}}, "組織": []map[string]string{{"code": "sales"}}, "数値": "1"},
		map[string]any{"担当": []map[string]string{{"code": "kato"}, {"code": "sato"}}, "数値": "2"},
		map[string]any{"作成者": map[string]string{"code": "sato"}, "数値": "3"},
		map[string]any{"数値": "4"},
	)
	sato, kato := testAuth{user: "sato", pass: "pw"}, testAuth{user: "kato", pass: "pw"}
	cases := []struct {
		who   testAuth
		query string
		want  string
	}{
		{sato, `担当 in (LOGINUSER())`, "2,1"},
		{kato, `担当 in (LOGINUSER())`, "2"},
		{kato, `担当 not in (LOGINUSER())`, "4,3,1"},
		{sato, `作成者 in (LOGINUSER())`, "3"},
		{sato, `担当 in ("")`, "4,3"},
		{sato, `組織 in (PRIMARY_ORGANIZATION())`, "1"},
		// kato has no primary organization: the condition is ignored.
		{kato, `組織 in (PRIMARY_ORGANIZATION()) and 数値 > 1`, "4,3,2"},
		{kato, `組織 in (PRIMARY_ORGANIZATION()) or 数値 = 1`, "1"},
		{kato, `組織 in (PRIMARY_ORGANIZATION(), "sales")`, "1"},
	}
	for _, tc := range cases {
		ids, r := recQuery(t, srv, tc.who, app, tc.query)
		if got := strings.Join(ids, ","); r.status != 200 || got != tc.want {
			t.Errorf("%s as %s: got %q (%d %v), want %q", tc.query, tc.who.user, got, r.status, r.body, tc.want)
		}
	}
}

func TestQuerySubtableSemantics(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, recSampleSpec())
	row := func(name, qty string) map[string]any { return map[string]any{"品名": name, "数量": qty} }
	recSeed(t, srv, app,
		map[string]any{"明細": []any{row("a", "1"), row("bb", "5")}},
		map[string]any{"明細": []any{row("a", "5")}},
		map[string]any{"明細": []any{}},
		map[string]any{"明細": []any{row("bb", "1")}},
	)
	cases := map[string]string{
		`品名 in ("a")`:                      "2,1",
		`品名 not in ("a")`:                  "4",
		`品名 in ("a") and 数量 >= 5`:          "2",
		`数量 >= 5 and 品名 in ("a")`:          "2",
		`(品名 in ("a") and 数量 >= 5)`:        "2",
		`品名 in ("a") or 数量 >= 5`:           "2,1",
		`数量 > 0`:                           "4,2,1",
		`品名 like "bb"`:                     "4,1",
		`品名 not like "bb"`:                 "2",
		`品名 like "a"`:                      "", // one character finds nothing (kintone-observed.md, like)
		`備考 is empty`:                      "4,2,1",
		`備考 is not empty`:                  "",
		`品名 in ("bb") and 数量 not in ("5")`: "4",
	}
	for q, want := range cases {
		if got := recIDs(t, srv, app, q); got != want {
			t.Errorf("%s: got %q, want %q", q, got, want)
		}
	}
}

func TestQueryNumbersAreExact(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, recSampleSpec())
	recSeed(t, srv, app,
		map[string]any{"数値": "0.10000000000000001"},
		map[string]any{"数値": "0.1"},
		map[string]any{"数値": "123456789012345678901234567890"},
		map[string]any{"数値": "-5"},
		map[string]any{},
	)
	cases := map[string]string{
		`数値 > 0.1`:     "3,1",
		`数値 = 0.1`:     "2",
		`数値 = "0.100"`: "2",
		`数値 >= 123456789012345678901234567889`: "3",
		`数値 in (0.10, -5)`:                     "4,2",
		`数値 not in (0.1)`:                      "5,4,3,1",
		`数値 = ""`:                              "5",
		`数値 != ""`:                             "4,3,2,1",
		`数値 < 0`:                               "4",
		`計算 = 0.20000000000000002`:             "1",
		`$id >= 2 and $id < 4 and 数値 != "0.1"`: "3",
	}
	for q, want := range cases {
		if got := recIDs(t, srv, app, q); got != want {
			t.Errorf("%s: got %q, want %q", q, got, want)
		}
	}
}

func TestQueryOrder(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, recSampleSpec())
	recSeed(t, srv, app,
		map[string]any{"ドロップ": "Z", "数値": "2", "文字列": "b"},
		map[string]any{"ドロップ": "X", "数値": "2", "文字列": "a"},
		map[string]any{"ドロップ": "Y", "数値": "1", "文字列": "c"},
		map[string]any{"ドロップ": "", "数値": "10", "文字列": "d"},
		map[string]any{"ドロップ": "X", "数値": "", "文字列": "e"},
	)
	cases := []struct{ query, want string }{
		{``, "5,4,3,2,1"},
		{`order by $id asc`, "1,2,3,4,5"},
		{`order by ドロップ asc`, "4,2,5,3,1"},
		{`order by ドロップ desc`, "1,3,5,2,4"},
		{`order by 数値 desc, ドロップ asc`, "4,2,1,3,5"},
		{`order by 数値 asc`, "5,3,1,2,4"},
		{`order by 文字列 desc limit 2`, "5,4"},
		{`order by $id asc limit 2 offset 1`, "2,3"},
		{`数値 >= 2 order by レコード番号 asc`, "1,2,4"},
		{`order by 数値 desc limit 2 offset 3`, "3,5"},
	}
	for _, tc := range cases {
		if got := recIDs(t, srv, app, tc.query); got != tc.want {
			t.Errorf("%q: got %q, want %q", tc.query, got, tc.want)
		}
	}
	for q, code := range map[string]string{
		`order by チェック asc`:  "GAIA_IQ03",
		`order by 品名 asc`:    "GAIA_IQ03",
		`order by nope asc`:  "GAIA_IQ11",
		`order by 関連.文字列`:    "GAIA_IQ03",
		`order by 担当 desc`:   "GAIA_IQ03",
		`order by 複数行 desc`:  "GAIA_IQ03",
		`order by 作成日時 desc`: "",
	} {
		_, r := recQuery(t, srv, testAdmin, app, q)
		if code == "" && r.status != 200 || code != "" && r.body["code"] != code {
			t.Errorf("%s: got %d %v, want %s", q, r.status, r.body, code)
		}
	}
}

func TestQueryRelatedRecords(t *testing.T) {
	srv, _ := recNewServer(t)
	deals := recCreateApp(t, srv, AppSpec{Name: "deals", Fields: []*Field{
		{Type: TypeSingleLineText, Code: "cust"},
		{Type: TypeNumber, Code: "amount"},
		{Type: TypeDropDown, Code: "stage", Options: []string{"open", "won"}},
	}})
	customers := recCreateApp(t, srv, AppSpec{Name: "customers", Fields: []*Field{
		{Type: TypeSingleLineText, Code: "code"},
		{Type: TypeReferenceTable, Code: "deals", ReferenceTable: &ReferenceTable{
			RelatedApp: deals, Field: "code", RelatedField: "cust", FilterCond: `stage in ("won")`}},
	}})
	recSeed(t, srv, customers, map[string]any{"code": "c1"}, map[string]any{"code": "c2"}, map[string]any{"code": "c3"})
	recSeed(t, srv, deals,
		map[string]any{"cust": "c1", "amount": "50", "stage": "won"},
		map[string]any{"cust": "c1", "amount": "150", "stage": "won"},
		map[string]any{"cust": "c2", "amount": "20", "stage": "won"},
		map[string]any{"cust": "c3", "amount": "500", "stage": "open"},
	)
	cases := map[string]string{
		`deals.amount > 100`:                   "1",
		`deals.amount in (20, 50)`:             "2,1",
		`deals.amount not in (20)`:             "1",
		`deals.$id in (3)`:                     "2",
		`deals.amount > 100 or code in ("c3")`: "3,1",
	}
	for q, want := range cases {
		if got := recIDs(t, srv, customers, q); got != want {
			t.Errorf("%s: got %q, want %q", q, got, want)
		}
	}
	if err := srv.AddAPIToken(customers, "cust-token", AllPermissions); err != nil {
		t.Fatal(err)
	}
	if err := srv.AddAPIToken(deals, "deals-token", AllPermissions); err != nil {
		t.Fatal(err)
	}
	_, r := recQuery(t, srv, testAuth{token: "cust-token"}, customers, `deals.amount > 100`)
	recWantErr(t, r, 403, "GAIA_NO01")
	if ids, r := recQuery(t, srv, testAuth{token: "cust-token,deals-token"}, customers, `deals.amount > 100`); r.status != 200 || strings.Join(ids, ",") != "1" {
		t.Errorf("with both tokens: %v %d %v", ids, r.status, r.body)
	}
}

func TestEvalFilterAbortWarning(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 100,001 records")
	}
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{{Type: TypeSingleLineText, Code: "t"}}})
	recs := make([]map[string]any, filterAbortThreshold+1)
	for i := range recs {
		recs[i] = map[string]any{"t": "common word"}
	}
	recSeed(t, srv, app, recs...)
	r := recDo(t, srv, testAdmin, "GET", "/k/v1/records.json", map[string]any{"app": app, "query": `t like "word"`, "totalCount": true})
	if r.status != 200 || r.header.Get("X-Cybozu-Warning") != filterAbortWarning || r.body["totalCount"] != fmt.Sprint(filterAbortThreshold+1) {
		t.Errorf("abort warning: %d %q %v", r.status, r.header.Get("X-Cybozu-Warning"), r.body["totalCount"])
	}
	r = recDo(t, srv, testAdmin, "GET", "/k/v1/records.json", map[string]any{"app": app, "query": `$id > 1 limit 1`, "totalCount": true})
	if r.header.Get("X-Cybozu-Warning") != "" {
		t.Error("an $id range alone is not a filter kintone aborts")
	}
}
