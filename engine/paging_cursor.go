package engine

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/query"
)

// cursorPager reads through kintone's cursor API: one POST creating the
// cursor (size = page size, the query without limit and offset), then GETs
// until kintone says no page follows, which also frees the cursor on the
// server. A pushed offset is skipped and a pushed limit cut client-side. A
// cursor not read to its end (early close, error, cancellation) is deleted
// by cleanup, since kintone allows only 10 live cursors per domain.
//
// Reading a page moves the cursor on, so a page whose answer was lost
// (client.ErrAnswerLost) cannot be asked for again. The pager then deletes
// that cursor, creates a new one with the same query (whose order ends with
// $id, so it is total), reads past the records it already took and checks
// that the last of them is the same record as before; a different match
// count or record there means the data changed and the scan fails instead
// of returning a wrong result.
//
// A cursor whose creation answer was lost cannot be deleted: kintone has no
// call listing cursors, so its id is unknown. It stays until kintone drops
// it after 10 idle minutes; the pager does not retry such a creation, to
// avoid stranding more than one.
type cursorPager struct {
	pagerBase
	id       string // live cursor id, "" when none
	skip     int64
	made     bool
	taken    int64 // records read from the cursor(s), before skip and limit
	lastID   int64 // $id of the last record read
	restarts int
	// fallback reads on when the server has no cursor API (cursor_fallback.go).
	fallback *offsetPager
}

// maxCursorRestarts bounds how often one scan starts over from a new
// cursor after lost answers.
const maxCursorRestarts = 20

// cursorCreateTimeout bounds a cursor creation, which outlives the scan's
// cancellation (kintone may take a while to create a cursor over many
// records).
const cursorCreateTimeout = 2 * time.Minute

// next creates the cursor on the first call, then reads one page.
func (p *cursorPager) next(ctx context.Context) ([]client.Record, bool, error) {
	if p.fallback != nil {
		return p.fallback.next(ctx)
	}
	if !p.made {
		p.made = true
		p.skip = p.scan.Offset
		total, err := p.create(ctx)
		if cursorMissing(err) {
			return p.degrade(ctx, err)
		}
		if err != nil {
			return nil, false, err
		}
		p.total = total
		if p.env.Stats != nil {
			p.env.Stats.Expected.Store(total)
		}
	}
	for {
		recs, more, err := p.readPage(ctx)
		if err != nil {
			return nil, false, err
		}
		p.received(len(recs))
		if len(recs) == 0 && more {
			return nil, false, fmt.Errorf("engine: kintone sent an empty cursor page with more to follow: %w", client.ErrProtocol)
		}
		p.taken += int64(len(recs))
		if len(recs) > 0 {
			if p.lastID, err = recordID(recs[len(recs)-1]); err != nil {
				return nil, false, err
			}
		}
		if !more && p.taken != p.total {
			return nil, false, countMismatch(p.scan, p.taken, p.total)
		}
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

// create creates a cursor and returns kintone's match count.
func (p *cursorPager) create(ctx context.Context) (int64, error) {
	req := client.CreateCursorRequest{App: p.scan.Table.App, Fields: p.fields, Query: p.scan.cursorQuery().String(), Size: p.page}
	p.count()
	p.debug("kintone cursor create", "query", req.Query)
	// The creation is not cancelled with the scan: an answer dropped by a
	// cancellation would strand a cursor whose id nobody knows. Once
	// created, cleanup deletes it.
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cursorCreateTimeout)
	defer cancel()
	id, total, err := p.client.CreateCursor(cctx, req)
	if err != nil {
		if errors.Is(err, client.ErrAnswerLost) {
			return 0, fmt.Errorf("engine: creating a cursor over %s: %w; the cursor, if kintone made it, stays open until kintone drops it after 10 idle minutes", p.scan.Table.Name, err)
		}
		return 0, err
	}
	p.id = id
	return total, nil
}

// readPage reads the next page of the live cursor, starting over from a new
// cursor when an answer is lost.
func (p *cursorPager) readPage(ctx context.Context) ([]client.Record, bool, error) {
	for {
		p.count()
		recs, more, err := p.client.GetCursor(ctx, p.id)
		if err == nil {
			if !more {
				p.id = "" // kintone deleted the cursor after its last page
			}
			return recs, more, nil
		}
		if !errors.Is(err, client.ErrAnswerLost) {
			return nil, false, err
		}
		if err := p.restart(ctx, err); err != nil {
			return nil, false, err
		}
	}
}

// restart replaces the live cursor, whose page answer was lost (cause), by
// a new one positioned after the p.taken records already read; a loss
// while catching up starts over again, up to maxCursorRestarts times.
func (p *cursorPager) restart(ctx context.Context, cause error) error {
	for {
		if p.restarts >= maxCursorRestarts {
			return fmt.Errorf("engine: the cursor over %s lost %d answers; giving up: %w", p.scan.Table.Name, p.restarts, cause)
		}
		p.restarts++
		p.debug("kintone cursor page lost; starting over", "error", cause, "taken", p.taken)
		err := p.reposition(ctx)
		if err == nil || !errors.Is(err, client.ErrAnswerLost) {
			return err
		}
		cause = err
	}
}

// reposition deletes the live cursor, creates a new one and reads past the
// p.taken records already read, checking that the same records lead up to
// that point.
func (p *cursorPager) reposition(ctx context.Context) error {
	p.cleanup(ctx)
	total, err := p.create(ctx)
	if err != nil {
		return err
	}
	if total != p.total {
		return fmt.Errorf("engine: restarting the cursor over %s after a lost page: kintone now counts %d matches, not %d; the records changed during the scan", p.scan.Table.Name, total, p.total)
	}
	for passed := int64(0); passed < p.taken; {
		p.count()
		recs, more, err := p.client.GetCursor(ctx, p.id)
		if err != nil {
			return err
		}
		p.received(len(recs))
		if !more {
			p.id = ""
		}
		if passed+int64(len(recs)) >= p.taken {
			at := p.taken - passed - 1
			id, err := recordID(recs[at])
			if err != nil {
				return err
			}
			if id != p.lastID {
				return fmt.Errorf("engine: restarting the cursor over %s after a lost page: record %d is where record %d was; the records changed during the scan", p.scan.Table.Name, id, p.lastID)
			}
			if int64(len(recs)) != at+1 {
				return fmt.Errorf("engine: restarting the cursor over %s: pages no longer line up with the page size", p.scan.Table.Name)
			}
			return nil
		}
		if !more || len(recs) == 0 {
			return fmt.Errorf("engine: restarting the cursor over %s: it ended after %d of the %d records already read", p.scan.Table.Name, passed+int64(len(recs)), p.taken)
		}
		passed += int64(len(recs))
	}
	return nil
}

// cleanup deletes a cursor that was not read to its end; DeleteCursor
// retries lost answers and treats an already gone cursor as deleted.
func (p *cursorPager) cleanup(ctx context.Context) {
	if p.id == "" {
		return
	}
	id := p.id
	p.id = ""
	p.count()
	dctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cleanupTimeout)
	defer cancel()
	if err := p.client.DeleteCursor(dctx, id); err != nil {
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
