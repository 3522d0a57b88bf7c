package kintone

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kintone-sql/kintone/kintonetest"
)

// TestTrustAssumedPushdown runs a count over an assumed pushdown row
// (NUMBER < with empty fields) against a server that matches empty NUMBER
// fields as 0, as an independent kintone-compatible server does: by
// default the answer is SQL's (counted client-side); with
// TrustAssumedPushdown=true the driver believes the server's totalCount.
func TestTrustAssumedPushdown(t *testing.T) {
	srv := startServer(t, kintonetest.WithDeviations(kintonetest.Deviations{EmptyNumberAsZero: true}))
	id := createApp(t, srv, kintonetest.AppSpec{Name: "Items", Fields: []*kintonetest.Field{field(kintonetest.TypeNumber, "n")}})
	var recs []map[string]any
	for i := range 30 {
		r := map[string]any{}
		if i%3 != 0 {
			r["n"] = i * 10 // 20 records with a number, 10 empty
		}
		recs = append(recs, r)
	}
	addRecords(t, srv, id, recs)

	cfg, err := ParseDSN("URL=https://example.cybozu.com;User=u;Password=p;TrustAssumedPushdown=yes")
	require.NoError(t, err)
	require.True(t, cfg.TrustAssumedPushdown)
	require.False(t, NewConfig().TrustAssumedPushdown, "the default must be skeptical")

	count := func(trust bool) string {
		cfg := serverConfig(srv)
		cfg.TrustAssumedPushdown = trust
		db, _ := openDB(t, srv, cfg)
		return queryStrings(t, db, "SELECT COUNT(*) FROM Items WHERE n < 100")[0][0]
	}
	// n in 10..290 step 10, i%3 != 0: below 100 are 10, 20, 40, 50, 70, 80.
	assert.Equal(t, "6", count(false), "default: SQL's answer")
	assert.Equal(t, "16", count(true), "trusted: the deviating server's totalCount, 10 empty fields included")
	assert.Contains(t, cfg.FormatDSN(), "TrustAssumedPushdown=true")
}
