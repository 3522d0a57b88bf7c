package main

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// tlsIssue makes a certificate signed by parent (self-signed when parent
// is nil) and returns it with its key.
func tlsIssue(t *testing.T, name string, parent *x509.Certificate, parentKey *ecdsa.PrivateKey, tmpl x509.Certificate) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	tmpl.SerialNumber = serial
	tmpl.Subject = pkix.Name{CommonName: name}
	tmpl.NotBefore = time.Now().Add(-time.Hour)
	tmpl.NotAfter = time.Now().Add(time.Hour)
	if parent == nil {
		parent, parentKey = &tmpl, key
	}
	der, err := x509.CreateCertificate(rand.Reader, &tmpl, parent, &key.PublicKey, parentKey)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return cert, key
}

// tlsWritePEM writes the certificate and key as PEM files in dir.
func tlsWritePEM(t *testing.T, dir, name string, cert *x509.Certificate, key *ecdsa.PrivateKey) (certFile, keyFile string) {
	t.Helper()
	certFile, keyFile = filepath.Join(dir, name+".crt"), filepath.Join(dir, name+".key")
	der, err := x509.MarshalECPrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}), 0o600); err != nil {
		t.Fatal(err)
	}
	return certFile, keyFile
}

func TestEmulatorOwnCertificateAndClientCA(t *testing.T) {
	dir := t.TempDir()
	ca, caKey := tlsIssue(t, "test CA", nil, nil, x509.Certificate{IsCA: true, BasicConstraintsValid: true,
		KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature})
	srvCert, srvKey := tlsIssue(t, "localhost", ca, caKey, x509.Certificate{DNSNames: []string{"localhost"},
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
	cliCert, cliKey := tlsIssue(t, "client", ca, caKey, x509.Certificate{ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth}})
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
				if err == nil {
					resp.Body.Close()
					t.Fatal("request without a client certificate succeeded")
				}
				return
			}
			if err != nil {
				t.Fatalf("request: %v", err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				t.Errorf("status = %d, want 200", resp.StatusCode)
			}
		})
	}
}
