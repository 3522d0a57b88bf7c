package kintonetest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// api tells which of the two APIs a route belongs to.
type api int

const (
	kintoneAPI api = iota + 1 // /k/v1/... and /k/guest/{id}/v1/...
	userAPI                   // /v1/...
)

// routeKey identifies a route: the API, the resource path after the
// version (e.g. "records.json", "preview/app/form/fields.json") and the
// HTTP method (after X-HTTP-Method-Override).
type routeKey struct {
	api      api
	resource string
	method   string
}

// route is a registered endpoint.
type route struct {
	h handlerFunc
	// write routes run under the store's write lock and inside a tx that
	// is committed only when the handler succeeds.
	write bool
	// tokenOK is true for APIs kintone lets app API tokens call.
	tokenOK bool
	// bulkOK is true for APIs allowed inside bulkRequest.json.
	bulkOK bool
}

// handlerFunc handles one call and returns the JSON response object.
type handlerFunc func(c *call) (any, *apiError)

// call is one API invocation: an HTTP request or a request inside a
// bulkRequest.
type call struct {
	srv      *Server
	r        *http.Request
	w        http.ResponseWriter // nil inside bulkRequest
	api      api
	resource string
	method   string
	// guest is the guest space id of the path (/k/guest/{id}/v1), 0 if none.
	guest  int64
	params map[string]any
	who    *caller
	now    time.Time
	// tx is the write transaction of a write route (shared by all requests
	// of a bulkRequest); nil for reads.
	tx *tx
	// bulkIndex is the index inside a bulkRequest, -1 outside one.
	bulkIndex int
}

// handle registers h for method and resource of an API.
func (s *Server) handle(a api, method, resource string, rt route) {
	s.routes[routeKey{a, resource, method}] = rt
}

// serve is the server's entry point after the hooks.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if !s.checkBasicAuth(w, r) {
		return
	}
	a, guest, resource, ok := splitPath(r.URL.Path)
	if !ok {
		http.NotFound(w, r)
		return
	}
	method := r.Method
	if method == http.MethodPost && r.Header.Get("X-HTTP-Method-Override") == "GET" {
		method = http.MethodGet
	}
	rt, found := s.routes[routeKey{a, resource, method}]
	if !found {
		lang := acceptLang(r)
		if s.hasResource(a, resource) {
			writeError(w, newError(http.StatusMethodNotAllowed, "CB_IL02", "不正なリクエストです。", "Illegal request."), lang)
			return
		}
		writeError(w, newError(http.StatusNotFound, "CB_NO02", "指定したAPIが見つかりません。", "The specified API is not found."), lang)
		return
	}
	c := &call{srv: s, r: r, w: w, api: a, resource: resource, method: method, guest: guest, now: s.now(), bulkIndex: -1}
	who, aerr := s.authenticate(r, a)
	if aerr != nil {
		writeError(w, aerr, acceptLang(r))
		return
	}
	c.who = who
	if who.tokens != nil && !rt.tokenOK {
		writeError(w, errTokenNotAllowed(), who.lang)
		return
	}
	params, perr := readParams(r)
	if perr != nil {
		writeError(w, perr, who.lang)
		return
	}
	c.params = params
	resp, herr := s.run(c, rt)
	if herr != nil {
		writeError(w, herr, who.lang)
		return
	}
	if resp == nil {
		return // the handler wrote the response itself (file download)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	_ = json.NewEncoder(w).Encode(resp)
}

// run executes a route under the right lock, committing a write's tx only
// when the handler succeeds.
func (s *Server) run(c *call, rt route) (any, *apiError) {
	if !rt.write {
		s.st.mu.RLock()
		defer s.st.mu.RUnlock()
		return rt.h(c)
	}
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	c.tx = newTx(s.st)
	resp, err := rt.h(c)
	if err != nil {
		return nil, err
	}
	c.tx.commit()
	return resp, nil
}

// hasResource reports whether any method is registered for the resource.
func (s *Server) hasResource(a api, resource string) bool {
	for k := range s.routes {
		if k.api == a && k.resource == resource {
			return true
		}
	}
	return false
}

// splitPath maps /k/v1/x.json, /k/guest/7/v1/x.json and /v1/x.json to the
// API, guest space id and resource "x.json".
func splitPath(p string) (api, int64, string, bool) {
	switch {
	case strings.HasPrefix(p, "/k/v1/"):
		return kintoneAPI, 0, strings.TrimPrefix(p, "/k/v1/"), true
	case strings.HasPrefix(p, "/k/guest/"):
		rest := strings.TrimPrefix(p, "/k/guest/")
		i := strings.Index(rest, "/v1/")
		if i <= 0 {
			return 0, 0, "", false
		}
		id, err := strconv.ParseInt(rest[:i], 10, 64)
		if err != nil || id <= 0 {
			return 0, 0, "", false
		}
		return kintoneAPI, id, rest[i+len("/v1/"):], true
	case strings.HasPrefix(p, "/v1/"):
		return userAPI, 0, strings.TrimPrefix(p, "/v1/"), true
	}
	return 0, 0, "", false
}

// param returns a raw parameter value.
func (c *call) param(name string) (any, bool) {
	v, ok := c.params[name]
	return v, ok
}

// decode fills dst from the call's parameters.
func (c *call) decode(dst any) *apiError { return decodeParams(c.params, dst) }
