package kintone

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestWithBeforeUpdateAndDelete checks MySQL 8's WITH before UPDATE and
// DELETE: Exec runs them as writes (they used to be taken for queries and
// refused as "UPDATE is not supported yet"), while WITH ... SELECT stays a
// query.
func TestWithBeforeUpdateAndDelete(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 10)
	db, _ := openDB(t, srv, serverConfig(srv))

	res, err := db.Exec("WITH big AS (SELECT $id FROM Items WHERE n > ?) UPDATE Items SET label = 'big' WHERE $id IN (SELECT $id FROM big)", 7)
	require.NoError(t, err)
	n, err := res.RowsAffected()
	require.NoError(t, err)
	assert.EqualValues(t, 3, n)
	assert.Equal(t, [][]string{{"8"}, {"9"}, {"10"}}, queryStrings(t, db, "SELECT n FROM Items WHERE label = 'big' ORDER BY n"))

	res, err = db.Exec("WITH small AS (SELECT $id FROM Items WHERE n <= 2) DELETE FROM Items WHERE $id IN (SELECT $id FROM small)")
	require.NoError(t, err)
	n, err = res.RowsAffected()
	require.NoError(t, err)
	assert.EqualValues(t, 2, n)
	assert.Equal(t, [][]string{{"8"}}, queryStrings(t, db, "WITH w AS (SELECT n FROM Items) SELECT COUNT(*) FROM w"))

	_, err = db.Exec("WITH w AS (SELECT n FROM Items) SELECT * FROM w")
	require.ErrorContains(t, err, "use Query")
	for _, q := range []string{"WITH w AS (SELECT n FROM Items) DELETE FROM Items", "UPDATE Items SET n = 1"} {
		_, err = db.Query(q)
		require.ErrorContains(t, err, "use Exec", q)
	}
	assert.Equal(t, [][]string{{"8"}}, queryStrings(t, db, "SELECT COUNT(*) FROM Items"), "nothing deleted by Query")
}
