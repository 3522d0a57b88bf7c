package engine

import (
	"context"
	"fmt"
	"slices"
	"strconv"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/query"
)

// DefaultConcurrency is the number of pages a large scan reads at once
// when the client sets no MaxConcurrency.
const DefaultConcurrency = 8

// rangePager reads a seek scan without pushed limit or offset with several
// requests in flight, still delivering the records in $id order.
//
// The first page is an ordinary seek page (asking totalCount). When it is
// full, the ids after it are cut into ranges sized by the first page's id
// density, the last range open-ended. Each
// range is read as segments: a head page ($id > lo and $id <= hi, order
// by $id, asking totalCount) and, once the head tells the range's count,
// the segment's other pages at offsets page, 2·page, ... up to kintone's
// offset cap; a range holding more records continues with a new segment
// after the last record read. Every page's length is known beforehand, so
// no empty trailing request is needed: a scan of N records costs at most
// ⌈N/page⌉ + segments requests, with about one segment per
// (offset cap + page) records and at least one per range.
//
// At most workers requests are in flight, and requests in flight plus
// fetched pages waiting for the reader stay under 1.5·workers+2 (a page the
// reader needs before all waiting ones may exceed it by workers), so memory
// stays bounded whatever the table's size. Every page must have the length its segment's
// count implies and the records must add up to the first totalCount;
// otherwise the records changed during the scan and it fails.
type rangePager struct {
	pagerBase
	first   *seekPager
	workers int
	started bool
	out     chan page
	stop    context.CancelFunc
	done    chan struct{}
}

// pageKey orders the pages of a range scan: range, segment, page.
type pageKey struct{ r, s, k int }

// compare orders keys lexicographically.
func (a pageKey) compare(b pageKey) int {
	if c := a.r - b.r; c != 0 {
		return c
	}
	if c := a.s - b.s; c != 0 {
		return c
	}
	return a.k - b.k
}

// segment is one chain of offset pages after an $id.
type segment struct {
	lo, hi int64 // $id > lo and $id <= hi; hi 0: no upper bound
	count  int64 // matches in the segment, from its head page
	pages  int   // pages of the segment, head included
	cont   bool  // more records than offsets reach: a segment follows
}

// fetched is the answer to one page request.
type fetched struct {
	key   pageKey
	recs  []client.Record
	total int64
	err   error
}

// newRangePager wraps the sequential seek pager of a full scan.
func newRangePager(base pagerBase, workers int) *rangePager {
	return &rangePager{pagerBase: base, first: &seekPager{pagerBase: base}, workers: workers}
}

// next returns the first page from the seek pager and starts the parallel
// reading; later pages come from the coordinator in $id order.
func (p *rangePager) next(ctx context.Context) ([]client.Record, bool, error) {
	if p.started && p.out == nil {
		return p.first.next(ctx) // no totalCount came: sequential seek paging
	}
	if p.started {
		select {
		case pg, ok := <-p.out:
			if !ok {
				return nil, true, nil
			}
			return pg.recs, pg.last, pg.err
		case <-ctx.Done():
			return nil, false, ctx.Err()
		}
	}
	p.started = true
	recs, last, err := p.first.next(ctx)
	if err != nil || last || p.first.total < 0 {
		return recs, last, err
	}
	rest := p.first.total - p.first.seen
	if rest <= 0 {
		// The first page held every match (totalCount said so).
		if rest != 0 {
			return nil, false, countMismatch(p.scan, p.first.seen, p.first.total)
		}
		return recs, true, nil
	}
	firstID, err := recordID(recs[0])
	if err != nil {
		return nil, false, err
	}
	cctx, cancel := context.WithCancel(ctx)
	p.stop, p.out, p.done = cancel, make(chan page), make(chan struct{})
	c := p.newCoordinator(p.first.last, estimateEnd(firstID, p.first.last, len(recs), rest), rest)
	go c.run(cctx)
	return recs, false, nil
}

// estimateEnd guesses the $id of the last of rest more matches from the
// id density of the first page (ids first..last over n records). The guess
// only balances the ranges: the last range has no upper bound, so a wrong
// guess costs speed, never records.
func estimateEnd(first, last int64, n int, rest int64) int64 {
	perRecord := float64(last-first+1) / float64(n)
	return last + int64(perRecord*float64(rest)) + 1
}

// stat counts one request that returned n records.
func (p *rangePager) stat(n int) {
	if p.env.Stats != nil {
		p.env.Stats.Requests.Add(1)
		p.env.Stats.Records.Add(int64(n))
	}
}

// cleanup stops the coordinator and waits for it.
func (p *rangePager) cleanup(context.Context) {
	if p.stop != nil {
		p.stop()
		<-p.done
	}
}

// scanWorkers is the number of pages a scan reads at once: the client's
// MaxConcurrency, or DefaultConcurrency when it sets none.
func scanWorkers(c *client.Client) int {
	if n := c.MaxConcurrency(); n > 0 {
		return n
	}
	return DefaultConcurrency
}

// rangeCount picks how many ranges split rest records: enough that each
// range fits in kintone's offset reach (one segment, no waiting for a
// continuation), at most workers+2 — each range may end on a part page, so
// this keeps a scan within ⌈N/page⌉ + workers + 3 requests.
func rangeCount(rest int64, page, workers int) int {
	span := int64(spanPages(page) * page)
	n := (rest + span - 1) / span
	return int(max(1, min(n, int64(workers+2))))
}

// spanPages is the number of pages one segment reaches through offsets.
func spanPages(page int) int { return query.MaxOffset/page + 1 }

// coordinator issues the page requests of a range scan and hands the
// pages to the reader in order.
type coordinator struct {
	p        *rangePager
	segs     map[[2]int]*segment
	ranges   int
	pending  []pageKey // known, not yet requested, sorted
	results  map[pageKey][]client.Record
	ready    *page // the next page, checked, waiting for the reader
	answers  chan fetched
	inFlight int
	next     pageKey // the page the reader gets next
	lastSeen int64   // $id of the last record delivered
	expected int64   // records the ranges must hold
	got      int64
}

// newCoordinator splits ($id > lo, $id <= hi] into ranges.
func (p *rangePager) newCoordinator(lo, hi, rest int64) *coordinator {
	n := rangeCount(rest, p.page, p.workers)
	c := &coordinator{p: p, segs: map[[2]int]*segment{}, ranges: n, results: map[pageKey][]client.Record{},
		answers: make(chan fetched, p.workers), lastSeen: lo, expected: rest}
	width := max(1, (hi-lo+int64(n)-1)/int64(n))
	for r := range n {
		s := &segment{lo: lo + int64(r)*width, hi: lo + int64(r+1)*width, count: -1}
		if r == n-1 {
			s.hi = 0
		}
		c.segs[[2]int{r, 0}] = s
		c.pending = append(c.pending, pageKey{r, 0, 0})
	}
	return c
}

// run requests pages and delivers them until the last one, an error or
// cancellation.
func (c *coordinator) run(ctx context.Context) {
	defer close(c.p.done)
	defer func() {
		for ; c.inFlight > 0; c.inFlight-- {
			<-c.answers // let the cancelled requests finish
		}
	}()
	limit := c.p.workers + c.p.workers/2 + 2
	for {
		for len(c.pending) > 0 && c.inFlight < c.p.workers &&
			(c.inFlight+c.held() < limit || c.beforeHeld(c.pending[0])) {
			k := c.pending[0]
			c.pending = c.pending[1:]
			c.inFlight++
			go c.fetch(ctx, k)
		}
		var out chan page
		if c.ready == nil {
			if recs, ok := c.results[c.next]; ok {
				delete(c.results, c.next)
				c.ready = &page{recs: recs, last: c.finalAfter(c.next)}
				if err := c.check(recs, c.ready.last); err != nil {
					c.ready = &page{err: err}
				}
			}
		}
		var pg page
		if c.ready != nil {
			pg, out = *c.ready, c.p.out
		}
		select {
		case a := <-c.answers:
			c.inFlight--
			if a.err == nil {
				a.err = c.accept(a)
			}
			if a.err != nil {
				select {
				case c.p.out <- page{err: a.err}:
				case <-ctx.Done():
				}
				return
			}
		case out <- pg:
			if pg.err != nil || pg.last {
				return
			}
			c.ready = nil
			c.next = c.after(c.next)
		case <-ctx.Done():
			return
		}
	}
}

// beforeHeld reports whether k comes before every fetched page waiting for
// the reader: such a page must be read before any of them, so fetching it
// does not pile up memory (at most workers more pages).
func (c *coordinator) beforeHeld(k pageKey) bool {
	for h := range c.results {
		if h.compare(k) < 0 {
			return false
		}
	}
	return true
}

// held is the number of fetched pages waiting for the reader.
func (c *coordinator) held() int {
	if c.ready != nil {
		return len(c.results) + 1
	}
	return len(c.results)
}

// fetch requests one page and reports the answer.
func (c *coordinator) fetch(ctx context.Context, k pageKey) {
	s := c.segs[[2]int{k.r, k.s}]
	p := c.p
	where := query.NewAnd(p.scan.Where, idBound(query.OpGt, s.lo))
	if s.hi > 0 {
		where = query.NewAnd(where, idBound(query.OpLe, s.hi))
	}
	n := p.page
	q := &query.Query{Where: where, OrderBy: []query.OrderItem{{Field: idField}}, Limit: &n}
	if off := k.k * p.page; off > 0 {
		q.Offset = &off
	}
	recs, total, err := p.client.GetRecords(ctx, client.GetRecordsRequest{App: p.scan.Table.App, Fields: p.fields, Query: q.String(), TotalCount: k.k == 0})
	p.stat(len(recs))
	a := fetched{key: k, recs: recs, err: err}
	if total != nil {
		a.total = *total
	}
	c.answers <- a
}

// idBound is the condition $id op n.
func idBound(op query.Operator, n int64) query.Expr {
	return &query.Condition{Field: idField, Op: op, Values: []query.Value{query.Num(strconv.FormatInt(n, 10))}}
}

// accept stores an answer, learning a segment's size from its head and
// the start of a following segment from its last reachable page.
func (c *coordinator) accept(a fetched) error {
	k := a.key
	s := c.segs[[2]int{k.r, k.s}]
	if k.k == 0 {
		span := spanPages(c.p.page)
		s.count = a.total
		s.pages = int(max(1, min((a.total+int64(c.p.page)-1)/int64(c.p.page), int64(span))))
		s.cont = a.total > int64(span*c.p.page)
		for i := 1; i < s.pages; i++ {
			c.pending = append(c.pending, pageKey{k.r, k.s, i})
		}
	}
	want := min(int64(c.p.page), s.count-int64(k.k*c.p.page))
	if int64(len(a.recs)) != want {
		return fmt.Errorf("engine: the scan of %s got %d records where kintone's count promised %d; the records changed during the scan", c.p.scan.Table.Name, len(a.recs), want)
	}
	if s.cont && k.k == s.pages-1 {
		last, err := recordID(a.recs[len(a.recs)-1])
		if err != nil {
			return err
		}
		c.segs[[2]int{k.r, k.s + 1}] = &segment{lo: last, hi: s.hi, count: -1}
		c.pending = append(c.pending, pageKey{k.r, k.s + 1, 0})
	}
	slices.SortFunc(c.pending, pageKey.compare)
	c.results[k] = a.recs
	return nil
}

// after returns the key of the page delivered after k.
func (c *coordinator) after(k pageKey) pageKey {
	s := c.segs[[2]int{k.r, k.s}]
	switch {
	case k.k+1 < s.pages:
		return pageKey{k.r, k.s, k.k + 1}
	case s.cont:
		return pageKey{k.r, k.s + 1, 0}
	}
	return pageKey{k.r + 1, 0, 0}
}

// finalAfter reports whether k is the last page of the scan.
func (c *coordinator) finalAfter(k pageKey) bool {
	return c.after(k).r >= c.ranges
}

// check verifies that a page continues the $id order and, on the last
// page, that the records add up to kintone's count.
func (c *coordinator) check(recs []client.Record, last bool) error {
	if len(recs) > 0 {
		first, err := recordID(recs[0])
		if err != nil {
			return err
		}
		if first <= c.lastSeen {
			return fmt.Errorf("engine: kintone returned record %d after %d while reading %s in $id ranges; the records changed during the scan", first, c.lastSeen, c.p.scan.Table.Name)
		}
		if c.lastSeen, err = recordID(recs[len(recs)-1]); err != nil {
			return err
		}
	}
	c.got += int64(len(recs))
	if last && c.got != c.expected {
		return countMismatch(c.p.scan, c.p.first.seen+c.got, c.p.first.total)
	}
	return nil
}
