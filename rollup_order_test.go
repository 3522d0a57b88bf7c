package kintone

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestRollupRowOrder checks that GROUP BY ... WITH ROLLUP answers in
// MySQL's layout: groups in ascending order of their values, each
// subtotal right after the rows it sums up, the grand total last — the
// report a user reads top to bottom (the subtotals used to come after all
// the groups).
func TestRollupRowOrder(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 12)
	db, _ := openDB(t, srv, serverConfig(srv))
	got := queryStrings(t, db, "SELECT n % 2 AS a, n % 3 AS b, COUNT(*), SUM(n) FROM Items GROUP BY n % 2, n % 3 WITH ROLLUP")
	want := [][]string{
		{"0", "0", "2", "18"}, {"0", "1", "2", "14"}, {"0", "2", "2", "10"}, {"0", "NULL", "6", "42"},
		{"1", "0", "2", "12"}, {"1", "1", "2", "8"}, {"1", "2", "2", "16"}, {"1", "NULL", "6", "36"},
		{"NULL", "NULL", "12", "78"},
	}
	assert.Equal(t, want, got)
}
