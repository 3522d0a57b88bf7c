package kintonetest

import (
	"math/big"
	"strconv"
	"strings"
)

// maxNumberExponent bounds the exponent accepted in a written NUMBER value
// ("1e5"). kintone's own bound is UNCONFIRMED; past it the value is treated
// as not a number rather than expanded into a huge string.
const maxNumberExponent = 1000

// normalizeNumber turns a written NUMBER value into kintone's stored form:
// surrounding spaces dropped, exponents expanded and the sign and leading
// zeros cleaned, as a Java BigDecimal's plain string ("1.5e1" → "15",
// " 42 " → "42", "1.50" stays "1.50") — kintone-api.md §4 [OBS]. ok is false
// for anything that is not a decimal number ("abc", "1,000", "12abc").
func normalizeNumber(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", false
	}
	neg := false
	switch s[0] {
	case '+', '-':
		neg = s[0] == '-'
		s = s[1:]
	}
	mant, exp := s, 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		mant = s[:i]
		e, err := strconv.Atoi(strings.TrimPrefix(s[i+1:], "+"))
		if err != nil || s[i+1:] == "" || e > maxNumberExponent || e < -maxNumberExponent {
			return "", false
		}
		exp = e
	}
	intPart, frac, _ := strings.Cut(mant, ".")
	if intPart == "" && frac == "" || !allDigits(intPart) || !allDigits(frac) {
		return "", false
	}
	digits := strings.TrimLeft(intPart+frac, "0")
	scale := len(frac) - exp
	var out string
	switch {
	case scale <= 0:
		if digits == "" {
			digits = "0"
		} else {
			digits += strings.Repeat("0", -scale)
		}
		out = digits
	default:
		if len(digits) <= scale {
			digits = strings.Repeat("0", scale-len(digits)+1) + digits
		}
		out = digits[:len(digits)-scale] + "." + digits[len(digits)-scale:]
	}
	if neg && strings.Trim(out, "0.") != "" {
		out = "-" + out
	}
	return out, true
}

// allDigits reports whether s holds only ASCII digits (true for "").
func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseRat reads a stored or queried decimal (after normalizeNumber) as an
// exact rational; ok is false for "" and non-numbers.
func parseRat(s string) (*big.Rat, bool) {
	n, ok := normalizeNumber(s)
	if !ok {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(n)
	return r, ok
}

// numberKey is the canonical text of a number for equality (unique checks,
// lookups, related records): "1.50" and "1.5" give the same key. Non-numbers
// are returned unchanged.
func numberKey(s string) string {
	if r, ok := parseRat(s); ok {
		return r.RatString()
	}
	return s
}

// maxDecimalDigits caps the fraction digits decimalString writes for a
// value whose decimal expansion does not end.
const maxDecimalDigits = 20

// decimalString writes r as a plain decimal without trailing zeros, the
// way kintone returns calculated numbers ("10", "0.7", "0.0625"). A
// non-terminating fraction is cut at maxDecimalDigits.
func decimalString(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	digits := maxDecimalDigits
	if n, ok := terminatingDigits(r.Denom()); ok {
		digits = n
	}
	s := r.FloatString(digits)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// terminatingDigits returns how many fraction digits 1/d needs when d has
// only the prime factors 2 and 5.
func terminatingDigits(d *big.Int) (int, bool) {
	x := new(big.Int).Set(d)
	two, five := big.NewInt(2), big.NewInt(5)
	var m big.Int
	twos, fives := 0, 0
	for m.Mod(x, two).Sign() == 0 {
		x.Quo(x, two)
		twos++
	}
	for m.Mod(x, five).Sign() == 0 {
		x.Quo(x, five)
		fives++
	}
	if x.Cmp(big.NewInt(1)) != 0 {
		return 0, false
	}
	return max(twos, fives), true
}

// roundRat rounds r to places fraction digits: mode "half" rounds half away
// from zero, "up" away from zero, "down" toward zero (kintone's ROUND,
// ROUNDUP and ROUNDDOWN).
func roundRat(r *big.Rat, places int, mode string) *big.Rat {
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(intAbs(places))), nil)
	x := new(big.Rat).Set(r)
	if places >= 0 {
		x.Mul(x, new(big.Rat).SetInt(scale))
	} else {
		x.Quo(x, new(big.Rat).SetInt(scale))
	}
	neg := x.Sign() < 0
	x.Abs(x)
	q, rem := new(big.Int).QuoRem(x.Num(), x.Denom(), new(big.Int))
	switch mode {
	case "half":
		if new(big.Int).Mul(rem, big.NewInt(2)).Cmp(x.Denom()) >= 0 {
			q.Add(q, big.NewInt(1))
		}
	case "up":
		if rem.Sign() != 0 {
			q.Add(q, big.NewInt(1))
		}
	}
	if neg {
		q.Neg(q)
	}
	out := new(big.Rat).SetInt(q)
	if places >= 0 {
		return out.Quo(out, new(big.Rat).SetInt(scale))
	}
	return out.Mul(out, new(big.Rat).SetInt(scale))
}

func intAbs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
