package kintonetest

import (
	"cmp"
	"math/big"
	"slices"

	"github.com/kintone-sql/kintone/query"
)

// sortable lists the field types order by accepts (kintone-api.md §6
// "order by": the third-party list, the official one being UNCONFIRMED).
// Other types — CHECK_BOX, MULTI_SELECT, FILE, selections, CATEGORY,
// STATUS_ASSIGNEE, MULTI_LINE_TEXT, RICH_TEXT — and subtable and
// related-record fields are refused with GAIA_IQ03 (the emulator's choice;
// kintone's code is UNCONFIRMED).
var sortable = map[string]bool{
	TypeRecordNumber: true, TypeID: true, TypeRevision: true,
	TypeCreator: true, TypeModifier: true, TypeCreatedTime: true, TypeUpdatedTime: true,
	TypeSingleLineText: true, TypeNumber: true, TypeCalc: true, TypeDropDown: true,
	TypeRadioButton: true, TypeDate: true, TypeTime: true, TypeDateTime: true,
	TypeLink: true, TypeStatus: true,
}

// orderKey is one resolved sort key.
type orderKey struct {
	desc bool
	// id is set for $id and RECORD_NUMBER, rev for $revision.
	id, rev bool
	field   *Field
	// rank orders DROP_DOWN and RADIO_BUTTON by option position and STATUS
	// by state position.
	rank map[string]int
}

// orderKeys resolves an order by clause.
func (e *evalCtx) orderKeys(items []query.OrderItem) ([]orderKey, *apiError) {
	keys := make([]orderKey, 0, len(items))
	for _, it := range items {
		k := orderKey{desc: it.Desc}
		switch {
		case it.Field.Ref != "":
			if ref, _ := e.a.field(it.Field.Ref); ref == nil {
				return nil, errUnknownQueryField(it.Field.String())
			}
			return nil, errOperator(it.Field.String(), "order by")
		case it.Field.Code == idKey:
			k.id = true
		case it.Field.Code == revisionKey:
			k.rev = true
		default:
			f, parent := e.a.field(it.Field.Code)
			if f == nil {
				return nil, errUnknownQueryField(it.Field.Code)
			}
			if parent != nil || !sortable[f.Type] {
				return nil, errOperator(f.Code, "order by")
			}
			k.field = f
			switch f.Type {
			case TypeRecordNumber:
				k.id = true
			case TypeDropDown, TypeRadioButton:
				k.rank = rankOf(f.Options)
			case TypeStatus:
				if e.a.Process != nil {
					names := make([]string, len(e.a.Process.States))
					for i, s := range e.a.Process.States {
						names[i] = s.Name
					}
					k.rank = rankOf(names)
				}
			}
		}
		keys = append(keys, k)
	}
	return keys, nil
}

func rankOf(names []string) map[string]int {
	m := make(map[string]int, len(names))
	for i, n := range names {
		m[n] = i
	}
	return m
}

// idOrder reports whether the keys sort by id alone (the default, $id
// desc, when there are none) and in which direction.
func idOrder(keys []orderKey) (desc, ok bool) {
	switch {
	case len(keys) == 0:
		return true, true
	case len(keys) == 1 && keys[0].id:
		return keys[0].desc, true
	}
	return false, false
}

// sortVal is a precomputed sort key of one record.
type sortVal struct {
	empty bool
	n     *big.Rat
	i     int64
	s     string
}

// value computes a record's sort value for k. Empty values sort before
// every other value (after them in descending order); numbers compare
// exactly, choices and statuses by position, users by login name,
// everything else as text (dates and times are stored in sortable form).
func (k orderKey) value(r *record) sortVal {
	switch {
	case k.id:
		return sortVal{i: r.ID}
	case k.rev:
		return sortVal{i: r.Revision}
	}
	v := r.Values[k.field.Code]
	switch k.field.Type {
	case TypeNumber, TypeCalc:
		s, _ := v.(string)
		if n, ok := parseRat(s); ok {
			return sortVal{n: n}
		}
		return sortVal{empty: true, s: s}
	case TypeCreator, TypeModifier:
		e, _ := v.(Entity)
		return sortVal{s: e.Code, empty: e.Code == ""}
	}
	s, _ := v.(string)
	if k.rank != nil {
		if n, ok := k.rank[s]; ok {
			return sortVal{i: int64(n)}
		}
		return sortVal{empty: true}
	}
	return sortVal{s: s, empty: s == ""}
}

// compare orders two sort values ascending.
func (a sortVal) compare(b sortVal) int {
	switch {
	case a.empty && b.empty:
		return 0
	case a.empty:
		return -1
	case b.empty:
		return 1
	case a.n != nil && b.n != nil:
		return a.n.Cmp(b.n)
	case a.i != b.i:
		if a.i < b.i {
			return -1
		}
		return 1
	case a.s < b.s:
		return -1
	case a.s > b.s:
		return 1
	}
	return 0
}

// sortRecords sorts recs by keys; records equal on every key are ordered
// by $id in the direction of the last key (kintone's tie-break is
// UNCONFIRMED; kintone-api.md §6 suggests this rule).
func (e *evalCtx) sortRecords(recs []*record, keys []orderKey) {
	if desc, ok := idOrder(keys); ok {
		slices.SortFunc(recs, func(a, b *record) int {
			c := cmp.Compare(a.ID, b.ID)
			if desc {
				return -c
			}
			return c
		})
		return
	}
	type item struct {
		r    *record
		vals []sortVal
	}
	items := make([]item, len(recs))
	for i, r := range recs {
		vals := make([]sortVal, len(keys))
		for j, k := range keys {
			vals[j] = k.value(r)
			if vals[j].empty && vals[j].s == "" && e.c.srv.cfg.deviations.EmptyNumberSortsAsZero && k.field != nil &&
				(k.field.Type == TypeNumber || k.field.Type == TypeCalc) {
				vals[j] = sortVal{n: new(big.Rat)}
			}
		}
		items[i] = item{r, vals}
	}
	lastDesc := keys[len(keys)-1].desc
	emptyLast := e.c.srv.cfg.deviations.EmptySortsLast
	slices.SortFunc(items, func(a, b item) int {
		for j, k := range keys {
			c := a.vals[j].compare(b.vals[j])
			if emptyLast && a.vals[j].empty != b.vals[j].empty {
				c = -c
			}
			if c != 0 {
				if k.desc {
					return -c
				}
				return c
			}
		}
		c := cmp.Compare(a.r.ID, b.r.ID)
		if lastDesc {
			return -c
		}
		return c
	})
	for i := range items {
		recs[i] = items[i].r
	}
}
