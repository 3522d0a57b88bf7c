package kintonetest

import (
	"crypto/x509"
	"net"
	"time"
)

// Option configures a Server.
type Option func(*config)

type config struct {
	tls              bool
	clientCAs        *x509.CertPool
	basicUser        string
	basicPass        string
	latency          time.Duration
	faults           Faults
	concurrencyLimit int
	clock            func() time.Time
	listener         net.Listener
	noDefaultUser    bool
	deviations       Deviations
}

// WithTLS serves HTTPS with a self-signed certificate; Server.Client
// trusts it.
func WithTLS() Option { return func(c *config) { c.tls = true } }

// WithClientCA serves HTTPS and requires a client certificate signed by one
// of pool, as kintone's Secure Access (".s." host) does.
func WithClientCA(pool *x509.CertPool) Option {
	return func(c *config) { c.tls = true; c.clientCAs = pool }
}

// WithBasicAuth requires HTTP Basic credentials on every request, in
// addition to kintone's own authentication.
func WithBasicAuth(user, password string) Option {
	return func(c *config) { c.basicUser, c.basicPass = user, password }
}

// WithLatency delays every response by d (the request's context cancels
// the wait).
func WithLatency(d time.Duration) Option { return func(c *config) { c.latency = d } }

// WithFaults injects failures at the given rate.
func WithFaults(f Faults) Option { return func(c *config) { c.faults = f } }

// WithConcurrencyLimit answers 429 GAIA_TO04 when more than n requests are
// in flight (kintone's limit is 100 per domain).
func WithConcurrencyLimit(n int) Option { return func(c *config) { c.concurrencyLimit = n } }

// WithClock replaces the server's clock (record times, date functions,
// cursor expiry).
func WithClock(now func() time.Time) Option { return func(c *config) { c.clock = now } }

// WithListener serves on l instead of a fresh loopback port.
func WithListener(l net.Listener) Option { return func(c *config) { c.listener = l } }

// WithoutDefaultUser starts the server with no users; by default it has
// the administrator "Administrator" with password "cybozu".
func WithoutDefaultUser() Option { return func(c *config) { c.noDefaultUser = true } }

// FaultKind is a kind of injected failure.
type FaultKind int

// The injectable failures.
const (
	// FaultTooManyRequests answers 429 GAIA_TO04 as kintone does past its
	// concurrency limit.
	FaultTooManyRequests FaultKind = iota + 1
	// FaultUnavailable answers 503 with an HTML body, as during
	// maintenance.
	FaultUnavailable
	// FaultInternal answers 520 GAIA_DA02 (database locked).
	FaultInternal
	// FaultDropConnection closes the connection without a response.
	FaultDropConnection
	// FaultDropAfterApply carries the request out (the store changes, a
	// cursor moves on), then closes the connection without a response: the
	// answer is lost after the server acted.
	FaultDropAfterApply
	// FaultBadGatewayAfterApply carries the request out, then answers 502
	// as a proxy in front of kintone does when the upstream answer is lost.
	FaultBadGatewayAfterApply
)

// Faults injects failures into a fraction of requests.
type Faults struct {
	// Rate is the probability (0..1) that a request fails.
	Rate float64
	// Kinds are chosen from at random; empty means FaultTooManyRequests.
	Kinds []FaultKind
	// Seed makes the choice repeatable.
	Seed uint64
	// Match limits faults to requests whose resource path (e.g.
	// "records.json") equals it; empty matches all.
	Match string
	// Methods limits faults to requests with one of these methods; a POST
	// with X-HTTP-Method-Override: GET counts as GET. Empty matches all.
	Methods []string
}
