package client

import "unicode"

// Explanation is the driver's English reading of a kintone error code,
// shown next to kintone's own message (which follows the user's language
// setting, so it is often Japanese).
type Explanation struct {
	// Meaning says in English what kintone refused.
	Meaning string
	// Hint says what to check or change, naming the DSN property when one
	// is concerned; "" when there is nothing to suggest.
	Hint string
}

// explanations covers the error codes of kintone's REST API that the
// driver knows (kintone's reference and real-tenant observations).
var explanations = map[string]Explanation{
	"CB_VA01": {"the request or a value in it is invalid (a field value, a parameter, or the query syntax)", ""},
	"CB_IJ01": {"the request body is not valid JSON", ""},
	"CB_IL02": {"the request is invalid (for example a malformed multipart body, or a method this path does not take)", ""},
	"CB_AU01": {"the request carries no usable authentication",
		"set User and Password (or PasswordEnv/PasswordFile), or APIToken with AuthScheme=APIToken"},
	"CB_WA01": {"password authentication failed: the login name or the password is wrong",
		"check the User and Password properties (or PasswordEnv/PasswordFile); for API-token access set AuthScheme=APIToken and APIToken"},
	"CB_NO02": {"no privilege for this operation, or the API is not found",
		"check the app's and the fields' permissions for User (or the API token's scope)"},
	"CB_TW02": {"the user has two-factor authentication turned on, which password authentication through the API cannot pass",
		"use an API token (AuthScheme=APIToken, APIToken) or a user without two-factor authentication"},
	"GAIA_NO01": {"this API token may not run this API",
		"give the API token the permission (view, add, edit, delete) the statement needs, in the app's API token settings"},
	"GAIA_IA02": {"the API token does not belong to this app",
		"list one token per app in APIToken (comma-separated), including the apps used through lookups and related records"},
	"GAIA_DA03": {"two API tokens of the same app were given", "keep one API token per app in APIToken"},
	"GAIA_AP01": {"the app does not exist, or was deleted", "check AppId / the table name"},
	"GAIA_RE01": {"the record does not exist, or was deleted", ""},
	"GAIA_RE02": {"the comment does not exist", ""},
	"GAIA_RE20": {"no record has this update key value", ""},
	"GAIA_BL01": {"the file does not exist (file keys of uploads expire after 3 days unless attached)", ""},
	"GAIA_CO02": {"the record was changed by someone else since it was read (revision conflict)", "read the record again and retry"},
	"GAIA_CO03": {"the app's settings were changed by someone else (revision conflict)", "retry with the current revision"},
	"GAIA_QU01": {"limit is above 500", ""},
	"GAIA_QU02": {"offset is above 10,000", "set UseCursor=true (the default) so that long ordered reads use the cursor API"},
	"GAIA_IQ03": {"the operator cannot be used with this field type", ""},
	"GAIA_IQ07": {"= and != cannot be used on a field inside a table (subtable); kintone takes in / not in there", ""},
	"GAIA_IQ10": {"the value is not one of the field's options", ""},
	"GAIA_IQ11": {"the query names a field that does not exist", "the app's form may have changed: reconnect to reload the fields"},
	"GAIA_IQ23": {"the day number given to a date function is invalid (1 to 31, or LAST)", ""},
	"GAIA_IQ25": {"FROM_TODAY's unit must be DAYS, WEEKS, MONTHS or YEARS", ""},
	"GAIA_IL08": {"a query function has the wrong number of arguments", ""},
	"GAIA_IR02": {"the dotted name form is only for related-records fields", ""},
	"GAIA_IL23": {"the app is in a guest space, which has its own API path", "set GuestSpaceId to the guest space's id"},
	"GAIA_LO04": {"the lookup key value matches no record of the source app", ""},
	"GAIA_LO03": {"the lookup's key field in the source app is not unique", ""},
	"GAIA_IL01": {"a calculation formula is invalid (an unknown field, a circular reference or a syntax error)", ""},
	"GAIA_FC01": {"a field code given to the settings API does not exist", ""},
	"GAIA_UN10": {"this field type cannot be written (status, creator, record number, ...)", ""},
	"GAIA_FU01": {"the user may not edit this field", "check the field permissions for User"},
	"GAIA_TM12": {"the domain already has 10 open cursors (kintone's limit)",
		"wait up to 10 minutes for abandoned cursors to expire, or set UseCursor=false"},
	"GAIA_TO04": {"too many concurrent API requests for the domain (100)", "the driver retries these; lower the parallelism of other clients"},
	"GAIA_DA02": {"the database is locked", "retry"},
	"GAIA_LT01": {"the database is locked", "retry"},
}

// Explain returns the driver's English explanation of a kintone error
// code, and whether it knows the code.
func Explain(code string) (Explanation, bool) {
	ex, ok := explanations[code]
	return ex, ok
}

// explanationText is what Error adds after kintone's message: the English
// meaning when the message is not English, and the hint.
func (e *Error) explanationText() string {
	ex, ok := explanations[e.Code]
	if !ok {
		return ""
	}
	var parts []string
	if !isASCII(e.Message) || e.Message == "" {
		parts = append(parts, ex.Meaning)
	}
	if ex.Hint != "" {
		parts = append(parts, "hint: "+ex.Hint)
	}
	switch len(parts) {
	case 0:
		return ""
	case 1:
		return " (" + parts[0] + ")"
	}
	return " (" + parts[0] + "; " + parts[1] + ")"
}

// isASCII reports whether s holds only ASCII characters.
func isASCII(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII {
			return false
		}
	}
	return true
}
