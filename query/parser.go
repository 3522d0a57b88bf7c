package query

import (
	"strconv"
)

// Parse parses a kintone query. The empty string and queries made only of
// options (e.g. "limit 500 offset 0") are valid. "and" binds tighter than
// "or"; nested and/and and or/or groups are flattened. Keywords are
// case-insensitive and recognised from context, so fields named like
// keywords ("order = 1") parse. Errors are *Error: CB_VA01 for syntax,
// GAIA_IL08, GAIA_IQ23 and GAIA_IQ25 for bad function arguments. Limit and
// offset ranges are not checked here; see Query.CheckLimits.
func Parse(s string) (*Query, error) {
	toks, err := lex(s)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	q, perr := p.query()
	if perr != nil {
		return nil, perr
	}
	return q, nil
}

// parser walks the token list; the last token is always tokEOF.
type parser struct {
	toks []token
	i    int
}

// peek returns the current token without consuming it.
func (p *parser) peek() token { return p.peekAt(0) }

// peekAt returns the token k places ahead, or the final EOF token.
func (p *parser) peekAt(k int) token {
	if p.i+k < len(p.toks) {
		return p.toks[p.i+k]
	}
	return p.toks[len(p.toks)-1]
}

// next consumes and returns the current token; EOF is never consumed.
func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tokEOF {
		p.i++
	}
	return t
}

// query := [ expr ] [ order by ... ] [ limit INT ] [ offset INT ].
func (p *parser) query() (*Query, *Error) {
	q := &Query{}
	if t := p.peek(); t.kind != tokEOF && !p.atOption() {
		e, err := p.orExpr()
		if err != nil {
			return nil, err
		}
		q.Where = e
	}
	if p.peek().is("order") {
		p.next()
		if t := p.next(); !t.is("by") {
			return nil, syntaxError(t.pos, `expected "by" after "order", found %s`, t.describe())
		}
		for {
			f, err := p.field()
			if err != nil {
				return nil, err
			}
			item := OrderItem{Field: f}
			if p.peek().is("desc") {
				item.Desc = true
				p.next()
			} else if p.peek().is("asc") {
				p.next()
			}
			q.OrderBy = append(q.OrderBy, item)
			if p.peek().kind != tokComma {
				break
			}
			p.next()
		}
	}
	var err *Error
	if q.Limit, err = p.option("limit"); err != nil {
		return nil, err
	}
	if q.Offset, err = p.option("offset"); err != nil {
		return nil, err
	}
	if t := p.peek(); t.kind != tokEOF {
		return nil, p.trailing(t, q)
	}
	return q, nil
}

// atOption reports whether the query starts with an option clause rather
// than a condition on a field named "order", "limit" or "offset": it is a
// condition when the next token continues one (an operator, a dot, not,
// in, like or is).
func (p *parser) atOption() bool {
	t := p.peek()
	if !t.is("order") && !t.is("limit") && !t.is("offset") {
		return false
	}
	n := p.peekAt(1)
	continues := n.kind == tokOp || n.kind == tokDot || n.is("not") || n.is("in") || n.is("like") || n.is("is")
	return !continues
}

// option parses "kw INT" when the current token is kw, and returns nil
// when it is not.
func (p *parser) option(kw string) (*int, *Error) {
	if !p.peek().is(kw) {
		return nil, nil
	}
	p.next()
	t := p.next()
	if t.kind != tokNumber || !isDigits(t.text) {
		return nil, syntaxError(t.pos, "expected a non-negative integer after %q, found %s", kw, t.describe())
	}
	n, err := strconv.Atoi(t.text)
	if err != nil {
		return nil, syntaxError(t.pos, "%s value %s is out of range", kw, shorten(t.text))
	}
	return &n, nil
}

// trailing explains the token t left over after a complete query.
func (p *parser) trailing(t token, q *Query) *Error {
	switch {
	case t.kind == tokRParen:
		return syntaxError(t.pos, `unmatched ")"`)
	case t.is("order") && (q.Limit != nil || q.Offset != nil):
		return syntaxError(t.pos, `"order by" must come before "limit" and "offset"`)
	case t.is("order"):
		return syntaxError(t.pos, `only one "order by" clause is allowed`)
	case t.is("limit") && q.Offset != nil:
		return syntaxError(t.pos, `"limit" must come before "offset"`)
	case t.is("limit") || t.is("offset"):
		return syntaxError(t.pos, "only one %q clause is allowed", asciiLower(t.text))
	case q.Where == nil && (q.OrderBy != nil || q.Limit != nil || q.Offset != nil):
		return syntaxError(t.pos, `the condition must come before "order by", "limit" and "offset", found %s`, t.describe())
	case q.Where != nil && q.OrderBy == nil && q.Limit == nil && q.Offset == nil:
		return syntaxError(t.pos, `expected "and", "or", "order by", "limit", "offset" or end of query, found %s`, t.describe())
	}
	return syntaxError(t.pos, "unexpected %s", t.describe())
}

// orExpr := andExpr { "or" andExpr }.
func (p *parser) orExpr() (Expr, *Error) {
	var terms []Expr
	for {
		e, err := p.andExpr()
		if err != nil {
			return nil, err
		}
		terms = append(terms, e)
		if !p.peek().is("or") {
			return NewOr(terms...), nil
		}
		p.next()
	}
}

// andExpr := atom { "and" atom }.
func (p *parser) andExpr() (Expr, *Error) {
	var terms []Expr
	for {
		e, err := p.atom()
		if err != nil {
			return nil, err
		}
		terms = append(terms, e)
		if !p.peek().is("and") {
			return NewAnd(terms...), nil
		}
		p.next()
	}
}

// atom := "(" expr ")" | condition.
func (p *parser) atom() (Expr, *Error) {
	t := p.peek()
	switch t.kind {
	case tokLParen:
		p.next()
		e, err := p.orExpr()
		if err != nil {
			return nil, err
		}
		if c := p.next(); c.kind != tokRParen {
			return nil, syntaxError(c.pos, `expected ")" to close the "(" at %d, found %s`, t.pos, c.describe())
		}
		return e, nil
	case tokIdent:
		return p.condition()
	}
	return nil, syntaxError(t.pos, "expected a condition, found %s", t.describe())
}

// condition := field op value | field [not] in list | field [not] like
// value | field is [not] empty.
func (p *parser) condition() (Expr, *Error) {
	pos := p.peek().pos
	f, err := p.field()
	if err != nil {
		return nil, err
	}
	c := &Condition{Field: f, Pos: pos}
	t := p.next()
	switch {
	case t.kind == tokOp:
		c.Op = binaryOps[t.text]
		err = p.single(c, t)
	case t.is("in"):
		c.Op = OpIn
		err = p.list(c)
	case t.is("like"):
		c.Op = OpLike
		err = p.single(c, t)
	case t.is("not"):
		switch n := p.next(); {
		case n.is("in"):
			c.Op = OpNotIn
			err = p.list(c)
		case n.is("like"):
			c.Op = OpNotLike
			err = p.single(c, n)
		default:
			err = syntaxError(n.pos, `expected "in" or "like" after "not", found %s`, n.describe())
		}
	case t.is("is"):
		c.Op = OpIsEmpty
		n := p.next()
		if n.is("not") {
			c.Op = OpIsNotEmpty
			n = p.next()
		}
		if !n.is("empty") {
			err = syntaxError(n.pos, `expected "empty" after "is", found %s`, n.describe())
		}
	default:
		err = syntaxError(t.pos, "expected an operator after field %q, found %s", shorten(f.String()), t.describe())
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// binaryOps maps operator tokens to operators.
var binaryOps = map[string]Operator{"=": OpEq, "!=": OpNe, ">": OpGt, "<": OpLt, ">=": OpGe, "<=": OpLe}

// field := code | ref "." code.
func (p *parser) field() (Field, *Error) {
	t := p.next()
	if t.kind != tokIdent {
		return Field{}, syntaxError(t.pos, "expected a field code, found %s", t.describe())
	}
	if p.peek().kind != tokDot {
		return Field{Code: t.text}, nil
	}
	p.next()
	c := p.next()
	if c.kind != tokIdent {
		return Field{}, syntaxError(c.pos, `expected a field code after "%s.", found %s`, shorten(t.text), c.describe())
	}
	return Field{Ref: t.text, Code: c.text}, nil
}

// single parses the one value of a binary or like condition; after is the
// operator token, for the error detail.
func (p *parser) single(c *Condition, after token) *Error {
	v, err := p.value(after)
	if err != nil {
		return err
	}
	c.Values = []Value{v}
	return nil
}

// list parses "(" value {"," value} ")" for in and not in.
func (p *parser) list(c *Condition) *Error {
	open := p.next()
	if open.kind != tokLParen {
		return syntaxError(open.pos, `expected "(" after "in", found %s`, open.describe())
	}
	after := open
	for {
		v, err := p.value(after)
		if err != nil {
			return err
		}
		c.Values = append(c.Values, v)
		switch t := p.next(); t.kind {
		case tokRParen:
			return nil
		case tokComma:
			after = t
		default:
			return syntaxError(t.pos, `expected "," or ")" in the value list, found %s`, t.describe())
		}
	}
}

// value := STRING | NUMBER | FUNC "(" [arg {"," arg}] ")".
func (p *parser) value(after token) (Value, *Error) {
	t := p.next()
	switch {
	case t.kind == tokString:
		return Str(t.text), nil
	case t.kind == tokNumber:
		return Num(t.text), nil
	case t.kind == tokIdent && p.peek().kind == tokLParen:
		return p.call(t)
	}
	return Value{}, syntaxError(t.pos, "expected a value after %q, found %s", after.text, t.describe())
}

// call parses a function call whose name token has been consumed; symbols
// among the arguments are stored upper case, numbers as written.
func (p *parser) call(name token) (Value, *Error) {
	v := Value{Kind: Func, Text: asciiUpper(name.text)}
	if _, ok := functions[v.Text]; !ok {
		return Value{}, syntaxError(name.pos, "unknown function %q", shorten(name.text))
	}
	p.next() // "("
	var argPos []int
	if p.peek().kind == tokRParen {
		p.next()
	} else {
		for {
			a := p.next()
			switch a.kind {
			case tokNumber:
				v.Args = append(v.Args, a.text)
			case tokIdent:
				v.Args = append(v.Args, asciiUpper(a.text))
			default:
				return Value{}, syntaxError(a.pos, "expected an argument of %s(), found %s", v.Text, a.describe())
			}
			argPos = append(argPos, a.pos)
			t := p.next()
			if t.kind == tokRParen {
				break
			}
			if t.kind != tokComma {
				return Value{}, syntaxError(t.pos, `expected "," or ")" in the arguments of %s(), found %s`, v.Text, t.describe())
			}
		}
	}
	if err := checkCall(v, name.pos, argPos); err != nil {
		return Value{}, err
	}
	return v, nil
}
