package engine

import (
	"context"
	"fmt"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/query"
)

// cursorPager reads through kintone's cursor API: one POST creating the
// cursor (size = page size, the query without limit and offset), then GETs
// until kintone says no page follows, which also frees the cursor on the
// server. A pushed offset is skipped and a pushed limit cut client-side. A
// cursor not read to its end (early close, error, cancellation) is deleted
// by cleanup, since kintone allows only 10 live cursors per domain.
type cursorPager struct {
	pagerBase
	id   string // live cursor id, "" when none
	skip int64
	made bool
	// fallback reads on when the server has no cursor API (cursor_fallback.go).
	fallback *offsetPager
}

// next creates the cursor on the first call, then reads one page.
func (p *cursorPager) next(ctx context.Context) ([]client.Record, bool, error) {
	if p.fallback != nil {
		return p.fallback.next(ctx)
	}
	if !p.made {
		p.made = true
		p.skip = p.scan.Offset
		req := client.CreateCursorRequest{App: p.scan.Table.App, Fields: p.fields, Query: p.scan.cursorQuery().String(), Size: p.page}
		p.count()
		p.debug("kintone cursor create", "query", req.Query)
		id, total, err := p.client.CreateCursor(ctx, req)
		if cursorMissing(err) {
			return p.degrade(ctx, err)
		}
		if err != nil {
			return nil, false, err
		}
		p.id, p.total = id, total
		if p.env.Stats != nil {
			p.env.Stats.Expected.Store(total)
		}
	}
	for {
		p.count()
		recs, more, err := p.client.GetCursor(ctx, p.id)
		if err != nil {
			return nil, false, err
		}
		if !more {
			p.id = "" // kintone deleted the cursor after its last page
		}
		p.received(len(recs))
		if p.skip > 0 {
			drop := min(p.skip, int64(len(recs)))
			p.skip -= drop
			recs = recs[drop:]
			if len(recs) == 0 && more {
				continue
			}
		}
		if p.remaining != NoLimit && int64(len(recs)) > p.remaining {
			recs = recs[:p.remaining]
		}
		end := !more
		if p.take(len(recs)) {
			end = true
		}
		return recs, end, nil
	}
}

// cleanup deletes a cursor that was not read to its end.
func (p *cursorPager) cleanup(ctx context.Context) {
	if p.id == "" {
		return
	}
	id := p.id
	p.id = ""
	p.count()
	if err := p.client.DeleteCursor(ctx, id); err != nil {
		p.debug("kintone cursor delete failed", "error", err)
	}
}

// offsetPager pages with limit and offset under a pushed order: page k
// asks for offset + k*page. The planner chooses it only when every
// offset stays within kintone's 10,000 cap.
type offsetPager struct {
	pagerBase
	off int
}

// next fetches the following page.
func (p *offsetPager) next(ctx context.Context) ([]client.Record, bool, error) {
	if p.requests == 0 {
		p.off = int(p.scan.Offset)
	}
	n := p.want()
	if p.off > query.MaxOffset {
		return nil, false, fmt.Errorf("engine: offset paging of %s reached offset %d, past kintone's %d; use the cursor API (UseCursor) or a smaller LIMIT", p.scan.Table.Name, p.off, query.MaxOffset)
	}
	recs, err := p.getRecords(ctx, p.scan.orderQuery(n, p.off))
	if err != nil {
		return nil, false, err
	}
	p.off += len(recs)
	end := len(recs) < n || (p.total >= 0 && int64(p.off) >= p.total)
	if p.take(len(recs)) {
		end = true
	}
	return recs, end, nil
}
