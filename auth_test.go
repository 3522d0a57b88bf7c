package kintone

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/kintonetest"
)

// kintoneError returns the *client.Error inside err, failing the test when
// there is none.
func kintoneError(t *testing.T, err error) *client.Error {
	t.Helper()
	var ke *client.Error
	if !errors.As(err, &ke) {
		t.Fatalf("error %v (%T) holds no *client.Error", err, err)
	}
	return ke
}

// assertNoSecret fails the test when err's text holds one of the secrets.
func assertNoSecret(t *testing.T, err error, secrets ...string) {
	t.Helper()
	for _, s := range secrets {
		if s != "" && strings.Contains(err.Error(), s) {
			t.Errorf("error %q shows a secret", err)
		}
	}
}

func TestPasswordAuthentication(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 2)

	db, _ := openDB(t, srv, serverConfig(srv))
	if err := db.Ping(); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if got := queryStrings(t, db, "SELECT label FROM Items ORDER BY n"); len(got) != 2 {
		t.Fatalf("rows = %v, want 2", got)
	}

	cfg := serverConfig(srv)
	cfg.Password = "wrong-pass-123"
	bad, _ := openDB(t, srv, cfg)
	err := bad.Ping()
	if err == nil {
		t.Fatal("Ping with a wrong password succeeded")
	}
	if ke := kintoneError(t, err); ke.StatusCode != 401 {
		t.Errorf("status = %d, want 401 (%v)", ke.StatusCode, err)
	}
	if !strings.Contains(err.Error(), "Ping") {
		t.Errorf("error %q does not say it came from Ping", err)
	}
	assertNoSecret(t, err, cfg.Password)
	_, err = bad.Query("SELECT label FROM Items")
	if err == nil {
		t.Fatal("Query with a wrong password succeeded")
	}
	kintoneError(t, err)
	assertNoSecret(t, err, cfg.Password)
}

func TestAPITokenAuthentication(t *testing.T) {
	srv := startServer(t)
	app := numberedApp(t, srv, "Items", 3)
	other := numberedApp(t, srv, "Other", 1)
	const token = "tok3nItems0123456789"
	if err := srv.AddAPIToken(app, token, kintonetest.AllPermissions); err != nil {
		t.Fatal(err)
	}
	tokenConfig := func(tokens []string, apps ...int64) *Config {
		cfg := NewConfig()
		cfg.URL, cfg.APITokens, cfg.AppIDs = srv.URL, tokens, apps
		return cfg
	}

	db, c := openDB(t, srv, tokenConfig([]string{token}, app))
	if got := c.Config().AuthScheme; got != AuthAPIToken {
		t.Fatalf("AuthScheme = %q, want %q inferred from APIToken without User", got, AuthAPIToken)
	}
	srv.ResetCounters()
	if err := db.Ping(); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if n := srv.RequestCount("GET /k/v1/app.json"); n != 1 {
		t.Errorf("Ping under token auth sent %d app.json requests, want 1 (counts %v)", n, srv.RequestCounts())
	}
	if got := queryStrings(t, db, "SELECT label FROM Items ORDER BY n"); len(got) != 3 {
		t.Fatalf("rows = %v, want 3", got)
	}

	t.Run("token of another app", func(t *testing.T) {
		db, _ := openDB(t, srv, tokenConfig([]string{token}, other))
		err := db.Ping()
		if err == nil {
			t.Fatal("Ping succeeded")
		}
		kintoneError(t, err)
		assertNoSecret(t, err, token)
	})
	t.Run("unknown token", func(t *testing.T) {
		db, _ := openDB(t, srv, tokenConfig([]string{"notARealToken42"}, app))
		_, err := db.Query("SELECT label FROM Items")
		if err == nil {
			t.Fatal("Query succeeded")
		}
		kintoneError(t, err)
		assertNoSecret(t, err, "notARealToken42")
	})
	t.Run("no AppId", func(t *testing.T) {
		db, _ := openDB(t, srv, tokenConfig([]string{token}))
		if err := db.Ping(); err == nil || !strings.Contains(err.Error(), "AppId") {
			t.Errorf("Ping error = %v, want one asking for AppId", err)
		}
		if _, err := db.Query("SELECT label FROM Items"); err == nil || !strings.Contains(err.Error(), "AppId") {
			t.Errorf("Query error = %v, want one asking for AppId", err)
		}
	})
}

func TestBasicAuthentication(t *testing.T) {
	const user, pass = "gate", "gate-pass-987"
	srv := startServer(t, kintonetest.WithBasicAuth(user, pass))
	numberedApp(t, srv, "Items", 1)

	cfg := serverConfig(srv)
	cfg.BasicAuthUser, cfg.BasicAuthPassword = user, pass
	db, _ := openDB(t, srv, cfg)
	if err := db.Ping(); err != nil {
		t.Fatalf("Ping with Basic auth: %v", err)
	}
	if got := queryStrings(t, db, "SELECT label FROM Items"); len(got) != 1 {
		t.Fatalf("rows = %v, want 1", got)
	}

	for _, tc := range []struct {
		name       string
		user, pass string
	}{
		{"without Basic auth", "", ""},
		{"wrong Basic password", user, "not-the-gate-pass"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg := serverConfig(srv)
			cfg.BasicAuthUser, cfg.BasicAuthPassword = tc.user, tc.pass
			db, _ := openDB(t, srv, cfg)
			err := db.PingContext(context.Background())
			if err == nil {
				t.Fatal("Ping succeeded")
			}
			if ke := kintoneError(t, err); ke.StatusCode != 401 {
				t.Errorf("status = %d, want 401 (%v)", ke.StatusCode, err)
			}
			assertNoSecret(t, err, tc.pass, kintonetest.DefaultPassword)
		})
	}
}

func TestPingUserAPI(t *testing.T) {
	srv := startServer(t)
	cfg := serverConfig(srv)
	cfg.Schema = SchemaCybozuUser
	db, _ := openDB(t, srv, cfg)
	srv.ResetCounters()
	if err := db.Ping(); err != nil {
		t.Fatalf("Ping: %v", err)
	}
	if n := srv.RequestCount("GET /v1/users.json"); n != 1 {
		t.Errorf("Ping with Schema=CybozuUser sent %d users.json requests, want 1 (counts %v)", n, srv.RequestCounts())
	}
}
