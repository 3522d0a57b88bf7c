package client

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kintone-sql/kintone/kintonetest"
)

// TestAuthFailureExplainedInEnglish checks that a failed password login,
// answered in Japanese (CB_WA01), carries an English explanation and names
// the properties to check, and never the password.
func TestAuthFailureExplainedInEnglish(t *testing.T) {
	srv := kintonetest.NewServer()
	defer srv.Close()
	c, err := New(Options{BaseURL: srv.URL, User: kintonetest.DefaultUser, Password: "wrong-s3cret"})
	require.NoError(t, err)
	_, err = c.GetApps(context.Background(), GetAppsRequest{})
	var ke *Error
	require.True(t, errors.As(err, &ke), "want a *client.Error, got %v", err)
	require.Equal(t, "CB_WA01", ke.Code)
	text := err.Error()
	assert.Contains(t, text, ke.Message, "kintone's own message stays")
	assert.Contains(t, text, "password authentication failed")
	assert.Contains(t, text, "User and Password")
	assert.NotContains(t, text, "wrong-s3cret")
}

// TestEveryMappedCodeExplained checks that each explanation says
// something, and that an English message keeps only the hint.
func TestEveryMappedCodeExplained(t *testing.T) {
	for code, ex := range explanations {
		assert.NotEmpty(t, ex.Meaning, code)
	}
	e := &Error{StatusCode: 400, Code: "GAIA_IL23", Message: "Use the guest space path.", BulkIndex: -1, Method: "GET", Path: "/k/v1/app.json"}
	assert.Equal(t, "kintone: GET /k/v1/app.json: 400 GAIA_IL23: Use the guest space path. (hint: set GuestSpaceId to the guest space's id)", e.Error())
	e.Message = "ゲストスペースのアプリです。"
	assert.Contains(t, e.Error(), "(the app is in a guest space, which has its own API path; hint: set GuestSpaceId")
	_, ok := Explain("NOPE_01")
	assert.False(t, ok)
}
