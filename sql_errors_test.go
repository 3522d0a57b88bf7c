package kintone

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kintone-sql/kintone/engine"
)

// TestSQLTextErrors checks the errors for mistakes in the SQL text itself,
// through Query and Exec.
func TestSQLTextErrors(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 1)
	db, _ := openDB(t, srv, serverConfig(srv))
	for _, tc := range []struct {
		query string
		exec  bool
		want  string
	}{
		{"SELECT * FROM Items WHERE n = $1", false, "syntax error at position 31: $1: use ? placeholders"},
		{"UPDATE Items SET n = $2 WHERE n = 1", true, "position 22: $2: use ? placeholders"},
		{"SELECT 1; SELECT 2", false, `position 11: "SELECT" starts a second statement; run one statement per call`},
		{"DELETE FROM Items WHERE n = 1; DELETE FROM Items", true, "run one statement per call"},
		{"SELECT n FROM Items WHERE Nope Items", false, "syntax error at position 32 near 'Items'"},
		{"SELECT n FRM Items", false, "syntax error at position 14 near 'Items'"},
		{"SHOW TABLES LIKE ?", false, "has 1 ? placeholders but 0 arguments"},
	} {
		var err error
		if tc.exec {
			_, err = db.Exec(tc.query)
		} else {
			var rows interface{ Close() error }
			rows, err = db.Query(tc.query)
			if err == nil {
				_ = rows.Close()
			}
		}
		require.Error(t, err, tc.query)
		assert.Contains(t, err.Error(), tc.want, tc.query)
	}
	// A trailing semicolon and comments are one statement.
	var n int
	require.NoError(t, db.QueryRow("SELECT COUNT(*) FROM Items; -- done").Scan(&n))
	assert.Equal(t, 1, n)
	// SHOW TABLES LIKE ? takes its pattern from the argument.
	rows, err := db.Query("SHOW TABLES LIKE ?", "Ite%")
	require.NoError(t, err)
	defer rows.Close()
	require.True(t, rows.Next())
	var name string
	cols, _ := rows.Columns()
	dest := make([]any, len(cols))
	dest[0] = &name
	for i := 1; i < len(dest); i++ {
		dest[i] = new(any)
	}
	require.NoError(t, rows.Scan(dest...))
	assert.Equal(t, "Items", name)
	assert.False(t, rows.Next())
}

// TestCTEAndWindowMemoryLimit checks that CTE rows, window inputs and
// GROUP_CONCAT values count against MaxRowsInMemory.
func TestCTEAndWindowMemoryLimit(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 30)
	cfg := serverConfig(srv)
	cfg.MaxRowsInMemory = 20
	db, _ := openDB(t, srv, cfg)
	for _, q := range []string{
		"WITH t AS (SELECT n FROM Items) SELECT COUNT(*) FROM t",
		"SELECT n, ROW_NUMBER() OVER (ORDER BY n) FROM Items",
		"SELECT GROUP_CONCAT(label) FROM Items",
		"SELECT n FROM Items WHERE n >= ALL (SELECT n FROM Items)",
	} {
		rows, err := db.Query(q)
		if err == nil {
			for rows.Next() {
			}
			err = rows.Err()
			_ = rows.Close()
		}
		require.Error(t, err, q)
		assert.ErrorIs(t, err, engine.ErrMemoryLimit, q)
	}
	var n int
	require.NoError(t, db.QueryRow("WITH t AS (SELECT n FROM Items WHERE n <= 5) SELECT COUNT(*) FROM t a JOIN t b ON a.n = b.n").Scan(&n))
	assert.Equal(t, 5, n)
}
