package client

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reference decodes an answer with encoding/json, the behaviour the fast
// decoder must match.
func reference(t testing.TB, body string) (recs []Record, total *string, next bool, err error) {
	var out struct {
		Records    []Record `json:"records"`
		TotalCount *string  `json:"totalCount"`
		Next       bool     `json:"next"`
	}
	err = json.Unmarshal([]byte(body), &out)
	return out.Records, out.TotalCount, out.Next, err
}

// compact removes insignificant space from raw values, so that raw slices
// compare with what encoding/json keeps.
func compact(t testing.TB, recs []Record) []Record {
	for _, r := range recs {
		for k, fv := range r {
			var b bytes.Buffer
			require.NoError(t, json.Compact(&b, fv.Value))
			fv.Value = b.Bytes()
			r[k] = fv
		}
	}
	return recs
}

func TestRecordsDecoderMatchesEncodingJSON(t *testing.T) {
	bodies := []string{
		`{"records":[],"totalCount":null}`,
		`{"records":[],"totalCount":"0","next":false}`,
		`{"records":[{"$id":{"type":"__ID__","value":"1"},"n":{"type":"NUMBER","value":"12.5"}}],"totalCount":"1"}`,
		` { "next" : true , "records" : [ { "t\u00e9xt" : { "value" : "a \"quoted\" \\ line\nbreak", "type" : "SINGLE_LINE_TEXT" } } ] } `,
		`{"records":[{"sub":{"type":"SUBTABLE","value":[{"id":"3","value":{"x":{"type":"NUMBER","value":"1"}}}]},"u":{"type":"USER_SELECT","value":[{"code":"a","name":"A}"}]},"e":{"type":"NUMBER","value":null},"b":{"type":"CHECK_BOX","value":[]}}],"extra":{"a":[1,2,{"b":false}]},"totalCount":"1"}`,
		`{"records":[{"k":{"type":"T","value":"1","extra":-1.5e3}}]}`,
		`{"totalCount":"5"}`,
		`{"records":null}`,
		// Compact fields read by the fast path and near misses left to the
		// general reader; field order changing between records.
		`{"records":[{"a":{"type":"A\u0042","value":"1"},"b":{"type":"T","value":"2","x":[3]},"c":{"type":"T","value":"3" }},` +
			`{"c":{"type":"T","value":{"k":"}"}},"a":{"type":"AB","value":"\"}"},"b":{"value":"4","type":"T"}}]}`,
	}
	for _, body := range bodies {
		t.Run(body, func(t *testing.T) {
			want, wantTotal, wantNext, err := reference(t, body)
			require.NoError(t, err)
			var got recordsAnswer
			require.NoError(t, got.decodeBody(strings.NewReader(body)))
			assert.Equal(t, compact(t, want), compact(t, got.Records))
			assert.Equal(t, wantTotal, got.TotalCount)
			assert.Equal(t, wantNext, got.Next)
			assert.Equal(t, want != nil, got.HasRecords)
		})
	}
}

func TestRecordsDecoderRejectsBadJSON(t *testing.T) {
	for _, body := range []string{
		``, `[]`, `{"records":[`, `{"records":[{"a":{"value":"x}}]}`, `{"records":[{"a":{"value":tru}}]}`,
		`{"records":[{"a":{"value":1}}]} x`, `{"records":[{"a":1}]}`, `{"records" "x"}`, `{"totalCount":5}`,
		"{\"records\":[{\"a\":{\"value\":\"\x01\"}}]}",
		`{"records":[{"a":{"type":"T","value":tru}}]}`, `{"records":[{"a":{"type":"T","value":"1"`,
	} {
		var a recordsAnswer
		assert.Error(t, a.decodeBody(strings.NewReader(body)), body)
	}
}

func FuzzRecordsDecoder(f *testing.F) {
	f.Add(`{"records":[{"a":{"type":"NUMBER","value":"1"}}],"totalCount":"1"}`)
	f.Add(`{"records":[{"s":{"type":"SUBTABLE","value":[{"id":"1","value":{}}]}}],"next":true}`)
	f.Fuzz(func(t *testing.T, body string) {
		var a recordsAnswer
		if err := a.decodeBody(strings.NewReader(body)); err != nil {
			return // never panics; the reference may accept what we refuse only for odd shapes
		}
		want, _, _, err := reference(t, body)
		if err != nil {
			return
		}
		if len(want) != len(a.Records) {
			t.Fatalf("%d records, encoding/json %d", len(a.Records), len(want))
		}
	})
}

// benchPage is a 500-record page of the shape a scan reads.
func benchPage() []byte {
	var b strings.Builder
	b.WriteString(`{"records":[`)
	for i := range 500 {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"$id":{"type":"__ID__","value":"%d"},"n":{"type":"NUMBER","value":"%d"},"label":{"type":"SINGLE_LINE_TEXT","value":"r%d"}}`, i+1, i+1, i+1)
	}
	b.WriteString(`],"totalCount":"500"}`)
	return []byte(b.String())
}

// BenchmarkDecodePage compares the records decoder with encoding/json into
// map[string]any on the same 500-record page (ns/op per page).
func BenchmarkDecodePage(b *testing.B) {
	page := benchPage()
	b.Run("recordsDecoder", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			var a recordsAnswer
			if err := a.decodeBody(bytes.NewReader(page)); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("encoding-json-maps", func(b *testing.B) {
		b.ReportAllocs()
		for range b.N {
			var v map[string]any
			if err := json.NewDecoder(bytes.NewReader(page)).Decode(&v); err != nil {
				b.Fatal(err)
			}
		}
	})
}

// TestReleasedRecordsAreReusedEmpty releases the records of one page and
// decodes another: the released maps are emptied, and the new page reads
// exactly as encoding/json reads it, whether or not its maps are reused.
func TestReleasedRecordsAreReusedEmpty(t *testing.T) {
	first := `{"records":[{"a":{"type":"T","value":"1"},"b":{"type":"T","value":"2"},"c":{"type":"T","value":"3"}},{"a":{"type":"T","value":"4"}}]}`
	second := `{"records":[{"x":{"type":"NUMBER","value":"9"}},{"a":{"type":"T","value":"5"},"y":{"type":"T","value":null}}]}`
	var a recordsAnswer
	require.NoError(t, a.decodeBody(strings.NewReader(first)))
	for _, r := range a.Records {
		ReleaseRecord(r)
		assert.Empty(t, r)
	}
	var b recordsAnswer
	require.NoError(t, b.decodeBody(strings.NewReader(second)))
	want, _, _, err := reference(t, second)
	require.NoError(t, err)
	assert.Equal(t, compact(t, want), compact(t, b.Records))
}
