package schema

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/query"
)

// writeTable has one column of every writable type.
func writeTable() *Table {
	options := map[string]client.Option{"A": {Label: "A", Index: "0"}, "B": {Label: "B", Index: "1"}}
	return buildOne(Options{},
		client.FieldProperty{Type: FieldSingleLineText, Code: "s", Label: "S"},
		client.FieldProperty{Type: FieldNumber, Code: "n", Label: "N"},
		client.FieldProperty{Type: FieldDate, Code: "d", Label: "D"},
		client.FieldProperty{Type: FieldDateTime, Code: "dt", Label: "DT"},
		client.FieldProperty{Type: FieldTime, Code: "tm", Label: "TM"},
		client.FieldProperty{Type: FieldDropDown, Code: "dd", Label: "DD", Options: options},
		client.FieldProperty{Type: FieldCheckBox, Code: "cb", Label: "CB", Options: options},
		client.FieldProperty{Type: FieldUserSelect, Code: "u", Label: "U"},
		client.FieldProperty{Type: FieldFile, Code: "f", Label: "F"},
		client.FieldProperty{Type: FieldCreator, Code: "cr", Label: "CR"},
		client.FieldProperty{Type: FieldCalc, Code: "c", Label: "C"},
		client.FieldProperty{Type: FieldRecordNumber, Code: "rn", Label: "RN"},
	).table
}

func TestEncode(t *testing.T) {
	tab := writeTable()
	tokyo := time.FixedZone("JST", 9*3600)
	tests := []struct {
		col  string
		in   any
		want string
	}{
		{"S", "abc", `"abc"`},
		{"S", nil, `""`},
		{"S", int64(42), `"42"`},
		{"S", []byte("<b>"), `"<b>"`},
		{"N", int64(-7), `"-7"`},
		{"N", 0.1, `"0.1"`},
		{"N", " 1.5e1 ", `"15"`},
		{"N", "12345678901234567890.000000001", `"12345678901234567890.000000001"`},
		{"N", dec("3.14"), `"3.14"`},
		{"N", uint8(9), `"9"`},
		{"N", nil, `""`},
		{"N", "", `""`},
		{"D", time.Date(2024, 1, 2, 23, 0, 0, 0, tokyo), `"2024-01-02"`},
		{"D", "2024-01-02", `"2024-01-02"`},
		{"D", "2024-01-02T23:30:00+09:00", `"2024-01-02"`},
		{"D", nil, `""`},
		{"DT", time.Date(2024, 1, 2, 9, 30, 0, 0, tokyo), `"2024-01-02T00:30:00Z"`},
		{"DT", "2024-01-02 09:30:00", `"2024-01-02T09:30:00Z"`},
		{"DT", "2024-01-02T09:30+09:00", `"2024-01-02T00:30:00Z"`},
		{"DT", "2024-01-02", `"2024-01-02T00:00:00Z"`},
		{"TM", time.Date(0, 1, 1, 7, 5, 59, 0, time.UTC), `"07:05"`},
		{"TM", "23:59:10", `"23:59"`},
		{"DD", "B", `"B"`},
		{"DD", nil, `""`},
		{"CB", `["A","B"]`, `["A","B"]`},
		{"CB", "A", `["A"]`},
		{"CB", []string{"B"}, `["B"]`},
		{"CB", nil, `[]`},
		{"CB", "", `[]`},
		{"U", `["sato"]`, `[{"code":"sato"}]`},
		{"U", `[{"code":"sato","name":"Sato"},{"code":"kato"}]`, `[{"code":"sato"},{"code":"kato"}]`},
		{"U", `{"code":"sato"}`, `[{"code":"sato"}]`},
		{"U", "sato", `[{"code":"sato"}]`},
		{"U", nil, `[]`},
		{"F", "key1", `[{"fileKey":"key1"}]`},
		{"F", `[{"fileKey":"k1","name":"a.txt"},{"fileKey":"k2"}]`, `[{"fileKey":"k1"},{"fileKey":"k2"}]`},
		{"CR Code", "sato", `{"code":"sato"}`},
	}
	for _, tt := range tests {
		c, err := tab.Column(tt.col)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.Encode(tt.in)
		if err != nil {
			t.Errorf("%s.Encode(%#v): %v", tt.col, tt.in, err)
			continue
		}
		if string(got) != tt.want {
			t.Errorf("%s.Encode(%#v) = %s, want %s", tt.col, tt.in, got, tt.want)
		}
	}
}

func TestEncodeErrors(t *testing.T) {
	tab := writeTable()
	tests := []struct {
		col    string
		in     any
		errHas string
	}{
		{"N", "abc", `column "N" (NUMBER field n): "abc" is not a number`},
		{"N", true, "as a number"},
		{"N", math.Inf(1), "not a number kintone can store"},
		{"D", "02/01/2024", "is not a date"},
		{"D", 5, "as a date"},
		{"DT", "soon", "is not a date-time"},
		{"TM", "7pm", "is not a time"},
		{"DD", "C", `"C" is not an option (options: "A", "B")`},
		{"CB", `["A","Z"]`, `"Z" is not an option`},
		{"CB", `[1]`, "not a JSON array of strings"},
		{"U", `[{"name":"x"}]`, `no "code"`},
		{"CR Code", nil, "cannot be NULL"},
		{"CR Name", "x", "read-only"},
		{"C", "1", "read-only"},
		{"RN", "1", "read-only"},
		{"$id", int64(1), "read-only"},
		{"$revision", int64(1), "read-only"},
	}
	for _, tt := range tests {
		c, err := tab.Column(tt.col)
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Encode(tt.in)
		mustContain(t, err, tt.errHas, `column "`+tt.col+`"`)
	}
	c, _ := tab.Column("C")
	if _, err := c.Encode("1"); !errors.Is(err, ErrReadOnly) {
		t.Errorf("read-only error %v does not match ErrReadOnly", err)
	}
}

func TestEncodeDecodeRoundTrip(t *testing.T) {
	tab := writeTable()
	values := map[string]string{
		"S":  `"héllo & <world>"`,
		"N":  `"-0.000000000000000000001"`,
		"D":  `"1999-12-31"`,
		"DT": `"2024-02-29T23:59:00Z"`,
		"TM": `"00:01"`,
		"DD": `"A"`,
		"CB": `["B","A"]`,
	}
	for col, raw := range values {
		c, _ := tab.Column(col)
		v, err := c.Decode(client.FieldValue{Value: json.RawMessage(raw)})
		if err != nil {
			t.Fatal(err)
		}
		back, err := c.Encode(v)
		if err != nil {
			t.Fatalf("%s: Encode(%#v): %v", col, v, err)
		}
		if string(back) != raw {
			t.Errorf("%s: %s → %#v → %s", col, raw, v, back)
		}
	}
	// Multi-value JSON texts from Decode are accepted by Encode.
	u, _ := tab.Column("U")
	v, _ := u.Decode(client.FieldValue{Value: json.RawMessage(`[{"code":"a","name":"A"}]`)})
	if back, err := u.Encode(v); err != nil || string(back) != `[{"code":"a"}]` {
		t.Errorf("user round trip: %s, %v", back, err)
	}
	f, _ := tab.Column("F")
	v, _ = f.Decode(client.FieldValue{Value: json.RawMessage(`[{"contentType":"a/b","fileKey":"k","name":"n","size":"3"}]`)})
	if back, err := f.Encode(v); err != nil || string(back) != `[{"fileKey":"k"}]` {
		t.Errorf("file round trip: %s, %v", back, err)
	}
}

func TestQueryValue(t *testing.T) {
	tab := writeTable()
	tokyo := time.FixedZone("JST", 9*3600)
	tests := []struct {
		col  string
		in   any
		want query.Value
	}{
		{"$id", int64(5), query.Num("5")},
		{"$id", "12", query.Num("12")},
		{"N", dec("1.50"), query.Num("1.5")},
		{"N", 2.5, query.Num("2.5")},
		{"C", int64(3), query.Num("3")},
		{"RN", "12", query.Num("12")},
		{"RN", "DEAL-12", query.Str("DEAL-12")},
		{"S", "a\"b", query.Str("a\"b")},
		{"S", int64(9), query.Str("9")},
		{"D", time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC), query.Str("2024-05-06")},
		{"DT", time.Date(2024, 5, 6, 9, 0, 0, 0, tokyo), query.Str("2024-05-06T00:00:00Z")},
		{"DT", "2024-05-06 09:00:00", query.Str("2024-05-06T09:00:00Z")},
		{"TM", "9:05", query.Str("09:05")},
		{"CB", "A", query.Str("A")},
		{"CR Code", "sato", query.Str("sato")},
	}
	for _, tt := range tests {
		c, err := tab.Column(tt.col)
		if err != nil {
			t.Fatal(err)
		}
		got, err := c.QueryValue(tt.in)
		if err != nil {
			t.Errorf("%s.QueryValue(%#v): %v", tt.col, tt.in, err)
			continue
		}
		if got.Kind != tt.want.Kind || got.Text != tt.want.Text {
			t.Errorf("%s.QueryValue(%#v) = %+v, want %+v", tt.col, tt.in, got, tt.want)
		}
	}
	for _, tt := range []struct {
		col    string
		in     any
		errHas string
	}{
		{"N", nil, "NULL has no kintone query literal"},
		{"N", "x", "not a number"},
		{"N", "", "not a number"},
		{"CR Name", "x", "cannot filter"},
		{"D", "tomorrow", "not a date"},
	} {
		c, _ := tab.Column(tt.col)
		_, err := c.QueryValue(tt.in)
		mustContain(t, err, tt.errHas, `column "`+tt.col+`"`)
	}
}
