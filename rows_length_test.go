package kintone

import (
	"math"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kintone-sql/kintone/kintonetest"
)

func TestColumnTypeLength(t *testing.T) {
	srv := startServer(t)
	createApp(t, srv, kintonetest.AppSpec{Name: "Sized", Fields: []*kintonetest.Field{
		{Type: kintonetest.TypeSingleLineText, Code: "code", Label: "code", MaxLength: "12"},
		{Type: kintonetest.TypeSingleLineText, Code: "note", Label: "note"},
		{Type: kintonetest.TypeNumber, Code: "qty", Label: "qty"},
		{Type: kintonetest.TypeCheckBox, Code: "tags", Label: "tags", Options: []string{"a"}},
	}})
	db, _ := openDB(t, srv, serverConfig(srv))
	rows, err := db.Query("SELECT code, note, qty, tags, $id, CONCAT(code, note) AS joined, code AS renamed FROM Sized")
	require.NoError(t, err)
	defer rows.Close()
	types, err := rows.ColumnTypes()
	require.NoError(t, err)

	type length struct {
		n  int64
		ok bool
	}
	want := map[string]length{
		"code":    {12, true},            // maxLength
		"note":    {math.MaxInt64, true}, // no limit set
		"qty":     {0, false},
		"tags":    {math.MaxInt64, true}, // JSON text
		"$id":     {0, false},
		"joined":  {math.MaxInt64, true}, // computed text
		"renamed": {12, true},            // an alias keeps the field
	}
	require.Len(t, types, len(want))
	for _, ct := range types {
		n, ok := ct.Length()
		assert.Equal(t, want[ct.Name()], length{n, ok}, ct.Name())
		p, sc, ok := ct.DecimalSize()
		if ct.Name() == "qty" {
			// kintone stores at most 30 digits, at most 10 after the point.
			assert.Equal(t, []any{int64(40), int64(10), true}, []any{p, sc, ok}, "qty")
		} else {
			assert.False(t, ok, "%s has no DecimalSize", ct.Name())
		}
	}
	rows.Close()

	// A computed DECIMAL has no bound to report; DOUBLE columns none either.
	rows, err = db.Query("SELECT qty * 2 AS twice FROM Sized")
	require.NoError(t, err)
	types, err = rows.ColumnTypes()
	require.NoError(t, err)
	_, _, ok := types[0].DecimalSize()
	assert.False(t, ok)
	rows.Close()
	cfg := serverConfig(srv)
	cfg.NumberMapToDouble = true
	db2, _ := openDB(t, srv, cfg)
	rows, err = db2.Query("SELECT qty FROM Sized")
	require.NoError(t, err)
	defer rows.Close()
	types, err = rows.ColumnTypes()
	require.NoError(t, err)
	_, _, ok = types[0].DecimalSize()
	assert.False(t, ok, "DOUBLE with NumberMapToDouble")
}

func TestScanTargetsInReadme(t *testing.T) {
	srv := startServer(t)
	id := createApp(t, srv, kintonetest.AppSpec{Name: "Scan", Fields: []*kintonetest.Field{
		{Type: kintonetest.TypeNumber, Code: "whole", Label: "whole"},
		{Type: kintonetest.TypeNumber, Code: "part", Label: "part"},
		{Type: kintonetest.TypeDate, Code: "day", Label: "day"},
		{Type: kintonetest.TypeSingleLineText, Code: "text", Label: "text"},
		{Type: kintonetest.TypeCheckBox, Code: "tags", Label: "tags", Options: []string{"a", "b"}},
	}})
	addRecords(t, srv, id, []map[string]any{{"whole": "12", "part": "1.25", "day": "2026-12-05", "text": "abc", "tags": []string{"a", "b"}}})
	db, _ := openDB(t, srv, serverConfig(srv))
	var (
		wholeDec, partDec decimal.Decimal
		wholeInt          int64
		partFloat         float64
		day               string
		text              []byte
		tags              []byte
		idText            string
		idFloat           float64
	)
	require.NoError(t, db.QueryRow("SELECT whole, part, whole, part, day, text, tags, $id, $id FROM Scan").
		Scan(&wholeDec, &partDec, &wholeInt, &partFloat, &day, &text, &tags, &idText, &idFloat))
	assert.Equal(t, "12", wholeDec.String())
	assert.Equal(t, "1.25", partDec.String())
	assert.EqualValues(t, 12, wholeInt)
	assert.InDelta(t, 1.25, partFloat, 0)
	assert.Equal(t, "2026-12-05T00:00:00Z", day)
	assert.Equal(t, []byte("abc"), text)
	assert.JSONEq(t, `["a","b"]`, string(tags))
	assert.Equal(t, "1", idText)
	assert.InDelta(t, 1, idFloat, 0)
	var n int64
	assert.Error(t, db.QueryRow("SELECT part FROM Scan").Scan(&n), "a fraction does not scan into int64")
}
