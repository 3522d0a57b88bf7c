package kintonetest

import (
	"net/http"
	"strings"

	"github.com/kintone-sql/kintone/query"
)

// Deviations make the server answer differently from real kintone where
// real kintone's answer is not known (kintone-observed rows marked open),
// or lack an endpoint, as other kintone-compatible servers do. Tests use
// them to show that a client's answers do not rest on those unknowns.
// The zero value deviates in nothing.
type Deviations struct {
	// EmptyNumberAsZero reads an empty NUMBER or CALC field as 0 in
	// conditions, as one independent kintone-compatible server does
	// (num < 100 then matches the empty fields too).
	EmptyNumberAsZero bool
	// EmptyTestsMatchAll makes = "" and != "" on NUMBER, CALC, DATE,
	// DATETIME and TIME, and in ("") and not in ("") on RADIO_BUTTON,
	// CHECK_BOX and MULTI_SELECT, match every record.
	EmptyTestsMatchAll bool
	// EmptyDateFirst makes an empty DATE, DATETIME or TIME field match
	// < and <= (as if it sorted before every value).
	EmptyDateFirst bool
	// EmptySortsLast sorts empty values after every other value in
	// ascending order (before them descending).
	EmptySortsLast bool
	// EmptyNumberSortsAsZero sorts an empty NUMBER or CALC field as if it
	// held 0, among the other values.
	EmptyNumberSortsAsZero bool
	// NoCursorAPI answers 404 to every records/cursor.json request.
	NoCursorAPI bool
}

// WithDeviations makes the server deviate from real kintone as d says.
func WithDeviations(d Deviations) Option { return func(c *config) { c.deviations = d } }

// apply wraps t, the faithful test of condition c on field f, with the
// deviations that concern it.
func (d Deviations) apply(f *Field, c *query.Condition, t valueTest) valueTest {
	emptyLiteral := len(c.Values) == 1 && c.Values[0].Kind != query.Func && c.Values[0].Text == ""
	switch f.Type {
	case TypeNumber, TypeCalc:
		if d.EmptyTestsMatchAll && emptyLiteral {
			return func(any) bool { return true }
		}
		if d.EmptyNumberAsZero && !emptyLiteral {
			return func(v any) bool {
				if s, _ := v.(string); s == "" {
					return t("0")
				}
				return t(v)
			}
		}
	case TypeDate, TypeDateTime, TypeTime:
		if d.EmptyTestsMatchAll && emptyLiteral {
			return func(any) bool { return true }
		}
		if d.EmptyDateFirst && (c.Op == query.OpLt || c.Op == query.OpLe) {
			return func(v any) bool {
				if s, _ := v.(string); s == "" {
					return true
				}
				return t(v)
			}
		}
	case TypeRadioButton, TypeCheckBox, TypeMultiSelect:
		if d.EmptyTestsMatchAll && emptyLiteral {
			return func(any) bool { return true }
		}
	}
	return t
}

// noCursor answers 404 for the cursor API when NoCursorAPI is set; it
// reports whether it answered.
func (d Deviations) noCursor(w http.ResponseWriter, r *http.Request) bool {
	if !d.NoCursorAPI || !isCursorPath(r.URL.Path) {
		return false
	}
	http.NotFound(w, r)
	return true
}

// isCursorPath reports whether path is the cursor API (any guest space).
func isCursorPath(path string) bool { return strings.HasSuffix(path, "/records/cursor.json") }
