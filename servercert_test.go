package kintone

import (
	"bytes"
	"context"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"database/sql"
	"encoding/hex"
	"encoding/pem"
	"log/slog"
	"net"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kintone-sql/kintone/internal/testcert"
	"github.com/kintone-sql/kintone/kintonetest"
)

// privateCA is a certificate authority the machine does not trust, and an
// emulator serving HTTPS with a certificate it signed.
type privateCA struct {
	ca, leaf *x509.Certificate
	url      string
}

// startPrivateCAServer serves the emulator over HTTPS with a certificate
// for 127.0.0.1 signed by a new private CA.
func startPrivateCAServer(t *testing.T) privateCA {
	t.Helper()
	ca, caKey := testcert.Issue(t, "kintone-sql test CA", nil, nil, x509.Certificate{IsCA: true,
		BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign})
	leaf, leafKey := testcert.Issue(t, "127.0.0.1", ca, caKey, x509.Certificate{
		IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)}, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth}})
	emu := startServer(t)
	srv := httptest.NewUnstartedServer(emu.Handler())
	srv.TLS = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{leaf.Raw, ca.Raw}, PrivateKey: leafKey}}}
	srv.StartTLS()
	t.Cleanup(srv.Close)
	return privateCA{ca: ca, leaf: leaf, url: srv.URL}
}

// pingWith connects to url as the emulator's administrator with
// SSLServerCert set to v, and returns Ping's error.
func pingWith(t *testing.T, url, v string, opts ...ConnectorOption) error {
	t.Helper()
	cfg := NewConfig()
	cfg.URL = url
	cfg.User, cfg.Password = kintonetest.DefaultUser, kintonetest.DefaultPassword
	cfg.SSLServerCert = v
	c, err := NewConnector(cfg, opts...)
	if err != nil {
		return err
	}
	db := sql.OpenDB(c)
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	return db.PingContext(ctx)
}

func pemOf(c *x509.Certificate) string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw}))
}

func TestSSLServerCertTrustsAPrivateCA(t *testing.T) {
	s := startPrivateCAServer(t)
	require.ErrorContains(t, pingWith(t, s.url, ""), "certificate signed by unknown authority",
		"without SSLServerCert the private CA is not trusted")

	caFile := filepath.Join(t.TempDir(), "ca.pem")
	require.NoError(t, os.WriteFile(caFile, []byte(pemOf(s.ca)), 0o600))
	derFile := filepath.Join(t.TempDir(), "ca.cer")
	require.NoError(t, os.WriteFile(derFile, s.ca.Raw, 0o600))
	spki, err := x509.MarshalPKIXPublicKey(s.leaf.PublicKey)
	require.NoError(t, err)

	for name, v := range map[string]string{
		"CA PEM file":          caFile,
		"CA DER file":          derFile,
		"CA PEM text":          pemOf(s.ca),
		"server PEM text":      pemOf(s.leaf),
		"server public key":    string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: spki})),
		"server PEM in a DSN ": strings.ReplaceAll(pemOf(s.leaf), "\n", " "),
	} {
		t.Run(name, func(t *testing.T) {
			assert.NoError(t, pingWith(t, s.url, v))
		})
	}
}

func TestSSLServerCertPinsAFingerprint(t *testing.T) {
	s := startPrivateCAServer(t)
	sum256 := sha256.Sum256(s.leaf.Raw)
	sum1 := sha1.Sum(s.leaf.Raw)
	hex256, hex1 := hex.EncodeToString(sum256[:]), hex.EncodeToString(sum1[:])
	colons := func(h string) string {
		var parts []string
		for i := 0; i < len(h); i += 2 {
			parts = append(parts, strings.ToUpper(h[i:i+2]))
		}
		return strings.Join(parts, ":")
	}
	for name, v := range map[string]string{
		"SHA-256":              hex256,
		"SHA-256 with colons":  colons(hex256),
		"SHA-256 with a label": "SHA256:" + colons(hex256),
		"SHA-1":                hex1,
		"SHA-1 with spaces":    strings.ReplaceAll(colons(hex1), ":", " "),
	} {
		t.Run(name, func(t *testing.T) {
			assert.NoError(t, pingWith(t, s.url, v))
		})
	}

	t.Run("wrong pin", func(t *testing.T) {
		wrong := sha256.Sum256([]byte("another certificate"))
		err := pingWith(t, s.url, hex.EncodeToString(wrong[:]))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "neither trusted nor the one SSLServerCert names")
		assert.Contains(t, err.Error(), hex256, "the error shows the server's fingerprint, to compare")
		assert.Contains(t, err.Error(), `subject "CN=127.0.0.1"`)
	})
	t.Run("wrong CA", func(t *testing.T) {
		other, _ := testcert.Issue(t, "other CA", nil, nil, x509.Certificate{IsCA: true,
			BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign})
		assert.ErrorContains(t, pingWith(t, s.url, pemOf(other)), "neither trusted nor the one SSLServerCert names")
	})
}

func TestSSLServerCertAcceptsAnyWithAWarning(t *testing.T) {
	s := startPrivateCAServer(t)
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, nil))
	require.NoError(t, pingWith(t, s.url, "*", WithLogger(logger)))
	assert.Contains(t, logs.String(), "level=WARN")
	assert.Contains(t, logs.String(), "SSLServerCert=* accepts any server certificate")
}

func TestSSLServerCertBadValues(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.pem")
	garbage := filepath.Join(t.TempDir(), "garbage.pem")
	require.NoError(t, os.WriteFile(garbage, []byte("-----BEGIN NOTHING-----\nAAAA\n-----END NOTHING-----\n"), 0o600))
	for name, tc := range map[string]struct{ value, want string }{
		"missing file":     {missing, "not PEM text, nor a SHA-256/SHA-1/MD5 fingerprint in hex, nor a readable file"},
		"short hex":        {"abcdef", "nor a readable file"},
		"PEM without cert": {garbage, "no CERTIFICATE or PUBLIC KEY block"},
		"bad inline PEM":   {"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "SSLServerCert (inline PEM): parsing a certificate"},
	} {
		t.Run(name, func(t *testing.T) {
			cfg := NewConfig()
			cfg.URL, cfg.User, cfg.Password = "https://example.cybozu.com", "u", "p"
			cfg.SSLServerCert = tc.value
			_, err := NewConnector(cfg)
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

func TestSSLServerCertInDSN(t *testing.T) {
	cfg, err := ParseDSN("URL=https://example.cybozu.com;User=u;Password=p;SSLServerCert=SHA256:AB:CD")
	require.NoError(t, err)
	assert.Equal(t, "SHA256:AB:CD", cfg.SSLServerCert)
	assert.Empty(t, cfg.IgnoredProperties(), "SSLServerCert is used, not ignored")
	assert.Contains(t, cfg.FormatDSN(), "SSLServerCert=")
}
