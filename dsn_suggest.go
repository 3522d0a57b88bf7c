package kintone

import "strings"

// suggestKey returns the known property name nearest to an unknown key, or ""
// when none is near enough. Near means an edit distance of at most 2 (or a
// third of the name's length), or one name containing the other (so "Token"
// suggests "APIToken" and "Username" suggests "User"). Ties go to the
// smaller distance, then to the earlier name.
func suggestKey(key string) string {
	k := asciiLower(strings.TrimSpace(key))
	best, bestDist := "", -1
	for _, name := range knownNames() {
		n := asciiLower(name)
		d := editDistance(k, n)
		near := d <= 2 || 3*d <= len(n) ||
			(len(k) >= 4 && strings.Contains(n, k)) || (len(n) >= 4 && strings.Contains(k, n))
		if near && (bestDist < 0 || d < bestDist) {
			best, bestDist = name, d
		}
	}
	return best
}

// knownNames lists every property name ParseDSN accepts without error.
func knownNames() []string {
	names := make([]string, 0, len(properties)+len(ignoredNames))
	for _, p := range properties {
		names = append(names, p.name)
	}
	return append(names, ignoredNames...)
}

// editDistance is the Levenshtein distance between a and b, counted in bytes
// (property names are ASCII).
func editDistance(a, b string) int {
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
