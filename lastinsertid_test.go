package kintone

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestStrictLastInsertId checks both modes of LastInsertId inside a
// transaction: 0 and no error by default, ErrPending with
// StrictLastInsertId; and the real id after Commit in both.
func TestStrictLastInsertId(t *testing.T) {
	for _, strict := range []bool{false, true} {
		srv := startServer(t)
		writesApp(t, srv)
		cfg := serverConfig(srv)
		cfg.StrictLastInsertId = strict
		db, _ := openDB(t, srv, cfg)

		tx, err := db.BeginTx(context.Background(), nil)
		require.NoError(t, err)
		res, err := tx.Exec("INSERT INTO Deals (name, amount) VALUES ('a', 1), ('b', 2)")
		require.NoError(t, err)
		n, err := res.RowsAffected()
		require.NoError(t, err)
		assert.EqualValues(t, 2, n, "RowsAffected inside the transaction")
		id, err := res.LastInsertId()
		if strict {
			require.ErrorIs(t, err, ErrPending)
		} else {
			require.NoError(t, err)
		}
		assert.Zero(t, id)
		require.NoError(t, tx.Commit())

		id, err = res.LastInsertId()
		require.NoError(t, err)
		require.NotZero(t, id)
		got := queryStrings(t, db, "SELECT name FROM Deals WHERE $id = ?", id)
		require.Equal(t, [][]string{{"a"}}, got, "strict=%v: LastInsertId names the first new record", strict)
	}
	cfg, err := ParseDSN("Url=https://x.cybozu.com;User=u;Password=p;StrictLastInsertId=true")
	require.NoError(t, err)
	require.True(t, cfg.StrictLastInsertId)
}
