package kintonetest

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
)

// apiError is a kintone error response: an HTTP status and the JSON body
// {"code","id","message","errors"}.
type apiError struct {
	Status int
	Code   string
	// Ja and En are the message in Japanese and English; the response uses
	// the caller's language.
	Ja, En string
	// Fields holds validation errors: key (e.g. "record.name.value") →
	// messages. Nil when the error has no "errors" object.
	Fields map[string][]string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d %s: %s", e.Status, e.Code, e.En)
}

// newError returns an apiError with the same message in both languages
// when ja is empty.
func newError(status int, code, ja, en string) *apiError {
	if ja == "" {
		ja = en
	}
	return &apiError{Status: status, Code: code, Ja: ja, En: en}
}

// errValidation is kintone's 400 CB_VA01 with field errors.
func errValidation(fields map[string][]string) *apiError {
	e := newError(http.StatusBadRequest, "CB_VA01", "入力内容が正しくありません。", "Missing or invalid input.")
	e.Fields = fields
	return e
}

// errField is a CB_VA01 with a single field error.
func errField(key, message string) *apiError {
	return errValidation(map[string][]string{key: {message}})
}

// errRequired is a CB_VA01 for a missing request parameter.
func errRequired(param string) *apiError {
	return errField(param, msgRequired)
}

// fieldErrs collects validation messages by error key (such as
// "record.name.value" or "users[2].code"), so that a whole request is
// checked before anything changes.
type fieldErrs map[string][]string

// add appends msg under key, once.
func (e fieldErrs) add(key, msg string) {
	if !slices.Contains(e[key], msg) {
		e[key] = append(e[key], msg)
	}
}

// err returns the collected messages as one CB_VA01, or nil.
func (e fieldErrs) err() *apiError {
	if len(e) == 0 {
		return nil
	}
	return errValidation(e)
}

// msgRequiredParam is kintone's message for a missing request parameter,
// in the caller's language (kintone-api.md §7).
func (c *call) msgRequiredParam() string { return c.text(msgRequired, "Required field.") }

// requireSet adds the missing-parameter message for each of params that
// the request left out.
func (c *call) requireSet(errs fieldErrs, params map[string]flexInt) {
	for key, v := range params {
		if !v.Set {
			errs.add(key, c.msgRequiredParam())
		}
	}
}

// msgNotInEnum is kintone's CB_VA01 message for a value outside an enum
// (observed for a bad `order`, kintone-api.md §3), in the caller's
// language.
func (c *call) msgNotInEnum() string {
	return c.text(msgEnum, "must be one of the enum value")
}

// errNoPrivilege is kintone's 403 CB_NO02.
func errNoPrivilege() *apiError {
	return newError(http.StatusForbidden, "CB_NO02", "権限がありません。", "No privilege to proceed.")
}

// errAppNotFound is 404 GAIA_AP01.
func errAppNotFound(id int64) *apiError {
	return newError(http.StatusNotFound, "GAIA_AP01",
		fmt.Sprintf("指定したアプリ（id: %d）が見つかりません。削除されている可能性があります。", id),
		fmt.Sprintf("The app (ID: %d) not found. The app may have been deleted.", id))
}

// errRecordNotFound is 404 GAIA_RE01.
func errRecordNotFound(id int64) *apiError {
	return newError(http.StatusNotFound, "GAIA_RE01",
		fmt.Sprintf("指定したレコード（id: %d）が見つかりません。", id),
		fmt.Sprintf("The specified record (ID: %d) is not found.", id))
}

// errConflict is 409 GAIA_CO02, a record revision mismatch.
func errConflict() *apiError {
	return newError(http.StatusConflict, "GAIA_CO02",
		"指定したrevisionは最新ではありません。ほかのユーザーがレコードを更新した可能性があります。",
		"The revision is not the latest. Someone may update a record.")
}

// errorBody is the JSON shape of an error response.
type errorBody struct {
	Code    string                     `json:"code"`
	ID      string                     `json:"id"`
	Message string                     `json:"message"`
	Errors  map[string]errorFieldEntry `json:"errors,omitempty"`
}

type errorFieldEntry struct {
	Messages []string `json:"messages"`
}

// body renders the error in the language lang ("ja" or "en").
func (e *apiError) body(lang string) errorBody {
	b := errorBody{Code: e.Code, ID: errorID(), Message: e.Ja}
	if lang == "en" {
		b.Message = e.En
	}
	if len(e.Fields) > 0 {
		b.Errors = make(map[string]errorFieldEntry, len(e.Fields))
		keys := make([]string, 0, len(e.Fields))
		for k := range e.Fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b.Errors[k] = errorFieldEntry{Messages: e.Fields[k]}
		}
	}
	return b
}

// writeError sends e as kintone does, with the X-Cybozu-Error header.
func writeError(w http.ResponseWriter, e *apiError, lang string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("X-Cybozu-Error", e.Code)
	w.WriteHeader(e.Status)
	_ = json.NewEncoder(w).Encode(e.body(lang))
}

// errorID returns a random id like kintone's 20-character error ids.
func errorID() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var b [20]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:])
}
