package kintonetest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// storedDateTimeLayout is how DATETIME, CREATED_TIME and UPDATED_TIME
// values are stored and returned: UTC, seconds always 00 (kintone-api.md §4).
const storedDateTimeLayout = "2006-01-02T15:04:05Z"

// valueTarget says where a written value goes, for error keys: key is the
// dotted prefix without the suffix ("record.name", "records[2].name",
// "record.items.value[0].value.qty"); numKey is the bracket form kintone
// uses for number parse errors ("record[name]"); inTable marks a subtable
// cell, where a non-number is silently stored as "" (kintone-api.md §4).
type valueTarget struct {
	key     string
	numKey  string
	inTable bool
}

// writeValue converts one written value (the JSON "value" of a field, as
// decoded with UseNumber; nil when the field is to be empty) into the
// stored shape documented on record. Validation problems are added to
// w.errs; errors that kintone reports on their own (unknown user, file not
// found) are returned. SUBTABLE and the read-only types are not handled
// here.
func (w *recWriter) writeValue(f *Field, raw any, t valueTarget) (any, *apiError) {
	switch f.Type {
	case TypeSingleLineText, TypeMultiLineText, TypeRichText, TypeLink, TypeStatus:
		s, ok := scalarText(raw)
		if !ok {
			w.invalid(t.key + ".value")
		}
		return s, nil
	case TypeNumber:
		s, ok := scalarText(raw)
		if !ok {
			w.invalid(t.key + ".value")
			return "", nil
		}
		if strings.TrimSpace(s) == "" {
			return "", nil
		}
		n, ok := normalizeNumber(s)
		if !ok {
			if !t.inTable {
				w.errs.add(t.numKey+".value", w.c.text("数字でなければなりません。", "Only numbers are allowed."))
			}
			return "", nil
		}
		return n, nil
	case TypeRadioButton, TypeDropDown:
		s, ok := scalarText(raw)
		if !ok {
			w.invalid(t.key + ".value")
		}
		if s == "" {
			if f.Type == TypeDropDown {
				return nil, nil // kintone stores an empty drop-down as null
			}
			return "", nil
		}
		if !hasOption(f, s) {
			w.errs.add(t.key+".value", w.notInOptions(s))
		}
		return s, nil
	case TypeCheckBox, TypeMultiSelect, TypeCategory:
		list, ok := rawList(raw)
		if !ok {
			w.invalid(t.key + ".values")
			return []string{}, nil
		}
		out := make([]string, 0, len(list))
		for i, e := range list {
			s, ok := scalarText(e)
			if !ok || f.Type != TypeCategory && !hasOption(f, s) {
				w.errs.add(fmt.Sprintf("%s.values[%d].value", t.key, i), w.notInOptions(s))
			}
			out = append(out, s)
		}
		return out, nil
	case TypeDate:
		return w.writeTimeLike(raw, t, parseWriteDate, nil)
	case TypeTime:
		return w.writeTimeLike(raw, t, parseWriteTime, nil)
	case TypeDateTime, TypeCreatedTime, TypeUpdatedTime:
		empty := any("")
		return w.writeTimeLike(raw, t, parseWriteDateTime, empty)
	case TypeFile:
		return w.writeFiles(raw, t)
	case TypeUserSelect, TypeOrganizationSelect, TypeGroupSelect, TypeStatusAssignee:
		return w.writeEntities(f, raw, t)
	case TypeCreator, TypeModifier:
		m, ok := raw.(map[string]any)
		code, _ := scalarText(m["code"])
		if !ok || code == "" {
			w.invalid(t.key + ".value")
			return nil, nil
		}
		u := w.c.srv.st.userByCode(code)
		if u == nil {
			return nil, errUnknownEntity("USER", code)
		}
		return userRef(u), nil
	}
	return nil, nil
}

// invalid records a value of the wrong JSON shape. kintone's message for
// this is UNCONFIRMED.
func (w *recWriter) invalid(key string) {
	w.errs.add(key, w.c.text("値が不正です。", "The value is invalid."))
}

// notInOptions is kintone's message for a choice outside the options
// (kintone-api.md §4 [OBS]).
func (w *recWriter) notInOptions(v string) string {
	return w.c.text(fmt.Sprintf("\"%s\"は選択肢にありません。", v),
		fmt.Sprintf("The value, \"%s\", is not in options.", v))
}

// writeTimeLike stores a DATE, TIME or DATETIME value through parse;
// empty is what an empty value is stored as.
func (w *recWriter) writeTimeLike(raw any, t valueTarget, parse func(string) (string, bool), empty any) (any, *apiError) {
	s, ok := scalarText(raw)
	if !ok {
		w.invalid(t.key + ".value")
		return empty, nil
	}
	if strings.TrimSpace(s) == "" {
		return empty, nil
	}
	v, ok := parse(strings.TrimSpace(s))
	if !ok {
		// The message kintone gives for a malformed date is UNCONFIRMED.
		w.errs.add(t.key+".value", w.c.text("日付の形式が不正です。", "The date format is invalid."))
		return empty, nil
	}
	return v, nil
}

// writeFiles stores a FILE value: each {"fileKey"} is either an upload key
// from file.json, attached through the tx under a new download key, or the
// download key of a file already attached (kept as it is). Anything else
// is 404 GAIA_BL01, the code kintone uses for a missing file.
func (w *recWriter) writeFiles(raw any, t valueTarget) (any, *apiError) {
	list, ok := rawList(raw)
	if !ok {
		w.invalid(t.key + ".value")
		return []fileRef{}, nil
	}
	out := make([]fileRef, 0, len(list))
	st := w.c.srv.st
	for _, e := range list {
		m, _ := e.(map[string]any)
		key, _ := scalarText(m["fileKey"])
		switch {
		case w.c.tx.attach[key] != nil:
			out = append(out, fileRef{FileKey: w.c.tx.attach[key].Key})
		case st.uploads[key] != nil:
			up := st.uploads[key]
			f := &storedFile{Key: newDownloadKey(w.c.now), Name: up.Name, ContentType: up.ContentType, Data: up.Data}
			w.c.tx.attach[key] = f
			out = append(out, fileRef{FileKey: f.Key})
		case st.files[key] != nil || w.attachedInTx(key):
			out = append(out, fileRef{FileKey: key})
		default:
			return nil, errFileNotFound(key)
		}
	}
	return out, nil
}

// attachedInTx reports whether key is the download key of a file attached
// earlier in the same tx (e.g. by a previous request of a bulkRequest).
func (w *recWriter) attachedInTx(key string) bool {
	for _, f := range w.c.tx.attach {
		if f.Key == key {
			return true
		}
	}
	return false
}

// errFileNotFound is 404 GAIA_BL01 (kintone-api.md §1, §7).
func errFileNotFound(key string) *apiError {
	return newError(404, "GAIA_BL01",
		fmt.Sprintf("指定したファイル（id: %s）が見つかりません。", key),
		fmt.Sprintf("The specified file (id: %s) not found.", key))
}

// entityKinds maps a selection field type to the entity type it holds.
var entityKinds = map[string]string{
	TypeUserSelect:         "USER",
	TypeOrganizationSelect: "ORGANIZATION",
	TypeGroupSelect:        "GROUP",
	TypeStatusAssignee:     "USER",
}

// writeEntities stores a user, organization or group selection: each
// {"code"} must exist (GAIA_IL26/27/28 otherwise); the name is taken from
// the directory.
func (w *recWriter) writeEntities(f *Field, raw any, t valueTarget) (any, *apiError) {
	list, ok := rawList(raw)
	if !ok {
		w.invalid(t.key + ".values.value")
		return []Entity{}, nil
	}
	kind := entityKinds[f.Type]
	st := w.c.srv.st
	out := make([]Entity, 0, len(list))
	for _, e := range list {
		m, _ := e.(map[string]any)
		code, _ := scalarText(m["code"])
		if code == "" {
			w.invalid(t.key + ".values.value")
			continue
		}
		ent := Entity{Code: code, Type: kind}
		if !st.entityExists(ent) {
			return nil, errUnknownEntity(kind, code)
		}
		out = append(out, Entity{Code: code, Name: st.entityName(ent)})
	}
	return out, nil
}

// hasOption reports whether v is one of the field's options.
func hasOption(f *Field, v string) bool {
	for _, o := range f.Options {
		if o == v {
			return true
		}
	}
	return false
}

// scalarText reads a JSON scalar as text: strings as they are, numbers as
// written, null as "". ok is false for booleans, arrays and objects.
func scalarText(raw any) (string, bool) {
	switch v := raw.(type) {
	case nil:
		return "", true
	case string:
		return v, true
	case json.Number:
		return v.String(), true
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), true
	case int:
		return strconv.Itoa(v), true
	case int64:
		return strconv.FormatInt(v, 10), true
	}
	return "", false
}

// rawList reads a JSON array value; null is the empty list.
func rawList(raw any) ([]any, bool) {
	switch v := raw.(type) {
	case nil:
		return nil, true
	case []any:
		return v, true
	}
	return nil, false
}

var (
	writeDateRE = regexp.MustCompile(`^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$`)
	writeTimeRE = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?::(\d{2}))?$`)
)

// parseWriteDate accepts kintone's DATE write forms — 2015, 2015-07,
// 2015-7, 2015-7-5, 2015-07-05, missing parts being 01 (kintone-api.md §4)
// — and returns YYYY-MM-DD.
func parseWriteDate(s string) (string, bool) {
	m := writeDateRE.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	y, _ := strconv.Atoi(m[1])
	mo, d := 1, 1
	if m[2] != "" {
		mo, _ = strconv.Atoi(m[2])
	}
	if m[3] != "" {
		d, _ = strconv.Atoi(m[3])
	}
	t := time.Date(y, time.Month(mo), d, 0, 0, 0, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != mo || t.Day() != d {
		return "", false
	}
	return t.Format(time.DateOnly), true
}

// parseWriteTime accepts HH:MM and HH:MM:SS and returns HH:MM.
func parseWriteTime(s string) (string, bool) {
	m := writeTimeRE.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	h, _ := strconv.Atoi(m[1])
	mi, _ := strconv.Atoi(m[2])
	sec := 0
	if m[3] != "" {
		sec, _ = strconv.Atoi(m[3])
	}
	if h > 23 || mi > 59 || sec > 59 {
		return "", false
	}
	return fmt.Sprintf("%02d:%02d", h, mi), true
}

// writeDateTimeLayouts are the DATETIME write forms: with a Z or ±hh:mm
// zone, with or without seconds (fractions allowed); a value without a
// zone is taken as UTC (UNCONFIRMED).
var writeDateTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
}

// parseWriteDateTime accepts a date-time (or a date alone, meaning 00:00
// UTC; kintone-api.md §4) and returns the stored UTC form with seconds 00.
func parseWriteDateTime(s string) (string, bool) {
	t, ok := parseDateTime(s)
	if !ok {
		if d, ok := parseWriteDate(s); ok {
			t, _ = time.Parse(time.DateOnly, d)
			return t.Format(storedDateTimeLayout), true
		}
		return "", false
	}
	return t.UTC().Truncate(time.Minute).Format(storedDateTimeLayout), true
}

// parseDateTime parses a full date-time in one of writeDateTimeLayouts.
func parseDateTime(s string) (time.Time, bool) {
	for _, l := range writeDateTimeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// text picks the message in the caller's language (Japanese when there is
// no caller, as for seeding).
func (c *call) text(ja, en string) string {
	if c.who != nil && c.who.lang == "en" {
		return en
	}
	return ja
}
