package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"
)

// Error is an error answered by kintone (any non-2xx response). Use errors.As
// to get it from an error returned by a Client method.
type Error struct {
	// StatusCode is the HTTP status.
	StatusCode int
	// Code is kintone's error code (e.g. "GAIA_RE01"); "" when the body was
	// not a kintone JSON error (e.g. an HTML maintenance page).
	Code string
	// ID is kintone's error id, for support enquiries.
	ID string
	// Message is kintone's message, or a short text taken from a non-JSON body.
	Message string
	// Errors holds the per-parameter or per-field messages of validation
	// errors, keyed like "record.title.value".
	Errors map[string][]string
	// BulkIndex is the index of the failing sub-request of a bulkRequest, or -1.
	BulkIndex int
	// Method and Path identify the request (no query string).
	Method, Path string
}

// Error formats the status, code, message, id and field errors in a fixed order.
func (e *Error) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "kintone: %s %s: %d", e.Method, e.Path, e.StatusCode)
	if e.Code != "" {
		b.WriteString(" " + e.Code)
	}
	if e.BulkIndex >= 0 {
		fmt.Fprintf(&b, " (bulk request %d)", e.BulkIndex)
	}
	if e.Message != "" {
		b.WriteString(": " + e.Message)
	}
	b.WriteString(e.explanationText())
	if e.ID != "" {
		b.WriteString(" (id: " + e.ID + ")")
	}
	keys := make([]string, 0, len(e.Errors))
	for k := range e.Errors {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		if i == 0 {
			b.WriteString(" [")
		} else {
			b.WriteString("; ")
		}
		b.WriteString(k + ": " + strings.Join(e.Errors[k], " / "))
		if i == len(keys)-1 {
			b.WriteString("]")
		}
	}
	return b.String()
}

// errorBody is kintone's JSON error shape; bulkRequest failures put one per
// sub-request in Results.
type errorBody struct {
	Code    string                     `json:"code"`
	ID      string                     `json:"id"`
	Message string                     `json:"message"`
	Errors  map[string]json.RawMessage `json:"errors"`
	Results []json.RawMessage          `json:"results"`
}

// maxErrorMessage bounds the text taken from a non-JSON error body.
const maxErrorMessage = 200

// newError builds the *Error for a non-2xx response with the given body.
func newError(status int, method, path, contentType string, body []byte) *Error {
	e := &Error{StatusCode: status, BulkIndex: -1, Method: method, Path: path}
	var eb errorBody
	if json.Unmarshal(body, &eb) == nil && (eb.Code != "" || eb.Message != "" || eb.Results != nil) {
		if eb.Code == "" && eb.Results != nil {
			for i, r := range eb.Results {
				var sub errorBody
				if json.Unmarshal(r, &sub) == nil && (sub.Code != "" || sub.Message != "") {
					eb, e.BulkIndex = sub, i
					break
				}
			}
		}
		e.Code, e.ID, e.Message = eb.Code, eb.ID, eb.Message
		e.Errors = flattenFieldErrors(eb.Errors)
		if e.Code == "" && e.Message == "" {
			e.Message = statusText(status)
		}
		return e
	}
	e.Message = plainMessage(status, contentType, body)
	return e
}

// flattenFieldErrors turns {"key":{"messages":[...]}} into key → messages.
// A value that is not in that shape is kept as its raw text.
func flattenFieldErrors(raw map[string]json.RawMessage) map[string][]string {
	if len(raw) == 0 {
		return nil
	}
	out := make(map[string][]string, len(raw))
	for k, v := range raw {
		var m struct {
			Messages []string `json:"messages"`
		}
		if json.Unmarshal(v, &m) == nil && m.Messages != nil {
			out[k] = m.Messages
			continue
		}
		out[k] = []string{string(v)}
	}
	return out
}

// htmlTitle finds the <title> of an HTML page.
var htmlTitle = regexp.MustCompile(`(?is)<title[^>]*>\s*(.*?)\s*</title>`)

// plainMessage derives a short message from a non-JSON error body: the HTML
// title or status text for HTML, otherwise the first non-empty line.
func plainMessage(status int, contentType string, body []byte) string {
	trimmed := bytes.TrimSpace(body)
	if strings.Contains(strings.ToLower(contentType), "html") || bytes.HasPrefix(trimmed, []byte("<")) {
		if m := htmlTitle.FindSubmatch(trimmed); m != nil && len(m[1]) > 0 {
			return truncate(string(m[1]))
		}
		return statusText(status)
	}
	for _, line := range bytes.Split(trimmed, []byte("\n")) {
		if l := bytes.TrimSpace(line); len(l) > 0 {
			return truncate(string(l))
		}
	}
	return statusText(status)
}

// statusText is http.StatusText with a fallback for unknown codes.
func statusText(status int) string {
	if t := http.StatusText(status); t != "" {
		return t
	}
	return fmt.Sprintf("HTTP status %d", status)
}

// truncate cuts s to maxErrorMessage runes and drops invalid UTF-8.
func truncate(s string) string {
	s = strings.ToValidUTF8(s, "")
	if utf8.RuneCountInString(s) <= maxErrorMessage {
		return s
	}
	r := []rune(s)
	return string(r[:maxErrorMessage]) + "…"
}

// ErrProtocol marks a 2xx answer that lacks what the API promises (for
// example a records page without its records array): it is never taken as
// "no rows".
var ErrProtocol = errors.New("kintone: unexpected answer")
