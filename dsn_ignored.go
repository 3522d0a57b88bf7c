package kintone

import "fmt"

// ignoredNames are CData connection properties that ParseDSN accepts and keeps
// (so a CData connection string needs no rewriting, and FormatDSN gives them
// back) but that change nothing in this driver: licensing, CData's logging,
// caching and pooling, schema files, firewall tunnels, proxy auto-detection,
// and naming options whose effect this driver does not reproduce.
var ignoredNames = []string{
	"RTK", "Logfile", "Verbosity", "LogModules", "MaxLogFileSize", "MaxLogFileCount",
	"Location", "Other", "SupportEnhancedSQL",
	"ProxyAutoDetect", "ProxyAuthScheme", "ProxySSLType", "ProxyExceptions",
	"FirewallType", "FirewallServer", "FirewallPort", "FirewallUser", "FirewallPassword",
	"UseSimpleNames", "AllowSpecialCharacters", "UseUnitForNumericField",
	"BrowsableSchemas", "Views", "UserDefinedViews", "InitiateOAuth",
	"AutoCache", "CacheLocation", "CacheConnection", "CacheProvider", "CacheTolerance", "CacheMetadata",
	"ConnectOnOpen", "PoolIdleTimeout", "PoolMaxSize", "PoolMinSize", "PoolWaitTime", "UseConnectionPooling",
}

// ignoredSecretNames are the ignored properties whose values String hides.
var ignoredSecretNames = map[string]bool{"RTK": true, "FirewallPassword": true}

// ignoredIndex finds the canonical name of an ignored property by its
// ASCII-lower-cased name.
var ignoredIndex = indexNames(ignoredNames, func(s string) string { return s })

// oauthNames are CData's OAuth properties; OAuth is not supported.
var oauthNames = []string{
	"OAuthClientId", "OAuthClientSecret", "OAuthAccessToken", "OAuthRefreshToken",
	"OAuthSettingsLocation", "OAuthVerifier", "OAuthExpiresIn", "OAuthTokenTimestamp",
	"CallbackURL", "Scope",
}

// oauthIndex finds the canonical name of an OAuth property by its
// ASCII-lower-cased name.
var oauthIndex = indexNames(oauthNames, func(s string) string { return s })

// errOAuth reports that OAuth is not supported; what names the property that asked for it.
func errOAuth(what string) error {
	return fmt.Errorf("kintone: %s: OAuth is not supported by this driver; use AuthScheme=Password (User, Password) or AuthScheme=APIToken (APIToken, AppId)", what)
}
