package client

import (
	"crypto/tls"
	"fmt"
	"os"

	"software.sslmate.com/src/go-pkcs12"
)

// LoadPEMCertificate reads a TLS client certificate and its private key from
// PEM files (the certificate file may hold the chain).
func LoadPEMCertificate(certFile, keyFile string) (tls.Certificate, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("kintone client: loading PEM client certificate %s / %s: %w", certFile, keyFile, err)
	}
	return cert, nil
}

// LoadPKCS12Certificate reads a TLS client certificate from a PKCS#12
// (.pfx/.p12) file, as issued by cybozu.com Secure Access.
func LoadPKCS12Certificate(file, password string) (tls.Certificate, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("kintone client: reading PKCS#12 client certificate: %w", err)
	}
	cert, err := ParsePKCS12Certificate(data, password)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("%w (file %s)", err, file)
	}
	return cert, nil
}

// ParsePKCS12Certificate decodes a PKCS#12 blob holding a private key, its
// certificate and optionally CA certificates into a TLS client certificate.
func ParsePKCS12Certificate(data []byte, password string) (tls.Certificate, error) {
	key, leaf, chain, err := pkcs12.DecodeChain(data, password)
	if err != nil {
		return tls.Certificate{}, fmt.Errorf("kintone client: decoding PKCS#12 client certificate: %w", err)
	}
	cert := tls.Certificate{PrivateKey: key, Leaf: leaf, Certificate: [][]byte{leaf.Raw}}
	for _, ca := range chain {
		cert.Certificate = append(cert.Certificate, ca.Raw)
	}
	return cert, nil
}
