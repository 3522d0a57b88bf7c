package kintonetest

import (
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Validation messages of the User API. The reference gives no per-field
// wording for the User API, so these follow kintone's Japanese style.
const (
	uaMsgInvalid = "不正な値です。"
	uaMsgBlank   = "空文字列または空白文字のみは指定できません。"
)

// uaObject reads the members of one object of a request (one element of
// users[], organizations[], ...) and reports problems under prefix.member.
type uaObject struct {
	m      map[string]any
	prefix string
	errs   fieldErrs
}

// key is the error key of a member: "prefix.name", or just "name" for
// the top-level parameters (empty prefix).
func (o uaObject) key(name string) string {
	if o.prefix == "" {
		return name
	}
	return o.prefix + "." + name
}

// str reads an optional string of at most maxLen characters (0: no limit).
// set is false when the member is missing or null.
func (o uaObject) str(name string, maxLen int) (v string, set bool) {
	raw, ok := o.m[name]
	if !ok || raw == nil {
		return "", false
	}
	s, ok := stringOrNumber(raw)
	if !ok {
		o.errs.add(o.key(name), uaMsgInvalid)
		return "", false
	}
	if maxLen > 0 && utf8.RuneCountInString(s) > maxLen {
		o.errs.add(o.key(name), fmt.Sprintf("%d文字以下で指定してください。", maxLen))
		return "", false
	}
	return s, true
}

// required reads a string that must be present and not blank.
func (o uaObject) required(name string, maxLen int) string {
	if raw, ok := o.m[name]; !ok || raw == nil {
		o.errs.add(o.key(name), msgRequired)
		return ""
	}
	s, ok := o.str(name, maxLen)
	if ok && strings.TrimSpace(s) == "" {
		o.errs.add(o.key(name), uaMsgBlank)
		return ""
	}
	return s
}

// nonBlank reads an optional string that, when given, must not be blank.
func (o uaObject) nonBlank(name string, maxLen int) (string, bool) {
	s, ok := o.str(name, maxLen)
	if ok && strings.TrimSpace(s) == "" {
		o.errs.add(o.key(name), uaMsgBlank)
		return "", false
	}
	return s, ok
}

// enum reads an optional string that must be one of allowed; "" is kept
// as "" (clearing the value) when allowEmpty.
func (o uaObject) enum(name string, allowed []string, allowEmpty bool) (string, bool) {
	s, ok := o.str(name, 0)
	if !ok || (s == "" && allowEmpty) {
		return s, ok
	}
	if !slices.Contains(allowed, s) {
		o.errs.add(o.key(name), "次のいずれかを指定してください: "+strings.Join(allowed, ", "))
		return "", false
	}
	return s, true
}

// date reads an optional "YYYY-MM-DD" date; "" clears it.
func (o uaObject) date(name string) (string, bool) {
	s, ok := o.str(name, 0)
	if !ok || s == "" {
		return s, ok
	}
	if _, err := time.Parse(time.DateOnly, s); err != nil {
		o.errs.add(o.key(name), "YYYY-MM-DD形式で指定してください。")
		return "", false
	}
	return s, true
}

// timezone reads an optional IANA time zone id.
func (o uaObject) timezone(name string) (string, bool) {
	s, ok := o.str(name, 0)
	if !ok || s == "" {
		return s, ok
	}
	if _, err := time.LoadLocation(s); err != nil {
		o.errs.add(o.key(name), "タイムゾーンが正しくありません。")
		return "", false
	}
	return s, true
}

// boolean reads an optional boolean (true/false or "true"/"false").
func (o uaObject) boolean(name string) (v, set bool) {
	raw, ok := o.m[name]
	if !ok || raw == nil {
		return false, false
	}
	switch b := raw.(type) {
	case bool:
		return b, true
	case string:
		if p, err := strconv.ParseBool(b); err == nil {
			return p, true
		}
	}
	o.errs.add(o.key(name), uaMsgInvalid)
	return false, false
}

// integer reads an optional integer. present reports the member exists
// (possibly as null); set reports a non-null value.
func (o uaObject) integer(name string) (v int64, present, set bool) {
	raw, ok := o.m[name]
	if !ok {
		return 0, false, false
	}
	if raw == nil {
		return 0, true, false
	}
	n, ok := uaScalarInt(raw)
	if !ok {
		o.errs.add(o.key(name), uaMsgInvalid)
		return 0, true, false
	}
	return n, true, true
}

// strings reads a required array of strings of at most max items.
func (o uaObject) strings(name string, max int) ([]string, bool) {
	raw, ok := o.m[name]
	if !ok || raw == nil {
		o.errs.add(o.key(name), msgRequired)
		return nil, false
	}
	list, ok := uaStringList(raw)
	if !ok {
		o.errs.add(o.key(name), uaMsgInvalid)
		return nil, false
	}
	if len(list) > max {
		o.errs.add(o.key(name), fmt.Sprintf("%d件以下で指定してください。", max))
		return nil, false
	}
	return list, true
}

// stringOrNumber accepts a JSON string or number (kintone's parameters
// accept both) and returns it as a string.
func stringOrNumber(v any) (string, bool) {
	switch s := v.(type) {
	case string:
		return s, true
	case json.Number:
		return s.String(), true
	}
	return "", false
}

// uaScalarInt accepts a JSON number or a numeric string.
func uaScalarInt(v any) (int64, bool) {
	s, ok := stringOrNumber(v)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	return n, err == nil
}

// uaStringList accepts an array of strings/numbers, or a single scalar (a
// query string "codes=a" without an index).
func uaStringList(v any) ([]string, bool) {
	if s, ok := stringOrNumber(v); ok {
		return []string{s}, true
	}
	arr, ok := v.([]any)
	if !ok {
		return nil, false
	}
	out := make([]string, 0, len(arr))
	for _, e := range arr {
		if e == nil {
			continue // a gap left by sparse indexed query keys
		}
		s, ok := stringOrNumber(e)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

// uaObjects reads the required array parameter name of a write request
// (e.g. "users"): 1..max objects. Elements that are not objects are
// reported under name[i].
func uaObjects(c *call, name string, max int, errs fieldErrs) ([]uaObject, *apiError) {
	raw, ok := c.param(name)
	if !ok || raw == nil {
		return nil, errRequired(name)
	}
	arr, ok := raw.([]any)
	if !ok {
		return nil, errField(name, uaMsgInvalid)
	}
	if len(arr) == 0 {
		return nil, errRequired(name)
	}
	if len(arr) > max {
		return nil, errField(name, fmt.Sprintf("一度に指定できるのは%d件までです。", max))
	}
	out := make([]uaObject, 0, len(arr))
	for i, e := range arr {
		m, ok := e.(map[string]any)
		prefix := fmt.Sprintf("%s[%d]", name, i)
		if !ok {
			errs.add(prefix, uaMsgInvalid)
			m = map[string]any{}
		}
		out = append(out, uaObject{m: m, prefix: prefix, errs: errs})
	}
	return out, nil
}

// uaCodeChange is one {currentCode,newCode} of a codes.json rename.
type uaCodeChange struct{ from, to string }

// uaReadCodeChanges validates a codes.json body: every currentCode must
// name an entity (exists) once, and every newCode must be free: not taken
// by any current entity nor by another newCode. Swaps and chains (a→b,
// b→c) are therefore refused, which keeps the renames order-independent.
func uaReadCodeChanges(c *call, exists func(string) bool) ([]uaCodeChange, *apiError) {
	errs := fieldErrs{}
	objs, aerr := uaObjects(c, "codes", uaMaxItems, errs)
	if aerr != nil {
		return nil, aerr
	}
	changes := make([]uaCodeChange, len(objs))
	renamed := map[string]bool{}
	taken := map[string]bool{}
	for i, o := range objs {
		changes[i].from = o.required("currentCode", 128)
		changes[i].to = o.required("newCode", 128)
		if changes[i].from != "" {
			if !exists(changes[i].from) {
				o.errs.add(o.key("currentCode"), fmt.Sprintf("指定したコード（%s）が見つかりません。", changes[i].from))
			} else if renamed[changes[i].from] {
				o.errs.add(o.key("currentCode"), "同じコードが重複して指定されています。")
			}
			renamed[changes[i].from] = true
		}
	}
	for i, o := range objs {
		to := changes[i].to
		if to == "" || to == changes[i].from {
			continue
		}
		if taken[to] || exists(to) {
			o.errs.add(o.key("newCode"), fmt.Sprintf("コード（%s）はすでに使われています。", to))
		}
		taken[to] = true
	}
	if aerr := errs.err(); aerr != nil {
		return nil, aerr
	}
	return changes, nil
}
