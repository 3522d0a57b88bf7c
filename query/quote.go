package query

import "strings"

// quoteEscaper escapes the characters a kintone string literal cannot hold
// raw: the delimiter, the escape character, and tab, LF and CR, which real
// kintone rejects inside literals (kintone-api.md §6 [OBS]).
var quoteEscaper = strings.NewReplacer(
	`\`, `\\`,
	`"`, `\"`,
	"\t", `\t`,
	"\n", `\n`,
	"\r", `\r`,
)

// Quote returns s as a kintone string literal that Parse reads back as s,
// so that no value can change the structure of a query. Invalid UTF-8 is
// replaced first, each run of invalid bytes by one U+FFFD (as
// strings.ToValidUTF8 does), because kintone queries are UTF-8 text and
// Parse rejects invalid bytes. Other control characters are kept raw.
func Quote(s string) string {
	return `"` + quoteEscaper.Replace(strings.ToValidUTF8(s, "\uFFFD")) + `"`
}
