package query

import (
	"reflect"
	"strings"
	"testing"
)

func TestQuote(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", `""`},
		{"abc", `"abc"`},
		{`a"b`, `"a\"b"`},
		{`a\b`, `"a\\b"`},
		{"a\tb\nc\rd", `"a\tb\nc\rd"`},
		{`\"`, `"\\\""`},
		{"日本語\u3000", "\"日本語\u3000\""},
		{"a\xffb", "\"a\uFFFDb\""},
		{"\xff\xfe", "\"\uFFFD\""},
		{"\x00\x1f", "\"\x00\x1f\""},
	}
	for _, tt := range tests {
		if got := Quote(tt.in); got != tt.want {
			t.Errorf("Quote(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// checkQuoted asserts that `f = Quote(s)` parses to one condition on f whose
// value is s with invalid UTF-8 replaced as Quote documents.
func checkQuoted(t *testing.T, s string) {
	t.Helper()
	q, err := Parse("f = " + Quote(s))
	if err != nil {
		t.Fatalf("Parse(f = Quote(%q)): %v", s, err)
	}
	c, ok := q.Where.(*Condition)
	if !ok || q.OrderBy != nil || q.Limit != nil || q.Offset != nil {
		t.Fatalf("Quote(%q) changed the query structure: %#v", s, q)
	}
	want := strings.ToValidUTF8(s, "\uFFFD")
	if c.Field != (Field{Code: "f"}) || c.Op != OpEq || len(c.Values) != 1 || !reflect.DeepEqual(c.Values[0], Str(want)) {
		t.Fatalf("Quote(%q) parsed to %#v, want value %q", s, c, want)
	}
}

func TestQuoteParses(t *testing.T) {
	for _, s := range []string{"", `"`, `\`, `\"`, `") or x = ("`, "a\nb", "limit 1", "\xff", "\u3000"} {
		checkQuoted(t, s)
	}
}

func FuzzQuote(f *testing.F) {
	for _, s := range []string{"", "abc", `"`, `\\`, `\"`, "\t\n\r", `") or $id > 0 or x in ("`, "日本語", "\xff\xfe", "a\x00b", "\u3000"} {
		f.Add(s)
	}
	f.Fuzz(checkQuoted)
}
