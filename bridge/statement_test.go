package bridge

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestTokenize checks the bridge's reading of session statements through
// translate/sqltext: scoped system variables are one word, quoted names
// and strings are decoded, comments are dropped, Japanese names are bare
// words.
func TestTokenize(t *testing.T) {
	sql := "SET @@SESSION.sql_mode = 'it''s\\n', @x := `a``b` /* c */ -- d\n# e\n, 案件名 = [商談 名] , @@max_allowed_packet=1.5"
	toks := tokenize(sql)
	var got []string
	var kinds []tokenKind
	for _, tk := range toks {
		got = append(got, tk.text)
		kinds = append(kinds, tk.kind)
		if tk.kind == tokWord || tk.kind == tokPunct {
			assert.Equal(t, tk.text, sql[tk.start:tk.end], "span of %q", tk.text)
		}
	}
	assert.Equal(t, []string{"SET", "@@SESSION.sql_mode", "=", "it's\n", ",", "@x", ":", "=", "a`b", ",", "案件名", "=", "商談 名", ",", "@@max_allowed_packet", "=", "1.5"}, got)
	assert.Equal(t, []tokenKind{tokWord, tokWord, tokPunct, tokString, tokPunct, tokWord, tokPunct, tokPunct, tokIdent, tokPunct, tokWord, tokPunct, tokIdent, tokPunct, tokWord, tokPunct, tokWord}, kinds)
	assert.Equal(t, []string{"@@global", ".", "x"}, texts(tokenize("@@global .x")), "a spaced dot is not part of the name")
}

func texts(toks []token) []string {
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.text
	}
	return out
}
