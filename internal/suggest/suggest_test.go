package suggest

import (
	"slices"
	"testing"
)

func TestDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0},
		{"", "abc", 3},
		{"abc", "", 3},
		{"same", "same", 0},
		{"kitten", "sitting", 3},
		{"password", "pasword", 1}, // deletion
		{"pasword", "password", 1}, // insertion
		{"appid", "appld", 1},      // substitution
		{"ab", "ba", 2},            // a swap is two edits
		{"顧客名", "顧客", 1},           // runes, not bytes
		{"ＡＢＣ", "ABC", 3},          // no folding of width
		{"Case", "case", 1},        // no case folding: Nearest folds
		{"flaw", "lawn", 2},        // deletion plus insertion
		{"intention", "execution", 5},
	}
	for _, tt := range tests {
		if got := Distance(tt.a, tt.b); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
		if got := Distance(tt.b, tt.a); got != tt.want {
			t.Errorf("Distance(%q, %q) = %d, want %d (symmetric)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestNearest(t *testing.T) {
	withinTwo := func(_, _ string, d int) bool { return d <= 2 }
	tests := []struct {
		label      string
		name       string
		candidates []string
		near       Near
		want       []string
	}{
		{"nearest first", "prize", []string{"prized", "price", "prize!!", "other"}, withinTwo,
			[]string{"prized", "price", "prize!!"}},
		{"ties keep the candidates' order", "cat", []string{"cut", "bat", "cot"}, withinTwo,
			[]string{"cut", "bat", "cot"}},
		{"case-insensitive, original spelling returned", "PRICE", []string{"Price", "price"}, withinTwo,
			[]string{"Price", "price"}},
		{"empty and repeated candidates skipped", "ab", []string{"", "ab", "ab", "abc"}, withinTwo,
			[]string{"ab", "abc"}},
		{"none near", "xyzzy", []string{"price", "amount"}, withinTwo, []string{}},
		{"no candidates", "x", nil, withinTwo, []string{}},
		{"near sees lower-cased names", "AbC", []string{"ABCDEF", "abd"},
			func(n, c string, _ int) bool { return n == "abc" && c == "abcdef" }, []string{"ABCDEF"}},
	}
	for _, tt := range tests {
		t.Run(tt.label, func(t *testing.T) {
			if got := Nearest(tt.name, tt.candidates, tt.near); !slices.Equal(got, tt.want) {
				t.Errorf("Nearest(%q, %q) = %q, want %q", tt.name, tt.candidates, got, tt.want)
			}
		})
	}
}
