package schema

import (
	"encoding/json"
	"testing"

	"github.com/kintone-sql/kintone/client"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// slowCanonical is the general conversion the fast readers stand in for:
// unmarshal, then marshal back (NULL for an empty array).
func slowCanonical(t *testing.T, raw string, v any) any {
	t.Helper()
	require.NoError(t, json.Unmarshal([]byte(raw), v))
	switch x := v.(type) {
	case *[]string:
		if len(*x) == 0 {
			return nil
		}
	case *[]client.CodeName:
		if len(*x) == 0 {
			return nil
		}
	}
	s, err := marshalText(v)
	require.NoError(t, err)
	return s
}

// TestFastJSONValuesMatchGeneralConversion feeds the compact forms the fast
// readers take and the forms they must hand to the general conversion
// (escapes, white space, other keys and orders, U+2028) through Decode,
// and compares with unmarshalling and marshalling back.
func TestFastJSONValuesMatchGeneralConversion(t *testing.T) {
	checkBox := &Column{Name: "tags", Code: "tags", FieldType: FieldCheckBox, Type: TypeJSON}
	users := &Column{Name: "owner", Code: "owner", FieldType: FieldUserSelect, Type: TypeJSON}
	for _, raw := range []string{
		`[]`, `["A"]`, `["新規","重要"]`, `[""]`, `["a\"b"]`, `["\u3042"]`, `[ "A" ]`, `["A",]`,
		`["x` + "\u2028" + `y"]`, `["<&>"]`, `["A","B"`,
	} {
		got, err := checkBox.Decode(client.FieldValue{Value: json.RawMessage(raw)})
		var want []string
		if json.Unmarshal([]byte(raw), &want) != nil {
			assert.Error(t, err, raw)
			continue
		}
		require.NoError(t, err, raw)
		assert.Equal(t, slowCanonical(t, raw, &want), got, raw)
	}
	for _, raw := range []string{
		`[{"code":"sato","name":"佐藤"}]`, `[{"code":"sato"}]`, `[{"code":"sato","name":""}]`,
		`[{"name":"佐藤","code":"sato"}]`, `[{"code":"a","name":"b"},{"code":"c","name":"d"}]`,
		`[{"code":"a\\b","name":"b"}]`, `[{"code":"a", "name":"b"}]`, `[{"code":"a","name":"b","x":1}]`,
		`[{"Code":"a"}]`, `[{"code":"a"},]`, `[{"code":"a` + "\u2029" + `"}]`,
	} {
		got, err := users.Decode(client.FieldValue{Value: json.RawMessage(raw)})
		var want []client.CodeName
		if json.Unmarshal([]byte(raw), &want) != nil {
			assert.Error(t, err, raw)
			continue
		}
		require.NoError(t, err, raw)
		assert.Equal(t, slowCanonical(t, raw, &want), got, raw)
	}
}

// TestFastCodeNameMatchesUnmarshal compares the code and name parts of
// CREATOR/MODIFIER values read by the fast reader with json.Unmarshal.
func TestFastCodeNameMatchesUnmarshal(t *testing.T) {
	code := &Column{Name: "creator", Code: "creator", FieldType: FieldCreator, Type: TypeText, Part: PartCode}
	name := &Column{Name: "creator_name", Code: "creator", FieldType: FieldCreator, Type: TypeText, Part: PartName}
	for _, raw := range []string{
		`{"code":"sato","name":"佐藤"}`, `{"name":"佐藤","code":"sato"}`, `{"code":"sato"}`, `{}`,
		`{"code":"","name":""}`, `{"code":"a\"b","name":"x"}`, `{ "code": "a" }`, `{"Code":"a","NAME":"b"}`,
		`{"code":"a","code":"b"}`, `{"code":"a","extra":[1]}`, `{"code":"a",}`, `{"code":1}`,
	} {
		var cn client.CodeName
		uerr := json.Unmarshal([]byte(raw), &cn)
		for _, c := range []*Column{code, name} {
			got, err := c.Decode(client.FieldValue{Value: json.RawMessage(raw)})
			if uerr != nil {
				assert.Error(t, err, raw)
				continue
			}
			require.NoError(t, err, raw)
			want := cn.Code
			if c.Part == PartName {
				want = cn.Name
			}
			assert.Equal(t, nullIfEmpty(want), got, raw)
		}
	}
}
