package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kintone-sql/kintone/kintonetest"
)

func TestDescribeNamesFieldsSharingALabel(t *testing.T) {
	srv := kintonetest.NewServer()
	t.Cleanup(srv.Close)
	_, err := srv.CreateApp(kintonetest.AppSpec{Name: "Tickets", Fields: []*kintonetest.Field{
		{Type: "SINGLE_LINE_TEXT", Code: "title", Label: "Title"},
		{Type: "USER_SELECT", Code: "assignee", Label: "Assignee"},
		{Type: "USER_SELECT", Code: "Assignee", Label: "Assignee"},
	}})
	require.NoError(t, err)
	dsn := "URL=" + srv.URL + ";User=" + kintonetest.DefaultUser + ";Password=" + kintonetest.DefaultPassword

	r := runBinary(t, "", nil, "--dsn", dsn, "-c", `\d Tickets`)
	require.Equal(t, 0, r.code, r.stderr)
	// Form order: the first field keeps "Label (code)", the second is numbered.
	assert.Contains(t, r.stdout, " Assignee (assignee)    | JSON ")
	assert.Contains(t, r.stdout, " Assignee (Assignee) #2 | JSON ")
	assert.Contains(t, r.stdout, `named "<name> (<field code>)"`, "\\d explains the rule")

	// Each name reaches its own field; the shared label alone is refused.
	r = runBinary(t, "", nil, "--dsn", dsn, "--format", "csv", "-c",
		"SELECT `assignee (assignee) #2`, `ASSIGNEE (ASSIGNEE)` FROM Tickets")
	require.Equal(t, 0, r.code, r.stderr)
	// A bare column is named as the query spells it (SQL's rule).
	assert.Equal(t, "assignee (assignee) #2,ASSIGNEE (ASSIGNEE)\r\n", r.stdout)
	r = runBinary(t, "", nil, "--dsn", dsn, "-c", "SELECT Assignee FROM Tickets")
	assert.Equal(t, 1, r.code)
	assert.Contains(t, r.stderr, `column name "Assignee" is ambiguous`)

	// A table without shared names has no note.
	_, err = srv.CreateApp(kintonetest.AppSpec{Name: "Plain", Fields: []*kintonetest.Field{
		{Type: "SINGLE_LINE_TEXT", Code: "title", Label: "Title"},
	}})
	require.NoError(t, err)
	r = runBinary(t, "", nil, "--dsn", dsn, "-c", `\d Plain`)
	require.Equal(t, 0, r.code, r.stderr)
	assert.Contains(t, r.stdout, " Title ")
	assert.NotContains(t, r.stdout, "field code>")
}
