package kintone

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestOrderByLimitHoldsOnlyTheLimit checks that a client-side sort under a
// LIMIT holds about LIMIT+OFFSET rows, not its whole input: ORDER BY a
// NUMBER is sorted client-side by default (TrustAssumedPushdown=false), so
// "the five largest deals" must not need the whole app in memory. The
// answers equal those of an unbounded sort, ties included.
func TestOrderByLimitHoldsOnlyTheLimit(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 300)
	cfg := serverConfig(srv)
	cfg.MaxRowsInMemory = 40
	bounded, _ := openDB(t, srv, cfg)
	cfg.MaxRowsInMemory = -1
	unbounded, _ := openDB(t, srv, cfg)

	for _, q := range []string{
		"SELECT n FROM Items ORDER BY n DESC LIMIT 5",
		"SELECT n, label FROM Items ORDER BY n LIMIT 3 OFFSET 7",
		"SELECT $id, n % 7 AS m FROM Items ORDER BY n % 7 DESC LIMIT 12", // ties: input order kept
		"SELECT n % 5 AS g, COUNT(*) FROM Items GROUP BY n % 5 ORDER BY g DESC LIMIT 2",
		"SELECT label FROM Items UNION ALL SELECT label FROM Items ORDER BY label DESC LIMIT 4",
		"SELECT n FROM Items ORDER BY n DESC LIMIT 20 OFFSET 0",
	} {
		t.Run(q, func(t *testing.T) {
			want := queryStrings(t, unbounded, q)
			require.NotEmpty(t, want)
			assert.Equal(t, want, queryStrings(t, bounded, q)) // fails the test on ErrMemoryLimit
		})
	}
	top := queryStrings(t, bounded, "SELECT n FROM Items ORDER BY n DESC LIMIT 3")
	assert.Equal(t, [][]string{{"300"}, {"299"}, {"298"}}, top)

	// Without a LIMIT a client-side sort still holds its whole input, and is
	// refused past the limit. (Ascending: a descending order is sorted by
	// kintone, the driver holding back only empty values.)
	_, err := bounded.Query("SELECT n FROM Items ORDER BY n")
	require.ErrorIs(t, err, ErrMemoryLimit)
}
