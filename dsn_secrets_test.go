package kintone

import (
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestDSNSecretsFromEnvironment(t *testing.T) {
	t.Setenv("KT_PW", "env-password")
	t.Setenv("KT_TOKENS", "tokA,tokB")
	t.Setenv("KT_BASIC", "env-basic")
	t.Setenv("KT_CERT", "env-cert")
	t.Setenv("KT_PROXY", "env-proxy")
	dsn := "URL=https://example.cybozu.com;User=alice;PasswordEnv=KT_PW;APITokenEnv=KT_TOKENS;" +
		"BasicAuthUser=b;BasicAuthPasswordEnv=KT_BASIC;SSLClientCert=/c.pfx;SSLClientCertPasswordEnv=KT_CERT;" +
		"ProxyServer=p;ProxyUser=pu;ProxyPasswordEnv=KT_PROXY"
	c := mustParse(t, dsn)
	if c.Password != "env-password" || !reflect.DeepEqual(c.APITokens, []string{"tokA", "tokB"}) ||
		c.BasicAuthPassword != "env-basic" || c.SSLClientCertPassword != "env-cert" || c.ProxyPassword != "env-proxy" {
		t.Fatal("secrets were not read from the environment")
	}
	if c.PasswordEnv != "KT_PW" || c.APITokenEnv != "KT_TOKENS" {
		t.Fatalf("references not kept: PasswordEnv=%q APITokenEnv=%q", c.PasswordEnv, c.APITokenEnv)
	}
	formatted := c.FormatDSN()
	for _, secret := range []string{"env-password", "tokA", "env-basic", "env-cert", "env-proxy"} {
		if strings.Contains(formatted, secret) {
			t.Errorf("FormatDSN() wrote the secret %q instead of its reference: %s", secret, formatted)
		}
	}
	for _, ref := range []string{"PasswordEnv=KT_PW;", "APITokenEnv=KT_TOKENS;", "BasicAuthPasswordEnv=KT_BASIC;"} {
		if !strings.Contains(formatted, ref) {
			t.Errorf("FormatDSN() lacks %q: %s", ref, formatted)
		}
	}
	if d := fieldDiff(mustParse(t, formatted), c); d != nil {
		t.Fatalf("round trip changed %v", d)
	}
	if c.AuthScheme != AuthPassword {
		t.Fatalf("AuthScheme = %q", c.AuthScheme)
	}
	// Tokens from the environment alone infer APIToken authentication.
	if c := mustParse(t, "URL=https://example.cybozu.com;APITokenEnv=KT_TOKENS"); c.AuthScheme != AuthAPIToken {
		t.Fatalf("AuthScheme = %q, want APIToken", c.AuthScheme)
	}
}

func TestDSNSecretsInjectedLookup(t *testing.T) {
	old := lookupEnv
	t.Cleanup(func() { lookupEnv = old })
	lookupEnv = func(name string) (string, bool) {
		v, ok := map[string]string{"PW": "from-fake"}[name]
		return v, ok
	}
	if c := mustParse(t, "URL=https://example.cybozu.com;User=u;PasswordEnv=PW"); c.Password != "from-fake" {
		t.Fatal("lookupEnv was not used")
	}
}

func TestDSNSecretsFromFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	pw := write("pw", "file-password\r\n")
	tokens := write("tokens", "tokA, tokB\n")
	c := mustParse(t, fmt.Sprintf("URL=https://example.cybozu.com;User=u;PasswordFile=%q;APITokenFile=%s", pw, tokens))
	if c.Password != "file-password" || !reflect.DeepEqual(c.APITokens, []string{"tokA", "tokB"}) {
		t.Fatal("secrets were not read from files (or the trailing newline was kept)")
	}
	if c.PasswordFile != pw {
		t.Fatalf("PasswordFile = %q", c.PasswordFile)
	}
	formatted := c.FormatDSN()
	if strings.Contains(formatted, "file-password") || !strings.Contains(formatted, "PasswordFile=") {
		t.Fatalf("FormatDSN() = %s", formatted)
	}
	if d := fieldDiff(mustParse(t, formatted), c); d != nil {
		t.Fatalf("round trip changed %v", d)
	}
	// A Config built in code resolves its references on request.
	code := baseConfig()
	code.Password, code.PasswordFile = "", pw
	if err := code.ResolveSecrets(); err != nil || code.Password != "file-password" {
		t.Fatalf("ResolveSecrets: %v", err)
	}
}

func TestDSNSecretErrors(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty")
	if err := os.WriteFile(empty, []byte("\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("KT_SET", "s3cr3t-value")
	t.Setenv("KT_EMPTY", "")
	missing := filepath.Join(dir, "nope")
	tests := []struct{ dsn, wantErr string }{
		{"Password=s3cr3t-value;PasswordEnv=KT_SET", "give either Password or PasswordEnv, not both"},
		{"Password=s3cr3t-value;PasswordFile=" + empty, "give either Password or PasswordFile, not both"},
		{"PasswordEnv=KT_SET;PasswordFile=" + empty, "give either PasswordEnv or PasswordFile, not both"},
		{"PasswordEnv=KT_NOT_SET_ANYWHERE", `PasswordEnv: environment variable "KT_NOT_SET_ANYWHERE" is not set`},
		{"PasswordEnv=KT_EMPTY", `PasswordEnv: environment variable "KT_EMPTY" is empty`},
		{"PasswordFile=" + missing, "PasswordFile: open " + missing},
		{"PasswordFile=" + empty, fmt.Sprintf("PasswordFile: file %q is empty", empty)},
		{"APIToken=s3cr3t-value;APITokenEnv=KT_SET", "give either APIToken or APITokenEnv, not both"},
		{"ProxyServer=p;ProxyPasswordFile=" + missing, "ProxyPasswordFile: open " + missing},
		{"BasicAuthPasswordEnv=KT_NOPE", `BasicAuthPasswordEnv: environment variable "KT_NOPE" is not set`},
		{"SSLClientCert=/c.pfx;SSLClientCertPasswordEnv=KT_NOPE", `SSLClientCertPasswordEnv: environment variable "KT_NOPE"`},
		{"Password=p;ProxyPasswordEnv=KT_SET", "ProxyPassword is set but ProxyServer is not"},
	}
	for _, tt := range tests {
		_, err := ParseDSN("URL=https://example.cybozu.com;User=u;" + tt.dsn)
		if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
			t.Errorf("ParseDSN(%q) error = %v, want %q", tt.dsn, err, tt.wantErr)
			continue
		}
		if strings.Contains(err.Error(), "s3cr3t") {
			t.Errorf("ParseDSN(%q) error shows the secret: %v", tt.dsn, err)
		}
	}
}

// secretConfig holds a distinct secret in every place String must hide.
func secretConfig(t *testing.T) (*Config, []string) {
	t.Helper()
	c := mustParse(t, "URL=https://example.cybozu.com;User=alice;Password='pw;Secret1';APIToken=TokSecret2,TokSecret3;"+
		"BasicAuthUser=b;BasicAuthPassword=BasicSecret4;ProxyServer=p;ProxyUser=pu;ProxyPassword=ProxySecret5;"+
		"SSLClientCert='-----BEGIN PRIVATE KEY-----\nKeySecret6\n-----END PRIVATE KEY-----';SSLClientCertPassword=CertSecret7;"+
		"RTK=LicenseSecret8;FirewallPassword=FwSecret9;Verbosity=2")
	return c, []string{"Secret1", "TokSecret2", "TokSecret3", "BasicSecret4", "ProxySecret5", "KeySecret6", "CertSecret7", "LicenseSecret8", "FwSecret9"}
}

func TestConfigStringRedactsSecrets(t *testing.T) {
	c, secrets := secretConfig(t)
	outputs := map[string]string{
		"String()":   c.String(),
		"%v ptr":     fmt.Sprintf("%v", c),
		"%v value":   fmt.Sprintf("%v", *c),
		"%s":         fmt.Sprintf("%s", c),
		"%q":         fmt.Sprintf("%q", c),
		"%+v ptr":    fmt.Sprintf("%+v", c),
		"%+v value":  fmt.Sprintf("%+v", *c),
		"%#v ptr":    fmt.Sprintf("%#v", c),
		"%#v value":  fmt.Sprintf("%#v", *c),
		"Sprint":     fmt.Sprint(c),
		"Sprintln":   fmt.Sprintln(*c),
		"in a slice": fmt.Sprintf("%+v", []*Config{c}),
	}
	for name, out := range outputs {
		for _, s := range secrets {
			if strings.Contains(out, s) {
				t.Errorf("%s shows secret %q: %s", name, s, out)
			}
		}
		if !strings.Contains(out, "***") || !strings.Contains(out, "alice") {
			t.Errorf("%s should show redacted secrets and the user name: %s", name, out)
		}
	}
	if !strings.HasPrefix(outputs["%#v value"], "kintone.Config{URL:") || !strings.Contains(outputs["%+v value"], "Pagesize:500") {
		t.Errorf("field listings look wrong:\n%s\n%s", outputs["%#v value"], outputs["%+v value"])
	}
	if !strings.Contains(c.String(), "APIToken=***,***;") || !strings.Contains(c.String(), "Verbosity=2;") {
		t.Errorf("String() = %s", c.String())
	}
	// The original is untouched.
	if c.Password != "pw;Secret1" || c.APITokens[0] != "TokSecret2" || c.Ignored["RTK"] != "LicenseSecret8" {
		t.Fatal("String() changed the config")
	}
	// A URL carrying a password (refused by Validate, possible in code) is hidden too.
	code := NewConfig()
	code.URL = "https://bob:UrlSecret@example.cybozu.com"
	if s := fmt.Sprintf("%v %+v", code, code); strings.Contains(s, "UrlSecret") {
		t.Errorf("URL password shown: %s", s)
	}
}
