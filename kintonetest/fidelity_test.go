package kintonetest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The tests in this file pin behaviour recorded in kintone-observed.md
// (real-tenant observations) where the emulator used to differ.

// queryInEnglish runs a records query as a user whose language follows
// the browser, with Accept-Language: en.
func queryInEnglish(t *testing.T, srv *Server, app int64, q string) recResp {
	t.Helper()
	req := newTestRequest(t, srv, testAuth{user: "browser", pass: "pw"}, "GET", "/k/v1/records.json", map[string]any{"app": app, "query": q})
	req.Header.Set("Accept-Language", "en,ja;q=0.9")
	status, _, data := roundTrip(t, srv, req)
	out := recResp{status: status}
	require.NoError(t, json.Unmarshal(data, &out.body))
	return out
}

// TestQueryErrorWording checks the codes and texts of query errors as
// recorded on a real tenant (kintone-observed.md, query language).
func TestQueryErrorWording(t *testing.T) {
	srv, _ := recNewServer(t)
	_, err := srv.AddUser(User{Code: "browser", Password: "pw", Name: "Browser", Locale: "auto"})
	require.NoError(t, err)
	app := recCreateApp(t, srv, recSampleSpec())
	cases := []struct{ query, code, ja, en string }{
		{`品名 = "a"`, "GAIA_IQ07", "テーブルに設定している場合、品名フィールドのフィールドタイプには、演算子=を使用できません。", ""},
		{`日付 = TODAY(1)`, "GAIA_IL08", "クエリの指定が不正です。", ""},
		{`日付 = THIS_MONTH(32)`, "GAIA_IQ23", "指定した日にち（32）は無効です。1から31までの整数で指定します。", ""},
		{`日付 = FROM_TODAY(1, HOURS)`, "GAIA_IQ25", "FROM_TODAY()の第2引数には、「DAYS」「WEEKS」「MONTHS」「YEARS」のいずれかを指定します。", ""},
		{`limit 501`, "GAIA_QU01", "limit には 500 以下の値を指定してください。", "limit must be 500 or less."},
		{`limit 1 offset 10001`, "GAIA_QU02", "offset には 10,000 以下の値を指定してください。", "offset must be 10,000 or less"},
		{`文字列 like "a" and 数値 = "x"`, "CB_VA01", "入力内容が正しくありません。", "Missing or invalid input."},
		{`nope = "x"`, "GAIA_IQ11", "指定されたフィールド（nope）が見つかりません。", "Specified field (nope) not found."},
		{`複数行 = "x"`, "GAIA_IQ03", "複数行フィールドのフィールドタイプには演算子=を使用できません。", ""},
	}
	for _, tc := range cases {
		_, r := recQuery(t, srv, testAdmin, app, tc.query)
		assert.Equal(t, http.StatusBadRequest, r.status, tc.query)
		assert.Equal(t, tc.code, r.body["code"], tc.query)
		assert.Equal(t, tc.ja, r.body["message"], tc.query)
		if tc.en != "" {
			assert.Equal(t, tc.en, queryInEnglish(t, srv, app, tc.query).body["message"], tc.query)
		}
	}
}

// TestOptionCheckedBeforeOperator: a value outside a choice field's
// options is GAIA_IQ10 even with an operator the type refuses, since
// kintone checks the options first.
func TestOptionCheckedBeforeOperator(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, recSampleSpec())
	_, r := recQuery(t, srv, testAdmin, app, `ドロップ = "nope"`)
	recWantErr(t, r, http.StatusBadRequest, "GAIA_IQ10")
	_, r = recQuery(t, srv, testAdmin, app, `ドロップ = "X"`)
	recWantErr(t, r, http.StatusBadRequest, "GAIA_IQ03")
}

// TestOneCharacterLikeFindsNothing: terms below the full-text index's
// minimum length match nothing (kintone-observed.md, like).
func TestOneCharacterLikeFindsNothing(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, recSampleSpec())
	recSeed(t, srv, app, map[string]any{"文字列": "a b"}, map[string]any{"文字列": "ab"}, map[string]any{"文字列": "あ"})
	assert.Equal(t, "", recIDs(t, srv, app, `文字列 like "a"`))
	assert.Equal(t, "", recIDs(t, srv, app, `文字列 like "あ"`))
	assert.Equal(t, "2", recIDs(t, srv, app, `文字列 like "ab"`))
	assert.Equal(t, "3,2,1", recIDs(t, srv, app, `文字列 not like "a"`))
}

// TestRadioRequiredNotEnforced: the API saves a record without a required
// radio button's value (null), unlike other required fields
// (kintone-observed.md, records).
func TestRadioRequiredNotEnforced(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, AppSpec{Name: "r", Fields: []*Field{
		{Type: TypeRadioButton, Code: "radio", Options: []string{"A", "B"}, Required: true},
		{Type: TypeNumber, Code: "num", Required: true},
	}})
	r := recDo(t, srv, testAdmin, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": map[string]any{
		"radio": map[string]any{"value": ""}, "num": map[string]any{"value": "1"}}})
	require.Equal(t, http.StatusOK, r.status, "%v", r.body)
	r = recDo(t, srv, testAdmin, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": map[string]any{
		"radio": map[string]any{"value": "A"}, "num": map[string]any{"value": ""}}})
	recWantErr(t, r, http.StatusBadRequest, "CB_VA01")
	assert.Equal(t, map[string][]string{"record.num.value": {"必須です。"}}, recErrKeys(r))
}

// TestMinLengthOnEmptyText: SINGLE_LINE_TEXT and LINK minLength also
// refuses "" and a field left out (kintone-observed.md, records).
func TestMinLengthOnEmptyText(t *testing.T) {
	srv, _ := recNewServer(t)
	app := recCreateApp(t, srv, AppSpec{Name: "m", Fields: []*Field{
		{Type: TypeSingleLineText, Code: "txt", MinLength: "2"},
		{Type: TypeLink, Code: "url", Protocol: "WEB", MinLength: "2"},
		{Type: TypeNumber, Code: "num"},
	}})
	for _, rec := range []map[string]any{
		{"num": map[string]any{"value": "1"}},
		{"txt": map[string]any{"value": ""}, "url": map[string]any{"value": ""}},
	} {
		r := recDo(t, srv, testAdmin, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": rec})
		recWantErr(t, r, http.StatusBadRequest, "CB_VA01")
		assert.Equal(t, map[string][]string{
			"record.txt.value": {"1文字より長くなければなりません。"},
			"record.url.value": {"1文字より長くなければなりません。"},
		}, recErrKeys(r))
	}
	r := recDo(t, srv, testAdmin, "POST", "/k/v1/record.json", map[string]any{"app": app, "record": map[string]any{
		"txt": map[string]any{"value": "ab"}, "url": map[string]any{"value": "https://x"}}})
	assert.Equal(t, http.StatusOK, r.status, "%v", r.body)
}

// newPreviewApp creates an app through the preview API with fields and
// returns its id.
func newPreviewApp(t *testing.T, srv *Server, props map[string]any) string {
	t.Helper()
	app := appOK(t, srv, "POST", "/k/v1/preview/app.json", map[string]any{"name": "deploy checks"})["app"].(string)
	appOK(t, srv, "POST", "/k/v1/preview/app/form/fields.json", map[string]any{"app": app, "properties": props})
	return app
}

// deploy deploys app and returns the answer.
func deploy(t *testing.T, srv *Server, app string) appResp {
	t.Helper()
	return appDo(t, srv, testAdmin, "POST", "/k/v1/preview/app/deploy.json", map[string]any{"apps": []any{map[string]any{"app": app}}})
}

// TestDeployChecksCalcFormulas: formulas naming a missing field, with a
// syntax error, or referring to each other in a circle are refused at
// deploy with GAIA_IL01 (kintone-observed.md, records); a good one deploys.
func TestDeployChecksCalcFormulas(t *testing.T) {
	srv := appNewServer(t)
	calc := func(code, expr string) map[string]any {
		return map[string]any{"type": "CALC", "code": code, "label": code, "expression": expr, "format": "NUMBER"}
	}
	num := map[string]any{"type": "NUMBER", "code": "n", "label": "n"}
	cases := []struct {
		props  map[string]any
		reason string
	}{
		{map[string]any{"n": num, "c": calc("c", "n * missing")}, "フィールド「c」の計算式が正しくありません。(エラーの内容：計算式に含まれるフィールドコード（missing）が存在しません。)"},
		{map[string]any{"n": num, "c": calc("c", "n * (2")}, "フィールド「c」の計算式が正しくありません。(エラーの内容：計算式の文法が正しくありません。)"},
		{map[string]any{"a": calc("a", "b + 1"), "b": calc("b", "a + 1")}, "の計算式が正しくありません。(エラーの内容：フィールドの参照が循環しています。)"},
	}
	for _, tc := range cases {
		app := newPreviewApp(t, srv, tc.props)
		r := deploy(t, srv, app)
		appWantError(t, r, http.StatusBadRequest, "GAIA_IL01")
		assert.Contains(t, r.Body["message"], tc.reason)
	}
	app := newPreviewApp(t, srv, map[string]any{"n": num, "c": calc("c", "n * 2"), "d": calc("d", "c + n")})
	r := deploy(t, srv, app)
	assert.Equal(t, http.StatusOK, r.Status, "%v", r.Body)
}

// TestLookupDefinitionChecks: a lookup keyed by $id or copying text into a
// number is CB_VA01 when saved; one keyed by a field that allows
// duplicates is GAIA_LO03 at deploy (kintone-observed.md, records).
func TestLookupDefinitionChecks(t *testing.T) {
	srv := appNewServer(t)
	source := appCreate(t, srv, AppSpec{Name: "source", Fields: []*Field{
		{Type: TypeSingleLineText, Code: "key", Unique: true},
		{Type: TypeSingleLineText, Code: "loose"},
		{Type: TypeSingleLineText, Code: "name"},
	}})
	lookup := func(key, dst, src string) map[string]any {
		return map[string]any{
			"k": map[string]any{"type": "SINGLE_LINE_TEXT", "code": "k", "label": "k", "lookup": map[string]any{
				"relatedApp": map[string]any{"app": fmt.Sprint(source)}, "relatedKeyField": key,
				"fieldMappings": []any{map[string]any{"field": dst, "relatedField": src}}}},
			"copy": map[string]any{"type": "SINGLE_LINE_TEXT", "code": "copy", "label": "copy"},
			"num":  map[string]any{"type": "NUMBER", "code": "num", "label": "num"},
		}
	}
	fields := func(props map[string]any) appResp {
		app := appOK(t, srv, "POST", "/k/v1/preview/app.json", map[string]any{"name": "lookups"})["app"].(string)
		return appDo(t, srv, testAdmin, "POST", "/k/v1/preview/app/form/fields.json", map[string]any{"app": app, "properties": props})
	}
	appWantError(t, fields(lookup("$id", "copy", "name")), http.StatusBadRequest, "CB_VA01")
	appWantError(t, fields(lookup("key", "num", "name")), http.StatusBadRequest, "CB_VA01")

	app := newPreviewApp(t, srv, lookup("loose", "copy", "name"))
	appWantError(t, deploy(t, srv, app), http.StatusBadRequest, "GAIA_LO03")
	app = newPreviewApp(t, srv, lookup("key", "copy", "name"))
	r := deploy(t, srv, app)
	assert.Equal(t, http.StatusOK, r.Status, "%v", r.Body)
}

// TestTextFormulas pins the formula results observed on a real tenant
// (kintone-observed.md, records): & joins, string IF, YEN, DATE_FORMAT in
// auto-calculated text fields; CONTAINS as 1/0 and 更新日時 - 作成日時 as
// 0 on a new record in CALC fields; a text result in a CALC field is "".
func TestTextFormulas(t *testing.T) {
	srv, _ := recNewServer(t)
	text := func(code, expr string) *Field {
		return &Field{Type: TypeSingleLineText, Code: code, Expression: expr}
	}
	calc := func(code, expr string) *Field {
		return &Field{Type: TypeCalc, Code: code, Expression: expr, Format: "NUMBER"}
	}
	app := recCreateApp(t, srv, AppSpec{Name: "formulas", Fields: []*Field{
		{Type: TypeNumber, Code: "a"},
		{Type: TypeNumber, Code: "b"},
		{Type: TypeDate, Code: "d"},
		{Type: TypeCheckBox, Code: "cb", Options: []string{"x", "y"}},
		{Type: TypeDropDown, Code: "dd", Options: []string{"big", "small"}},
		text("sum", `a & " + " & b & " = " & (a + b)`),
		text("size", `IF(a > 15, "big", "small")`),
		text("price", `YEN(a * 110, 0)`),
		text("day", `DATE_FORMAT(d, "YYYY-MM-dd", "Asia/Tokyo")`),
		text("echo", `dd & "!"`),
		calc("hasx", `CONTAINS(cb, "x")`),
		calc("hasy", `CONTAINS(cb, "y")`),
		calc("age", `更新日時 - 作成日時`),
		calc("same", `IF(dd = "big", 1, 2)`),
		calc("textcalc", `a & "x"`),
	}})
	ids := recSeed(t, srv, app, map[string]any{"a": "10", "b": "20", "d": "2025-04-25", "cb": []string{"x"}, "dd": "big"})
	rec := recGetRecord(t, srv, app, ids[0])
	want := map[string]string{
		"sum": "10 + 20 = 30", "size": "small", "price": "¥1,100", "day": "2025-04-25", "echo": "big!",
		"hasx": "1", "hasy": "0", "age": "0", "same": "1", "textcalc": "",
	}
	for code, v := range want {
		assert.Equal(t, v, recValue(rec, code), code)
	}
}
