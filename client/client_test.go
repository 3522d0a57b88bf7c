package client

import (
	"fmt"
	"strings"
	"testing"
)

func TestNewBaseURL(t *testing.T) {
	tests := []struct {
		url     string
		wantErr string // substring; "" means accepted
		want    string // BaseURL() when accepted
	}{
		{"https://example.cybozu.com", "", "https://example.cybozu.com"},
		{"https://example.cybozu.com/", "", "https://example.cybozu.com"},
		{"HTTPS://Example.kintone.com:8443", "", "https://Example.kintone.com:8443"},
		{"http://127.0.0.1:8080", "", "http://127.0.0.1:8080"},
		{"http://127.9.9.9", "", "http://127.9.9.9"},
		{"http://[::1]:9000", "", "http://[::1]:9000"},
		{"http://localhost:3000", "", "http://localhost:3000"},
		{"http://LOCALHOST", "", "http://LOCALHOST"},
		{"http://example.cybozu.com", "https is required", ""},
		{"http://10.0.0.1", "https is required", ""},
		{"http://localhost.example.com", "https is required", ""},
		{"ftp://example.cybozu.com", "must use https", ""},
		{"", "empty", ""},
		{"example.cybozu.com", "no host", ""},
		{"https://", "no host", ""},
		{"https://user:pw@example.cybozu.com", "credentials", ""},
		{"https://example.cybozu.com/k/5/", "not a page", ""},
		{"https://example.cybozu.com/?a=b", "query", ""},
		{"https://exa mple.com", "not a valid URL", ""},
	}
	for _, tt := range tests {
		t.Run(tt.url, func(t *testing.T) {
			c, err := New(Options{BaseURL: tt.url})
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("New(%q): %v", tt.url, err)
				}
				if got := c.BaseURL(); got != tt.want {
					t.Errorf("BaseURL() = %q, want %q", got, tt.want)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("New(%q) error = %v, want it to mention %q", tt.url, err, tt.wantErr)
			}
			if strings.Contains(err.Error(), "pw@") {
				t.Errorf("error leaks URL credentials: %v", err)
			}
		})
	}
}

func TestNewOptionsValidation(t *testing.T) {
	tokens := func(n int) []string {
		s := make([]string, n)
		for i := range s {
			s[i] = fmt.Sprintf("tok%d", i)
		}
		return s
	}
	tests := []struct {
		name    string
		opts    Options
		wantErr string
	}{
		{"password", Options{User: "u", Password: "p"}, ""},
		{"nine tokens", Options{APITokens: tokens(9)}, ""},
		{"ten tokens", Options{APITokens: tokens(10)}, "at most 9"},
		{"empty token", Options{APITokens: []string{"a", ""}}, "token 2 is empty"},
		{"comma token", Options{APITokens: []string{"a,b"}}, "comma"},
		{"newline token", Options{APITokens: []string{"a\nX-Evil: 1"}}, "control"},
		{"user without password", Options{User: "u"}, "both User and Password"},
		{"password without user", Options{Password: "p"}, "both User and Password"},
		{"colon in user", Options{User: "a:b", Password: "p"}, "':'"},
		{"basic half", Options{BasicAuthUser: "b"}, "BasicAuthPassword"},
		{"negative guest", Options{GuestSpaceID: -1}, "GuestSpaceID"},
		{"negative concurrency", Options{MaxConcurrency: -2}, "MaxConcurrency"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.BaseURL = "https://example.cybozu.com"
			_, err := New(tt.opts)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("New: %v", err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("New error = %v, want it to mention %q", err, tt.wantErr)
			}
			for _, tok := range tt.opts.APITokens {
				if tok != "" && strings.Contains(err.Error(), tok) {
					t.Errorf("error leaks token %q: %v", tok, err)
				}
			}
		})
	}
}

func TestWithAPITokensValidates(t *testing.T) {
	c, err := New(Options{BaseURL: "https://example.cybozu.com"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.WithAPITokens(make([]string, 10)); err == nil {
		t.Fatal("WithAPITokens accepted 10 tokens")
	}
}

func TestStringHasNoSecrets(t *testing.T) {
	c, err := New(Options{
		BaseURL: "https://example.cybozu.com", User: "alice", Password: "pw-SECRET",
		APITokens: []string{"TOKEN-SECRET"}, BasicAuthUser: "basic-user", BasicAuthPassword: "basic-SECRET",
		GuestSpaceID: 3,
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		out := fmt.Sprintf(format, c)
		for _, secret := range []string{"SECRET", "YWxpY2U6", c.creds.password, c.creds.basic} {
			if strings.Contains(out, secret) {
				t.Errorf("%s of client = %q leaks %q", format, out, secret)
			}
		}
		if !strings.Contains(out, "guest space 3") || !strings.Contains(out, "password auth + basic auth") {
			t.Errorf("%s of client = %q, want auth kind and guest space", format, out)
		}
	}
}
