package client

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

func TestIndexedArrayQuery(t *testing.T) {
	f := newFake(t, reply(200, `{"records":[],"totalCount":"0"}`))
	c := f.client(t, passwordOpts)
	_, _, err := c.GetRecords(context.Background(), GetRecordsRequest{
		App: 5, Fields: []string{"$id", "名前", "a b"}, Query: `x = "1&2" order by $id`, TotalCount: true,
	})
	if err != nil {
		t.Fatal(err)
	}
	r := f.only(t)
	want := "app=5&fields[0]=%24id&fields[1]=%E5%90%8D%E5%89%8D&fields[2]=a%20b&query=x%20%3D%20%221%262%22%20order%20by%20%24id&totalCount=true"
	if r.Method != http.MethodGet || r.Path != "/k/v1/records.json" || r.Query != want {
		t.Fatalf("got %s %s?%s\nwant GET /k/v1/records.json?%s", r.Method, r.Path, r.Query, want)
	}
	if len(r.Body) != 0 || r.Header.Get("Content-Type") != "" {
		t.Errorf("GET carried a body %q / content type %q", r.Body, r.Header.Get("Content-Type"))
	}
	vals, err := url.ParseQuery(r.Query)
	if err != nil || vals.Get("fields[1]") != "名前" || vals.Get("query") != `x = "1&2" order by $id` {
		t.Errorf("query does not round-trip through url.ParseQuery: %v %v", vals, err)
	}
}

func TestEncodeQueryShapes(t *testing.T) {
	tests := []struct {
		name   string
		params any
		want   string
	}{
		{"nil", nil, ""},
		{"ints and bools", struct {
			A int64 `json:"a"`
			B bool  `json:"b"`
			C bool  `json:"c"`
		}{-3, true, false}, "a=-3&b=true&c=false"},
		{"null skipped", map[string]any{"a": nil, "b": "x"}, "b=x"},
		{"nested", map[string]any{"k": map[string]any{"f": []any{1, map[string]any{"z": "y"}}}}, "k[f][0]=1&k[f][1][z]=y"},
		{"empty array", map[string]any{"ids": []int{}}, ""},
		{"escaping", map[string]any{"q": "+/?#%"}, "q=%2B%2F%3F%23%25"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := encodeQuery(tt.params)
			if err != nil || got != tt.want {
				t.Errorf("encodeQuery = %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if _, err := encodeQuery([]int{1}); err == nil {
		t.Error("encodeQuery accepted a non-object")
	}
}

func TestMethodOverrideForLongURL(t *testing.T) {
	f := newFake(t, reply(200, `{"records":[],"totalCount":null}`))
	c := f.client(t, passwordOpts)
	fixed := len(f.srv.URL) + len("/k/v1/records.json") + len("?app=1&query=")
	atLimit := strings.Repeat("a", maxGetURLLength-fixed)
	for _, q := range []string{atLimit, atLimit + "a"} {
		if _, _, err := c.GetRecords(context.Background(), GetRecordsRequest{App: 1, Query: q}); err != nil {
			t.Fatal(err)
		}
	}
	got := f.requests()
	if len(got) != 2 {
		t.Fatalf("saw %d requests", len(got))
	}
	short, long := got[0], got[1]
	if short.Method != http.MethodGet || len(f.srv.URL)+len(short.Path)+1+len(short.Query) != maxGetURLLength {
		t.Errorf("URL of exactly %d characters must stay a GET; got %s with %d", maxGetURLLength, short.Method, len(f.srv.URL)+len(short.Path)+1+len(short.Query))
	}
	if short.Header.Get("X-HTTP-Method-Override") != "" {
		t.Error("short GET carried X-HTTP-Method-Override")
	}
	wantBody := `{"app":1,"query":"` + atLimit + `a"}`
	if long.Method != http.MethodPost || long.Path != "/k/v1/records.json" || long.Query != "" ||
		long.Header.Get("X-HTTP-Method-Override") != "GET" || long.Header.Get("Content-Type") != "application/json" ||
		string(long.Body) != wantBody {
		t.Errorf("long GET sent as %s %s?%s override=%q type=%q body=%.60q...",
			long.Method, long.Path, long.Query, long.Header.Get("X-HTTP-Method-Override"), long.Header.Get("Content-Type"), long.Body)
	}
}

func TestPaths(t *testing.T) {
	ctx := context.Background()
	tests := []struct {
		name  string
		guest int64
		call  func(c *Client) error
		want  string
	}{
		{"record", 0, func(c *Client) error { _, err := c.GetRecord(ctx, 1, 2); return err }, "/k/v1/record.json"},
		{"guest record", 7, func(c *Client) error { _, err := c.GetRecord(ctx, 1, 2); return err }, "/k/guest/7/v1/record.json"},
		{"per-call guest", 7, func(c *Client) error { _, err := c.WithGuestSpace(9).GetRecord(ctx, 1, 2); return err }, "/k/guest/9/v1/record.json"},
		{"per-call no guest", 7, func(c *Client) error { _, err := c.WithGuestSpace(0).GetRecord(ctx, 1, 2); return err }, "/k/v1/record.json"},
		{"preview", 0, func(c *Client) error { _, err := c.DeleteFormFields(ctx, 1, []string{"a"}, 0); return err }, "/k/v1/preview/app/form/fields.json"},
		{"guest preview", 7, func(c *Client) error { _, _, err := c.AddApp(ctx, NewApp{Name: "x"}); return err }, "/k/guest/7/v1/preview/app.json"},
		{"user API ignores guest", 7, func(c *Client) error { _, err := c.GetUsers(ctx, ListRequest{}); return err }, "/v1/users.json"},
		{"cursor", 7, func(c *Client) error { return c.DeleteCursor(ctx, "x") }, "/k/guest/7/v1/records/cursor.json"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, reply(200, `{"app":"1","revision":"1"}`))
			opts := passwordOpts
			opts.GuestSpaceID = tt.guest
			if err := tt.call(f.client(t, opts)); err != nil {
				t.Fatal(err)
			}
			if got := f.only(t).Path; got != tt.want {
				t.Errorf("path = %s, want %s", got, tt.want)
			}
		})
	}
}

func TestUserAgent(t *testing.T) {
	for _, ua := range []string{"", "my-tool/1.0"} {
		f := newFake(t, reply(200, `{}`))
		opts := passwordOpts
		opts.UserAgent = ua
		if err := f.client(t, opts).DeleteCursor(context.Background(), "c"); err != nil {
			t.Fatal(err)
		}
		want := ua
		if want == "" {
			want = DefaultUserAgent
		}
		if got := f.only(t).Header.Get("User-Agent"); got != want {
			t.Errorf("User-Agent = %q, want %q", got, want)
		}
	}
}

func TestDecodeFailureNamesRequest(t *testing.T) {
	f := newFake(t, reply(200, `<html>not json</html>`))
	_, err := f.client(t, passwordOpts).GetApp(context.Background(), 3)
	if err == nil || !strings.Contains(err.Error(), "GET /k/v1/app.json: decoding response") {
		t.Fatalf("error = %v", err)
	}
}

func TestTransportErrors(t *testing.T) {
	block := make(chan struct{})
	f := newFake(t, func(w http.ResponseWriter, _ seenRequest) { <-block })
	defer close(block)
	c := f.client(t, passwordOpts)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	_, err := c.GetApp(ctx, 12345)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error = %v, want context.DeadlineExceeded", err)
	}
	msg := err.Error()
	if !strings.HasPrefix(msg, "kintone: GET /k/v1/app.json: ") || strings.Contains(msg, "12345") || strings.Contains(msg, f.srv.URL) {
		t.Errorf("transport error = %q; want method and path only", msg)
	}
	var ke *Error
	if errors.As(err, &ke) {
		t.Error("a transport failure must not look like a kintone *Error")
	}
}

func TestRedirectsAreNotFollowed(t *testing.T) {
	elsewhere := newFake(t, reply(200, `{"appId":"1"}`))
	f := newFake(t, func(w http.ResponseWriter, r seenRequest) {
		w.Header().Set("Location", elsewhere.srv.URL+"/login")
		w.WriteHeader(http.StatusFound)
	})
	hc := &http.Client{}
	_, err := f.client(t, Options{User: "u", Password: "p", HTTPClient: hc}).GetApp(context.Background(), 1)
	var ke *Error
	if !errors.As(err, &ke) || ke.StatusCode != http.StatusFound {
		t.Fatalf("error = %v, want a 302 *Error", err)
	}
	if n := len(elsewhere.requests()); n != 0 {
		t.Errorf("redirect target received %d requests (with credentials)", n)
	}
	if hc.CheckRedirect != nil {
		t.Error("New modified the caller's http.Client")
	}
}
