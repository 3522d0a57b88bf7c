package engine

import (
	"github.com/kintone-sql/kintone/schema"
)

// DefaultLikeEscape is the escape character of LIKE without an ESCAPE
// clause (MySQL's backslash).
const DefaultLikeEscape = '\\'

// NoEscape is the Like.Escape value for ESCAPE ” (no escape character).
const NoEscape rune = -1

// Like is X [NOT] LIKE Pattern [ESCAPE c]: % matches any run of
// characters, _ exactly one character (a Unicode code point), and the
// escape character makes the next one literal. Matching ignores the case of
// ASCII letters only, as SQLite's LIKE does (MySQL's default collation would
// also fold other letters and accents; this driver chooses SQLite's rule).
// Non-text operands are matched in their text form; NULL gives NULL.
type Like struct {
	X, Pattern Expr
	// Escape is the escape character, or NoEscape.
	Escape rune
	Not    bool
}

// Eval matches X against the pattern.
func (e *Like) Eval(env *Env, row Row) (Value, error) {
	x, err := e.X.Eval(env, row)
	if err != nil || x == nil {
		return nil, err
	}
	p, err := e.Pattern.Eval(env, row)
	if err != nil || p == nil {
		return nil, err
	}
	return LikeMatch(ToText(x), ToText(p), e.Escape) != e.Not, nil
}

// Type is BOOLEAN.
func (e *Like) Type() schema.Type { return schema.TypeBool }

// String renders the test.
func (e *Like) String() string {
	op := " LIKE "
	if e.Not {
		op = " NOT LIKE "
	}
	s := e.X.String() + op + e.Pattern.String()
	switch e.Escape {
	case DefaultLikeEscape:
	case NoEscape:
		s += " ESCAPE ''"
	default:
		s += " ESCAPE " + SQLLiteral(string(e.Escape))
	}
	return s
}

// likeToken is one element of a compiled pattern.
type likeToken struct {
	kind byte // 'l' literal, '_' one character, '%' any run
	r    rune
}

// compileLike splits a pattern into tokens. An escape character at the end
// of the pattern stands for itself (as in MySQL).
func compileLike(pattern string, escape rune) []likeToken {
	rs := []rune(pattern)
	toks := make([]likeToken, 0, len(rs))
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case escape != NoEscape && r == escape && i+1 < len(rs):
			i++
			toks = append(toks, likeToken{kind: 'l', r: rs[i]})
		case r == '%':
			if n := len(toks); n > 0 && toks[n-1].kind == '%' {
				continue
			}
			toks = append(toks, likeToken{kind: '%'})
		case r == '_':
			toks = append(toks, likeToken{kind: '_'})
		default:
			toks = append(toks, likeToken{kind: 'l', r: r})
		}
	}
	return toks
}

// LikeMatch reports whether s matches the LIKE pattern with the given
// escape character (NoEscape for none), folding ASCII letter case.
func LikeMatch(s, pattern string, escape rune) bool {
	toks := compileLike(pattern, escape)
	text := []rune(s)
	// Greedy matching with backtracking to the last %: linear for
	// patterns with one %, O(len(s)*len(pattern)) at worst.
	ti, pi := 0, 0
	star, starText := -1, 0
	for ti < len(text) {
		if pi < len(toks) {
			switch t := toks[pi]; t.kind {
			case '%':
				star, starText = pi, ti
				pi++
				continue
			case '_':
				ti++
				pi++
				continue
			default:
				if foldASCII(t.r) == foldASCII(text[ti]) {
					ti++
					pi++
					continue
				}
			}
		}
		if star < 0 {
			return false
		}
		starText++
		ti = starText
		pi = star + 1
	}
	for pi < len(toks) && toks[pi].kind == '%' {
		pi++
	}
	return pi == len(toks)
}

// foldASCII lower-cases ASCII letters and leaves every other rune alone.
func foldASCII(r rune) rune {
	if 'A' <= r && r <= 'Z' {
		return r + ('a' - 'A')
	}
	return r
}

// kids returns the value and the pattern.
func (e *Like) kids() []Expr { return []Expr{e.X, e.Pattern} }

// withKids copies the test with new operands.
func (e *Like) withKids(k []Expr) Expr {
	return &Like{X: k[0], Pattern: k[1], Escape: e.Escape, Not: e.Not}
}
