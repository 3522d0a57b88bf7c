package translate

import (
	"fmt"
	"strings"
)

// PushdownDoc renders the provenance table as the Markdown of
// docs/pushdown.md.
func PushdownDoc() string {
	var b strings.Builder
	b.WriteString(`# Which WHERE conditions kintone answers

<!-- Generated from translate/provenance.go by PushdownDoc; do not edit.
     Regenerate: KINTONE_UPDATE_DOCS=1 go test ./translate/ -run TestPushdownDocUpToDate -->

The driver sends each WHERE condition it can express to kintone, so fewer records travel. How far it
trusts kintone's answer depends on what is known about it:

- **exact**: kintone's answer is SQL's answer. Nothing is re-checked, and ` + "`COUNT(*)`" + ` is one request
  (kintone's ` + "`totalCount`" + `).
- **narrowing (re-checked)**: kintone may return more records than match (never fewer); the driver checks
  every returned row again, and ` + "`COUNT(*)`" + ` counts the rows it reads.
- **not pushed**: the condition is not sent; the driver evaluates it on every record.

Each row has a source: **documented** (cybozu's query reference), **observed** (seen on a real kintone
tenant), or **assumed** (neither). An assumed row is used the skeptical way ("default" column) unless the
DSN sets ` + "`TrustAssumedPushdown=true`" + `, which uses its "if trusted" answer: set it only after checking
those rows on your tenant (see "Checking a real tenant" in the README).

| field types | kintone form | SQL example | if trusted | source | default | why |
|---|---|---|---|---|---|---|
`)
	for _, r := range pushdownRules {
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s | %s | %s |\n", cell(r.Types), code(r.Form), code(r.SQL),
			r.Answer, r.Source, r.Effective(false), cell(r.Cite))
	}
	b.WriteString(`
Conditions on columns that are not listed (RECORD_NUMBER text, CREATOR/MODIFIER names, GROUP_SELECT,
CATEGORY, DOUBLE-mapped numbers, date-formatted CALC) are evaluated by the driver.
`)
	return b.String()
}

// cell escapes a table cell.
func cell(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

// code renders s as inline code in a table cell.
func code(s string) string { return "`` " + cell(s) + " ``" }
