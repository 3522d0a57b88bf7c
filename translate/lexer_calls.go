package translate

import (
	"slices"
	"strings"

	"github.com/kintone-sql/kintone/engine"
)

// The parser reads few of MySQL's special call forms: SUBSTRING only with
// a column as first argument, and not TRIM(LEADING x FROM s), EXTRACT(unit
// FROM d), POSITION(a IN b) or typed literals (DATE '2024-01-31'). A
// second pass over the prepared text turns them into plain calls, keeping
// the origin map for error positions:
//
//   - SUBSTRING/SUBSTR/MID(s FROM a FOR b) → `substring`(s, a, b) (the
//     quoted name makes the parser read a generic call);
//   - TRIM([BOTH|LEADING|TRAILING] [x] FROM s) → `__trim_both`(x, s) ...
//     (x defaults to a space);
//   - EXTRACT(unit FROM d) → `__extract`('unit', d);
//   - POSITION(a IN b) → locate(a, b);
//   - DATE 'x', TIME 'x', TIMESTAMP 'x' → date('x'), time('x'),
//     timestamp('x');
//   - SCHEMA() → database() (SCHEMA is a keyword to the parser), and a
//     bare CURRENT_USER → current_user().

// edit replaces text[start:end] of a prepared text.
type edit struct {
	start, end int
	text       string
}

// rewriteCalls applies the rewrites above.
func rewriteCalls(p *prepared) *prepared {
	words := codeWords(p.text)
	var edits []edit
	for i := 0; i < len(words); i++ {
		w := words[i]
		if i > 0 && words[i-1].text == "." {
			continue
		}
		switch w.text {
		case "substring", "substr", "mid", "trim", "extract", "position":
			if wordAt(words, i+1) == "(" {
				edits = append(edits, callEdits(words, i)...)
			}
		case "with":
			if wordAt(words, i+1) == "rollup" {
				edits = append(edits, rollupEdits(words, i)...)
			}
		case "any", "some", "all":
			if e, ok := quantifierEdits(words, i); ok {
				edits = append(edits, e...)
			}
		case "schema":
			if wordAt(words, i+1) == "(" {
				edits = append(edits, edit{start: wordStart(w), end: w.end, text: "database"})
			}
		case "current_user":
			if wordAt(words, i+1) != "(" {
				edits = append(edits, edit{start: w.end, end: w.end, text: "()"})
			}
		case "date", "time", "timestamp":
			if wordAt(words, i+1) == "'" && (i == 0 || words[i-1].text != "as") {
				edits = append(edits, edit{start: w.end, end: w.end, text: "("}, edit{start: words[i+1].end, end: words[i+1].end, text: ")"})
			}
		}
	}
	if len(edits) == 0 {
		return p
	}
	return p.apply(edits)
}

// quantifierEdits turns op ANY|SOME|ALL (SELECT ...) into op
// __quant_any((SELECT ...)) or __quant_all(...), a call the parser reads
// (comparison.go binds it).
func quantifierEdits(words []word, i int) ([]edit, bool) {
	if i == 0 || wordAt(words, i+1) != "(" || (wordAt(words, i+2) != "select" && wordAt(words, i+2) != "(") {
		return nil, false
	}
	if prev := words[i-1].text; prev != "=" && prev != "<" && prev != ">" {
		return nil, false
	}
	j, _ := groupEnd(words, i+1)
	if j < 0 {
		return nil, false
	}
	name := quantAny
	if words[i].text == "all" {
		name = quantAll
	}
	return []edit{{start: wordStart(words[i]), end: words[i].end, text: name + "("},
		{start: words[j].end, end: words[j].end, text: ")"}}, true
}

// groupEnd returns the index of the ")" that closes the "(" at
// words[open] (-1 when none does) and the indexes of the words directly
// inside the group, outside any nested parentheses.
func groupEnd(words []word, open int) (close int, top []int) {
	depth := 0
	for j := open; j < len(words); j++ {
		switch words[j].text {
		case "(":
			depth++
		case ")":
			depth--
			if depth == 0 {
				return j, top
			}
		default:
			if depth == 1 {
				top = append(top, j)
			}
		}
	}
	return -1, top
}

// wordStart returns the offset where an ASCII word or punctuation word
// starts.
func wordStart(w word) int { return w.end - len(w.text) }

// callEdits returns the edits for the special call whose name is
// words[i] (words[i+1] is its "(").
func callEdits(words []word, i int) []edit {
	name := words[i]
	close, top := groupEnd(words, i+1)
	if close < 0 || len(top) == 0 {
		return nil
	}
	rename := func(to string) edit { return edit{start: wordStart(name), end: name.end, text: to} }
	comma := func(j int) edit { return edit{start: wordStart(words[j]), end: words[j].end, text: ","} }
	switch name.text {
	case "substring", "substr", "mid":
		out := []edit{rename("`substring`")}
		for _, j := range top {
			if t := words[j].text; t == "from" || t == "for" {
				out = append(out, comma(j))
			}
		}
		return out
	case "position":
		for _, j := range top {
			if words[j].text == "in" {
				return []edit{rename("locate"), comma(j)}
			}
		}
	case "extract":
		if len(top) >= 2 && words[top[1]].text == "from" {
			unit := words[top[0]]
			return []edit{rename("`" + strings.ToLower(engine.ExtractFunc) + "`"),
				{start: wordStart(unit), end: unit.end, text: "'" + unit.text + "'"}, comma(top[1])}
		}
	case "trim":
		return trimEdits(words, top, rename, comma)
	}
	return nil
}

// trimEdits rewrites TRIM([BOTH|LEADING|TRAILING] [x] FROM s).
func trimEdits(words []word, top []int, rename func(string) edit, comma func(int) edit) []edit {
	from := -1
	for _, j := range top {
		if words[j].text == "from" {
			from = j
			break
		}
	}
	if from < 0 {
		return nil // TRIM(s)
	}
	fn := engine.TrimBothFunc
	out := []edit{}
	first := words[top[0]]
	switch first.text {
	case "both", "leading", "trailing":
		if first.text == "leading" {
			fn = engine.TrimLeadingFunc
		} else if first.text == "trailing" {
			fn = engine.TrimTrailingFunc
		}
		out = append(out, edit{start: wordStart(first), end: first.end, text: ""})
		if top[0]+1 == from {
			// No remstr: trim spaces.
			out = append(out, edit{start: wordStart(words[from]), end: words[from].end, text: "' ',"})
			return append(out, rename("`"+strings.ToLower(fn)+"`"))
		}
	}
	if top[0] == from {
		out = append(out, edit{start: wordStart(words[from]), end: words[from].end, text: "' ',"})
	} else {
		out = append(out, comma(from))
	}
	return append(out, rename("`"+strings.ToLower(fn)+"`"))
}

// apply returns the text with the edits made (sorted by start, not
// overlapping); inserted text maps to the origin of the edit's start.
func (p *prepared) apply(edits []edit) *prepared {
	slices.SortStableFunc(edits, func(a, b edit) int { return a.start - b.start })
	var b strings.Builder
	origin := make([]int, 0, len(p.origin)+16)
	at := 0
	for _, e := range edits {
		if e.start < at {
			continue
		}
		b.WriteString(p.text[at:e.start])
		origin = append(origin, p.origin[at:e.start]...)
		b.WriteString(e.text)
		for range len(e.text) {
			origin = append(origin, p.origin[e.start])
		}
		at = e.end
	}
	b.WriteString(p.text[at:])
	origin = append(origin, p.origin[at:]...)
	return &prepared{src: p.src, text: b.String(), origin: origin, params: p.params}
}
