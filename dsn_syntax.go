package kintone

import (
	"fmt"
	"strings"
	"unicode"
)

// jdbcPrefix starts a CData JDBC URL; ParseDSN accepts and drops it.
const jdbcPrefix = "jdbc:kintone:"

// dsnPair is one Key=Value segment of a connection string, trimmed and unquoted.
type dsnPair struct {
	key, value string
}

// splitDSN cuts a connection string into its Key=Value pairs. Error messages
// quote keys only: a value may be a secret.
func splitDSN(dsn string) ([]dsnPair, error) {
	rest := strings.TrimLeftFunc(dsn, unicode.IsSpace)
	if len(rest) >= len(jdbcPrefix) && strings.EqualFold(rest[:len(jdbcPrefix)], jdbcPrefix) {
		rest = rest[len(jdbcPrefix):]
	}
	var pairs []dsnPair
	for n := 1; rest != ""; n++ {
		i := strings.IndexAny(rest, "=;")
		if i < 0 || rest[i] == ';' {
			segment := rest
			if i < 0 {
				rest = ""
			} else {
				segment, rest = rest[:i], rest[i+1:]
			}
			if strings.TrimSpace(segment) != "" {
				hint := ""
				if strings.Contains(segment, "://") {
					hint = "; to give the kintone URL write URL=https://example.cybozu.com"
				}
				return nil, fmt.Errorf("kintone: DSN segment %d is not Key=Value (no \"=\")%s", n, hint)
			}
			continue
		}
		key := strings.TrimSpace(rest[:i])
		if key == "" {
			return nil, fmt.Errorf("kintone: DSN segment %d has a value but no key", n)
		}
		value, tail, err := cutValue(key, rest[i+1:])
		if err != nil {
			return nil, err
		}
		pairs = append(pairs, dsnPair{key, value})
		rest = tail
	}
	return pairs, nil
}

// cutValue reads the value that starts s, up to and including the ";" that
// ends it, and returns the value and the text after it.
func cutValue(key, s string) (value, tail string, err error) {
	t := strings.TrimLeftFunc(s, unicode.IsSpace)
	if t == "" || (t[0] != '"' && t[0] != '\'') {
		value, tail, _ = strings.Cut(s, ";")
		return strings.TrimSpace(value), tail, nil
	}
	q := t[0]
	var b strings.Builder
	for i := 1; i < len(t); i++ {
		if t[i] != q {
			b.WriteByte(t[i])
			continue
		}
		if i+1 < len(t) && t[i+1] == q { // a doubled quote stands for itself
			b.WriteByte(q)
			i++
			continue
		}
		after := strings.TrimLeftFunc(t[i+1:], unicode.IsSpace)
		if after != "" && after[0] != ';' {
			return "", "", fmt.Errorf("kintone: unexpected text after the closing quote of %s (write a quote inside a quoted value twice)", key)
		}
		return b.String(), strings.TrimPrefix(after, ";"), nil
	}
	return "", "", fmt.Errorf("kintone: the value of %s has no closing %c", key, q)
}

// quoteValue returns v as FormatDSN writes it: unchanged, or in double quotes
// (with inner double quotes doubled) when it holds ";", a quote, or leading
// or trailing white space.
func quoteValue(v string) string {
	if !strings.ContainsAny(v, `;"'`) && strings.TrimSpace(v) == v {
		return v
	}
	return `"` + strings.ReplaceAll(v, `"`, `""`) + `"`
}

// asciiLower lower-cases the ASCII letters of s; keys compare with it so that
// no Unicode case folding can make an odd key match a real one.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}
