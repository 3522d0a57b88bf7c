package engine

import (
	"context"
	"errors"
	"io"
	"testing"

	"github.com/kintone-sql/kintone/schema"
)

// BenchmarkWindowRunningSum measures SUM(v) OVER (PARTITION BY p ORDER BY
// v) over 100,000 rows in 100 partitions (the default frame is
// accumulated incrementally).
func BenchmarkWindowRunningSum(b *testing.B) {
	const n = 100_000
	rows := make([]Row, n)
	for i := range rows {
		rows[i] = Row{int64(i % 100), int64(i)}
	}
	cols := []Column{{Name: "p", Type: schema.TypeBigInt}, {Name: "v", Type: schema.TypeBigInt}}
	p := &ColumnRef{Index: 0, Col: cols[0]}
	v := &ColumnRef{Index: 1, Col: cols[1]}
	w := &Window{Input: &Values{Cols: cols, Rows: rows}, Calls: []WindowCall{{
		Func: WinAggregate, Agg: AggSpec{Func: AggSum, Arg: v}, Partition: []Expr{p}, Order: []SortKey{{Expr: v}}, Name: "s"}}}
	for b.Loop() {
		it, err := w.Open(context.Background(), &Env{MaxRows: -1})
		if err != nil {
			b.Fatal(err)
		}
		count := 0
		for {
			_, err := it.Next()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			count++
		}
		it.Close()
		if count != n {
			b.Fatalf("%d rows", count)
		}
	}
}
