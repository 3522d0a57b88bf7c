package kintone

import (
	"bytes"
	"crypto/md5"
	"crypto/sha1"
	"crypto/sha256"
	"crypto/tls"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"os"
	"regexp"
	"strings"
)

// AcceptAnyServerCert is the SSLServerCert value that accepts every server
// certificate, as CData's "*" does. It is insecure: anyone on the path can
// read the credentials and the data.
const AcceptAnyServerCert = "*"

// serverTrust is what SSLServerCert accepts besides the certificates the
// machine trusts: certificates given in full (also used as extra roots, so a
// private CA's certificate admits the servers it signed), public keys, and
// fingerprints of the server's own certificate.
type serverTrust struct {
	certs      []*x509.Certificate
	publicKeys [][]byte // DER SubjectPublicKeyInfo
	// fingerprints are hex digests (MD5, SHA-1 or SHA-256 by length) of the
	// server's certificate.
	fingerprints []string
}

// parseServerTrust reads an SSLServerCert value other than "" and "*": PEM
// text, a hex fingerprint (colons and spaces allowed; an optional "SHA256:",
// "SHA1:" or "MD5:" prefix), or the path of a PEM or DER certificate file.
func parseServerTrust(v string) (*serverTrust, error) {
	v = strings.TrimSpace(v)
	if strings.Contains(v, "-----BEGIN") {
		t, err := parseServerPEM([]byte(v))
		if err != nil {
			return nil, fmt.Errorf("kintone: SSLServerCert (inline PEM): %w", err)
		}
		return t, nil
	}
	if fp, ok := parseFingerprint(v); ok {
		return &serverTrust{fingerprints: []string{fp}}, nil
	}
	data, err := os.ReadFile(v)
	if err != nil {
		return nil, fmt.Errorf("kintone: SSLServerCert: not PEM text, nor a SHA-256/SHA-1/MD5 fingerprint in hex, nor a readable file: %w", err)
	}
	var t *serverTrust
	if bytes.Contains(data, []byte("-----BEGIN")) {
		t, err = parseServerPEM(data)
	} else {
		var c *x509.Certificate
		if c, err = x509.ParseCertificate(data); err == nil {
			t = &serverTrust{certs: []*x509.Certificate{c}}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("kintone: SSLServerCert %s: %w", v, err)
	}
	return t, nil
}

// pemBlock matches one PEM block, also when its line breaks became spaces
// (as in a one-line connection string).
var pemBlock = regexp.MustCompile(`(?s)-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END ([A-Z0-9 ]+)-----`)

// reflowPEM rewrites PEM blocks whose base64 body lost its line breaks so
// that encoding/pem reads them.
func reflowPEM(data []byte) []byte {
	var out []byte
	for _, m := range pemBlock.FindAllSubmatch(data, -1) {
		body, err := base64.StdEncoding.DecodeString(strings.Join(strings.Fields(string(m[2])), ""))
		if err != nil {
			continue // left for the parser to report as missing
		}
		out = append(out, pem.EncodeToMemory(&pem.Block{Type: string(m[1]), Bytes: body})...)
	}
	return out
}

// parseServerPEM reads the certificates and public keys of PEM data.
func parseServerPEM(data []byte) (*serverTrust, error) {
	t := &serverTrust{}
	data = reflowPEM(data)
	for {
		var b *pem.Block
		b, data = pem.Decode(data)
		if b == nil {
			break
		}
		switch b.Type {
		case "CERTIFICATE":
			c, err := x509.ParseCertificate(b.Bytes)
			if err != nil {
				return nil, fmt.Errorf("parsing a certificate: %w", err)
			}
			t.certs = append(t.certs, c)
		case "PUBLIC KEY":
			if _, err := x509.ParsePKIXPublicKey(b.Bytes); err != nil {
				return nil, fmt.Errorf("parsing a public key: %w", err)
			}
			t.publicKeys = append(t.publicKeys, b.Bytes)
		case "RSA PUBLIC KEY":
			k, err := x509.ParsePKCS1PublicKey(b.Bytes)
			if err != nil {
				return nil, fmt.Errorf("parsing an RSA public key: %w", err)
			}
			der, err := x509.MarshalPKIXPublicKey(k)
			if err != nil {
				return nil, err
			}
			t.publicKeys = append(t.publicKeys, der)
		}
	}
	if len(t.certs) == 0 && len(t.publicKeys) == 0 {
		return nil, errors.New("no CERTIFICATE or PUBLIC KEY block")
	}
	return t, nil
}

// parseFingerprint reads a hex certificate digest: 32, 40 or 64 hex digits
// (MD5, SHA-1, SHA-256), optionally separated by colons or spaces and
// prefixed by the algorithm's name.
func parseFingerprint(v string) (string, bool) {
	if alg, rest, ok := strings.Cut(v, ":"); ok {
		switch strings.ToUpper(strings.ReplaceAll(alg, "-", "")) {
		case "SHA256", "SHA1", "MD5":
			v = rest
		}
	}
	h := strings.ToLower(strings.NewReplacer(":", "", " ", "").Replace(v))
	switch len(h) {
	case 2 * md5.Size, 2 * sha1.Size, 2 * sha256.Size:
	default:
		return "", false
	}
	if _, err := hex.DecodeString(h); err != nil {
		return "", false
	}
	return h, true
}

// fingerprintOf returns the hex digest of der with the algorithm that
// produces n hex digits.
func fingerprintOf(der []byte, n int) string {
	switch n {
	case 2 * md5.Size:
		s := md5.Sum(der)
		return hex.EncodeToString(s[:])
	case 2 * sha1.Size:
		s := sha1.Sum(der)
		return hex.EncodeToString(s[:])
	}
	s := sha256.Sum256(der)
	return hex.EncodeToString(s[:])
}

// accepts reports whether the server certificate is one SSLServerCert
// names: the same certificate, public key or fingerprint.
func (t *serverTrust) accepts(leaf *x509.Certificate) bool {
	for _, c := range t.certs {
		if bytes.Equal(c.Raw, leaf.Raw) {
			return true
		}
	}
	for _, k := range t.publicKeys {
		if bytes.Equal(k, leaf.RawSubjectPublicKeyInfo) {
			return true
		}
	}
	for _, fp := range t.fingerprints {
		if fingerprintOf(leaf.Raw, len(fp)) == fp {
			return true
		}
	}
	return false
}

// applyServerCert makes tc check the server's certificate as SSLServerCert
// says: "" leaves tc alone; "*" accepts any certificate; otherwise a
// certificate is accepted when the machine trusts it (or the roots already
// in tc), when it chains to a certificate given in SSLServerCert, or when
// it is the certificate, public key or fingerprint given.
func applyServerCert(tc *tls.Config, v string) error {
	switch strings.TrimSpace(v) {
	case "":
		return nil
	case AcceptAnyServerCert:
		tc.InsecureSkipVerify = true
		return nil
	}
	trust, err := parseServerTrust(v)
	if err != nil {
		return err
	}
	roots := tc.RootCAs
	if roots == nil {
		if roots, err = x509.SystemCertPool(); err != nil {
			roots = x509.NewCertPool()
		}
	}
	roots = roots.Clone()
	for _, c := range trust.certs {
		roots.AddCert(c)
	}
	// Go verifies either against fixed roots or not at all, so the check is
	// done here: the standard chain and name check first, then the pins.
	tc.InsecureSkipVerify = true
	tc.VerifyConnection = func(cs tls.ConnectionState) error {
		if len(cs.PeerCertificates) == 0 {
			return errors.New("kintone: the server sent no certificate")
		}
		leaf := cs.PeerCertificates[0]
		if trust.accepts(leaf) {
			return nil
		}
		opts := x509.VerifyOptions{DNSName: cs.ServerName, Roots: roots, Intermediates: x509.NewCertPool()}
		for _, c := range cs.PeerCertificates[1:] {
			opts.Intermediates.AddCert(c)
		}
		_, verr := leaf.Verify(opts)
		if verr == nil {
			return nil
		}
		return fmt.Errorf("kintone: the server certificate (subject %q, SHA-256 fingerprint %s) is neither trusted nor the one SSLServerCert names: %w",
			leaf.Subject.String(), fingerprintOf(leaf.Raw, 2*sha256.Size), verr)
	}
	return nil
}
