package schema

import (
	"slices"
	"strconv"
	"strings"
)

// maxSuggestions bounds the names offered by didYouMean.
const maxSuggestions = 3

// didYouMean returns `; did you mean "x" or "y"?` naming the candidates
// closest to name (edit distance over lower-cased runes, at most a third of
// the name's length and at least 2, or one containing the other), or "".
func didYouMean(name string, candidates []string) string {
	type scored struct {
		name string
		dist int
	}
	lname := []rune(strings.ToLower(name))
	limit := max(2, len(lname)/3)
	var best []scored
	seen := map[string]bool{}
	for _, c := range candidates {
		if c == "" || seen[c] {
			continue
		}
		seen[c] = true
		lc := strings.ToLower(c)
		d := editDistance(lname, []rune(lc))
		if d > limit && !(len(lname) >= 3 && (strings.Contains(lc, string(lname)) || strings.Contains(string(lname), lc))) {
			continue
		}
		best = append(best, scored{c, d})
	}
	if len(best) == 0 {
		return ""
	}
	slices.SortFunc(best, func(a, b scored) int {
		if a.dist != b.dist {
			return a.dist - b.dist
		}
		return strings.Compare(a.name, b.name)
	})
	if len(best) > maxSuggestions {
		best = best[:maxSuggestions]
	}
	quoted := make([]string, len(best))
	for i, b := range best {
		quoted[i] = strconv.Quote(b.name)
	}
	return "; did you mean " + joinWords(quoted, "or") + "?"
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
