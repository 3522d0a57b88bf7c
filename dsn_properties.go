package kintone

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/kintone-sql/kintone/engine"
)

// property is one DSN key: how ParseDSN reads its value into a Config and how
// FormatDSN writes it back.
type property struct {
	// name is the canonical spelling (CData's), used by FormatDSN and in errors.
	name string
	// secret marks values that must never be printed.
	secret bool
	// parse stores v (non-empty, trimmed and unquoted) in c, checking its syntax.
	parse func(c *Config, v string) error
	// format returns the value to write and false when c holds the default.
	format func(c *Config) (string, bool)
}

// What a valid value looks like, completing "<Key> must ...". ParseDSN (for
// syntax) and Validate (for ranges) share them so a key has one message.
const (
	expectBool     = "must be true or false (or yes/no, 1/0)"
	expectPagesize = "must be an integer from 1 to 500"
	// expectMaxConcurrency: kintone allows 100 concurrent requests per domain.
	expectMaxConcurrency = "must be an integer from 1 to 100"
	expectTimeout        = "must be a number of seconds, or a duration such as 90s, and not negative"
	expectMaxRows        = "must be -1 (no limit) or a positive integer"
	expectGuestSpaceID   = "must be a guest space ID (a positive integer)"
	expectAppID          = "must be a comma-separated list of app IDs (positive integers)"
	expectProxyPort      = "must be a port number from 1 to 65535"
	expectAuthScheme     = "must be Password or APIToken"
	expectSchema         = "must be Kintone or CybozuUser (REST and USER are accepted too)"
	expectCertType       = "must be PEMKEY_FILE, PEMKEY_BLOB, PFXFILE or PFXBLOB (other CData certificate stores are not supported)"
	expectSeparator      = "must not be empty"
)

// invalidValue reports a bad value of the named key; the value itself is
// shown unless the key is a secret.
func invalidValue(name, expect, got string, secret bool) error {
	if secret {
		return fmt.Errorf("kintone: %s %s", name, expect)
	}
	return fmt.Errorf("kintone: %s %s, got %q", name, expect, got)
}

// properties lists every DSN key the driver applies, in no particular order.
var properties = buildProperties()

// propertyIndex finds a property by its ASCII-lower-cased name.
var propertyIndex = indexNames(properties, func(p property) string { return p.name })

// buildProperties returns the table of DSN keys.
func buildProperties() []property {
	ps := []property{
		{name: "URL", parse: func(c *Config, v string) (err error) {
			c.URL, err = normalizeURL(v)
			return err
		}, format: stringFormat(func(c *Config) *string { return &c.URL }, "")},
		{name: "AuthScheme", parse: parseAuthScheme, format: formatAuthScheme},
		stringProp("User", func(c *Config) *string { return &c.User }, ""),
		intListProp("AppId", func(c *Config) *[]int64 { return &c.AppIDs }),
		intProp("GuestSpaceId", expectGuestSpaceID, func(c *Config) *int64 { return &c.GuestSpaceID }, 0),
		{name: "Schema", parse: parseSchema, format: func(c *Config) (string, bool) {
			s, _ := canonicalSchema(c.Schema) // an invalid value comes back as is
			return s, s != SchemaKintone
		}},
		stringProp("BasicAuthUser", func(c *Config) *string { return &c.BasicAuthUser }, ""),
		stringProp("SSLClientCert", func(c *Config) *string { return &c.SSLClientCert }, ""),
		{name: "SSLClientCertType", parse: func(c *Config, v string) error {
			c.SSLClientCertType = strings.ToUpper(v)
			if !isSupportedCertType(c.SSLClientCertType) {
				return invalidValue("SSLClientCertType", expectCertType, v, false)
			}
			return nil
		}, format: stringFormat(func(c *Config) *string { return &c.SSLClientCertType }, "")},
		stringProp("SSLClientCertSubject", func(c *Config) *string { return &c.SSLClientCertSubject }, ""),
		stringProp("SSLServerCert", func(c *Config) *string { return &c.SSLServerCert }, ""),
		stringProp("ProxyServer", func(c *Config) *string { return &c.ProxyServer }, ""),
		intProp("ProxyPort", expectProxyPort, func(c *Config) *int { return &c.ProxyPort }, 0),
		stringProp("ProxyUser", func(c *Config) *string { return &c.ProxyUser }, ""),
		{name: "Timeout", parse: parseTimeout, format: func(c *Config) (string, bool) {
			return formatTimeout(c.Timeout), c.Timeout != DefaultTimeout
		}},
		intProp("Pagesize", expectPagesize, func(c *Config) *int { return &c.Pagesize }, MaxPagesize),
		intProp("MaxConcurrency", expectMaxConcurrency, func(c *Config) *int { return &c.MaxConcurrency }, DefaultMaxConcurrency),
		boolProp("UseCursor", func(c *Config) *bool { return &c.UseCursor }, true),
		boolProp("TrustAssumedPushdown", func(c *Config) *bool { return &c.TrustAssumedPushdown }, false),
		boolProp("UseCodeForFieldName", func(c *Config) *bool { return &c.UseCodeForFieldName }, false),
		stringProp("SubtableSeparatorCharacter", func(c *Config) *string { return &c.SubtableSeparatorCharacter }, DefaultSubtableSeparator),
		{name: "CheckForSubtablesIn", parse: func(c *Config, v string) error {
			c.CheckForSubtablesIn = splitList(v)
			if containsAll(c.CheckForSubtablesIn) {
				c.CheckForSubtablesIn = nil
			}
			return nil
		}, format: listFormat(func(c *Config) *[]string { return &c.CheckForSubtablesIn })},
		{name: "Tables", parse: func(c *Config, v string) error {
			c.Tables = splitList(v)
			return nil
		}, format: listFormat(func(c *Config) *[]string { return &c.Tables })},
		boolProp("NumberMapToDouble", func(c *Config) *bool { return &c.NumberMapToDouble }, false),
		rowLimitProp("MaxRows", func(c *Config) *int64 { return &c.MaxRows }, -1),
		rowLimitProp("MaxRowsInMemory", func(c *Config) *int64 { return &c.MaxRowsInMemory }, engine.DefaultMaxRowsInMemory),
		boolProp("StrictLastInsertId", func(c *Config) *bool { return &c.StrictLastInsertId }, false),
	}
	for _, s := range secretSpecs {
		ps = append(ps, secretProp(s),
			stringProp(s.name+"Env", s.env, ""),
			stringProp(s.name+"File", s.file, ""))
	}
	return ps
}

// rowLimitProp is a row count limit: -1 (no limit) or a positive integer;
// 0 is read as -1, as some CData users write 0 for "no limit".
func rowLimitProp(name string, field func(*Config) *int64, def int64) property {
	return property{
		name: name,
		parse: func(c *Config, v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || n < -1 {
				return invalidValue(name, expectMaxRows, v, false)
			}
			if n == 0 {
				n = -1
			}
			*field(c) = n
			return nil
		},
		format: func(c *Config) (string, bool) {
			return strconv.FormatInt(*field(c), 10), *field(c) != def
		},
	}
}

// stringProp is a property held in a string field with the given default.
func stringProp(name string, field func(*Config) *string, def string) property {
	return property{
		name:   name,
		parse:  func(c *Config, v string) error { *field(c) = v; return nil },
		format: stringFormat(field, def),
	}
}

// stringFormat writes a string field unless it holds def.
func stringFormat(field func(*Config) *string, def string) func(*Config) (string, bool) {
	return func(c *Config) (string, bool) {
		v := *field(c)
		return v, v != def
	}
}

// boolProp is a property held in a bool field with the given default.
func boolProp(name string, field func(*Config) *bool, def bool) property {
	return property{
		name: name,
		parse: func(c *Config, v string) error {
			b, ok := parseBool(v)
			if !ok {
				return invalidValue(name, expectBool, v, false)
			}
			*field(c) = b
			return nil
		},
		format: func(c *Config) (string, bool) {
			return strconv.FormatBool(*field(c)), *field(c) != def
		},
	}
}

// intProp is a property held in an integer field with the given default;
// its range is checked by Validate.
func intProp[T int | int64](name, expect string, field func(*Config) *T, def T) property {
	return property{
		name: name,
		parse: func(c *Config, v string) error {
			n, err := strconv.ParseInt(v, 10, 64)
			if err != nil || int64(T(n)) != n {
				return invalidValue(name, expect, v, false)
			}
			*field(c) = T(n)
			return nil
		},
		format: func(c *Config) (string, bool) {
			return strconv.FormatInt(int64(*field(c)), 10), *field(c) != def
		},
	}
}

// intListProp is a comma-separated list of positive integers.
func intListProp(name string, field func(*Config) *[]int64) property {
	return property{
		name: name,
		parse: func(c *Config, v string) error {
			var ids []int64
			for _, s := range splitList(v) {
				n, err := strconv.ParseInt(s, 10, 64)
				if err != nil || n <= 0 {
					return invalidValue(name, expectAppID, v, false)
				}
				ids = append(ids, n)
			}
			*field(c) = ids
			return nil
		},
		format: func(c *Config) (string, bool) {
			ids := *field(c)
			s := make([]string, len(ids))
			for i, n := range ids {
				s[i] = strconv.FormatInt(n, 10)
			}
			return strings.Join(s, ","), len(ids) > 0
		},
	}
}

// listFormat writes a list field comma-separated unless it is empty.
func listFormat(field func(*Config) *[]string) func(*Config) (string, bool) {
	return func(c *Config) (string, bool) {
		return strings.Join(*field(c), ","), len(*field(c)) > 0
	}
}

// splitList splits a comma-separated value, trimming entries and dropping
// empty ones; it returns nil when nothing is left.
func splitList(v string) []string {
	var out []string
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// containsAll reports whether a CheckForSubtablesIn list holds "*".
func containsAll(list []string) bool {
	for _, s := range list {
		if s == "*" {
			return true
		}
	}
	return false
}

// parseBool reads the boolean spellings CData users write.
func parseBool(v string) (value, ok bool) {
	switch asciiLower(v) {
	case "true", "yes", "1":
		return true, true
	case "false", "no", "0":
		return false, true
	}
	return false, false
}

// parseTimeout reads whole seconds (CData's unit) or a Go duration.
func parseTimeout(c *Config, v string) error {
	if n, err := strconv.ParseInt(v, 10, 64); err == nil {
		if n < 0 || n > math.MaxInt64/int64(time.Second) {
			return invalidValue("Timeout", expectTimeout, v, false)
		}
		c.Timeout = time.Duration(n) * time.Second
		return nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return invalidValue("Timeout", expectTimeout, v, false)
	}
	c.Timeout = d
	return nil
}

// formatTimeout writes whole seconds as a plain number, anything else as a Go duration.
func formatTimeout(d time.Duration) string {
	if d%time.Second == 0 {
		return strconv.FormatInt(int64(d/time.Second), 10)
	}
	return d.String()
}

// parseAuthScheme reads AuthScheme, refusing OAuth with a clear message.
func parseAuthScheme(c *Config, v string) error {
	if strings.EqualFold(v, "OAuth") {
		return errOAuth("AuthScheme=OAuth")
	}
	s, ok := canonicalAuthScheme(v)
	if !ok {
		return invalidValue("AuthScheme", expectAuthScheme, v, false)
	}
	c.AuthScheme = s
	return nil
}

// formatAuthScheme writes AuthScheme only when ParseDSN would not infer it.
func formatAuthScheme(c *Config) (string, bool) {
	if c.AuthScheme == "" {
		return "", false
	}
	s, ok := canonicalAuthScheme(c.AuthScheme)
	if !ok {
		return c.AuthScheme, true
	}
	return s, s != c.inferredAuthScheme()
}

// canonicalAuthScheme returns the canonical spelling of an AuthScheme value
// ("" stays ""), and false when it is not one.
func canonicalAuthScheme(v string) (string, bool) {
	switch asciiLower(v) {
	case "":
		return "", true
	case "password":
		return AuthPassword, true
	case "apitoken":
		return AuthAPIToken, true
	}
	return v, false
}

// parseSchema reads Schema, accepting CData 24.0's REST and USER.
func parseSchema(c *Config, v string) error {
	s, ok := canonicalSchema(v)
	if !ok {
		return invalidValue("Schema", expectSchema, v, false)
	}
	c.Schema = s
	return nil
}

// canonicalSchema returns the canonical spelling of a Schema value ("" means
// SchemaKintone), and false when it is not one.
func canonicalSchema(v string) (string, bool) {
	switch asciiLower(v) {
	case "", "kintone", "rest":
		return SchemaKintone, true
	case "cybozuuser", "user":
		return SchemaCybozuUser, true
	}
	return v, false
}

// isSupportedCertType reports whether t is a certificate type this driver loads.
func isSupportedCertType(t string) bool {
	switch t {
	case CertPEMKeyFile, CertPEMKeyBlob, CertPFXFile, CertPFXBlob:
		return true
	}
	return false
}

// setProperty applies one Key=Value pair of a DSN to c; seen records the keys
// already given, to refuse duplicates.
func (c *Config) setProperty(key, value string, seen map[string]bool) error {
	lower := asciiLower(key)
	name := key
	if p, ok := propertyIndex[lower]; ok {
		name = p.name
	} else if n, ok := ignoredIndex[lower]; ok {
		name = n
	}
	if seen[lower] {
		return fmt.Errorf("kintone: property %s is given more than once", name)
	}
	seen[lower] = true
	if p, ok := propertyIndex[lower]; ok {
		if value == "" {
			return nil // an empty value means the default
		}
		return p.parse(c, value)
	}
	if _, ok := ignoredIndex[lower]; ok {
		if name == "InitiateOAuth" && value != "" && !strings.EqualFold(value, "OFF") {
			return errOAuth("InitiateOAuth")
		}
		if c.Ignored == nil {
			c.Ignored = make(map[string]string)
		}
		c.Ignored[name] = value
		return nil
	}
	if n, ok := oauthIndex[lower]; ok {
		return errOAuth(n)
	}
	if s := suggestKey(key); s != "" {
		return fmt.Errorf("kintone: unknown property %q (did you mean %q?)", key, s)
	}
	return fmt.Errorf("kintone: unknown property %q", key)
}

// indexNames maps the ASCII-lower-cased name of each item to the item.
func indexNames[T any](items []T, name func(T) string) map[string]T {
	m := make(map[string]T, len(items))
	for _, it := range items {
		m[asciiLower(name(it))] = it
	}
	return m
}
