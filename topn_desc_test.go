package kintone

import (
	"cmp"
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/kintone-sql/kintone/kintonetest"
)

// TestTopNDescUntrusted runs ORDER BY n DESC [LIMIT/OFFSET] through
// database/sql with the default DSN (assumed rows untrusted, cursor on)
// on servers that put empty NUMBER values first, last or as 0: the answer
// is MySQL's every time (NULLs last descending), computed here from the
// seeded rows.
func TestTopNDescUntrusted(t *testing.T) {
	type rec struct {
		id int
		n  *int
	}
	var recs []rec
	var seed []map[string]any
	for i := range 40 {
		r := rec{id: i + 1}
		m := map[string]any{}
		if i%3 != 0 {
			v := (i % 5) * 10 // ties on every value
			r.n, m["n"] = &v, v
		}
		recs, seed = append(recs, r), append(seed, m)
	}
	slices.SortStableFunc(recs, func(a, b rec) int {
		switch {
		case a.n == nil && b.n == nil:
			return cmp.Compare(a.id, b.id)
		case a.n == nil:
			return 1
		case b.n == nil:
			return -1
		}
		return cmp.Or(cmp.Compare(*b.n, *a.n), cmp.Compare(a.id, b.id))
	})
	want := make([][]string, len(recs))
	for i, r := range recs {
		n := "NULL"
		if r.n != nil {
			n = fmt.Sprint(*r.n)
		}
		want[i] = []string{fmt.Sprint(r.id), n}
	}
	for name, d := range map[string]kintonetest.Deviations{
		"faithful":     {},
		"empties last": {EmptySortsLast: true},
		"empties as 0": {EmptyNumberSortsAsZero: true},
	} {
		srv := startServer(t, kintonetest.WithDeviations(d))
		id := createApp(t, srv, kintonetest.AppSpec{Name: "Items", Fields: []*kintonetest.Field{field(kintonetest.TypeNumber, "n")}})
		addRecords(t, srv, id, seed)
		db, _ := openDB(t, srv, serverConfig(srv))
		got := queryStrings(t, db, "SELECT $id, n FROM Items ORDER BY n DESC, $id")
		assert.Equal(t, want, got, name)
		got = queryStrings(t, db, "SELECT $id, n FROM Items ORDER BY n DESC, $id LIMIT 6 OFFSET 24")
		assert.Equal(t, want[24:30], got, name+": LIMIT 6 OFFSET 24 (across the empties)")
		plan := fmt.Sprint(queryStrings(t, db, "EXPLAIN SELECT $id, n FROM Items ORDER BY n DESC, $id LIMIT 5"))
		assert.Contains(t, plan, "empties last (client-side)", name)
	}
}
