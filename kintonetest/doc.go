// Package kintonetest runs a kintone-compatible server in process, in the
// style of net/http/httptest: real HTTP on a loopback port, state in memory,
// and a Go API to seed it.
//
// The server follows the kintone REST API and the cybozu.com User API as
// documented (https://cybozu.dev/ja/kintone/docs/rest-api/): endpoints, JSON shapes,
// limits, error codes and HTTP statuses. Where the documentation is silent the
// behaviour chosen is noted next to the code that implements it.
//
//	srv := kintonetest.NewServer()
//	defer srv.Close()
//	appID, _ := srv.CreateApp(kintonetest.AppSpec{Name: "Customers", Fields: ...})
//	// point a client at srv.URL with user "Administrator", password "cybozu"
package kintonetest
