package translate

import (
	"strings"

	"github.com/xwb1989/sqlparser"
)

// The parser does not read GROUP BY ... WITH ROLLUP. The front end turns
// GROUP BY a, b WITH ROLLUP into GROUP BY __rollup(a, b), which bindGroups
// unwraps (rollupGroups) into the groups a, b of an engine.Aggregate with
// Rollup set.

// rollupName is the placeholder call around the groups of a ROLLUP.
const rollupName = "__rollup"

// rollupEdits returns the edits for the WITH ROLLUP at words[i]: the
// GROUP BY list before it (at the same depth) is wrapped in __rollup(...).
func rollupEdits(words []word, i int) []edit {
	depth := 0
	for j := i - 1; j > 0; j-- {
		switch words[j].text {
		case ")":
			depth++
		case "(":
			depth--
			if depth < 0 {
				return nil
			}
		case "by":
			if depth == 0 && words[j-1].text == "group" {
				return []edit{{start: words[j].end, end: words[j].end, text: " " + rollupName + "("},
					{start: wordStart(words[i]), end: words[i+1].end, text: ")"}}
			}
		}
	}
	return nil
}

// rollupGroups unwraps GROUP BY __rollup(...) and reports whether it was
// one.
func rollupGroups(groupBy sqlparser.GroupBy) (sqlparser.GroupBy, bool) {
	if len(groupBy) != 1 {
		return groupBy, false
	}
	f, ok := groupBy[0].(*sqlparser.FuncExpr)
	if !ok || !strings.EqualFold(f.Name.String(), rollupName) {
		return groupBy, false
	}
	out := make(sqlparser.GroupBy, 0, len(f.Exprs))
	for _, se := range f.Exprs {
		if ae, ok := se.(*sqlparser.AliasedExpr); ok {
			out = append(out, ae.Expr)
		}
	}
	return out, true
}
