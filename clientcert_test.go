package kintone

import (
	"crypto/ecdsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"encoding/pem"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/kintone-sql/kintone/internal/testcert"
	"github.com/kintone-sql/kintone/kintonetest"
	"software.sslmate.com/src/go-pkcs12"
)

// testCA is a certificate authority made for one test.
type testCA struct {
	cert *x509.Certificate
	key  *ecdsa.PrivateKey
	pool *x509.CertPool
}

// newTestCA creates a self-signed CA.
func newTestCA(t *testing.T, name string) *testCA {
	t.Helper()
	cert, key := testcert.Issue(t, name, nil, nil, x509.Certificate{
		KeyUsage:              x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		BasicConstraintsValid: true,
		IsCA:                  true,
	})
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &testCA{cert: cert, key: key, pool: pool}
}

// issue signs a client certificate for subject.
func (ca *testCA) issue(t *testing.T, subject pkix.Name) (*x509.Certificate, *ecdsa.PrivateKey) {
	t.Helper()
	return testcert.Issue(t, "", ca.cert, ca.key, x509.Certificate{
		Subject:     subject,
		KeyUsage:    x509.KeyUsageDigitalSignature,
		ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageClientAuth},
	})
}

// pemKeyAndCert is a PEM text holding the private key and the certificate.
func pemKeyAndCert(t *testing.T, cert *x509.Certificate, key *ecdsa.PrivateKey) string {
	t.Helper()
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der})) +
		string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: cert.Raw}))
}

// writeFile writes data to name in the test's temporary directory.
func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestClientCertificate(t *testing.T) {
	ca := newTestCA(t, "Test Secure Access CA")
	srv := startServer(t, kintonetest.WithClientCA(ca.pool))
	numberedApp(t, srv, "Items", 2)

	subject := pkix.Name{CommonName: "alice", Organization: []string{"Example Corp"}}
	cert, key := ca.issue(t, subject)
	pemText := pemKeyAndCert(t, cert, key)
	const pfxPassword = "pfx-pass-42"
	pfx, err := pkcs12.Modern.Encode(key, cert, []*x509.Certificate{ca.cert}, pfxPassword)
	if err != nil {
		t.Fatal(err)
	}
	pemFile := writeFile(t, "client.pem", []byte(pemText))
	pfxFile := writeFile(t, "client.pfx", pfx)

	for _, tc := range []struct {
		name            string
		cert, typ, pass string
		subject         string
		wantType        string
	}{
		{"PEM file", pemFile, "", "", "", CertPEMKeyFile},
		{"PEM blob", pemText, "", "", "*", CertPEMKeyBlob},
		{"PFX file", pfxFile, "", pfxPassword, "CN=alice", CertPFXFile},
		{"PFX blob", base64.StdEncoding.EncodeToString(pfx), CertPFXBlob, pfxPassword, "cn=ALICE, o=example corp", CertPFXBlob},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := serverConfig(srv)
			cfg.SSLClientCert, cfg.SSLClientCertType, cfg.SSLClientCertPassword = tc.cert, tc.typ, tc.pass
			cfg.SSLClientCertSubject = tc.subject
			if got := cfg.ClientCertType(); got != tc.wantType {
				t.Fatalf("ClientCertType = %q, want %q", got, tc.wantType)
			}
			db, _ := openDB(t, srv, cfg)
			if err := db.Ping(); err != nil {
				t.Fatalf("Ping: %v", err)
			}
			if got := queryStrings(t, db, "SELECT label FROM Items ORDER BY n"); len(got) != 2 {
				t.Fatalf("rows = %v, want 2", got)
			}
		})
	}

	t.Run("no certificate", func(t *testing.T) {
		db, _ := openDB(t, srv, serverConfig(srv))
		err := db.Ping()
		if err == nil {
			t.Fatal("Ping without a client certificate succeeded")
		}
		if !strings.Contains(err.Error(), "tls") {
			t.Errorf("error %q does not point at TLS", err)
		}
	})
	t.Run("certificate of another CA", func(t *testing.T) {
		stranger, strangerKey := newTestCA(t, "Other CA").issue(t, subject)
		cfg := serverConfig(srv)
		cfg.SSLClientCert = pemKeyAndCert(t, stranger, strangerKey)
		db, _ := openDB(t, srv, cfg)
		if err := db.Ping(); err == nil {
			t.Fatal("Ping with a certificate of an unknown CA succeeded")
		}
	})
	t.Run("subject mismatch", func(t *testing.T) {
		cfg := serverConfig(srv)
		cfg.SSLClientCert, cfg.SSLClientCertSubject = pemFile, "CN=bob"
		_, err := NewConnector(cfg, WithHTTPClient(srv.Client()))
		if err == nil || !strings.Contains(err.Error(), "SSLClientCertSubject") || !strings.Contains(err.Error(), "CN=alice") {
			t.Fatalf("NewConnector error = %v, want a SSLClientCertSubject mismatch naming the certificate's subject", err)
		}
	})
	t.Run("wrong PFX password", func(t *testing.T) {
		cfg := serverConfig(srv)
		cfg.SSLClientCert, cfg.SSLClientCertPassword = pfxFile, "wrong-pfx-pass"
		_, err := NewConnector(cfg, WithHTTPClient(srv.Client()))
		if err == nil {
			t.Fatal("NewConnector with a wrong PFX password succeeded")
		}
		assertNoSecret(t, err, "wrong-pfx-pass", pfxPassword)
	})
	t.Run("blob never in errors", func(t *testing.T) {
		cfg := serverConfig(srv)
		cfg.SSLClientCert, cfg.SSLClientCertSubject = pemText, "CN=bob"
		_, err := NewConnector(cfg, WithHTTPClient(srv.Client()))
		if err == nil {
			t.Fatal("NewConnector succeeded")
		}
		assertNoSecret(t, err, "PRIVATE KEY", pemText[40:80])
	})
}

func TestCheckCertSubject(t *testing.T) {
	leaf := &x509.Certificate{Subject: pkix.Name{CommonName: "alice", Organization: []string{"Example Corp"}, Country: []string{"JP"}}}
	for _, tc := range []struct {
		want string
		ok   bool
	}{
		{"", true},
		{"*", true},
		{"CN=alice", true},
		{"cn = Alice , o = example corp", true},
		{"C=JP", true},
		{"example", true},
		{"CN=bob", false},
		{"O=Other", false},
	} {
		err := checkCertSubject(leaf, tc.want)
		if (err == nil) != tc.ok {
			t.Errorf("checkCertSubject(%q) = %v, want ok=%v (subject %s)", tc.want, err, tc.ok, leaf.Subject)
		}
	}
}
