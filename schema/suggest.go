package schema

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/kintone-sql/kintone/internal/suggest"
)

// maxSuggestions bounds the names offered by didYouMean.
const maxSuggestions = 3

// didYouMean returns `; did you mean "x" or "y"?` naming the candidates
// closest to name (edit distance over lower-cased runes, at most a third of
// the name's length and at least 2, or one containing the other), or "".
// Candidates equally close are named in sorted order.
func didYouMean(name string, candidates []string) string {
	best := suggest.Nearest(name, slices.Sorted(slices.Values(candidates)), func(n, c string, d int) bool {
		size := utf8.RuneCountInString(n)
		return d <= max(2, size/3) || (size >= 3 && (strings.Contains(c, n) || strings.Contains(n, c)))
	})
	if len(best) == 0 {
		return ""
	}
	quoted := make([]string, min(len(best), maxSuggestions))
	for i := range quoted {
		quoted[i] = strconv.Quote(best[i])
	}
	return "; did you mean " + joinWords(quoted, "or") + "?"
}
