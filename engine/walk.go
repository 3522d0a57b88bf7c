package engine

// composite is an expression with operands. kids lists them in a fixed
// order; withKids returns a copy of the expression holding the given
// operands, in that order, and the expression's other settings.
type composite interface {
	kids() []Expr
	withKids(kids []Expr) Expr
}

// Children returns the direct operands of an expression of this package
// (nil for leaves and unknown kinds). The outer values of a subquery are
// its operands; the subquery's own plan is not.
func Children(e Expr) []Expr {
	if c, ok := e.(composite); ok {
		return c.kids()
	}
	return nil
}

// Walk calls fn for e and every expression below it, parents first.
func Walk(e Expr, fn func(Expr)) {
	if e == nil {
		return
	}
	fn(e)
	for _, c := range Children(e) {
		Walk(c, fn)
	}
}

// MapExpr returns a copy of e with sub-expressions replaced. fn is called
// on e first: when it reports done, its result replaces e as a whole;
// otherwise e's operands are mapped the same way and e is copied with
// them (e itself is returned when no operand changed). The input is never
// modified.
func MapExpr(e Expr, fn func(Expr) (out Expr, done bool, err error)) (Expr, error) {
	if e == nil {
		return nil, nil
	}
	out, done, err := fn(e)
	if err != nil || done {
		return out, err
	}
	c, ok := e.(composite)
	if !ok {
		return e, nil
	}
	kids := c.kids()
	mapped := make([]Expr, len(kids))
	changed := false
	for i, k := range kids {
		m, err := MapExpr(k, fn)
		if err != nil {
			return nil, err
		}
		mapped[i] = m
		changed = changed || m != k
	}
	if !changed {
		return e, nil
	}
	return c.withKids(mapped), nil
}

// Contains reports whether e or an expression below it satisfies pred.
func Contains(e Expr, pred func(Expr) bool) bool {
	found := false
	Walk(e, func(x Expr) {
		if !found && pred(x) {
			found = true
		}
	})
	return found
}
