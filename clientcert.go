package kintone

import (
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"fmt"
	"strings"

	"github.com/kintone-sql/kintone/client"
)

// loadClientCertificate reads the TLS client certificate that SSLClientCert
// names (per ClientCertType) and checks it against SSLClientCertSubject. It
// returns nil when no certificate is configured. Errors never contain an
// inline certificate or its password.
func loadClientCertificate(cfg *Config) (*tls.Certificate, error) {
	var (
		cert tls.Certificate
		err  error
	)
	switch t := cfg.ClientCertType(); t {
	case "":
		return nil, nil
	case CertPEMKeyFile:
		// One file holds both the key and the certificate chain; the
		// certificate reader skips key blocks and the key reader skips
		// certificate blocks, so the same path serves both.
		cert, err = client.LoadPEMCertificate(cfg.SSLClientCert, cfg.SSLClientCert)
	case CertPEMKeyBlob:
		blob := []byte(cfg.SSLClientCert)
		cert, err = tls.X509KeyPair(blob, blob)
		if err != nil {
			err = fmt.Errorf("kintone: SSLClientCert (inline PEM): %w", err)
		}
	case CertPFXFile:
		cert, err = client.LoadPKCS12Certificate(cfg.SSLClientCert, cfg.SSLClientCertPassword)
	case CertPFXBlob:
		var data []byte
		data, err = base64.StdEncoding.DecodeString(strings.Join(strings.Fields(cfg.SSLClientCert), ""))
		if err != nil {
			return nil, fmt.Errorf("kintone: SSLClientCert: SSLClientCertType=PFXBLOB needs base64-encoded PKCS#12 data: %w", err)
		}
		cert, err = client.ParsePKCS12Certificate(data, cfg.SSLClientCertPassword)
	default:
		return nil, fmt.Errorf("kintone: SSLClientCertType %q is not supported", t)
	}
	if err != nil {
		return nil, err
	}
	if cert.Leaf == nil {
		if cert.Leaf, err = x509.ParseCertificate(cert.Certificate[0]); err != nil {
			return nil, fmt.Errorf("kintone: SSLClientCert: parsing the certificate: %w", err)
		}
	}
	if err := checkCertSubject(cert.Leaf, cfg.SSLClientCertSubject); err != nil {
		return nil, err
	}
	return &cert, nil
}

// checkCertSubject checks that want (unless "" or "*") occurs in the subject
// of leaf, ignoring case and spaces around "," and "=", so that
// "CN=alice, O=Example" matches a subject printed as "CN=alice,O=Example".
func checkCertSubject(leaf *x509.Certificate, want string) error {
	if want == "" || want == "*" {
		return nil
	}
	got := leaf.Subject.String()
	if !strings.Contains(normalizeSubject(got), normalizeSubject(want)) {
		return fmt.Errorf("kintone: SSLClientCertSubject %q does not match the client certificate, whose subject is %q", want, got)
	}
	return nil
}

// normalizeSubject lower-cases a distinguished name and drops the spaces
// around its separators.
func normalizeSubject(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	for _, sep := range []string{",", "=", "+"} {
		parts := strings.Split(s, sep)
		for i, p := range parts {
			parts[i] = strings.TrimSpace(p)
		}
		s = strings.Join(parts, sep)
	}
	return s
}
