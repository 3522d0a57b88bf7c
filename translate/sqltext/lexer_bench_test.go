package sqltext

import (
	"strings"
	"testing"
)

// BenchmarkLex measures lexing a 1,000-line statement with Japanese
// names, strings and comments.
func BenchmarkLex(b *testing.B) {
	src := strings.Repeat("SELECT 顧客名, `会社 名`, [作成者 Code] FROM 顧客 WHERE $id > ? AND メモ = 'a''b\\'c' -- コメント\n", 1000)
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if n := len(Lex(src)); n == 0 {
			b.Fatal("no tokens")
		}
	}
}
