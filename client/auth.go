package client

import (
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// MaxAPITokens is the most app API tokens kintone accepts in one request.
const MaxAPITokens = 9

// ErrUserAPINeedsPassword is returned, before anything is sent, when a User
// API (/v1/...) call is made by a client that has only app API tokens: the
// User API does not accept app tokens.
var ErrUserAPINeedsPassword = errors.New("kintone client: the User API (/v1/...) needs password authentication (Options.User and Password); app API tokens are not accepted there")

// Header names used for authentication.
const (
	headerCybozuAuth = "X-Cybozu-Authorization"
	headerAPIToken   = "X-Cybozu-API-Token"
	headerBasicAuth  = "Authorization"
)

// credentials holds the ready-made authentication header values. Its fields
// must never be logged or put into errors.
type credentials struct {
	password string // base64(user:password), or ""
	tokens   string // comma-joined app tokens, or ""
	basic    string // "Basic base64(user:password)", or ""
}

// newCredentials validates the authentication options and encodes the headers.
func newCredentials(opts Options) (credentials, error) {
	var cr credentials
	if (opts.User == "") != (opts.Password == "") {
		return cr, fmt.Errorf("kintone client: password authentication needs both User and Password")
	}
	if opts.User != "" {
		if strings.Contains(opts.User, ":") {
			return cr, fmt.Errorf("kintone client: User must not contain ':'")
		}
		cr.password = base64.StdEncoding.EncodeToString([]byte(opts.User + ":" + opts.Password))
	}
	if err := validateTokens(opts.APITokens); err != nil {
		return cr, err
	}
	cr.tokens = strings.Join(opts.APITokens, ",")
	if (opts.BasicAuthUser == "") != (opts.BasicAuthPassword == "") {
		return cr, fmt.Errorf("kintone client: Basic authentication needs both BasicAuthUser and BasicAuthPassword")
	}
	if opts.BasicAuthUser != "" {
		cr.basic = "Basic " + base64.StdEncoding.EncodeToString([]byte(opts.BasicAuthUser+":"+opts.BasicAuthPassword))
	}
	return cr, nil
}

// validateTokens checks the count and the shape of app API tokens without
// ever echoing a token.
func validateTokens(tokens []string) error {
	if len(tokens) > MaxAPITokens {
		return fmt.Errorf("kintone client: %d API tokens given; kintone accepts at most %d per request", len(tokens), MaxAPITokens)
	}
	for i, t := range tokens {
		if t == "" {
			return fmt.Errorf("kintone client: API token %d is empty", i+1)
		}
		if strings.ContainsFunc(t, func(r rune) bool { return r == ',' || r <= ' ' || r == 0x7f }) {
			return fmt.Errorf("kintone client: API token %d contains a comma, space or control character", i+1)
		}
	}
	return nil
}

// kind names the authentication in use, for String and logs.
func (cr credentials) kind() string {
	var s string
	switch {
	case cr.password != "":
		s = "password auth"
	case cr.tokens != "":
		s = "API token auth"
	default:
		s = "no auth"
	}
	if cr.basic != "" {
		s += " + basic auth"
	}
	return s
}

// apply sets the authentication headers for one request. Password auth wins
// over API tokens (both are never sent; kintone's priority between them is
// UNCONFIRMED, so sending one avoids depending on it). User API requests never
// carry app tokens and fail with ErrUserAPINeedsPassword when tokens are the
// only credential.
func (cr credentials) apply(h http.Header, userAPI bool) error {
	switch {
	case cr.password != "":
		h.Set(headerCybozuAuth, cr.password)
	case userAPI && cr.tokens != "":
		return ErrUserAPINeedsPassword
	case cr.tokens != "":
		h.Set(headerAPIToken, cr.tokens)
	}
	if cr.basic != "" {
		h.Set(headerBasicAuth, cr.basic)
	}
	return nil
}
