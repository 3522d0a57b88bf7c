package kintonetest

import (
	"fmt"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// maxFieldCodeLen is the longest field code ("The maximum character limit
// is 128", kintone.dev Add Form Fields).
const maxFieldCodeLen = 128

// Enumerations of field properties (kintone-api.md §5).
var (
	unitPositions  = map[string]bool{"BEFORE": true, "AFTER": true}
	calcFormats    = map[string]bool{"NUMBER": true, "NUMBER_DIGIT": true, "DATETIME": true, "DATE": true, "TIME": true, "HOUR_MINUTE": true, "DAY_HOUR_MINUTE": true}
	linkProtocols  = map[string]bool{"WEB": true, "CALL": true, "MAIL": true}
	optionAligns   = map[string]bool{"HORIZONTAL": true, "VERTICAL": true}
	thumbnailSizes = map[string]bool{"50": true, "150": true, "250": true, "500": true}
	refTableSizes  = map[string]bool{"1": true, "3": true, "5": true, "10": true, "20": true, "30": true, "40": true, "50": true}
	entityTypes    = map[string]bool{"USER": true, "GROUP": true, "ORGANIZATION": true}
)

// Property validation messages (ja).
const (
	msgBadCode      = "フィールドコードの先頭に数字が使用されているか、使用できない記号、またはスペースが含まれています。"
	msgDupCode      = "フィールドコードが重複しています。"
	msgTypeChange   = "フィールドの種類は変更できません。"
	msgNotObject    = "オブジェクトを指定してください。"
	msgNotArray     = "配列を指定してください。"
	msgNotString    = "文字列を入力してください。"
	msgNotBool      = "真偽値を指定してください。"
	msgNotNumber    = "数字でなければなりません。"
	msgNotInOptions = "選択肢にない値が指定されています。"
	msgBadDefault   = "初期値の形式が正しくありません。"
	msgMinOverMax   = "最小値が最大値より大きくなっています。"
)

// inputTypes are the field types that take `required` and live in records.
var inputTypes = map[string]bool{
	TypeSingleLineText: true, TypeNumber: true, TypeCalc: true, TypeMultiLineText: true, TypeRichText: true,
	TypeLink: true, TypeCheckBox: true, TypeRadioButton: true, TypeDropDown: true, TypeMultiSelect: true,
	TypeFile: true, TypeDate: true, TypeTime: true, TypeDateTime: true,
	TypeUserSelect: true, TypeOrganizationSelect: true, TypeGroupSelect: true,
}

// uniqueTypes keep `unique`; kintone silently drops it elsewhere
// (kintone-api.md §5, OBS).
var uniqueTypes = map[string]bool{TypeSingleLineText: true, TypeNumber: true, TypeLink: true, TypeDate: true, TypeDateTime: true}

// lookupTypes may carry a lookup.
var lookupTypes = map[string]bool{TypeSingleLineText: true, TypeNumber: true, TypeLink: true}

// optionTypes carry options.
var optionTypes = map[string]bool{TypeCheckBox: true, TypeRadioButton: true, TypeDropDown: true, TypeMultiSelect: true}

// addableType reports the types the form-fields APIs may add: every input
// type, plus SUBTABLE, GROUP and REFERENCE_TABLE at top level. System fields
// exist once per app and layout elements belong to the layout API.
func addableType(typ string, inSubtable bool) bool {
	if inputTypes[typ] {
		return true
	}
	return !inSubtable && (typ == TypeSubtable || typ == TypeGroup || typ == TypeReferenceTable)
}

// validFieldCode reports whether s may be a field code: 1–128 characters,
// letters, digits and the symbols _ ・ $ ¥ (full- or half-width), not
// starting with a digit (kintone.dev Add Form Fields, cybozu help).
func validFieldCode(s string) bool {
	if s == "" || utf8.RuneCountInString(s) > maxFieldCodeLen {
		return false
	}
	for i, r := range s {
		switch {
		case unicode.IsDigit(r):
			if i == 0 {
				return false
			}
		case unicode.IsLetter(r), strings.ContainsRune("_＿・･$＄¥￥", r):
		default:
			return false
		}
	}
	return true
}

// propParser turns fields.json property objects into Field values,
// collecting CB_VA01 errors keyed like kintone's
// ("properties[code].type"). It is the inverse of renderProperty.
type propParser struct {
	st   *store
	errs fieldErrs
}

func newPropParser(st *store) *propParser {
	return &propParser{st: st, errs: fieldErrs{}}
}

// parseProperty reads the property object raw, sent under key at prefix,
// onto a copy of base (nil for a new field) and returns the result, or nil
// after recording an error. Only attributes present in raw change; for a
// SUBTABLE, "fields" is left to the caller (parseSubtableFields).
func (p *propParser) parseProperty(prefix, key string, raw any, base *Field, inSubtable bool) *Field {
	m, ok := raw.(map[string]any)
	if !ok {
		p.errs.add(prefix, msgNotObject)
		return nil
	}
	typ, _ := m["type"].(string)
	var f *Field
	switch {
	case typ == "":
		p.errs.add(prefix+".type", msgRequired)
		return nil
	case base != nil && typ != base.Type:
		// Changing a field's type is refused (UNCONFIRMED; kintone's UI
		// cannot change a type either).
		p.errs.add(prefix+".type", msgTypeChange)
		return nil
	case base != nil:
		f = cloneField(base)
	case !addableType(typ, inSubtable):
		p.errs.add(prefix+".type", msgEnum)
		return nil
	default:
		f = &Field{Type: typ, Code: key}
	}
	if v, ok := m["code"]; ok && v != nil {
		if s, isStr := v.(string); isStr {
			f.Code = s
		} else {
			p.errs.add(prefix+".code", msgNotString)
		}
	}
	// Only a new or changed code is checked, so seeded codes that kintone
	// would not accept stay editable.
	if (base == nil || f.Code != base.Code) && !validFieldCode(f.Code) {
		p.errs.add(prefix+".code", msgBadCode)
	}
	if v, ok := m["label"]; ok && v != nil {
		if s, isStr := v.(string); isStr {
			f.Label = s
		} else {
			p.errs.add(prefix+".label", msgNotString)
		}
	} else if base == nil {
		p.errs.add(prefix+".label", msgRequired)
	}
	if typ == TypeStatus || typ == TypeStatusAssignee || typ == TypeCategory {
		return f // only label (and code) can change; enabled follows the process settings
	}
	p.boolAttr(m, prefix, "noLabel", &f.NoLabel)
	switch typ {
	case TypeGroup:
		p.boolAttr(m, prefix, "openGroup", &f.OpenGroup)
	case TypeReferenceTable:
		p.parseReferenceTable(m, prefix, f, base == nil)
	}
	if !inputTypes[typ] {
		return f
	}
	p.boolAttr(m, prefix, "required", &f.Required)
	if v, ok := m["unique"]; ok {
		var u bool
		p.boolValue(v, prefix+".unique", &u)
		f.Unique = u && uniqueTypes[typ] && !inSubtable
	}
	if v, ok := m["lookup"]; ok {
		switch {
		case v == nil:
			f.Lookup = nil
		case !lookupTypes[typ]:
			p.errs.add(prefix+".lookup", msgEnum)
		default:
			f.Lookup = p.parseLookup(v, prefix+".lookup")
		}
	}
	p.parseTypeAttrs(m, prefix, f)
	if base == nil {
		switch {
		case optionTypes[typ] && len(f.Options) == 0:
			p.errs.add(prefix+".options", msgRequired)
		case typ == TypeCalc && f.Expression == "":
			p.errs.add(prefix+".expression", msgRequired)
		}
	}
	p.checkDefault(prefix, f)
	return f
}

// parseTypeAttrs reads the attributes specific to an input type.
func (p *propParser) parseTypeAttrs(m map[string]any, prefix string, f *Field) {
	switch f.Type {
	case TypeSingleLineText, TypeLink:
		p.numAttr(m, prefix, "minLength", &f.MinLength, true)
		p.numAttr(m, prefix, "maxLength", &f.MaxLength, true)
		p.checkMinMax(prefix+".minLength", f.MinLength, f.MaxLength)
	case TypeNumber:
		p.numAttr(m, prefix, "minValue", &f.MinValue, false)
		p.numAttr(m, prefix, "maxValue", &f.MaxValue, false)
		p.checkMinMax(prefix+".minValue", f.MinValue, f.MaxValue)
		p.boolAttr(m, prefix, "digit", &f.Digit)
	}
	switch f.Type {
	case TypeSingleLineText, TypeCalc:
		p.strAttr(m, prefix, "expression", &f.Expression)
		p.boolAttr(m, prefix, "hideExpression", &f.HideExpression)
	}
	switch f.Type {
	case TypeNumber, TypeCalc:
		p.numAttr(m, prefix, "displayScale", &f.DisplayScale, true)
		p.strAttr(m, prefix, "unit", &f.Unit)
		p.enumAttr(m, prefix, "unitPosition", &f.UnitPosition, unitPositions)
	}
	switch f.Type {
	case TypeCalc:
		p.enumAttr(m, prefix, "format", &f.Format, calcFormats)
	case TypeLink:
		p.enumAttr(m, prefix, "protocol", &f.Protocol, linkProtocols)
	case TypeFile:
		p.enumAttr(m, prefix, "thumbnailSize", &f.ThumbnailSize, thumbnailSizes)
	case TypeCheckBox, TypeRadioButton:
		p.enumAttr(m, prefix, "align", &f.Align, optionAligns)
	case TypeDate, TypeTime, TypeDateTime:
		p.boolAttr(m, prefix, "defaultNowValue", &f.DefaultNowValue)
	case TypeUserSelect, TypeOrganizationSelect, TypeGroupSelect:
		if v, ok := m["entities"]; ok {
			f.Entities = p.parseEntities(v, prefix+".entities", false)
		}
	}
	if optionTypes[f.Type] {
		if v, ok := m["options"]; ok {
			f.Options = p.parseOptions(v, prefix+".options")
		}
	}
	if v, ok := m["defaultValue"]; ok {
		f.DefaultValue = p.parseDefault(v, prefix+".defaultValue", f.Type)
	}
}

// boolValue reads a boolean sent as true/false or "true"/"false".
func (p *propParser) boolValue(v any, key string, dst *bool) {
	b, ok := propBool(v)
	if !ok {
		p.errs.add(key, msgNotBool)
		return
	}
	*dst = b
}

// propBool accepts true, false, "true" and "false".
func propBool(v any) (bool, bool) {
	switch x := v.(type) {
	case bool:
		return x, true
	case string:
		switch x {
		case "true":
			return true, true
		case "false":
			return false, true
		}
	}
	return false, false
}

func (p *propParser) boolAttr(m map[string]any, prefix, name string, dst *bool) {
	if v, ok := m[name]; ok && v != nil {
		p.boolValue(v, prefix+"."+name, dst)
	}
}

func (p *propParser) strAttr(m map[string]any, prefix, name string, dst *string) {
	if v, ok := m[name]; ok && v != nil {
		s, isStr := stringOrNumber(v)
		if !isStr {
			p.errs.add(prefix+"."+name, msgNotString)
			return
		}
		*dst = s
	}
}

func (p *propParser) enumAttr(m map[string]any, prefix, name string, dst *string, allowed map[string]bool) {
	if v, ok := m[name]; ok && v != nil {
		s, _ := stringOrNumber(v)
		if !allowed[s] {
			p.errs.add(prefix+"."+name, msgEnum)
			return
		}
		*dst = s
	}
}

// numAttr reads a number kept as a string ("" clears it); integer
// attributes must be whole and not negative.
func (p *propParser) numAttr(m map[string]any, prefix, name string, dst *string, integer bool) {
	v, ok := m[name]
	if !ok {
		return
	}
	if v == nil {
		*dst = ""
		return
	}
	s, isStr := stringOrNumber(v)
	s = strings.TrimSpace(s)
	if !isStr {
		p.errs.add(prefix+"."+name, msgNotNumber)
		return
	}
	if s != "" {
		if integer {
			if n, err := strconv.ParseInt(s, 10, 64); err != nil || n < 0 {
				p.errs.add(prefix+"."+name, msgInteger)
				return
			}
		} else if _, err := strconv.ParseFloat(s, 64); err != nil {
			p.errs.add(prefix+"."+name, msgNotNumber)
			return
		}
	}
	*dst = s
}

// checkMinMax refuses a minimum above the maximum.
func (p *propParser) checkMinMax(key, lo, hi string) {
	if lo == "" || hi == "" {
		return
	}
	l, err1 := strconv.ParseFloat(lo, 64)
	h, err2 := strconv.ParseFloat(hi, 64)
	if err1 == nil && err2 == nil && l > h {
		p.errs.add(key, msgMinOverMax)
	}
}

// parseOptions reads {name: {label, index}} into names ordered by index
// (then name; the request's key order is not kept). A label, when given,
// must equal its key: kintone uses the option name as the value.
func (p *propParser) parseOptions(v any, prefix string) []string {
	obj, ok := v.(map[string]any)
	if !ok {
		p.errs.add(prefix, msgNotObject)
		return nil
	}
	type opt struct {
		name  string
		index int64
	}
	opts := make([]opt, 0, len(obj))
	for name, rv := range obj {
		key := fmt.Sprintf("%s[%s]", prefix, name)
		om, ok := rv.(map[string]any)
		if !ok {
			p.errs.add(key, msgNotObject)
			continue
		}
		if label, ok := om["label"]; ok && label != nil {
			if s, _ := label.(string); s != name {
				p.errs.add(key+".label", "選択肢のキーとラベルが一致しません。")
				continue
			}
		}
		idx, set, err := appInt(om["index"], key+".index")
		if err != nil {
			p.errs.add(key+".index", msgInteger)
			continue
		}
		if !set {
			idx = int64(len(obj)) // unindexed options go last
		}
		opts = append(opts, opt{name, idx})
	}
	sort.Slice(opts, func(i, j int) bool {
		if opts[i].index != opts[j].index {
			return opts[i].index < opts[j].index
		}
		return opts[i].name < opts[j].name
	})
	out := make([]string, len(opts))
	for i, o := range opts {
		out[i] = o.name
	}
	return out
}

// parseEntities reads [{code, type}]; defaults may also use FUNCTION
// entities such as LOGINUSER().
func (p *propParser) parseEntities(v any, prefix string, allowFunction bool) []Entity {
	if v == nil {
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		p.errs.add(prefix, msgNotArray)
		return nil
	}
	out := make([]Entity, 0, len(arr))
	for i, ev := range arr {
		key := fmt.Sprintf("%s[%d]", prefix, i)
		m, ok := ev.(map[string]any)
		if !ok {
			p.errs.add(key, msgNotObject)
			continue
		}
		code, _ := m["code"].(string)
		typ, _ := m["type"].(string)
		if code == "" {
			p.errs.add(key+".code", msgRequired)
			continue
		}
		if !entityTypes[typ] && !(allowFunction && typ == "FUNCTION") {
			p.errs.add(key+".type", msgEnum)
			continue
		}
		out = append(out, Entity{Code: code, Type: typ})
	}
	return out
}

// Formats of DATE, TIME and DATETIME default values.
var (
	dateDefault = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	timeDefault = regexp.MustCompile(`^\d{2}:\d{2}$`)
)

// dateTimeDefaultLayouts are the accepted DATETIME default layouts.
var dateTimeDefaultLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04Z07:00", "2006-01-02T15:04:05Z07:00", time.RFC3339Nano}

// parseDefault reads a defaultValue in the type's shape.
func (p *propParser) parseDefault(v any, key, typ string) any {
	switch typ {
	case TypeCheckBox, TypeMultiSelect:
		if v == nil {
			return []string{}
		}
		if list := p.stringList(v, key); list != nil {
			return list
		}
		return nil // not an array
	case TypeUserSelect, TypeOrganizationSelect, TypeGroupSelect:
		return p.parseEntities(v, key, true)
	case TypeCalc, TypeFile:
		return nil
	}
	if v == nil {
		return ""
	}
	s, ok := stringOrNumber(v)
	if !ok {
		p.errs.add(key, msgNotString)
		return ""
	}
	if s == "" {
		return s
	}
	valid := true
	switch typ {
	case TypeNumber:
		_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
		valid = err == nil
	case TypeDate:
		_, err := time.Parse("2006-01-02", s)
		valid = dateDefault.MatchString(s) && err == nil
	case TypeTime:
		_, err := time.Parse("15:04", s)
		valid = timeDefault.MatchString(s) && err == nil
	case TypeDateTime:
		valid = false
		for _, layout := range dateTimeDefaultLayouts {
			if _, err := time.Parse(layout, s); err == nil {
				valid = true
				break
			}
		}
	}
	if !valid {
		p.errs.add(key, msgBadDefault)
	}
	return s
}

// checkDefault refuses a default that is not among the options.
func (p *propParser) checkDefault(prefix string, f *Field) {
	if !optionTypes[f.Type] {
		return
	}
	in := map[string]bool{}
	for _, o := range f.Options {
		in[o] = true
	}
	var vals []string
	if f.Type == TypeCheckBox || f.Type == TypeMultiSelect {
		vals = listDefault(f)
	} else if s := stringDefault(f); s != "" {
		vals = []string{s}
	}
	for _, v := range vals {
		if !in[v] {
			p.errs.add(prefix+".defaultValue", msgNotInOptions)
			return
		}
	}
}

// relatedAppID reads {app, code}: the id wins; a code alone names the app
// with that app code.
func (p *propParser) relatedAppID(v any, key string) int64 {
	m, ok := v.(map[string]any)
	if !ok {
		p.errs.add(key, msgRequired)
		return 0
	}
	id, set, err := appInt(m["app"], key+".app")
	if err != nil {
		p.errs.add(key+".app", msgInteger)
		return 0
	}
	if set {
		return id
	}
	if code, _ := m["code"].(string); code != "" {
		for _, a := range p.st.apps {
			if a.Code == code {
				return a.ID
			}
		}
		return -1 // reported as a missing app by checkFieldRefs
	}
	p.errs.add(key+".app", msgRequired)
	return 0
}

// stringList reads an array of strings.
func (p *propParser) stringList(v any, key string) []string {
	if v == nil {
		return nil
	}
	arr, ok := v.([]any)
	if !ok {
		p.errs.add(key, msgNotArray)
		return nil
	}
	out := make([]string, 0, len(arr))
	for i, e := range arr {
		s, ok := e.(string)
		if !ok {
			p.errs.add(fmt.Sprintf("%s[%d]", key, i), msgNotString)
			continue
		}
		out = append(out, s)
	}
	return out
}

// parseLookup reads a lookup object.
func (p *propParser) parseLookup(v any, prefix string) *Lookup {
	m, ok := v.(map[string]any)
	if !ok {
		p.errs.add(prefix, msgNotObject)
		return nil
	}
	l := &Lookup{RelatedApp: p.relatedAppID(m["relatedApp"], prefix+".relatedApp")}
	l.RelatedKeyField, _ = m["relatedKeyField"].(string)
	if l.RelatedKeyField == "" {
		p.errs.add(prefix+".relatedKeyField", msgRequired)
	}
	if raw, ok := m["fieldMappings"]; ok && raw != nil {
		arr, isArr := raw.([]any)
		if !isArr {
			p.errs.add(prefix+".fieldMappings", msgNotArray)
		}
		for i, e := range arr {
			em, _ := e.(map[string]any)
			field, _ := em["field"].(string)
			related, _ := em["relatedField"].(string)
			if field == "" || related == "" {
				p.errs.add(fmt.Sprintf("%s.fieldMappings[%d]", prefix, i), msgRequired)
				continue
			}
			l.FieldMappings = append(l.FieldMappings, FieldMapping{Field: field, RelatedField: related})
		}
	}
	l.LookupPickerFields = p.stringList(m["lookupPickerFields"], prefix+".lookupPickerFields")
	p.strAttr(m, prefix, "filterCond", &l.FilterCond)
	p.strAttr(m, prefix, "sort", &l.Sort)
	return l
}

// parseReferenceTable reads a REFERENCE_TABLE's referenceTable object.
func (p *propParser) parseReferenceTable(m map[string]any, prefix string, f *Field, isNew bool) {
	v, ok := m["referenceTable"]
	if !ok || v == nil {
		if isNew {
			p.errs.add(prefix+".referenceTable", msgRequired)
		}
		return
	}
	prefix += ".referenceTable"
	rm, ok := v.(map[string]any)
	if !ok {
		p.errs.add(prefix, msgNotObject)
		return
	}
	r := &ReferenceTable{RelatedApp: p.relatedAppID(rm["relatedApp"], prefix+".relatedApp")}
	cond, _ := rm["condition"].(map[string]any)
	r.Field, _ = cond["field"].(string)
	r.RelatedField, _ = cond["relatedField"].(string)
	if r.Field == "" || r.RelatedField == "" {
		p.errs.add(prefix+".condition", msgRequired)
	}
	r.DisplayFields = p.stringList(rm["displayFields"], prefix+".displayFields")
	p.strAttr(rm, prefix, "filterCond", &r.FilterCond)
	p.strAttr(rm, prefix, "sort", &r.Sort)
	p.enumAttr(rm, prefix, "size", &r.Size, refTableSizes)
	f.ReferenceTable = r
}
