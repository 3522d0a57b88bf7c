package kintonetest

import (
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"strings"
	"time"
)

// maxTokensPerRequest is kintone's limit of API tokens in one request
// ("at most 9 tokens per request; 10 or more is an error").
const maxTokensPerRequest = 9

// caller is who makes a request.
type caller struct {
	// user is the authenticated user; for API-token calls it is the
	// Administrator stand-in kintone records token operations as.
	user *User
	// tokens are the API tokens sent, nil under password auth.
	tokens []*apiToken
	// lang is "ja" or "en", for error messages.
	lang string
	// loc is the user's time zone, for date functions.
	loc *time.Location
}

// checkBasicAuth enforces WithBasicAuth; it writes the 401 itself.
func (s *Server) checkBasicAuth(w http.ResponseWriter, r *http.Request) bool {
	if s.cfg.basicUser == "" {
		return true
	}
	u, p, ok := r.BasicAuth()
	if ok && subtle.ConstantTimeCompare([]byte(u), []byte(s.cfg.basicUser)) == 1 &&
		subtle.ConstantTimeCompare([]byte(p), []byte(s.cfg.basicPass)) == 1 {
		return true
	}
	w.Header().Set("WWW-Authenticate", `Basic realm="cybozu.com"`)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusUnauthorized)
	_, _ = w.Write([]byte("<html><body><h1>401 Authorization Required</h1></body></html>\n"))
	return false
}

// authenticate resolves the caller. Password auth wins when both a password
// and tokens are sent (kintone's priority is UNCONFIRMED; this follows the
// reference's recommendation). The User API never accepts app tokens, so
// a token-only request to it is treated as unauthenticated.
func (s *Server) authenticate(r *http.Request, a api) (*caller, *apiError) {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	if h := r.Header.Get("X-Cybozu-Authorization"); h != "" {
		raw, err := base64.StdEncoding.DecodeString(h)
		if err != nil {
			return nil, errBadPassword()
		}
		login, pass, ok := strings.Cut(string(raw), ":")
		u := s.st.userByCode(login)
		if !ok || u == nil || !u.Valid ||
			subtle.ConstantTimeCompare([]byte(pass), []byte(u.Password)) != 1 {
			return nil, errBadPassword()
		}
		return s.newCaller(u, nil, r), nil
	}
	tokenHeaders := r.Header.Values("X-Cybozu-API-Token")
	if len(tokenHeaders) > 0 && a == kintoneAPI {
		var toks []*apiToken
		seenApp := map[int64]bool{}
		for _, h := range tokenHeaders {
			for _, t := range strings.Split(h, ",") {
				t = strings.TrimSpace(t)
				if t == "" {
					continue
				}
				tok := s.st.tokens[t]
				if tok == nil {
					return nil, errBadToken()
				}
				if seenApp[tok.App] {
					return nil, newError(http.StatusBadRequest, "GAIA_DA03",
						"同じアプリのAPIトークンを重複して指定することはできません。",
						"You cannot specify a duplicate API token for the same app.")
				}
				seenApp[tok.App] = true
				toks = append(toks, tok)
			}
		}
		if len(toks) > maxTokensPerRequest {
			// The code kintone uses here is UNCONFIRMED; GAIA_TO03 ("too
			// many parameters") is the closest documented one.
			return nil, newError(http.StatusBadRequest, "GAIA_TO03",
				"指定できるAPIトークンは9個までです。", "A maximum of 9 API tokens can be specified.")
		}
		if len(toks) > 0 {
			admin := s.st.userByCode(DefaultUser)
			if admin == nil {
				admin = &User{Code: DefaultUser, Name: DefaultUser, Admin: true, Valid: true}
			}
			return s.newCaller(admin, toks, r), nil
		}
	}
	return nil, newError(http.StatusUnauthorized, "CB_AU01", "ログインしてください。", "Please login.")
}

func errBadPassword() *apiError {
	return newError(http.StatusUnauthorized, "CB_WA01",
		"パスワード認証に失敗しました。X-Cybozu-Authorizationヘッダーの値が正しくありません。",
		"Password authentication failed. The value in http header of X-Cybozu-Authorization is not valid.")
}

func errBadToken() *apiError {
	return newError(http.StatusBadRequest, "GAIA_IA02",
		"指定したAPIトークンが、アプリで生成されたAPIトークンと一致しません。",
		"The specified API token does not match the API token generated via an app.")
}

// errTokenNotAllowed is 403 GAIA_NO01: the token may not run this API.
func errTokenNotAllowed() *apiError {
	return newError(http.StatusForbidden, "GAIA_NO01",
		"このAPIトークンでは、指定したAPIを実行できません。",
		"Using this API token, you cannot run the specified API.")
}

func (s *Server) newCaller(u *User, toks []*apiToken, r *http.Request) *caller {
	c := &caller{user: u, tokens: toks, lang: "ja", loc: time.UTC}
	switch u.Locale {
	case "en":
		c.lang = "en"
	case "auto":
		c.lang = acceptLang(r)
	}
	tz := u.Timezone
	if tz == "" {
		tz = "Asia/Tokyo"
	}
	if loc, err := time.LoadLocation(tz); err == nil {
		c.loc = loc
	}
	return c
}

// acceptLang picks "en" or "ja" from Accept-Language (default ja).
func acceptLang(r *http.Request) string {
	al := strings.ToLower(strings.TrimSpace(r.Header.Get("Accept-Language")))
	if strings.HasPrefix(al, "en") {
		return "en"
	}
	return "ja"
}

// login is the caller's login name.
func (w *caller) login() string { return w.user.Code }

// isAdmin reports cybozu.com administrator rights (token calls do not
// have them).
func (w *caller) isAdmin() bool { return w.tokens == nil && w.user.Admin }

// appAccess is what a call wants to do with an app, for token checks.
type appAccess int

const (
	accessView appAccess = iota + 1
	accessAdd
	accessEdit
	accessDelete
	accessManage
)

// app looks up an app for the call: it must exist (404 GAIA_AP01), be
// reached through the right path (a guest-space app only through its
// /k/guest/{id}/ path: 400 GAIA_IL23; a normal app through a guest path:
// 403 CB_NO02), and under token auth one of the tokens must belong to it
// with the needed permission (403 GAIA_NO01).
// The caller must hold the store lock.
func (c *call) app(id int64, need appAccess) (*app, *apiError) {
	if id <= 0 {
		return nil, errField("app", "1以上である必要があります。")
	}
	a := c.srv.st.apps[id]
	if a == nil {
		return nil, errAppNotFound(id)
	}
	switch {
	case a.GuestSpace && c.guest != a.SpaceID:
		if c.guest == 0 {
			return nil, newError(http.StatusBadRequest, "GAIA_IL23",
				"ゲストスペース内のアプリを操作する場合は、リクエストの送信先を「/k/guest/（ゲストスペースのID）/v1/...」にする必要があります。",
				"To operate an app in a guest space, send the request to /k/guest/(guest space ID)/v1/...")
		}
		return nil, errNoPrivilege()
	case !a.GuestSpace && c.guest != 0:
		return nil, errNoPrivilege()
	}
	if c.who.tokens != nil {
		var tok *apiToken
		for _, t := range c.who.tokens {
			if t.App == id {
				tok = t
			}
		}
		if tok == nil || !tok.Perms.allows(need) {
			return nil, errTokenNotAllowed()
		}
	}
	return a, nil
}

func (p TokenPermissions) allows(need appAccess) bool {
	switch need {
	case accessView:
		return p.View
	case accessAdd:
		return p.Add
	case accessEdit:
		return p.Edit
	case accessDelete:
		return p.Delete
	case accessManage:
		return p.ManageApp
	}
	return false
}
