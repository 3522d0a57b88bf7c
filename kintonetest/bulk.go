package kintonetest

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
)

// maxBulkRequests is the most requests one bulkRequest.json may carry
// (kintone-api.md §3 "bulk ... max 20").
const maxBulkRequests = 20

// bulkItem is one element of bulkRequest.json's "requests".
type bulkItem struct {
	Method  flexString     `json:"method"`
	API     flexString     `json:"api"`
	Payload map[string]any `json:"payload"`
}

// postBulk is POST bulkRequest.json (kintone-api.md §3 bulkRequest): the
// requests run in order inside the call's single tx, each through its own
// registered route, which must allow bulk use (record POST/PUT, records
// POST/PUT/DELETE, record/status, records/status, record/assignees). When
// one fails nothing is applied: the answer has that error's status and
// {"results":[{}, {code,id,message,errors}, {}...]} with the error at its
// index. Under token auth every app touched needs its token (each route
// checks through call.app).
func postBulk(c *call) (any, *apiError) {
	var req struct {
		Requests []bulkItem `json:"requests"`
	}
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	if len(req.Requests) == 0 {
		return nil, errRequired("requests")
	}
	if len(req.Requests) > maxBulkRequests {
		// kintone's message for this is UNCONFIRMED.
		return nil, errField("requests", c.text("一度に実行できるリクエストは20件までです。",
			"A maximum of 20 requests can be sent at one time."))
	}
	subs := make([]*call, len(req.Requests))
	routes := make([]route, len(req.Requests))
	for i, it := range req.Requests {
		sub, rt, err := c.bulkCall(i, it)
		if err != nil {
			return nil, err
		}
		subs[i], routes[i] = sub, rt
	}
	results := make([]any, len(subs))
	for i, sub := range subs {
		resp, err := routes[i].h(sub)
		if err != nil {
			return c.bulkFailed(i, len(subs), err)
		}
		results[i] = resp
	}
	return struct {
		Results []any `json:"results"`
	}{results}, nil
}

// bulkCall checks one request of a bulkRequest and prepares its call,
// sharing the bulk call's caller, clock and tx. The api must be a kintone
// REST path (/k/v1/... or /k/guest/{id}/v1/...) in the bulk request's own
// guest space, naming a route that allows bulk use. These problems are
// CB_VA01 on "requests[i].<param>" (kintone's exact messages are
// UNCONFIRMED).
func (c *call) bulkCall(i int, it bulkItem) (*call, route, *apiError) {
	key := fmt.Sprintf("requests[%d]", i)
	method := strings.ToUpper(string(it.Method))
	if method == "" {
		return nil, route{}, errRequired(key + ".method")
	}
	if string(it.API) == "" {
		return nil, route{}, errRequired(key + ".api")
	}
	path := string(it.API)
	if u, err := url.Parse(path); err == nil && u.Path != "" {
		path = u.Path
	}
	a, guest, resource, ok := splitPath(path)
	if !ok || a != kintoneAPI {
		return nil, route{}, errField(key+".api", c.text("指定したAPIは一括リクエストで実行できません。",
			"The specified API cannot be used in a bulk request."))
	}
	if guest != c.guest {
		return nil, route{}, errField(key+".api", c.text("一括リクエストでは、リクエストと同じゲストスペースのAPIのみ実行できます。",
			"A bulk request can only run APIs of its own guest space."))
	}
	rt, found := c.srv.routes[routeKey{kintoneAPI, resource, method}]
	if !found || !rt.bulkOK {
		return nil, route{}, errField(key+".api", c.text("指定したAPIは一括リクエストで実行できません。",
			"The specified API cannot be used in a bulk request."))
	}
	if c.who.tokens != nil && !rt.tokenOK {
		return nil, route{}, errTokenNotAllowed()
	}
	params := it.Payload
	if params == nil {
		params = map[string]any{}
	}
	sub := &call{
		srv: c.srv, r: c.r, api: kintoneAPI, resource: resource, method: method,
		guest: c.guest, params: params, who: c.who, now: c.now, tx: c.tx, bulkIndex: i,
	}
	return sub, rt, nil
}

// bulkFailed answers a failed bulkRequest: it drops everything the tx
// collected (router.run commits whatever c.tx holds after the handler, so a
// fresh empty tx commits nothing) and writes the results array itself.
func (c *call) bulkFailed(i, n int, err *apiError) (any, *apiError) {
	c.tx = newTx(c.srv.st)
	if c.w == nil {
		return nil, err
	}
	results := make([]any, n)
	for j := range results {
		results[j] = struct{}{}
	}
	results[i] = err.body(c.who.lang)
	h := c.w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("X-Cybozu-Error", err.Code)
	c.w.WriteHeader(err.Status)
	_ = json.NewEncoder(c.w).Encode(struct {
		Results []any `json:"results"`
	}{results})
	return nil, nil
}
