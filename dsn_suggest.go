package kintone

import (
	"strings"

	"github.com/kintone-sql/kintone/internal/suggest"
)

// suggestKey returns the known property name nearest to an unknown key, or ""
// when none is near enough. Near means an edit distance of at most 2 (or a
// third of the name's length), or one name containing the other (so "Token"
// suggests "APIToken" and "Username" suggests "User"). Ties go to the
// earlier name.
func suggestKey(key string) string {
	near := suggest.Nearest(strings.TrimSpace(key), knownNames(), func(k, n string, d int) bool {
		return d <= 2 || 3*d <= len(n) ||
			(len(k) >= 4 && strings.Contains(n, k)) || (len(n) >= 4 && strings.Contains(k, n))
	})
	if len(near) == 0 {
		return ""
	}
	return near[0]
}

// knownNames lists every property name ParseDSN accepts without error.
func knownNames() []string {
	names := make([]string, 0, len(properties)+len(ignoredNames))
	for _, p := range properties {
		names = append(names, p.name)
	}
	return append(names, ignoredNames...)
}
