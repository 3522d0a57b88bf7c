package kintonetest

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
	"time"
	"unicode"
)

// CALC fields are computed on every write from the merged record, with
// exact decimals (math/big.Rat), following the observations in
// kintone-api.md §4 and the emulator notes it cites:
//   - operators + - * / ^ (integer exponent -100..100, fraction dropped),
//     unary + and -, parentheses, comparisons = != <> < <= > >= (1 or 0);
//   - functions SUM (a subtable column sums all rows), ROUND, ROUNDUP,
//     ROUNDDOWN, IF, AND, OR, NOT;
//   - a quotient is rounded half up to 4 fraction digits;
//   - an empty NUMBER counts as 0; DATE, TIME, DATETIME, CREATED_TIME and
//     UPDATED_TIME count as seconds (dates as UTC midnight, TIME since
//     00:00);
//   - formats NUMBER/NUMBER_DIGIT (plain decimal), DATETIME, DATE, TIME,
//     HOUR_MINUTE and DAY_HOUR_MINUTE (both "HH:MM", hours past 24).
//
// Text formulas (auto-calculated SINGLE_LINE_TEXT fields, and text
// operands of comparisons) are evaluated by values_calc_text.go: & joins,
// string literals, IF with text branches, YEN, DATE_FORMAT, and
// references to text and choice fields; CONTAINS tests a choice field. A
// CALC field whose formula gives text gets "" (its formats are numeric).
// Not supported: references to user fields. Any error, including division
// by zero and reference cycles, gives "".

// calcNode is a parsed formula.
type calcNode interface{}

type (
	calcNum struct{ v *big.Rat }
	calcRef struct{ code string }
	calcNeg struct{ x calcNode }
	calcBin struct {
		op   string
		l, r calcNode
	}
	calcCall struct {
		name string
		args []calcNode
	}
	// calcStr is a string literal.
	calcStr struct{ s string }
	// calcUnsupported marks a formula this emulator cannot parse.
	calcUnsupported struct{}
)

var errCalc = errors.New("calc: cannot evaluate")

// calcParser is a recursive-descent parser over a formula's runes.
type calcParser struct {
	src []rune
	i   int
}

// parseCalc parses a formula; unknown syntax is an error.
func parseCalc(expr string) (calcNode, error) {
	p := &calcParser{src: []rune(expr)}
	n, err := p.compare()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.src) {
		return nil, fmt.Errorf("calc: unexpected %q", string(p.src[p.i:]))
	}
	return n, nil
}

func (p *calcParser) space() {
	for p.i < len(p.src) && (unicode.IsSpace(p.src[p.i]) || p.src[p.i] == '\u3000') {
		p.i++
	}
}

// eat consumes op when it comes next.
func (p *calcParser) eat(op string) bool {
	p.space()
	r := []rune(op)
	if p.i+len(r) > len(p.src) || string(p.src[p.i:p.i+len(r)]) != op {
		return false
	}
	p.i += len(r)
	return true
}

func (p *calcParser) compare() (calcNode, error) {
	l, err := p.concat()
	if err != nil {
		return nil, err
	}
	for _, op := range []string{"<=", ">=", "!=", "<>", "=", "<", ">"} {
		if p.eat(op) {
			r, err := p.concat()
			if err != nil {
				return nil, err
			}
			return calcBin{op, l, r}, nil
		}
	}
	return l, nil
}

func (p *calcParser) concat() (calcNode, error) {
	l, err := p.sum()
	if err != nil {
		return nil, err
	}
	for p.eat("&") {
		r, err := p.sum()
		if err != nil {
			return nil, err
		}
		l = calcBin{"&", l, r}
	}
	return l, nil
}

func (p *calcParser) sum() (calcNode, error) { return p.leftAssoc(p.product, "+", "-") }

func (p *calcParser) product() (calcNode, error) { return p.leftAssoc(p.unary, "*", "/") }

// leftAssoc parses operands read by next joined by the left-associative
// operators ops: a - b + c is (a - b) + c.
func (p *calcParser) leftAssoc(next func() (calcNode, error), ops ...string) (calcNode, error) {
	l, err := next()
	if err != nil {
		return nil, err
	}
	for {
		op := ""
		for _, o := range ops {
			if p.eat(o) {
				op = o
				break
			}
		}
		if op == "" {
			return l, nil
		}
		r, err := next()
		if err != nil {
			return nil, err
		}
		l = calcBin{op, l, r}
	}
}

func (p *calcParser) unary() (calcNode, error) {
	switch {
	case p.eat("-"):
		x, err := p.unary()
		return calcNeg{x}, err
	case p.eat("+"):
		return p.unary()
	}
	return p.power()
}

func (p *calcParser) power() (calcNode, error) {
	l, err := p.atom()
	if err != nil {
		return nil, err
	}
	if p.eat("^") {
		r, err := p.unary()
		if err != nil {
			return nil, err
		}
		return calcBin{"^", l, r}, nil
	}
	return l, nil
}

func (p *calcParser) atom() (calcNode, error) {
	p.space()
	if p.i >= len(p.src) {
		return nil, errors.New("calc: unexpected end")
	}
	c := p.src[p.i]
	switch {
	case c == '(':
		p.i++
		n, err := p.compare()
		if err != nil {
			return nil, err
		}
		if !p.eat(")") {
			return nil, errors.New("calc: missing )")
		}
		return n, nil
	case c == '"':
		p.i++
		var b strings.Builder
		for p.i < len(p.src) && p.src[p.i] != '"' {
			if p.src[p.i] == '\\' && p.i+1 < len(p.src) {
				p.i++
			}
			b.WriteRune(p.src[p.i])
			p.i++
		}
		if p.i >= len(p.src) {
			return nil, errors.New("calc: unterminated string")
		}
		p.i++
		return calcStr{b.String()}, nil
	case c >= '0' && c <= '9' || c == '.':
		start := p.i
		for p.i < len(p.src) && (p.src[p.i] >= '0' && p.src[p.i] <= '9' || p.src[p.i] == '.') {
			p.i++
		}
		v, ok := new(big.Rat).SetString(string(p.src[start:p.i]))
		if !ok {
			return nil, errors.New("calc: bad number")
		}
		return calcNum{v}, nil
	}
	start := p.i
	for p.i < len(p.src) && !isCalcDelimiter(p.src[p.i]) {
		p.i++
	}
	if start == p.i {
		return nil, fmt.Errorf("calc: unexpected %q", string(c))
	}
	name := string(p.src[start:p.i])
	if !p.eat("(") {
		return calcRef{name}, nil
	}
	call := calcCall{name: strings.ToUpper(name)}
	if p.eat(")") {
		return call, nil
	}
	for {
		a, err := p.compare()
		if err != nil {
			return nil, err
		}
		call.args = append(call.args, a)
		if p.eat(")") {
			return call, nil
		}
		if !p.eat(",") {
			return nil, errors.New("calc: expected , or )")
		}
	}
}

func isCalcDelimiter(r rune) bool {
	return unicode.IsSpace(r) || r == '\u3000' || strings.ContainsRune("+-*/^&=!<>(),\"", r)
}

// calcEnv evaluates the CALC fields of one record being written.
type calcEnv struct {
	w    *recWriter
	vals map[string]any
	// memo and busy hold computed values and cycle guards, keyed by row
	// (nil for top level) and code.
	memo map[calcSlot]*big.Rat
	busy map[calcSlot]bool
	// texts holds computed auto-calculated texts.
	texts map[calcSlot]string
}

type calcSlot struct {
	row  *row
	code string
}

// computeCalcs stores the value of every CALC field of the record (top
// level and in each subtable row) into vals, as kintone-formatted strings.
func (w *recWriter) computeCalcs(vals map[string]any) {
	env := &calcEnv{w: w, vals: vals, memo: map[calcSlot]*big.Rat{}, busy: map[calcSlot]bool{}, texts: map[calcSlot]string{}}
	for _, f := range w.a.Fields {
		switch {
		case isAutoText(f):
			vals[f.Code] = env.autoText(f, nil)
		case f.Type == TypeCalc:
			vals[f.Code] = env.format(f, nil)
		case f.Type == TypeSubtable:
			rows, _ := vals[f.Code].([]*row)
			var out []*row
			for _, r := range rows {
				nr := r
				for _, in := range f.Fields {
					if in.Type != TypeCalc && !isAutoText(in) {
						continue
					}
					if nr == r {
						nr = &row{ID: r.ID, Values: make(map[string]any, len(r.Values))}
						for k, v := range r.Values {
							nr.Values[k] = v
						}
					}
					if isAutoText(in) {
						nr.Values[in.Code] = env.autoText(in, r)
					} else {
						nr.Values[in.Code] = env.format(in, r)
					}
				}
				out = append(out, nr)
			}
			if out != nil {
				vals[f.Code] = out
			}
		}
	}
}

// format evaluates the CALC field f (in row r, or at top level for nil)
// and formats the result per the field's format; "" on any error.
func (e *calcEnv) format(f *Field, r *row) string {
	v, err := e.field(f, r)
	if err != nil {
		return ""
	}
	return formatCalc(f.Format, v)
}

// formatCalc renders a computed value in a CALC format.
func formatCalc(format string, v *big.Rat) string {
	switch format {
	case "DATETIME", "DATE", "TIME", "HOUR_MINUTE", "DAY_HOUR_MINUTE":
	default:
		return decimalString(v)
	}
	secs := roundRat(v, 0, "down").Num()
	if !secs.IsInt64() {
		return ""
	}
	s := secs.Int64()
	switch format {
	case "DATETIME":
		return time.Unix(s, 0).UTC().Truncate(time.Minute).Format(storedDateTimeLayout)
	case "DATE":
		return time.Unix(s, 0).UTC().Format(time.DateOnly)
	case "TIME":
		s = (s%86400 + 86400) % 86400
		return fmt.Sprintf("%02d:%02d", s/3600, s%3600/60)
	}
	sign := ""
	if s < 0 {
		sign, s = "-", -s
	}
	return fmt.Sprintf("%s%02d:%02d", sign, s/3600, s%3600/60)
}

// field evaluates a CALC field, with memo and cycle detection.
func (e *calcEnv) field(f *Field, r *row) (*big.Rat, error) {
	slot := calcSlot{r, f.Code}
	if v, ok := e.memo[slot]; ok {
		return v, nil
	}
	if e.busy[slot] {
		return nil, errCalc
	}
	e.busy[slot] = true
	defer delete(e.busy, slot)
	v, err := e.eval(e.formula(f), r)
	if err != nil {
		return nil, err
	}
	e.memo[slot] = v
	return v, nil
}

// formula returns f's parsed formula (cached per write).
func (e *calcEnv) formula(f *Field) calcNode {
	n, ok := e.w.formulas[f.Expression]
	if !ok {
		var err error
		if n, err = parseCalc(f.Expression); err != nil {
			n = calcUnsupported{}
		}
		e.w.formulas[f.Expression] = n
	}
	return n
}

// eval evaluates a node in row r (nil at top level).
func (e *calcEnv) eval(n calcNode, r *row) (*big.Rat, error) {
	switch x := n.(type) {
	case calcNum:
		return x.v, nil
	case calcNeg:
		v, err := e.eval(x.x, r)
		if err != nil {
			return nil, err
		}
		return new(big.Rat).Neg(v), nil
	case calcRef:
		return e.ref(x.code, r)
	case calcBin:
		return e.binary(x, r)
	case calcCall:
		return e.call(x, r)
	}
	return nil, errCalc
}

func (e *calcEnv) binary(x calcBin, r *row) (*big.Rat, error) {
	if x.op == "&" {
		return nil, errCalc // a text result
	}
	if e.isText(x.l) || e.isText(x.r) {
		return e.compareText(x, r)
	}
	l, err := e.eval(x.l, r)
	if err != nil {
		return nil, err
	}
	rv, err := e.eval(x.r, r)
	if err != nil {
		return nil, err
	}
	out := new(big.Rat)
	switch x.op {
	case "+":
		return out.Add(l, rv), nil
	case "-":
		return out.Sub(l, rv), nil
	case "*":
		return out.Mul(l, rv), nil
	case "/":
		if rv.Sign() == 0 {
			return nil, errCalc
		}
		return roundRat(out.Quo(l, rv), 4, "half"), nil
	case "^":
		exp := roundRat(rv, 0, "down").Num()
		if !exp.IsInt64() || exp.Int64() > 100 || exp.Int64() < -100 {
			return nil, errCalc
		}
		n := exp.Int64()
		p := new(big.Rat).SetInt64(1)
		for i := int64(0); i < n || i < -n; i++ {
			p.Mul(p, l)
		}
		if n < 0 {
			if p.Sign() == 0 {
				return nil, errCalc
			}
			return roundRat(p.Inv(p), 4, "half"), nil
		}
		return p, nil
	}
	c := l.Cmp(rv)
	var ok bool
	switch x.op {
	case "=":
		ok = c == 0
	case "!=", "<>":
		ok = c != 0
	case "<":
		ok = c < 0
	case "<=":
		ok = c <= 0
	case ">":
		ok = c > 0
	case ">=":
		ok = c >= 0
	}
	return boolRat(ok), nil
}

func boolRat(b bool) *big.Rat {
	if b {
		return big.NewRat(1, 1)
	}
	return new(big.Rat)
}

func (e *calcEnv) call(x calcCall, r *row) (*big.Rat, error) {
	args := func(min, max int) error {
		if len(x.args) < min || max >= 0 && len(x.args) > max {
			return errCalc
		}
		return nil
	}
	switch x.name {
	case "SUM":
		if err := args(1, -1); err != nil {
			return nil, err
		}
		total := new(big.Rat)
		for _, a := range x.args {
			if ref, ok := a.(calcRef); ok && r == nil {
				if table, in := e.column(ref.code); in != nil {
					rows, _ := e.vals[table.Code].([]*row)
					for _, rw := range rows {
						v, err := e.ref(ref.code, rw)
						if err != nil {
							return nil, err
						}
						total.Add(total, v)
					}
					continue
				}
			}
			v, err := e.eval(a, r)
			if err != nil {
				return nil, err
			}
			total.Add(total, v)
		}
		return total, nil
	case "ROUND", "ROUNDUP", "ROUNDDOWN":
		if err := args(1, 2); err != nil {
			return nil, err
		}
		v, err := e.eval(x.args[0], r)
		if err != nil {
			return nil, err
		}
		places := int64(0)
		if len(x.args) == 2 {
			p, err := e.eval(x.args[1], r)
			if err != nil {
				return nil, err
			}
			n := roundRat(p, 0, "down").Num()
			if !n.IsInt64() || n.Int64() > 100 || n.Int64() < -100 {
				return nil, errCalc
			}
			places = n.Int64()
		}
		mode := map[string]string{"ROUND": "half", "ROUNDUP": "up", "ROUNDDOWN": "down"}[x.name]
		return roundRat(v, int(places), mode), nil
	case "IF":
		if err := args(3, 3); err != nil {
			return nil, err
		}
		c, err := e.eval(x.args[0], r)
		if err != nil {
			return nil, err
		}
		if c.Sign() != 0 {
			return e.eval(x.args[1], r)
		}
		return e.eval(x.args[2], r)
	case "AND", "OR":
		if err := args(1, 32); err != nil {
			return nil, err
		}
		acc := x.name == "AND"
		for _, a := range x.args {
			v, err := e.eval(a, r)
			if err != nil {
				return nil, err
			}
			if x.name == "AND" {
				acc = acc && v.Sign() != 0
			} else {
				acc = acc || v.Sign() != 0
			}
		}
		return boolRat(acc), nil
	case "NOT":
		if err := args(1, 1); err != nil {
			return nil, err
		}
		v, err := e.eval(x.args[0], r)
		if err != nil {
			return nil, err
		}
		return boolRat(v.Sign() == 0), nil
	case "CONTAINS":
		if err := args(2, 2); err != nil {
			return nil, err
		}
		return e.contains(x.args[0], x.args[1], r)
	}
	return nil, errCalc
}

// column returns the subtable holding the inner field code, if any.
func (e *calcEnv) column(code string) (*Field, *Field) {
	f, parent := e.w.a.field(code)
	if parent == nil {
		return nil, nil
	}
	return parent, f
}

// ref evaluates a field reference: inside a row, the row's own inner
// fields first, then top-level fields.
func (e *calcEnv) ref(code string, r *row) (*big.Rat, error) {
	f, parent := e.w.a.field(code)
	if f == nil {
		return nil, errCalc
	}
	var v any
	switch {
	case parent != nil:
		if r == nil || !rowOf(e.vals[parent.Code], r) {
			return nil, errCalc // a column outside SUM is an array
		}
		if f.Type == TypeCalc {
			return e.field(f, r)
		}
		v = r.Values[code]
	case f.Type == TypeCalc:
		return e.field(f, nil)
	default:
		v = e.vals[code]
	}
	s, _ := v.(string)
	switch f.Type {
	case TypeNumber:
		if s == "" {
			return new(big.Rat), nil
		}
		if n, ok := parseRat(s); ok {
			return n, nil
		}
	case TypeDate:
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return new(big.Rat).SetInt64(t.Unix()), nil
		}
	case TypeTime:
		if t, err := time.Parse("15:04", s); err == nil {
			return new(big.Rat).SetInt64(int64(t.Hour()*3600 + t.Minute()*60)), nil
		}
	case TypeDateTime, TypeCreatedTime, TypeUpdatedTime:
		if t, err := time.Parse(time.RFC3339, s); err == nil {
			return new(big.Rat).SetInt64(t.Unix()), nil
		}
	}
	return nil, errCalc
}

// rowOf reports whether r is one of the rows of a subtable value.
func rowOf(v any, r *row) bool {
	rows, _ := v.([]*row)
	for _, x := range rows {
		if x == r {
			return true
		}
	}
	return false
}
