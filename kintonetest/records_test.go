package kintonetest

import (
	"fmt"
	"net/http"
	"slices"
	"sort"
	"testing"
	"time"
)

// recSampleSpec is an app with one field of most types.
func recSampleSpec() AppSpec {
	return AppSpec{Name: "sample", Fields: []*Field{
		{Type: TypeSingleLineText, Code: "文字列", Unique: true},
		{Type: TypeMultiLineText, Code: "複数行"},
		{Type: TypeRichText, Code: "リッチ"},
		{Type: TypeNumber, Code: "数値"},
		{Type: TypeCalc, Code: "計算", Expression: "数値 * 2"},
		{Type: TypeRadioButton, Code: "ラジオ", Options: []string{"A", "B"}},
		{Type: TypeDropDown, Code: "ドロップ", Options: []string{"X", "Y", "Z"}},
		{Type: TypeCheckBox, Code: "チェック", Options: []string{"p", "q", "r"}},
		{Type: TypeMultiSelect, Code: "複数選択", Options: []string{"m1", "m2"}},
		{Type: TypeDate, Code: "日付"},
		{Type: TypeTime, Code: "時刻"},
		{Type: TypeDateTime, Code: "日時"},
		{Type: TypeLink, Code: "リンク", Protocol: "WEB"},
		{Type: TypeFile, Code: "添付"},
		{Type: TypeUserSelect, Code: "担当"},
		{Type: TypeOrganizationSelect, Code: "組織"},
		{Type: TypeGroupSelect, Code: "グループ"},
		{Type: TypeSubtable, Code: "明細", Fields: []*Field{
			{Type: TypeSingleLineText, Code: "品名"},
			{Type: TypeNumber, Code: "数量"},
			{Type: TypeMultiLineText, Code: "備考"},
			{Type: TypeCalc, Code: "小計", Expression: "数量 * 10"},
		}},
		{Type: TypeCalc, Code: "合計", Expression: "SUM(数量)"},
		{Type: TypeReferenceTable, Code: "関連", ReferenceTable: &ReferenceTable{RelatedApp: 1, Field: "文字列", RelatedField: "文字列"}},
	}}
}

// recDirectory adds users, an organization and a group.
func recDirectory(t *testing.T, srv *Server) {
	t.Helper()
	for _, u := range []User{
		{Code: "sato", Password: "pw", Name: "Sato", PrimaryOrg: "sales"},
		{Code: "kato", Password: "pw", Name: "Kato", Locale: "en"},
	} {
		if _, err := srv.AddUser(u); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := srv.AddOrganization(Organization{Code: "sales", Name: "Sales"}); err != nil {
		t.Fatal(err)
	}
	if _, err := srv.AddGroup(Group{Code: "g1", Name: "Group One"}); err != nil {
		t.Fatal(err)
	}
}

func TestRecordsCRUD(t *testing.T) {
	srv, clk := recNewServer(t)
	recDirectory(t, srv)
	app := recCreateApp(t, srv, recSampleSpec())

	body := recOK(t, srv, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": map[string]any{
		"文字列": map[string]any{"value": "hello"},
		"数値":  map[string]any{"value": 21},
	}})
	if body["id"] != "1" || body["revision"] != "1" {
		t.Fatalf("POST record: %v", body)
	}
	rec := recGetRecord(t, srv, app, 1)
	checks := map[string]any{
		"$id": "1", "$revision": "1", "レコード番号": "1", "文字列": "hello", "数値": "21", "計算": "42",
		"作成日時": "2024-03-15T10:20:00Z", "更新日時": "2024-03-15T10:20:00Z",
		"ドロップ": nil, "日付": nil, "時刻": nil, "日時": "",
	}
	for code, want := range checks {
		if got := recValue(rec, code); recJSON(got) != recJSON(want) {
			t.Errorf("%s = %v, want %v", code, got, want)
		}
	}
	if got := recJSON(recValue(rec, "作成者")); got != `{"code":"Administrator","name":"Administrator"}` {
		t.Errorf("作成者 = %s", got)
	}
	for _, code := range []string{"ステータス", "作業者", "関連"} {
		if _, ok := rec[code]; ok {
			t.Errorf("%s must not be in the record (process off / related records)", code)
		}
	}
	if rec["$id"].(map[string]any)["type"] != "__ID__" || rec["レコード番号"].(map[string]any)["type"] != "RECORD_NUMBER" {
		t.Errorf("types: %v %v", rec["$id"], rec["レコード番号"])
	}

	clk.add(2 * time.Hour)
	r := recDo(t, srv, testAuth{user: "sato", pass: "pw"}, "PUT", "/k/v1/record.json", map[string]any{
		"app": app, "id": 1, "record": map[string]any{"数値": map[string]any{"value": "5"}}})
	if r.status != 200 || r.body["revision"] != "2" {
		t.Fatalf("PUT: %d %v", r.status, r.body)
	}
	rec = recGetRecord(t, srv, app, 1)
	if recValue(rec, "更新日時") != "2024-03-15T12:20:00Z" || recValue(rec, "作成日時") != "2024-03-15T10:20:00Z" ||
		recValue(rec, "計算") != "10" || recValue(rec, "文字列") != "hello" {
		t.Errorf("after PUT: %v", rec)
	}
	if recJSON(recValue(rec, "更新者")) != `{"code":"sato","name":"Sato"}` {
		t.Errorf("更新者 = %v", recValue(rec, "更新者"))
	}
	recOK(t, srv, "DELETE", "/k/v1/records.json", map[string]any{"app": app, "ids": []int{1}})
	recWantErr(t, recDo(t, srv, testAdmin, "GET", "/k/v1/record.json", map[string]any{"app": app, "id": 1}), 404, "GAIA_RE01")
	recWantErr(t, recDo(t, srv, testAdmin, "GET", "/k/v1/record.json", map[string]any{"app": app}), 400, "CB_VA01")
}

func TestRecordsValueShapes(t *testing.T) {
	srv, _ := recNewServer(t)
	recDirectory(t, srv)
	app := recCreateApp(t, srv, recSampleSpec())
	cases := []struct {
		code string
		in   any
		want string
	}{
		{"数値", "1.5e1", `"15"`},
		{"数値", " 42 ", `"42"`},
		{"数値", "-0.50", `"-0.50"`},
		{"数値", "", `""`},
		{"ドロップ", "", `null`},
		{"ドロップ", "Y", `"Y"`},
		{"ラジオ", "", `""`},
		{"日付", "2015-7-5", `"2015-07-05"`},
		{"日付", "2015", `"2015-01-01"`},
		{"日付", "", `null`},
		{"時刻", "9:30:15", `"09:30"`},
		{"日時", "2020-01-02T03:04:59+09:00", `"2020-01-01T18:04:00Z"`},
		{"日時", "2020-01-02", `"2020-01-02T00:00:00Z"`},
		{"日時", "", `""`},
		{"チェック", []string{"q", "p"}, `["q","p"]`},
		{"チェック", nil, `[]`},
		{"担当", []map[string]string{{"code": "sato"}}, `[{"code":"sato","name":"Sato"}]`},
		{"組織", []map[string]string{{"code": "sales"}}, `[{"code":"sales","name":"Sales"}]`},
		{"グループ", []map[string]string{{"code": "g1"}}, `[{"code":"g1","name":"Group One"}]`},
		{"添付", []any{}, `[]`},
	}
	for i, tc := range cases {
		body := recOK(t, srv, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": map[string]any{
			tc.code: map[string]any{"value": tc.in}}})
		id := body["id"].(string)
		rec := recGetRecord(t, srv, app, int64(i+1))
		if got := recJSON(recValue(rec, tc.code)); got != tc.want {
			t.Errorf("%s %v (record %s): got %s, want %s", tc.code, tc.in, id, got, tc.want)
		}
	}
	recWantErr(t, recDo(t, srv, testAdmin, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": map[string]any{
		"担当": map[string]any{"value": []map[string]string{{"code": "nobody"}}}}}), 400, "GAIA_IL26")
}

func TestRecordsValidationErrors(t *testing.T) {
	srv, _ := recNewServer(t)
	recDirectory(t, srv)
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{
		{Type: TypeSingleLineText, Code: "title", Required: true, MaxLength: "5", Unique: true},
		{Type: TypeNumber, Code: "num", Required: true, MaxValue: "100"},
		{Type: TypeCheckBox, Code: "chk", Required: true, Options: []string{"a", "b"}},
		{Type: TypeUserSelect, Code: "who", Required: true},
		{Type: TypeDropDown, Code: "dd", Options: []string{"x"}},
		{Type: TypeSubtable, Code: "tbl", Fields: []*Field{
			{Type: TypeSingleLineText, Code: "name", Required: true},
			{Type: TypeNumber, Code: "qty"},
		}},
	}})
	r := recDo(t, srv, testAdmin, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": map[string]any{
		"num": map[string]any{"value": "abc"},
		"chk": map[string]any{"value": []string{"a", "zz"}},
		"dd":  map[string]any{"value": "nope"},
		"tbl": map[string]any{"value": []any{map[string]any{"value": map[string]any{"qty": map[string]any{"value": "x1"}}}}},
	}})
	recWantErr(t, r, 400, "CB_VA01")
	want := map[string]string{
		"record.title.value":                   "必須です。",
		"record.num.value":                     "必須です。",
		"record[num].value":                    "数字でなければなりません。",
		"record.chk.values[1].value":           `"zz"は選択肢にありません。`,
		"record.who.values.value":              "必須です。",
		"record.dd.value":                      `"nope"は選択肢にありません。`,
		"record.tbl.value[0].value.name.value": "必須です。",
	}
	got := recErrKeys(r)
	if len(got) != len(want) {
		t.Errorf("error keys: got %v, want %v", got, want)
	}
	for k, msg := range want {
		if len(got[k]) != 1 || got[k][0] != msg {
			t.Errorf("%s: got %v, want %q", k, got[k], msg)
		}
	}

	ok := map[string]any{
		"title": map[string]any{"value": "abc"}, "num": map[string]any{"value": "1"},
		"chk": map[string]any{"value": []string{"a"}}, "who": map[string]any{"value": []map[string]string{{"code": "sato"}}},
	}
	recOK(t, srv, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": ok})
	// English messages follow the user's locale; unique and ranges.
	ok["title"] = map[string]any{"value": "abc"}
	ok["num"] = map[string]any{"value": "101"}
	r = recDo(t, srv, testAuth{user: "kato", pass: "pw"}, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": ok})
	got = recErrKeys(r)
	if recJSON(got["record.title.value"]) != `["This value already exists in another record."]` ||
		recJSON(got["record.num.value"]) != `["The value must be 100 or less."]` {
		t.Errorf("en errors: %v", got)
	}
	ok["title"] = map[string]any{"value": "toolong"}
	ok["num"] = map[string]any{"value": "1"}
	got = recErrKeys(recDo(t, srv, testAdmin, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": ok}))
	if recJSON(got["record.title.value"]) != `["6文字より短くなければなりません。"]` {
		t.Errorf("maxLength: %v", got)
	}
	// Empty strings never count as duplicates; PUT checks the merged record
	// and excludes the record itself.
	recOK(t, srv, "PUT", "/k/v1/record.json", map[string]any{"app": app, "id": 1, "record": map[string]any{"title": map[string]any{"value": "abc"}}})
	r = recDo(t, srv, testAdmin, "PUT", "/k/v1/record.json", map[string]any{"app": app, "id": 1, "record": map[string]any{"num": map[string]any{"value": ""}}})
	if recJSON(recErrKeys(r)) != `{"record.num.value":["必須です。"]}` {
		t.Errorf("merged PUT check: %v", r.body)
	}
}

func TestRecordsDefaults(t *testing.T) {
	srv, clk := recNewServer(t)
	recDirectory(t, srv)
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{
		{Type: TypeSingleLineText, Code: "txt", DefaultValue: "def", Required: true},
		{Type: TypeNumber, Code: "num", DefaultValue: "7"},
		{Type: TypeCheckBox, Code: "chk", Options: []string{"a", "b"}, DefaultValue: []string{"b"}},
		{Type: TypeDate, Code: "today", DefaultNowValue: true},
		{Type: TypeTime, Code: "now", DefaultNowValue: true},
		{Type: TypeDateTime, Code: "stamp", DefaultNowValue: true},
		{Type: TypeUserSelect, Code: "me", DefaultValue: []Entity{{Code: "LOGINUSER()", Type: "FUNCTION"}}},
		{Type: TypeSubtable, Code: "tbl", Fields: []*Field{
			{Type: TypeSingleLineText, Code: "name", DefaultValue: "row-def"},
		}},
	}})
	clk.add(14 * time.Hour) // 2024-03-16 00:20 UTC = 09:20 in Tokyo (the user's zone)
	recOK(t, srv, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": map[string]any{
		"chk": map[string]any{"value": []string{}},
		"tbl": map[string]any{"value": []any{map[string]any{"value": map[string]any{}}}},
	}})
	rec := recGetRecord(t, srv, app, 1)
	want := map[string]string{
		"txt": `"def"`, "num": `"7"`, "chk": `[]`, "today": `"2024-03-16"`, "now": `"09:20"`,
		"stamp": `"2024-03-16T00:20:00Z"`, "me": `[{"code":"Administrator","name":"Administrator"}]`,
	}
	for code, w := range want {
		if got := recJSON(recValue(rec, code)); got != w {
			t.Errorf("%s = %s, want %s", code, got, w)
		}
	}
	rows := recValue(rec, "tbl").([]any)
	if recJSON(rows[0].(map[string]any)["value"].(map[string]any)["name"]) != `{"type":"SINGLE_LINE_TEXT","value":"row-def"}` {
		t.Errorf("row default: %v", rows)
	}
	// An explicit "" is kept (and fails required); PUT never fills defaults.
	r := recDo(t, srv, testAdmin, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": map[string]any{"txt": map[string]any{"value": ""}}})
	if recJSON(recErrKeys(r)) != `{"record.txt.value":["必須です。"]}` {
		t.Errorf("explicit empty: %v", r.body)
	}
	recOK(t, srv, "PUT", "/k/v1/record.json", map[string]any{"app": app, "id": 1, "record": map[string]any{"num": map[string]any{"value": ""}}})
	if got := recValue(recGetRecord(t, srv, app, 1), "num"); got != "" {
		t.Errorf("PUT applied a default: %v", got)
	}
}

func TestRecordsLimits(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{{Type: TypeNumber, Code: "n"}}})
	many := func(n int) []map[string]any {
		out := make([]map[string]any, n)
		for i := range out {
			out[i] = map[string]any{"n": map[string]any{"value": i}}
		}
		return out
	}
	r := recDo(t, srv, testAdmin, "POST", "/k/v1/records.json", map[string]any{"app": app, "records": many(101)})
	if recWantErr(t, r, 400, "CB_VA01"); recJSON(recErrKeys(r)) != `{"records":["一度に100件までのレコードを追加できます。"]}` {
		t.Errorf("101 POST: %v", r.body)
	}
	body := recOK(t, srv, "POST", "/k/v1/records.json", map[string]any{"app": app, "records": many(100)})
	if ids := body["ids"].([]any); len(ids) != 100 || ids[99] != "100" {
		t.Errorf("100 POST: %v", body["ids"])
	}
	recOK(t, srv, "POST", "/k/v1/records.json", map[string]any{"app": app, "records": many(50)})
	updates := make([]map[string]any, 101)
	for i := range updates {
		updates[i] = map[string]any{"id": i + 1, "record": map[string]any{}}
	}
	r = recDo(t, srv, testAdmin, "PUT", "/k/v1/records.json", map[string]any{"app": app, "records": updates})
	if recWantErr(t, r, 400, "CB_VA01"); recJSON(recErrKeys(r)) != `{"records":["一度に100件までのレコードを更新できます。"]}` {
		t.Errorf("101 PUT: %v", r.body)
	}
	ids := make([]int, 101)
	for i := range ids {
		ids[i] = i + 1
	}
	r = recDo(t, srv, testAdmin, "DELETE", "/k/v1/records.json", map[string]any{"app": app, "ids": ids})
	if recWantErr(t, r, 400, "CB_VA01"); recJSON(recErrKeys(r)) != `{"ids":["一度に1件から100件までのレコードを削除できます。"]}` {
		t.Errorf("101 DELETE: %v", r.body)
	}
	r = recDo(t, srv, testAdmin, "DELETE", "/k/v1/records.json", map[string]any{"app": app, "ids": []int{}})
	if recWantErr(t, r, 400, "CB_VA01"); len(recErrKeys(r)["ids"]) != 2 {
		t.Errorf("0 DELETE: %v", r.body)
	}
	// GET: default limit 100, at most 500, offset at most 10,000.
	got, _ := recQuery(t, srv, testAdmin, app, "")
	if len(got) != 100 || got[0] != "150" {
		t.Errorf("default page: %d records, first %v", len(got), got[:1])
	}
	_, r = recQuery(t, srv, testAdmin, app, "limit 501")
	recWantErr(t, r, 400, "GAIA_QU01")
	_, r = recQuery(t, srv, testAdmin, app, "limit 10 offset 10001")
	recWantErr(t, r, 400, "GAIA_QU02")
	if got, _ := recQuery(t, srv, testAdmin, app, "order by $id asc limit 500 offset 10000"); len(got) != 0 {
		t.Errorf("offset past the end: %v", got)
	}
	_, r = recQuery(t, srv, testAdmin, app, "limit -1")
	recWantErr(t, r, 400, "CB_VA01")
}

func TestRecordsAtomicity(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{{Type: TypeSingleLineText, Code: "title", Required: true}}})
	recs := make([]map[string]any, 100)
	for i := range recs {
		recs[i] = map[string]any{"title": map[string]any{"value": fmt.Sprint("t", i)}}
	}
	recs[57] = map[string]any{}
	r := recDo(t, srv, testAdmin, "POST", "/k/v1/records.json", map[string]any{"app": app, "records": recs})
	if recWantErr(t, r, 400, "CB_VA01"); recJSON(recErrKeys(r)) != `{"records[57].title.value":["必須です。"]}` {
		t.Errorf("errors: %v", r.body)
	}
	if n := srv.RecordCount(app); n != 0 {
		t.Fatalf("a failed POST stored %d records", n)
	}
	recSeed(t, srv, app, map[string]any{"title": "one"}, map[string]any{"title": "two"})
	r = recDo(t, srv, testAdmin, "PUT", "/k/v1/records.json", map[string]any{"app": app, "records": []any{
		map[string]any{"id": 1, "record": map[string]any{"title": map[string]any{"value": "changed"}}},
		map[string]any{"id": 99, "record": map[string]any{}},
	}})
	recWantErr(t, r, 404, "GAIA_RE01")
	if recValue(recGetRecord(t, srv, app, 1), "title") != "one" {
		t.Error("a failed PUT changed record 1")
	}
	r = recDo(t, srv, testAdmin, "DELETE", "/k/v1/records.json", map[string]any{"app": app, "ids": []int{1, 3}})
	recWantErr(t, r, 404, "GAIA_RE01")
	if srv.RecordCount(app) != 2 {
		t.Error("a failed DELETE removed records")
	}
	// The next id is not consumed by the failed writes.
	body := recOK(t, srv, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": map[string]any{"title": map[string]any{"value": "three"}}})
	if body["id"] != "3" {
		t.Errorf("next id = %v, want 3", body["id"])
	}
}

func TestRecordsRevisions(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{{Type: TypeSingleLineText, Code: "t"}}})
	recSeed(t, srv, app, map[string]any{"t": "a"}, map[string]any{"t": "b"})
	put := func(rev any) recResp {
		body := map[string]any{"app": app, "id": 1, "record": map[string]any{"t": map[string]any{"value": "x"}}}
		if rev != nil {
			body["revision"] = rev
		}
		return recDo(t, srv, testAdmin, "PUT", "/k/v1/record.json", body)
	}
	if r := put(1); r.body["revision"] != "2" {
		t.Fatalf("rev 1: %v", r.body)
	}
	recWantErr(t, put(1), 409, "GAIA_CO02")
	if r := put(-1); r.body["revision"] != "3" {
		t.Errorf("rev -1: %v", r.body)
	}
	if r := put("3"); r.body["revision"] != "4" {
		t.Errorf("rev \"3\": %v", r.body)
	}
	if r := put(nil); r.body["revision"] != "5" {
		t.Errorf("no rev: %v", r.body)
	}
	r := recDo(t, srv, testAdmin, "DELETE", "/k/v1/records.json", map[string]any{"app": app, "ids": []int{1, 2}, "revisions": []int{5, 2}})
	recWantErr(t, r, 409, "GAIA_CO02")
	recOK(t, srv, "DELETE", "/k/v1/records.json", map[string]any{"app": app, "ids": []int{1, 2}, "revisions": []int{5, -1}})
	if srv.RecordCount(app) != 0 {
		t.Error("records left after DELETE")
	}
}

func TestRecordsUpdateKeyAndUpsert(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{
		{Type: TypeSingleLineText, Code: "key", Unique: true},
		{Type: TypeNumber, Code: "num", Unique: true},
		{Type: TypeSingleLineText, Code: "plain"},
	}})
	recSeed(t, srv, app, map[string]any{"key": "k1", "num": "1.5"}, map[string]any{"key": "k2"})
	recOK(t, srv, "PUT", "/k/v1/record.json", map[string]any{"app": app, "updateKey": map[string]any{"field": "key", "value": "k2"},
		"record": map[string]any{"plain": map[string]any{"value": "via key"}}})
	if recValue(recGetRecord(t, srv, app, 2), "plain") != "via key" {
		t.Error("updateKey did not update record 2")
	}
	recOK(t, srv, "PUT", "/k/v1/record.json", map[string]any{"app": app, "updateKey": map[string]any{"field": "num", "value": "1.50"},
		"record": map[string]any{"plain": map[string]any{"value": "by number"}}})
	if recValue(recGetRecord(t, srv, app, 1), "plain") != "by number" {
		t.Error("numeric updateKey did not match 1.5")
	}
	for _, tc := range []struct {
		key    map[string]any
		status int
		code   string
	}{
		{map[string]any{"field": "plain", "value": "x"}, 400, "GAIA_IQ27"},
		{map[string]any{"field": "nope", "value": "x"}, 400, "GAIA_IQ11"},
		{map[string]any{"field": "key", "value": "k9"}, 404, "GAIA_RE20"},
	} {
		r := recDo(t, srv, testAdmin, "PUT", "/k/v1/record.json", map[string]any{"app": app, "updateKey": tc.key, "record": map[string]any{}})
		recWantErr(t, r, tc.status, tc.code)
	}
	body := recOK(t, srv, "PUT", "/k/v1/records.json", map[string]any{"app": app, "upsert": true, "records": []any{
		map[string]any{"updateKey": map[string]any{"field": "key", "value": "k1"}, "record": map[string]any{"plain": map[string]any{"value": "u1"}}},
		map[string]any{"updateKey": map[string]any{"field": "key", "value": "k3"}, "record": map[string]any{"plain": map[string]any{"value": "new"}}},
		map[string]any{"id": 77, "record": map[string]any{"plain": map[string]any{"value": "new by id"}}},
	}})
	want := `[{"id":"1","operation":"UPDATE","revision":"3"},{"id":"3","operation":"INSERT","revision":"1"},{"id":"4","operation":"INSERT","revision":"1"}]`
	if got := recJSON(body["records"]); got != want {
		t.Errorf("upsert result:\n got %s\nwant %s", got, want)
	}
	if rec := recGetRecord(t, srv, app, 3); recValue(rec, "key") != "k3" || recValue(rec, "plain") != "new" {
		t.Errorf("upserted record: %v", rec)
	}
	// Without upsert the response has no operation.
	body = recOK(t, srv, "PUT", "/k/v1/records.json", map[string]any{"app": app, "records": []any{map[string]any{"id": 3, "record": map[string]any{}}}})
	if recJSON(body) != `{"records":[{"id":"3","revision":"2"}]}` {
		t.Errorf("plain PUT records: %v", body)
	}
}

func TestRecordsSubtableUpdates(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, recSampleSpec())
	row := func(id any, cells map[string]any) map[string]any {
		m := map[string]any{"value": map[string]any{}}
		for k, v := range cells {
			m["value"].(map[string]any)[k] = map[string]any{"value": v}
		}
		if id != nil {
			m["id"] = id
		}
		return m
	}
	recOK(t, srv, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": map[string]any{"明細": map[string]any{"value": []any{
		row(nil, map[string]any{"品名": "a", "数量": "1"}),
		row(nil, map[string]any{"品名": "b", "数量": "2"}),
		row(nil, map[string]any{"品名": "c", "数量": "oops"}),
	}}}})
	rowsOf := func() []map[string]string {
		var out []map[string]string
		for _, r := range recValue(recGetRecord(t, srv, app, 1), "明細").([]any) {
			m := r.(map[string]any)
			v := m["value"].(map[string]any)
			out = append(out, map[string]string{"id": m["id"].(string), "品名": recValue(v, "品名").(string),
				"数量": recValue(v, "数量").(string), "小計": recValue(v, "小計").(string)})
		}
		return out
	}
	rows := rowsOf()
	if len(rows) != 3 || rows[2]["数量"] != "" || rows[0]["小計"] != "10" {
		t.Fatalf("rows after POST (a bad number in a table is stored as \"\"): %v", rows)
	}
	if got := recValue(recGetRecord(t, srv, app, 1), "合計"); got != "3" {
		t.Errorf("SUM over the column = %v, want 3", got)
	}
	put := func(rec map[string]any) {
		recOK(t, srv, "PUT", "/k/v1/record.json", map[string]any{"app": app, "id": 1, "record": rec})
	}
	put(map[string]any{"数値": map[string]any{"value": "1"}}) // table omitted: rows kept
	if got := rowsOf(); recJSON(got) != recJSON(rows) {
		t.Errorf("omitted table changed rows: %v", got)
	}
	put(map[string]any{"明細": map[string]any{"value": []any{
		row(rows[0]["id"], map[string]any{"数量": "9"}), // merged: 品名 kept
		row("999999", map[string]any{"品名": "unknown id"}),
		row(nil, map[string]any{"品名": "no id"}),
	}}})
	got := rowsOf()
	if len(got) != 3 || got[0]["id"] != rows[0]["id"] || got[0]["品名"] != "a" || got[0]["数量"] != "9" || got[0]["小計"] != "90" {
		t.Errorf("merged row: %v", got)
	}
	if got[1]["id"] == "999999" || got[1]["品名"] != "unknown id" || got[2]["id"] == rows[1]["id"] || got[2]["id"] == rows[2]["id"] {
		t.Errorf("new rows must get new ids and old unlisted rows must go: %v", got)
	}
	put(map[string]any{"明細": map[string]any{"value": []any{}}})
	if got := rowsOf(); len(got) != 0 {
		t.Errorf("[] must delete all rows: %v", got)
	}
}

func TestRecordsSystemFields(t *testing.T) {
	srv, _ := recNewServer(t)
	recDirectory(t, srv)
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{
		{Type: TypeNumber, Code: "n"},
		{Type: TypeCalc, Code: "c", Expression: "n + 1"},
	}})
	sys := map[string]any{
		"作成者":     map[string]any{"value": map[string]any{"code": "sato"}},
		"作成日時":    map[string]any{"value": "2001-02-03T04:05:06Z"},
		"レコード番号":  map[string]any{"value": "999"},
		"c":       map[string]any{"value": "12345"},
		"unknown": map[string]any{"value": "ignored"},
	}
	recOK(t, srv, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": sys})
	rec := recGetRecord(t, srv, app, 1)
	if recJSON(recValue(rec, "作成者")) != `{"code":"sato","name":"Sato"}` || recValue(rec, "作成日時") != "2001-02-03T04:05:00Z" ||
		recValue(rec, "レコード番号") != "1" || recValue(rec, "c") != "1" {
		t.Errorf("admin POST with system fields: %v", rec)
	}
	r := recDo(t, srv, testAuth{user: "sato", pass: "pw"}, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": sys})
	recWantErr(t, r, 403, "GAIA_BF02")
	r = recDo(t, srv, testAdmin, "PUT", "/k/v1/record.json", map[string]any{"app": app, "id": 1, "record": map[string]any{"作成者": sys["作成者"]}})
	recWantErr(t, r, 400, "GAIA_UN10")
	r = recDo(t, srv, testAdmin, "PUT", "/k/v1/record.json", map[string]any{"app": app, "id": 1, "record": map[string]any{"ステータス": map[string]any{"value": "x"}}})
	recWantErr(t, r, 400, "GAIA_UN10")
}

func TestRecordsRecordNumberWithAppCode(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, AppSpec{Code: "CUST", Fields: []*Field{{Type: TypeSingleLineText, Code: "t"}}})
	recSeed(t, srv, app, map[string]any{"t": "a"}, map[string]any{"t": "b"})
	if got := recValue(recGetRecord(t, srv, app, 2), "レコード番号"); got != "CUST-2" {
		t.Errorf("record number = %v", got)
	}
	if got := recIDs(t, srv, app, `レコード番号 = "CUST-1"`); got != "1" {
		t.Errorf("query by record number = %q", got)
	}
}

func TestRecordsLookup(t *testing.T) {
	srv, _ := recNewServer(t)
	master := recCreateApp(t, srv, AppSpec{Name: "master", Fields: []*Field{
		{Type: TypeSingleLineText, Code: "code", Unique: true},
		{Type: TypeSingleLineText, Code: "name"},
		{Type: TypeNumber, Code: "price"},
	}})
	recSeed(t, srv, master, map[string]any{"code": "P1", "name": "Pen", "price": "120"}, map[string]any{"code": "P2", "name": "Ink", "price": "80"})
	app := recCreateApp(t, srv, AppSpec{Name: "orders", Fields: []*Field{
		{Type: TypeSingleLineText, Code: "product", Lookup: &Lookup{RelatedApp: master, RelatedKeyField: "code",
			FieldMappings: []FieldMapping{{Field: "pname", RelatedField: "name"}, {Field: "pprice", RelatedField: "price"}, {Field: "srcno", RelatedField: "レコード番号"}}}},
		{Type: TypeSingleLineText, Code: "pname"},
		{Type: TypeNumber, Code: "pprice"},
		{Type: TypeNumber, Code: "srcno"},
	}})
	recOK(t, srv, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": map[string]any{
		"product": map[string]any{"value": "P2"}, "pname": map[string]any{"value": "sent values are ignored"}}})
	rec := recGetRecord(t, srv, app, 1)
	if recValue(rec, "pname") != "Ink" || recValue(rec, "pprice") != "80" || recValue(rec, "srcno") != "2" {
		t.Errorf("lookup copy: %v", rec)
	}
	r := recDo(t, srv, testAdmin, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": map[string]any{"product": map[string]any{"value": "P9"}}})
	recWantErr(t, r, 400, "GAIA_LO04")
	if _, has := r.body["errors"]; has {
		t.Errorf("GAIA_LO04 must have no errors object: %v", r.body)
	}
	recOK(t, srv, "PUT", "/k/v1/record.json", map[string]any{"app": app, "id": 1, "record": map[string]any{"product": map[string]any{"value": ""}}})
	if rec := recGetRecord(t, srv, app, 1); recValue(rec, "pname") != "" || recValue(rec, "pprice") != "" {
		t.Errorf("clearing the key must clear the copies: %v", rec)
	}
	// Under token auth the source app's token is needed too.
	for _, tok := range []struct {
		app int64
		tok string
	}{{app, "orders-token"}, {master, "master-token"}} {
		if err := srv.AddAPIToken(tok.app, tok.tok, AllPermissions); err != nil {
			t.Fatal(err)
		}
	}
	body := map[string]any{"app": app, "record": map[string]any{"product": map[string]any{"value": "P1"}}}
	recWantErr(t, recDo(t, srv, testAuth{token: "orders-token"}, "POST", "/k/v1/record.json", body), 400, "GAIA_LO04")
	if r := recDo(t, srv, testAuth{token: "orders-token,master-token"}, "POST", "/k/v1/record.json", body); r.status != 200 {
		t.Errorf("with both tokens: %d %v", r.status, r.body)
	}
}

func TestRecordsCalc(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{
		{Type: TypeNumber, Code: "a"},
		{Type: TypeNumber, Code: "b"},
		{Type: TypeDateTime, Code: "dt"},
		{Type: TypeCalc, Code: "sum", Expression: "a + b"},
		{Type: TypeCalc, Code: "quot", Expression: "a / b"},
		{Type: TypeCalc, Code: "nested", Expression: "(sum - 1) * 0.1"},
		{Type: TypeCalc, Code: "pow", Expression: "b ^ -2"},
		{Type: TypeCalc, Code: "round", Expression: "ROUNDUP(a / 7, 2)"},
		{Type: TypeCalc, Code: "cond", Expression: "IF(a > 5, 1, 0)"},
		{Type: TypeCalc, Code: "later", Expression: "dt + 3600", Format: "DATETIME"},
		{Type: TypeCalc, Code: "hours", Expression: "a * 3600 + 60", Format: "HOUR_MINUTE"},
		{Type: TypeCalc, Code: "text", Expression: `a & "x"`},
	}})
	cases := []struct {
		a, b string
		want map[string]string
	}{
		{"1", "3", map[string]string{"sum": "4", "quot": "0.3333", "nested": "0.3", "pow": "0.1111", "round": "0.15", "cond": "0"}},
		{"10", "0", map[string]string{"sum": "10", "quot": "", "pow": "", "cond": "1", "hours": "10:01"}},
		{"", "", map[string]string{"sum": "0", "quot": "", "nested": "-0.1", "text": ""}},
		{"0.1", "0.2", map[string]string{"sum": "0.3", "nested": "-0.07"}},
	}
	for _, tc := range cases {
		body := recOK(t, srv, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": map[string]any{
			"a": map[string]any{"value": tc.a}, "b": map[string]any{"value": tc.b}, "dt": map[string]any{"value": "2026-04-25T10:00:00Z"}}})
		var id int64
		fmt.Sscan(body["id"].(string), &id)
		rec := recGetRecord(t, srv, app, id)
		for code, want := range tc.want {
			if got := recValue(rec, code); got != want {
				t.Errorf("a=%q b=%q: %s = %v, want %q", tc.a, tc.b, code, got, want)
			}
		}
		if got := recValue(rec, "later"); got != "2026-04-25T11:00:00Z" {
			t.Errorf("DATETIME calc = %v", got)
		}
	}
}

func TestRecordsFieldsAndTotalCount(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, AppSpec{
		Fields:  []*Field{{Type: TypeSingleLineText, Code: "t"}, {Type: TypeNumber, Code: "n"}},
		Process: &ProcessManagement{Enable: true, States: []State{{Name: "未処理"}, {Name: "完了"}}},
	})
	recSeed(t, srv, app, map[string]any{"t": "a"}, map[string]any{"t": "b"}, map[string]any{"t": "c"})
	body := recOK(t, srv, "GET", "/k/v1/records.json?app="+fmt.Sprint(app)+"&fields[0]=t&fields[1]=%24id&totalCount=true&query=limit%201", nil)
	recs := body["records"].([]any)
	if len(recs) != 1 || body["totalCount"] != "3" {
		t.Fatalf("records %v totalCount %v", recs, body["totalCount"])
	}
	if keys := recJSON(recKeys(recs[0].(map[string]any))); keys != `["$id","t"]` {
		t.Errorf("fields selection gave %s", keys)
	}
	body = recOK(t, srv, "GET", "/k/v1/records.json", map[string]any{"app": app})
	if body["totalCount"] != nil {
		t.Errorf("totalCount must be null when not asked: %v", body["totalCount"])
	}
	rec := body["records"].([]any)[0].(map[string]any)
	for _, code := range []string{"$id", "$revision", "ステータス", "作業者", "カテゴリー", "レコード番号"} {
		if _, ok := rec[code]; !ok {
			t.Errorf("%s missing from a full record", code)
		}
	}
	if recValue(rec, "ステータス") != "未処理" {
		t.Errorf("initial status = %v", recValue(rec, "ステータス"))
	}
}

// recKeys returns a map's keys in order.
func recKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func TestRecordsGuestSpacePaths(t *testing.T) {
	srv, _ := recNewServer(t)
	guest, _ := srv.AddSpace(Space{Name: "guests", IsGuest: true})
	gapp := recCreateApp(t, srv, AppSpec{SpaceID: guest, Fields: []*Field{{Type: TypeSingleLineText, Code: "t"}}})
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{{Type: TypeSingleLineText, Code: "t"}}})
	gpath := fmt.Sprintf("/k/guest/%d/v1/records.json", guest)
	rec := map[string]any{"t": map[string]any{"value": "x"}}
	recWantErr(t, recDo(t, srv, testAdmin, "POST", "/k/v1/records.json", map[string]any{"app": gapp, "records": []any{rec}}), 400, "GAIA_IL23")
	if r := recDo(t, srv, testAdmin, "POST", gpath, map[string]any{"app": gapp, "records": []any{rec}}); r.status != 200 {
		t.Errorf("guest path: %d %v", r.status, r.body)
	}
	recWantErr(t, recDo(t, srv, testAdmin, "GET", gpath, map[string]any{"app": app}), 403, "CB_NO02")
	if ids, r := recQuery(t, srv, testAdmin, app, ""); r.status != 200 || len(ids) != 0 {
		t.Errorf("normal app: %d %v", r.status, ids)
	}
	r := recDo(t, srv, testAdmin, "GET", fmt.Sprintf("/k/guest/%d/v1/record.json", guest), map[string]any{"app": gapp, "id": 1})
	if r.status != 200 || recValue(r.body["record"].(map[string]any), "t") != "x" {
		t.Errorf("guest GET record: %d %v", r.status, r.body)
	}
}

func TestRecordsTokenPermissions(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{{Type: TypeSingleLineText, Code: "t"}}})
	other := recCreateApp(t, srv, AppSpec{Fields: []*Field{{Type: TypeSingleLineText, Code: "t"}}})
	if err := srv.AddAPIToken(app, "view-only", TokenPermissions{View: true}); err != nil {
		t.Fatal(err)
	}
	recSeed(t, srv, app, map[string]any{"t": "a"})
	tok := testAuth{token: "view-only"}
	if ids, r := recQuery(t, srv, tok, app, ""); r.status != 200 || len(ids) != 1 {
		t.Errorf("token GET: %d %v", r.status, r.body)
	}
	recWantErr(t, recDo(t, srv, tok, "POST", "/k/v1/record.json", map[string]any{"app": app}), 403, "GAIA_NO01")
	recWantErr(t, recDo(t, srv, tok, "GET", "/k/v1/records.json", map[string]any{"app": other}), 403, "GAIA_NO01")
	r := recDo(t, srv, tok, "PUT", "/k/v1/records.json", map[string]any{"app": app, "records": []any{}})
	recWantErr(t, r, 403, "GAIA_NO01")
}

func TestRecordsFiles(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{{Type: TypeFile, Code: "files"}}})
	uploadKey := recUpload(t, srv, "報告書.txt", "text/plain", "quarterly figures")
	recOK(t, srv, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": map[string]any{
		"files": map[string]any{"value": []any{map[string]any{"fileKey": uploadKey}}}}})
	files := recValue(recGetRecord(t, srv, app, 1), "files").([]any)
	f := files[0].(map[string]any)
	if len(files) != 1 || f["name"] != "報告書.txt" || f["size"] != "17" || f["contentType"] != "text/plain" || f["fileKey"] == uploadKey {
		t.Fatalf("attached file: %v", files)
	}
	// The upload key is consumed; the download key keeps the file.
	r := recDo(t, srv, testAdmin, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": map[string]any{
		"files": map[string]any{"value": []any{map[string]any{"fileKey": uploadKey}}}}})
	recWantErr(t, r, 404, "GAIA_BL01")
	recOK(t, srv, "PUT", "/k/v1/record.json", map[string]any{"app": app, "id": 1, "record": map[string]any{
		"files": map[string]any{"value": []any{map[string]any{"fileKey": f["fileKey"]}}}}})
	if got := recValue(recGetRecord(t, srv, app, 1), "files").([]any); len(got) != 1 || got[0].(map[string]any)["name"] != "報告書.txt" {
		t.Errorf("kept file: %v", got)
	}
	if got := recIDs(t, srv, app, `files like "quarterly"`); got != "1" {
		t.Errorf("like on file contents = %q", got)
	}
	if got := recIDs(t, srv, app, `files is empty`); got != "" {
		t.Errorf("is empty = %q", got)
	}
}

func TestRecordsSeekPaging(t *testing.T) {
	if testing.Short() {
		t.Skip("seeds 20,000 records")
	}
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, AppSpec{Fields: []*Field{{Type: TypeNumber, Code: "n"}}})
	const total = 20000
	recs := make([]map[string]any, total)
	for i := range recs {
		recs[i] = map[string]any{"n": fmt.Sprint(i % 7)}
	}
	recSeed(t, srv, app, recs...)
	// Delete a few so that ids have gaps.
	deleted := []int{5, 500, 501, 19999}
	recOK(t, srv, "DELETE", "/k/v1/records.json", map[string]any{"app": app, "ids": deleted})
	wantThrees := 0
	for k := 1; k <= total; k++ {
		if (k-1)%7 == 3 && !slices.Contains(deleted, k) {
			wantThrees++
		}
	}
	seen := map[string]int{}
	last := "0"
	pages := 0
	for {
		ids, r := recQuery(t, srv, testAdmin, app, fmt.Sprintf("$id > %s order by $id asc limit 500", last))
		if r.status != 200 {
			t.Fatalf("page: %d %v", r.status, r.body)
		}
		if len(ids) == 0 {
			break
		}
		pages++
		for _, id := range ids {
			seen[id]++
		}
		last = ids[len(ids)-1]
	}
	if len(seen) != total-4 || pages != (total-4+499)/500 {
		t.Fatalf("saw %d records in %d pages, want %d", len(seen), pages, total-4)
	}
	for id, n := range seen {
		if n != 1 {
			t.Fatalf("record %s seen %d times", id, n)
		}
	}
	// Seek with an extra condition.
	n := 0
	last = "0"
	for {
		ids, _ := recQuery(t, srv, testAdmin, app, fmt.Sprintf("($id > %s) and n in (3) order by $id asc limit 500", last))
		if len(ids) == 0 {
			break
		}
		n += len(ids)
		last = ids[len(ids)-1]
	}
	if n != wantThrees {
		t.Errorf("filtered seek found %d, want %d", n, wantThrees)
	}
}

func BenchmarkRecordsSeek(b *testing.B) {
	srv, _ := recNewServer(b)
	app := recCreateApp(b, srv, AppSpec{Fields: []*Field{{Type: TypeSingleLineText, Code: "t"}, {Type: TypeNumber, Code: "n"}}})
	const total = 100000
	recs := make([]map[string]any, total)
	for i := range recs {
		recs[i] = map[string]any{"t": fmt.Sprint("name ", i), "n": fmt.Sprint(i)}
	}
	recSeed(b, srv, app, recs...)
	b.ResetTimer()
	for b.Loop() {
		last := "0"
		for {
			ids, r := recQuery(b, srv, testAdmin, app, fmt.Sprintf("$id > %s order by $id asc limit 500", last))
			if r.status != http.StatusOK {
				b.Fatalf("%d %v", r.status, r.body)
			}
			if len(ids) == 0 {
				break
			}
			last = ids[len(ids)-1]
		}
	}
}
