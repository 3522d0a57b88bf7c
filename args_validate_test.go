package kintone

import (
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestArgumentsAreValidated(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 3)
	db, _ := openDB(t, srv, serverConfig(srv))
	before := srv.TotalRequests()
	for _, tc := range []struct {
		name string
		arg  any
		want string
	}{
		{"invalid UTF-8 string", "ab\xffc", "argument 2: the text is not valid UTF-8 (byte 3 of 4 is 0xff)"},
		{"invalid UTF-8 bytes", []byte{'a', 0xc3}, "argument 2: the text is not valid UTF-8 (byte 2 of 2 is 0xc3)"},
		{"NaN", math.NaN(), "argument 2: NaN is not a number"},
		{"+Inf", math.Inf(1), "argument 2: +Inf is not a number"},
		{"-Inf float32", float32(math.Inf(-1)), "argument 2: -Inf is not a number"},
		{"huge decimal", decimal.New(1, 70), "argument 2: the decimal has 71 digits before the point"},
		{"billion-digit decimal", decimal.New(1, 1_000_000_000), "at most 65 are allowed"},
		{"tiny decimal", decimal.New(1, -1_000_000_000), "argument 2: the decimal has 1000000000 digits after the point"},
		{"uint64 past BIGINT", uint64(math.MaxUint64), "argument 2: unsigned value 18446744073709551615 is larger than the largest BIGINT"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := db.Exec("INSERT INTO Items (label, n) VALUES (?, ?)", "x", tc.arg)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
			_, err = db.Exec("UPDATE Items SET label = 'y' WHERE label <> ? AND n = ?", "r1", tc.arg)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
	// A query comparing with invalid UTF-8 is refused rather than
	// answered as if the text were different.
	_, err := db.Query("SELECT COUNT(*) FROM Items WHERE label <> ?", "r\xff")
	require.Error(t, err)
	assert.Contains(t, err.Error(), "argument 1: the text is not valid UTF-8")
	assert.Equal(t, before, srv.TotalRequests(), "refused arguments send nothing")
	assert.Equal(t, 3, count(t, db, "SELECT COUNT(*) FROM Items WHERE label LIKE 'r%'"))

	// Valid values still pass, at the bounds too.
	_, err = db.Exec("INSERT INTO Items (label, n) VALUES (?, ?)", "日本語", decimal.RequireFromString("123456789012345678901234567890123456789012345678901234567890.12345"))
	require.NoError(t, err)
	assert.Equal(t, 1, count(t, db, "SELECT COUNT(*) FROM Items WHERE label = ?", "日本語"))
}
