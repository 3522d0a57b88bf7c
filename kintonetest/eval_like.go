package kintonetest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// kintone's like is a word search over a full-text index, not SQL's %
// pattern (kintone-api.md §6: `like "key"` does not match "gamma keyword").
// This emulator approximates it:
//   - text is split into tokens: runs of letters and digits (case-folded,
//     full-width ASCII folded to half width) and runs of CJK characters
//     (Han, Hiragana, Katakana, Hangul); everything else separates tokens
//     and is ignored;
//   - a term matches when each of its tokens is found: a letter/digit
//     token must equal a whole token of the text, a CJK token must be a
//     substring of a CJK run of the text (kintone uses morphological
//     analysis for Japanese; substring matching is the approximation);
//   - a term with no token at all (e.g. "" or "%") matches every value;
//   - a token of one character matches nothing: kintone's index has a
//     minimum term length, and a one-character term (one kana, "a") finds
//     no record (kintone-observed.md, like).
//
// Not reproduced: the asynchronous index (kintone may not find a record
// written a moment ago), stemming or synonym rules.

// minLikeTerm is the shortest term kintone's word search finds anything
// with (one character finds nothing; kintone-observed.md).
const minLikeTerm = 2

// likeToken is one token of text or of a search term.
type likeToken struct {
	text string
	cjk  bool
}

// likeMatcher is a compiled like term.
type likeMatcher []likeToken

func compileLike(term string) likeMatcher { return tokenize(term) }

// match reports whether every token of the term occurs in text.
func (m likeMatcher) match(text string) bool {
	if len(m) == 0 {
		return true
	}
	for _, want := range m {
		if utf8.RuneCountInString(want.text) < minLikeTerm {
			return false
		}
	}
	toks := tokenize(text)
	for _, want := range m {
		found := false
		for _, t := range toks {
			if t.cjk == want.cjk && (t.text == want.text || want.cjk && strings.Contains(t.text, want.text)) {
				found = true
				break
			}
		}
		if !found {
			return false
		}
	}
	return true
}

// tokenize splits text into word and CJK tokens.
func tokenize(text string) []likeToken {
	var out []likeToken
	var cur strings.Builder
	curCJK := false
	flush := func() {
		if cur.Len() > 0 {
			out = append(out, likeToken{text: cur.String(), cjk: curCJK})
			cur.Reset()
		}
	}
	for _, r := range text {
		r = foldWidth(r)
		switch {
		case isCJK(r):
			if !curCJK {
				flush()
				curCJK = true
			}
			cur.WriteRune(r)
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if curCJK {
				flush()
				curCJK = false
			}
			cur.WriteRune(unicode.ToLower(r))
		default:
			flush()
		}
	}
	flush()
	return out
}

// isCJK reports the characters searched by substring: Han, Hiragana,
// Katakana (with the prolonged sound mark) and Hangul.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul) || r == 'ー'
}

// foldWidth maps full-width ASCII (U+FF01..U+FF5E) to half width.
func foldWidth(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFEE0
	}
	return r
}
