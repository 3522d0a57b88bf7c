package translate

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/translate/sqltext"
)

// The parser reads neither OVER nor the WINDOW clause. The front end cuts
// each WINDOW w AS (...) clause out of the text, and turns each call
// f(args) OVER (spec) or f(args) OVER w into __win_N(args), a call the
// parser reads and the planner recognises (window.go), keeping the
// window's PARTITION BY, ORDER BY and frame aside, parsed.

// winPrefix starts the name of a window call's placeholder.
const winPrefix = "__win_"

// windowSpec is a parsed window specification.
type windowSpec struct {
	base      string // a named window it builds on
	partition []sqlparser.Expr
	order     sqlparser.OrderBy
	frame     *engine.Frame
}

// windowDef is one window function call of the statement.
type windowDef struct {
	fn   string // the function name, lower case
	spec *windowSpec
	// text is the call's text from OVER on, for the output column's name.
	over string
}

// windows holds the window calls and named windows of a statement.
type windows struct {
	calls []*windowDef
	named map[string]*windowSpec
}

// rewriteWindows cuts the WINDOW clauses out of p and replaces the window
// calls by placeholders.
func (ws *windows) rewrite(p *prepared) (*prepared, error) {
	for {
		toks := sqltext.CodeTokens(p.text)
		done := true
		for i, t := range toks {
			switch {
			case t.Is("window") && i > 0 && i+2 < len(toks) && toks[i+2].Is("as"):
				q, err := ws.cutNamed(p, toks, i)
				if err != nil {
					return nil, err
				}
				p, done = q, false
			case t.Is("over") && i > 0 && toks[i-1].Is(")"):
				q, err := ws.replaceCall(p, toks, i)
				if err != nil {
					return nil, err
				}
				p, done = q, false
			default:
				continue
			}
			break
		}
		if done {
			return p, nil
		}
	}
}

// cutNamed removes the WINDOW clause at toks[at], recording its windows.
func (ws *windows) cutNamed(p *prepared, toks []sqltext.Token, at int) (*prepared, error) {
	i := at + 1
	end := 0
	for {
		if i+2 >= len(toks) || !toks[i+1].Is("as") || !toks[i+2].Is("(") {
			return nil, fmt.Errorf("WINDOW needs name AS (window specification)")
		}
		name := toks[i].Name()
		closing := matchingParen(toks, i+2)
		if closing < 0 {
			return nil, fmt.Errorf("WINDOW %s: missing ')'", name)
		}
		spec, err := parseWindowSpec(p, toks[i+3:closing])
		if err != nil {
			return nil, fmt.Errorf("WINDOW %s: %w", name, err)
		}
		if ws.named == nil {
			ws.named = map[string]*windowSpec{}
		}
		key := strings.ToLower(name)
		if _, dup := ws.named[key]; dup {
			return nil, fmt.Errorf("window %q is defined twice", name)
		}
		ws.named[key] = spec
		end = toks[closing].End()
		i = closing + 1
		if i < len(toks) && toks[i].Is(",") {
			i++
			continue
		}
		break
	}
	return p.apply([]edit{{start: toks[at].Pos, end: end, text: " "}}), nil
}

// replaceCall turns the call ending before toks[over] into a placeholder.
func (ws *windows) replaceCall(p *prepared, toks []sqltext.Token, over int) (*prepared, error) {
	open := -1
	depth := 0
	for j := over - 1; j >= 0; j-- {
		if toks[j].Is(")") {
			depth++
		} else if toks[j].Is("(") {
			depth--
			if depth == 0 {
				open = j
				break
			}
		}
	}
	if open < 1 || toks[open-1].Kind != sqltext.Word {
		return nil, fmt.Errorf("syntax error at position %d near 'OVER': OVER follows a function call", charPos(p.src, p.originOf(toks[over].Pos)))
	}
	name := toks[open-1]
	def := &windowDef{fn: strings.ToLower(name.Text)}
	var end int
	switch {
	case over+1 < len(toks) && toks[over+1].Is("("):
		closing := matchingParen(toks, over+1)
		if closing < 0 {
			return nil, fmt.Errorf("OVER: missing ')'")
		}
		spec, err := parseWindowSpec(p, toks[over+2:closing])
		if err != nil {
			return nil, fmt.Errorf("%s() OVER: %w", strings.ToUpper(def.fn), err)
		}
		def.spec, end = spec, toks[closing].End()
	case over+1 < len(toks) && (toks[over+1].Kind == sqltext.Quoted ||
		toks[over+1].Kind == sqltext.Word && !slicesContainsFold(clauseWords, toks[over+1].Text)):
		def.spec, end = &windowSpec{base: toks[over+1].Name()}, toks[over+1].End()
	default:
		return nil, fmt.Errorf("%s() OVER needs a window: OVER (PARTITION BY ... ORDER BY ...) or OVER name", strings.ToUpper(def.fn))
	}
	def.over = strings.Join(strings.Fields(p.text[toks[over].Pos:end]), " ")
	n := len(ws.calls)
	ws.calls = append(ws.calls, def)
	return p.apply([]edit{
		{start: name.Pos, end: name.End(), text: winPrefix + strconv.Itoa(n)},
		{start: toks[over].Pos, end: end, text: " "},
	}), nil
}

// parseWindowSpec reads [name] [PARTITION BY ...] [ORDER BY ...] [frame].
func parseWindowSpec(p *prepared, toks []sqltext.Token) (*windowSpec, error) {
	spec := &windowSpec{}
	i := 0
	if i < len(toks) && (toks[i].Kind == sqltext.Word || toks[i].Kind == sqltext.Quoted) &&
		!toks[i].Is("partition") && !toks[i].Is("order") && !toks[i].Is("rows") && !toks[i].Is("range") {
		spec.base = toks[i].Name()
		i++
	}
	// section returns the span of the tokens from i to the first depth-0
	// token among stops.
	section := func(stops ...string) span {
		start, depth := i, 0
		for ; i < len(toks); i++ {
			switch {
			case toks[i].Is("("):
				depth++
			case toks[i].Is(")"):
				depth--
			case depth == 0 && slicesContainsFold(stops, toks[i].Text):
				if i == start {
					return span{}
				}
				return span{from: toks[start].Pos, to: toks[i-1].End()}
			}
		}
		if start >= len(toks) {
			return span{}
		}
		return span{from: toks[start].Pos, to: toks[len(toks)-1].End()}
	}
	var partText, orderText span
	if i+1 < len(toks) && toks[i].Is("partition") && toks[i+1].Is("by") {
		i += 2
		partText = section("order", "rows", "range")
	}
	if i+1 < len(toks) && toks[i].Is("order") && toks[i+1].Is("by") {
		i += 2
		orderText = section("rows", "range")
	}
	if i < len(toks) {
		f, err := parseFrame(toks[i:])
		if err != nil {
			return nil, err
		}
		spec.frame = f
	}
	if partText.to > 0 || orderText.to > 0 {
		// Parsed as the clauses of a SELECT, with positions kept.
		anchor := max(partText.from, orderText.from)
		pieces := []span{{lit: "select 1 from dual", from: anchor}}
		if partText.to > 0 {
			pieces = append(pieces, span{lit: " group by ", from: partText.from}, partText)
		}
		if orderText.to > 0 {
			pieces = append(pieces, span{lit: " order by ", from: orderText.from}, orderText)
		}
		q := p.compose(pieces)
		stmt, err := sqlparser.Parse(q.text)
		if err != nil {
			return nil, parseError(q, codeWords(q.text), err)
		}
		sel := stmt.(*sqlparser.Select)
		spec.partition, spec.order = sel.GroupBy, sel.OrderBy
	}
	return spec, nil
}

// span is a piece of composed text: the literal lit, or else the bytes
// from..to of a prepared text.
type span struct {
	lit      string
	from, to int
}

// compose builds prepared text from pieces of p and literals (which map to
// the offset from).
func (p *prepared) compose(pieces []span) *prepared {
	var b strings.Builder
	var origin []int
	for _, s := range pieces {
		if s.lit != "" {
			b.WriteString(s.lit)
			for range len(s.lit) {
				origin = append(origin, p.origin[s.from])
			}
			continue
		}
		b.WriteString(p.text[s.from:s.to])
		origin = append(origin, p.origin[s.from:s.to]...)
	}
	last := pieces[len(pieces)-1]
	origin = append(origin, p.origin[max(last.to, last.from)])
	return &prepared{src: p.src, text: b.String(), origin: origin, params: p.params}
}

// clauseWords are the keywords that cannot name a window after OVER.
var clauseWords = []string{"from", "where", "group", "having", "order", "limit", "union", "window", "as", "and", "or", "end"}

// slicesContainsFold reports whether list holds s, ignoring case.
func slicesContainsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// parseFrame reads {ROWS | RANGE} {bound | BETWEEN bound AND bound}.
func parseFrame(toks []sqltext.Token) (*engine.Frame, error) {
	f := &engine.Frame{}
	switch {
	case toks[0].Is("rows"):
		f.Rows = true
	case toks[0].Is("range"):
	default:
		return nil, fmt.Errorf("unexpected %q in the window specification", toks[0].Text)
	}
	i := 1
	bound := func() (engine.FrameBound, error) {
		word := func(k int) string {
			if i+k < len(toks) {
				return strings.ToLower(toks[i+k].Text)
			}
			return ""
		}
		var b engine.FrameBound
		switch w0, w1 := word(0), word(1); {
		case w0 == "unbounded" && w1 == "preceding":
			b.Kind = engine.UnboundedPreceding
		case w0 == "unbounded" && w1 == "following":
			b.Kind = engine.UnboundedFollowing
		case w0 == "current" && w1 == "row":
			b.Kind = engine.CurrentRow
		case toks[min(i, len(toks)-1)].Kind == sqltext.Number && (w1 == "preceding" || w1 == "following"):
			n, err := strconv.ParseInt(w0, 10, 64)
			if err != nil || n < 0 {
				return b, fmt.Errorf("a frame offset must be a non-negative integer, got %s", w0)
			}
			b.Kind, b.N = engine.Preceding, n
			if w1 == "following" {
				b.Kind = engine.Following
			}
		default:
			return b, fmt.Errorf("expected a frame bound (UNBOUNDED PRECEDING, n PRECEDING, CURRENT ROW, n FOLLOWING, UNBOUNDED FOLLOWING), found %q", w0)
		}
		i += 2
		return b, nil
	}
	var err error
	if i < len(toks) && toks[i].Is("between") {
		i++
		if f.Start, err = bound(); err != nil {
			return nil, err
		}
		if i >= len(toks) || !toks[i].Is("and") {
			return nil, fmt.Errorf("a frame BETWEEN needs AND")
		}
		i++
		if f.End, err = bound(); err != nil {
			return nil, err
		}
	} else {
		if f.Start, err = bound(); err != nil {
			return nil, err
		}
		f.End = engine.FrameBound{Kind: engine.CurrentRow}
	}
	if i < len(toks) {
		return nil, fmt.Errorf("unexpected %q after the window frame", toks[i].Text)
	}
	if f.Start.Kind == engine.UnboundedFollowing || f.End.Kind == engine.UnboundedPreceding || f.Start.Kind > f.End.Kind {
		return nil, fmt.Errorf("invalid window frame %s", f)
	}
	return f, nil
}
