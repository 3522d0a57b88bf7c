package client

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"
)

// maxGetURLLength is the longest GET URL sent as is; longer ones are sent as
// POST with X-HTTP-Method-Override: GET (js-sdk uses the same threshold;
// kintone's hard limit is 8 KB).
const maxGetURLLength = 4096

// maxErrorBody bounds how much of an error response is read.
const maxErrorBody = 1 << 20

// userAPIPrefix starts every cybozu.com User API path.
const userAPIPrefix = "/v1/"

// APIPath returns the URL path of a kintone REST resource such as "records"
// or "record/comments": /k/v1/{resource}.json, or
// /k/guest/{id}/v1/{resource}.json when the client has a guest space. It is
// the form bulkRequest expects in BulkRequest.API.
func (c *Client) APIPath(resource string) string {
	return c.kintonePath(resource, false)
}

// previewPath returns the path of a pre-live settings resource
// (/k/v1/preview/{resource}.json, guest variant included).
func (c *Client) previewPath(resource string) string {
	return c.kintonePath(resource, true)
}

// kintonePath builds /k[/guest/{id}]/v1[/preview]/{resource}.json.
func (c *Client) kintonePath(resource string, preview bool) string {
	var b strings.Builder
	b.WriteString("/k")
	if c.guestID > 0 {
		b.WriteString("/guest/" + strconv.FormatInt(c.guestID, 10))
	}
	b.WriteString("/v1/")
	if preview {
		b.WriteString("preview/")
	}
	b.WriteString(resource + ".json")
	return b.String()
}

// userPath returns the path of a User API resource: /v1/{resource}.json.
func userPath(resource string) string {
	return userAPIPrefix + resource + ".json"
}

// outgoing is one logical request; send turns it into one or more HTTP attempts.
type outgoing struct {
	method      string // logical method (GET, POST, PUT, DELETE)
	path        string
	rawQuery    string
	override    bool      // send as POST with X-HTTP-Method-Override: method
	body        []byte    // replayable body, or nil
	stream      io.Reader // one-shot body (uploads); used when body is nil
	length      int64     // length of stream, -1 when unknown
	contentType string
	retry       retryMode
	// noReplay keeps net/http from re-sending the request by itself on a
	// reused connection that fails (it does so for bodiless GETs): the
	// request is sent as POST with X-HTTP-Method-Override, which the
	// transport never replays once written.
	noReplay bool
}

// call sends a JSON API request and decodes the JSON answer into out (nil
// discards it). GET parameters go in the query string, or in a JSON body with
// the method override when the URL would be too long; other methods send
// params as a JSON body.
func (c *Client) call(ctx context.Context, method, path string, params, out any) error {
	return c.callOut(ctx, outgoing{method: method, path: path}, params, out)
}

// callOut is call for a prepared outgoing (method, path and any of retry
// and noReplay set).
func (c *Client) callOut(ctx context.Context, o outgoing, params, out any) error {
	method, path := o.method, o.path
	if method == http.MethodGet {
		q, err := encodeQuery(params)
		if err != nil {
			return fmt.Errorf("kintone: %s %s: %w", method, path, err)
		}
		o.rawQuery = q
		if o.retry == retryNever {
			o.retry = retryIdempotent
		}
		if o.noReplay || len(c.base.String())+len(path)+1+len(q) > maxGetURLLength {
			o.rawQuery, o.override = "", true
		}
	}
	if params != nil && (method != http.MethodGet || o.override) {
		b, err := jsonBody(params)
		if err != nil {
			return fmt.Errorf("kintone: %s %s: %w", method, path, err)
		}
		o.body, o.contentType = b, "application/json"
	}
	resp, err := c.send(ctx, o)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	decode := decodeJSON
	if d, ok := out.(bodyDecoder); ok {
		decode = func(r io.Reader, _ any) error { return d.decodeBody(r) }
	}
	if err := decode(resp.Body, out); err != nil {
		return o.lostAnswer(fmt.Errorf("kintone: %s %s: decoding response: %w", method, path, err))
	}
	return nil
}

// send performs o, retrying what o.retry allows with capped exponential
// backoff and jitter, honouring Retry-After. On success the caller must close
// the response body; any non-2xx answer becomes an *Error. A failure that
// kintone may have acted on without answering, for a request that may not be
// repeated, also matches ErrAnswerLost.
func (c *Client) send(ctx context.Context, o outgoing) (*http.Response, error) {
	header := make(http.Header)
	if err := c.creds.apply(header, strings.HasPrefix(o.path, userAPIPrefix)); err != nil {
		return nil, err
	}
	header.Set("User-Agent", c.userAgent)
	if o.contentType != "" {
		header.Set("Content-Type", o.contentType)
	}
	wireMethod := o.method
	if o.override {
		wireMethod = http.MethodPost
		header.Set("X-HTTP-Method-Override", o.method)
	}
	u := *c.base
	u.Path = o.path
	u.RawQuery = o.rawQuery
	target := u.String()

	timedOut := false // a timeout is retried once: Timeout must keep bounding a statement
	for attempt := 0; ; attempt++ {
		if err := ctx.Err(); err != nil {
			return nil, fmt.Errorf("kintone: %s %s: %w", o.method, o.path, err)
		}
		if err := c.pressure.wait(ctx); err != nil {
			return nil, fmt.Errorf("kintone: %s %s: %w", o.method, o.path, err)
		}
		release, err := c.acquire(ctx)
		if err != nil {
			return nil, fmt.Errorf("kintone: %s %s: %w", o.method, o.path, err)
		}
		req, err := http.NewRequestWithContext(ctx, wireMethod, target, o.bodyReader())
		if err != nil {
			release()
			return nil, fmt.Errorf("kintone: %s %s: building request: %w", o.method, o.path, err)
		}
		req.Header = header.Clone()
		if o.body == nil && o.stream != nil {
			req.ContentLength = o.length
		}
		n := c.requests.Add(1)
		start := time.Now()
		resp, err := c.http.Do(req)
		if err != nil {
			release()
			var ue *url.Error
			if errors.As(err, &ue) {
				err = ue.Err // url.Error repeats the full URL; method and path are enough
			}
			c.logAttempt(ctx, o, 0, time.Since(start), attempt, n, err)
			again := !timedOut
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				timedOut = true
			}
			if again && attempt < c.retry.max && o.retry.retryableTransport(ctx, err) {
				if serr := sleepContext(ctx, c.retry.backoff(attempt)); serr == nil {
					continue
				}
			}
			if o.retry == retryRejected && ctx.Err() == nil {
				return nil, fmt.Errorf("kintone: %s %s: %w (%w)", o.method, o.path, ErrAnswerLost, err)
			}
			return nil, o.lostAnswer(fmt.Errorf("kintone: %s %s: %w", o.method, o.path, err))
		}
		c.logAttempt(ctx, o, resp.StatusCode, time.Since(start), attempt, n, nil)
		c.pressure.note(resp.StatusCode, resp.Header)
		if resp.StatusCode >= 200 && resp.StatusCode < 300 {
			resp.Body = &releasingBody{ReadCloser: resp.Body, release: release}
			return resp, nil
		}
		body, _ := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
		resp.Body.Close()
		release()
		apiErr := newError(resp.StatusCode, o.method, o.path, resp.Header.Get("Content-Type"), body)
		if attempt >= c.retry.max || !o.retry.retryableAnswer(apiErr) {
			if o.retry == retryRejected && lostAnswer(resp.StatusCode) {
				return nil, fmt.Errorf("%w: %w", ErrAnswerLost, apiErr)
			}
			return nil, o.lostStatus(apiErr)
		}
		if err := sleepContext(ctx, c.retry.wait(attempt, resp.Header)); err != nil {
			return nil, apiErr
		}
	}
}

// bodyReader returns a fresh reader over the request body, or nil.
func (o *outgoing) bodyReader() io.Reader {
	switch {
	case o.body != nil:
		return bytes.NewReader(o.body)
	case o.stream != nil:
		return o.stream
	}
	return nil
}

// logAttempt writes one Debug record per HTTP attempt: no headers, no query
// string, no body.
func (c *Client) logAttempt(ctx context.Context, o outgoing, status int, d time.Duration, attempt int, n int64, err error) {
	attrs := []slog.Attr{
		slog.String("method", o.method),
		slog.String("path", o.path),
		slog.Int("status", status),
		slog.Duration("duration", d),
		slog.Int("attempt", attempt+1),
		slog.Int64("requests", n),
	}
	if o.override {
		attrs = append(attrs, slog.Bool("method_override", true))
	}
	if err != nil {
		attrs = append(attrs, slog.String("error", err.Error()))
	}
	c.log.LogAttrs(ctx, slog.LevelDebug, "kintone request", attrs...)
}

// acquire takes a concurrency slot (when MaxConcurrency is set) and returns
// the function that gives it back.
func (c *Client) acquire(ctx context.Context) (func(), error) {
	if c.slots == nil {
		return func() {}, nil
	}
	select {
	case c.slots <- struct{}{}:
		var once sync.Once
		return func() { once.Do(func() { <-c.slots }) }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// releasingBody gives the concurrency slot back when the body is closed.
type releasingBody struct {
	io.ReadCloser
	release func()
}

// Close closes the body and releases the slot.
func (b *releasingBody) Close() error {
	err := b.ReadCloser.Close()
	b.release()
	return err
}
