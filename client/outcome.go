package client

import (
	"crypto/tls"
	"errors"
	"net"
	"net/http"
)

// ErrOutcomeUnknown is matched (errors.Is) by the error of a writing
// request (any method but GET) that left the process but whose answer was
// lost: the connection broke after the request was sent, a proxy answered
// 502 or 504, or kintone's success answer could not be read. kintone may
// or may not have applied it; the caller has to look before sending it
// again.
var ErrOutcomeUnknown = errors.New("the request was sent but its answer was lost, so kintone may or may not have applied it")

// unknownOutcome wraps the error of a writing request whose outcome is
// unknown; it matches ErrOutcomeUnknown and unwraps to the cause too.
type unknownOutcome struct{ err error }

// Error returns the cause's message.
func (u *unknownOutcome) Error() string { return u.err.Error() }

// Unwrap returns the sentinel and the cause.
func (u *unknownOutcome) Unwrap() []error { return []error{ErrOutcomeUnknown, u.err} }

// writes reports whether o may change data on the server (everything but
// GET, including GET sent as POST with the method override).
func (o *outgoing) writes() bool { return o.method != http.MethodGet }

// lostAnswer marks err, the failure of o's HTTP exchange, as an unknown
// outcome when o writes and the request may have reached kintone: always,
// except when the connection was never made (dial, DNS, TLS handshake
// errors).
func (o *outgoing) lostAnswer(err error) error {
	if !o.writes() || neverSent(err) {
		return err
	}
	return &unknownOutcome{err: err}
}

// lostStatus marks the error answer of a writing request as an unknown
// outcome when it came from something between the client and kintone
// rather than from kintone itself: 502 and 504 (a proxy or load balancer
// gave up waiting, while kintone may have acted), and any other 5xx that
// does not carry a kintone error code, except 503 (maintenance pages, sent
// before a request is processed).
func (o *outgoing) lostStatus(e *Error) error {
	if !o.writes() {
		return e
	}
	switch {
	case e.StatusCode == http.StatusBadGateway || e.StatusCode == http.StatusGatewayTimeout:
	case e.StatusCode >= 500 && e.StatusCode != http.StatusServiceUnavailable && e.Code == "":
	default:
		return e
	}
	return &unknownOutcome{err: e}
}

// neverSent reports whether err shows that no request reached the server:
// the connection could not be opened or its TLS handshake failed.
func neverSent(err error) bool {
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true
	}
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	var rec tls.RecordHeaderError
	var cert *tls.CertificateVerificationError
	return errors.As(err, &rec) || errors.As(err, &cert)
}
