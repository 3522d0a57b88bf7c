package kintone

import (
	"reflect"
	"strings"
	"testing"
	"time"
)

// baseDSN is a minimal valid DSN that the property cases extend.
const baseDSN = "URL=https://example.cybozu.com;User=alice;Password=pw;"

// baseConfig is what ParseDSN(baseDSN) must return.
func baseConfig() *Config {
	c := NewConfig()
	c.URL = "https://example.cybozu.com"
	c.User = "alice"
	c.Password = "pw"
	c.AuthScheme = AuthPassword
	return c
}

// mustParse parses dsn or fails the test.
func mustParse(t *testing.T, dsn string) *Config {
	t.Helper()
	c, err := ParseDSN(dsn)
	if err != nil {
		t.Fatalf("ParseDSN(%q): %v", dsn, err)
	}
	return c
}

// fieldDiff names the fields that differ between two configs (values are not
// printed: they may be secrets).
func fieldDiff(a, b *Config) []string {
	va, vb := reflect.ValueOf(a).Elem(), reflect.ValueOf(b).Elem()
	var diff []string
	for i := range va.NumField() {
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			diff = append(diff, va.Type().Field(i).Name)
		}
	}
	return diff
}

func TestParseDSNProperties(t *testing.T) {
	tests := []struct {
		name    string
		dsn     string // appended to baseDSN
		want    func(c *Config)
		wantErr string // substring; must also name the key
	}{
		{name: "base", dsn: "", want: func(c *Config) {}},
		{name: "empty segments", dsn: ";; ;\t;", want: func(c *Config) {}},
		{name: "AuthScheme explicit", dsn: "AuthScheme=password", want: func(c *Config) {}},
		{name: "AuthScheme APIToken with user", dsn: "AuthScheme=apitoken;APIToken=t1", want: func(c *Config) {
			c.AuthScheme, c.APITokens = AuthAPIToken, []string{"t1"}
		}},
		{name: "AuthScheme bad", dsn: "AuthScheme=Kerberos", wantErr: `AuthScheme must be Password or APIToken, got "Kerberos"`},
		{name: "AuthScheme OAuth", dsn: "AuthScheme=OAuth", wantErr: "AuthScheme=OAuth: OAuth is not supported"},
		{name: "APIToken list trimmed", dsn: "APIToken= t1 , t2 ,,", want: func(c *Config) { c.APITokens = []string{"t1", "t2"} }},
		{name: "AppId list", dsn: "AppId=12, 13", want: func(c *Config) { c.AppIDs = []int64{12, 13} }},
		{name: "AppId not a number", dsn: "AppId=12,x", wantErr: `AppId must be a comma-separated list of app IDs (positive integers), got "12,x"`},
		{name: "AppId zero", dsn: "AppId=0", wantErr: `AppId must be`},
		{name: "AppId negative", dsn: "AppId=-3", wantErr: `AppId must be`},
		{name: "GuestSpaceId", dsn: "GuestSpaceId=5", want: func(c *Config) { c.GuestSpaceID = 5 }},
		{name: "GuestSpaceId zero is none", dsn: "GuestSpaceId=0", want: func(c *Config) {}},
		{name: "GuestSpaceId negative", dsn: "GuestSpaceId=-1", wantErr: `GuestSpaceId must be a guest space ID (a positive integer), got "-1"`},
		{name: "GuestSpaceId text", dsn: "GuestSpaceId=five", wantErr: `GuestSpaceId must be a guest space ID (a positive integer), got "five"`},
		{name: "Schema USER alias", dsn: "Schema=USER", want: func(c *Config) { c.Schema = SchemaCybozuUser }},
		{name: "Schema REST alias", dsn: "Schema=rest", want: func(c *Config) {}},
		{name: "Schema CybozuUser", dsn: "Schema=cybozuuser", want: func(c *Config) { c.Schema = SchemaCybozuUser }},
		{name: "Schema bad", dsn: "Schema=LDAP", wantErr: `Schema must be Kintone or CybozuUser (REST and USER are accepted too), got "LDAP"`},
		{name: "Schema CybozuUser with tokens", dsn: "Schema=CybozuUser;AuthScheme=APIToken;APIToken=t", wantErr: "Schema=CybozuUser"},
		{name: "Basic auth", dsn: "BasicAuthUser=b;BasicAuthPassword=bp", want: func(c *Config) {
			c.BasicAuthUser, c.BasicAuthPassword = "b", "bp"
		}},
		{name: "client cert", dsn: "SSLClientCert=/c.pem;SSLClientCertType=pemkey_file;SSLClientCertPassword=x;SSLClientCertSubject=CN=me", want: func(c *Config) {
			c.SSLClientCert, c.SSLClientCertType, c.SSLClientCertPassword, c.SSLClientCertSubject = "/c.pem", CertPEMKeyFile, "x", "CN=me"
		}},
		{name: "client cert PFX", dsn: "SSLClientCert=/c.pfx;SSLClientCertType=PFXFILE", want: func(c *Config) {
			c.SSLClientCert, c.SSLClientCertType = "/c.pfx", CertPFXFile
		}},
		{name: "client cert type unsupported", dsn: "SSLClientCert=/a.jks;SSLClientCertType=JKSFILE", wantErr: `SSLClientCertType must be PEMKEY_FILE, PEMKEY_BLOB, PFXFILE or PFXBLOB (other CData certificate stores are not supported), got "JKSFILE"`},
		{name: "client cert subject alone", dsn: "SSLClientCertSubject=CN=me", wantErr: "SSLClientCertSubject is set but SSLClientCert is not"},
		{name: "client cert type alone", dsn: "SSLClientCertType=PFXBLOB", wantErr: "SSLClientCertType is set but SSLClientCert is not"},
		{name: "proxy", dsn: "ProxyServer=proxy.local;ProxyPort=8080;ProxyUser=pu;ProxyPassword=pp", want: func(c *Config) {
			c.ProxyServer, c.ProxyPort, c.ProxyUser, c.ProxyPassword = "proxy.local", 8080, "pu", "pp"
		}},
		{name: "ProxyPort out of range", dsn: "ProxyServer=p;ProxyPort=70000", wantErr: `ProxyPort must be a port number from 1 to 65535, got "70000"`},
		{name: "ProxyPort text", dsn: "ProxyServer=p;ProxyPort=http", wantErr: `ProxyPort must be a port number from 1 to 65535, got "http"`},
		{name: "ProxyPort without server", dsn: "ProxyPort=8080", wantErr: "ProxyPort is set but ProxyServer is not"},
		{name: "ProxyUser without server", dsn: "ProxyUser=u", wantErr: "ProxyUser is set but ProxyServer is not"},
		{name: "ProxyServer with port", dsn: "ProxyServer=p.local:3128", wantErr: `ProxyServer must be a host name or IP address, got "p.local:3128"; give the port as ProxyPort=3128`},
		{name: "ProxyServer with scheme", dsn: "ProxyServer=http://p.local", wantErr: `ProxyServer must be a host name or IP address, got "http://p.local"`},
		{name: "Timeout seconds", dsn: "Timeout=90", want: func(c *Config) { c.Timeout = 90 * time.Second }},
		{name: "Timeout zero", dsn: "Timeout=0", want: func(c *Config) { c.Timeout = 0 }},
		{name: "Timeout duration", dsn: "Timeout=1m30s", want: func(c *Config) { c.Timeout = 90 * time.Second }},
		{name: "Timeout fraction", dsn: "Timeout=1.5s", want: func(c *Config) { c.Timeout = 1500 * time.Millisecond }},
		{name: "Timeout negative", dsn: "Timeout=-1", wantErr: `Timeout must be a number of seconds, or a duration such as 90s, and not negative, got "-1"`},
		{name: "Timeout text", dsn: "Timeout=soon", wantErr: `Timeout must be a number of seconds`},
		{name: "Timeout overflow", dsn: "Timeout=99999999999999", wantErr: `Timeout must be a number of seconds`},
		{name: "Pagesize", dsn: "Pagesize=100", want: func(c *Config) { c.Pagesize = 100 }},
		{name: "Pagesize too big", dsn: "Pagesize=600", wantErr: `Pagesize must be an integer from 1 to 500, got "600"`},
		{name: "Pagesize zero", dsn: "Pagesize=0", wantErr: `Pagesize must be an integer from 1 to 500, got "0"`},
		{name: "Pagesize text", dsn: "Pagesize=ten", wantErr: `Pagesize must be an integer from 1 to 500, got "ten"`},
		{name: "Pagesize empty is default", dsn: "Pagesize=", want: func(c *Config) {}},
		{name: "UseCursor no", dsn: "UseCursor=no", want: func(c *Config) { c.UseCursor = false }},
		{name: "UseCursor 0", dsn: "UseCursor=0", want: func(c *Config) { c.UseCursor = false }},
		{name: "UseCursor FALSE", dsn: "UseCursor=FALSE", want: func(c *Config) { c.UseCursor = false }},
		{name: "UseCursor bad", dsn: "UseCursor=maybe", wantErr: `UseCursor must be true or false (or yes/no, 1/0), got "maybe"`},
		{name: "UseCodeForFieldName YES", dsn: "UseCodeForFieldName=YES", want: func(c *Config) { c.UseCodeForFieldName = true }},
		{name: "UseCodeForFieldName bad", dsn: "UseCodeForFieldName=2", wantErr: `UseCodeForFieldName must be true or false`},
		{name: "NumberMapToDouble 1", dsn: "NumberMapToDouble=1", want: func(c *Config) { c.NumberMapToDouble = true }},
		{name: "NumberMapToDouble bad", dsn: "NumberMapToDouble=double", wantErr: `NumberMapToDouble must be true or false`},
		{name: "SubtableSeparatorCharacter", dsn: "SubtableSeparatorCharacter=__", want: func(c *Config) { c.SubtableSeparatorCharacter = "__" }},
		{name: "SubtableSeparatorCharacter quoted space", dsn: `SubtableSeparatorCharacter=" "`, want: func(c *Config) { c.SubtableSeparatorCharacter = " " }},
		{name: "SubtableSeparatorCharacter empty is default", dsn: "SubtableSeparatorCharacter=", want: func(c *Config) {}},
		{name: "CheckForSubtablesIn list", dsn: "CheckForSubtablesIn=Orders, 12", want: func(c *Config) { c.CheckForSubtablesIn = []string{"Orders", "12"} }},
		{name: "CheckForSubtablesIn star", dsn: "CheckForSubtablesIn=*", want: func(c *Config) {}},
		{name: "Tables", dsn: "Tables=Orders,Customers", want: func(c *Config) { c.Tables = []string{"Orders", "Customers"} }},
		{name: "MaxRows", dsn: "MaxRows=100", want: func(c *Config) { c.MaxRows = 100 }},
		{name: "MaxRows zero means no limit", dsn: "MaxRows=0", want: func(c *Config) {}},
		{name: "MaxRows below -1", dsn: "MaxRows=-2", wantErr: `MaxRows must be -1 (no limit) or a positive integer, got "-2"`},
		{name: "MaxRows text", dsn: "MaxRows=all", wantErr: `MaxRows must be -1 (no limit) or a positive integer, got "all"`},
		{name: "MaxRowsInMemory", dsn: "MaxRowsInMemory=5000", want: func(c *Config) { c.MaxRowsInMemory = 5000 }},
		{name: "MaxRowsInMemory no limit", dsn: "MaxRowsInMemory=-1", want: func(c *Config) { c.MaxRowsInMemory = -1 }},
		{name: "MaxRowsInMemory zero means no limit", dsn: "maxrowsinmemory=0", want: func(c *Config) { c.MaxRowsInMemory = -1 }},
		{name: "MaxRowsInMemory below -1", dsn: "MaxRowsInMemory=-5", wantErr: `MaxRowsInMemory must be -1 (no limit) or a positive integer, got "-5"`},
		{name: "duplicate key", dsn: "pagesize=10;PAGESIZE=20", wantErr: "property Pagesize is given more than once"},
		{name: "duplicate URL spelling", dsn: "Url=https://other.cybozu.com", wantErr: "property URL is given more than once"},
		{name: "duplicate ignored", dsn: "RTK=a;rtk=b", wantErr: "property RTK is given more than once"},
		{name: "unknown with suggestion", dsn: "Pasword=x", wantErr: `unknown property "Pasword" (did you mean "Password"?)`},
		{name: "OAuth property", dsn: "OAuthClientId=abc", wantErr: "OAuthClientId: OAuth is not supported"},
		{name: "InitiateOAuth on", dsn: "InitiateOAuth=GETANDREFRESH", wantErr: "InitiateOAuth: OAuth is not supported"},
		{name: "InitiateOAuth off is ignored", dsn: "InitiateOAuth=OFF", want: func(c *Config) { c.Ignored = map[string]string{"InitiateOAuth": "OFF"} }},
		{name: "segment without equals", dsn: "hunter2", wantErr: "DSN segment 4 is not Key=Value"},
		{name: "value without key", dsn: "=x", wantErr: "DSN segment 4 has a value but no key"},
		{name: "bare URL", dsn: "https://example.cybozu.com", wantErr: "DSN segment 4 is not Key=Value (no \"=\"); to give the kintone URL write URL="},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDSN(baseDSN + tt.dsn)
			if tt.wantErr != "" {
				if err == nil {
					t.Fatalf("ParseDSN(%q) = nil error, want %q", tt.dsn, tt.wantErr)
				}
				if !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("ParseDSN(%q) error = %q, want it to contain %q", tt.dsn, err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("ParseDSN(%q): %v", tt.dsn, err)
			}
			want := baseConfig()
			tt.want(want)
			if d := fieldDiff(got, want); d != nil {
				t.Fatalf("ParseDSN(%q): fields %v differ from the expected config", tt.dsn, d)
			}
		})
	}
}

func TestParseDSNCaseInsensitiveKeysAndSpaces(t *testing.T) {
	got := mustParse(t, "  url = https://example.cybozu.com/ ;\n user\t= alice ; PASSWORD=pw ; pAgEsIzE = 7 ;guestspaceid=3")
	want := baseConfig()
	want.Pagesize, want.GuestSpaceID = 7, 3
	if d := fieldDiff(got, want); d != nil {
		t.Fatalf("fields %v differ", d)
	}
}

func TestParseDSNQuoting(t *testing.T) {
	tests := []struct {
		name, value string // value as written after "User="
		want        string
		wantErr     string
	}{
		{name: "double quotes keep semicolon", value: `"a;b"`, want: "a;b"},
		{name: "single quotes keep semicolon", value: `'a;b'`, want: "a;b"},
		{name: "doubled double quote", value: `"say ""hi"""`, want: `say "hi"`},
		{name: "doubled single quote", value: `'it''s'`, want: "it's"},
		{name: "other quote inside is literal", value: `"it's"`, want: "it's"},
		{name: "spaces kept inside quotes", value: `  " a b "  `, want: " a b "},
		{name: "quote inside unquoted value is literal", value: `ab"c`, want: `ab"c`},
		{name: "equals in value", value: `a=b`, want: "a=b"},
		{name: "unterminated", value: `"abc`, wantErr: `the value of User has no closing "`},
		{name: "text after quote", value: `"abc"def`, wantErr: "unexpected text after the closing quote of User"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseDSN("URL=https://example.cybozu.com;Password=pw;User=" + tt.value + ";Pagesize=9")
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got.User != tt.want || got.Pagesize != 9 {
				t.Fatalf("User = %q, Pagesize = %d; want %q, 9", got.User, got.Pagesize, tt.want)
			}
			again := mustParse(t, got.FormatDSN())
			if again.User != tt.want {
				t.Fatalf("after FormatDSN %q, User = %q, want %q", got.FormatDSN(), again.User, tt.want)
			}
		})
	}
}

func TestParseDSNCDataStyle(t *testing.T) {
	dsn := "jdbc:kintone:URL=https://example.cybozu.com;User=alice;Password=pw;GuestSpaceId=4;" +
		"RTK=5246...LICENSE;Logfile=C:\\logs\\kintone.log;Verbosity=3;UseSimpleNames=true;" +
		"Other='CacheDuration=30;Foo=bar';InitiateOAuth=OFF;Location=/opt/cdata/schema;"
	c := mustParse(t, dsn)
	wantIgnored := []string{"InitiateOAuth", "Location", "Logfile", "Other", "RTK", "UseSimpleNames", "Verbosity"}
	if got := c.IgnoredProperties(); !reflect.DeepEqual(got, wantIgnored) {
		t.Fatalf("IgnoredProperties() = %v, want %v", got, wantIgnored)
	}
	if c.Ignored["Other"] != "CacheDuration=30;Foo=bar" || c.Ignored["Logfile"] != `C:\logs\kintone.log` {
		t.Fatalf("ignored values not kept: Other=%q Logfile=%q", c.Ignored["Other"], c.Ignored["Logfile"])
	}
	if c.GuestSpaceID != 4 || c.URL != "https://example.cybozu.com" {
		t.Fatalf("GuestSpaceID=%d URL=%q", c.GuestSpaceID, c.URL)
	}
	again := mustParse(t, c.FormatDSN())
	if d := fieldDiff(again, c); d != nil {
		t.Fatalf("round trip changed %v", d)
	}
	if c := mustParse(t, baseDSN); c.IgnoredProperties() != nil {
		t.Fatalf("IgnoredProperties() = %v for a DSN without any", c.IgnoredProperties())
	}
}

func TestDSNAuthSchemeInference(t *testing.T) {
	tests := []struct {
		dsn     string
		want    string
		wantErr string
	}{
		{dsn: "APIToken=t1,t2;AppId=1,2", want: AuthAPIToken},
		{dsn: "User=u;Password=p", want: AuthPassword},
		{dsn: "User=u;Password=p;APIToken=t", want: AuthPassword},
		{dsn: "AuthScheme=APIToken;User=u;APIToken=t", want: AuthAPIToken},
		{dsn: "", wantErr: "no credentials: set User and Password"},
		{dsn: "User=u", wantErr: "AuthScheme=Password requires Password"},
		{dsn: "Password=p", wantErr: "AuthScheme=Password requires User"},
		{dsn: "User=u;APIToken=t", wantErr: "AuthScheme=Password requires Password"},
		{dsn: "AuthScheme=APIToken;User=u;Password=p", wantErr: "AuthScheme=APIToken requires APIToken"},
		{dsn: "AuthScheme=Password;APIToken=t", wantErr: "AuthScheme=Password requires User and Password"},
	}
	for _, tt := range tests {
		c, err := ParseDSN("URL=https://example.cybozu.com;" + tt.dsn)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseDSN(%q) error = %v, want %q", tt.dsn, err, tt.wantErr)
			}
			continue
		}
		if err != nil {
			t.Errorf("ParseDSN(%q): %v", tt.dsn, err)
			continue
		}
		if c.AuthScheme != tt.want {
			t.Errorf("ParseDSN(%q).AuthScheme = %q, want %q", tt.dsn, c.AuthScheme, tt.want)
		}
		if again := mustParse(t, c.FormatDSN()); again.AuthScheme != tt.want {
			t.Errorf("round trip of %q gave AuthScheme %q, want %q", tt.dsn, again.AuthScheme, tt.want)
		}
	}
}

func TestParseDSNURL(t *testing.T) {
	tests := []struct {
		url     string
		want    string
		wantErr string
	}{
		{url: "https://example.cybozu.com/", want: "https://example.cybozu.com"},
		{url: "HTTPS://Example.cybozu.com", want: "https://Example.cybozu.com"},
		{url: "http://127.0.0.1:8080", want: "http://127.0.0.1:8080"},
		{url: "https://example.cybozu.com/k/12/", wantErr: `not an app page ("/k/12/"); use URL=https://example.cybozu.com;AppId=12`},
		{url: "https://example.cybozu.com/k/12/show#record=5", wantErr: "use URL=https://example.cybozu.com;AppId=12"},
		{url: "https://example.cybozu.com/k/guest/5/34/", wantErr: "use URL=https://example.cybozu.com;GuestSpaceId=5;AppId=34"},
		{url: "https://example.cybozu.com/k/", wantErr: `without a path, got path "/k/"; use URL=https://example.cybozu.com`},
		{url: "https://example.cybozu.com?lang=ja", wantErr: "without a query or fragment"},
		{url: "example.cybozu.com", wantErr: `did you mean URL=https://example.cybozu.com?`},
		{url: "ftp://example.cybozu.com", wantErr: `URL must be an absolute http or https URL such as https://example.cybozu.com, got "ftp://example.cybozu.com"`},
		{url: "https://bob:s3cr3t@example.cybozu.com", wantErr: "URL must not contain a user name or password"},
		{url: "", wantErr: "URL is required"},
	}
	for _, tt := range tests {
		c, err := ParseDSN("User=u;Password=p;URL=" + tt.url)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("URL=%s: error = %v, want %q", tt.url, err, tt.wantErr)
			}
			if err != nil && strings.Contains(err.Error(), "s3cr3t") {
				t.Errorf("URL=%s: error shows the password: %v", tt.url, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("URL=%s: %v", tt.url, err)
			continue
		}
		if c.URL != tt.want {
			t.Errorf("URL=%s: got %q, want %q", tt.url, c.URL, tt.want)
		}
	}
}

func TestDSNSuggestKey(t *testing.T) {
	tests := []struct{ key, want string }{
		{"Pasword", "Password"},
		{"AppIds", "AppId"},
		{"Page_Size", "Pagesize"},
		{"Token", "APIToken"},
		{"Username", "User"},
		{"GuestSpace", "GuestSpaceId"},
		{"SubtableSeparator", "SubtableSeparatorCharacter"},
		{"Verbose", "Verbosity"},
		{"xyzzy", ""},
	}
	for _, tt := range tests {
		if got := suggestKey(tt.key); got != tt.want {
			t.Errorf("suggestKey(%q) = %q, want %q", tt.key, got, tt.want)
		}
	}
	_, err := ParseDSN(baseDSN + "xyzzy=1")
	if err == nil || err.Error() != `kintone: unknown property "xyzzy"` {
		t.Fatalf("error = %v, want an unknown property error without suggestion", err)
	}
}

func TestFormatDSN(t *testing.T) {
	if got, want := baseConfig().FormatDSN(), "Password=pw;URL=https://example.cybozu.com;User=alice;"; got != want {
		t.Fatalf("FormatDSN() = %q, want %q (defaults left out, keys sorted)", got, want)
	}
	c := baseConfig()
	c.Pagesize = 100
	c.UseCursor = false
	c.AppIDs = []int64{3, 1}
	c.Timeout = 1500 * time.Millisecond
	c.SubtableSeparatorCharacter = " ; "
	c.User = `a"b`
	c.Ignored = map[string]string{"RTK": "key", "Verbosity": "2"}
	want := `AppId=3,1;Pagesize=100;Password=pw;RTK=key;SubtableSeparatorCharacter=" ; ";Timeout=1.5s;URL=https://example.cybozu.com;UseCursor=false;User="a""b";Verbosity=2;`
	if got := c.FormatDSN(); got != want {
		t.Fatalf("FormatDSN() =\n%s\nwant\n%s", got, want)
	}
	if d := fieldDiff(mustParse(t, want), c); d != nil {
		t.Fatalf("ParseDSN(FormatDSN()) differs in %v", d)
	}
}

// fullConfig sets every field of Config to a value other than its default, so
// a field the DSN table forgets shows up in TestConfigEveryFieldRoundTrips.
func fullConfig() *Config {
	return &Config{
		URL: "http://localhost:8080", AuthScheme: AuthAPIToken, User: "u",
		Password: "p", PasswordEnv: "", PasswordFile: "",
		APITokens: []string{"t1", "t2"}, AppIDs: []int64{1, 2}, GuestSpaceID: 7, Schema: SchemaKintone,
		BasicAuthUser: "bu", BasicAuthPassword: "bp",
		SSLClientCert: "/c.pfx", SSLClientCertType: CertPFXFile, SSLClientCertPassword: "cp", SSLClientCertSubject: "CN=x", SSLServerCert: "/ca.pem",
		ProxyServer: "proxy", ProxyPort: 3128, ProxyUser: "pu", ProxyPassword: "pp",
		Timeout: 5 * time.Second, Pagesize: 10, MaxConcurrency: 20, UseCursor: false, UseCodeForFieldName: true, TrustAssumedPushdown: true,
		SubtableSeparatorCharacter: ".", CheckForSubtablesIn: []string{"A"}, Tables: []string{"T"},
		NumberMapToDouble: true, MaxRows: 9, MaxRowsInMemory: 77, StrictLastInsertId: true, Ignored: map[string]string{"RTK": "r"},
	}
}

func TestConfigEveryFieldRoundTrips(t *testing.T) {
	c := fullConfig()
	got := mustParse(t, c.FormatDSN())
	if d := fieldDiff(got, c); d != nil {
		t.Fatalf("fields %v do not survive FormatDSN/ParseDSN", d)
	}
	// Every field must differ from NewConfig in fullConfig, except the
	// reference fields (tested in dsn_secrets_test.go) and Schema (the other
	// value needs password authentication, tested above).
	skip := map[string]bool{"Schema": true}
	for _, s := range secretSpecs {
		skip[s.name+"Env"], skip[s.name+"File"] = true, true
	}
	def := reflect.ValueOf(NewConfig()).Elem()
	full := reflect.ValueOf(c).Elem()
	for i := range def.NumField() {
		name := def.Type().Field(i).Name
		if !skip[name] && reflect.DeepEqual(def.Field(i).Interface(), full.Field(i).Interface()) {
			t.Errorf("fullConfig leaves %s at its default; give it another value", name)
		}
	}
}

func TestConfigClone(t *testing.T) {
	c := fullConfig()
	cp := c.Clone()
	if !reflect.DeepEqual(c, cp) {
		t.Fatalf("Clone differs in %v", fieldDiff(c, cp))
	}
	cp.APITokens[0], cp.AppIDs[0], cp.CheckForSubtablesIn[0], cp.Tables[0] = "x", 99, "x", "x"
	cp.Ignored["RTK"] = "x"
	if d := fieldDiff(c, fullConfig()); d != nil {
		t.Fatalf("changing the clone changed the original's %v", d)
	}
	if cp := NewConfig().Clone(); cp.APITokens != nil || cp.Ignored != nil {
		t.Fatalf("Clone turned nil slices or maps into empty ones")
	}
}

func TestConfigValidate(t *testing.T) {
	tests := []struct {
		name    string
		mutate  func(c *Config)
		wantErr string
	}{
		{name: "valid", mutate: func(c *Config) {}},
		{name: "trailing slash accepted", mutate: func(c *Config) { c.URL += "/" }},
		{name: "zero Pagesize", mutate: func(c *Config) { c.Pagesize = 0 }, wantErr: `Pagesize must be an integer from 1 to 500, got "0"`},
		{name: "negative Timeout", mutate: func(c *Config) { c.Timeout = -time.Second }, wantErr: `Timeout must be`},
		{name: "negative AppID", mutate: func(c *Config) { c.AppIDs = []int64{-1} }, wantErr: `AppId must be`},
		{name: "empty separator", mutate: func(c *Config) { c.SubtableSeparatorCharacter = "" }, wantErr: "SubtableSeparatorCharacter must not be empty"},
		{name: "bad AuthScheme", mutate: func(c *Config) { c.AuthScheme = "NTLM" }, wantErr: "AuthScheme must be Password or APIToken"},
		{name: "OAuth", mutate: func(c *Config) { c.AuthScheme = "oauth" }, wantErr: "OAuth is not supported"},
		{name: "token with comma", mutate: func(c *Config) { c.APITokens = []string{"sekrit,x"} }, wantErr: "APIToken entry 1 must be non-empty"},
		{name: "table with spaces", mutate: func(c *Config) { c.Tables = []string{" T"} }, wantErr: `Tables entry 1 must be non-empty, without commas or surrounding spaces, got " T"`},
		{name: "unknown ignored", mutate: func(c *Config) { c.Ignored = map[string]string{"Readonly": "true"} }, wantErr: `Ignored holds "Readonly"`},
		{name: "both refs", mutate: func(c *Config) { c.PasswordEnv, c.PasswordFile = "A", "/b" }, wantErr: "give either PasswordEnv or PasswordFile, not both"},
		{name: "bad cert type", mutate: func(c *Config) { c.SSLClientCert, c.SSLClientCertType = "x", "USER" }, wantErr: "SSLClientCertType must be"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := baseConfig()
			tt.mutate(c)
			err := c.Validate()
			if tt.wantErr == "" {
				if err != nil {
					t.Fatal(err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Validate() = %v, want %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "sekrit") {
				t.Fatalf("Validate() shows a token: %v", err)
			}
		})
	}
}

func TestConfigHelpers(t *testing.T) {
	c := baseConfig()
	if c.ProxyURL() != nil {
		t.Fatal("ProxyURL() without ProxyServer should be nil")
	}
	c.ProxyServer = "proxy.local"
	if got := c.ProxyURL().String(); got != "http://proxy.local:80" {
		t.Fatalf("ProxyURL() = %s", got)
	}
	c.ProxyServer, c.ProxyPort, c.ProxyUser, c.ProxyPassword = "::1", 3128, "pu", "pp"
	u := c.ProxyURL()
	if pw, _ := u.User.Password(); u.Host != "[::1]:3128" || u.User.Username() != "pu" || pw != "pp" {
		t.Fatalf("ProxyURL() host %q user %q", u.Host, u.User.Username())
	}

	for cert, want := range map[string]string{
		"":                          "",
		"/etc/kintone/client.pem":   CertPEMKeyFile,
		"C:\\certs\\client.PFX":     CertPFXFile,
		"/certs/c.p12":              CertPFXFile,
		"-----BEGIN CERTIFICATE---": CertPEMKeyBlob,
	} {
		c := &Config{SSLClientCert: cert}
		if got := c.ClientCertType(); got != want {
			t.Errorf("ClientCertType() for %q = %q, want %q", cert, got, want)
		}
	}
	if got := (&Config{SSLClientCert: "/x.pem", SSLClientCertType: "pfxblob"}).ClientCertType(); got != CertPFXBlob {
		t.Errorf("explicit type: got %q", got)
	}

	sub := &Config{CheckForSubtablesIn: []string{"Orders", "12"}}
	for _, tt := range []struct {
		id   int64
		name string
		want bool
	}{{12, "x", true}, {3, "orders", true}, {3, "Customers", false}} {
		if got := sub.WantsSubtablesOf(tt.id, tt.name); got != tt.want {
			t.Errorf("WantsSubtablesOf(%d, %q) = %v", tt.id, tt.name, got)
		}
	}
	if !NewConfig().WantsSubtablesOf(1, "any") {
		t.Error("the default CheckForSubtablesIn must select every app")
	}
}
