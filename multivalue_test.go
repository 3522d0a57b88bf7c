package kintone

import (
	"bytes"
	"context"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMultiValueHelpers writes multi-value columns with Strings, Users and
// Files arguments and scans them back into the helpers, into
// json.RawMessage and into string; empty values scan as nil.
func TestMultiValueHelpers(t *testing.T) {
	ctx := context.Background()
	_, db, _ := writesDB(t)
	key, err := UploadFile(ctx, db, "a.txt", "text/plain", bytes.NewReader([]byte("hello")))
	require.NoError(t, err)
	res, err := db.ExecContext(ctx, "INSERT INTO Deals (name, checks, users, orgs, files) VALUES ('mv', ?, ?, ?, ?)",
		Strings{"A", "C"}, Users{{Code: "alice"}, {Code: "bob", Name: "ignored on write"}}, Users{{Code: "sales"}},
		Files{{FileKey: key}})
	require.NoError(t, err)
	id, err := res.LastInsertId()
	require.NoError(t, err)

	var (
		checks Strings
		multi  []string
		users  Users
		orgs   Users
		files  Files
		raw    json.RawMessage
		text   string
	)
	require.NoError(t, db.QueryRowContext(ctx, "SELECT checks, multi, users, orgs, files, checks, users FROM Deals WHERE $id = ?", id).
		Scan(&checks, (*Strings)(&multi), &users, &orgs, &files, &raw, &text))
	assert.Equal(t, Strings{"A", "C"}, checks)
	assert.Nil(t, multi, "an empty MULTI_SELECT is NULL")
	assert.Equal(t, []string{"alice", "bob"}, users.Codes())
	assert.NotEqual(t, "ignored on write", users[1].Name)
	assert.Equal(t, Users{{Code: "sales", Name: "Sales"}}, orgs)
	require.Len(t, files, 1)
	assert.Equal(t, "a.txt", files[0].Name)
	assert.Equal(t, int64(5), files[0].Size)
	assert.NotEmpty(t, files[0].FileKey)
	assert.JSONEq(t, `["A","C"]`, string(raw))
	assert.Contains(t, text, `"code":"alice"`)

	body, _, err := DownloadFile(ctx, db, files[0].FileKey)
	require.NoError(t, err)
	body.Close()

	// A text column is not a JSON array: the helper says so.
	var bad Strings
	err = db.QueryRowContext(ctx, "SELECT name FROM Deals WHERE $id = ?", id).Scan(&bad)
	require.ErrorContains(t, err, "not a JSON array")
}

// TestMultiValueValues checks the JSON text the helpers write.
func TestMultiValueValues(t *testing.T) {
	v, err := Strings(nil).Value()
	require.NoError(t, err)
	assert.Equal(t, "[]", v)
	v, err = Users{{Code: "a", Name: "A"}}.Value()
	require.NoError(t, err)
	assert.Equal(t, `[{"code":"a"}]`, v)
	v, err = Files{{FileKey: "k", Name: "n"}}.Value()
	require.NoError(t, err)
	assert.Equal(t, `[{"fileKey":"k"}]`, v)
}
