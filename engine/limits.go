package engine

import (
	"errors"
	"fmt"
)

// MaxValueBytes bounds the size of any text a function builds: 64 MiB,
// the default of MySQL's max_allowed_packet. Functions check it before
// allocating, so no argument can make a statement exhaust the host's memory.
const MaxValueBytes = 64 << 20

// ErrValueTooLarge is matched (errors.Is) by the error of a function whose
// result would be larger than MaxValueBytes.
var ErrValueTooLarge = errors.New("the result would exceed the 64 MiB limit on a value (like MySQL's max_allowed_packet)")

// checkSize fails when a result of n bytes (or of count parts of size
// bytes each, computed without overflow) exceeds MaxValueBytes.
func checkSize(count, size int64) error {
	if count < 0 || size < 0 {
		return nil
	}
	if size > 0 && count > MaxValueBytes/size {
		return fmt.Errorf("%w: %d × %d bytes", ErrValueTooLarge, count, size)
	}
	return nil
}

// sizedResult fails when v is a text larger than MaxValueBytes, naming the
// function that built it.
func sizedResult(fn string, v Value, err error) (Value, error) {
	if err == nil {
		if s, ok := v.(string); ok && len(s) > MaxValueBytes {
			err = fmt.Errorf("%w: %d bytes", ErrValueTooLarge, len(s))
		}
	}
	if errors.Is(err, ErrValueTooLarge) {
		return nil, fmt.Errorf("%s: %w", fn, err)
	}
	return v, err
}
