package translate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/translate/sqltext"
)

// The parser cannot read WITH. The front end cuts each WITH clause out of
// the text (wherever it stands: before the SELECT, in a subquery, after
// INSERT ... (columns)), parses each common table expression's body on
// its own, and the planner binds a reference to one as a derived table
// whose rows are read once per statement (engine.CTE), however many times
// the statement names it. A CTE sees the CTEs defined before it; WITH
// RECURSIVE is refused.
//
// A WITH clause inside parentheses (a subquery, a derived table) is
// scoped to them: the front end marks each SELECT there with a comment
// the parser keeps (/*__cte_scope:N*/), and the planner sees the clause's
// CTEs while it plans a marked block; an inner CTE hides an outer one of
// the same name. Two CTEs of one WITH clause may not share a name.

// cte is one common table expression of a statement.
type cte struct {
	name string
	cols []string // the optional column list
	sel  sqlparser.SelectStatement
	// index is the CTE's place in the statement: it sees CTEs before it.
	index int
	// scope is the WITH clause's scope: 0 for a clause outside any
	// parentheses (seen by the whole statement), else the number in the
	// marks of the SELECTs that see it.
	scope int
	node  *engine.CTE // planned on first reference
}

// extractCTEs cuts the WITH clauses out of p and parses their bodies.
func extractCTEs(p *prepared) (*prepared, []*cte, error) {
	rest, out, err := (&cteCutter{}).extract(p, false)
	for i, c := range out {
		c.index = i
	}
	return rest, out, err
}

// cteCutter cuts WITH clauses out of a statement; scopes counts the
// nested clauses (their scope numbers).
type cteCutter struct{ scopes int }

// extract cuts the WITH clauses out of p; inBody is true for the body of
// a CTE, whose clauses are scoped to it.
func (k *cteCutter) extract(p *prepared, inBody bool) (*prepared, []*cte, error) {
	var out []*cte
	for {
		toks := sqltext.CodeTokens(p.text)
		at := -1
		for i, t := range toks {
			if t.Is("with") && !(i+1 < len(toks) && toks[i+1].Is("rollup")) {
				at = i
				break
			}
		}
		if at < 0 {
			return p, out, nil
		}
		rest, ctes, err := k.cut(p, toks, at, inBody)
		if err != nil {
			return nil, nil, err
		}
		out = append(out, ctes...)
		p = rest
	}
}

// cut parses the WITH clause at toks[at] and returns the text without it
// and its CTEs (the CTEs nested in their bodies first).
func (k *cteCutter) cut(p *prepared, toks []sqltext.Token, at int, inBody bool) (*prepared, []*cte, error) {
	bad := func(i int, what string) error {
		pos := len(p.text)
		near := "the end of the statement"
		if i < len(toks) {
			pos, near = toks[i].Pos, fmt.Sprintf("'%s'", toks[i].Text)
		}
		return fmt.Errorf("syntax error at position %d near %s: WITH needs name [(columns)] AS (SELECT ...), expected %s",
			charPos(p.src, p.originOf(pos)), near, what)
	}
	i := at + 1
	if i < len(toks) && toks[i].Is("recursive") {
		return nil, nil, notSupported("WITH RECURSIVE (recursive common table expressions)")
	}
	var out, clause []*cte
	end := 0
	for {
		if i >= len(toks) || (toks[i].Kind != sqltext.Word && toks[i].Kind != sqltext.Quoted) {
			return nil, nil, bad(i, "a name")
		}
		c := &cte{name: toks[i].Name()}
		i++
		if i < len(toks) && toks[i].Is("(") {
			for i++; ; i++ {
				if i >= len(toks) || (toks[i].Kind != sqltext.Word && toks[i].Kind != sqltext.Quoted) {
					return nil, nil, bad(i, "a column name")
				}
				c.cols = append(c.cols, toks[i].Name())
				if i+1 < len(toks) && toks[i+1].Is(",") {
					i++
					continue
				}
				i++
				break
			}
			if i >= len(toks) || !toks[i].Is(")") {
				return nil, nil, bad(i, "')'")
			}
			i++
		}
		if i >= len(toks) || !toks[i].Is("as") {
			return nil, nil, bad(i, "AS")
		}
		i++
		if i >= len(toks) || !toks[i].Is("(") {
			return nil, nil, bad(i, "'('")
		}
		closing := matchingParen(toks, i)
		if closing < 0 {
			return nil, nil, bad(len(toks), "')'")
		}
		body := p.sub(toks[i].End(), toks[closing].Pos)
		body, inner, err := k.extract(body, true)
		if err != nil {
			return nil, nil, err
		}
		stmt, err := sqlparser.Parse(body.text)
		if err != nil {
			return nil, nil, parseError(body, codeWords(body.text), err)
		}
		if c.sel, err = queryOf(stmt); err != nil {
			return nil, nil, fmt.Errorf("common table expression %s: %w", c.name, err)
		}
		for _, o := range clause {
			if strings.EqualFold(o.name, c.name) {
				return nil, nil, fmt.Errorf("common table expression %q is defined twice in one WITH clause", c.name)
			}
		}
		clause = append(clause, c)
		out = append(out, inner...)
		out = append(out, c)
		end = toks[closing].End()
		i = closing + 1
		if i < len(toks) && toks[i].Is(",") {
			i++
			continue
		}
		break
	}
	edits := []edit{{start: toks[at].Pos, end: end, text: " "}}
	if groupEnd, nested := enclosingGroupEnd(toks, at); nested || inBody {
		k.scopes++
		mark := fmt.Sprintf(" /*%s%d*/", cteScopeMark, k.scopes)
		for _, t := range toks[at:groupEnd] {
			if t.Pos >= end && t.Is("select") {
				edits = append(edits, edit{start: t.End(), end: t.End(), text: mark})
			}
		}
		for _, c := range clause {
			c.scope = k.scopes
		}
	}
	return p.apply(edits), out, nil
}

// cteScopeMark starts the comment that marks the SELECTs of a nested WITH
// clause's scope.
const cteScopeMark = "__cte_scope:"

// enclosingGroupEnd returns the index of the ")" closing the parentheses
// around toks[at]; nested is false when toks[at] is outside any.
func enclosingGroupEnd(toks []sqltext.Token, at int) (int, bool) {
	depth := 0
	for _, t := range toks[:at] {
		if t.Is("(") {
			depth++
		} else if t.Is(")") {
			depth--
		}
	}
	if depth <= 0 {
		return len(toks), false
	}
	depth = 0
	for j := at; j < len(toks); j++ {
		if toks[j].Is("(") {
			depth++
		} else if toks[j].Is(")") {
			if depth == 0 {
				return j, true
			}
			depth--
		}
	}
	return len(toks), true
}

// openCTEScopes makes the CTEs of the scopes marked on sel visible until
// the returned function is called.
func (p *planner) openCTEScopes(sel *sqlparser.Select) func() {
	var opened []int
	for _, c := range sel.Comments {
		text := strings.Trim(string(c), "/* ")
		if rest, ok := strings.CutPrefix(text, cteScopeMark); ok {
			if n, err := strconv.Atoi(rest); err == nil {
				if p.st.openScopes == nil {
					p.st.openScopes = map[int]int{}
				}
				p.st.openScopes[n]++
				opened = append(opened, n)
			}
		}
	}
	return func() {
		for _, n := range opened {
			p.st.openScopes[n]--
		}
	}
}

// matchingParen returns the index of the ")" closing toks[open], or -1.
func matchingParen(toks []sqltext.Token, open int) int {
	depth := 0
	for j := open; j < len(toks); j++ {
		switch {
		case toks[j].Is("("):
			depth++
		case toks[j].Is(")"):
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// sub returns the prepared text between offsets from and to.
func (p *prepared) sub(from, to int) *prepared {
	return &prepared{src: p.src, text: p.text[from:to], origin: p.origin[from : to+1], params: p.params}
}

// lookupCTE returns the CTE a table name stands for, if it is one the
// current block may see.
func (p *planner) lookupCTE(name sqlparser.TableName) *cte {
	if !name.Qualifier.IsEmpty() {
		return nil
	}
	n := name.Name.String()
	visible := p.st.ctes[:p.st.cteVisible]
	for i := len(visible) - 1; i >= 0; i-- {
		c := visible[i]
		if strings.EqualFold(c.name, n) && (c.scope == 0 || p.st.openScopes[c.scope] > 0) {
			return c
		}
	}
	return nil
}

// bindCTE adds a reference to a CTE as a derived table; the CTE is
// planned on its first reference and shared by the others.
func (p *planner) bindCTE(c *cte, alias string) (*fromNode, error) {
	if c.node == nil {
		saved := p.st.cteVisible
		p.st.cteVisible = c.index
		node, err := p.nested(nil, nil).selectStatementPlan(c.sel)
		p.st.cteVisible = saved
		if err != nil {
			return nil, fmt.Errorf("common table expression %s: %w", c.name, err)
		}
		cols := node.Columns()
		if len(c.cols) > 0 {
			if len(c.cols) != len(cols) {
				return nil, fmt.Errorf("common table expression %s names %d columns but its query returns %d", c.name, len(c.cols), len(cols))
			}
			cols = append([]engine.Column(nil), cols...)
			for i := range cols {
				cols[i].Name = c.cols[i]
			}
		}
		c.node = &engine.CTE{Name: c.name, Cols: cols, Materialize: engine.Materialize{Input: node}}
	}
	if alias == "" {
		alias = c.name
	}
	return p.addDerived(c.node, alias)
}

// statementPlanner returns a fresh planner for another SELECT of the same
// statement (the reads of a write), seeing the statement's CTEs.
func (p *planner) statementPlanner() *planner {
	n := newPlanner(p.ctx, p.cat, p.args, p.opts)
	n.st.ctes, n.st.cteVisible, n.st.windows, n.st.openScopes = p.st.ctes, p.st.cteVisible, p.st.windows, p.st.openScopes
	return n
}
