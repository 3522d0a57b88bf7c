package translate

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestWholeTableWrite(t *testing.T) {
	for _, tc := range []struct {
		sql, verb, table string
	}{
		{"UPDATE Deals SET amount = 0", "UPDATE", "Deals"},
		{"delete from 顧客", "DELETE", "顧客"},
		{"DELETE FROM Kintone.`営業 案件` LIMIT 5", "DELETE", "Kintone.営業 案件"},
		{"UPDATE Deals SET amount = 0 WHERE TRUE", "", ""},
		{"DELETE FROM Deals WHERE $id = 1", "", ""},
		{"SELECT * FROM Deals", "", ""},
		{"INSERT INTO Deals (name) VALUES ('x')", "", ""},
		{"UPDATE", "", ""},
		{"WITH w AS (SELECT $id FROM Deals) DELETE FROM Deals", "DELETE", "Deals"},
		{"WITH w AS (SELECT ROW_NUMBER() OVER (ORDER BY amount) AS r FROM Deals) UPDATE Deals SET amount = 0", "UPDATE", "Deals"},
		{"WITH w AS (SELECT $id FROM Deals) DELETE FROM Deals WHERE $id IN (SELECT $id FROM w)", "", ""},
	} {
		verb, table, ok := WholeTableWrite(tc.sql)
		assert.Equal(t, tc.verb != "", ok, tc.sql)
		assert.Equal(t, tc.verb, verb, tc.sql)
		assert.Equal(t, tc.table, table, tc.sql)
	}
}
