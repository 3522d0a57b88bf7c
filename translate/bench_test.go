package translate

import (
	"context"
	"testing"

	kt "github.com/kintone-sql/kintone/kintonetest"
)

// BenchmarkPlan measures parsing and translating a typical query (the
// catalog's fields are loaded before the timer starts).
func BenchmarkPlan(b *testing.B) {
	f := newFixture(b, func(srv *kt.Server) { seedAllTypes(b, srv, 1) })
	const sql = "select $id, txt, num, d from alltypes where num between ? and 10 and (dd = 'A' or txt like 'a%') " +
		"and d >= '2024-05-01' order by num desc, $id limit 20"
	args := []any{int64(1)}
	ctx := context.Background()
	if _, err := PlanContext(ctx, f.cat, sql, args, Options{}); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		if _, err := PlanContext(ctx, f.cat, sql, args, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
