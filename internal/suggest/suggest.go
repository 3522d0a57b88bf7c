// Package suggest finds the known names nearest to a misspelt one, for
// "did you mean" hints in error messages.
package suggest

import (
	"slices"
	"strings"
)

// Near decides whether candidate is close enough to name to be offered;
// both are lower-cased and dist is their Distance.
type Near func(name, candidate string, dist int) bool

// Nearest returns the candidates that near accepts for name, nearest
// first; candidates at the same distance keep their order in candidates.
// Names compare case-insensitively; empty and repeated candidates are
// skipped.
func Nearest(name string, candidates []string, near Near) []string {
	type scored struct {
		name string
		dist int
	}
	lname := strings.ToLower(name)
	var found []scored
	seen := map[string]bool{}
	for _, c := range candidates {
		if c == "" || seen[c] {
			continue
		}
		seen[c] = true
		lc := strings.ToLower(c)
		if d := Distance(lname, lc); near(lname, lc, d) {
			found = append(found, scored{c, d})
		}
	}
	slices.SortStableFunc(found, func(a, b scored) int { return a.dist - b.dist })
	out := make([]string, len(found))
	for i, f := range found {
		out[i] = f.name
	}
	return out
}

// Distance is the Levenshtein distance between a and b, counted in runes:
// the fewest single-rune insertions, deletions and substitutions that turn
// one into the other.
func Distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
