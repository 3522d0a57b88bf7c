package main

import (
	"crypto/ecdsa"
	"crypto/tls"
	"crypto/x509"
	"encoding/pem"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kintone-sql/kintone/internal/testcert"
)

// tlsWritePEM writes the certificate and key as PEM files in dir.
func tlsWritePEM(t *testing.T, dir, name string, cert *x509.Certificate, key *ecdsa.PrivateKey) (certFile, keyFile string) {
	t.Helper()
	certFile, keyFile = filepath.Join(dir, name+".crt"), filepath.Join(dir, name+".key")
	der, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o600))
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}), 0o600))
	return certFile, keyFile
}

func TestEmulatorOwnCertificateAndClientCA(t *testing.T) {
	dir := t.TempDir()
	ca, caKey := testcert.Issue(t, "test CA", nil, nil, x509.Certificate{IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature})
	srvCert, srvKey := testcert.Issue(t, "localhost", ca, caKey, x509.Certificate{DNSNames: []string{"localhost"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
	cliCert, cliKey := testcert.Issue(t, "client", ca, caKey, x509.Certificate{ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
	caFile, _ := tlsWritePEM(t, dir, "ca", ca, caKey)
	certFile, keyFile := tlsWritePEM(t, dir, "server", srvCert, srvKey)

	url := emuStart(t, "--addr", "localhost:0", "--tls-cert", certFile, "--tls-key", keyFile, "--client-ca", caFile)
	roots := x509.NewCertPool()
	roots.AddCert(ca)
	clientPair := tls.Certificate{Certificate: [][]byte{cliCert.Raw}, PrivateKey: cliKey}
	tests := []struct {
		name    string
		certs   []tls.Certificate
		wantErr bool
	}{
		{"with client certificate", []tls.Certificate{clientPair}, false},
		{"without client certificate", nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			client := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: roots, Certificates: tc.certs}}}
			req, _ := http.NewRequest(http.MethodGet, url+"/k/v1/apps.json", nil)
			req.Header = passwordHeader("Administrator", "cybozu")
			resp, err := client.Do(req)
			if tc.wantErr {
				if !assert.Error(t, err, "request without a client certificate succeeded") {
					resp.Body.Close()
				}
				return
			}
			require.NoError(t, err)
			resp.Body.Close()
			assert.Equal(t, http.StatusOK, resp.StatusCode)
		})
	}
}

func TestShellWarnsWhenAcceptingAnyServerCertificate(t *testing.T) {
	dir := t.TempDir()
	ca, caKey := testcert.Issue(t, "private CA", nil, nil, x509.Certificate{IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature})
	srvCert, srvKey := testcert.Issue(t, "localhost", ca, caKey, x509.Certificate{DNSNames: []string{"localhost"},
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
	caFile, _ := tlsWritePEM(t, dir, "ca", ca, caKey)
	certFile, keyFile := tlsWritePEM(t, dir, "server", srvCert, srvKey)
	url := emuStart(t, "--addr", "localhost:0", "--tls-cert", certFile, "--tls-key", keyFile)
	dsn := "URL=" + url + ";User=Administrator;Password=cybozu"

	r := runBinary(t, "", nil, "--dsn", dsn, "-c", "SELECT 1 AS one")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, "certificate signed by unknown authority")

	r = runBinary(t, "", nil, "--dsn", dsn+";SSLServerCert="+caFile, "-c", "SELECT 1 AS one")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.NotContains(t, r.stderr, "WARNING")

	r = runBinary(t, "", nil, "--dsn", dsn+";SSLServerCert=*", "-c", "SELECT 1 AS one")
	assert.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stderr, "WARNING: SSLServerCert=* accepts any server certificate")
}
