package engine

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/query"
)

// A server without kintone's cursor API (some kintone-compatible servers,
// proxies that forward only records.json) answers 404 to the cursor
// request. The cursor pager then reads the same ordered query with limit
// and offset (offset paging), which records.json answers in the same
// order, while every offset stays within kintone's 10,000 cap; a longer
// read fails with an error naming UseCursor=false, with which the planner
// reads by $id and sorts client-side. Stats.CursorFallbacks counts the
// fallbacks and EXPLAIN mentions them.

// cursorFallbackNote is EXPLAIN's line for a cursor scan.
const cursorFallbackNote = "if the server has no cursor API (404): offset paging in the same order up to offset 10,000, else an error naming UseCursor=false"

// cursorMissing reports whether err is the server saying the cursor API
// does not exist (404 without a GAIA_ code, which kintone uses for a
// missing app or record).
func cursorMissing(err error) bool {
	var ce *client.Error
	return errors.As(err, &ce) && ce.StatusCode == http.StatusNotFound && !strings.HasPrefix(ce.Code, "GAIA_")
}

// degrade switches the pager to offset paging after the cursor API
// answered 404 (cause) and fetches the first page.
func (p *cursorPager) degrade(ctx context.Context, cause error) ([]client.Record, bool, error) {
	if p.env.Logger != nil {
		p.env.Logger.Warn("kintone cursor API not found; reading with offset paging instead", "app", p.scan.Table.App, "error", cause)
	}
	if p.env.Stats != nil {
		p.env.Stats.CursorFallbacks.Add(1)
	}
	base := p.pagerBase
	base.requests = 0
	p.fallback = &offsetPager{pagerBase: base}
	recs, end, err := p.fallback.next(ctx)
	if err != nil {
		return nil, false, err
	}
	if need := p.fallbackNeed(); !end && need > int64(query.MaxOffset)+int64(p.page) {
		return nil, false, p.fallbackError(need)
	}
	return recs, end, nil
}

// fallbackNeed is the number of records the offset paging must reach:
// the match count, or the pushed offset plus limit when smaller.
func (p *cursorPager) fallbackNeed() int64 {
	need := p.fallback.total
	if p.scan.Limit != NoLimit && (need < 0 || p.scan.Offset+p.scan.Limit < need) {
		need = p.scan.Offset + p.scan.Limit
	}
	return need
}

// fallbackError explains why the read cannot go on without a cursor.
func (p *cursorPager) fallbackError(need int64) error {
	return fmt.Errorf("engine: the server has no cursor API (records/cursor.json answered 404), and reading %d ordered records of %s "+
		"with offsets would pass kintone's %d offset cap; set UseCursor=false in the DSN (the driver then reads by $id and sorts client-side)",
		need, p.scan.Table.Name, query.MaxOffset)
}
