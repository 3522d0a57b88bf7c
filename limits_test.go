package kintone

import (
	"context"
	"database/sql"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// budgetQuery runs query with a 10 s context and reports its first value
// (as text) or its error, failing when it allocates 512 MB or more.
func budgetQuery(t *testing.T, db *sql.DB, query string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	var v sql.NullString
	err := db.QueryRowContext(ctx, query).Scan(&v)
	runtime.ReadMemStats(&after)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(512<<20), "allocated")
	assert.NotErrorIs(t, err, context.DeadlineExceeded, "the statement must end within 10 s")
	return v.String, err
}

func TestStatementsCannotExhaustTheHost(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Nums", 50)
	db, _ := openDB(t, srv, serverConfig(srv))

	tooLarge := []string{
		"SELECT LPAD('x', 9223372036854775807, 'y')",
		"SELECT RPAD('x', 2000000000, 'y')",
		"SELECT LPAD('x', 2000000000, 'y')",
		"SELECT REPEAT(REPEAT('x', 1048576), 1048576)",
		"SELECT SPACE(9223372036854775807)",
		"SELECT LENGTH(CONCAT(REPEAT('x', 40000000), REPEAT('y', 40000000)))",
		"SELECT COUNT(*) FROM Nums WHERE LPAD(label, n * 1000000000, 'y') <> ''",
	}
	for _, q := range tooLarge {
		t.Run(q, func(t *testing.T) {
			_, err := budgetQuery(t, db, q)
			require.ErrorIs(t, err, ErrValueTooLarge)
			assert.Contains(t, err.Error(), "64 MiB")
		})
	}
	// Numbers with billions of digits are out of range, not computed.
	for _, q := range []string{
		"SELECT CAST('1e1000000000' AS DECIMAL)",
		"SELECT '1e1000000000' + 0",
		"SELECT CAST(REPEAT('9', 10000000) AS DECIMAL)",
		"SELECT REPEAT('9', 60000000) + 1",
		"SELECT JSON_CONTAINS('[1e1000000000]', '1')",
	} {
		t.Run(q, func(t *testing.T) {
			_, _ = budgetQuery(t, db, q) // an error or a result, within the budget
		})
	}
	t.Run("huge number literal", func(t *testing.T) {
		_, err := budgetQuery(t, db, "SELECT 1"+strings.Repeat("0", 5000))
		require.Error(t, err)
		assert.Contains(t, err.Error(), "out of range")
	})
	t.Run("below the limit", func(t *testing.T) {
		v, err := budgetQuery(t, db, "SELECT LENGTH(LPAD('x', 30000000, 'yz'))")
		require.NoError(t, err)
		assert.Equal(t, "30000000", v)
	})
	for _, n := range []int{20_000, 100_000} {
		t.Run("NOT×"+strconv.Itoa(n), func(t *testing.T) {
			_, err := budgetQuery(t, db, "SELECT COUNT(*) FROM Nums WHERE "+strings.Repeat("NOT ", n)+"n = 1")
			require.Error(t, err)
			assert.Contains(t, err.Error(), "nested more than 10000 levels")
		})
	}
	t.Run("NOT×9000 plans", func(t *testing.T) {
		v, err := budgetQuery(t, db, "SELECT COUNT(*) FROM Nums WHERE "+strings.Repeat("NOT ", 9000)+"n = 1")
		require.NoError(t, err)
		assert.Equal(t, "1", v)
	})
	t.Run("OR×20000 plans", func(t *testing.T) {
		terms := make([]string, 20_000)
		for i := range terms {
			terms[i] = "n = " + strconv.Itoa(i+1)
		}
		v, err := budgetQuery(t, db, "SELECT COUNT(*) FROM Nums WHERE "+strings.Join(terms, " OR "))
		require.NoError(t, err)
		assert.Equal(t, "50", v)
	})
}
