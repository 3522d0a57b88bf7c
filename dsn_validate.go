package kintone

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Validate reports the first setting of c that the driver cannot use, naming
// its key. It does not read environment variables or files: after setting a
// KEnv or KFile field in code, call ResolveSecrets first. A trailing "/" on
// URL is accepted (ParseDSN drops it). API token shape and count, and Basic
// authentication pairing, are checked when the client is built.
func (c *Config) Validate() error {
	checks := []func() error{
		c.validateURL,
		c.validateAuth,
		c.validateScheme,
		c.validateNumbers,
		c.validateCert,
		c.validateProxy,
		c.validateLists,
		c.validateIgnored,
	}
	for _, check := range checks {
		if err := check(); err != nil {
			return err
		}
	}
	for _, s := range secretSpecs {
		if err := s.checkRefs(c); err != nil {
			return err
		}
	}
	return nil
}

// validateURL checks that URL is set and is a base URL.
func (c *Config) validateURL() error {
	if c.URL == "" {
		return errors.New("kintone: URL is required: the base URL of your kintone domain, e.g. URL=https://example.cybozu.com")
	}
	_, err := normalizeURL(c.URL)
	return err
}

// validateAuth checks AuthScheme and the credentials it needs.
func (c *Config) validateAuth() error {
	if strings.EqualFold(c.AuthScheme, "OAuth") {
		return errOAuth("AuthScheme=OAuth")
	}
	if _, ok := canonicalAuthScheme(c.AuthScheme); !ok {
		return invalidValue("AuthScheme", expectAuthScheme, c.AuthScheme, false)
	}
	switch c.EffectiveAuthScheme() {
	case AuthAPIToken:
		if len(c.APITokens) == 0 {
			return errors.New("kintone: AuthScheme=APIToken requires APIToken (or APITokenEnv / APITokenFile)")
		}
	default:
		switch {
		case c.User == "" && c.Password == "" && c.AuthScheme == "":
			return errors.New("kintone: no credentials: set User and Password (or PasswordEnv / PasswordFile), or APIToken with AppId")
		case c.User == "" && c.Password == "":
			return errors.New("kintone: AuthScheme=Password requires User and Password (or PasswordEnv / PasswordFile)")
		case c.User == "":
			return errors.New("kintone: AuthScheme=Password requires User")
		case c.Password == "":
			return errors.New("kintone: AuthScheme=Password requires Password (or PasswordEnv / PasswordFile)")
		}
	}
	return nil
}

// validateScheme checks Schema and that the User API gets password authentication.
func (c *Config) validateScheme() error {
	s, ok := canonicalSchema(c.Schema)
	if !ok {
		return invalidValue("Schema", expectSchema, c.Schema, false)
	}
	if s == SchemaCybozuUser && c.EffectiveAuthScheme() != AuthPassword {
		return errors.New("kintone: Schema=CybozuUser (the cybozu.com User API) requires AuthScheme=Password; it does not accept app API tokens")
	}
	return nil
}

// validateNumbers checks the ranges of the numeric settings.
func (c *Config) validateNumbers() error {
	switch {
	case c.Pagesize < 1 || c.Pagesize > MaxPagesize:
		return invalidValue("Pagesize", expectPagesize, strconv.Itoa(c.Pagesize), false)
	case c.MaxConcurrency < 1 || c.MaxConcurrency > MaxMaxConcurrency:
		return invalidValue("MaxConcurrency", expectMaxConcurrency, strconv.Itoa(c.MaxConcurrency), false)
	case c.Timeout < 0:
		return invalidValue("Timeout", expectTimeout, formatTimeout(c.Timeout), false)
	case c.MaxRows < -1:
		return invalidValue("MaxRows", expectMaxRows, strconv.FormatInt(c.MaxRows, 10), false)
	case c.MaxRowsInMemory < -1:
		return invalidValue("MaxRowsInMemory", expectMaxRows, strconv.FormatInt(c.MaxRowsInMemory, 10), false)
	case c.GuestSpaceID < 0:
		return invalidValue("GuestSpaceId", expectGuestSpaceID, strconv.FormatInt(c.GuestSpaceID, 10), false)
	case c.ProxyPort < 0 || c.ProxyPort > 65535:
		return invalidValue("ProxyPort", expectProxyPort, strconv.Itoa(c.ProxyPort), false)
	case c.SubtableSeparatorCharacter == "":
		return invalidValue("SubtableSeparatorCharacter", expectSeparator, "", false)
	}
	for _, id := range c.AppIDs {
		if id <= 0 {
			return invalidValue("AppId", expectAppID, strconv.FormatInt(id, 10), false)
		}
	}
	return nil
}

// validateCert checks the client certificate settings.
func (c *Config) validateCert() error {
	if c.SSLClientCertType != "" && !isSupportedCertType(strings.ToUpper(c.SSLClientCertType)) {
		return invalidValue("SSLClientCertType", expectCertType, c.SSLClientCertType, false)
	}
	if c.SSLClientCert != "" {
		return nil
	}
	for _, f := range []struct {
		name string
		set  bool
	}{
		{"SSLClientCertType", c.SSLClientCertType != ""},
		{"SSLClientCertPassword", c.SSLClientCertPassword != "" || c.SSLClientCertPasswordEnv != "" || c.SSLClientCertPasswordFile != ""},
		{"SSLClientCertSubject", c.SSLClientCertSubject != ""},
	} {
		if f.set {
			return fmt.Errorf("kintone: %s is set but SSLClientCert is not", f.name)
		}
	}
	return nil
}

// validateProxy checks the proxy settings.
func (c *Config) validateProxy() error {
	if c.ProxyServer == "" {
		for _, f := range []struct {
			name string
			set  bool
		}{
			{"ProxyPort", c.ProxyPort != 0},
			{"ProxyUser", c.ProxyUser != ""},
			{"ProxyPassword", c.ProxyPassword != "" || c.ProxyPasswordEnv != "" || c.ProxyPasswordFile != ""},
		} {
			if f.set {
				return fmt.Errorf("kintone: %s is set but ProxyServer is not", f.name)
			}
		}
		return nil
	}
	if strings.ContainsAny(c.ProxyServer, "/@[] ") {
		return invalidValue("ProxyServer", "must be a host name or IP address", c.ProxyServer, false)
	}
	if _, port, err := net.SplitHostPort(c.ProxyServer); err == nil {
		return fmt.Errorf("kintone: ProxyServer must be a host name or IP address, got %q; give the port as ProxyPort=%s", c.ProxyServer, port)
	}
	return nil
}

// validateLists checks that every list entry can be written in a DSN and read back.
func (c *Config) validateLists() error {
	lists := []struct {
		name   string
		values []string
		secret bool
	}{
		{"APIToken", c.APITokens, true},
		{"CheckForSubtablesIn", c.CheckForSubtablesIn, false},
		{"Tables", c.Tables, false},
	}
	for _, l := range lists {
		for i, v := range l.values {
			if v == "" || strings.Contains(v, ",") || strings.TrimSpace(v) != v {
				return invalidValue(l.name, fmt.Sprintf("entry %d must be non-empty, without commas or surrounding spaces", i+1), v, l.secret)
			}
		}
	}
	return nil
}

// validateIgnored checks that Ignored holds only known CData properties.
func (c *Config) validateIgnored() error {
	for k, v := range c.Ignored {
		if ignoredIndex[asciiLower(k)] != k {
			return fmt.Errorf("kintone: Ignored holds %q, which is not an ignored CData property", k)
		}
		if k == "InitiateOAuth" && v != "" && !strings.EqualFold(v, "OFF") {
			return errOAuth("InitiateOAuth")
		}
	}
	return nil
}

// appPagePath matches the path of a kintone app page (/k/12/ or /k/guest/5/12/),
// which users sometimes paste as URL.
var appPagePath = regexp.MustCompile(`^/k/(?:guest/(\d+)/)?(\d+)(?:/|$)`)

// normalizeURL checks that raw is an absolute http(s) base URL and returns it
// as scheme://host (dropping a trailing "/"). Errors explain how to fix a URL
// copied from the browser.
func normalizeURL(raw string) (string, error) {
	shown := redactURL(raw)
	u, err := url.Parse(raw)
	if err != nil || u.Opaque != "" || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		if !strings.Contains(raw, "://") && err == nil && !strings.ContainsAny(raw, "/@") {
			return "", fmt.Errorf("kintone: URL must be an absolute http or https URL, got %q (did you mean URL=https://%s?)", shown, raw)
		}
		return "", fmt.Errorf("kintone: URL must be an absolute http or https URL such as https://example.cybozu.com, got %q", shown)
	}
	if u.User != nil {
		return "", errors.New("kintone: URL must not contain a user name or password; use User and Password (or BasicAuthUser and BasicAuthPassword)")
	}
	base := (&url.URL{Scheme: u.Scheme, Host: u.Host}).String() // re-escapes the host, so base parses back to itself
	if u.Path != "" && u.Path != "/" {
		if m := appPagePath.FindStringSubmatch(u.Path); m != nil {
			hint := "URL=" + base
			if m[1] != "" {
				hint += ";GuestSpaceId=" + m[1]
			}
			return "", fmt.Errorf("kintone: URL must be the base URL of the domain, not an app page (%q); use %s;AppId=%s", u.EscapedPath(), hint, m[2])
		}
		return "", fmt.Errorf("kintone: URL must be the base URL of the domain without a path, got path %q; use URL=%s", u.EscapedPath(), base)
	}
	if u.RawQuery != "" || u.ForceQuery || u.Fragment != "" {
		return "", fmt.Errorf("kintone: URL must be the base URL of the domain without a query or fragment; use URL=%s", base)
	}
	return base, nil
}
