package kintonetest

import (
	"fmt"
	"net/http"

	"github.com/kintone-sql/kintone/query"
)

// related compiles a condition on a related-records field, ref.code
// (kintone-api.md §6): the referenced field's operators apply, except that
// = and != are refused (use in / not in; GAIA_IQ03). The records related to
// a record are those of the related app whose condition field equals the
// record's own field and that pass the related-records filter. A positive
// operator matches when one related record satisfies the condition, a
// negative one (not in, not like, is not empty) when there is at least one
// related record and all of them satisfy it — the subtable rule, an
// approximation (kintone's exact rule is UNCONFIRMED). The dotted form on
// anything but a REFERENCE_TABLE field is GAIA_IR02. Under token auth the
// related app's token (view) is needed (GAIA_NO01 otherwise).
func (e *evalCtx) related(c *query.Condition) (recPred, bool, *apiError) {
	ref, _ := e.a.field(c.Field.Ref)
	if ref == nil {
		return nil, false, errUnknownQueryField(c.Field.String())
	}
	if ref.Type != TypeReferenceTable || ref.ReferenceTable == nil {
		return nil, false, newError(http.StatusBadRequest, "GAIA_IR02",
			fmt.Sprintf("%sは関連レコード一覧のフィールドではありません。「.」を使ったフィールドの指定は関連レコード一覧のフィールドにのみ使用できます。", c.Field.Ref),
			fmt.Sprintf("%s is not a Related Records field. The form \"field.code\" is only for Related Records fields.", c.Field.Ref))
	}
	if c.Op == query.OpEq || c.Op == query.OpNe {
		return nil, false, errOperator(c.Field.String(), c.Op.String())
	}
	rt := ref.ReferenceTable
	rel := e.st.apps[rt.RelatedApp]
	if rel == nil {
		return nil, false, errAppNotFound(rt.RelatedApp)
	}
	if !e.c.mayRead(rel) {
		return nil, false, errTokenNotAllowed()
	}
	sub := newEvalCtx(e.c, rel)
	inner := *c
	inner.Field = query.Field{Code: c.Field.Code}
	test, ign, err := sub.condition(&inner)
	if err != nil || ign {
		return nil, ign, err
	}
	var keep recPred
	if rt.FilterCond != "" {
		if q, perr := query.Parse(rt.FilterCond); perr == nil && q.Where != nil {
			if p, ign, err := sub.compile(q.Where); err == nil && !ign {
				keep = p
			}
		}
	}
	all, hit, miss := map[string]bool{}, map[string]bool{}, map[string]bool{}
	for _, id := range rel.ids {
		r := rel.records[id]
		if keep != nil && !keep(r) {
			continue
		}
		k := fieldKey(rel, r, rt.RelatedField)
		if k == "" {
			continue
		}
		all[k] = true
		if test(r) {
			hit[k] = true
		} else {
			miss[k] = true
		}
	}
	positive := positiveOp(c.Op)
	a, field := e.a, rt.Field
	return func(r *record) bool {
		k := fieldKey(a, r, field)
		if k == "" {
			return false
		}
		if positive {
			return hit[k]
		}
		return all[k] && !miss[k]
	}, false, nil
}
