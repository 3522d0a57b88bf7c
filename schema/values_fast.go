package schema

import (
	"bytes"
	"unicode/utf8"
)

// The readers below recognise the compact JSON kintone sends for user and
// choice values, so that the common case is converted without a reflective
// json.Unmarshal (every row of a scan passes through here). Anything they
// do not recognise (white space, escapes, other keys or orders) goes the
// slow, general way, which gives the same result.

// plainStringAt reads the JSON string starting at b[i] when it needs no
// unescaping (no escapes or control characters, valid UTF-8) and returns
// its text and the offset after its closing quote.
func plainStringAt(b []byte, i int) (text []byte, next int, ok bool) {
	if i >= len(b) || b[i] != '"' {
		return nil, 0, false
	}
	for j := i + 1; j < len(b); j++ {
		switch c := b[j]; {
		case c == '"':
			text = b[i+1 : j]
			return text, j + 1, utf8.Valid(text)
		case c == '\\' || c < 0x20:
			return nil, 0, false
		}
	}
	return nil, 0, false
}

// marshalsAsIs reports whether encoding/json (HTML escaping off) writes
// the plain string text unchanged: it always escapes U+2028 and U+2029.
func marshalsAsIs(text []byte) bool {
	return !bytes.Contains(text, []byte("\u2028")) && !bytes.Contains(text, []byte("\u2029"))
}

// fastCodeName reads a compact object whose members are only "code" and
// "name" with plain string values, in any order (a later duplicate wins,
// as with json.Unmarshal).
func fastCodeName(raw []byte) (code, name []byte, ok bool) {
	if len(raw) < 2 || raw[0] != '{' {
		return nil, nil, false
	}
	if raw[1] == '}' {
		return nil, nil, len(raw) == 2
	}
	i := 1
	for {
		key, j, ok := plainStringAt(raw, i)
		if !ok || j >= len(raw) || raw[j] != ':' {
			return nil, nil, false
		}
		val, k, ok := plainStringAt(raw, j+1)
		if !ok || k >= len(raw) {
			return nil, nil, false
		}
		switch string(key) {
		case "code":
			code = val
		case "name":
			name = val
		default:
			return nil, nil, false
		}
		switch raw[k] {
		case ',':
			i = k + 1
		case '}':
			return code, name, k+1 == len(raw)
		default:
			return nil, nil, false
		}
	}
}

// canonicalStrings reports whether raw is a non-empty compact JSON array
// of plain strings written exactly as marshalling them back would.
func canonicalStrings(raw []byte) bool {
	n := len(raw)
	if n < 4 || raw[0] != '[' || raw[n-1] != ']' {
		return false
	}
	for i := 1; ; {
		s, j, ok := plainStringAt(raw, i)
		if !ok || !marshalsAsIs(s) {
			return false
		}
		if i, ok = nextElement(raw, j); i < 0 {
			return ok
		}
	}
}

// canonicalCodeNames reports whether raw is a non-empty compact JSON array
// of {"code":"…","name":"…"} objects written exactly as marshalling them
// as []client.CodeName would ("name" left out when empty).
func canonicalCodeNames(raw []byte) bool {
	const codeKey, nameKey = `{"code":`, `,"name":`
	n := len(raw)
	if n < 4 || raw[0] != '[' || raw[n-1] != ']' {
		return false
	}
	for i := 1; ; {
		if !bytes.HasPrefix(raw[i:], []byte(codeKey)) {
			return false
		}
		code, j, ok := plainStringAt(raw, i+len(codeKey))
		if !ok || !marshalsAsIs(code) {
			return false
		}
		if bytes.HasPrefix(raw[j:], []byte(nameKey)) {
			name, k, ok := plainStringAt(raw, j+len(nameKey))
			if !ok || len(name) == 0 || !marshalsAsIs(name) {
				return false
			}
			j = k
		}
		if j >= n || raw[j] != '}' {
			return false
		}
		if i, ok = nextElement(raw, j+1); i < 0 {
			return ok
		}
	}
}

// nextElement looks at raw[j], just after an element of the array raw:
// the closing bracket ends the array (next -1, ok true), a comma gives
// the next element's offset, anything else is not a compact array (next
// -1, ok false).
func nextElement(raw []byte, j int) (next int, ok bool) {
	switch {
	case j == len(raw)-1:
		return -1, true
	case j < len(raw)-1 && raw[j] == ',':
		return j + 1, true
	}
	return -1, false
}
