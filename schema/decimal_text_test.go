package schema

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDecimalStringMatchesShopspring compares DecimalString with
// decimal.Decimal.String on kintone-like texts, edge values and random
// coefficients and exponents.
func TestDecimalStringMatchesShopspring(t *testing.T) {
	for _, s := range []string{
		"0", "-0", "0.000", "1", "-1", "10", "1.50", "-0.05", "0.1000", "12345678901234567.8",
		"123456789012345678", "1234567890123456789", "99999999999999999999999999.9999",
		"-9223372036854775808", "9223372036854775807", "0.000000000000000001", "1e3", "1.2e-20", "100.0",
	} {
		d, err := decimal.NewFromString(s)
		require.NoError(t, err, s)
		assert.Equal(t, d.String(), DecimalString(d), s)
	}
	assert.Equal(t, decimal.Decimal{}.String(), DecimalString(decimal.Decimal{}))
	r := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		c := r.Int64N(math.MaxInt64) >> r.IntN(63)
		if r.IntN(2) == 0 {
			c = -c
		}
		d := decimal.New(c, int32(r.IntN(26)-22))
		require.Equal(t, d.String(), DecimalString(d), "%d e %d", c, d.Exponent())
	}
}

// TestParseDecimalMatchesShopspring compares parseDecimal with
// decimal.NewFromString, value and representation, on valid and invalid
// texts.
func TestParseDecimalMatchesShopspring(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	texts := []string{
		"0", "-0", "00012", "12.50", "-0.001", ".5", "-.5", "1.", "-", "", "+1", "1e5", "1.2.3", "- 1", "1 ",
		"123456789012345678", "1234567890123456789", "-999999999999999999", "12345678901234567.89", "0.000000000000000001",
	}
	for range 2000 {
		texts = append(texts, decimal.New(r.Int64N(math.MaxInt64)>>r.IntN(63), int32(-r.IntN(20))).String())
	}
	for _, s := range texts {
		want, werr := decimal.NewFromString(s)
		got, err := parseDecimal(s)
		if werr != nil {
			assert.Error(t, err, s)
			continue
		}
		require.NoError(t, err, s)
		require.Equal(t, want, got, s)
	}
}
