package schema

import (
	"encoding/json"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/client"
)

// orderTables builds an app with a subtable of order lines.
func orderTables() *appTables {
	return buildOne(Options{},
		client.FieldProperty{Type: FieldSingleLineText, Code: "title", Label: "Title"},
		client.FieldProperty{Type: FieldSubtable, Code: "lines", Label: "Lines", Fields: props(
			client.FieldProperty{Type: FieldNumber, Code: "qty", Label: "Qty"},
			client.FieldProperty{Type: FieldDate, Code: "ship", Label: "Ship"},
		)},
	)
}

// record parses a kintone record.
func record(t *testing.T, s string) client.Record {
	var r client.Record
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRecordRows(t *testing.T) {
	at := orderTables()
	rec := record(t, `{
		"$id": {"type": "__ID__", "value": "7"},
		"$revision": {"type": "__REVISION__", "value": "3"},
		"title": {"type": "SINGLE_LINE_TEXT", "value": ""},
		"lines": {"type": "SUBTABLE", "value": [
			{"id": "100", "value": {"qty": {"type": "NUMBER", "value": "2"}, "ship": {"type": "DATE", "value": "2024-03-01"}}},
			{"id": "101", "value": {"qty": {"type": "NUMBER", "value": ""}, "ship": {"type": "DATE", "value": null}}}
		]}}`)
	rows, err := at.table.RecordRows(rec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := [][]any{{int64(7), int64(3), nil}}; !reflect.DeepEqual(rows, want) {
		t.Errorf("app rows %#v, want %#v", rows, want)
	}
	st := at.subtables[0]
	rows, err = st.RecordRows(rec, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d subtable rows", len(rows))
	}
	if rows[0][0] != int64(7) || rows[0][1] != int64(100) || rows[0][2].(interface{ String() string }).String() != "2" ||
		rows[0][3] != time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC) {
		t.Errorf("row 0 = %#v", rows[0])
	}
	if want := []any{int64(7), int64(101), nil, nil}; !reflect.DeepEqual(rows[1], want) {
		t.Errorf("row 1 = %#v, want %#v", rows[1], want)
	}
	// Projection and an empty subtable.
	qty, _ := st.Column("Qty")
	rowID, _ := st.Column("$row_id")
	rows, err = st.RecordRows(rec, []*Column{qty, rowID})
	if err != nil || len(rows) != 2 || rows[1][1] != int64(101) {
		t.Errorf("projected rows %#v, %v", rows, err)
	}
	empty := record(t, `{"$id": {"type": "__ID__", "value": "8"}, "lines": {"type": "SUBTABLE", "value": []}}`)
	if rows, err := st.RecordRows(empty, nil); err != nil || len(rows) != 0 {
		t.Errorf("empty subtable gave %#v, %v", rows, err)
	}
	bad := record(t, `{"$id": {"type": "__ID__", "value": "8"}, "lines": {"type": "SUBTABLE", "value": [{"id": "x", "value": {}}]}}`)
	if _, err := st.RecordRows(bad, nil); err == nil {
		t.Error("a bad row id was accepted")
	}
}

func TestFieldCodes(t *testing.T) {
	at := orderTables()
	if got, want := at.table.FieldCodes(nil), []string{"$id", "$revision", "title"}; !slices.Equal(got, want) {
		t.Errorf("app codes %q, want %q", got, want)
	}
	if got, want := at.subtables[0].FieldCodes(nil), []string{"$id", "lines"}; !slices.Equal(got, want) {
		t.Errorf("subtable codes %q, want %q", got, want)
	}
	// Only the parent id selected: the subtable is still needed for its rows.
	sub := at.subtables[0]
	if got, want := sub.FieldCodes(sub.Columns[:1]), []string{"$id", "lines"}; !slices.Equal(got, want) {
		t.Errorf("subtable codes for $id only %q, want %q", got, want)
	}
}

func TestDecodeErrors(t *testing.T) {
	tab := buildOne(Options{},
		client.FieldProperty{Type: FieldNumber, Code: "n", Label: "N"},
		client.FieldProperty{Type: FieldDate, Code: "d", Label: "D"},
		client.FieldProperty{Type: FieldDateTime, Code: "dt", Label: "DT"},
		client.FieldProperty{Type: FieldTime, Code: "tm", Label: "TM"},
		client.FieldProperty{Type: FieldCheckBox, Code: "cb", Label: "CB"},
	).table
	for _, tt := range []struct{ col, raw string }{
		{"N", `"12abc"`}, {"D", `"2024/01/02"`}, {"DT", `"yesterday"`}, {"TM", `"25h"`}, {"CB", `[1,2]`}, {"N", `["1"]`},
	} {
		c, err := tab.Column(tt.col)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Decode(client.FieldValue{Value: json.RawMessage(tt.raw)})
		mustContain(t, err, `column "`+tt.col+`"`)
	}
}

// TestScalarTextMatchesJSON checks that the unescaped fast path of
// scalarText reads every string exactly as encoding/json does.
func TestScalarTextMatchesJSON(t *testing.T) {
	for _, raw := range []string{
		`""`, `"plain"`, `"日本語テキスト"`, `"a\"b"`, `"tab\tnew\nline"`, `"\u3042"`,
		"\"bad\xffutf8\"", "\"ctrl\x01\"", `"back\\slash"`, `"</script>&"`,
	} {
		got, isText, err := scalarText(json.RawMessage(raw))
		var want string
		wantErr := json.Unmarshal([]byte(raw), &want)
		if (err != nil) != (wantErr != nil) || got != want || (err == nil && !isText) {
			t.Errorf("scalarText(%q) = %q, %v, %v; encoding/json gives %q, %v", raw, got, isText, err, want, wantErr)
		}
	}
}
