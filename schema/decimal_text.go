package schema

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
)

// DecimalString returns the same text as d.String() (the exact value,
// trailing zeros of the fraction dropped), formatting the coefficient with
// strconv when it has at most 18 digits instead of through math/big: the
// DECIMAL values of every scanned row are rendered this way.
func DecimalString(d decimal.Decimal) string {
	exp := d.Exponent()
	if d.Sign() == 0 {
		return "0"
	}
	if exp > 0 || exp < -18 || d.NumDigits() > 18 {
		return d.String()
	}
	c := d.CoefficientInt64()
	var buf [24]byte
	out := buf[:0]
	if c < 0 {
		out = append(out, '-')
		c = -c
	}
	var digitBuf [20]byte
	digits := strconv.AppendInt(digitBuf[:0], c, 10)
	scale := int(-exp)
	for scale > 0 && digits[len(digits)-1] == '0' {
		digits = digits[:len(digits)-1]
		scale--
	}
	switch {
	case scale == 0:
		out = append(out, digits...)
	case len(digits) > scale:
		out = append(out, digits[:len(digits)-scale]...)
		out = append(out, '.')
		out = append(out, digits[len(digits)-scale:]...)
	default:
		out = append(out, "0."...)
		out = append(out, strings.Repeat("0", scale-len(digits))...)
		out = append(out, digits...)
	}
	return string(out)
}

// parseDecimal reads a DECIMAL value's text exactly. Plain texts of at
// most 18 digits ("-12", "3.50") are read directly into a coefficient
// and exponent; others (exponents, signs, longer numbers) go through
// decimal.NewFromString, which gives the same value.
func parseDecimal(s string) (decimal.Decimal, error) {
	var coef int64
	digits, scale, point := 0, 0, false
	i := 0
	if len(s) > 0 && s[0] == '-' {
		i = 1
	}
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			coef = coef*10 + int64(c-'0')
			digits++
			if point {
				scale++
			}
		case c == '.' && !point:
			point = true
		default:
			return decimal.NewFromString(s)
		}
	}
	if digits == 0 || digits > 18 || (point && scale == 0) {
		return decimal.NewFromString(s)
	}
	if s[0] == '-' {
		coef = -coef
	}
	return decimal.New(coef, int32(-scale)), nil
}
