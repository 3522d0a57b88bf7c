package main

import (
	"database/sql"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kintone-sql/kintone"
	"github.com/kintone-sql/kintone/internal/sqlrows"
)

// runText runs one statement through the driver and returns its rows as
// text, or its error.
func runText(db *sql.DB, text string) ([][]string, error) {
	return sqlrows.Query(db, func(v any) string {
		if b, ok := v.([]byte); ok {
			return string(b)
		}
		return fmt.Sprint(v)
	}, text)
}

// TestLexerDriverAndShellAgree feeds tricky texts to the driver directly
// and through the shell's splitter: the splitter must find one statement
// and the driver must answer it exactly as it answers the whole text.
func TestLexerDriverAndShellAgree(t *testing.T) {
	d, err := startDemo()
	require.NoError(t, err)
	t.Cleanup(d.srv.Close)
	cfg, err := kintone.ParseDSN(d.dsn)
	require.NoError(t, err)
	cn, err := kintone.NewConnector(cfg)
	require.NoError(t, err)
	db := sql.OpenDB(cn)
	t.Cleanup(func() { _ = db.Close() })

	cases := []struct {
		text string
		want [][]string // nil: the driver must fail (and the shell alike)
	}{
		{"SELECT 5--3", [][]string{{"8"}}},
		{"SELECT 5-- 3\n+ 1", [][]string{{"6"}}},
		{"SELECT /*! 1 + */ 2", [][]string{{"3"}}},
		{"SELECT /*!50700 1 + */ 2", [][]string{{"3"}}},
		{"SELECT 1 AS [a]];b]", [][]string{{"1"}}},
		{"SELECT '?;' AS q", [][]string{{"?;"}}},
		{"SELECT 1 AS `x -- y;`", [][]string{{"1"}}},
		{"SELECT 1 -- it's; \"odd\n+ 1", [][]string{{"2"}}},
		{"SELECT 1 /* it's; */ + 2", [][]string{{"3"}}},
		{"SELECT\u30001\u3000+\u30002", [][]string{{"3"}}},
		{"SELECT 'a' # comment; here\n", [][]string{{"a"}}},
		{"SHOW TABLES /*! LIKE 'Dea%' */", [][]string{{"Deals"}, {"Deals_明細"}}},
		{"SHOW TABLES LIKE 'Dea%' -- trailing", [][]string{{"Deals"}, {"Deals_明細"}}},
		{"DESCRIBE Deals --c", nil},
		{"SHOW TABLES Deals", nil},
	}
	all, err := runText(db, "DESCRIBE Deals")
	require.NoError(t, err)
	require.NotEmpty(t, all)
	cases = append(cases, struct {
		text string
		want [][]string
	}{"DESCRIBE Deals -- c\n", firstColumn(all)})
	for _, c := range cases {
		t.Run(c.text, func(t *testing.T) {
			direct, derr := runText(db, c.text)
			items := splitStatements(c.text)
			require.Len(t, items, 1, "the shell must see one statement")
			viaShell, serr := runText(db, items[0].Text)
			if c.want == nil {
				require.Error(t, derr)
				require.Error(t, serr)
				assert.Equal(t, derr.Error(), serr.Error())
				return
			}
			require.NoError(t, derr)
			require.NoError(t, serr)
			assert.Equal(t, c.want, firstColumn(direct))
			assert.Equal(t, direct, viaShell)
			assert.Equal(t, statementKeyword(c.text), statementKeyword(items[0].Text))
		})
	}
}

// firstColumn returns the first value of each row.
func firstColumn(rows [][]string) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = r[:1]
	}
	return out
}

// TestQuoteNameReadsBack checks that a name the shell writes unquoted
// reads back, through the driver's lexer, as that one name.
func TestQuoteNameReadsBack(t *testing.T) {
	for name, quoted := range map[string]bool{
		"Deals": false, "顧客名（カナ）": false, "$id": false, "$row_id": false, "会社_名": false,
		"作成者 Code": true, "a-b": true, "2024年度": true, "select": true, "$1": true, "a`b": true, "全角\u3000空白": true, "": true,
	} {
		assert.Equal(t, quoted, needsQuote(name), name)
	}
	assert.Equal(t, "`a``b`", quoteName("a`b"))
}
