package sqlc_test

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	_ "github.com/kintone-sql/kintone"
	"github.com/kintone-sql/kintone/examples/internal/demotenant"
	"github.com/kintone-sql/kintone/examples/sqlc"
)

func TestSqlcQueries(t *testing.T) {
	ctx := context.Background()
	db, err := sql.Open("kintone", demotenant.DSN(t, ""))
	require.NoError(t, err)
	defer db.Close()
	q := sqlc.New(db)

	id, err := q.CreateDeal(ctx, sqlc.CreateDealParams{Name: "sqlc 導入", Amount: sql.NullInt64{Int64: 9000, Valid: true}, Stage: "見込み"})
	require.NoError(t, err)
	require.NotZero(t, id)
	d, err := q.GetDeal(ctx, id)
	require.NoError(t, err)
	assert.Equal(t, sqlc.Deal{ID: id, Name: "sqlc 導入", Amount: sql.NullInt64{Int64: 9000, Valid: true}, Stage: "見込み"}, d)

	n, err := q.UpdateDealStage(ctx, "提案", id)
	require.NoError(t, err)
	assert.EqualValues(t, 1, n)

	list, err := q.ListDealsByStage(ctx, sqlc.ListDealsByStageParams{Stage: "提案", Limit: 1000})
	require.NoError(t, err)
	assert.Contains(t, list, sqlc.Deal{ID: id, Name: "sqlc 導入", Amount: sql.NullInt64{Int64: 9000, Valid: true}, Stage: "提案"})

	// :execlastid in a transaction: no error, 0 until Commit.
	tx, err := db.BeginTx(ctx, nil)
	require.NoError(t, err)
	inTx, err := q.WithTx(tx).CreateDeal(ctx, sqlc.CreateDealParams{Name: "sqlc tx", Stage: "見込み"})
	require.NoError(t, err)
	assert.Zero(t, inTx)
	require.NoError(t, tx.Commit())
	var found int
	require.NoError(t, db.QueryRowContext(ctx, `SELECT COUNT(*) FROM Deals WHERE 案件名 = 'sqlc tx'`).Scan(&found))
	assert.Equal(t, 1, found)
}
