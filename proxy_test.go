package kintone

import (
	"encoding/base64"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"github.com/kintone-sql/kintone/kintonetest"
)

// testProxy is a forward HTTP proxy (absolute-URI requests and CONNECT
// tunnels) that requires Proxy-Authorization when auth is set and records
// the targets it served.
type testProxy struct {
	*httptest.Server
	auth string // "user:password", or "" for none

	mu      sync.Mutex
	targets []string // "GET host/path" or "CONNECT host"
}

// newTestProxy starts a proxy that stops when the test ends.
func newTestProxy(t *testing.T, auth string) *testProxy {
	p := &testProxy{auth: auth}
	p.Server = httptest.NewServer(p)
	t.Cleanup(p.Close)
	return p
}

// hostPort returns the proxy's host and port.
func (p *testProxy) hostPort(t *testing.T) (string, int) {
	u, _ := url.Parse(p.URL)
	port, err := strconv.Atoi(u.Port())
	if err != nil {
		t.Fatal(err)
	}
	return u.Hostname(), port
}

// seen returns the targets served so far.
func (p *testProxy) seen() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.targets...)
}

// ServeHTTP forwards one proxied request.
func (p *testProxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if p.auth != "" && r.Header.Get("Proxy-Authorization") != "Basic "+base64.StdEncoding.EncodeToString([]byte(p.auth)) {
		w.Header().Set("Proxy-Authenticate", `Basic realm="test"`)
		http.Error(w, "proxy authentication required", http.StatusProxyAuthRequired)
		return
	}
	p.mu.Lock()
	if r.Method == http.MethodConnect {
		p.targets = append(p.targets, "CONNECT "+r.Host)
	} else {
		p.targets = append(p.targets, r.Method+" "+r.URL.Host+r.URL.Path)
	}
	p.mu.Unlock()
	if r.Method == http.MethodConnect {
		p.tunnel(w, r)
		return
	}
	out := r.Clone(r.Context())
	out.RequestURI = ""
	out.Header.Del("Proxy-Authorization")
	resp, err := http.DefaultTransport.RoundTrip(out)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	for k, vs := range resp.Header {
		w.Header()[k] = vs
	}
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, resp.Body)
}

// tunnel serves a CONNECT request by copying bytes both ways.
func (p *testProxy) tunnel(w http.ResponseWriter, r *http.Request) {
	upstream, err := net.Dial("tcp", r.Host)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	w.WriteHeader(http.StatusOK)
	client, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		upstream.Close()
		return
	}
	go func() {
		defer upstream.Close()
		io.Copy(upstream, buf)
	}()
	defer client.Close()
	io.Copy(client, upstream)
}

func TestProxyServer(t *testing.T) {
	for _, tc := range []struct {
		name string
		tls  bool
	}{
		{"http via forward proxy", false},
		{"https via CONNECT", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []kintonetest.Option
			if tc.tls {
				opts = append(opts, kintonetest.WithTLS())
			}
			srv := startServer(t, opts...)
			numberedApp(t, srv, "Items", 2)
			proxy := newTestProxy(t, "puser:ppass-555")
			srvURL, _ := url.Parse(srv.URL)

			cfg := serverConfig(srv)
			cfg.ProxyServer, cfg.ProxyPort = proxy.hostPort(t)
			cfg.ProxyUser, cfg.ProxyPassword = "puser", "ppass-555"
			db, _ := openDB(t, srv, cfg)
			if got := queryStrings(t, db, "SELECT label FROM Items ORDER BY n"); len(got) != 2 {
				t.Fatalf("rows = %v, want 2", got)
			}
			seen := proxy.seen()
			want := "GET " + srvURL.Host + "/k/v1/apps.json"
			if tc.tls {
				want = "CONNECT " + srvURL.Host
			}
			found := false
			for _, s := range seen {
				found = found || s == want
			}
			if !found {
				t.Fatalf("proxy saw %v, want %q among them", seen, want)
			}

			cfg.ProxyPassword = "wrong-proxy-pass"
			bad, _ := openDB(t, srv, cfg)
			err := bad.Ping()
			if err == nil {
				t.Fatal("Ping with a wrong proxy password succeeded")
			}
			assertNoSecret(t, err, "wrong-proxy-pass")
		})
	}
}
