package engine

import (
	"fmt"
	"slices"
	"strings"

	"github.com/kintone-sql/kintone/schema"
)

// KeyFilter is a condition pushed into a directory or metadata scan: only
// the rows whose value at Code (a column's Code, e.g. "id", "user.code",
// "appId") equals one of Values. The scan sends it to kintone when the API
// can select by it and checks every row against it, so the result is
// exact either way. Several filters on one Code intersect.
type KeyFilter struct {
	Code   string
	Values []Value
}

// String renders the filter for EXPLAIN.
func (k KeyFilter) String() string {
	vals := make([]string, len(k.Values))
	for i, v := range k.Values {
		vals[i] = SQLLiteral(v)
	}
	return k.Code + " IN (" + strings.Join(vals, ", ") + ")"
}

// PushableKeys returns the Codes of the columns of a directory or metadata
// table whose = and IN conditions the scan sends to kintone (ids[] and
// codes[] of the User API, the app of per-app metadata, the record of
// comments, the id of spaces, the table name of information_schema). The
// translator turns such conditions into KeyFilters.
func PushableKeys(t *schema.Table) []string {
	switch t.Name {
	case schema.TableUsers, schema.TableOrganizations, schema.TableGroups:
		return []string{schema.DirID, schema.DirCode}
	case schema.TableUserOrganizations:
		return sideKeys(schema.SideUser, schema.SideOrganization)
	case schema.TableUserGroups:
		return sideKeys(schema.SideUser, schema.SideGroup)
	case schema.TableFields, schema.TableViews, schema.TableProcessManagement,
		schema.TableProcessStates, schema.TableProcessActions:
		return []string{schema.MetaAppID}
	case schema.TableComments:
		return []string{schema.MetaAppID, schema.MetaRecordID}
	case schema.TableSpaces:
		return []string{schema.MetaSpaceID}
	case schema.TableInfoTables, schema.TableInfoColumns, schema.TableInfoStatistics,
		schema.TableInfoKeyColumnUsage, schema.TableInfoTableConstraints:
		return []string{infoSchemaCol, infoNameCol}
	}
	return nil
}

// sideKeys returns the id and code paths of each side of a membership table.
func sideKeys(sides ...string) []string {
	var out []string
	for _, s := range sides {
		out = append(out, s+"."+schema.DirID, s+"."+schema.DirCode)
	}
	return out
}

// keySet is the allowed values of one key after intersecting its filters:
// int64 for BIGINT columns, string otherwise. none is true when no value
// can match (an empty intersection, or only values of the wrong kind).
type keySet struct {
	col  *schema.Column
	ints []int64
	strs []string
	none bool
}

// keys are the normalized KeyFilters of a scan, by Code.
type keys map[string]*keySet

// normalizeKeys checks the filters against the table and intersects them.
// A value that cannot equal any value of the column (a non-integer for an
// id, a non-text for a code) is dropped.
func normalizeKeys(t *schema.Table, filters []KeyFilter) (keys, error) {
	out := keys{}
	for _, f := range filters {
		col := columnByCode(t, f.Code)
		if col == nil {
			return nil, fmt.Errorf("engine: table %s has no column with code %q to filter on", t.Name, f.Code)
		}
		var ks keySet
		ks.col = col
		for _, v := range f.Values {
			if col.Type == schema.TypeBigInt {
				if n, ok := keyInt(v); ok && !slices.Contains(ks.ints, n) {
					ks.ints = append(ks.ints, n)
				}
			} else if s, ok := v.(string); ok && !slices.Contains(ks.strs, s) {
				ks.strs = append(ks.strs, s)
			}
		}
		ks.none = len(ks.ints) == 0 && len(ks.strs) == 0
		if prev := out[f.Code]; prev != nil {
			ks = intersect(*prev, ks)
		}
		out[f.Code] = &ks
	}
	return out, nil
}

// columnByCode finds the column of t whose Code is code.
func columnByCode(t *schema.Table, code string) *schema.Column {
	for _, c := range t.Columns {
		if c.Code == code {
			return c
		}
	}
	return nil
}

// keyInt converts a value compared with an id column to the id it can
// equal. kintone ids are positive, so other numbers (and texts that are
// not plain numbers) equal no row.
func keyInt(v Value) (int64, bool) {
	var n int64
	switch x := v.(type) {
	case int64:
		n = x
	case int:
		n = int64(x)
	case string:
		d, clean := StringToDecimal(strings.TrimSpace(x))
		if !clean {
			return 0, false
		}
		var ok bool
		if n, ok = bigIntFits(d); !ok {
			return 0, false
		}
	default:
		if !isNumeric(v) {
			return 0, false
		}
		d, ok := ToDecimal(v)
		if !ok {
			return 0, false
		}
		if n, ok = bigIntFits(d); !ok {
			return 0, false
		}
	}
	return n, n >= 1
}

// intersect keeps the values present in both sets.
func intersect(a, b keySet) keySet {
	out := keySet{col: a.col}
	for _, n := range a.ints {
		if slices.Contains(b.ints, n) {
			out.ints = append(out.ints, n)
		}
	}
	for _, s := range a.strs {
		if slices.Contains(b.strs, s) {
			out.strs = append(out.strs, s)
		}
	}
	out.none = a.none || b.none || len(out.ints) == 0 && len(out.strs) == 0
	return out
}

// empty reports whether no row can pass.
func (k keys) empty() bool {
	for _, ks := range k {
		if ks.none {
			return true
		}
	}
	return false
}

// ints returns the allowed integers of code, and whether code is
// restricted at all.
func (k keys) ints(code string) ([]int64, bool) {
	ks := k[code]
	if ks == nil {
		return nil, false
	}
	return ks.ints, true
}

// strs returns the allowed strings of code, and whether code is
// restricted at all.
func (k keys) strs(code string) ([]string, bool) {
	ks := k[code]
	if ks == nil {
		return nil, false
	}
	return ks.strs, true
}

// match reports whether a row (its converted values by Code) passes every
// key.
func (k keys) match(p props) (bool, error) {
	for code, ks := range k {
		if ks.none {
			return false, nil
		}
		v, err := propValue(ks.col, p[code])
		if err != nil {
			return false, err
		}
		switch x := v.(type) {
		case int64:
			if !slices.Contains(ks.ints, x) {
				return false, nil
			}
		case string:
			if !slices.Contains(ks.strs, x) {
				return false, nil
			}
		default:
			return false, nil
		}
	}
	return true, nil
}

// describe renders the keys for EXPLAIN, in Code order.
func (k keys) describe() []string {
	codes := make([]string, 0, len(k))
	for c := range k {
		codes = append(codes, c)
	}
	slices.Sort(codes)
	out := make([]string, len(codes))
	for i, c := range codes {
		ks := k[c]
		vals := make([]Value, 0, len(ks.ints)+len(ks.strs))
		for _, n := range ks.ints {
			vals = append(vals, n)
		}
		for _, s := range ks.strs {
			vals = append(vals, s)
		}
		out[i] = "key " + KeyFilter{Code: c, Values: vals}.String()
	}
	return out
}
