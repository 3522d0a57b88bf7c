package export

import (
	"io"
	"testing"
	"time"
)

// benchColumns are the columns of the writer benchmark: a typical app.
var benchColumns = []Column{
	{Name: "$id", Kind: KindInt64}, {Name: "title", Kind: KindString}, {Name: "amount", Kind: KindDecimal, Scale: DefaultDecimalScale},
	{Name: "day", Kind: KindDate}, {Name: "at", Kind: KindTimestamp}, {Name: "tags", Kind: KindStringList},
	{Name: "owner", Kind: KindJSON}, {Name: "memo", Kind: KindString},
}

// BenchmarkWriters writes rows of benchColumns in each format to
// io.Discard; ns/op is per row.
func BenchmarkWriters(b *testing.B) {
	row := []any{int64(12345), "案件 12345", "1234.56", time.Date(2024, 5, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2024, 5, 1, 10, 30, 0, 0, time.UTC), `["a","b"]`, `[{"code":"sato","name":"佐藤"}]`, "line one\nline two"}
	for _, f := range []Format{CSV, JSONL, Parquet} {
		b.Run(string(f), func(b *testing.B) {
			w, err := NewWriter(io.Discard, f, benchColumns, Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			for i := range b.N {
				row[0] = int64(i)
				if err := w.WriteRow(row); err != nil {
					b.Fatal(err)
				}
			}
			if err := w.Close(); err != nil {
				b.Fatal(err)
			}
		})
	}
}
