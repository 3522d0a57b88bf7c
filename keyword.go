package kintone

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// leadingKeyword returns the first word of a SQL statement in upper case,
// after white space, comments (-- ..., # ..., /* ... */) and opening
// parentheses, or "" when there is none. Exec uses it to tell writes from
// other statements without planning them.
func leadingKeyword(sql string) string {
	s := sql
	for {
		s = strings.TrimLeftFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '(' })
		switch {
		case strings.HasPrefix(s, "--"), strings.HasPrefix(s, "#"):
			i := strings.IndexByte(s, '\n')
			if i < 0 {
				return ""
			}
			s = s[i+1:]
		case strings.HasPrefix(s, "/*"):
			i := strings.Index(s[2:], "*/")
			if i < 0 {
				return ""
			}
			s = s[i+4:]
		default:
			end := 0
			for end < len(s) {
				r, size := utf8.DecodeRuneInString(s[end:])
				if !unicode.IsLetter(r) {
					break
				}
				end += size
			}
			return strings.ToUpper(s[:end])
		}
	}
}
