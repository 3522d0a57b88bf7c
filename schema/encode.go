package schema

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kintone-sql/kintone/client"
	"github.com/shopspring/decimal"
)

// ErrReadOnly is matched (errors.Is) by Encode's error for a column whose
// value kintone computes ($id, $revision, RECORD_NUMBER, CALC, STATUS,
// STATUS_ASSIGNEE, CATEGORY, CREATOR/MODIFIER names, $row_id).
var ErrReadOnly = errors.New("read-only")

// Encode converts a SQL value (nil, integers, floats, decimal.Decimal,
// string, []byte, bool, time.Time, []string) into the JSON kintone expects
// under "value" when writing the column's field:
//   - text fields: the text (numbers in plain decimal form); NULL → "";
//   - NUMBER: exact decimal text (strings must be numbers); NULL → "";
//   - DATE: "YYYY-MM-DD" (a time.Time's own calendar date; strings may be
//     dates or date-times, whose date part is taken as written);
//   - DATETIME, CREATED_TIME, UPDATED_TIME: "YYYY-MM-DDTHH:MM:SSZ" in UTC
//     (strings without a zone are UTC; a bare date is 00:00 UTC);
//   - TIME: "HH:MM" (kintone keeps minutes; seconds are dropped);
//   - RADIO_BUTTON, DROP_DOWN: the option, which must be one of the
//     field's options; NULL → "";
//   - CHECK_BOX, MULTI_SELECT: ["A","B"] from JSON text, []string or one
//     option as plain text, each checked against the options; NULL → [];
//   - USER_SELECT, ORGANIZATION_SELECT, GROUP_SELECT: [{"code":".."}] from
//     JSON text ["code"] or [{"code":..}], []string or one plain code;
//   - FILE: [{"fileKey":".."}] from JSON text ["key"] or [{"fileKey":..}]
//     or one plain key (keys come from client.UploadFile);
//   - CREATOR/MODIFIER code part: {"code":".."} (kintone accepts it on
//     record creation only, see Column.InsertOnly).
//
// Errors name the column, without a package prefix, since writes show
// them to the user as they are ("row 2: column "Amount" (NUMBER field
// amount): "abc" is not a number"); computed columns give an error
// wrapping ErrReadOnly.
func (c *Column) Encode(v any) (json.RawMessage, error) {
	out, err := c.encode(v)
	if err != nil {
		return nil, fmt.Errorf("column %q (%s field %s): %w", c.Name, c.FieldType, c.Code, err)
	}
	return out, nil
}

// encode does the work of Encode.
func (c *Column) encode(v any) (json.RawMessage, error) {
	switch c.Part {
	case PartName, PartRowID:
		return nil, ErrReadOnly
	case PartCode:
		if v == nil {
			return nil, errors.New("cannot be NULL")
		}
		s, err := anyText(v)
		if err != nil {
			return nil, err
		}
		return marshalRaw(client.CodeName{Code: s})
	}
	switch c.FieldType {
	case FieldID, FieldRevision, FieldRecordNumber, FieldCalc, FieldStatus, FieldStatusAssignee, FieldCategory, FieldRowID:
		return nil, ErrReadOnly
	case FieldSingleLineText, FieldMultiLineText, FieldRichText, FieldLink:
		return encodeScalar(v, anyText)
	case FieldNumber:
		return encodeScalar(v, numberText)
	case FieldDate:
		return encodeScalar(v, dateText)
	case FieldTime:
		return encodeScalar(v, timeText)
	case FieldDateTime:
		return encodeScalar(v, dateTimeText)
	case FieldCreatedTime, FieldUpdatedTime:
		if v == nil {
			return nil, errors.New("cannot be NULL")
		}
		return encodeScalar(v, dateTimeText)
	case FieldRadioButton, FieldDropDown:
		return encodeScalar(v, func(v any) (string, error) {
			s, err := anyText(v)
			if err == nil && s != "" {
				err = c.checkOption(s)
			}
			return s, err
		})
	case FieldCheckBox, FieldMultiSelect:
		list, err := textList(v, "")
		if err != nil {
			return nil, err
		}
		for _, s := range list {
			if err := c.checkOption(s); err != nil {
				return nil, err
			}
		}
		return marshalRaw(list)
	case FieldUserSelect, FieldOrganizationSelect, FieldGroupSelect:
		codes, err := textList(v, "code")
		if err != nil {
			return nil, err
		}
		out := make([]client.CodeName, len(codes))
		for i, s := range codes {
			out[i] = client.CodeName{Code: s}
		}
		return marshalRaw(out)
	case FieldFile:
		keys, err := textList(v, "fileKey")
		if err != nil {
			return nil, err
		}
		out := make([]struct {
			FileKey string `json:"fileKey"`
		}, len(keys))
		for i, k := range keys {
			out[i].FileKey = k
		}
		return marshalRaw(out)
	}
	return nil, fmt.Errorf("writing %s fields is not supported", c.FieldType)
}

// encodeScalar encodes a single-text value; NULL is "".
func encodeScalar(v any, text func(any) (string, error)) (json.RawMessage, error) {
	if v == nil {
		return json.RawMessage(`""`), nil
	}
	s, err := text(v)
	if err != nil {
		return nil, err
	}
	return marshalRaw(s)
}

// marshalRaw marshals v without HTML escaping.
func marshalRaw(v any) (json.RawMessage, error) {
	s, err := marshalText(v)
	return json.RawMessage(s), err
}

// checkOption fails when s is not one of the column's options (columns
// without known options accept anything).
func (c *Column) checkOption(s string) error {
	if len(c.Options) == 0 || slices.Contains(c.Options, s) {
		return nil
	}
	quoted := make([]string, len(c.Options))
	for i, o := range c.Options {
		quoted[i] = strconv.Quote(o)
	}
	return fmt.Errorf("%q is not an option (options: %s)", s, strings.Join(quoted, ", "))
}

// textOf returns the text of a string or []byte.
func textOf(v any) (string, bool) {
	switch x := v.(type) {
	case string:
		return x, true
	case []byte:
		return string(x), true
	}
	return "", false
}

// anyText renders a value as text: strings as they are, numbers in plain
// decimal form, booleans as true/false, times as RFC 3339.
func anyText(v any) (string, error) {
	if s, ok := textOf(v); ok {
		return s, nil
	}
	switch x := v.(type) {
	case bool:
		return strconv.FormatBool(x), nil
	case time.Time:
		return x.Format(time.RFC3339Nano), nil
	}
	return numberText(v)
}

// numberText renders a number (or numeric text) exactly, in plain decimal
// form; empty text stays empty.
func numberText(v any) (string, error) {
	if s, ok := textOf(v); ok {
		s = strings.TrimSpace(s)
		if s == "" {
			return "", nil
		}
		d, err := ParseDecimal(s)
		if err != nil {
			return "", fmt.Errorf("%.40q is not a number kintone can store", s)
		}
		return d.String(), nil
	}
	switch x := v.(type) {
	case decimal.Decimal:
		return x.String(), nil
	case *decimal.Decimal:
		if x != nil {
			return x.String(), nil
		}
	case float64:
		return floatText(x)
	case float32:
		return floatText(float64(x))
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return strconv.FormatUint(rv.Uint(), 10), nil
	}
	return "", fmt.Errorf("cannot use %T %v as a number", v, v)
}

// floatText renders a finite float in the shortest exact decimal form.
func floatText(f float64) (string, error) {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return "", fmt.Errorf("%v is not a number kintone can store", f)
	}
	return strconv.FormatFloat(f, 'f', -1, 64), nil
}

// dateText renders a DATE value: a time's own calendar date, or text that
// holds a date or a date-time (its date part as written).
func dateText(v any) (string, error) {
	switch x := v.(type) {
	case time.Time:
		return x.Format(kintoneDate), nil
	}
	s, ok := textOf(v)
	if !ok {
		return "", fmt.Errorf("cannot use %T %v as a date", v, v)
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if t, err := time.Parse(kintoneDate, s); err == nil {
		return t.Format(kintoneDate), nil
	}
	for _, l := range dateTimeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.Format(kintoneDate), nil
		}
	}
	return "", fmt.Errorf("%q is not a date (want YYYY-MM-DD)", s)
}

// dateTimeText renders a DATETIME value as kintone's UTC text. Text without
// a zone is UTC; a bare date is 00:00 UTC.
func dateTimeText(v any) (string, error) {
	switch x := v.(type) {
	case time.Time:
		return x.UTC().Format(kintoneDateTime), nil
	}
	s, ok := textOf(v)
	if !ok {
		return "", fmt.Errorf("cannot use %T %v as a date-time", v, v)
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	t, err := parseDateTime(s)
	if err != nil {
		d, derr := time.Parse(kintoneDate, s)
		if derr != nil {
			return "", fmt.Errorf("%q is not a date-time (want YYYY-MM-DDTHH:MM:SSZ)", s)
		}
		t = d
	}
	return t.Format(kintoneDateTime), nil
}

// timeText renders a TIME value as "HH:MM" (a time's own clock reading).
func timeText(v any) (string, error) {
	switch x := v.(type) {
	case time.Time:
		return x.Format(kintoneTime), nil
	}
	s, ok := textOf(v)
	if !ok {
		return "", fmt.Errorf("cannot use %T %v as a time", v, v)
	}
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	t, err := parseTime(s)
	if err != nil {
		return "", fmt.Errorf("%q is not a time (want HH:MM)", s)
	}
	return t.Format(kintoneTime), nil
}

// textList reads a multi-value write: NULL or "" is empty; []string is
// taken as is; JSON text is an array of strings or, when key is set, of
// objects carrying key (or one such object); other text is one element.
func textList(v any, key string) ([]string, error) {
	if v == nil {
		return []string{}, nil
	}
	if l, ok := v.([]string); ok {
		return l, nil
	}
	s, ok := textOf(v)
	if !ok {
		t, err := anyText(v)
		if err != nil {
			return nil, err
		}
		return []string{t}, nil
	}
	s = strings.TrimSpace(s)
	switch {
	case s == "":
		return []string{}, nil
	case s[0] == '[':
		var strs []string
		if err := json.Unmarshal([]byte(s), &strs); err == nil {
			return strs, nil
		}
		if key != "" {
			var objs []map[string]any
			if err := json.Unmarshal([]byte(s), &objs); err == nil {
				return keysOf(objs, key)
			}
			return nil, fmt.Errorf("%q is not a JSON array of strings or of objects with %q", s, key)
		}
		return nil, fmt.Errorf("%q is not a JSON array of strings", s)
	case s[0] == '{' && key != "":
		var obj map[string]any
		if err := json.Unmarshal([]byte(s), &obj); err != nil {
			return nil, fmt.Errorf("%q is not a JSON object: %w", s, err)
		}
		return keysOf([]map[string]any{obj}, key)
	}
	return []string{s}, nil
}

// keysOf returns the string member key of each object.
func keysOf(objs []map[string]any, key string) ([]string, error) {
	out := make([]string, len(objs))
	for i, o := range objs {
		s, ok := o[key].(string)
		if !ok || s == "" {
			return nil, fmt.Errorf("element %d has no %q string", i, key)
		}
		out[i] = s
	}
	return out, nil
}
