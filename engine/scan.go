package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/query"
	"github.com/kintone-sql/kintone/schema"
)

// Paging is how a scan walks through kintone's records.
type Paging int

// The paging modes.
const (
	// PagingSingle sends one request carrying the pushed limit and offset
	// (limit at most one page, offset within kintone's cap).
	PagingSingle Paging = iota + 1
	// PagingSeek pages by record id: (cond) and $id > last order by $id
	// asc limit PageSize, until a short page. Used when no order is pushed.
	PagingSeek
	// PagingCursor reads through kintone's cursor API (pushed custom order
	// with UseCursor); the cursor is deleted when the scan ends early.
	PagingCursor
	// PagingOffset pages with limit/offset under a pushed custom order; the
	// planner uses it only when every page's offset stays within
	// kintone's 10,000 cap.
	PagingOffset
)

// String names the mode for EXPLAIN.
func (p Paging) String() string {
	switch p {
	case PagingSingle:
		return "single request"
	case PagingSeek:
		return "seek by $id"
	case PagingCursor:
		return "cursor"
	case PagingOffset:
		return "offset"
	}
	return "Paging(" + strconv.Itoa(int(p)) + ")"
}

// DefaultPageSize is the records per request when none is configured
// (kintone's maximum).
const DefaultPageSize = client.MaxRecordsPerGet

// NoLimit is the Limit of a scan without a pushed limit.
const NoLimit int64 = -1

// Scan reads the records of one app table, or the rows of one subtable
// table (one row per subtable row, none for a record with an empty
// subtable), with the pushed condition, order, limit and offset.
type Scan struct {
	// Table is the table read.
	Table *schema.Table
	// Cols are the columns each row holds, in order (may be empty).
	Cols []*schema.Column
	// Qualifier is the name that qualifies the output columns (the alias
	// or the table name).
	Qualifier string
	// Where is the pushed condition; nil reads every record.
	Where query.Expr
	// OrderBy is the pushed order; empty with PagingSeek (which orders by
	// $id) and when no order matters.
	OrderBy []query.OrderItem
	// Limit and Offset are the pushed limit (NoLimit for none) and offset,
	// in records; only for app tables.
	Limit, Offset int64
	// Paging is the paging mode.
	Paging Paging
	// PageSize is the records per request (1..500; 0 takes Env.PageSize).
	PageSize int
}

// Columns describes the scanned columns.
func (s *Scan) Columns() []Column {
	out := make([]Column, len(s.Cols))
	for i, c := range s.Cols {
		out[i] = Column{Name: c.Name, Table: s.Qualifier, Type: c.Type, Nullable: c.Nullable, Source: c}
	}
	return out
}

// pageSize returns the page size in effect.
func (s *Scan) pageSize(env *Env) int {
	n := s.PageSize
	if n <= 0 && env != nil {
		n = env.PageSize
	}
	if n <= 0 || n > DefaultPageSize {
		n = DefaultPageSize
	}
	return n
}

// Fields returns the field codes requested: those of Cols, plus $id when
// paging by id or by cursor (a restarted cursor checks its position by
// $id), and $id alone when no column is needed (an empty list
// would make kintone send every field).
func (s *Scan) Fields() []string {
	codes := s.Table.FieldCodes(s.Cols)
	if (s.Paging == PagingSeek || s.Paging == PagingCursor || len(codes) == 0) && !slices.Contains(codes, schema.ColumnID) {
		codes = append(codes, schema.ColumnID)
	}
	return codes
}

// idField is the $id field of queries.
var idField = query.Field{Code: schema.ColumnID}

// seekQuery returns the query of a seek page: the condition, and $id >
// after when after > 0, ordered by $id, limit n, offset off (when > 0).
func (s *Scan) seekQuery(after int64, n, off int) *query.Query {
	where := s.Where
	if after > 0 {
		where = query.NewAnd(s.Where, idBound(query.OpGt, after))
	}
	q := &query.Query{Where: where, OrderBy: []query.OrderItem{{Field: idField}}, Limit: &n}
	if off > 0 {
		q.Offset = &off
	}
	return q
}

// orderQuery returns the query of an offset or single page: the
// condition and pushed order, limit n, offset off (when > 0).
func (s *Scan) orderQuery(n, off int) *query.Query {
	q := &query.Query{Where: s.Where, OrderBy: s.OrderBy, Limit: &n}
	if off > 0 {
		q.Offset = &off
	}
	return q
}

// cursorQuery returns the query of a cursor: condition and order only,
// the order ending with $id so that a cursor created again after a lost
// page lists the records in the same sequence.
func (s *Scan) cursorQuery() *query.Query {
	order := s.OrderBy
	if !slices.ContainsFunc(order, func(o query.OrderItem) bool { return o.Field.Code == schema.ColumnID }) {
		order = append(slices.Clip(order), query.OrderItem{Field: idField})
	}
	return &query.Query{Where: s.Where, OrderBy: order}
}

// client returns env's client routed to the table's guest space.
func (s *Scan) client(env *Env) *client.Client {
	return guestClient(env.Client, s.Table.GuestSpaceID)
}

// guestClient returns c routed to guest space g (c itself when g is 0 or
// c already uses it).
func guestClient(c *client.Client, g int64) *client.Client {
	if g > 0 && c.GuestSpaceID() != g {
		return c.WithGuestSpace(g)
	}
	return c
}

// Explain describes the requests the scan sends.
func (s *Scan) Explain() Explain {
	n := s.pageSize(nil)
	kind := "app"
	if s.Table.Kind == schema.SubtableTable {
		kind = "subtable " + s.Table.Subtable + " of app"
	}
	d := []string{fmt.Sprintf("table %s: %s %d", QuoteIdent(s.Table.Name), kind, s.Table.App)}
	switch s.Paging {
	case PagingSingle:
		d = append(d, "query: "+s.orderQuery(s.firstLimit(n), int(s.Offset)).String())
	case PagingSeek:
		first := s.seekQuery(0, s.firstLimit(n), s.seekOffset())
		next := s.seekQuery(0, n, 0)
		next.Where = query.NewAnd(s.Where, &query.Condition{Field: idField, Op: query.OpGt,
			Values: []query.Value{query.Num("0")}})
		d = append(d, "query: "+first.String(),
			"next pages: "+strings.Replace(next.String(), "$id > 0", "$id > {last $id}", 1))
		if s.Limit == NoLimit && s.Offset == 0 {
			d = append(d, "parallel: after a full first page, the later $ids are cut into ranges read at once "+
				"(a head page with totalCount, then offset pages), up to MaxConcurrency requests in flight, rows still in $id order")
		}
	case PagingCursor:
		d = append(d, "cursor query: "+s.cursorQuery().String(), fmt.Sprintf("cursor size: %d", n), cursorFallbackNote)
	case PagingOffset:
		d = append(d, "query: "+s.orderQuery(s.firstLimit(n), int(s.Offset)).String(),
			fmt.Sprintf("next pages: offset + %d until a short page", n))
	}
	d = append(d, "fields: "+strings.Join(s.Fields(), ", "), "paging: "+s.Paging.String())
	if s.Limit != NoLimit || s.Offset > 0 {
		d = append(d, fmt.Sprintf("pushed limit %s offset %d", limitText(s.Limit), s.Offset))
	}
	if s.Table.Kind == schema.SubtableTable {
		d = append(d, "one row per subtable row; the condition selects records having a matching row")
	}
	return Explain{Op: "kintone scan", Details: d}
}

// limitText renders a limit for EXPLAIN.
func limitText(n int64) string {
	if n == NoLimit {
		return "none"
	}
	return strconv.FormatInt(n, 10)
}

// firstLimit is the limit of the first request: a page, or less when the
// pushed limit is smaller.
func (s *Scan) firstLimit(page int) int {
	if s.Limit != NoLimit && s.Limit < int64(page) {
		return int(s.Limit)
	}
	return page
}

// seekOffset is the offset the first seek request carries: the pushed
// offset when kintone accepts it, else 0 (the records are skipped
// client-side).
func (s *Scan) seekOffset() int {
	if s.Offset > 0 && s.Offset <= query.MaxOffset {
		return int(s.Offset)
	}
	return 0
}

// Open starts fetching: the first page is requested before Open returns
// (so that kintone's errors surface here), the next one in the background
// while the caller reads the current one.
func (s *Scan) Open(ctx context.Context, env *Env) (Iterator, error) {
	p, err := s.newPager(env)
	if err != nil {
		return nil, err
	}
	st := startStream(ctx, env, p)
	it := &scanIter{scan: s, stream: st}
	if err := st.fill(); err != nil && !errors.Is(err, io.EOF) {
		it.Close()
		return nil, err
	}
	return it, nil
}

// newPager builds the pager of the scan's mode.
func (s *Scan) newPager(env *Env) (pager, error) {
	if env == nil || env.Client == nil {
		return nil, fmt.Errorf("engine: scan of %s needs a kintone client", s.Table.Name)
	}
	base := pagerBase{scan: s, env: env, client: s.client(env), fields: s.Fields(),
		page: s.pageSize(env), remaining: s.Limit, total: -1}
	switch s.Paging {
	case PagingSingle:
		return &singlePager{pagerBase: base}, nil
	case PagingSeek:
		if w := scanWorkers(base.client); w > 1 && s.Limit == NoLimit && s.Offset == 0 {
			return newRangePager(base, w), nil
		}
		return &seekPager{pagerBase: base}, nil
	case PagingCursor:
		return &cursorPager{pagerBase: base}, nil
	case PagingOffset:
		return &offsetPager{pagerBase: base}, nil
	}
	return nil, fmt.Errorf("engine: unknown paging mode %d", s.Paging)
}

// scanIter turns the record pages of a stream into rows.
type scanIter struct {
	scan   *Scan
	stream *stream
	rows   [][]any           // rows of the current record (several for subtables)
	reader *schema.RowReader // converts an app table's records
	row    []any             // the row of an app table's records, reused by Next
}

// Next returns the next row.
func (it *scanIter) Next() (Row, error) {
	if t := it.scan.Table; t.Kind != schema.SubtableTable {
		rec, err := it.stream.next()
		if err != nil {
			return nil, err
		}
		if it.reader == nil {
			if it.reader, err = t.NewRowReader(it.scan.Cols); err != nil {
				return nil, err
			}
			it.row = make([]any, it.reader.Width())
		}
		if err := it.reader.Read(rec, it.row); err != nil {
			return nil, err
		}
		client.ReleaseRecord(rec) // the row holds copies of its values
		return Row(it.row), nil
	}
	for len(it.rows) == 0 {
		rec, err := it.stream.next()
		if err != nil {
			return nil, err
		}
		rows, err := it.scan.Table.RecordRows(rec, it.scan.Cols)
		if err != nil {
			return nil, err
		}
		client.ReleaseRecord(rec) // the rows hold copies of its values
		it.rows = rows
	}
	r := it.rows[0]
	it.rows = it.rows[1:]
	return Row(r), nil
}

// Close stops fetching and releases any cursor.
func (it *scanIter) Close() error {
	it.rows = nil
	return it.stream.close()
}

// errStreamClosed is returned by Next after Close.
var errStreamClosed = fmt.Errorf("engine: rows are closed")
