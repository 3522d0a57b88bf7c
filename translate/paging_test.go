package translate

import (
	"context"
	"errors"
	"fmt"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/kintone-sql/kintone/engine"
	kt "github.com/kintone-sql/kintone/kintonetest"
)

// Request counter keys of the emulator.
const (
	getRecords   = "GET /k/v1/records.json"
	postCursor   = "POST /k/v1/records/cursor.json"
	getCursor    = "GET /k/v1/records/cursor.json"
	deleteCursor = "DELETE /k/v1/records/cursor.json"
)

// seedDeals creates the "deals" app with n records: num cycles through
// 0..99 (empty every 7th record), txt is "deal<i>".
func seedDeals(t testing.TB, srv *kt.Server, n int) {
	t.Helper()
	id, err := srv.CreateApp(kt.AppSpec{Name: "deals", Fields: []*kt.Field{
		{Type: kt.TypeNumber, Code: "num", Label: "Num"},
		{Type: kt.TypeSingleLineText, Code: "txt", Label: "Text"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	recs := make([]map[string]any, n)
	for i := range recs {
		r := map[string]any{"txt": fmt.Sprintf("deal%d", i)}
		if i%7 != 0 {
			r["num"] = fmt.Sprint((i * 37) % 100)
		}
		recs[i] = r
	}
	if _, err := srv.AddRecords(id, recs); err != nil {
		t.Fatal(err)
	}
}

// rowTexts renders rows in order.
func rowTexts(rows [][]any) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprint(r)
	}
	return out
}

func TestSeekPaging(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedDeals(t, srv, 1234) })
	for _, tc := range []struct {
		page, requests int
	}{{500, 3}, {100, 13}, {617, 3}} { // 617 is capped to 500
		f.srv.ResetCounters()
		env := f.env()
		env.PageSize = tc.page
		n := f.plan("select $id, num from deals", Options{PageSize: tc.page})
		if s := shapeOf(n); s.scan == nil || s.scan.Paging != engine.PagingSeek {
			t.Fatalf("page %d: not a seek scan", tc.page)
		}
		rows, err := collect(context.Background(), n, env)
		if err != nil {
			t.Fatal(err)
		}
		ids := map[any]bool{}
		for _, r := range rows {
			ids[r[0]] = true
		}
		if len(rows) != 1234 || len(ids) != 1234 {
			t.Errorf("page %d: %d rows, %d distinct ids; want 1234", tc.page, len(rows), len(ids))
		}
		if got := f.srv.RequestCount(getRecords); got != tc.requests {
			t.Errorf("page %d: %d record requests, want %d", tc.page, got, tc.requests)
		}
		if env.Stats.Requests.Load() != int64(tc.requests) || env.Stats.Records.Load() != 1234 || env.Stats.Expected.Load() != 1234 {
			t.Errorf("page %d: stats %d requests %d records %d expected", tc.page,
				env.Stats.Requests.Load(), env.Stats.Records.Load(), env.Stats.Expected.Load())
		}
	}
}

func TestSingleAndPushedLimit(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedDeals(t, srv, 1234) })
	// Where kintone sorts empty NUMBER values is assumed (provenance.go):
	// the pushed-order cases trust it.
	trusted := Options{TrustAssumedPushdown: true}
	tests := []struct {
		sql      string
		opts     Options
		paging   engine.Paging
		rows     int
		requests int
		clientLm bool
	}{
		{"select $id from deals limit 10 offset 20", Options{}, engine.PagingSingle, 10, 1, false},
		{"select $id from deals order by $id limit 5 offset 3", Options{}, engine.PagingSingle, 5, 1, false},
		{"select $id from deals where num >= 0 limit 600", Options{TrustAssumedPushdown: true}, engine.PagingSeek, 600, 2, false},
		{"select $id from deals limit 600 offset 700", Options{}, engine.PagingSeek, 534, 2, false},
		{"select $id from deals order by num desc, $id limit 1200", trusted, engine.PagingOffset, 1200, 3, false},
		{"select $id from deals order by num limit 20 offset 9990", trusted, engine.PagingSingle, 0, 1, false},
		{"select $id from deals", Options{MaxRows: 7}, engine.PagingSingle, 7, 1, false},
		{"select $id from deals limit 3", Options{MaxRows: 7}, engine.PagingSingle, 3, 1, false},
		{"select $id from deals where txt like 'deal1%' limit 3", Options{}, engine.PagingSeek, 3, 1, true},
	}
	for _, tc := range tests {
		f.srv.ResetCounters()
		n := f.plan(tc.sql, tc.opts)
		s := shapeOf(n)
		if s.scan == nil || s.scan.Paging != tc.paging || s.limit != tc.clientLm {
			t.Errorf("%s: paging %v client limit %v; want %v, %v", tc.sql, s.scan.Paging, s.limit, tc.paging, tc.clientLm)
			continue
		}
		rows, err := collect(context.Background(), n, f.env())
		if err != nil {
			t.Fatalf("%s: %v", tc.sql, err)
		}
		got := f.srv.RequestCount(getRecords)
		if tc.clientLm && got > tc.requests && got <= tc.requests+2 {
			got = tc.requests // the stream may have asked for the next pages before the limit closed it (stream.go)
		}
		if len(rows) != tc.rows || got != tc.requests {
			t.Errorf("%s: %d rows in %d requests; want %d in %d", tc.sql, len(rows), f.srv.RequestCount(getRecords), tc.rows, tc.requests)
		}
	}
	// The pushed order and window give the same rows as a client-side run.
	for _, sql := range []string{
		"select $id, num from deals order by $id limit 5 offset 3",
		"select $id, num from deals order by num desc, $id limit 1200",
		"select $id, num from deals order by num, $id desc limit 30 offset 100",
		"select $id, num from deals where num > 50 order by num limit 7 offset 2",
	} {
		got, want := f.query(sql, trusted), f.query(sql, Options{NoPushdown: true})
		if !slices.Equal(rowTexts(got), rowTexts(want)) {
			t.Errorf("%s: pushed order differs from client-side order", sql)
		}
		if got := f.query(sql, Options{}); !slices.Equal(rowTexts(got), rowTexts(want)) {
			t.Errorf("%s: default order differs from client-side order", sql)
		}
	}
}

func TestCursorPaging(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedDeals(t, srv, 1234) })
	sql := "select $id, num from deals order by num, $id"
	n := f.plan(sql, Options{UseCursor: true, TrustAssumedPushdown: true}) // empty num's place is assumed
	if s := shapeOf(n); s.scan.Paging != engine.PagingCursor || s.sort {
		t.Fatalf("paging %v, client sort %v; want cursor without sort", s.scan.Paging, s.sort)
	}
	rows, err := collect(context.Background(), n, f.env())
	if err != nil {
		t.Fatal(err)
	}
	if want := f.query(sql, Options{NoPushdown: true}); !slices.Equal(rowTexts(rows), rowTexts(want)) {
		t.Error("cursor order differs from client-side order")
	}
	if p, g, d := f.srv.RequestCount(postCursor), f.srv.RequestCount(getCursor), f.srv.RequestCount(deleteCursor); p != 1 || g != 3 || d != 0 {
		t.Errorf("cursor requests: %d create, %d get, %d delete; want 1, 3, 0", p, g, d)
	}

	// Closing early deletes the cursor.
	f.srv.ResetCounters()
	it, err := n.Open(context.Background(), f.env())
	if err != nil {
		t.Fatal(err)
	}
	for range 10 {
		if _, err := it.Next(); err != nil {
			t.Fatal(err)
		}
	}
	it.Close()
	it.Close()
	if d := f.srv.RequestCount(deleteCursor); d != 1 {
		t.Errorf("early close: %d cursor deletes, want 1", d)
	}

	// A client-side LIMIT over a cursor stops and deletes it by itself.
	f.srv.ResetCounters()
	// Pages of 100 make 13; the reader takes one or two and the stream
	// reads at most one page ahead (stream.go).
	rows = f.query("select $id from deals where txt like '%1%' order by num limit 5", Options{UseCursor: true, TrustAssumedPushdown: true, PageSize: 100})
	if len(rows) != 5 || f.srv.RequestCount(deleteCursor) != 1 || f.srv.RequestCount(getCursor) > 3 {
		t.Errorf("limit over cursor: %d rows, %v", len(rows), f.srv.RequestCounts())
	}

	// Without the cursor, an order that offsets cannot reach is sorted
	// client-side after a seek scan.
	s := shapeOf(f.plan(sql, Options{}))
	if s.scan.Paging != engine.PagingSeek || !s.sort || s.scan.OrderBy != nil {
		t.Errorf("without cursor: paging %v sort %v order %v; want seek + client sort", s.scan.Paging, s.sort, s.scan.OrderBy)
	}
	s = shapeOf(f.plan("select $id from deals order by num limit 10 offset 20000", Options{UseCursor: true, TrustAssumedPushdown: true}))
	if s.scan.Paging != engine.PagingCursor || s.limit || s.scan.Offset != 20000 {
		t.Errorf("deep offset with cursor: %v, client limit %v, offset %d", s.scan.Paging, s.limit, s.scan.Offset)
	}
}

func TestDeepOffsetSeek(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedDeals(t, srv, 10600) })
	n := f.plan("select $id from deals limit 5 offset 10500", Options{})
	rows, err := collect(context.Background(), n, f.env())
	if err != nil {
		t.Fatal(err)
	}
	// Records are skipped client-side past kintone's offset cap.
	if len(rows) != 5 || rows[0][0] != int64(10501) {
		t.Errorf("rows %v; want ids 10501..10505", rows)
	}
}

func TestCountOneRequest(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedDeals(t, srv, 1234) })
	for _, sql := range []string{
		"select count(*) from deals",
		"select count(*) as n from deals where num > 50",
		"select count(1), count($id) from deals where num is null",
		"select count(*) + 1 from deals where num between 10 and 20 or $id < 5",
	} {
		f.srv.ResetCounters()
		// num's comparisons and = "" are assumed exact (provenance.go):
		// trusted here, as TrustAssumedPushdown does.
		trusted := Options{TrustAssumedPushdown: true}
		s := shapeOf(f.plan(sql, trusted))
		if s.count == nil {
			t.Errorf("%s: not answered by totalCount", sql)
			continue
		}
		got := f.query(sql, trusted)
		if f.srv.RequestCount(getRecords) != 1 {
			t.Errorf("%s: %d requests", sql, f.srv.RequestCount(getRecords))
		}
		if want := f.query(sql, Options{NoPushdown: true}); fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s = %v, client-side %v", sql, got, want)
		}
	}
	s := shapeOf(f.plan("select count(*) from deals where txt like 'deal1%'", Options{}))
	if s.count != nil || s.scan == nil {
		t.Error("COUNT with a client-side filter used totalCount")
	}
	got := f.query("select count(*) from deals where 1 = 0", Options{})
	if fmt.Sprint(got) != "[[0]]" {
		t.Errorf("count of never-true WHERE: %v", got)
	}
}

func TestCancelStopsFetching(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedDeals(t, srv, 3000) })
	n := f.plan("select $id from deals", Options{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	f.srv.SetLatency(300 * time.Millisecond)
	it, err := n.Open(ctx, f.env())
	if err != nil {
		t.Fatal(err)
	}
	for range 500 {
		if _, err := it.Next(); err != nil {
			t.Fatal(err)
		}
	}
	cancelled := make(chan time.Time, 1)
	go func() {
		time.Sleep(10 * time.Millisecond)
		cancelled <- time.Now()
		cancel()
	}()
	// Normally page 2 is still in flight (300 ms) and the next Next is
	// cancelled. On a loaded machine walking page 1 can outlast that
	// latency: then the pages that already arrived are still handed out
	// before the cancellation shows, so count them instead of assuming
	// none.
	taken := 500
	for err == nil {
		if _, err = it.Next(); err == nil {
			taken++
		}
	}
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Next after cancel: %v", err)
	}
	if d := time.Since(<-cancelled); d > 200*time.Millisecond {
		t.Errorf("Next took %v after cancel; the request in flight was not cancelled", d)
	}
	it.Close()
	time.Sleep(400 * time.Millisecond)
	// The pages handed out plus the one the stream fetches ahead (2 when
	// the cancellation came during page 2's request); reading on after the
	// cancellation would ask for all 3,000 records' 6 pages.
	pages := (taken+499)/500 + 1
	if got := f.srv.RequestCount(getRecords); got > pages {
		t.Errorf("%d record requests after cancel (%d rows handed out), want at most %d", got, taken, pages)
	}
	if _, err := it.Next(); err == nil || errors.Is(err, io.EOF) {
		t.Errorf("Next after Close: %v", err)
	}
}
