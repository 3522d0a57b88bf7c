package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kintone-sql/kintone/client"
)

// Layouts of kintone's date and time texts.
const (
	kintoneDate     = "2006-01-02"
	kintoneDateTime = "2006-01-02T15:04:05Z" // always UTC
	kintoneTime     = "15:04"
)

// Decode converts a kintone field value into the column's SQL value (nil,
// int64, float64, decimal.Decimal, string, bool or time.Time, as the Type
// constants list them):
//   - empty values are NULL: "" for text, number, date and choice fields,
//     JSON null, and [] for multi-value fields;
//   - BIGINT ($id, $revision, $row_id) → int64;
//   - DECIMAL → decimal.Decimal parsed exactly from kintone's text; DOUBLE
//     (NumberMapToDouble) → float64;
//   - DATE → time.Time at 00:00 UTC of that date; DATETIME → the UTC instant;
//     TIME → time.Time on 0000-01-01 UTC;
//   - VARCHAR → string (CREATOR/MODIFIER parts: the code or the name);
//   - JSON → compact JSON text: CHECK_BOX, MULTI_SELECT and CATEGORY as
//     ["A","B"]; user, organization, group selections and STATUS_ASSIGNEE as
//     [{"code":"..","name":".."}]; FILE as
//     [{"name":..,"contentType":..,"size":1234,"fileKey":..}].
//
// The value's own type is not consulted (lookups report their base type).
func (c *Column) Decode(v client.FieldValue) (any, error) {
	out, err := c.decode(v.Value)
	if err != nil {
		return nil, fmt.Errorf("schema: column %q (%s field %s): %w", c.Name, c.FieldType, c.Code, err)
	}
	return out, nil
}

// decode converts the raw JSON value.
func (c *Column) decode(raw json.RawMessage) (any, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	switch c.Part {
	case PartCode, PartName:
		if code, name, ok := fastCodeName(raw); ok {
			if c.Part == PartName {
				code = name
			}
			if len(code) == 0 {
				return nil, nil
			}
			return string(code), nil
		}
		var cn client.CodeName
		if err := json.Unmarshal(raw, &cn); err != nil {
			return nil, fmt.Errorf("expected {\"code\",\"name\"}: %w", err)
		}
		s := cn.Code
		if c.Part == PartName {
			s = cn.Name
		}
		return nullIfEmpty(s), nil
	}
	if c.Type == TypeJSON {
		return canonicalJSON(c.FieldType, raw)
	}
	s, isText, err := scalarText(raw)
	if err != nil {
		return nil, err
	}
	if !isText {
		// An array or object where a scalar was expected: keep it readable.
		if c.Type == TypeText {
			return compactJSON(raw)
		}
		return nil, fmt.Errorf("expected a string, got %s", raw)
	}
	if s == "" {
		return nil, nil
	}
	switch c.Type {
	case TypeBigInt:
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("bad integer %q", s)
		}
		return n, nil
	case TypeDecimal:
		d, err := parseDecimal(s)
		if err != nil {
			return nil, fmt.Errorf("bad number %q", s)
		}
		return d, nil
	case TypeDouble:
		f, err := strconv.ParseFloat(s, 64)
		if err != nil {
			return nil, fmt.Errorf("bad number %q", s)
		}
		return f, nil
	case TypeDate:
		return parseDate(s)
	case TypeDateTime:
		return parseDateTime(s)
	case TypeTime:
		return parseTime(s)
	case TypeBool:
		b, err := strconv.ParseBool(s)
		if err != nil {
			return nil, fmt.Errorf("bad boolean %q", s)
		}
		return b, nil
	}
	return s, nil
}

// nullIfEmpty maps "" to nil (SQL NULL).
func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// scalarText returns the text of a JSON string, number or boolean literal;
// isText is false for arrays and objects.
func scalarText(raw json.RawMessage) (s string, isText bool, err error) {
	switch raw[0] {
	case '"':
		if n := len(raw); n >= 2 && raw[n-1] == '"' && isPlainJSONText(raw[1:n-1]) {
			return string(raw[1 : n-1]), true, nil // the common case: nothing to unescape
		}
		if err := json.Unmarshal(raw, &s); err != nil {
			return "", false, err
		}
		return s, true, nil
	case '[', '{':
		return "", false, nil
	}
	return string(raw), true, nil // number, true or false as written
}

// isPlainJSONText reports whether b, the inside of a JSON string, is valid
// UTF-8 with no escapes, quotes or control characters, so that it is its
// own decoded text (every value of every row passes through here).
func isPlainJSONText(b []byte) bool {
	for _, c := range b {
		if c < 0x20 || c == '"' || c == '\\' {
			return false
		}
	}
	return utf8.Valid(b)
}

// parseDate reads kintone's "YYYY-MM-DD" as 00:00 UTC of that day.
func parseDate(s string) (time.Time, error) {
	t, err := time.Parse(kintoneDate, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("bad date %q (want YYYY-MM-DD)", s)
	}
	return t, nil
}

// dateTimeLayouts are the date-time texts accepted from kintone and from
// SQL; texts without a zone are UTC.
var dateTimeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04Z07:00",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04",
}

// parseDateTime reads a date-time text as a UTC instant.
func parseDateTime(s string) (time.Time, error) {
	for _, l := range dateTimeLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("bad date-time %q (want YYYY-MM-DDTHH:MM:SSZ)", s)
}

// parseTime reads "HH:MM" or "HH:MM:SS" as that time on 0000-01-01 UTC.
func parseTime(s string) (time.Time, error) {
	for _, l := range []string{kintoneTime, "15:04:05", "15:04:05.999999999"} {
		if t, err := time.Parse(l, s); err == nil {
			return time.Date(0, 1, 1, t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC), nil
		}
	}
	return time.Time{}, fmt.Errorf("bad time %q (want HH:MM)", s)
}

// fileJSON is the JSON text form of one FILE element.
type fileJSON struct {
	Name        string      `json:"name"`
	ContentType string      `json:"contentType"`
	Size        json.Number `json:"size"`
	FileKey     string      `json:"fileKey"`
}

// canonicalJSON renders a multi-value kintone value as compact JSON text;
// an empty array is NULL.
func canonicalJSON(fieldType string, raw json.RawMessage) (any, error) {
	if raw[0] != '[' {
		return compactJSON(raw)
	}
	if bytes.Equal(raw, []byte("[]")) {
		return nil, nil
	}
	var out any
	switch fieldType {
	case FieldCheckBox, FieldMultiSelect, FieldCategory:
		if canonicalStrings(raw) {
			return string(raw), nil
		}
		var v []string
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, fmt.Errorf("expected an array of strings: %w", err)
		}
		if len(v) == 0 {
			return nil, nil
		}
		out = v
	case FieldUserSelect, FieldOrganizationSelect, FieldGroupSelect, FieldStatusAssignee:
		if canonicalCodeNames(raw) {
			return string(raw), nil
		}
		var v []client.CodeName
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, fmt.Errorf("expected an array of {\"code\",\"name\"}: %w", err)
		}
		if len(v) == 0 {
			return nil, nil
		}
		out = v
	case FieldFile:
		var v []client.FileValue
		if err := json.Unmarshal(raw, &v); err != nil {
			return nil, fmt.Errorf("expected an array of files: %w", err)
		}
		if len(v) == 0 {
			return nil, nil
		}
		files := make([]fileJSON, len(v))
		for i, f := range v {
			size := f.Size
			if _, err := strconv.ParseInt(size, 10, 64); err != nil {
				size = "0"
			}
			files[i] = fileJSON{Name: f.Name, ContentType: f.ContentType, Size: json.Number(size), FileKey: f.FileKey}
		}
		out = files
	default:
		if bytes.Equal(raw, []byte("[]")) {
			return nil, nil
		}
		return compactJSON(raw)
	}
	return marshalText(out)
}

// compactJSON returns raw as compact JSON text.
func compactJSON(raw json.RawMessage) (any, error) {
	var b bytes.Buffer
	if err := json.Compact(&b, raw); err != nil {
		return nil, err
	}
	return b.String(), nil
}

// marshalText marshals v as compact JSON text without HTML escaping.
func marshalText(v any) (string, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// RecordRows converts a kintone record into rows holding the values of cols
// (t.Columns when cols is nil), which must be columns of t. An app table
// gives one row. A subtable table gives one row per subtable row, none for
// an empty subtable; there $id is the record's id and $row_id the row's.
// Fields missing from the record are NULL.
func (t *Table) RecordRows(rec client.Record, cols []*Column) ([][]any, error) {
	if cols == nil {
		cols = t.Columns
	}
	if t.Kind != SubtableTable {
		row := make([]any, len(cols))
		if err := readRow(rec, cols, row, nil); err != nil {
			return nil, err
		}
		return [][]any{row}, nil
	}
	var rows []client.SubtableRow
	if raw := bytes.TrimSpace(rec[t.Subtable].Value); len(raw) > 0 && !bytes.Equal(raw, []byte("null")) {
		if err := json.Unmarshal(raw, &rows); err != nil {
			return nil, fmt.Errorf("schema: table %q: subtable %s: %w", t.Name, t.Subtable, err)
		}
	}
	parent := make([]any, len(cols))
	for i, c := range cols {
		if c.Subtable == "" {
			v, err := c.Decode(rec[c.Code])
			if err != nil {
				return nil, err
			}
			parent[i] = v
		}
	}
	out := make([][]any, 0, len(rows))
	for _, r := range rows {
		row := make([]any, len(cols))
		for i, c := range cols {
			switch {
			case c.Subtable == "":
				row[i] = parent[i]
			case c.Part == PartRowID:
				id, err := strconv.ParseInt(r.ID, 10, 64)
				if err != nil {
					return nil, fmt.Errorf("schema: table %q: bad subtable row id %q", t.Name, r.ID)
				}
				row[i] = id
			default:
				v, err := c.Decode(r.Value[c.Code])
				if err != nil {
					return nil, err
				}
				row[i] = v
			}
		}
		out = append(out, row)
	}
	return out, nil
}

// FieldCodes returns the field codes to request (records.json "fields")
// to read cols of t (t.Columns when nil): the top-level codes, and the
// subtable code for subtable columns, each once, in column order; a
// subtable table always asks for its subtable.
func (t *Table) FieldCodes(cols []*Column) []string {
	if cols == nil {
		cols = t.Columns
	}
	var out []string
	seen := map[string]bool{}
	for _, c := range cols {
		code := c.Code
		if c.Subtable != "" {
			code = c.Subtable
		}
		if !seen[code] {
			seen[code] = true
			out = append(out, code)
		}
	}
	if t.Kind == SubtableTable && !seen[t.Subtable] {
		// The rows come from the subtable value, so it is needed even when
		// only the parent's $id is selected.
		out = append(out, t.Subtable)
	}
	return out
}
