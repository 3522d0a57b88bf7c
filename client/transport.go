package client

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/url"
	"time"
)

// TransportConfig describes the *http.Client built by NewHTTPClient.
type TransportConfig struct {
	// Timeout bounds each whole request, body included (0 = none; contexts
	// still apply). Keep it generous or zero when downloading large files.
	Timeout time.Duration
	// Certificates are TLS client certificates, for kintone's Secure Access
	// (use the ".s." host, e.g. https://example.s.cybozu.com).
	Certificates []tls.Certificate
	// RootCAs replaces the system roots when set (useful in tests).
	RootCAs *x509.CertPool
	// Proxy is the HTTP proxy to use; nil uses HTTPS_PROXY/HTTP_PROXY/NO_PROXY
	// from the environment.
	Proxy *url.URL
	// Concurrency is the expected number of requests in flight (the
	// client's MaxConcurrency): that many idle connections are kept, so that
	// parallel pages reuse connections instead of opening new ones (each a
	// TLS handshake against kintone). 0 means 16.
	Concurrency int
}

// NewHTTPClient returns an *http.Client for kintone configured by cfg: TLS 1.2
// or later, optional client certificates and custom roots, proxy and timeout,
// and enough idle connections per host for parallel paging.
func NewHTTPClient(cfg TransportConfig) *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.TLSClientConfig = &tls.Config{
		MinVersion:   tls.VersionTLS12,
		Certificates: cfg.Certificates,
		RootCAs:      cfg.RootCAs,
	}
	if cfg.Proxy != nil {
		tr.Proxy = http.ProxyURL(cfg.Proxy)
	} else {
		tr.Proxy = http.ProxyFromEnvironment
	}
	tr.MaxIdleConnsPerHost = 16
	if cfg.Concurrency > 0 {
		tr.MaxIdleConnsPerHost = cfg.Concurrency
	}
	tr.MaxIdleConns = max(tr.MaxIdleConns, tr.MaxIdleConnsPerHost)
	tr.ResponseHeaderTimeout = 0 // cursor creation may legitimately take minutes
	return &http.Client{Transport: tr, Timeout: cfg.Timeout}
}
