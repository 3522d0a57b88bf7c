package kintone

import (
	"maps"
	"net"
	"net/url"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// Authentication schemes accepted in Config.AuthScheme.
const (
	// AuthPassword authenticates with User and Password (X-Cybozu-Authorization).
	AuthPassword = "Password"
	// AuthAPIToken authenticates with app API tokens (X-Cybozu-API-Token).
	AuthAPIToken = "APIToken"
)

// API families accepted in Config.Schema (CData 25.0 names).
const (
	// SchemaKintone exposes kintone apps through the kintone REST API.
	SchemaKintone = "Kintone"
	// SchemaCybozuUser exposes users, organizations and groups through the cybozu.com User API.
	SchemaCybozuUser = "CybozuUser"
)

// Client certificate kinds accepted in Config.SSLClientCertType (CData's names).
const (
	// CertPEMKeyFile is a PEM file holding the private key and the certificate (chain).
	CertPEMKeyFile = "PEMKEY_FILE"
	// CertPEMKeyBlob is inline PEM text holding the private key and the certificate (chain).
	CertPEMKeyBlob = "PEMKEY_BLOB"
	// CertPFXFile is a PKCS#12 (.pfx/.p12) file, opened with SSLClientCertPassword.
	CertPFXFile = "PFXFILE"
	// CertPFXBlob is a base64-encoded PKCS#12 blob, opened with SSLClientCertPassword.
	CertPFXBlob = "PFXBLOB"
)

// Defaults used by NewConfig.
const (
	// DefaultTimeout is the default per-request timeout (CData's 60 seconds).
	DefaultTimeout = 60 * time.Second
	// MaxPagesize is the most records kintone returns per GET, and the default Pagesize.
	MaxPagesize = 500
	// DefaultMaxConcurrency is the default MaxConcurrency.
	DefaultMaxConcurrency = 8
	// MaxMaxConcurrency is kintone's limit of concurrent requests per domain.
	MaxMaxConcurrency = 100
	// DefaultSubtableSeparator is the default text between an app table name and a subtable name.
	DefaultSubtableSeparator = "_"
)

// Config holds every setting of a kintone connection. Build one with NewConfig
// (then set fields) or ParseDSN; the DSN key of each field is given in brackets.
// Printing a Config with fmt never shows a secret (see String and Format).
type Config struct {
	// URL is the base URL of the kintone domain, scheme and host only, e.g.
	// https://example.cybozu.com [URL, also spelled Url]. Required.
	URL string
	// AuthScheme is AuthPassword or AuthAPIToken [AuthScheme]; empty means
	// inferred (see EffectiveAuthScheme). ParseDSN always fills it in.
	AuthScheme string
	// User is the login name for password authentication [User].
	User string
	// Password is the password of User [Password]; secret.
	Password string
	// PasswordEnv names the environment variable Password was read from [PasswordEnv].
	PasswordEnv string
	// PasswordFile is the file Password was read from [PasswordFile].
	PasswordFile string
	// APITokens are app API tokens [APIToken, comma-separated]; secret.
	APITokens []string
	// APITokenEnv names the environment variable APITokens were read from [APITokenEnv].
	APITokenEnv string
	// APITokenFile is the file APITokens were read from [APITokenFile].
	APITokenFile string
	// AppIDs lists the apps exposed as tables [AppId, comma-separated]; needed
	// with API tokens, which cannot list apps.
	AppIDs []int64
	// GuestSpaceID, when positive, routes every call through that guest space [GuestSpaceId].
	GuestSpaceID int64
	// Schema is SchemaKintone (default) or SchemaCybozuUser [Schema; REST and USER are accepted too].
	Schema string
	// BasicAuthUser is the user of the domain's extra HTTP Basic authentication [BasicAuthUser].
	BasicAuthUser string
	// BasicAuthPassword is the password of BasicAuthUser [BasicAuthPassword]; secret.
	BasicAuthPassword string
	// BasicAuthPasswordEnv names the environment variable BasicAuthPassword was read from [BasicAuthPasswordEnv].
	BasicAuthPasswordEnv string
	// BasicAuthPasswordFile is the file BasicAuthPassword was read from [BasicAuthPasswordFile].
	BasicAuthPasswordFile string
	// SSLClientCert is a client certificate file path or inline PEM / base64
	// PKCS#12 text, for Secure Access [SSLClientCert].
	SSLClientCert string
	// SSLClientCertType is one of the Cert* constants [SSLClientCertType];
	// empty means inferred (see ClientCertType).
	SSLClientCertType string
	// SSLClientCertPassword opens a PKCS#12 certificate [SSLClientCertPassword]; secret.
	SSLClientCertPassword string
	// SSLClientCertPasswordEnv names the environment variable SSLClientCertPassword was read from [SSLClientCertPasswordEnv].
	SSLClientCertPasswordEnv string
	// SSLClientCertPasswordFile is the file SSLClientCertPassword was read from [SSLClientCertPasswordFile].
	SSLClientCertPasswordFile string
	// SSLClientCertSubject, unless empty or "*", must occur in the certificate's
	// subject (case-insensitive substring, as CData matches) [SSLClientCertSubject].
	SSLClientCertSubject string
	// SSLServerCert is a server certificate to accept besides those the
	// machine trusts [SSLServerCert]: PEM text or the path of a PEM or DER
	// file (a private CA's certificate admits the servers it signed), a
	// PEM public key, or the SHA-256, SHA-1 or MD5 fingerprint of the
	// server's certificate in hex. AcceptAnyServerCert ("*") accepts every
	// certificate, which is insecure.
	SSLServerCert string
	// ProxyServer is the host name or IP address of an HTTP proxy [ProxyServer];
	// empty means the HTTPS_PROXY/HTTP_PROXY environment.
	ProxyServer string
	// ProxyPort is the proxy's port [ProxyPort]; 0 means 80.
	ProxyPort int
	// ProxyUser is the proxy's user name [ProxyUser].
	ProxyUser string
	// ProxyPassword is the password of ProxyUser [ProxyPassword]; secret.
	ProxyPassword string
	// ProxyPasswordEnv names the environment variable ProxyPassword was read from [ProxyPasswordEnv].
	ProxyPasswordEnv string
	// ProxyPasswordFile is the file ProxyPassword was read from [ProxyPasswordFile].
	ProxyPasswordFile string
	// Timeout bounds each HTTP request [Timeout, in seconds or a Go duration
	// such as 1m30s]; 0 means no timeout. Default DefaultTimeout.
	Timeout time.Duration
	// Pagesize is the number of records fetched per request, 1 to MaxPagesize [Pagesize].
	Pagesize int
	// MaxConcurrency is the most kintone requests in flight at once from
	// one Connector, shared by all its statements; a large scan reads that
	// many pages in parallel [MaxConcurrency], 1 to MaxMaxConcurrency
	// (kintone's limit per domain). Default DefaultMaxConcurrency.
	MaxConcurrency int
	// UseCursor reads large results through the cursor API instead of offset paging [UseCursor]; default true.
	UseCursor bool
	// TrustAssumedPushdown takes the pushdown forms whose kintone answer is
	// only assumed (docs/pushdown.md) as exact [driver-specific]; default
	// false: they only narrow the transfer and are re-checked client-side.
	TrustAssumedPushdown bool
	// UseCodeForFieldName names columns by field code instead of field label [UseCodeForFieldName].
	UseCodeForFieldName bool
	// SubtableSeparatorCharacter joins an app table name and a subtable name [SubtableSeparatorCharacter]; default "_".
	SubtableSeparatorCharacter string
	// CheckForSubtablesIn lists the apps (names or IDs) whose subtables become
	// tables [CheckForSubtablesIn]; nil means all ("*" in the DSN).
	CheckForSubtablesIn []string
	// Tables, when not nil, limits the app tables reported to these names [Tables].
	Tables []string
	// NumberMapToDouble reports NUMBER fields as DOUBLE instead of DECIMAL [NumberMapToDouble].
	NumberMapToDouble bool
	// MaxRows caps the rows of queries without aggregation [MaxRows]; -1 (default) means no limit.
	MaxRows int64
	// MaxRowsInMemory caps the rows a statement holds in memory at once (sorts,
	// GROUP BY groups, join build sides, DISTINCT sets, subquery results)
	// [MaxRowsInMemory]; past it the statement fails with an error instead of
	// exhausting memory. -1 means no limit; default engine.DefaultMaxRowsInMemory.
	MaxRowsInMemory int64
	// StrictLastInsertId makes LastInsertId of an INSERT inside a transaction
	// return ErrPending until Commit [StrictLastInsertId]; by default it
	// returns 0 with no error there, which ORMs such as GORM read as "no id
	// generated". After Commit the same Result gives the new id either way.
	StrictLastInsertId bool
	// Ignored holds the CData properties that are accepted but do not apply to
	// this driver (RTK, Logfile, ...), keyed by their canonical name, so that
	// FormatDSN gives them back. See IgnoredProperties.
	Ignored map[string]string
}

// NewConfig returns a Config holding the default of every setting.
func NewConfig() *Config {
	return &Config{
		Schema:                     SchemaKintone,
		Timeout:                    DefaultTimeout,
		Pagesize:                   MaxPagesize,
		MaxConcurrency:             DefaultMaxConcurrency,
		UseCursor:                  true,
		SubtableSeparatorCharacter: DefaultSubtableSeparator,
		MaxRows:                    -1,
		MaxRowsInMemory:            engine.DefaultMaxRowsInMemory,
	}
}

// Clone returns a deep copy of c.
func (c *Config) Clone() *Config {
	cp := *c
	cp.APITokens = slices.Clone(c.APITokens)
	cp.AppIDs = slices.Clone(c.AppIDs)
	cp.CheckForSubtablesIn = slices.Clone(c.CheckForSubtablesIn)
	cp.Tables = slices.Clone(c.Tables)
	cp.Ignored = maps.Clone(c.Ignored)
	return &cp
}

// ParseDSN parses a CData-style connection string into a Config.
//
// Syntax: Key=Value pairs separated by ";", for example
//
//	URL=https://example.cybozu.com;User=alice;PasswordEnv=KINTONE_PASSWORD;AppId=12,13
//
// Keys are case-insensitive and each may be given once; whitespace around keys
// and values is trimmed; empty segments are skipped; an empty value means the
// default. A value that contains ";" or must keep leading or trailing spaces
// is wrapped in single or double quotes; inside the quotes the quote character
// is written twice to stand for itself ("a""b" is a"b). A leading
// "jdbc:kintone:" (a CData JDBC URL) is dropped. Booleans accept
// true/false, yes/no and 1/0 in any case. URL must be scheme and host only: a
// trailing "/" is dropped, and an app page such as https://x.cybozu.com/k/12/
// is refused with a hint to write URL=https://x.cybozu.com;AppId=12.
//
// Every secret (Password, APIToken, BasicAuthPassword, SSLClientCertPassword,
// ProxyPassword) may instead be read from an environment variable (KEnv=NAME)
// or a file (KFile=PATH, trailing newlines dropped) when the DSN is parsed.
//
// CData properties that do not apply to a Go driver (see IgnoredProperties)
// are kept but have no effect; OAuth is not supported. The result is checked
// with Validate. Errors name the key at fault and never contain a secret.
func ParseDSN(dsn string) (*Config, error) {
	pairs, err := splitDSN(dsn)
	if err != nil {
		return nil, err
	}
	c := NewConfig()
	seen := make(map[string]bool, len(pairs))
	for _, kv := range pairs {
		if err := c.setProperty(kv.key, kv.value, seen); err != nil {
			return nil, err
		}
	}
	if err := c.checkSecretConflicts(); err != nil {
		return nil, err
	}
	if err := c.ResolveSecrets(); err != nil {
		return nil, err
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c.AuthScheme = c.EffectiveAuthScheme()
	return c, nil
}

// FormatDSN returns c as a canonical connection string: one Key=Value; per
// setting that differs from its default, keys in case-insensitive
// alphabetical order, values quoted where needed. A secret read from an
// environment variable or file is written as that reference, not as its value.
// For a Config returned by ParseDSN, ParseDSN(c.FormatDSN()) equals c.
func (c *Config) FormatDSN() string {
	type pair struct{ key, value string }
	var pairs []pair
	for _, p := range properties {
		if v, ok := p.format(c); ok {
			pairs = append(pairs, pair{p.name, v})
		}
	}
	for k, v := range c.Ignored {
		pairs = append(pairs, pair{k, v})
	}
	slices.SortFunc(pairs, func(a, b pair) int {
		return strings.Compare(asciiLower(a.key), asciiLower(b.key))
	})
	var b strings.Builder
	for _, p := range pairs {
		b.WriteString(p.key)
		b.WriteByte('=')
		b.WriteString(quoteValue(p.value))
		b.WriteByte(';')
	}
	return b.String()
}

// IgnoredProperties returns the sorted names of the CData properties in c
// that this driver accepts but does not apply, for logging at Debug level.
func (c *Config) IgnoredProperties() []string {
	names := slices.Collect(maps.Keys(c.Ignored))
	slices.Sort(names)
	return names
}

// EffectiveAuthScheme returns AuthScheme in its canonical spelling or, when it
// is empty, the inferred scheme: AuthAPIToken when tokens are set and User is
// not, AuthPassword otherwise.
func (c *Config) EffectiveAuthScheme() string {
	if s, ok := canonicalAuthScheme(c.AuthScheme); ok && s != "" {
		return s
	}
	return c.inferredAuthScheme()
}

// inferredAuthScheme is the scheme used when AuthScheme is not given.
func (c *Config) inferredAuthScheme() string {
	hasTokens := len(c.APITokens) > 0 || c.APITokenEnv != "" || c.APITokenFile != ""
	if hasTokens && c.User == "" {
		return AuthAPIToken
	}
	return AuthPassword
}

// ClientCertType returns SSLClientCertType in its canonical spelling or, when
// it is empty, the type inferred from SSLClientCert: CertPEMKeyBlob for inline
// PEM text, CertPFXFile for a .pfx or .p12 path, CertPEMKeyFile otherwise. It
// returns "" when no client certificate is configured.
func (c *Config) ClientCertType() string {
	if c.SSLClientCert == "" {
		return ""
	}
	if t := strings.ToUpper(c.SSLClientCertType); t != "" {
		return t
	}
	if strings.Contains(c.SSLClientCert, "-----BEGIN") {
		return CertPEMKeyBlob
	}
	switch strings.ToLower(filepath.Ext(c.SSLClientCert)) {
	case ".pfx", ".p12":
		return CertPFXFile
	}
	return CertPEMKeyFile
}

// ProxyURL returns the HTTP proxy set by ProxyServer, ProxyPort, ProxyUser and
// ProxyPassword, or nil when ProxyServer is empty.
func (c *Config) ProxyURL() *url.URL {
	if c.ProxyServer == "" {
		return nil
	}
	port := c.ProxyPort
	if port == 0 {
		port = 80
	}
	u := &url.URL{Scheme: "http", Host: net.JoinHostPort(c.ProxyServer, strconv.Itoa(port))}
	if c.ProxyUser != "" {
		u.User = url.UserPassword(c.ProxyUser, c.ProxyPassword)
	}
	return u
}

// WantsSubtablesOf reports whether CheckForSubtablesIn selects the app with
// the given ID or name, by the same rule the catalog loads subtables with.
func (c *Config) WantsSubtablesOf(appID int64, name string) bool {
	return schema.Options{CheckForSubtablesIn: c.CheckForSubtablesIn}.WantsSubtablesOf(appID, name, "")
}
