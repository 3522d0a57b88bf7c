package kintone

import (
	"database/sql"
	"database/sql/driver"
	"encoding/json"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
)

// myInt is a named integer type, which database/sql's default converter accepts.
type myInt int16

func TestCheckNamedValue(t *testing.T) {
	when := time.Date(2024, 3, 5, 10, 20, 0, 0, time.FixedZone("JST", 9*3600))
	n := int32(7)
	var nilPtr *int64
	dec := decimal.RequireFromString("12345678901234567.89")
	for _, tc := range []struct {
		name string
		in   any
		want any
	}{
		{"nil", nil, nil},
		{"int", 42, int64(42)},
		{"int8", int8(-8), int64(-8)},
		{"int16", int16(16), int64(16)},
		{"int32", int32(-32), int64(-32)},
		{"int64", int64(math.MinInt64), int64(math.MinInt64)},
		{"uint8", uint8(255), int64(255)},
		{"uint16", uint16(65535), int64(65535)},
		{"uint32", uint32(math.MaxUint32), int64(math.MaxUint32)},
		{"uint64 max int64", uint64(math.MaxInt64), int64(math.MaxInt64)},
		{"uint", uint(9), int64(9)},
		{"float32 keeps its decimal form", float32(0.1), 0.1},
		{"float64", 2.5, 2.5},
		{"bool", true, true},
		{"string", "こんにちは", "こんにちは"},
		{"bytes", []byte("ab"), []byte("ab")},
		{"time keeps its zone", when, when},
		{"decimal stays exact", dec, dec},
		{"json", json.RawMessage(`["a"]`), `["a"]`},
		{"strings become a JSON array", []string{"重要", `a"b`}, `["重要","a\"b"]`},
		{"pointer", &n, int64(7)},
		{"nil pointer", nilPtr, nil},
		{"named type", myInt(3), int64(3)},
		{"valuer", sql.NullString{String: "x", Valid: true}, "x"},
		{"null valuer", sql.NullInt64{}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nv := driver.NamedValue{Ordinal: 1, Value: tc.in}
			if err := (&conn{}).CheckNamedValue(&nv); err != nil {
				t.Fatalf("CheckNamedValue(%#v): %v", tc.in, err)
			}
			if !reflect.DeepEqual(nv.Value, tc.want) {
				t.Fatalf("CheckNamedValue(%#v) = %#v (%T), want %#v (%T)", tc.in, nv.Value, nv.Value, tc.want, tc.want)
			}
		})
	}
}

func TestCheckNamedValueRejects(t *testing.T) {
	for _, tc := range []struct {
		name string
		nv   driver.NamedValue
		want []string
	}{
		{"named", driver.NamedValue{Ordinal: 2, Name: "id", Value: 1}, []string{"argument 2", `"id"`, "named parameters are not supported; use ?"}},
		{"uint64 too large", driver.NamedValue{Ordinal: 3, Value: uint64(math.MaxUint64)}, []string{"argument 3", "18446744073709551615"}},
		{"uint too large", driver.NamedValue{Ordinal: 1, Value: uint(math.MaxUint64)}, []string{"argument 1", "larger than"}},
		{"struct", driver.NamedValue{Ordinal: 4, Value: struct{ A int }{1}}, []string{"argument 4", "struct { A int }"}},
		{"map", driver.NamedValue{Ordinal: 1, Value: map[string]int{}}, []string{"argument 1", "map[string]int"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			nv := tc.nv
			err := (&conn{}).CheckNamedValue(&nv)
			if err == nil {
				t.Fatalf("CheckNamedValue(%#v) accepted it as %#v", tc.nv.Value, nv.Value)
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
		})
	}
}

func TestQueryRejectsBadArguments(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Items", 1)
	db, _ := openDB(t, srv, serverConfig(srv))
	before := srv.TotalRequests()
	for _, tc := range []struct {
		args []any
		want string
	}{
		{[]any{sql.Named("n", 1)}, "named parameters are not supported"},
		{[]any{struct{}{}}, "argument 1"},
		{[]any{1, uint64(math.MaxUint64)}, "argument 2"},
	} {
		rows, err := db.Query("SELECT label FROM Items WHERE n = ?", tc.args...)
		if err == nil {
			rows.Close()
			t.Errorf("Query with %v succeeded", tc.args)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Query with %v: error %q does not mention %q", tc.args, err, tc.want)
		}
	}
	if n := srv.TotalRequests(); n != before {
		t.Errorf("rejected arguments caused %d requests", n-before)
	}
}
