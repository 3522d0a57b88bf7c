package kintone

import (
	"crypto/tls"
	"errors"
	"net/http"

	"github.com/kintone-sql/kintone/client"
)

// newHTTPClient returns the *http.Client a Connector sends its requests
// with: Timeout, the client certificate (SSLClientCert...), the server
// certificates to accept (SSLServerCert) and the proxy (ProxyServer...) from
// cfg. When base is not nil (WithHTTPClient) it is
// copied and its transport cloned before the certificate and proxy are
// added, so the caller's client is never changed.
func newHTTPClient(cfg *Config, base *http.Client) (*http.Client, error) {
	cert, err := loadClientCertificate(cfg)
	if err != nil {
		return nil, err
	}
	var certs []tls.Certificate
	if cert != nil {
		certs = []tls.Certificate{*cert}
	}
	proxy := cfg.ProxyURL()
	if base == nil {
		hc := client.NewHTTPClient(client.TransportConfig{Timeout: cfg.Timeout, Certificates: certs, Proxy: proxy, Concurrency: cfg.MaxConcurrency})
		if err := applyServerCert(hc.Transport.(*http.Transport).TLSClientConfig, cfg.SSLServerCert); err != nil {
			return nil, err
		}
		return hc, nil
	}
	hc := *base
	hc.Timeout = cfg.Timeout
	if certs == nil && proxy == nil && cfg.SSLServerCert == "" {
		return &hc, nil
	}
	rt := base.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	tr, ok := rt.(*http.Transport)
	if !ok {
		return nil, errors.New("kintone: WithHTTPClient: SSLClientCert, SSLServerCert and ProxyServer need the client's Transport to be an *http.Transport")
	}
	tr = tr.Clone()
	if tr.TLSClientConfig == nil {
		tr.TLSClientConfig = &tls.Config{MinVersion: tls.VersionTLS12}
	}
	if certs != nil {
		tr.TLSClientConfig.Certificates = certs
	}
	if err := applyServerCert(tr.TLSClientConfig, cfg.SSLServerCert); err != nil {
		return nil, err
	}
	if proxy != nil {
		tr.Proxy = http.ProxyURL(proxy)
	}
	hc.Transport = tr
	return &hc, nil
}
