package translate

import (
	"fmt"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/query"
	"github.com/kintone-sql/kintone/schema"
)

// fieldKind groups columns by what kintone's query language can test on
// them (the operator matrix of kintone-api.md §6, as the emulator
// implements it).
type fieldKind int

const (
	kindNone        fieldKind = iota // nothing is pushed
	kindID                           // $id: = != < <= > >= in, not in; exact
	kindNumber                       // NUMBER, numeric CALC (DECIMAL)
	kindDate                         // DATE
	kindDateTime                     // DATETIME, CREATED_TIME, UPDATED_TIME
	kindTime                         // TIME
	kindText                         // SINGLE_LINE_TEXT, LINK, STATUS
	kindMultiText                    // MULTI_LINE_TEXT
	kindRichText                     // RICH_TEXT (word search only)
	kindChoice                       // DROP_DOWN, RADIO_BUTTON
	kindMultiChoice                  // CHECK_BOX, MULTI_SELECT (JSON)
	kindEntityCode                   // CREATOR/MODIFIER code
	kindUsers                        // USER_SELECT, STATUS_ASSIGNEE (JSON)
	kindOrgs                         // ORGANIZATION_SELECT (JSON)
	kindFile                         // FILE (JSON)
)

// classify returns the kind of a column. Not pushed at all: $revision
// (kintone's support is unconfirmed), RECORD_NUMBER (text in SQL, a number
// or "CODE-n" in kintone), CREATOR/MODIFIER names, $row_id, DOUBLE numbers
// (NumberMapToDouble: float rounding could disagree with kintone's exact
// decimals), CALC with date or time formats, CATEGORY, GROUP_SELECT.
func classify(c *schema.Column) fieldKind {
	switch c.Part {
	case schema.PartName, schema.PartRowID:
		return kindNone
	case schema.PartCode:
		return kindEntityCode
	}
	switch c.FieldType {
	case schema.FieldID:
		return kindID
	case schema.FieldNumber, schema.FieldCalc:
		if c.Type == schema.TypeDecimal {
			return kindNumber
		}
	case schema.FieldDate:
		return kindDate
	case schema.FieldDateTime, schema.FieldCreatedTime, schema.FieldUpdatedTime:
		return kindDateTime
	case schema.FieldTime:
		return kindTime
	case schema.FieldSingleLineText, schema.FieldLink, schema.FieldStatus:
		return kindText
	case schema.FieldMultiLineText:
		return kindMultiText
	case schema.FieldRichText:
		return kindRichText
	case schema.FieldDropDown, schema.FieldRadioButton:
		return kindChoice
	case schema.FieldCheckBox, schema.FieldMultiSelect:
		return kindMultiChoice
	case schema.FieldUserSelect, schema.FieldStatusAssignee:
		return kindUsers
	case schema.FieldOrganizationSelect:
		return kindOrgs
	case schema.FieldFile:
		return kindFile
	}
	return kindNone
}

// field is one column as a pushdown target.
type field struct {
	ref  *engine.ColumnRef
	col  *schema.Column
	kind fieldKind
	// trust takes the provenance table's assumed rows as exact.
	trust bool
	// inner is true for a field inside a subtable: kintone then tests
	// records ("some row matches") with in/< <= > >= /like only, so every
	// push is a prefilter and negative operators are not pushed.
	inner bool
}

// field returns the pushdown view of the column ref names.
func (ps *pusher) field(ref *engine.ColumnRef) field {
	c := ref.Col.Source
	return field{ref: ref, col: c, kind: classify(c), inner: c.Subtable != "", trust: ps.trustAssumed}
}

// code is the query field of the column.
func (f field) code() query.Field { return query.Field{Code: f.col.Code} }

// cond builds one condition.
func (f field) cond(op query.Operator, vals ...query.Value) *query.Condition {
	return &query.Condition{Field: f.code(), Op: op, Values: vals}
}

// result wraps a condition; exact holds only outside subtables.
func (f field) result(q query.Expr, exact bool) approxResult {
	return approxResult{q: q, exact: exact && !f.inner}
}

// by wraps a condition sent under row k of the provenance table: exact,
// narrowing, or not sent, as the row says (subtable fields only narrow).
func (f field) by(k ruleKey, q query.Expr) approxResult {
	if f.inner {
		k = ruleSubtable
	}
	switch answer(k, f.trust) {
	case Exact:
		return f.result(q, true)
	case Narrowing:
		return f.result(q, false)
	}
	return none
}

// withoutEmpty answers a test q that is exact on fields holding a value
// but may also match empty ones: with kintone's empty guard when row k
// (the guard's form) is trusted as exact, else q alone with the empty
// fields dropped client-side (col IS NOT NULL).
func (f field) withoutEmpty(q, guard query.Expr, k ruleKey) approxResult {
	if answer(k, f.trust) == Exact {
		return f.result(query.NewAnd(q, guard), true)
	}
	return approxResult{q: q, recheck: f.notNull()}
}

// notNull is the client-side test col IS NOT NULL.
func (f field) notNull() engine.Expr { return &engine.IsNull{X: f.ref, Not: true} }

// emptyRule is the row of kintone's in ("") / not in ("") test on a
// choice or selection field.
func (f field) emptyRule() ruleKey {
	switch f.kind {
	case kindUsers, kindOrgs:
		return ruleSelectionEmpty
	case kindChoice:
		if f.col.FieldType == schema.FieldDropDown {
			return ruleDropDownEmpty
		}
	}
	return ruleChoiceEmpty
}

// temporalRule is the row of a comparison of a date or time field with a
// value: CREATED_TIME and UPDATED_TIME are never empty.
func (f field) temporalRule(op engine.CmpOp) ruleKey {
	switch {
	case !f.nullable():
		return ruleSystemTime
	case op == engine.OpEq:
		return ruleTemporalEq
	case op == engine.OpNe:
		return ruleTemporalNe
	}
	return ruleTemporalOrder
}

// nullable reports whether the column's values can be NULL.
func (f field) nullable() bool {
	switch f.kind {
	case kindID, kindEntityCode:
		return false
	case kindDateTime:
		return f.col.Nullable
	}
	return true
}

// queryValue renders a value as the column's query literal.
func (f field) queryValue(v any) (query.Value, bool) {
	qv, err := f.col.QueryValue(v)
	return qv, err == nil
}

// cmpOperators maps the comparison operators to kintone's.
var cmpOperators = map[engine.CmpOp]query.Operator{
	engine.OpEq: query.OpEq, engine.OpNe: query.OpNe, engine.OpLt: query.OpLt,
	engine.OpLe: query.OpLe, engine.OpGt: query.OpGt, engine.OpGe: query.OpGe,
}

// cmp approximates col op v for a non-NULL constant v.
func (f field) cmp(op engine.CmpOp, v engine.Value) approxResult {
	qop, ok := cmpOperators[op]
	if !ok {
		return none
	}
	switch f.kind {
	case kindID:
		n, ok := integerValue(v)
		if !ok {
			return none
		}
		qv, ok := f.queryValue(n)
		if !ok {
			return none
		}
		return f.by(ruleIDCompare, f.cond(qop, qv))
	case kindNumber:
		d, ok := numericValue(v)
		if !ok {
			return none
		}
		qv, ok := f.queryValue(d)
		if !ok {
			return none
		}
		switch {
		case f.inner && op == engine.OpEq:
			return f.by(ruleSubtable, f.cond(query.OpIn, qv))
		case f.inner && op == engine.OpNe:
			return none
		case op == engine.OpNe:
			return f.by(ruleNumberNe, f.cond(qop, qv))
		case op == engine.OpEq && d.IsZero():
			return f.by(ruleNumberEqZero, f.cond(qop, qv))
		case op == engine.OpEq:
			return f.by(ruleNumberEq, f.cond(qop, qv))
		}
		return f.by(ruleNumberOrder, f.cond(qop, qv))
	case kindDate, kindDateTime, kindTime:
		return f.temporal(op, v)
	case kindText:
		s, ok := v.(string)
		if !ok || s == "" {
			return none // numbers compare numerically in SQL; '' is never equal (empty is NULL)
		}
		switch {
		case op == engine.OpEq && f.inner:
			return f.by(ruleSubtable, f.cond(query.OpIn, query.Str(s)))
		case op == engine.OpEq, op == engine.OpNe && !f.inner:
			return f.by(ruleTextEq, f.cond(qop, query.Str(s)))
		}
		return none
	case kindChoice:
		s, ok := v.(string)
		if !ok || !f.isOption(s) {
			return none
		}
		switch {
		case op == engine.OpEq:
			return f.by(ruleChoiceIn, f.cond(query.OpIn, query.Str(s)))
		case op == engine.OpNe && !f.inner:
			return f.by(ruleChoiceNotIn, f.cond(query.OpNotIn, query.Str(s)))
		}
		return none
	case kindEntityCode:
		s, ok := v.(string)
		if !ok || s == "" {
			return none
		}
		switch op {
		case engine.OpEq:
			return f.by(ruleEntityCode, f.cond(query.OpIn, query.Str(s)))
		case engine.OpNe:
			return f.by(ruleEntityCode, f.cond(query.OpNotIn, query.Str(s)))
		}
	}
	return none
}

// in approximates col [NOT] IN (non-NULL constants).
func (f field) in(vals []engine.Value, not bool) approxResult {
	switch f.kind {
	case kindDate, kindDateTime, kindTime:
		// IN is an OR of equalities, NOT IN an AND of <>.
		op := engine.OpEq
		if not {
			op = engine.OpNe
		}
		out := approxResult{exact: true}
		var qs []query.Expr
		for _, v := range vals {
			r := f.temporal(op, v)
			if r.q == nil {
				if !not {
					return none
				}
				out.exact = false
				continue
			}
			out.exact = out.exact && r.exact
			qs = append(qs, r.q)
		}
		if not {
			out.q = query.NewAnd(qs...)
		} else {
			out.q = query.NewOr(qs...)
		}
		return out
	}
	qvals := make([]query.Value, 0, len(vals))
	zero := false
	for _, v := range vals {
		var qv query.Value
		ok := false
		switch f.kind {
		case kindID:
			if n, isInt := integerValue(v); isInt {
				qv, ok = f.queryValue(n)
			}
		case kindNumber:
			if d, isNum := numericValue(v); isNum {
				qv, ok = f.queryValue(d)
				zero = zero || d.IsZero()
			}
		case kindText, kindEntityCode:
			s, isStr := v.(string)
			ok = isStr
			qv = query.Str(s)
		case kindChoice:
			s, isStr := v.(string)
			ok = isStr && f.isOption(s)
			qv = query.Str(s)
		}
		if !ok {
			return none
		}
		qvals = append(qvals, qv)
	}
	op := query.OpIn
	if not {
		op = query.OpNotIn
	}
	if not && f.inner && f.kind != kindID {
		return none
	}
	var k ruleKey
	switch {
	case f.kind == kindID:
		k = ruleIDCompare
	case f.kind == kindNumber && not:
		k = ruleNumberNe
	case f.kind == kindNumber && zero:
		k = ruleNumberEqZero
	case f.kind == kindNumber:
		k = ruleNumberEq
	case f.kind == kindChoice && not:
		k = ruleChoiceNotIn
	case f.kind == kindChoice:
		k = ruleChoiceIn
	case f.kind == kindText:
		k = ruleTextEq
	case f.kind == kindEntityCode:
		k = ruleEntityCode
	default:
		return none
	}
	return f.by(k, f.cond(op, qvals...))
}

// isNull approximates col IS NULL (or IS NOT NULL when not).
func (f field) isNull(not bool) approxResult {
	if !f.nullable() {
		if not {
			return approxResult{exact: true}
		}
		return none // never true; left to the client-side filter
	}
	if f.inner {
		return none // kintone refuses empty tests inside subtables
	}
	emptyText := query.Str("")
	switch f.kind {
	case kindNumber:
		if not {
			return f.by(ruleNumberNotNull, f.cond(query.OpNe, emptyText))
		}
		return f.by(ruleNumberIsNull, f.cond(query.OpEq, emptyText))
	case kindDate, kindDateTime, kindTime:
		if not {
			return f.by(ruleTemporalNotNull, f.cond(query.OpNe, emptyText))
		}
		return f.by(ruleTemporalIsNull, f.cond(query.OpEq, emptyText))
	case kindText:
		if f.col.FieldType == schema.FieldStatus || not {
			return none
		}
		// = "" may also match text made of white space on kintone.
		return f.by(ruleTextIsNull, f.cond(query.OpEq, emptyText))
	case kindMultiText:
		if not {
			return none // is not empty skips white-space-only text, which is not NULL
		}
		return f.by(ruleMultiTextIsEmpty, f.cond(query.OpIsEmpty))
	case kindChoice, kindMultiChoice:
		if not {
			return f.by(f.emptyRule(), f.cond(query.OpNotIn, emptyText))
		}
		return f.by(f.emptyRule(), f.cond(query.OpIn, emptyText))
	case kindFile:
		if not {
			return f.by(ruleFileEmpty, f.cond(query.OpIsNotEmpty))
		}
		return f.by(ruleFileEmpty, f.cond(query.OpIsEmpty))
	}
	return none
}

// isOption reports whether s is one of the column's choices (kintone
// refuses other values with GAIA_IQ10).
func (f field) isOption(s string) bool {
	for _, o := range f.col.Options {
		if o == s {
			return true
		}
	}
	return false
}

// temporal approximates a comparison of a DATE, DATETIME or TIME column.
// kintone's values have whole days (DATE) or whole minutes (DATETIME, TIME;
// kintone-api.md §4: seconds are always 00), and kintone compares at that
// precision, so a constant is first aligned to the unit: with values on
// the grid, v > T equals v > floor(T), v >= T equals v >= ceil(T), v < T
// equals v < ceil(T) and v <= T equals v <= floor(T); = and <> need T on
// the grid.
func (f field) temporal(op engine.CmpOp, v engine.Value) approxResult {
	t, ok := temporalValue(v, f.col.Type)
	if !ok {
		return none
	}
	unit := time.Minute
	if f.kind == kindDate {
		unit = 24 * time.Hour
	}
	floor := t.Truncate(unit)
	ceil := floor
	if !floor.Equal(t) {
		ceil = floor.Add(unit)
	}
	var at time.Time
	var qop query.Operator
	switch op {
	case engine.OpEq, engine.OpNe:
		if !floor.Equal(t) {
			return none
		}
		at, qop = t, cmpOperators[op]
	case engine.OpGt:
		at, qop = floor, query.OpGt
	case engine.OpLe:
		at, qop = floor, query.OpLe
	case engine.OpGe:
		at, qop = ceil, query.OpGe
	case engine.OpLt:
		at, qop = ceil, query.OpLt
	default:
		return none
	}
	if f.kind == kindTime && at.Day() != 1 {
		return none // rounded up past 23:59
	}
	qv, ok := f.queryValue(at)
	if !ok {
		return none
	}
	switch {
	case f.inner && op == engine.OpNe:
		return none
	case f.inner && op == engine.OpEq:
		// = is refused inside subtables: use >= and <= (same row).
		return f.by(ruleSubtable, query.NewAnd(f.cond(query.OpGe, qv), f.cond(query.OpLe, qv)))
	}
	return f.by(f.temporalRule(op), f.cond(qop, qv))
}

// cmpFunc approximates col op kintone-function: exact by definition (the
// function means kintone's evaluation), with <> guarded so that empty
// values, NULL in SQL, stay out.
func (f field) cmpFunc(op engine.CmpOp, fn query.Value) (approxResult, error) {
	if err := f.acceptsFunc(fn); err != nil {
		return none, err
	}
	if query.IsUserFunc(fn.Text) || query.IsOrgFunc(fn.Text) {
		switch op {
		case engine.OpEq:
			return f.inFuncs(nil, []query.Value{fn}, false)
		case engine.OpNe:
			return f.inFuncs(nil, []query.Value{fn}, true)
		}
		return none, fmt.Errorf("%s() can only be compared with = or <> (kintone's in / not in)", fn.Text)
	}
	qop, ok := cmpOperators[op]
	if !ok {
		return none, fmt.Errorf("%s() cannot be used with %s", fn.Text, op)
	}
	q := query.Expr(f.cond(qop, fn))
	switch {
	case op == engine.OpNe && f.nullable():
		return f.withoutEmpty(q, f.cond(query.OpNe, query.Str("")), ruleDateFuncNe), nil
	case op != engine.OpEq && f.nullable() && answer(ruleTemporalOrder, f.trust) != Exact:
		// Whether an empty field matches < <= > >= is open: drop empty
		// fields client-side (the function itself only kintone evaluates).
		return approxResult{q: q, recheck: f.notNull()}, nil
	}
	return f.by(ruleDateFunc, q), nil
}

// inFuncs approximates col [NOT] IN (...) holding kintone functions.
func (f field) inFuncs(vals []engine.Value, funcs []query.Value, not bool) (approxResult, error) {
	for _, fn := range funcs {
		if err := f.acceptsFunc(fn); err != nil {
			return none, err
		}
	}
	if f.kind == kindDate || f.kind == kindDateTime {
		op := engine.OpEq
		if not {
			op = engine.OpNe
		}
		var qs []query.Expr
		out := approxResult{exact: true}
		for _, fn := range funcs {
			r, err := f.cmpFunc(op, fn)
			if err != nil {
				return none, err
			}
			if !r.exact {
				// <> guarded client-side: every such term shares the
				// re-check col IS NOT NULL, which an AND keeps.
				out = approxResult{recheck: r.recheck}
			}
			qs = append(qs, r.q)
		}
		for _, v := range vals {
			r := f.cmp(op, v)
			if r.q == nil || !r.exact {
				return none, nil
			}
			qs = append(qs, r.q)
		}
		if not {
			out.q = query.NewAnd(qs...)
		} else {
			out.q = query.NewOr(qs...)
		}
		return out, nil
	}
	qvals := append([]query.Value(nil), funcs...)
	for _, v := range vals {
		s, ok := v.(string)
		if !ok {
			return none, nil
		}
		qvals = append(qvals, query.Str(s))
	}
	fnRule := ruleUserFunc
	if f.kind == kindOrgs {
		fnRule = ruleOrgFunc
	}
	if !not {
		return f.by(fnRule, f.cond(query.OpIn, qvals...)), nil
	}
	q := query.Expr(f.cond(query.OpNotIn, qvals...))
	if f.nullable() {
		// not in also matches an empty selection, which is NULL in SQL.
		return f.withoutEmpty(q, f.cond(query.OpNotIn, query.Str("")), f.emptyRule()), nil
	}
	return f.by(fnRule, q), nil
}

// acceptsFunc checks that kintone accepts fn on the column: date functions
// on top-level DATE, DATETIME, CREATED_TIME and UPDATED_TIME fields,
// LOGINUSER() on CREATOR/MODIFIER codes and user selections,
// PRIMARY_ORGANIZATION() on organization selections.
func (f field) acceptsFunc(fn query.Value) error {
	name := strings.ToUpper(fn.Text)
	if f.inner {
		return fmt.Errorf("%s() cannot be used with subtable column %q: kintone tests subtables per record, not per row", name, f.col.Name)
	}
	ok := false
	what := ""
	switch {
	case query.IsUserFunc(name):
		ok, what = f.kind == kindEntityCode || f.kind == kindUsers, "CREATOR/MODIFIER codes and user selection fields"
	case query.IsOrgFunc(name):
		ok, what = f.kind == kindOrgs, "organization selection fields"
	default:
		ok, what = f.kind == kindDate || f.kind == kindDateTime, "DATE, DATETIME, CREATED_TIME and UPDATED_TIME fields"
	}
	if !ok {
		return fmt.Errorf("%s cannot be used with column %q (%s field); kintone accepts it on %s", fn, f.col.Name, f.col.FieldType, what)
	}
	return nil
}

// matchable checks that kintone's word search works on the column.
func (f field) matchable() error {
	if f.inner {
		return fmt.Errorf("MATCH on subtable column %q is not supported: kintone's word search selects records, not subtable rows", f.col.Name)
	}
	switch f.col.FieldType {
	case schema.FieldSingleLineText, schema.FieldLink, schema.FieldMultiLineText, schema.FieldRichText, schema.FieldFile:
		return nil
	}
	return fmt.Errorf("MATCH cannot search column %q (%s field); kintone's word search works on text, link, rich text and file fields", f.col.Name, f.col.FieldType)
}

// integerValue reads a constant as an integer: BIGINT, an integral
// DECIMAL or DOUBLE, or numeric text.
func integerValue(v engine.Value) (int64, bool) {
	d, ok := numericValue(v)
	if !ok || !d.IsInteger() || !d.BigInt().IsInt64() {
		return 0, false
	}
	return d.IntPart(), true
}

// numericValue reads a constant compared with a number column: numbers,
// and text that is a whole number (MySQL compares them numerically; text
// with trailing garbage is left to the client-side filter).
func numericValue(v engine.Value) (decimal.Decimal, bool) {
	switch x := v.(type) {
	case int64, decimal.Decimal, float64:
		return engine.ToDecimal(x)
	case string:
		d, clean := engine.StringToDecimal(x)
		return d, clean
	}
	return decimal.Decimal{}, false
}

// temporalValue reads a constant compared with a DATE, DATETIME or TIME
// column: a time (for TIME columns a time of day, as argAt makes of a Go
// time.Time argument), or text that parses as one (as Compare reads it).
func temporalValue(v engine.Value, t schema.Type) (time.Time, bool) {
	switch x := v.(type) {
	case time.Time:
		x = x.UTC()
		if t == schema.TypeTime && (x.Year() != 0 || x.Month() != 1 || x.Day() != 1) {
			return time.Time{}, false
		}
		return x, true
	case string:
		if t == schema.TypeTime {
			tt, err := engine.ParseTimeOfDay(x)
			return tt, err == nil
		}
		tt, _, err := engine.ParseDateTime(x)
		return tt, err == nil
	}
	return time.Time{}, false
}
