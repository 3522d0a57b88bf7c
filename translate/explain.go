package translate

import (
	"fmt"
	"strings"

	"github.com/kintone-sql/kintone/engine"
)

// EXPLAIN <select> (also DESCRIBE/DESC <select>, as in MySQL) plans the
// SELECT and returns an engine.ExplainPlan over it: the rows (id, parent,
// operation, detail) list each kintone request (app, the query text exactly
// as sent, fields, paging mode) and each client-side step. EXPLAIN sends
// one request per kintone scan (limit 1, totalCount) to estimate the
// records and requests the query will need; nothing else runs.

// stripExplain removes a leading EXPLAIN (DESCRIBE, DESC) keyword from
// prepared text whose first words are words; explain reports whether
// there was one. Only SELECT may follow.
func stripExplain(p *prepared, words []word) (out *prepared, explain bool, err error) {
	switch words[0].text {
	case "explain", "describe", "desc":
	default:
		return p, false, nil
	}
	if len(words) < 2 || (words[1].text != "select" && words[1].text != "(" && words[1].text != "with") {
		if words[0].text == "explain" {
			return nil, false, fmt.Errorf("EXPLAIN supports SELECT statements only")
		}
		return nil, false, notSupported("DESCRIBE " + strings.ToUpper(wordAt(words, 1)))
	}
	return p.slice(words[0].end), true, nil
}

// explainPlan wraps a plan for EXPLAIN, with the cheap estimate requests.
func explainPlan(plan engine.Node) engine.Node {
	return &engine.ExplainPlan{Plan: plan, Estimate: true}
}
