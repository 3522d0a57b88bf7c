package client

import (
	"context"
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"software.sslmate.com/src/go-pkcs12"

	"github.com/kintone-sql/kintone/internal/testcert"
)

// newTestCert creates a client-auth certificate for cn signed by parent
// (self-signed when parent is nil).
func newTestCert(t *testing.T, cn string, isCA bool, parent *x509.Certificate, parentKey *ecdsa.PrivateKey) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	return testcert.Issue(t, cn, parent, parentKey, x509.Certificate{
		KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign,
		ExtKeyUsage:           []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
		BasicConstraintsValid: true,
		IsCA:                  isCA,
	})
}

// mtlsServer starts a TLS server that requires a client certificate issued
// by ca and answers with the client certificate's common name.
func mtlsServer(t *testing.T, ca *x509.Certificate) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"appId":"`+r.TLS.PeerCertificates[0].Subject.CommonName+`"}`)
	}))
	pool := x509.NewCertPool()
	pool.AddCert(ca)
	srv.TLS = &tls.Config{ClientAuth: tls.RequireAndVerifyClientCert, ClientCAs: pool}
	srv.Config.ErrorLog = log.New(io.Discard, "", 0) // the refused handshake is expected
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return srv
}

// appIDOverTLS calls GetApp on srv presenting certs and returns the answer.
func appIDOverTLS(t *testing.T, srv *httptest.Server, certs []tls.Certificate) (string, error) {
	t.Helper()
	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())
	c, err := New(Options{BaseURL: srv.URL, User: "u", Password: "p",
		HTTPClient: NewHTTPClient(TransportConfig{Certificates: certs, RootCAs: roots, Timeout: 10 * time.Second})})
	if err != nil {
		t.Fatal(err)
	}
	app, err := c.GetApp(context.Background(), 1)
	return app.AppID, err
}

func TestPEMClientCertificate(t *testing.T) {
	cert, key := newTestCert(t, "pem-client", true, nil, nil)
	dir := t.TempDir()
	certFile, keyFile := filepath.Join(dir, "c.pem"), filepath.Join(dir, "k.pem")
	keyDER, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}), 0o600); err != nil {
		t.Fatal(err)
	}
	tc, err := LoadPEMCertificate(certFile, keyFile)
	if err != nil {
		t.Fatal(err)
	}
	srv := mtlsServer(t, cert)
	if got, err := appIDOverTLS(t, srv, []tls.Certificate{tc}); err != nil || got != "pem-client" {
		t.Fatalf("with client cert: %q, %v", got, err)
	}
	if _, err := appIDOverTLS(t, srv, nil); err == nil {
		t.Fatal("server accepted a connection without a client certificate")
	}
	if _, err := LoadPEMCertificate(certFile, certFile); err == nil || !strings.Contains(err.Error(), "PEM client certificate") {
		t.Errorf("bad key file error = %v", err)
	}
}

func TestPKCS12ClientCertificate(t *testing.T) {
	ca, caKey := newTestCert(t, "test-ca", true, nil, nil)
	leaf, leafKey := newTestCert(t, "p12-client", false, ca, caKey)
	const password = "p12-Pass!"
	data, err := pkcs12.Modern.Encode(leafKey, leaf, []*x509.Certificate{ca}, password)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "client.pfx")
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	tc, err := LoadPKCS12Certificate(file, password)
	if err != nil {
		t.Fatal(err)
	}
	if len(tc.Certificate) != 2 || tc.Leaf == nil || tc.Leaf.Subject.CommonName != "p12-client" {
		t.Fatalf("certificate chain = %d entries, leaf %v", len(tc.Certificate), tc.Leaf)
	}
	if got, err := appIDOverTLS(t, mtlsServer(t, ca), []tls.Certificate{tc}); err != nil || got != "p12-client" {
		t.Fatalf("with PKCS#12 client cert: %q, %v", got, err)
	}

	_, err = LoadPKCS12Certificate(file, "wrong")
	if err == nil || strings.Contains(err.Error(), password) || strings.Contains(err.Error(), "wrong") {
		t.Errorf("wrong password error = %v", err)
	}
	if _, err := ParsePKCS12Certificate([]byte("not pkcs12"), password); err == nil {
		t.Error("garbage accepted as PKCS#12")
	}
	if _, err := LoadPKCS12Certificate(filepath.Join(t.TempDir(), "missing.pfx"), password); err == nil {
		t.Error("missing file accepted")
	}
}

func TestNewHTTPClientConfig(t *testing.T) {
	proxy, _ := url.Parse("http://proxy.internal:3128")
	hc := NewHTTPClient(TransportConfig{Proxy: proxy, Timeout: 7 * time.Second})
	tr := hc.Transport.(*http.Transport)
	req, _ := http.NewRequest(http.MethodGet, "https://example.cybozu.com/k/v1/app.json", nil)
	if got, err := tr.Proxy(req); err != nil || got.String() != proxy.String() {
		t.Errorf("proxy = %v, %v; want %s", got, err, proxy)
	}
	if hc.Timeout != 7*time.Second || tr.TLSClientConfig.MinVersion != tls.VersionTLS12 {
		t.Errorf("timeout %v, TLS min version %x", hc.Timeout, tr.TLSClientConfig.MinVersion)
	}
	if NewHTTPClient(TransportConfig{}).Transport == http.DefaultTransport {
		t.Error("NewHTTPClient must not share http.DefaultTransport")
	}
}
