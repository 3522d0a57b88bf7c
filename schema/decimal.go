package schema

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// MaxDecimalExponent bounds the powers of ten of a decimal read from text:
// at most this many digits before the point and after it. Exact arithmetic
// on 1e1000000000 would build a billion-digit number (and hang the
// program); MySQL's DECIMAL holds 65 digits, and kintone's NUMBER fewer.
const MaxDecimalExponent = 1000

// ParseDecimal reads decimal text as decimal.NewFromString does, refusing
// values beyond MaxDecimalExponent digits before or after the point.
func ParseDecimal(s string) (decimal.Decimal, error) {
	if len(s) > 3*MaxDecimalExponent {
		// Converting the digits costs time quadratic in their number.
		return decimal.Zero, fmt.Errorf("the number %.40s… is out of range (%d characters)", s, len(s))
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return d, err
	}
	exp := int64(d.Exponent())
	if exp < -MaxDecimalExponent || exp+int64(d.NumDigits()) > MaxDecimalExponent {
		return decimal.Zero, fmt.Errorf("the number %.40s is out of range (more than %d digits before or after the point)", s, MaxDecimalExponent)
	}
	return d, nil
}
