package kintone

import (
	"net/http"

	"github.com/kintone-sql/kintone/schema"
)

// schemaCounter is an http.RoundTripper that counts, into the Stats given
// to WithStats, the requests sent while the schema loads (see
// schema.Loading); the engine counts the statement's other requests itself.
type schemaCounter struct{ base http.RoundTripper }

// countSchemaRequests returns a copy of hc whose transport counts schema
// requests.
func countSchemaRequests(hc *http.Client) *http.Client {
	cp := *hc
	base := hc.Transport
	if base == nil {
		base = http.DefaultTransport
	}
	cp.Transport = schemaCounter{base: base}
	return &cp
}

// RoundTrip counts the request when it belongs to a schema load of a
// statement run under WithStats, then sends it.
func (s schemaCounter) RoundTrip(req *http.Request) (*http.Response, error) {
	ctx := req.Context()
	if st := statsFrom(ctx); st != nil && schema.Loading(ctx) {
		st.SchemaRequests.Add(1)
	}
	return s.base.RoundTrip(req)
}

// CloseIdleConnections closes the idle connections of the transport below.
func (s schemaCounter) CloseIdleConnections() {
	if c, ok := s.base.(interface{ CloseIdleConnections() }); ok {
		c.CloseIdleConnections()
	}
}
