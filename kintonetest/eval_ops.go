package kintonetest

import (
	"fmt"
	"math/big"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/kintone-sql/kintone/query"
)

// valueTest tests one stored value (record.Values shape) of a field.
type valueTest func(v any) bool

// opMask is a set of operators.
type opMask uint32

func ops(list ...query.Operator) opMask {
	var m opMask
	for _, o := range list {
		m |= 1 << uint(o)
	}
	return m
}

func (m opMask) has(o query.Operator) bool { return m&(1<<uint(o)) != 0 }

var (
	opsCompare = ops(query.OpEq, query.OpNe, query.OpGt, query.OpLt, query.OpGe, query.OpLe)
	opsIn      = ops(query.OpIn, query.OpNotIn)
	opsLike    = ops(query.OpLike, query.OpNotLike)
	opsEmpty   = ops(query.OpIsEmpty, query.OpIsNotEmpty)
	opsEqNe    = ops(query.OpEq, query.OpNe)
)

// queryOps is the operator matrix per field type (kintone-api.md §6
// "Operators"). Lookups use their base type. Choices made where the
// reference is silent or sources disagree: RICH_TEXT also accepts is
// [not] empty; CATEGORY accepts in / not in; $revision is treated as a
// number. Any other type (SUBTABLE, REFERENCE_TABLE, layout) accepts no
// operator.
var queryOps = map[string]opMask{
	TypeRecordNumber:       opsCompare | opsIn,
	TypeID:                 opsCompare | opsIn,
	TypeRevision:           opsCompare | opsIn,
	TypeNumber:             opsCompare | opsIn,
	TypeCalc:               opsCompare | opsIn,
	TypeSingleLineText:     opsEqNe | opsIn | opsLike,
	TypeLink:               opsEqNe | opsIn | opsLike,
	TypeMultiLineText:      opsLike | opsEmpty,
	TypeRichText:           opsLike | opsEmpty,
	TypeCheckBox:           opsIn,
	TypeRadioButton:        opsIn,
	TypeDropDown:           opsIn,
	TypeMultiSelect:        opsIn,
	TypeCategory:           opsIn,
	TypeStatus:             opsEqNe | opsIn,
	TypeDate:               opsCompare,
	TypeTime:               opsCompare,
	TypeDateTime:           opsCompare,
	TypeCreatedTime:        opsCompare,
	TypeUpdatedTime:        opsCompare,
	TypeCreator:            opsIn,
	TypeModifier:           opsIn,
	TypeUserSelect:         opsIn,
	TypeStatusAssignee:     opsIn,
	TypeOrganizationSelect: opsIn,
	TypeGroupSelect:        opsIn,
	TypeFile:               opsLike | opsEmpty,
}

// funcAllowed reports whether a query function may be used on a field
// type: LOGINUSER() on user fields, PRIMARY_ORGANIZATION() on
// organization fields, date functions on DATE (all but NOW()) and on
// date-times (kintone-api.md §6).
func funcAllowed(typ, name string) bool {
	switch {
	case query.IsUserFunc(name):
		switch typ {
		case TypeCreator, TypeModifier, TypeUserSelect, TypeStatusAssignee:
			return true
		}
	case query.IsOrgFunc(name):
		return typ == TypeOrganizationSelect
	case query.IsDateFunc(name):
		switch typ {
		case TypeDate:
			return strings.ToUpper(name) != query.FuncNow
		case TypeDateTime, TypeCreatedTime, TypeUpdatedTime:
			return true
		}
	}
	return false
}

// checkOperator applies the operator matrix and the function rules; both
// failures are GAIA_IQ03 (for a function on the wrong type the code is
// UNCONFIRMED).
func checkOperator(typ, code string, c *query.Condition) *apiError {
	if !queryOps[typ].has(c.Op) {
		return errOperator(code, c.Op.String())
	}
	for _, v := range c.Values {
		if v.Kind == query.Func && !funcAllowed(typ, v.Text) {
			return errOperator(code, v.Text+"()")
		}
	}
	return nil
}

// valueTest compiles a condition on a field into a test of its stored
// value. ignored is true when nothing of the condition is left
// (PRIMARY_ORGANIZATION() for a user without a primary organization).
func (e *evalCtx) valueTest(f *Field, c *query.Condition) (valueTest, bool, *apiError) {
	// kintone checks the options before the operator: dropdown = "x"
	// with x not an option is GAIA_IQ10, not GAIA_IQ03 (kintone-observed.md).
	if err := optionError(f, c); err != nil {
		return nil, false, err
	}
	if err := checkOperator(f.Type, f.Code, c); err != nil {
		return nil, false, err
	}
	t, ignored, err := e.faithfulTest(f, c)
	if err != nil || t == nil {
		return t, ignored, err
	}
	return e.c.srv.cfg.deviations.apply(f, c, t), ignored, nil
}

// faithfulTest is valueTest as real kintone answers (as far as known).
func (e *evalCtx) faithfulTest(f *Field, c *query.Condition) (valueTest, bool, *apiError) {
	switch f.Type {
	case TypeNumber, TypeCalc:
		t, err := numberTest(c)
		return t, false, err
	case TypeSingleLineText, TypeLink, TypeMultiLineText, TypeRichText, TypeStatus:
		return textTest(f, c), false, nil
	case TypeRadioButton, TypeDropDown, TypeCheckBox, TypeMultiSelect, TypeCategory:
		t, err := choiceTest(f, c)
		return t, false, err
	case TypeDate, TypeTime, TypeDateTime, TypeCreatedTime, TypeUpdatedTime:
		t, err := e.dateTest(f, c)
		return t, false, err
	case TypeCreator, TypeModifier, TypeUserSelect, TypeStatusAssignee, TypeOrganizationSelect, TypeGroupSelect:
		return e.entityTest(c)
	case TypeFile:
		return e.fileTest(c), false, nil
	}
	return nil, false, errOperator(f.Code, c.Op.String())
}

// literals returns a condition's values as text; functions were refused
// before for the types that use it.
func literals(c *query.Condition) []string {
	out := make([]string, len(c.Values))
	for i, v := range c.Values {
		out[i] = v.Text
	}
	return out
}

// numberTest compares NUMBER and CALC values as exact decimals. A literal
// "" stands for the empty value (= "" matches empty, != "" non-empty);
// empty values match != and not in but no ordering operator. A literal
// that is not a number is a syntax error (code UNCONFIRMED).
func numberTest(c *query.Condition) (valueTest, *apiError) {
	type lit struct {
		empty bool
		n     *big.Rat
	}
	var lits []lit
	for _, v := range literals(c) {
		if strings.TrimSpace(v) == "" {
			lits = append(lits, lit{empty: true})
			continue
		}
		n, ok := parseRat(v)
		if !ok {
			return nil, errQuerySyntax()
		}
		lits = append(lits, lit{n: n})
	}
	eq := func(n *big.Rat, l lit) bool {
		if l.empty || n == nil {
			return l.empty && n == nil
		}
		return n.Cmp(l.n) == 0
	}
	op := c.Op
	return func(v any) bool {
		s, _ := v.(string)
		n, _ := parseRat(s)
		switch op {
		case query.OpEq, query.OpIn:
			for _, l := range lits {
				if eq(n, l) {
					return true
				}
			}
			return false
		case query.OpNe, query.OpNotIn:
			for _, l := range lits {
				if eq(n, l) {
					return false
				}
			}
			return true
		}
		if n == nil || lits[0].empty {
			return false
		}
		return cmpHolds(op, n.Cmp(lits[0].n))
	}, nil
}

// cmpHolds applies an ordering operator to a comparison result.
func cmpHolds(op query.Operator, c int) bool {
	switch op {
	case query.OpGt:
		return c > 0
	case query.OpLt:
		return c < 0
	case query.OpGe:
		return c >= 0
	case query.OpLe:
		return c <= 0
	case query.OpEq:
		return c == 0
	case query.OpNe:
		return c != 0
	}
	return false
}

// idTest compiles a condition on $id, $revision or a RECORD_NUMBER field
// (whose values may carry the app code prefix "CODE-12").
func (e *evalCtx) idTest(c *query.Condition, code, appCode string) (func(int64) bool, *apiError) {
	if err := checkOperator(TypeID, code, c); err != nil {
		return nil, err
	}
	var nums []*big.Rat
	for _, v := range c.Values {
		text := v.Text
		if appCode != "" && strings.HasPrefix(text, appCode+"-") {
			text = text[len(appCode)+1:]
		}
		n, ok := parseRat(text)
		if !ok {
			return nil, errQuerySyntax()
		}
		nums = append(nums, n)
	}
	op := c.Op
	// Fast path: integer literals compare as int64.
	ints := make([]int64, len(nums))
	allInt := true
	for i, n := range nums {
		if !n.IsInt() || !n.Num().IsInt64() {
			allInt = false
			break
		}
		ints[i] = n.Num().Int64()
	}
	cmp := func(id int64, i int) int {
		if allInt {
			switch {
			case id < ints[i]:
				return -1
			case id > ints[i]:
				return 1
			}
			return 0
		}
		return new(big.Rat).SetInt64(id).Cmp(nums[i])
	}
	return func(id int64) bool {
		switch op {
		case query.OpIn:
			for i := range nums {
				if cmp(id, i) == 0 {
					return true
				}
			}
			return false
		case query.OpNotIn:
			for i := range nums {
				if cmp(id, i) == 0 {
					return false
				}
			}
			return true
		}
		return cmpHolds(op, cmp(id, 0))
	}, nil
}

// intLiteral reads an integer value (bare or quoted).
func intLiteral(v query.Value) (int64, bool) {
	if v.Kind == query.Func {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(v.Text), 10, 64)
	return n, err == nil
}

// htmlTag matches a tag of rich text, dropped before empty checks and
// word search.
var htmlTag = regexp.MustCompile(`<[^>]*>`)

// plainText returns the searchable text of a text value: rich text
// without its tags.
func plainText(f *Field, s string) string {
	if f.Type == TypeRichText {
		return htmlTag.ReplaceAllString(s, " ")
	}
	return s
}

// textTest compiles conditions on text fields and STATUS: = and != and in
// compare exactly; like is a word search (eval_like.go); is empty also
// holds for text made only of spaces, tabs and newlines (kintone-api.md
// §6 [OBS]).
func textTest(f *Field, c *query.Condition) valueTest {
	vals := literals(c)
	switch c.Op {
	case query.OpLike, query.OpNotLike:
		m := compileLike(vals[0])
		want := c.Op == query.OpLike
		return func(v any) bool {
			s, _ := v.(string)
			return m.match(plainText(f, s)) == want
		}
	case query.OpIsEmpty, query.OpIsNotEmpty:
		want := c.Op == query.OpIsEmpty
		return func(v any) bool {
			s, _ := v.(string)
			return (strings.TrimSpace(plainText(f, s)) == "") == want
		}
	}
	set := map[string]bool{}
	for _, v := range vals {
		set[v] = true
	}
	negate := c.Op == query.OpNe || c.Op == query.OpNotIn
	return func(v any) bool {
		s, _ := v.(string)
		return set[s] != negate
	}
}

// choiceTest compiles in / not in on choice fields. Every value must be
// one of the options or "" (GAIA_IQ10; kintone-api.md §6); "" matches a
// record with no choice (kintone-api.md §6 [OBS]). A list field matches
// in when one of its choices is listed.
func choiceTest(f *Field, c *query.Condition) (valueTest, *apiError) {
	if err := optionError(f, c); err != nil {
		return nil, err
	}
	set := map[string]bool{}
	for _, v := range literals(c) {
		set[v] = true
	}
	negate := c.Op == query.OpNotIn
	return func(v any) bool {
		return anyIn(set, stringsOf(v)) != negate
	}, nil
}

// optionError is GAIA_IQ10 when a value given for a choice field is not
// one of its options ("" is allowed). The code is observed; the message
// texts are not recorded anywhere and are this emulator's own.
func optionError(f *Field, c *query.Condition) *apiError {
	switch f.Type {
	case TypeRadioButton, TypeDropDown, TypeCheckBox, TypeMultiSelect:
	default:
		return nil
	}
	for _, v := range c.Values {
		if v.Kind != query.Func && v.Text != "" && !hasOption(f, v.Text) {
			return newError(http.StatusBadRequest, "GAIA_IQ10",
				fmt.Sprintf("%sフィールドの選択肢に「%s」はありません。", f.Code, v.Text),
				fmt.Sprintf("The option \"%s\" does not exist in the field (%s).", v.Text, f.Code))
		}
	}
	return nil
}

// stringsOf reads a choice value as a list ("" or null: none).
func stringsOf(v any) []string {
	switch x := v.(type) {
	case string:
		if x != "" {
			return []string{x}
		}
	case []string:
		return x
	}
	return nil
}

// anyIn reports whether one of vals is in set, or vals is empty and ""
// is in set.
func anyIn(set map[string]bool, vals []string) bool {
	if len(vals) == 0 {
		return set[""]
	}
	for _, v := range vals {
		if set[v] {
			return true
		}
	}
	return false
}

// entityTest compiles in / not in on user, organization and group fields
// (and CREATOR, MODIFIER, STATUS_ASSIGNEE) by code. LOGINUSER() is the
// caller; PRIMARY_ORGANIZATION() is the caller's primary organization, and
// is dropped when there is none — when nothing is left the condition is
// ignored (kintone-api.md §6 Functions).
func (e *evalCtx) entityTest(c *query.Condition) (valueTest, bool, *apiError) {
	set := map[string]bool{}
	for _, v := range c.Values {
		switch {
		case v.Kind == query.Func && query.IsUserFunc(v.Text):
			set[e.c.who.user.Code] = true
		case v.Kind == query.Func && query.IsOrgFunc(v.Text):
			if org := e.c.who.user.PrimaryOrg; org != "" {
				set[org] = true
			}
		default:
			set[v.Text] = true
		}
	}
	if len(set) == 0 {
		return nil, true, nil
	}
	negate := c.Op == query.OpNotIn
	return func(v any) bool {
		list := entityList(v)
		codes := make([]string, len(list))
		for i, ent := range list {
			codes[i] = ent.Code
		}
		return anyIn(set, codes) != negate
	}, false, nil
}

// fileTest compiles like and is empty on FILE fields: like searches the
// file names and, for text files, their contents (kintone-api.md §6).
func (e *evalCtx) fileTest(c *query.Condition) valueTest {
	switch c.Op {
	case query.OpIsEmpty, query.OpIsNotEmpty:
		want := c.Op == query.OpIsEmpty
		return func(v any) bool {
			refs, _ := v.([]fileRef)
			return (len(refs) == 0) == want
		}
	}
	m := compileLike(c.Values[0].Text)
	want := c.Op == query.OpLike
	return func(v any) bool {
		refs, _ := v.([]fileRef)
		found := false
		for _, ref := range refs {
			sf := e.st.files[ref.FileKey]
			if sf == nil {
				continue
			}
			if m.match(sf.Name) || strings.HasPrefix(sf.ContentType, "text/") && m.match(string(sf.Data)) {
				found = true
				break
			}
		}
		return found == want
	}
}
