// Package client is the REST client for kintone and the cybozu.com User API.
// It is the single place in the project that speaks HTTP to kintone: it
// builds URLs (normal, guest-space, preview and User API paths), sends the
// authentication headers, encodes parameters, retries idempotent reads on
// 429/503, and turns kintone's error bodies into *Error values. It knows
// nothing of SQL.
//
// Conventions: identifiers sent to kintone (app, record, space, user ids) are
// int64 parameters; identifiers read back from kintone JSON keep kintone's
// string form in the JSON types (App.AppID, Comment.ID, ...), except where a
// method documents that it parses them (record ids and revisions).
package client

import (
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync/atomic"
	"time"
)

// DefaultUserAgent is the User-Agent sent when Options.UserAgent is empty.
const DefaultUserAgent = "kintone-sql-go"

// defaultMaxRetries is the number of extra attempts for retryable reads when
// Options.MaxRetries is zero.
const defaultMaxRetries = 3

// Options configures a Client.
type Options struct {
	// BaseURL is the kintone origin, e.g. "https://example.cybozu.com".
	// https is required; plain http is accepted only for a loopback host
	// (127.0.0.0/8, ::1 or "localhost"), which is what the emulator uses.
	BaseURL string
	// User and Password select password authentication
	// (X-Cybozu-Authorization). When they are set, APITokens are ignored.
	User, Password string
	// APITokens are app API tokens sent as X-Cybozu-API-Token (at most 9).
	// They are never sent to the User API.
	APITokens []string
	// BasicAuthUser and BasicAuthPassword add an Authorization: Basic header
	// on top of the kintone authentication, for domains with Basic auth.
	BasicAuthUser, BasicAuthPassword string
	// GuestSpaceID, when positive, routes kintone API calls through
	// /k/guest/{id}/v1/.
	GuestSpaceID int64
	// HTTPClient sends the requests; nil means NewHTTPClient(TransportConfig{}).
	// The Client uses a copy that never follows redirects (a redirect would
	// carry the X-Cybozu-* credentials to another host); a 3xx answer becomes
	// an *Error.
	HTTPClient *http.Client
	// Logger receives one Debug record per HTTP attempt; nil discards.
	Logger *slog.Logger
	// UserAgent overrides DefaultUserAgent.
	UserAgent string
	// MaxConcurrency, when positive, caps the requests in flight from this
	// client and its copies (kintone allows 100 per domain).
	MaxConcurrency int
	// MaxRetries is the number of extra attempts for reads that fail with 429
	// or 503: zero means 3, a negative value disables retries. Writes are never
	// retried.
	MaxRetries int
}

// Client calls kintone's REST API and the cybozu.com User API. It is safe for
// concurrent use; the With* methods return shallow copies that share the
// request counter, concurrency limit, logger and HTTP client.
type Client struct {
	base      *url.URL
	creds     credentials
	guestID   int64
	http      *http.Client
	log       *slog.Logger
	userAgent string
	retry     retryPolicy
	requests  *atomic.Int64
	slots     chan struct{} // nil when concurrency is unlimited
	pressure  *pressure     // pause after kintone reports its concurrency limit reached
}

// retryPolicy bounds the retries of idempotent reads.
type retryPolicy struct {
	max  int           // extra attempts after the first
	base time.Duration // first backoff
	cap  time.Duration // longest backoff
}

// New validates opts and returns a Client. It sends no request.
func New(opts Options) (*Client, error) {
	base, err := parseBaseURL(opts.BaseURL)
	if err != nil {
		return nil, err
	}
	creds, err := newCredentials(opts)
	if err != nil {
		return nil, err
	}
	if opts.GuestSpaceID < 0 {
		return nil, fmt.Errorf("kintone client: GuestSpaceID must not be negative (got %d)", opts.GuestSpaceID)
	}
	if opts.MaxConcurrency < 0 {
		return nil, fmt.Errorf("kintone client: MaxConcurrency must not be negative (got %d)", opts.MaxConcurrency)
	}
	c := &Client{
		base:      base,
		creds:     creds,
		guestID:   opts.GuestSpaceID,
		http:      opts.HTTPClient,
		log:       opts.Logger,
		userAgent: opts.UserAgent,
		retry:     retryPolicy{max: opts.MaxRetries, base: 250 * time.Millisecond, cap: 4 * time.Second},
		requests:  new(atomic.Int64),
		pressure:  new(pressure),
	}
	if c.http == nil {
		c.http = NewHTTPClient(TransportConfig{})
	}
	hc := *c.http
	hc.CheckRedirect = refuseRedirect
	c.http = &hc
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	if c.userAgent == "" {
		c.userAgent = DefaultUserAgent
	}
	switch {
	case c.retry.max == 0:
		c.retry.max = defaultMaxRetries
	case c.retry.max < 0:
		c.retry.max = 0
	}
	if opts.MaxConcurrency > 0 {
		c.slots = make(chan struct{}, opts.MaxConcurrency)
	}
	return c, nil
}

// refuseRedirect stops http.Client from following redirects, so that
// credentials never travel to a host other than BaseURL.
func refuseRedirect(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// parseBaseURL checks that raw is an https origin, or an http origin on a
// loopback host, with no path, query, fragment or credentials.
func parseBaseURL(raw string) (*url.URL, error) {
	if raw == "" {
		return nil, fmt.Errorf("kintone client: BaseURL is empty")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("kintone client: BaseURL is not a valid URL: %w", err)
	}
	if u.User != nil {
		return nil, fmt.Errorf("kintone client: BaseURL must not contain credentials; use Options.User/Password")
	}
	if u.Host == "" || u.Hostname() == "" {
		return nil, fmt.Errorf("kintone client: BaseURL %q has no host", u.Redacted())
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
	case "http":
		if !isLoopback(u.Hostname()) {
			return nil, fmt.Errorf("kintone client: BaseURL %q uses http; https is required except for localhost and loopback addresses", u.Redacted())
		}
	default:
		return nil, fmt.Errorf("kintone client: BaseURL %q must use https", u.Redacted())
	}
	if u.Path != "" && u.Path != "/" {
		return nil, fmt.Errorf("kintone client: BaseURL must be an origin such as https://example.cybozu.com, not a page (path %q)", u.Path)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("kintone client: BaseURL must not have a query or fragment")
	}
	return &url.URL{Scheme: strings.ToLower(u.Scheme), Host: u.Host}, nil
}

// isLoopback reports whether host is "localhost" or a loopback IP address.
func isLoopback(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// WithGuestSpace returns a copy of c whose kintone API calls go through the
// guest space id (0 means no guest space).
func (c *Client) WithGuestSpace(id int64) *Client {
	cp := *c
	cp.guestID = id
	return &cp
}

// WithAPITokens returns a copy of c that sends tokens instead of c's API
// tokens; password authentication, when configured, still takes precedence.
func (c *Client) WithAPITokens(tokens []string) (*Client, error) {
	if err := validateTokens(tokens); err != nil {
		return nil, err
	}
	cp := *c
	cp.creds.tokens = strings.Join(tokens, ",")
	return &cp, nil
}

// GuestSpaceID returns the guest space id used for kintone API paths (0 if none).
func (c *Client) GuestSpaceID() int64 { return c.guestID }

// BaseURL returns the origin requests are sent to.
func (c *Client) BaseURL() string { return c.base.String() }

// MaxConcurrency returns the cap on requests in flight (Options.MaxConcurrency),
// 0 when unlimited.
func (c *Client) MaxConcurrency() int { return cap(c.slots) }

// Requests returns the number of HTTP requests sent so far by c and its copies,
// retries included.
func (c *Client) Requests() int64 { return c.requests.Load() }

// String describes the client without any credential.
func (c *Client) String() string {
	s := fmt.Sprintf("kintone client %s (%s)", c.base, c.creds.kind())
	if c.guestID > 0 {
		s += fmt.Sprintf(" guest space %d", c.guestID)
	}
	return s
}

// GoString is String, so that %#v cannot print credentials.
func (c *Client) GoString() string { return c.String() }

// LogValue makes slog print the client without credentials.
func (c *Client) LogValue() slog.Value { return slog.StringValue(c.String()) }
