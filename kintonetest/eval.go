package kintonetest

import (
	"errors"
	"fmt"
	"net/http"
	"sort"
	"time"

	"github.com/kintone-sql/kintone/query"
)

// filterAbortThreshold is the match count past which kintone aborts a
// filter and answers with X-Cybozu-Warning (kintone-api.md §3 GET records
// limits).
const filterAbortThreshold = 100000

// filterAbortWarning is the X-Cybozu-Warning value kintone sends then.
const filterAbortWarning = "Filter aborted because of too many search results"

// evalCtx evaluates queries against one app's stored records for a call:
// the caller's login and time zone feed LOGINUSER(), PRIMARY_ORGANIZATION()
// and the date functions.
type evalCtx struct {
	c   *call
	st  *store
	a   *app
	now time.Time
	loc *time.Location
}

func newEvalCtx(c *call, a *app) *evalCtx {
	loc := time.UTC
	if c.who != nil && c.who.loc != nil {
		loc = c.who.loc
	}
	return &evalCtx{c: c, st: c.srv.st, a: a, now: c.now, loc: loc}
}

// recPred tests one record.
type recPred func(*record) bool

// compile turns a condition tree into a record predicate. ignored is true
// when the whole tree drops out (a PRIMARY_ORGANIZATION() condition for a
// user without one: kintone ignores such a condition and applies the
// others; kintone-api.md §6 Functions). Errors are kintone's query errors.
func (e *evalCtx) compile(x query.Expr) (p recPred, ignored bool, err *apiError) {
	switch t := x.(type) {
	case *query.Condition:
		return e.condition(t)
	case *query.Or:
		preds, err := e.compileAll(t.Terms)
		if err != nil {
			return nil, false, err
		}
		return joinPreds(preds, true)
	case *query.And:
		return e.and(t)
	}
	return nil, false, errQuerySyntax()
}

// and compiles an "and" group. Positive conditions on fields of the same
// subtable that sit directly in the group must hold in the same row
// (kintone-api.md §6 Subtable fields [OBS]); they are compiled together.
func (e *evalCtx) and(t *query.And) (recPred, bool, *apiError) {
	groups := map[*Field][]*query.Condition{}
	var order []*Field
	var rest []query.Expr
	for _, term := range t.Terms {
		if c, ok := term.(*query.Condition); ok && c.Field.Ref == "" && positiveOp(c.Op) {
			if f, parent := e.a.field(c.Field.Code); f != nil && parent != nil {
				if groups[parent] == nil {
					order = append(order, parent)
				}
				groups[parent] = append(groups[parent], c)
				continue
			}
		}
		rest = append(rest, term)
	}
	preds, err := e.compileAll(rest)
	if err != nil {
		return nil, false, err
	}
	for _, table := range order {
		p, ign, err := e.sameRow(table, groups[table])
		if err != nil {
			return nil, false, err
		}
		if !ign {
			preds = append(preds, p)
		}
	}
	return joinPreds(preds, false)
}

// compileAll compiles terms, leaving out those that drop out.
func (e *evalCtx) compileAll(terms []query.Expr) ([]recPred, *apiError) {
	var preds []recPred
	for _, term := range terms {
		p, ign, err := e.compile(term)
		if err != nil {
			return nil, err
		}
		if !ign {
			preds = append(preds, p)
		}
	}
	return preds, nil
}

// joinPreds joins predicates with "or" (or true) or "and" (or false); with
// none left the whole group drops out (ignored).
func joinPreds(preds []recPred, or bool) (p recPred, ignored bool, err *apiError) {
	if len(preds) == 0 {
		return nil, true, nil
	}
	// "or" holds at the first true term, "and" fails at the first false one.
	return func(r *record) bool {
		for _, p := range preds {
			if p(r) == or {
				return or
			}
		}
		return !or
	}, false, nil
}

// sameRow compiles positive conditions on one subtable: a record matches
// when one of its rows satisfies all of them.
func (e *evalCtx) sameRow(table *Field, conds []*query.Condition) (recPred, bool, *apiError) {
	type cell struct {
		code string
		test valueTest
	}
	var cells []cell
	for _, c := range conds {
		f, _ := e.a.field(c.Field.Code)
		test, ign, err := e.innerTest(f, c)
		if err != nil {
			return nil, false, err
		}
		if !ign {
			cells = append(cells, cell{f.Code, test})
		}
	}
	if len(cells) == 0 {
		return nil, true, nil
	}
	return func(r *record) bool {
		rows, _ := r.Values[table.Code].([]*row)
	next:
		for _, rw := range rows {
			for _, c := range cells {
				if !c.test(rw.Values[c.code]) {
					continue next
				}
			}
			return true
		}
		return false
	}, false, nil
}

// positiveOp reports the operators that match a subtable when one row
// does; the others (not in, not like, is not empty) need every row
// (kintone-api.md §6). = and != are refused on subtable fields.
func positiveOp(op query.Operator) bool {
	switch op {
	case query.OpNotIn, query.OpNotLike, query.OpIsNotEmpty, query.OpNe:
		return false
	}
	return true
}

// condition compiles one field test.
func (e *evalCtx) condition(c *query.Condition) (recPred, bool, *apiError) {
	if c.Field.Ref != "" {
		return e.related(c)
	}
	switch c.Field.Code {
	case idKey:
		test, err := e.idTest(c, "$id", "")
		if err != nil {
			return nil, false, err
		}
		return func(r *record) bool { return test(r.ID) }, false, nil
	case revisionKey:
		// $revision in queries is UNCONFIRMED on kintone; it is accepted
		// here with the number operators.
		test, err := e.idTest(c, "$revision", "")
		if err != nil {
			return nil, false, err
		}
		return func(r *record) bool { return test(r.Revision) }, false, nil
	}
	f, parent := e.a.field(c.Field.Code)
	if f == nil {
		return nil, false, errUnknownQueryField(c.Field.Code)
	}
	if parent != nil {
		return e.inner(parent, f, c)
	}
	if f.Type == TypeRecordNumber {
		test, err := e.idTest(c, f.Code, e.a.Code)
		if err != nil {
			return nil, false, err
		}
		return func(r *record) bool { return test(r.ID) }, false, nil
	}
	test, ign, err := e.valueTest(f, c)
	if err != nil || ign {
		return nil, ign, err
	}
	code := f.Code
	return func(r *record) bool { return test(r.Values[code]) }, false, nil
}

// inner compiles a condition on a subtable field: positive operators need
// one matching row, negative ones a non-empty table whose rows all match.
func (e *evalCtx) inner(table, f *Field, c *query.Condition) (recPred, bool, *apiError) {
	test, ign, err := e.innerTest(f, c)
	if err != nil || ign {
		return nil, ign, err
	}
	code, tcode := f.Code, table.Code
	if positiveOp(c.Op) {
		return func(r *record) bool {
			rows, _ := r.Values[tcode].([]*row)
			for _, rw := range rows {
				if test(rw.Values[code]) {
					return true
				}
			}
			return false
		}, false, nil
	}
	return func(r *record) bool {
		rows, _ := r.Values[tcode].([]*row)
		for _, rw := range rows {
			if !test(rw.Values[code]) {
				return false
			}
		}
		return len(rows) > 0
	}, false, nil
}

// innerTest is valueTest for a subtable field, where = and != are GAIA_IQ07.
func (e *evalCtx) innerTest(f *Field, c *query.Condition) (valueTest, bool, *apiError) {
	if c.Op == query.OpEq || c.Op == query.OpNe {
		// kintone-observed.md records the Japanese text (for =); the
		// English wording is not recorded, so English callers get it too.
		return nil, false, newError(http.StatusBadRequest, "GAIA_IQ07",
			fmt.Sprintf("テーブルに設定している場合、%sフィールドのフィールドタイプには、演算子%sを使用できません。", f.Code, c.Op), "")
	}
	return e.valueTest(f, c)
}

// selectOpts say how much of a query's result to produce.
type selectOpts struct {
	limit, offset int
	// all returns every match (cursors), ignoring limit and offset.
	all bool
	// count asks for the total number of matches.
	count bool
}

// selection is a query result: the ids of the page, the total (when
// counted or known) and whether kintone would have aborted the filter.
type selection struct {
	ids     []int64
	total   int
	aborted bool
}

// selectIDs evaluates q over the app's stored records. Top-level $id
// range conditions narrow the scan by binary search over the sorted ids,
// and when the order is by $id alone the scan stops as soon as the page is
// full (unless the total is wanted). Other orders collect every match and
// sort it (order.go). Whether more than filterAbortThreshold records match
// (kintone's X-Cybozu-Warning) is known only when every candidate was
// evaluated, i.e. with totalCount, a non-$id order or a cursor; an early
// stopped scan never reports it.
func (e *evalCtx) selectIDs(q *query.Query, o selectOpts) (selection, *apiError) {
	var pred recPred
	if q.Where != nil {
		p, ign, err := e.compile(q.Where)
		if err != nil {
			return selection{}, err
		}
		if !ign && !onlyIDRange(q.Where) {
			pred = p
		}
	}
	keys, err := e.orderKeys(q.OrderBy)
	if err != nil {
		return selection{}, err
	}
	lo, hi := idBounds(q.Where)
	ids := e.a.ids
	i0 := sort.Search(len(ids), func(i int) bool { return ids[i] >= lo })
	i1 := sort.Search(len(ids), func(i int) bool { return ids[i] > hi })
	if i1 < i0 {
		i1 = i0
	}
	span := ids[i0:i1]
	want := o.offset + o.limit
	if desc, byID := idOrder(keys); byID {
		var sel selection
		var matched []int64
		n := 0
		for k := range span {
			id := span[k]
			if desc {
				id = span[len(span)-1-k]
			}
			if pred != nil && !pred(e.a.records[id]) {
				continue
			}
			n++
			if o.all || n <= want {
				matched = append(matched, id)
			} else if !o.count {
				break
			}
		}
		sel.total = n
		sel.aborted = pred != nil && n > filterAbortThreshold
		sel.ids = page(matched, o)
		return sel, nil
	}
	recs := make([]*record, 0, len(span))
	for _, id := range span {
		r := e.a.records[id]
		if pred == nil || pred(r) {
			recs = append(recs, r)
		}
	}
	e.sortRecords(recs, keys)
	matched := make([]int64, len(recs))
	for i, r := range recs {
		matched[i] = r.ID
	}
	return selection{ids: page(matched, o), total: len(recs), aborted: pred != nil && len(recs) > filterAbortThreshold}, nil
}

// page applies offset and limit unless all is set.
func page(ids []int64, o selectOpts) []int64 {
	if o.all {
		return ids
	}
	if o.offset >= len(ids) {
		return []int64{}
	}
	ids = ids[o.offset:]
	if len(ids) > o.limit {
		ids = ids[:o.limit]
	}
	return ids
}

// idBounds returns the inclusive id range that top-level $id conditions
// (the condition itself, or terms of a top-level "and") allow.
func idBounds(x query.Expr) (lo, hi int64) {
	lo, hi = -(1 << 62), 1<<62
	terms, _ := topLevelTerms(x)
	for _, term := range terms {
		c, n, ok := idComparison(term)
		if !ok {
			continue
		}
		switch c.Op {
		case query.OpEq:
			lo, hi = max(lo, n), min(hi, n)
		case query.OpGt:
			lo = max(lo, n+1)
		case query.OpGe:
			lo = max(lo, n)
		case query.OpLt:
			hi = min(hi, n-1)
		case query.OpLe:
			hi = min(hi, n)
		}
	}
	return lo, hi
}

// onlyIDRange reports a condition made only of $id comparisons that
// idBounds fully applies, so no per-record test is needed.
func onlyIDRange(x query.Expr) bool {
	terms, ok := topLevelTerms(x)
	if !ok {
		return false
	}
	for _, term := range terms {
		if _, _, ok := idComparison(term); !ok {
			return false
		}
	}
	return true
}

// topLevelTerms returns a lone condition, or the terms of a top-level
// "and"; ok is false for any other expression.
func topLevelTerms(x query.Expr) (terms []query.Expr, ok bool) {
	switch t := x.(type) {
	case *query.Condition:
		return []query.Expr{t}, true
	case *query.And:
		return t.Terms, true
	}
	return nil, false
}

// idComparison reports whether term compares $id with one integer
// (=, >, >=, < or <=), and returns the condition and the integer.
func idComparison(term query.Expr) (c *query.Condition, n int64, ok bool) {
	c, ok = term.(*query.Condition)
	if !ok || c.Field.Ref != "" || c.Field.Code != idKey || len(c.Values) != 1 {
		return nil, 0, false
	}
	if n, ok = intLiteral(c.Values[0]); !ok {
		return nil, 0, false
	}
	switch c.Op {
	case query.OpEq, query.OpGt, query.OpGe, query.OpLt, query.OpLe:
		return c, n, true
	}
	return nil, 0, false
}

// queryError maps a query package error to kintone's response: CB_VA01
// with errors.query for syntax, the error's own code otherwise (GAIA_IL08,
// GAIA_IQ23, GAIA_IQ25, GAIA_QU01, GAIA_QU02), all 400.
func queryError(err error) *apiError {
	var qe *query.Error
	if !errors.As(err, &qe) {
		return errQuerySyntax()
	}
	if qe.Code == query.CodeSyntax {
		return errField("query", qe.KintoneMessage)
	}
	return newError(http.StatusBadRequest, qe.Code, qe.KintoneMessage, englishQueryMessages[qe.Code])
}

// englishQueryMessages are kintone's English texts of query errors, where
// recorded (kintone-api.md §6); for the others (GAIA_IL08, GAIA_IQ23,
// GAIA_IQ25) the English wording is unknown and the Japanese text is sent.
var englishQueryMessages = map[string]string{
	query.CodeLimit:  "limit must be 500 or less.",
	query.CodeOffset: "offset must be 10,000 or less",
}

// errQuerySyntax is CB_VA01 on "query" with kintone's syntax message.
func errQuerySyntax() *apiError { return errField("query", query.SyntaxMessage) }

// errUnknownQueryField is 400 GAIA_IQ11 (kintone-api.md §6 [OBS]).
func errUnknownQueryField(code string) *apiError {
	return newError(http.StatusBadRequest, "GAIA_IQ11",
		fmt.Sprintf("指定されたフィールド（%s）が見つかりません。", code),
		fmt.Sprintf("Specified field (%s) not found.", code))
}

// errOperator is 400 GAIA_IQ03: the operator (or function) does not apply
// to the field's type (kintone-api.md §6 [OBS]; the Japanese text is
// observed, the English one is not recorded and is this emulator's).
func errOperator(code, op string) *apiError {
	return newError(http.StatusBadRequest, "GAIA_IQ03",
		fmt.Sprintf("%sフィールドのフィールドタイプには演算子%sを使用できません。", code, op),
		fmt.Sprintf("The operator %s cannot be used for the field type of the field (%s).", op, code))
}

// parseQuery parses a query and checks its limit and offset.
func parseQuery(text string) (*query.Query, *apiError) {
	q, err := query.Parse(text)
	if err != nil {
		return nil, queryError(err)
	}
	if err := q.CheckLimits(); err != nil {
		return nil, queryError(err)
	}
	return q, nil
}
