package schema

import (
	"context"
	"fmt"
	"testing"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRowReaderMatchesRecordRows reads 500 emulator records, whose values
// partly repeat (choices, users, dates) and partly do not (titles,
// amounts, ids), through one RowReader reusing one row, and compares every
// row with RecordRows; a subtable table has no RowReader.
func TestRowReaderMatchesRecordRows(t *testing.T) {
	srv, appID := emulatorApp(t)
	var recs []map[string]any
	for i := range 499 {
		recs = append(recs, map[string]any{
			"title": fmt.Sprintf("title %d", i), "amount": fmt.Sprintf("%d.%d", i, i%7), "due": fmt.Sprintf("2024-01-%02d", 1+i%28),
			"at": "2024-01-02T03:04:00Z", "tm": []string{"11:30", "", "09:05"}[i%3], "dd": []string{"A", "B", ""}[i%3],
			"tags": [][]string{{"x"}, {"y", "x"}, {}}[i%3], "owner": []map[string]string{{"code": kintonetest.DefaultUser}},
		})
	}
	_, err := srv.AddRecords(appID, recs)
	require.NoError(t, err)
	c, err := client.New(client.Options{BaseURL: srv.URL, User: kintonetest.DefaultUser, Password: kintonetest.DefaultPassword})
	require.NoError(t, err)
	ctx := context.Background()
	cat, err := Load(ctx, c, Options{})
	require.NoError(t, err)
	tab, err := cat.Lookup(ctx, "orders")
	require.NoError(t, err)
	got, _, err := c.GetRecords(ctx, client.GetRecordsRequest{App: appID, Fields: tab.FieldCodes(nil), Query: "order by $id asc limit 500"})
	require.NoError(t, err)
	require.Len(t, got, 500)

	r, err := tab.NewRowReader(nil)
	require.NoError(t, err)
	require.Equal(t, len(tab.Columns), r.Width())
	row := make([]any, r.Width())
	for _, rec := range got {
		want, err := tab.RecordRows(rec, nil)
		require.NoError(t, err)
		require.NoError(t, r.Read(rec, row))
		require.Equal(t, want[0], row)
	}
	assert.Error(t, r.Read(got[0], row[1:]), "a row of the wrong width")
	for i, col := range tab.Columns {
		switch col.Name {
		case "Title", "$id":
			assert.True(t, r.memo[i].off, "%s: unique values are not remembered", col.Name)
		case "Rank", "Tags", "Due":
			assert.False(t, r.memo[i].off, col.Name)
			assert.Greater(t, r.memo[i].hits, 400, col.Name)
		}
	}

	lines, err := cat.Lookup(ctx, "ORD_Lines")
	require.NoError(t, err)
	_, err = lines.NewRowReader(nil)
	assert.Error(t, err)
}
