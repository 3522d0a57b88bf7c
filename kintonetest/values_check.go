package kintonetest

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// check validates a built record as kintone does on the merged values
// (kintone-api.md §3 "Required and unique checks", messages [OBS]):
// required fields, text lengths, number ranges and unique values at top
// level, and required/length/range inside every subtable row. Problems go
// to w.errs under prefix.
func (w *recWriter) check(prefix string, r *record) {
	for _, f := range w.a.Fields {
		v := r.Values[f.Code]
		if f.Type == TypeSubtable {
			rows, _ := v.([]*row)
			for i, rw := range rows {
				rowKey := fmt.Sprintf("%s.%s.value[%d].value", prefix, f.Code, i)
				for _, in := range f.Fields {
					w.checkValue(rowKey, in, rw.Values[in.Code])
				}
			}
			continue
		}
		w.checkValue(prefix, f, v)
		w.checkUnique(prefix, f, r.ID, v)
	}
}

// checkValue checks one value's required flag, length and range.
func (w *recWriter) checkValue(prefix string, f *Field, v any) {
	if !checkable(f) {
		return
	}
	key := prefix + "." + f.Code
	if isEmptyValue(v) {
		switch {
		case f.Required && f.Type == TypeRadioButton:
			// kintone's API does not enforce required on radio buttons: a
			// record without one is saved with null (kintone-observed.md).
		case f.Required:
			w.errs.add(key+requiredSuffix(f), w.c.text(msgRequired, "Required."))
		case f.Type == TypeSingleLineText || f.Type == TypeLink:
			// minLength also refuses "" and a field left out
			// (kintone-observed.md). With required set too, which of the
			// two messages kintone gives is not recorded; required wins.
			w.checkMinLength(key, f, 0)
		}
		return
	}
	s, _ := v.(string)
	switch f.Type {
	case TypeSingleLineText, TypeMultiLineText, TypeLink:
		n := utf8.RuneCountInString(s)
		if maxLen, err := strconv.Atoi(f.MaxLength); err == nil && n > maxLen {
			w.errs.add(key+".value", w.c.text(fmt.Sprintf("%d文字より短くなければなりません。", maxLen+1),
				fmt.Sprintf("Enter less than %d characters.", maxLen+1)))
		}
		w.checkMinLength(key, f, n)
	case TypeNumber:
		n, ok := parseRat(s)
		if !ok {
			return
		}
		if hi, ok := parseRat(f.MaxValue); ok && n.Cmp(hi) > 0 {
			w.errs.add(key+".value", w.c.text(fmt.Sprintf("%s以下である必要があります。", f.MaxValue),
				fmt.Sprintf("The value must be %s or less.", f.MaxValue)))
		}
		if lo, ok := parseRat(f.MinValue); ok && n.Cmp(lo) < 0 {
			w.errs.add(key+".value", w.c.text(fmt.Sprintf("%s以上である必要があります。", f.MinValue),
				fmt.Sprintf("The value must be %s or more.", f.MinValue)))
		}
	}
}

// checkMinLength reports a text of n characters shorter than f's
// minLength (the message names minLength-1, as kintone's does).
func (w *recWriter) checkMinLength(key string, f *Field, n int) {
	if minLen, err := strconv.Atoi(f.MinLength); err == nil && n < minLen {
		w.errs.add(key+".value", w.c.text(fmt.Sprintf("%d文字より長くなければなりません。", minLen-1),
			fmt.Sprintf("Enter more than %d characters.", minLen-1)))
	}
}

// checkable reports the types whose values the record checks apply to;
// system, computed and layout fields are never checked.
func checkable(f *Field) bool {
	switch f.Type {
	case TypeSingleLineText, TypeMultiLineText, TypeRichText, TypeLink, TypeNumber,
		TypeRadioButton, TypeDropDown, TypeCheckBox, TypeMultiSelect, TypeDate, TypeTime,
		TypeDateTime, TypeFile, TypeUserSelect, TypeOrganizationSelect, TypeGroupSelect:
		return true
	}
	return false
}

// requiredSuffix is the error-key suffix of a required-field error:
// ".values" for lists, ".values.value" for selections, ".value" otherwise
// (kintone-api.md §3, §7 [OBS]).
func requiredSuffix(f *Field) string {
	switch f.Type {
	case TypeCheckBox, TypeMultiSelect, TypeFile:
		return ".values"
	case TypeUserSelect, TypeOrganizationSelect, TypeGroupSelect:
		return ".values.value"
	}
	return ".value"
}

// uniqueCapable reports the types kintone keeps "prohibit duplicate
// values" on (kintone-api.md §5).
func uniqueCapable(f *Field) bool {
	switch f.Type {
	case TypeSingleLineText, TypeNumber, TypeLink, TypeDate, TypeDateTime:
		return f.Unique
	}
	return false
}

// uniqueKey is the canonical form of a value for duplicate detection; ""
// never counts as a duplicate.
func uniqueKey(f *Field, v any) string {
	s, _ := v.(string)
	if s != "" && f.Type == TypeNumber {
		return numberKey(s)
	}
	return s
}

// checkUnique reports a value that another record (as the tx sees it,
// including earlier records of the same request) already holds.
func (w *recWriter) checkUnique(prefix string, f *Field, id int64, v any) {
	if !uniqueCapable(f) {
		return
	}
	k := uniqueKey(f, v)
	if k == "" {
		return
	}
	if other, ok := w.uniqueIndex(f)[k]; ok && other != id {
		w.errs.add(prefix+"."+f.Code+".value", w.c.text("値がほかのレコードと重複しています。",
			"This value already exists in another record."))
	}
}

// uniqueIndex returns the value → record id index of a unique field,
// building it from the tx's view of the app on first use.
func (w *recWriter) uniqueIndex(f *Field) map[string]int64 {
	idx, ok := w.uniq[f.Code]
	if ok {
		return idx
	}
	idx = map[string]int64{}
	w.c.tx.each(w.a, func(r *record) bool {
		if k := uniqueKey(f, r.Values[f.Code]); k != "" {
			idx[k] = r.ID
		}
		return true
	})
	w.uniq[f.Code] = idx
	return idx
}

// remember updates the built unique indexes after r replaced old (nil for
// a new record).
func (w *recWriter) remember(old, r *record) {
	for code, idx := range w.uniq {
		f, _ := w.a.field(code)
		if old != nil {
			if k := uniqueKey(f, old.Values[code]); k != "" && idx[k] == old.ID {
				delete(idx, k)
			}
		}
		if k := uniqueKey(f, r.Values[code]); k != "" {
			if _, taken := idx[k]; !taken {
				idx[k] = r.ID
			}
		}
	}
}
