package kintone

import (
	"fmt"
	"io"
	"net/url"
	"os"
	"reflect"
	"strconv"
	"strings"
)

// lookupEnv reads the environment variables named by KEnv keys; tests replace it.
var lookupEnv = os.LookupEnv

// redactedValue replaces every secret in String and fmt output.
const redactedValue = "***"

// secretSpec describes a secret property and its KEnv / KFile references.
type secretSpec struct {
	// name is the DSN key of the secret value.
	name string
	// list marks a comma-separated list of secrets (APIToken).
	list bool
	// get returns the secret as DSN text ("" when unset).
	get func(*Config) string
	// set stores a secret given as DSN text.
	set func(*Config, string)
	// env and file point at the reference fields.
	env, file func(*Config) *string
}

// secretSpecs lists every secret property that may come from the environment or a file.
var secretSpecs = []secretSpec{
	stringSecret("Password", func(c *Config) *string { return &c.Password },
		func(c *Config) *string { return &c.PasswordEnv }, func(c *Config) *string { return &c.PasswordFile }),
	{
		name: "APIToken", list: true,
		get:  func(c *Config) string { return strings.Join(c.APITokens, ",") },
		set:  func(c *Config, v string) { c.APITokens = splitList(v) },
		env:  func(c *Config) *string { return &c.APITokenEnv },
		file: func(c *Config) *string { return &c.APITokenFile },
	},
	stringSecret("BasicAuthPassword", func(c *Config) *string { return &c.BasicAuthPassword },
		func(c *Config) *string { return &c.BasicAuthPasswordEnv }, func(c *Config) *string { return &c.BasicAuthPasswordFile }),
	stringSecret("SSLClientCertPassword", func(c *Config) *string { return &c.SSLClientCertPassword },
		func(c *Config) *string { return &c.SSLClientCertPasswordEnv }, func(c *Config) *string { return &c.SSLClientCertPasswordFile }),
	stringSecret("ProxyPassword", func(c *Config) *string { return &c.ProxyPassword },
		func(c *Config) *string { return &c.ProxyPasswordEnv }, func(c *Config) *string { return &c.ProxyPasswordFile }),
}

// stringSecret is a secretSpec held in a single string field.
func stringSecret(name string, field, env, file func(*Config) *string) secretSpec {
	return secretSpec{
		name: name,
		get:  func(c *Config) string { return *field(c) },
		set:  func(c *Config, v string) { *field(c) = v },
		env:  env,
		file: file,
	}
}

// hasRef reports whether the secret is given by reference.
func (s secretSpec) hasRef(c *Config) bool {
	return *s.env(c) != "" || *s.file(c) != ""
}

// secretProp is the DSN property holding the secret value itself; FormatDSN
// leaves it out when the value came from a reference.
func secretProp(s secretSpec) property {
	return property{
		name:   s.name,
		secret: true,
		parse:  func(c *Config, v string) error { s.set(c, v); return nil },
		format: func(c *Config) (string, bool) {
			v := s.get(c)
			return v, v != "" && !s.hasRef(c)
		},
	}
}

// checkSecretConflicts refuses a secret given both as text and by reference.
func (c *Config) checkSecretConflicts() error {
	for _, s := range secretSpecs {
		if s.get(c) == "" {
			continue
		}
		if *s.env(c) != "" {
			return fmt.Errorf("kintone: give either %s or %sEnv, not both", s.name, s.name)
		}
		if *s.file(c) != "" {
			return fmt.Errorf("kintone: give either %s or %sFile, not both", s.name, s.name)
		}
	}
	return nil
}

// checkRefs refuses a secret given by both an environment variable and a file.
func (s secretSpec) checkRefs(c *Config) error {
	if *s.env(c) != "" && *s.file(c) != "" {
		return fmt.Errorf("kintone: give either %sEnv or %sFile, not both", s.name, s.name)
	}
	return nil
}

// ResolveSecrets reads every secret given by reference (PasswordEnv,
// PasswordFile, APITokenEnv, ...) into its value field, replacing what was
// there. ParseDSN calls it; call it yourself after setting a reference field
// of a Config built in code. Errors name the key and the variable or path,
// never the secret.
func (c *Config) ResolveSecrets() error {
	for _, s := range secretSpecs {
		if err := s.checkRefs(c); err != nil {
			return err
		}
		if env := *s.env(c); env != "" {
			v, ok := lookupEnv(env)
			if !ok {
				return fmt.Errorf("kintone: %sEnv: environment variable %q is not set", s.name, env)
			}
			if v == "" {
				return fmt.Errorf("kintone: %sEnv: environment variable %q is empty", s.name, env)
			}
			s.set(c, v)
		}
		if path := *s.file(c); path != "" {
			data, err := os.ReadFile(path)
			if err != nil {
				return fmt.Errorf("kintone: %sFile: %w", s.name, err)
			}
			v := strings.TrimRight(string(data), "\r\n")
			if v == "" {
				return fmt.Errorf("kintone: %sFile: file %q is empty", s.name, path)
			}
			s.set(c, v)
		}
	}
	return nil
}

// redacted returns a copy of c with every secret value replaced by "***":
// the secretSpecs values, inline certificate blobs (which hold a private
// key), secret ignored properties and any user information in URL.
func (c *Config) redacted() *Config {
	r := c.Clone()
	for _, s := range secretSpecs {
		v := s.get(r)
		switch {
		case v == "":
		case s.list:
			s.set(r, strings.Repeat(redactedValue+",", len(splitList(v))))
		default:
			s.set(r, redactedValue)
		}
	}
	if t := c.ClientCertType(); t == CertPEMKeyBlob || t == CertPFXBlob {
		r.SSLClientCert = redactedValue
	}
	for k, v := range r.Ignored {
		if ignoredSecretNames[k] && v != "" {
			r.Ignored[k] = redactedValue
		}
	}
	r.URL = redactURL(r.URL)
	return r
}

// redactURL hides the user information of a URL (which Validate refuses, but
// a Config built in code may hold).
func redactURL(raw string) string {
	if !strings.Contains(raw, "@") {
		return raw
	}
	u, err := url.Parse(raw)
	if err != nil {
		return redactedValue
	}
	if u.User != nil {
		u.User = url.User(redactedValue)
	}
	return u.String()
}

// String returns c as FormatDSN does but with every secret replaced by "***".
// It has a value receiver so that printing a Config value is safe too.
func (c Config) String() string {
	return c.redacted().FormatDSN()
}

// Format implements fmt.Formatter so that no verb prints a secret: %v and %s
// print String(), %q quotes it, %+v and %#v list the fields with secrets
// replaced by "***".
func (c Config) Format(f fmt.State, verb rune) {
	r := c.redacted()
	switch {
	case verb == 'v' && f.Flag('#'):
		io.WriteString(f, r.fieldList(true))
	case verb == 'v' && f.Flag('+'):
		io.WriteString(f, r.fieldList(false))
	case verb == 'v' || verb == 's':
		io.WriteString(f, r.FormatDSN())
	case verb == 'q':
		io.WriteString(f, strconv.Quote(r.FormatDSN()))
	default:
		fmt.Fprintf(f, "%%!%c(kintone.Config)", verb)
	}
}

// fieldList prints every field of c, in Go syntax (%#v) or as %+v does.
func (c *Config) fieldList(goSyntax bool) string {
	v := reflect.ValueOf(c).Elem()
	var b strings.Builder
	sep, verb := " ", "%v"
	if goSyntax {
		b.WriteString("kintone.Config")
		sep, verb = ", ", "%#v"
	}
	b.WriteByte('{')
	for i := range v.NumField() {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(v.Type().Field(i).Name)
		b.WriteByte(':')
		fmt.Fprintf(&b, verb, v.Field(i).Interface())
	}
	b.WriteByte('}')
	return b.String()
}
