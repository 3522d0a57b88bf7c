package kintone

import (
	"database/sql/driver"
	"encoding/json"
	"fmt"
)

// Strings is the value of a CHECK_BOX, MULTI_SELECT or CATEGORY column: the
// chosen options. It scans the column's JSON array (NULL, kintone's empty
// choice, gives an empty Strings) and, as a statement argument, writes it.
// To scan into an existing []string s, pass (*kintone.Strings)(&s):
// database/sql cannot fill a bare *[]string, which has no Scan method.
type Strings []string

// Scan reads a JSON array of strings; NULL gives nil.
func (s *Strings) Scan(src any) error {
	return scanJSON(src, (*[]string)(s), "Strings")
}

// Value is the JSON array of the options (`[]` when empty).
func (s Strings) Value() (driver.Value, error) {
	if s == nil {
		s = Strings{}
	}
	return jsonValue([]string(s))
}

// User is one entry of a USER_SELECT, ORGANIZATION_SELECT, GROUP_SELECT or
// STATUS_ASSIGNEE column: the login name (or organization or group code)
// and the display name.
type User struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// Users is the value of a USER_SELECT, ORGANIZATION_SELECT, GROUP_SELECT or
// STATUS_ASSIGNEE column. It scans the column's JSON array of {code, name}
// (NULL gives an empty Users); as a statement argument it writes the codes
// (kintone fills in the names).
type Users []User

// Scan reads a JSON array of {"code", "name"} objects; NULL gives nil.
func (u *Users) Scan(src any) error {
	return scanJSON(src, (*[]User)(u), "Users")
}

// Value is the JSON array [{"code": ...}, ...] that a write takes.
func (u Users) Value() (driver.Value, error) {
	return keyObjects(u, "code", func(x User) string { return x.Code })
}

// Codes returns the codes (login names) of the entries.
func (u Users) Codes() []string {
	out := make([]string, len(u))
	for i, x := range u {
		out[i] = x.Code
	}
	return out
}

// File is one attachment of a FILE column: FileKey opens it with
// DownloadFile.
type File struct {
	FileKey     string `json:"fileKey"`
	Name        string `json:"name"`
	ContentType string `json:"contentType"`
	Size        int64  `json:"size"`
}

// Files is the value of a FILE column. It scans the column's JSON array
// (NULL gives an empty Files); as a statement argument it writes the file
// keys, which must come from UploadFile (kintone takes each key once).
type Files []File

// Scan reads a JSON array of file objects; NULL gives nil.
func (f *Files) Scan(src any) error {
	return scanJSON(src, (*[]File)(f), "Files")
}

// Value is the JSON array [{"fileKey": ...}, ...] that a write takes.
func (f Files) Value() (driver.Value, error) {
	return keyObjects(f, "fileKey", func(x File) string { return x.FileKey })
}

// scanJSON decodes the JSON text of a column value into dst, which it sets
// to nil for NULL.
func scanJSON[T any](src any, dst *[]T, what string) error {
	var text []byte
	switch x := src.(type) {
	case nil:
		*dst = nil
		return nil
	case []byte:
		text = x
	case string:
		text = []byte(x)
	default:
		return fmt.Errorf("kintone: cannot scan %T into %s: the column is not a JSON array", src, what)
	}
	var out []T
	if err := json.Unmarshal(text, &out); err != nil {
		return fmt.Errorf("kintone: scanning %s: the column value is not a JSON array of the expected shape: %w", what, err)
	}
	*dst = out
	return nil
}

// keyObjects is the JSON array [{key: get(x)}, ...] of xs, what a write
// of a selection or FILE column takes.
func keyObjects[T any](xs []T, key string, get func(T) string) (driver.Value, error) {
	out := make([]map[string]string, len(xs))
	for i, x := range xs {
		out[i] = map[string]string{key: get(x)}
	}
	return jsonValue(out)
}

// jsonValue marshals v as the JSON text argument of a write.
func jsonValue(v any) (driver.Value, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}
