package client

import (
	"context"
	"encoding/base64"
	"errors"
	"testing"
)

func TestAuthHeaders(t *testing.T) {
	b64 := func(s string) string { return base64.StdEncoding.EncodeToString([]byte(s)) }
	tests := []struct {
		name      string
		opts      Options
		userAPI   bool
		wantAuth  string // X-Cybozu-Authorization
		wantToken string // X-Cybozu-API-Token
		wantBasic string // Authorization
	}{
		{name: "password", opts: Options{User: "alice", Password: "p@ss:word"}, wantAuth: b64("alice:p@ss:word")},
		{name: "one token", opts: Options{APITokens: []string{"t1"}}, wantToken: "t1"},
		{name: "several tokens", opts: Options{APITokens: []string{"t1", "t2", "t3"}}, wantToken: "t1,t2,t3"},
		{name: "password wins over tokens", opts: Options{User: "alice", Password: "pw", APITokens: []string{"t1"}}, wantAuth: b64("alice:pw")},
		{name: "basic with password", opts: Options{User: "alice", Password: "pw", BasicAuthUser: "bu", BasicAuthPassword: "bp"},
			wantAuth: b64("alice:pw"), wantBasic: "Basic " + b64("bu:bp")},
		{name: "basic with token", opts: Options{APITokens: []string{"t1"}, BasicAuthUser: "bu", BasicAuthPassword: "bp"},
			wantToken: "t1", wantBasic: "Basic " + b64("bu:bp")},
		{name: "no credentials", opts: Options{}},
		{name: "user API password only", userAPI: true, opts: Options{User: "alice", Password: "pw", APITokens: []string{"t1"}}, wantAuth: b64("alice:pw")},
		{name: "user API basic", userAPI: true, opts: Options{User: "alice", Password: "pw", BasicAuthUser: "bu", BasicAuthPassword: "bp"},
			wantAuth: b64("alice:pw"), wantBasic: "Basic " + b64("bu:bp")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, reply(200, `{"users":[],"apps":[]}`))
			c := f.client(t, tt.opts)
			var err error
			if tt.userAPI {
				_, err = c.GetUsers(context.Background(), ListRequest{})
			} else {
				_, err = c.GetApps(context.Background(), GetAppsRequest{})
			}
			if err != nil {
				t.Fatal(err)
			}
			h := f.only(t).Header
			for _, check := range []struct{ name, want string }{
				{"X-Cybozu-Authorization", tt.wantAuth},
				{"X-Cybozu-API-Token", tt.wantToken},
				{"Authorization", tt.wantBasic},
			} {
				if got := h.Values(check.name); (check.want == "" && len(got) != 0) || (check.want != "" && (len(got) != 1 || got[0] != check.want)) {
					t.Errorf("%s = %q, want %q", check.name, got, check.want)
				}
			}
		})
	}
}

func TestUserAPIRefusesTokenOnlyClient(t *testing.T) {
	f := newFake(t, reply(200, `{}`))
	c := f.client(t, Options{APITokens: []string{"t1"}})
	ctx := context.Background()
	calls := map[string]func() error{
		"GetUsers":  func() error { _, err := c.GetUsers(ctx, ListRequest{}); return err },
		"AddGroups": func() error { return c.AddGroups(ctx, []map[string]any{{"code": "g"}}) },
		"GetTitles": func() error { _, err := c.GetTitles(ctx); return err },
	}
	for name, call := range calls {
		if err := call(); !errors.Is(err, ErrUserAPINeedsPassword) {
			t.Errorf("%s error = %v, want ErrUserAPINeedsPassword", name, err)
		}
	}
	if n := len(f.requests()); n != 0 || c.Requests() != 0 {
		t.Errorf("server saw %d requests (counter %d); User API calls must fail before sending", n, c.Requests())
	}
}

func TestWithAPITokensReplacesTokens(t *testing.T) {
	f := newFake(t, reply(200, `{"record":{}}`))
	base := f.client(t, Options{APITokens: []string{"old"}})
	c, err := base.WithAPITokens([]string{"n1", "n2"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetRecord(context.Background(), 1, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := base.GetRecord(context.Background(), 1, 1); err != nil {
		t.Fatal(err)
	}
	got := f.requests()
	if got[0].Header.Get("X-Cybozu-API-Token") != "n1,n2" || got[1].Header.Get("X-Cybozu-API-Token") != "old" {
		t.Errorf("tokens sent = %q, %q; want n1,n2 then old", got[0].Header.Get("X-Cybozu-API-Token"), got[1].Header.Get("X-Cybozu-API-Token"))
	}
	if base.Requests() != 2 || c.Requests() != 2 {
		t.Errorf("copies must share the request counter: %d, %d", base.Requests(), c.Requests())
	}
}
