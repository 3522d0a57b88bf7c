package kintonetest

import (
	"fmt"
	"testing"
)

// appShapeFields is a representative form, one field per kind of
// property shape.
func appShapeFields(customers int64) []*Field {
	return []*Field{
		{Type: TypeSingleLineText, Code: "title", Label: "Title", Required: true, Unique: true, MaxLength: "64", DefaultValue: "x"},
		{Type: TypeNumber, Code: "amount", Label: "Amount", MinValue: "0", Digit: true, DisplayScale: "2", Unit: "¥"},
		{Type: TypeCalc, Code: "tax", Label: "Tax", Expression: "amount*0.1", Format: "NUMBER_DIGIT"},
		{Type: TypeMultiLineText, Code: "memo", Label: "Memo", Unique: true},
		{Type: TypeLink, Code: "site", Label: "Site", Protocol: "WEB"},
		{Type: TypeCheckBox, Code: "tags", Label: "Tags", Options: []string{"a", "b"}, DefaultValue: []string{"b"}},
		{Type: TypeRadioButton, Code: "stage", Label: "Stage", Options: []string{"new", "won"}, DefaultValue: "new", Align: "VERTICAL"},
		{Type: TypeDropDown, Code: "rank", Label: "Rank", Options: []string{"A"}},
		{Type: TypeMultiSelect, Code: "areas", Label: "Areas", Options: []string{"east", "west"}},
		{Type: TypeFile, Code: "files", Label: "Files"},
		{Type: TypeDate, Code: "due", Label: "Due", DefaultNowValue: true},
		{Type: TypeTime, Code: "at", Label: "At", DefaultValue: "09:30"},
		{Type: TypeDateTime, Code: "when", Label: "When"},
		{Type: TypeUserSelect, Code: "owner", Label: "Owner", Entities: []Entity{{Code: "sato", Type: "USER"}},
			DefaultValue: []Entity{{Code: "LOGINUSER()", Type: "FUNCTION"}}},
		{Type: TypeGroup, Code: "grp", Label: "Group", OpenGroup: true},
		{Type: TypeLabel, Code: "lbl", Label: "<b>Note</b>"},
		{Type: TypeSingleLineText, Code: "customer", Label: "Customer", MaxLength: "10", Lookup: &Lookup{
			RelatedApp: customers, RelatedKeyField: "name", FieldMappings: []FieldMapping{{Field: "memo", RelatedField: "name"}},
			LookupPickerFields: []string{"name"}, Sort: "name asc"}},
		{Type: TypeReferenceTable, Code: "related", Label: "Related", ReferenceTable: &ReferenceTable{
			RelatedApp: customers, Field: "title", RelatedField: "name", DisplayFields: []string{"name"}, Size: "5"}},
		{Type: TypeSubtable, Code: "items", Label: "Items", Fields: []*Field{
			{Type: TypeSingleLineText, Code: "product", Label: "Product"},
			{Type: TypeNumber, Code: "qty", Label: "Qty"},
		}},
	}
}

func TestFormFieldsPropertyShapes(t *testing.T) {
	srv := appNewServer(t)
	customers := appCreate(t, srv, AppSpec{Name: "Customers", Code: "CUST",
		Fields: []*Field{{Type: TypeSingleLineText, Code: "name", Label: "Name", Unique: true}}})
	deals := appCreate(t, srv, AppSpec{Name: "Deals", Fields: appShapeFields(customers)})
	got := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/app/form/fields.json?app=%d&lang=en", deals), nil)
	if got["revision"] != "1" {
		t.Errorf("revision %v", got["revision"])
	}
	props := got["properties"].(map[string]any)
	want := map[string]string{
		"title": `{"type":"SINGLE_LINE_TEXT","code":"title","label":"Title","noLabel":false,"required":true,
			"defaultValue":"x","unique":true,"minLength":"","maxLength":"64","expression":"","hideExpression":false}`,
		"amount": `{"type":"NUMBER","code":"amount","label":"Amount","noLabel":false,"required":false,"defaultValue":"",
			"unique":false,"minValue":"0","maxValue":"","digit":true,"displayScale":"2","unit":"¥","unitPosition":"BEFORE"}`,
		"tax": `{"type":"CALC","code":"tax","label":"Tax","noLabel":false,"required":false,"expression":"amount*0.1",
			"format":"NUMBER_DIGIT","displayScale":"","hideExpression":false,"unit":"","unitPosition":"BEFORE"}`,
		"memo": `{"type":"MULTI_LINE_TEXT","code":"memo","label":"Memo","noLabel":false,"required":false,"defaultValue":""}`,
		"site": `{"type":"LINK","code":"site","label":"Site","noLabel":false,"required":false,"defaultValue":"",
			"unique":false,"minLength":"","maxLength":"","protocol":"WEB"}`,
		"tags": `{"type":"CHECK_BOX","code":"tags","label":"Tags","noLabel":false,"required":false,"defaultValue":["b"],
			"options":{"a":{"label":"a","index":"0"},"b":{"label":"b","index":"1"}},"align":"HORIZONTAL"}`,
		"stage": `{"type":"RADIO_BUTTON","code":"stage","label":"Stage","noLabel":false,"required":false,"defaultValue":"new",
			"options":{"new":{"label":"new","index":"0"},"won":{"label":"won","index":"1"}},"align":"VERTICAL"}`,
		"rank": `{"type":"DROP_DOWN","code":"rank","label":"Rank","noLabel":false,"required":false,"defaultValue":"",
			"options":{"A":{"label":"A","index":"0"}}}`,
		"areas": `{"type":"MULTI_SELECT","code":"areas","label":"Areas","noLabel":false,"required":false,"defaultValue":[],
			"options":{"east":{"label":"east","index":"0"},"west":{"label":"west","index":"1"}}}`,
		"files": `{"type":"FILE","code":"files","label":"Files","noLabel":false,"required":false,"thumbnailSize":"150"}`,
		"due": `{"type":"DATE","code":"due","label":"Due","noLabel":false,"required":false,"defaultValue":"","unique":false,
			"defaultNowValue":true}`,
		"at":   `{"type":"TIME","code":"at","label":"At","noLabel":false,"required":false,"defaultValue":"09:30","defaultNowValue":false}`,
		"when": `{"type":"DATETIME","code":"when","label":"When","noLabel":false,"required":false,"defaultValue":"","unique":false,"defaultNowValue":false}`,
		"owner": `{"type":"USER_SELECT","code":"owner","label":"Owner","noLabel":false,"required":false,
			"entities":[{"code":"sato","type":"USER"}],"defaultValue":[{"code":"LOGINUSER()","type":"FUNCTION"}]}`,
		"grp": `{"type":"GROUP","code":"grp","label":"Group","noLabel":false,"openGroup":true}`,
		"customer": fmt.Sprintf(`{"type":"SINGLE_LINE_TEXT","code":"customer","label":"Customer","noLabel":false,"required":false,
			"lookup":{"relatedApp":{"app":"%d","code":"CUST"},"relatedKeyField":"name","fieldMappings":[{"field":"memo","relatedField":"name"}],
			"lookupPickerFields":["name"],"filterCond":"","sort":"name asc"}}`, customers),
		"related": fmt.Sprintf(`{"type":"REFERENCE_TABLE","code":"related","label":"Related","noLabel":false,
			"referenceTable":{"relatedApp":{"app":"%d","code":"CUST"},"condition":{"field":"title","relatedField":"name"},
			"filterCond":"","displayFields":["name"],"sort":"","size":"5"}}`, customers),
		"items": `{"type":"SUBTABLE","code":"items","label":"Items","noLabel":false,"fields":{
			"product":{"type":"SINGLE_LINE_TEXT","code":"product","label":"Product","noLabel":false,"required":false,"defaultValue":"",
				"unique":false,"minLength":"","maxLength":"","expression":"","hideExpression":false},
			"qty":{"type":"NUMBER","code":"qty","label":"Qty","noLabel":false,"required":false,"defaultValue":"","unique":false,
				"minValue":"","maxValue":"","digit":false,"displayScale":"","unit":"","unitPosition":"BEFORE"}}}`,
		"レコード番号": `{"type":"RECORD_NUMBER","code":"レコード番号","label":"レコード番号","noLabel":false}`,
		"作成者":    `{"type":"CREATOR","code":"作成者","label":"作成者","noLabel":false}`,
		"ステータス":  `{"type":"STATUS","code":"ステータス","label":"ステータス","enabled":false}`,
		"作業者":    `{"type":"STATUS_ASSIGNEE","code":"作業者","label":"作業者","enabled":false}`,
		"カテゴリー":  `{"type":"CATEGORY","code":"カテゴリー","label":"カテゴリー","enabled":false}`,
	}
	for code, w := range want {
		appJSONEqual(t, code, props[code], w)
	}
	if _, ok := props["lbl"]; ok {
		t.Error("a LABEL is a layout element, not a form field")
	}
	if n := len(props); n != len(want)+3 { // + 作成日時, 更新者, 更新日時
		t.Errorf("%d properties", n)
	}
}

func TestFormStatusEnabledFollowsProcess(t *testing.T) {
	srv := appNewServer(t)
	id := appCreate(t, srv, AppSpec{Name: "Tasks", Process: &ProcessManagement{Enable: true,
		States: []State{{Name: "Open"}, {Name: "Done"}}, Actions: []Action{{Name: "Finish", From: "Open", To: "Done"}}}})
	props := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/app/form/fields.json?app=%d", id), nil)["properties"].(map[string]any)
	for _, code := range []string{"ステータス", "作業者"} {
		if props[code].(map[string]any)["enabled"] != true {
			t.Errorf("%s: %v", code, props[code])
		}
	}
}

func TestFormFieldsErrors(t *testing.T) {
	srv := appNewServer(t)
	id := appCreate(t, srv, AppSpec{Name: "A"})
	for _, tc := range []struct {
		path   string
		status int
		code   string
	}{
		{"/k/v1/app/form/fields.json", 400, "CB_VA01"},
		{"/k/v1/app/form/fields.json?app=-1", 400, "CB_VA01"},
		{"/k/v1/app/form/fields.json?app=77", 404, "GAIA_AP01"},
		{fmt.Sprintf("/k/v1/app/form/fields.json?app=%d&lang=fr", id), 400, "CB_VA01"},
		{fmt.Sprintf("/k/v1/app/form/fields.json?app=%d", id), 200, ""},
	} {
		r := appDo(t, srv, testAdmin, "GET", tc.path, nil)
		if tc.status == 200 {
			if r.Status != 200 {
				t.Errorf("%s: %d %s", tc.path, r.Status, r.Raw)
			}
			continue
		}
		appWantError(t, r, tc.status, tc.code)
	}
}

// TestFormPropertyRoundTrip checks that parsing a rendered property gives
// back the field it was rendered from, for every shape of appShapeFields.
func TestFormPropertyRoundTrip(t *testing.T) {
	srv := appNewServer(t)
	customers := appCreate(t, srv, AppSpec{Name: "Customers", Code: "CUST",
		Fields: []*Field{{Type: TypeSingleLineText, Code: "name", Label: "Name"}}})
	st := srv.st
	for _, f := range appShapeFields(customers) {
		if isLayoutOnly(f.Type) {
			continue
		}
		t.Run(f.Code, func(t *testing.T) {
			rendered := appJSONRoundTrip(t, st.renderProperty(f))
			p := newPropParser(st)
			key := "properties[" + f.Code + "]"
			back := p.parseProperty(key, f.Code, rendered, nil, false)
			if f.Type == TypeSubtable && back != nil {
				for _, in := range f.Fields {
					ir := appJSONRoundTrip(t, st.renderProperty(in))
					back.Fields = append(back.Fields, p.parseProperty(key, in.Code, ir, nil, true))
				}
			}
			if err := p.errs.err(); err != nil {
				t.Fatalf("parse: %v %v", err, err.Fields)
			}
			appJSONEqual(t, "re-rendered", st.renderProperty(back), st.renderProperty(f))
		})
	}
}

// appJSONRoundTrip passes v through JSON as a request body would (numbers
// as json.Number).
func appJSONRoundTrip(t *testing.T, v any) any {
	t.Helper()
	params := map[string]any{"v": v}
	var out struct {
		V any `json:"v"`
	}
	if err := decodeParams(params, &out); err != nil {
		t.Fatal(err)
	}
	return out.V
}

// TestFormPropertyRoundTripHTTP posts the rendered properties of a seeded
// app to a new app and reads the same properties back.
func TestFormPropertyRoundTripHTTP(t *testing.T) {
	srv := appNewServer(t)
	customers := appCreate(t, srv, AppSpec{Name: "Customers", Code: "CUST",
		Fields: []*Field{{Type: TypeSingleLineText, Code: "name", Label: "Name"}}})
	source := appCreate(t, srv, AppSpec{Name: "Source", Fields: appShapeFields(customers)})
	props := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/app/form/fields.json?app=%d", source), nil)["properties"].(map[string]any)
	for code, p := range props {
		if isSystemType(p.(map[string]any)["type"].(string)) {
			delete(props, code)
		}
	}
	if len(props) == 0 {
		t.Fatal("no non-system fields to round-trip")
	}
	target := appOK(t, srv, "POST", "/k/v1/preview/app.json", map[string]any{"name": "Target"})["app"]
	appOK(t, srv, "POST", "/k/v1/preview/app/form/fields.json", map[string]any{"app": target, "properties": props})
	back := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/preview/app/form/fields.json?app=%s", target), nil)["properties"].(map[string]any)
	for code, p := range props {
		appJSONEqual(t, code, back[code], p)
	}
}

func TestFormRelatedAppByCode(t *testing.T) {
	srv := appNewServer(t)
	customers := appCreate(t, srv, AppSpec{Name: "Customers", Code: "CUST",
		Fields: []*Field{{Type: TypeSingleLineText, Code: "name", Label: "Name"}}})
	id := appCreate(t, srv, AppSpec{Name: "A", Fields: []*Field{{Type: TypeSingleLineText, Code: "key", Label: "K"}}})
	ref := func(relatedApp map[string]any, field string) map[string]any {
		return map[string]any{"app": id, "properties": map[string]any{"rel": map[string]any{"type": "REFERENCE_TABLE", "label": "R",
			"referenceTable": map[string]any{"relatedApp": relatedApp, "condition": map[string]any{"field": field, "relatedField": "name"},
				"displayFields": []any{"name"}, "size": "10"}}}}
	}
	path := "/k/v1/preview/app/form/fields.json"
	appWantError(t, appDo(t, srv, testAdmin, "POST", path, ref(map[string]any{"code": "NOPE"}, "key")), 404, "GAIA_AP01")
	appWantError(t, appDo(t, srv, testAdmin, "POST", path, ref(map[string]any{"code": "CUST"}, "nope")), 400, "GAIA_FC01")
	appWantError(t, appDo(t, srv, testAdmin, "POST", path, ref(map[string]any{}, "key")), 400, "CB_VA01")
	appOK(t, srv, "POST", path, ref(map[string]any{"code": "CUST"}, "key"))
	got := appOK(t, srv, "GET", fmt.Sprintf("%s?app=%d", path, id), nil)["properties"].(map[string]any)["rel"].(map[string]any)
	appJSONEqual(t, "relatedApp", got["referenceTable"].(map[string]any)["relatedApp"], fmt.Sprintf(`{"app":"%d","code":"CUST"}`, customers))
}
