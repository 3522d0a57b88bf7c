package engine

import (
	"context"
	"fmt"
	"strconv"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/schema"
)

// seekPager pages by record id: (cond) and $id > last order by $id asc
// limit n. It stops at a short page or when the pushed limit is reached;
// at a short page the matches seen must equal kintone's totalCount from
// the first request, else the scan fails (records changed or a page went
// missing: never a silently short result). A pushed offset
// rides on the first request when kintone accepts it (at most 10,000) and
// is skipped client-side otherwise.
type seekPager struct {
	pagerBase
	last  int64 // id of the last record seen
	seen  int64 // matches seen so far, counting those skipped by offset
	skip  int64 // records still to skip client-side
	begun bool
}

// next fetches the following page.
func (p *seekPager) next(ctx context.Context) ([]client.Record, bool, error) {
	off := 0
	if !p.begun {
		p.begun = true
		off = p.scan.seekOffset()
		p.seen = int64(off)
		p.skip = p.scan.Offset - int64(off)
	}
	for {
		n := p.want()
		if p.skip > 0 {
			n = p.page // skipping: fetch whole pages
		}
		recs, err := p.getRecords(ctx, p.scan.seekQuery(p.last, n, off))
		if err != nil {
			return nil, false, err
		}
		off = 0
		if len(recs) > 0 {
			id, err := recordID(recs[len(recs)-1])
			if err != nil {
				return nil, false, err
			}
			if id <= p.last {
				return nil, false, fmt.Errorf("engine: kintone returned record %d after %d while paging by $id", id, p.last)
			}
			p.last = id
		}
		p.seen += int64(len(recs))
		end := len(recs) < n
		if end && p.total >= 0 && p.seen != p.total {
			return nil, false, countMismatch(p.scan, p.seen, p.total)
		}
		if p.skip > 0 {
			drop := min(p.skip, int64(len(recs)))
			p.skip -= drop
			recs = recs[drop:]
			if len(recs) == 0 && !end {
				continue
			}
		}
		if p.remaining != NoLimit && int64(len(recs)) > p.remaining {
			recs = recs[:p.remaining]
		}
		if p.take(len(recs)) {
			end = true
		}
		return recs, end, nil
	}
}

// countMismatch is the error of a scan whose rows do not add up to
// kintone's totalCount.
func countMismatch(s *Scan, seen, total int64) error {
	return fmt.Errorf("engine: the scan of %s read %d records but kintone counted %d matches; the records changed during the scan or a page was lost", s.Table.Name, seen, total)
}

// recordID reads the $id of a record.
func recordID(r client.Record) (int64, error) {
	fv, ok := r[schema.ColumnID]
	if !ok {
		return 0, fmt.Errorf("engine: kintone sent a record without $id")
	}
	s := string(fv.Value)
	if uq, err := strconv.Unquote(s); err == nil {
		s = uq
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, fmt.Errorf("engine: kintone sent a bad $id %s", fv.Value)
	}
	return id, nil
}
