package translate

// This file holds the one table of what the driver believes about
// kintone's answer to each pushed query form, and why. The pushdown code
// (pushdown*.go) asks it, through field.by, whether a form's answer can be
// trusted as exact, used only to narrow the transfer (re-checked
// client-side), or not sent at all. docs/pushdown.md is rendered from it
// (provenance_doc.go; TestPushdownDocUpToDate keeps the file current).

import "slices"

// Answer is what kintone's answer to a pushed form is, relative to the
// SQL condition it stands for.
type Answer int

// The answers.
const (
	// NotPushed: the form is not sent; the condition runs client-side.
	NotPushed Answer = iota
	// Narrowing: kintone's answer is a superset of the SQL answer; the
	// condition is re-checked client-side and COUNT(*) counts rows.
	Narrowing
	// Exact: kintone's answer equals the SQL answer; nothing is re-checked
	// and COUNT(*) uses kintone's totalCount.
	Exact
)

// String names the answer as the docs do.
func (a Answer) String() string {
	switch a {
	case Exact:
		return "exact"
	case Narrowing:
		return "narrowing (re-checked)"
	}
	return "not pushed"
}

// Source says how a row's answer is known.
type Source int

// The sources.
const (
	// Documented: cybozu's reference states it (or it follows from the
	// documented meaning of the operator).
	Documented Source = iota + 1
	// Observed: seen on a real tenant and recorded.
	Observed
	// Assumed: neither documented nor observed; the driver falls back to
	// the row's Untrusted answer unless TrustAssumedPushdown is set.
	Assumed
)

// String names the source as the docs do.
func (s Source) String() string {
	switch s {
	case Documented:
		return "documented"
	case Observed:
		return "observed"
	}
	return "assumed"
}

// ruleKey names a row of the table.
type ruleKey int

// The rows (in the order of the docs).
const (
	ruleIDCompare ruleKey = iota
	ruleNumberEq
	ruleNumberEqZero
	ruleNumberOrder
	ruleNumberNe
	ruleNumberIsNull
	ruleNumberNotNull
	ruleTemporalEq
	ruleTemporalOrder
	ruleTemporalNe
	ruleSystemTime
	ruleTemporalIsNull
	ruleTemporalNotNull
	ruleDateFunc
	ruleDateFuncNe
	ruleTextEq
	ruleTextIsNull
	ruleMultiTextIsEmpty
	ruleChoiceIn
	ruleChoiceNotIn
	ruleDropDownEmpty
	ruleChoiceEmpty
	ruleEntityCode
	ruleSelectionIn
	ruleSelectionEmpty
	ruleUserFunc
	ruleOrgFunc
	ruleFileEmpty
	ruleWordSearch
	ruleSubtable
	ruleOrderValues
	ruleOrderEmpty
	ruleOrderDescHeld
	ruleCount
)

// PushdownRule is one row of the provenance table: a kintone query form on
// some field types, what its answer is taken to be, and the source.
type PushdownRule struct {
	key ruleKey
	// Types lists the kintone field types the row covers.
	Types string
	// Form is the kintone query form (v: a value of the field's type).
	Form string
	// SQL is the SQL the driver pushes this way.
	SQL string
	// Answer is kintone's answer as documented, observed or assumed.
	Answer Answer
	// Source says how Answer is known.
	Source Source
	// Untrusted is what the driver does for an Assumed row while
	// TrustAssumedPushdown is off: push to narrow (when kintone's answer
	// cannot miss a matching record under any reading) or not push (when
	// it could, or when kintone might refuse the form).
	Untrusted Answer
	// Cite points at the source: a section of cybozu's query reference, an
	// observation, or what is open.
	Cite string
}

// pushdownRules is the table. Citations: "query reference" is cybozu's
// "レコード取得のクエリ" page (operators and functions per field type);
// "observed" rows are real-tenant observations (dual-mode tests of an
// independent emulator, April 2026).
var pushdownRules = slices.Concat([]PushdownRule{
	{key: ruleIDCompare, Types: "$id", Form: "= != < <= > >= in, not in", SQL: "$id = 5, $id IN (1, 2), ...",
		Answer: Exact, Source: Documented, Cite: "query reference, operators for record number; every record has an id"},
	{key: ruleNumberEq, Types: "NUMBER, CALC (number)", Form: "= v, in (v, ...) with no v = 0", SQL: "n = 5, n IN (1, 2)",
		Answer: Exact, Source: Documented, Cite: "query reference, = and in; no reading of an empty value equals a non-zero number"},
	{key: ruleNumberEqZero, Types: "NUMBER, CALC (number)", Form: "= 0, in (..., 0, ...)", SQL: "n = 0",
		Answer: Exact, Source: Assumed, Untrusted: Narrowing, Cite: "open: whether an empty field counts as 0 (an independent kintone-compatible server treats it so)"},
	{key: ruleNumberOrder, Types: "NUMBER, CALC (number)", Form: "< <= > >= v", SQL: "n < 100, n BETWEEN 1 AND 9",
		Answer: Exact, Source: Assumed, Untrusted: Narrowing, Cite: "open: whether an empty field matches (an independent kintone-compatible server matches it as 0)"},
	{key: ruleNumberNe, Types: "NUMBER, CALC (number)", Form: "!= v, not in (v, ...)", SQL: "n <> 5, n NOT IN (1, 2)",
		Answer: Narrowing, Source: Documented, Cite: "query reference, != and not in; they also match empty fields, which SQL's <> does not"},
}, emptyTestRules(ruleNumberIsNull, ruleNumberNotNull, "NUMBER, CALC (number)", "n"), []PushdownRule{
	{key: ruleTemporalEq, Types: "DATE, DATETIME, TIME", Form: "= v (v on the field's day or minute grid)", SQL: "d = '2025-04-01'",
		Answer: Exact, Source: Documented, Cite: "query reference, = on dates and times; an empty value equals no date"},
	{key: ruleTemporalOrder, Types: "DATE, DATETIME, TIME", Form: "< <= > >= v", SQL: "d >= '2025-04-01'",
		Answer: Exact, Source: Assumed, Untrusted: Narrowing, Cite: "open: whether an empty field matches an ordering operator (not observed for dates and times)"},
	{key: ruleTemporalNe, Types: "DATE, DATETIME, TIME", Form: "!= v", SQL: "d <> '2025-04-01'",
		Answer: Narrowing, Source: Documented, Cite: "query reference, !=; it also matches empty fields"},
	{key: ruleSystemTime, Types: "CREATED_TIME, UPDATED_TIME", Form: "= != < <= > >= v", SQL: "created >= '2025-04-01'",
		Answer: Exact, Source: Documented, Cite: "query reference, date and time operators; kintone always sets these fields"},
}, emptyTestRules(ruleTemporalIsNull, ruleTemporalNotNull, "DATE, DATETIME, TIME", "d"), []PushdownRule{
	{key: ruleDateFunc, Types: "DATE, DATETIME, CREATED_TIME, UPDATED_TIME", Form: "= < <= > >= TODAY(), FROM_TODAY(n, UNIT), THIS_MONTH(), NOW(), ...", SQL: "d = TODAY(), d < FROM_TODAY(-7, DAYS)",
		Answer: Exact, Source: Documented, Cite: "query reference, functions; exact by definition (the SQL means kintone's evaluation, in the API user's time zone, observed); with < <= > >= on a field that may be empty, empty fields are dropped client-side unless the row of < <= > >= v is trusted"},
	{key: ruleDateFuncNe, Types: "DATE, DATETIME", Form: `!= TODAY() and != ""`, SQL: "d <> TODAY()",
		Answer: Exact, Source: Assumed, Untrusted: Narrowing, Cite: `open: which records != "" matches; untrusted, the driver sends != TODAY() alone and drops empty fields client-side`},
	{key: ruleTextEq, Types: "SINGLE_LINE_TEXT, LINK, STATUS", Form: "= != in, not in", SQL: "s = 'x', s IN ('a', 'b')",
		Answer: Narrowing, Source: Documented, Cite: "query reference, text operators; case and width folding are not documented, so kintone may match more"},
	{key: ruleTextIsNull, Types: "SINGLE_LINE_TEXT, LINK", Form: `= ""`, SQL: "s IS NULL",
		Answer: Narrowing, Source: Observed, Cite: `observed: in ("") / = "" match fields with no value and with ""`},
	{key: ruleMultiTextIsEmpty, Types: "MULTI_LINE_TEXT", Form: "is empty", SQL: "m IS NULL",
		Answer: Narrowing, Source: Observed, Cite: "observed: text of only spaces, tabs or newlines counts as empty"},
	{key: ruleChoiceIn, Types: "DROP_DOWN, RADIO_BUTTON, CHECK_BOX, MULTI_SELECT", Form: "in (options)", SQL: "c = 'A', c IN ('A', 'B'), KINTONE_IN(c, 'A'), JSON_CONTAINS(c, '\"A\"')",
		Answer: Exact, Source: Documented, Cite: "query reference, in on choice fields (a value outside the options is not sent: GAIA_IQ10)"},
	{key: ruleChoiceNotIn, Types: "DROP_DOWN, RADIO_BUTTON, CHECK_BOX, MULTI_SELECT", Form: "not in (options)", SQL: "c <> 'A', c NOT IN ('A')",
		Answer: Narrowing, Source: Documented, Cite: "query reference, not in; it also matches fields with nothing selected"},
	{key: ruleDropDownEmpty, Types: "DROP_DOWN", Form: `in (""), not in ("")`, SQL: "c IS NULL, c IS NOT NULL, c NOT IN ('A') (with not in (\"\"))",
		Answer: Exact, Source: Observed, Cite: `observed: in ("") matches no selection as well as ""; not in is its complement`},
	{key: ruleChoiceEmpty, Types: "RADIO_BUTTON, CHECK_BOX, MULTI_SELECT", Form: `in (""), not in ("")`, SQL: "c IS NULL, c IS NOT NULL, c NOT IN ('A') (with not in (\"\"))",
		Answer: Exact, Source: Assumed, Untrusted: NotPushed, Cite: `open: whether kintone accepts in ("") on these types (only drop-downs were observed)`},
	{key: ruleEntityCode, Types: "CREATOR, MODIFIER (code)", Form: "in, not in (codes)", SQL: "creator_code = 'sato'",
		Answer: Narrowing, Source: Documented, Cite: "query reference, user fields take in / not in; login-name matching rules are not documented"},
	{key: ruleSelectionIn, Types: "USER_SELECT, ORGANIZATION_SELECT, STATUS_ASSIGNEE", Form: "in (codes)", SQL: "KINTONE_IN(u, 'sato'), JSON_CONTAINS(u, '{\"code\":\"sato\"}')",
		Answer: Exact, Source: Documented, Cite: "query reference, in on selection fields"},
	{key: ruleSelectionEmpty, Types: "USER_SELECT, ORGANIZATION_SELECT, STATUS_ASSIGNEE", Form: `not in ("")`, SQL: "NOT KINTONE_IN(u, 'sato') (with not in (\"\"))",
		Answer: Exact, Source: Assumed, Untrusted: Narrowing, Cite: `open: in ("") was observed on text and drop-downs only; untrusted, empty fields are dropped client-side`},
	{key: ruleUserFunc, Types: "CREATOR, MODIFIER, USER_SELECT, STATUS_ASSIGNEE", Form: "in (LOGINUSER())", SQL: "KINTONE_IN(u, LOGINUSER())",
		Answer: Exact, Source: Documented, Cite: "query reference, LOGINUSER(); exact by definition"},
	{key: ruleOrgFunc, Types: "ORGANIZATION_SELECT", Form: "in (PRIMARY_ORGANIZATION())", SQL: "KINTONE_IN(o, PRIMARY_ORGANIZATION())",
		Answer: Exact, Source: Documented, Cite: "query reference, PRIMARY_ORGANIZATION() (ignored for a user with none); exact by definition"},
	{key: ruleFileEmpty, Types: "FILE", Form: "is empty, is not empty", SQL: "f IS NULL, f IS NOT NULL",
		Answer: Exact, Source: Documented, Cite: "query reference, is empty on FILE"},
	{key: ruleWordSearch, Types: "SINGLE_LINE_TEXT, LINK, MULTI_LINE_TEXT, RICH_TEXT, FILE", Form: "like, not like", SQL: "MATCH(s) AGAINST('word')",
		Answer: Exact, Source: Documented, Cite: "query reference, like is a word search; MATCH means exactly that (one-character terms match nothing, observed)"},
	{key: ruleSubtable, Types: "fields in a subtable", Form: "in, < <= > >=, like (= and != are refused: GAIA_IQ07)", SQL: "any condition on a subtable column",
		Answer: Narrowing, Source: Observed, Cite: "observed: a record matches when at least one row does; conditions are re-checked per row"},
	{key: ruleOrderValues, Types: "$id, CREATED_TIME, UPDATED_TIME", Form: "order by f asc, f desc", SQL: "ORDER BY created DESC LIMIT 10",
		Answer: Exact, Source: Documented, Cite: "query reference, order by; these fields are never empty"},
	{key: ruleOrderEmpty, Types: "NUMBER, CALC (number), DATE, DATETIME, TIME", Form: "order by f asc, f desc (f may be empty)", SQL: "ORDER BY n LIMIT 10",
		Answer: Exact, Source: Assumed, Untrusted: NotPushed, Cite: "open: where kintone sorts empty fields (SQL: NULLs first ascending, last descending); untrusted, the driver sorts (descending: see the next row)"},
	{key: ruleOrderDescHeld, Types: "NUMBER, CALC (number), DATE, DATETIME, TIME", Form: "order by f desc, $id asc (cursor); empty f held back client-side", SQL: "ORDER BY n DESC LIMIT 10",
		Answer: Exact, Source: Documented, Cite: "query reference, order by: non-empty values in value order; rows with empty f are emitted last whatever kintone's place for them, so the open row above does not matter (needs UseCursor)"},
	{key: ruleCount, Types: "any", Form: "totalCount=true", SQL: "SELECT COUNT(*) with every condition exact",
		Answer: Exact, Source: Documented, Cite: "get records reference, totalCount; used only when every pushed condition is exact"},
})

// emptyTestRules are the IS NULL and IS NOT NULL rows of types on which
// kintone accepts = "" and != "" but was not observed to say which records
// they match; col names a column in the SQL example.
func emptyTestRules(isNull, notNull ruleKey, types, col string) []PushdownRule {
	row := func(key ruleKey, op, sql string) PushdownRule {
		return PushdownRule{key: key, Types: types, Form: op + ` ""`, SQL: col + " " + sql,
			Answer: Exact, Source: Assumed, Untrusted: NotPushed, Cite: "observed: " + op + ` "" is accepted; open: which records it matches`}
	}
	return []PushdownRule{row(isNull, "=", "IS NULL"), row(notNull, "!=", "IS NOT NULL")}
}

// ruleIndex finds a row by key.
var ruleIndex = func() map[ruleKey]*PushdownRule {
	m := make(map[ruleKey]*PushdownRule, len(pushdownRules))
	for i := range pushdownRules {
		m[pushdownRules[i].key] = &pushdownRules[i]
	}
	return m
}()

// PushdownRules returns a copy of the provenance table, in order.
func PushdownRules() []PushdownRule { return append([]PushdownRule(nil), pushdownRules...) }

// Effective is what the driver does with the row: its Answer, unless the
// row is assumed and not trusted.
func (r PushdownRule) Effective(trustAssumed bool) Answer {
	if r.Source == Assumed && !trustAssumed {
		return r.Untrusted
	}
	return r.Answer
}

// answer is what the driver does with row k.
func answer(k ruleKey, trustAssumed bool) Answer {
	r, ok := ruleIndex[k]
	if !ok {
		return NotPushed
	}
	return r.Effective(trustAssumed)
}
