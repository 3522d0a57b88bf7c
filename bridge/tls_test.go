package bridge

import (
	"crypto/tls"
	"crypto/x509"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-sql-driver/mysql"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// testCertificate borrows httptest's self-signed 127.0.0.1 certificate.
func testCertificate(t testing.TB) (tls.Certificate, *x509.CertPool) {
	ts := httptest.NewUnstartedServer(http.NotFoundHandler())
	ts.StartTLS()
	t.Cleanup(ts.Close)
	pool := x509.NewCertPool()
	pool.AddCert(ts.Certificate())
	return ts.TLS.Certificates[0], pool
}

// TestTLS logs in over TLS with both authentication plugins (with
// caching_sha2_password the client may then send its password in the
// clear, which only TLS allows) and checks that plain clients still work.
func TestTLS(t *testing.T) {
	cert, pool := testCertificate(t)
	require.NoError(t, mysql.RegisterTLSConfig("bridge-test", &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"}))
	for _, method := range []string{"mysql_native_password", "caching_sha2_password"} {
		t.Run(method, func(t *testing.T) {
			f := startDemo(t, func(s *Server) {
				s.TLS = &tls.Config{Certificates: []tls.Certificate{cert}}
				s.AuthMethod = method
			})
			secure := f.client(t, "tls=bridge-test")
			var variable, cipher, name string
			require.NoError(t, secure.QueryRow("SHOW STATUS LIKE 'Ssl_cipher'").Scan(&variable, &cipher))
			assert.NotEmpty(t, cipher, "the session runs over TLS")
			require.NoError(t, secure.QueryRow("SELECT 案件名 FROM Deals WHERE `$id` = 1").Scan(&name))
			assert.NotEmpty(t, name)
			plain := f.client(t, "")
			require.NoError(t, plain.QueryRow("SHOW STATUS LIKE 'Ssl_cipher'").Scan(&variable, &cipher))
			assert.Empty(t, cipher, "a plain client is served without TLS")
		})
	}
}
