// Package databasesql_test uses the kintone driver through plain
// database/sql: a query with arguments, a transaction, multi-value columns,
// and statistics.
package databasesql_test

import (
	"context"
	"database/sql"
	"fmt"
	"log"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kintone-sql/kintone"
	"github.com/kintone-sql/kintone/examples/internal/demotenant"
)

// Example queries the demo tenant's Deals app with database/sql. The demo
// data is generated deterministically, so the output is stable.
func Example() {
	dsn, stop, err := demotenant.Start("")
	if err != nil {
		log.Fatal(err)
	}
	defer stop()
	db, err := sql.Open("kintone", dsn)
	if err != nil {
		log.Fatal(err)
	}
	defer db.Close()

	rows, err := db.Query(`SELECT stage, COUNT(*) AS deals FROM Deals WHERE stage IN (?, ?) GROUP BY stage ORDER BY stage`, "受注", "失注")
	if err != nil {
		log.Fatal(err)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	fmt.Println(cols)
	for rows.Next() {
		var stage string
		var n int
		if err := rows.Scan(&stage, &n); err != nil {
			log.Fatal(err)
		}
		fmt.Println(stage, n > 0)
	}
	// Output:
	// [stage deals]
	// 受注 true
	// 失注 true
}

func TestTransactionAndMultiValue(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("kintone", demotenant.DSN(t, ""))
	require.NoError(t, err)
	defer db.Close()

	tx, err := db.BeginTx(ctx, nil)
	require.NoError(t, err)
	res, err := tx.ExecContext(ctx, `INSERT INTO Deals (案件名, amount, tags) VALUES (?, ?, ?)`,
		"database/sql 導入", 42000, kintone.Strings{"新規", "重要"})
	require.NoError(t, err)
	require.NoError(t, tx.Commit())
	id, err := res.LastInsertId() // known once the transaction committed
	require.NoError(t, err)
	require.NotZero(t, id)

	var st kintone.Stats
	var tags kintone.Strings
	var amount int64
	err = db.QueryRowContext(kintone.WithStats(ctx, &st), `SELECT amount, tags FROM Deals WHERE $id = ?`, id).Scan(&amount, &tags)
	require.NoError(t, err)
	assert.Equal(t, int64(42000), amount)
	assert.ElementsMatch(t, []string{"新規", "重要"}, tags)
	assert.EqualValues(t, 1, st.Requests.Load(), "one records.json call")

}
