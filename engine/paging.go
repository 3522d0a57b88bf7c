package engine

import (
	"context"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/query"
)

// pagerBase holds what every pager shares: the scan, its client and
// fields, the page size, the records still wanted and the match count.
type pagerBase struct {
	scan   *Scan
	env    *Env
	client *client.Client
	fields []string
	page   int
	// remaining is the number of records still wanted (NoLimit: all).
	remaining int64
	// total is kintone's totalCount from the first request, -1 before.
	total int64
	// requests counts the pager's requests.
	requests int
}

// want returns the size of the next request: a page, or less when the
// pushed limit needs fewer records.
func (b *pagerBase) want() int {
	if b.remaining != NoLimit && b.remaining < int64(b.page) {
		return int(b.remaining)
	}
	return b.page
}

// take records that n records were delivered and reports whether the
// pushed limit is reached.
func (b *pagerBase) take(n int) bool {
	if b.remaining == NoLimit {
		return false
	}
	b.remaining -= int64(n)
	return b.remaining <= 0
}

// getRecords sends one GET records.json with q; the first request asks
// for totalCount, which feeds Stats.Expected.
func (b *pagerBase) getRecords(ctx context.Context, q *query.Query) ([]client.Record, error) {
	req := client.GetRecordsRequest{App: b.scan.Table.App, Fields: b.fields, Query: q.String(), TotalCount: b.requests == 0}
	b.count()
	b.debug("kintone records request", "query", req.Query)
	recs, total, err := b.client.GetRecords(ctx, req)
	if err != nil {
		return nil, err
	}
	if total != nil {
		b.total = *total
		if b.env.Stats != nil {
			b.env.Stats.Expected.Store(*total)
		}
	}
	b.received(len(recs))
	return recs, nil
}

// count adds one request to the statistics.
func (b *pagerBase) count() {
	b.requests++
	if b.env.Stats != nil {
		b.env.Stats.Requests.Add(1)
	}
}

// received adds fetched records to the statistics.
func (b *pagerBase) received(n int) {
	if b.env.Stats != nil {
		b.env.Stats.Records.Add(int64(n))
	}
}

// debug logs at debug level when the environment has a logger.
func (b *pagerBase) debug(msg string, args ...any) {
	if b.env.Logger != nil {
		b.env.Logger.Debug(msg, append([]any{"app", b.scan.Table.App}, args...)...)
	}
}

// cleanup has nothing to release by default.
func (b *pagerBase) cleanup(context.Context) {}

// singlePager sends one request with the pushed limit and offset.
type singlePager struct {
	pagerBase
}

// next fetches the only page.
func (p *singlePager) next(ctx context.Context) ([]client.Record, bool, error) {
	recs, err := p.getRecords(ctx, p.scan.orderQuery(p.want(), int(p.scan.Offset)))
	return recs, true, err
}
