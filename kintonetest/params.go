package kintonetest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// maxBody bounds a JSON request body. kintone's own limit is UNCONFIRMED;
// 64 MiB is far above any documented write (100 records × 500 fields).
const maxBody = 64 << 20

// readParams gathers a request's parameters: the query string (with
// kintone's indexed array keys such as fields[0]=a) merged with a JSON body.
// kintone accepts GET parameters in either place; DELETE likewise.
func readParams(r *http.Request) (map[string]any, *apiError) {
	params := map[string]any{}
	if err := mergeQuery(params, r.URL.Query()); err != nil {
		return nil, err
	}
	if r.Body == nil {
		return params, nil
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt == "multipart/form-data" {
		return params, nil // read by the file handlers themselves
	}
	data, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, newError(http.StatusBadRequest, "CB_IL02", "不正なリクエストです。", "Illegal request.")
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return params, nil
	}
	var body map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	if err := dec.Decode(&body); err != nil {
		// kintone answers CB_IJ01 for a body that is not JSON; its HTTP
		// status is UNCONFIRMED, 400 is used here.
		return nil, newError(http.StatusBadRequest, "CB_IJ01", "不正なJSON文字列です。", "Invalid JSON string.")
	}
	for k, v := range body {
		params[k] = v
	}
	return params, nil
}

// mergeQuery turns query-string pairs into nested values: "a[0]=x&a[1]=y"
// becomes a: ["x","y"] and "p[k]=v" becomes p: {k: v}.
func mergeQuery(dst map[string]any, q url.Values) *apiError {
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		vals := q[k]
		name, path, ok := splitIndexedKey(k)
		if !ok {
			return errField(k, "不正なパラメータです。")
		}
		if len(path) == 0 {
			if len(vals) == 1 {
				dst[name] = vals[0]
			} else {
				dst[name] = toAnySlice(vals)
			}
			continue
		}
		dst[name] = setPath(dst[name], path, vals[len(vals)-1])
	}
	return nil
}

// splitIndexedKey splits "a[0][b]" into "a" and ["0","b"].
func splitIndexedKey(k string) (string, []string, bool) {
	i := strings.IndexByte(k, '[')
	if i < 0 {
		return k, nil, true
	}
	name, rest := k[:i], k[i:]
	var path []string
	for rest != "" {
		if rest[0] != '[' {
			return "", nil, false
		}
		j := strings.IndexByte(rest, ']')
		if j < 0 {
			return "", nil, false
		}
		path = append(path, rest[1:j])
		rest = rest[j+1:]
	}
	return name, path, name != ""
}

// setPath stores v at path inside cur, creating arrays for numeric
// segments and objects otherwise.
func setPath(cur any, path []string, v string) any {
	if len(path) == 0 {
		return v
	}
	if n, err := strconv.Atoi(path[0]); err == nil && n >= 0 && n < 10000 {
		arr, _ := cur.([]any)
		for len(arr) <= n {
			arr = append(arr, nil)
		}
		arr[n] = setPath(arr[n], path[1:], v)
		return arr
	}
	obj, _ := cur.(map[string]any)
	if obj == nil {
		obj = map[string]any{}
	}
	obj[path[0]] = setPath(obj[path[0]], path[1:], v)
	return obj
}

func toAnySlice(vals []string) []any {
	out := make([]any, len(vals))
	for i, v := range vals {
		out[i] = v
	}
	return out
}

// decodeParams fills dst (a pointer to a struct with json tags) from the
// parameter map. A value of the wrong type becomes CB_VA01 naming the
// parameter.
func decodeParams(params map[string]any, dst any) *apiError {
	if err := decodeJSON(params, dst); err != nil {
		return errField(badParam(params, dst, err), "不正な値です。")
	}
	return nil
}

func decodeJSON(v any, dst any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	return dec.Decode(dst)
}

// badParam finds the parameter whose value made decoding fail: the field
// named by a type error, or else the first parameter that fails alone.
func badParam(params map[string]any, dst any, err error) string {
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		return te.Field
	}
	var fe *flexError
	if errors.As(err, &fe) && fe.param != "" {
		return fe.param
	}
	keys := make([]string, 0, len(params))
	for k := range params {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	typ := reflect.TypeOf(dst).Elem()
	for _, k := range keys {
		if decodeJSON(map[string]any{k: params[k]}, reflect.New(typ).Interface()) != nil {
			return k
		}
	}
	return "request"
}

// flexInt is an integer parameter sent as a JSON number or a string, as
// kintone accepts both ("app": 1 or "app": "1").
type flexInt struct {
	Value int64
	Set   bool
}

// UnmarshalJSON accepts 12, "12" and null.
func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "null" {
		*f = flexInt{}
		return nil
	}
	s = strings.Trim(s, `"`)
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return &flexError{msg: fmt.Sprintf("not an integer: %s", s)}
	}
	*f = flexInt{Value: n, Set: true}
	return nil
}

// flexBool is a boolean parameter sent as true/false or "true"/"false".
type flexBool bool

// UnmarshalJSON accepts true, "true", false, "false" and null.
func (f *flexBool) UnmarshalJSON(b []byte) error {
	switch strings.Trim(strings.TrimSpace(string(b)), `"`) {
	case "true", "1":
		*f = true
	case "false", "0", "null", "":
		*f = false
	default:
		return &flexError{msg: "not a boolean"}
	}
	return nil
}

// flexString is a string parameter that may arrive as a JSON number.
type flexString string

// UnmarshalJSON accepts "x", 12 and null.
func (f *flexString) UnmarshalJSON(b []byte) error {
	s := strings.TrimSpace(string(b))
	if s == "null" {
		*f = ""
		return nil
	}
	if strings.HasPrefix(s, `"`) {
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*f = flexString(v)
		return nil
	}
	*f = flexString(s)
	return nil
}

// flexError is a parameter value of the wrong shape; param names the
// parameter when the decoder knows it.
type flexError struct {
	param string
	msg   string
}

func (e *flexError) Error() string { return e.msg }
