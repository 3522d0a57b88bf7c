package kintone

import (
	"context"
	"database/sql"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kintone-sql/kintone/kintonetest"
)

// TestReexportedErrors matches the driver's errors with the names
// re-exported from this package: kintone.Error by errors.As,
// ErrUserAPINeedsPassword and ErrMemoryLimit by errors.Is.
func TestReexportedErrors(t *testing.T) {
	ctx := context.Background()
	srv := startServer(t)
	app := numberedApp(t, srv, "Nums", 50)
	cfg := serverConfig(srv)
	cfg.MaxRowsInMemory = 10
	db, _ := openDB(t, srv, cfg)

	_, _, err := DownloadFile(ctx, db, "no-such-key")
	var ke *Error
	require.ErrorAs(t, err, &ke)
	assert.Equal(t, 404, ke.StatusCode)
	assert.Equal(t, "GAIA_BL01", ke.Code)

	rows, err := db.QueryContext(ctx, "SELECT label FROM Nums ORDER BY label")
	if err == nil {
		for rows.Next() {
		}
		err = rows.Err()
		rows.Close()
	}
	require.ErrorIs(t, err, ErrMemoryLimit)

	require.NoError(t, srv.AddAPIToken(app, "tok", kintonetest.TokenPermissions{View: true}))
	tokenDB, err := sql.Open("kintone", fmt.Sprintf("Url=%s;APIToken=tok;AppId=%d", srv.URL, app))
	require.NoError(t, err)
	defer tokenDB.Close()
	_, err = tokenDB.QueryContext(ctx, "SELECT * FROM CybozuUser.Users")
	require.ErrorIs(t, err, ErrUserAPINeedsPassword)
}
