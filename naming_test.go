package kintone

import (
	"context"
	"database/sql"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/kintonetest/demo"
)

// demoDB opens a database on a fresh demo tenant; useCode asks for
// UseCodeForFieldName.
func demoDB(t testing.TB, useCode bool) *sql.DB {
	t.Helper()
	srv := startServer(t)
	_, err := demo.Seed(srv)
	require.NoError(t, err)
	cfg := serverConfig(srv)
	cfg.UseCodeForFieldName = useCode
	db, _ := openDB(t, srv, cfg)
	return db
}

// columnsOf returns the result column names of query.
func columnsOf(t testing.TB, db *sql.DB, query string) []string {
	t.Helper()
	rows, err := db.QueryContext(context.Background(), query)
	require.NoError(t, err, query)
	defer rows.Close()
	cols, err := rows.Columns()
	require.NoError(t, err)
	return cols
}

// TestColumnNamesAsWritten checks that a bare column is named as the query
// spells it (code or label, in the case typed), as MySQL names it, while *
// keeps the configured naming.
func TestColumnNamesAsWritten(t *testing.T) {
	for _, useCode := range []bool{false, true} {
		db := demoDB(t, useCode)
		cases := []struct {
			query string
			want  []string
		}{
			{"SELECT amount, customer, close_date FROM Deals LIMIT 1", []string{"amount", "customer", "close_date"}},
			{"SELECT Amount, [Close date], 顧客名 FROM Deals LIMIT 1", []string{"Amount", "Close date", "顧客名"}},
			{"SELECT AMOUNT, d.stage, `close_date` FROM Deals d LIMIT 1", []string{"AMOUNT", "stage", "close_date"}},
			{"SELECT $id, amount AS Total, amount + 1 FROM Deals LIMIT 1", []string{"$id", "Total", "amount + 1"}},
			{"SELECT x.amount FROM (SELECT amount FROM Deals) x LIMIT 1", []string{"amount"}},
			{"SELECT stage, COUNT(*) FROM Deals GROUP BY stage", []string{"stage", "COUNT(*)"}},
		}
		for _, tc := range cases {
			require.Equal(t, tc.want, columnsOf(t, db, tc.query), "UseCodeForFieldName=%v: %s", useCode, tc.query)
		}
		star := columnsOf(t, db, "SELECT * FROM Deals LIMIT 1")
		if useCode {
			require.Subset(t, star, []string{"amount", "stage", "close_date"})
			require.NotContains(t, star, "Amount")
		} else {
			require.Subset(t, star, []string{"Amount", "Stage", "Close date", "顧客名"})
			require.NotContains(t, star, "amount")
		}
	}
}

// TestColumnNamesWithKintonetestApp checks a code-typed column of an app
// whose label differs from its code.
func TestColumnNamesWithKintonetestApp(t *testing.T) {
	srv := startServer(t)
	createApp(t, srv, kintonetest.AppSpec{Name: "Items", Fields: []*kintonetest.Field{
		{Type: kintonetest.TypeNumber, Code: "price", Label: "価格"},
	}})
	db, _ := openDB(t, srv, serverConfig(srv))
	require.Equal(t, []string{"price", "価格"}, columnsOf(t, db, "SELECT price, 価格 FROM Items"))
}
