package query

// NewAnd joins terms with "and". Nil terms and empty groups are skipped,
// nested And terms are flattened, and groups are simplified the same way;
// it returns nil for no terms and the term itself for one.
func NewAnd(terms ...Expr) Expr {
	return join(terms, false)
}

// NewOr joins terms with "or", simplifying as NewAnd does.
func NewOr(terms ...Expr) Expr {
	return join(terms, true)
}

// join builds an And (or an Or when or is true) from terms, simplifying
// each term and splicing in terms of the same kind.
func join(terms []Expr, or bool) Expr {
	var out []Expr
	for _, t := range terms {
		t = simplify(t)
		switch x := t.(type) {
		case nil:
		case *And:
			if or {
				out = append(out, x)
			} else {
				out = append(out, x.Terms...)
			}
		case *Or:
			if or {
				out = append(out, x.Terms...)
			} else {
				out = append(out, x)
			}
		default:
			out = append(out, x)
		}
	}
	switch len(out) {
	case 0:
		return nil
	case 1:
		return out[0]
	}
	if or {
		return &Or{Terms: out}
	}
	return &And{Terms: out}
}

// simplify rebuilds e so that every And and Or has two or more terms of
// the other kind or conditions, and typed nil pointers become nil.
func simplify(e Expr) Expr {
	switch x := e.(type) {
	case *And:
		if x == nil {
			return nil
		}
		return join(x.Terms, false)
	case *Or:
		if x == nil {
			return nil
		}
		return join(x.Terms, true)
	case *Condition:
		if x == nil {
			return nil
		}
	}
	return e
}
