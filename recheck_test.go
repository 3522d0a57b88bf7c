package kintone

import (
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// overMatching serves next but widens the pushed condition on n of every
// record query (n < 200 becomes n < 100000), as a server whose matching
// differs from SQL's could: it answers records that SQL's WHERE excludes.
func overMatching(next http.Handler) http.Handler {
	cond := regexp.MustCompile(`n < "?200"?`)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet {
			q := r.URL.Query()
			if text := q.Get("query"); text != "" {
				q.Set("query", cond.ReplaceAllString(text, "n < 100000"))
				r.URL.RawQuery = q.Encode()
			}
		}
		next.ServeHTTP(w, r)
	})
}

func TestWritesRecheckWhereOnOverMatchingServer(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Nums", 300)
	ts := httptest.NewServer(overMatching(srv.Handler()))
	t.Cleanup(ts.Close)
	cfg := serverConfig(srv)
	cfg.URL = ts.URL
	// Trusted, n < 200 is taken as exact by reads (TrustAssumedPushdown);
	// writes re-check it all the same.
	cfg.TrustAssumedPushdown = true
	db, _ := openDB(t, srv, cfg)
	direct, _ := openDB(t, srv, serverConfig(srv))

	// The server does over-match: a SELECT through it sees too much when
	// its condition is pushed and trusted.
	require.Greater(t, count(t, db, "SELECT COUNT(*) FROM Nums WHERE n < 200"), 199)

	res, err := db.Exec("UPDATE Nums SET label = 'hit' WHERE n < 200 AND label <> 'r5'")
	require.NoError(t, err)
	n, _ := res.RowsAffected()
	assert.EqualValues(t, 198, n)
	assert.Equal(t, 198, count(t, direct, "SELECT COUNT(*) FROM Nums WHERE label = 'hit'"))
	assert.Equal(t, 0, count(t, direct, "SELECT COUNT(*) FROM Nums WHERE label = 'hit' AND n >= 200"))

	res, err = db.Exec("DELETE FROM Nums WHERE n < 200")
	require.NoError(t, err)
	n, _ = res.RowsAffected()
	assert.EqualValues(t, 199, n)
	assert.Equal(t, 101, count(t, direct, "SELECT COUNT(*) FROM Nums"))
	assert.Equal(t, 101, count(t, direct, "SELECT COUNT(*) FROM Nums WHERE n >= 200"))
}
