// Package testcert makes throwaway X.509 certificates for tests: private
// CAs, servers and clients signed by them.
package testcert

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"
	"time"
)

// Issue makes a certificate from tmpl, valid for an hour around now, signed
// by parent (self-signed when parent is nil), and returns it with its new
// P-256 key. A non-empty name becomes the subject's common name (replacing
// tmpl.Subject). It fails the test on error.
func Issue(t testing.TB, name string, parent *x509.Certificate, parentKey *ecdsa.PrivateKey, tmpl x509.Certificate) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, err := rand.Int(rand.Reader, big.NewInt(1<<62))
	if err != nil {
		t.Fatal(err)
	}
	tmpl.SerialNumber = serial
	if name != "" {
		tmpl.Subject = pkix.Name{CommonName: name}
	}
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
