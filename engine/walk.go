package engine

// Children returns the direct operands of an expression of this package
// (nil for leaves and unknown kinds).
func Children(e Expr) []Expr {
	switch x := e.(type) {
	case *Comparison:
		return []Expr{x.L, x.R}
	case *InList:
		return append([]Expr{x.X}, x.List...)
	case *Between:
		return []Expr{x.X, x.Lo, x.Hi}
	case *IsNull:
		return []Expr{x.X}
	case *IsBool:
		return []Expr{x.X}
	case *And:
		return x.Terms
	case *Or:
		return x.Terms
	case *Not:
		return []Expr{x.X}
	case *Like:
		return []Expr{x.X, x.Pattern}
	case *Arith:
		return []Expr{x.L, x.R}
	case *Neg:
		return []Expr{x.X}
	case *Call:
		return x.Args
	case *Case:
		var out []Expr
		if x.Operand != nil {
			out = append(out, x.Operand)
		}
		for _, w := range x.Whens {
			out = append(out, w.Cond, w.Then)
		}
		if x.Else != nil {
			out = append(out, x.Else)
		}
		return out
	case *Match:
		out := make([]Expr, len(x.Cols))
		for i, c := range x.Cols {
			out[i] = c
		}
		return out
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
