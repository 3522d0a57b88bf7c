// Package sqlx_test uses github.com/jmoiron/sqlx over the kintone driver:
// Select and Get into tagged structs, In for IN lists, named queries, and
// the multi-value scan helpers.
package sqlx_test

import (
	"database/sql"
	"testing"
	"time"

	"github.com/jmoiron/sqlx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kintone-sql/kintone"
	"github.com/kintone-sql/kintone/examples/internal/demotenant"
)

// Deal is a row of the demo Deals app. The db tags are the field codes the
// queries below name: a bare column is named as the query writes it.
type Deal struct {
	ID        int64           `db:"$id"`
	Name      string          `db:"案件名"`
	Amount    sql.Null[int64] `db:"amount"` // NULL when empty
	Stage     string          `db:"stage"`
	CloseDate *time.Time      `db:"close_date"` // NULL when empty
	Tags      kintone.Strings `db:"tags"`       // CHECK_BOX
	Owners    kintone.Users   `db:"営業担当"`       // USER_SELECT
}

// openSqlx connects sqlx to a demo tenant. The kintone driver takes ?
// placeholders like MySQL; BindDriver says so explicitly (sqlx also uses ?
// for drivers it does not know).
func openSqlx(t *testing.T) *sqlx.DB {
	t.Helper()
	db, err := sqlx.Open("kintone", demotenant.DSN(t, ""))
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	sqlx.BindDriver("kintone", sqlx.QUESTION)
	return db
}

func TestSqlxSelectGet(t *testing.T) {
	db := openSqlx(t)
	var deals []Deal
	err := db.Select(&deals, `SELECT $id, 案件名, amount, stage, close_date, tags, 営業担当
		FROM Deals WHERE stage = ? ORDER BY amount DESC LIMIT 5`, "受注")
	require.NoError(t, err)
	require.Len(t, deals, 5)
	for i, d := range deals {
		assert.Equal(t, "受注", d.Stage)
		assert.NotEmpty(t, d.Name)
		assert.NotEmpty(t, d.Owners, "every demo deal has a sales owner")
		assert.True(t, d.Amount.Valid)
		if i > 0 {
			assert.LessOrEqual(t, d.Amount.V, deals[i-1].Amount.V)
		}
	}

	var one Deal
	require.NoError(t, db.Get(&one, `SELECT $id, 案件名, amount, stage, close_date, tags, 営業担当 FROM Deals WHERE $id = ?`, deals[0].ID))
	assert.Equal(t, deals[0], one)

	var total int64
	require.NoError(t, db.Get(&total, `SELECT SUM(amount) FROM Deals WHERE stage = ?`, "受注"))
	assert.GreaterOrEqual(t, total, deals[0].Amount.V)
}

func TestSqlxInAndNamed(t *testing.T) {
	db := openSqlx(t)
	query, args, err := sqlx.In(`SELECT $id, 案件名, amount, stage, close_date, tags, 営業担当 FROM Deals WHERE stage IN (?) ORDER BY $id`,
		[]string{"受注", "失注"})
	require.NoError(t, err)
	var closed []Deal
	require.NoError(t, db.Select(&closed, db.Rebind(query), args...))
	require.NotEmpty(t, closed)
	for _, d := range closed {
		assert.Contains(t, []string{"受注", "失注"}, d.Stage)
	}

	// Named parameters work with ASCII names; sqlx reads a name byte by
	// byte, so :名前 cannot be a parameter name (see the README).
	rows, err := db.NamedQuery(`SELECT $id, 案件名, amount, stage, close_date, tags, 営業担当 FROM Deals WHERE amount >= :min AND stage = :stage`,
		map[string]any{"min": 1000000, "stage": "受注"})
	require.NoError(t, err)
	defer rows.Close()
	n := 0
	for rows.Next() {
		var d Deal
		require.NoError(t, rows.StructScan(&d))
		assert.GreaterOrEqual(t, d.Amount.V, int64(1000000))
		n++
	}
	require.NoError(t, rows.Err())
	assert.Positive(t, n)

	// A Japanese parameter name is cut at its first byte by sqlx.
	_, err = db.NamedQuery(`SELECT 案件名 FROM Deals WHERE 案件名 = :名前`, map[string]any{"名前": "x"})
	require.Error(t, err)
}

// TestSqlxStar reads SELECT * with UseCodeForFieldName=true, so that * names
// the columns by field code like the tags.
func TestSqlxStar(t *testing.T) {
	db, err := sqlx.Open("kintone", demotenant.DSN(t, "UseCodeForFieldName=true"))
	require.NoError(t, err)
	defer db.Close()
	db = db.Unsafe() // * has more columns than Deal maps
	var d Deal
	require.NoError(t, db.Get(&d, `SELECT * FROM Deals ORDER BY $id LIMIT 1`))
	assert.EqualValues(t, 1, d.ID)
	assert.NotEmpty(t, d.Name)
	assert.NotEmpty(t, d.Stage)
}
