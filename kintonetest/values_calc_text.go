package kintonetest

import (
	"math/big"
	"strings"
	"time"
)

// Text formulas (kintone-observed.md, records: "text CALC formulas work").
// kintone keeps a formula's text result in an auto-calculated
// SINGLE_LINE_TEXT field (a CALC field's formats are numeric, so a text
// result leaves it ""). Observed results: & joins ("10 + 20 = 30"), IF
// with text branches, YEN(1100, 0) = "¥1,100", DATE_FORMAT(...,
// "YYYY-MM-dd", ...) = "2025-04-25", CONTAINS gives 1 or 0. Numbers join
// as their plain decimal text.

// autoText computes the auto-calculated text field f (in row r, or at top
// level for nil); "" on any error.
func (e *calcEnv) autoText(f *Field, r *row) string {
	s, err := e.textField(f, r)
	if err != nil {
		return ""
	}
	return s
}

// textField evaluates an auto-calculated text field, with memo and cycle
// detection.
func (e *calcEnv) textField(f *Field, r *row) (string, error) {
	slot := calcSlot{r, f.Code}
	if s, ok := e.texts[slot]; ok {
		return s, nil
	}
	if e.busy[slot] {
		return "", errCalc
	}
	e.busy[slot] = true
	defer delete(e.busy, slot)
	s, err := e.text(e.formula(f), r)
	if err != nil {
		return "", err
	}
	e.texts[slot] = s
	return s, nil
}

// isText reports whether a node gives text rather than a number.
func (e *calcEnv) isText(n calcNode) bool {
	switch x := n.(type) {
	case calcStr:
		return true
	case calcBin:
		return x.op == "&"
	case calcCall:
		switch x.name {
		case "YEN", "DATE_FORMAT":
			return true
		case "IF":
			return len(x.args) == 3 && (e.isText(x.args[1]) || e.isText(x.args[2]))
		}
	case calcRef:
		if f, _ := e.w.a.field(x.code); f != nil {
			return isTextField(f)
		}
	}
	return false
}

// isTextField reports the fields a formula reads as text.
func isTextField(f *Field) bool {
	switch f.Type {
	case TypeSingleLineText, TypeDropDown, TypeRadioButton:
		return true
	}
	return false
}

// text evaluates a node as text in row r.
func (e *calcEnv) text(n calcNode, r *row) (string, error) {
	switch x := n.(type) {
	case calcStr:
		return x.s, nil
	case calcBin:
		if x.op == "&" {
			l, err := e.text(x.l, r)
			if err != nil {
				return "", err
			}
			rt, err := e.text(x.r, r)
			return l + rt, err
		}
	case calcRef:
		if f, parent := e.w.a.field(x.code); f != nil && isTextField(f) {
			return e.textRef(f, parent, r)
		}
	case calcCall:
		switch x.name {
		case "IF":
			if len(x.args) != 3 {
				return "", errCalc
			}
			c, err := e.eval(x.args[0], r)
			if err != nil {
				return "", err
			}
			if c.Sign() != 0 {
				return e.text(x.args[1], r)
			}
			return e.text(x.args[2], r)
		case "YEN":
			return e.yen(x.args, r)
		case "DATE_FORMAT":
			return e.dateFormat(x.args, r)
		}
	}
	v, err := e.eval(n, r)
	if err != nil {
		return "", err
	}
	return decimalString(v), nil
}

// textRef reads a text or single-choice field: inside a row the row's own
// value, else the top-level one.
func (e *calcEnv) textRef(f, parent *Field, r *row) (string, error) {
	if parent != nil && (r == nil || !rowOf(e.vals[parent.Code], r)) {
		return "", errCalc
	}
	if isAutoText(f) {
		if parent == nil {
			r = nil
		}
		return e.textField(f, r)
	}
	var v any
	if parent != nil {
		v = r.Values[f.Code]
	} else {
		v = e.vals[f.Code]
	}
	s, _ := v.(string)
	return s, nil
}

// compareText compares two operands as text (= != <> < <= > >=).
func (e *calcEnv) compareText(x calcBin, r *row) (*big.Rat, error) {
	l, err := e.text(x.l, r)
	if err != nil {
		return nil, err
	}
	rt, err := e.text(x.r, r)
	if err != nil {
		return nil, err
	}
	c := strings.Compare(l, rt)
	switch x.op {
	case "=":
		return boolRat(c == 0), nil
	case "!=", "<>":
		return boolRat(c != 0), nil
	case "<":
		return boolRat(c < 0), nil
	case "<=":
		return boolRat(c <= 0), nil
	case ">":
		return boolRat(c > 0), nil
	case ">=":
		return boolRat(c >= 0), nil
	}
	return nil, errCalc
}

// contains is CONTAINS(field, "option"): 1 when the choice field holds the
// option, else 0.
func (e *calcEnv) contains(field, option calcNode, r *row) (*big.Rat, error) {
	ref, ok := field.(calcRef)
	if !ok {
		return nil, errCalc
	}
	f, parent := e.w.a.field(ref.code)
	if f == nil {
		return nil, errCalc
	}
	switch f.Type {
	case TypeCheckBox, TypeMultiSelect, TypeDropDown, TypeRadioButton:
	default:
		return nil, errCalc
	}
	want, err := e.text(option, r)
	if err != nil {
		return nil, err
	}
	v := e.vals[f.Code]
	if parent != nil {
		if r == nil || !rowOf(e.vals[parent.Code], r) {
			return nil, errCalc
		}
		v = r.Values[f.Code]
	}
	for _, s := range stringsOf(v) {
		if s == want {
			return boolRat(true), nil
		}
	}
	return boolRat(false), nil
}

// yen is YEN(x, places): "¥" and x rounded half up to places fraction
// digits, with thousands separators ("¥1,100"). The sign's place for
// negative amounts is not recorded; "-¥" is used.
func (e *calcEnv) yen(args []calcNode, r *row) (string, error) {
	if len(args) != 2 {
		return "", errCalc
	}
	v, err := e.eval(args[0], r)
	if err != nil {
		return "", err
	}
	p, err := e.eval(args[1], r)
	if err != nil {
		return "", err
	}
	pn := roundRat(p, 0, "down").Num()
	if !pn.IsInt64() || pn.Int64() < 0 || pn.Int64() > 20 {
		return "", errCalc
	}
	places := int(pn.Int64())
	text := roundRat(v, places, "half").FloatString(places)
	sign := ""
	if strings.HasPrefix(text, "-") {
		sign, text = "-", text[1:]
	}
	whole, frac, _ := strings.Cut(text, ".")
	var b strings.Builder
	for i, c := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if frac != "" {
		b.WriteString("." + frac)
	}
	return sign + "¥" + b.String(), nil
}

// dateLayout turns a DATE_FORMAT pattern (Java-style letters) into a Go
// layout; other characters are kept.
var dateLayout = strings.NewReplacer("YYYY", "2006", "yyyy", "2006", "MM", "01", "dd", "02", "HH", "15", "mm", "04", "ss", "05")

// dateFormat is DATE_FORMAT(seconds or a date/time field, pattern, time
// zone). Time zone "system" is not recorded; the caller's is used.
func (e *calcEnv) dateFormat(args []calcNode, r *row) (string, error) {
	if len(args) != 3 {
		return "", errCalc
	}
	v, err := e.eval(args[0], r)
	if err != nil {
		return "", err
	}
	secs := roundRat(v, 0, "down").Num()
	if !secs.IsInt64() {
		return "", errCalc
	}
	pattern, err := e.text(args[1], r)
	if err != nil {
		return "", err
	}
	zone, err := e.text(args[2], r)
	if err != nil {
		return "", err
	}
	loc := time.UTC
	if zone == "system" {
		if e.w.c.who != nil && e.w.c.who.loc != nil {
			loc = e.w.c.who.loc
		}
	} else if l, err := time.LoadLocation(zone); err == nil {
		loc = l
	} else {
		return "", errCalc
	}
	return time.Unix(secs.Int64(), 0).In(loc).Format(dateLayout.Replace(pattern)), nil
}
