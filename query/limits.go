package query

import "fmt"

// Limits on the limit and offset clauses (kintone-api.md §6 [OBS]).
const (
	// MaxLimit is the largest limit kintone accepts; above it gives
	// GAIA_QU01.
	MaxLimit = 500
	// MaxOffset is the largest offset kintone accepts; above it gives
	// GAIA_QU02.
	MaxOffset = 10000
)

// CheckLimits reports a limit above MaxLimit (GAIA_QU01) or an offset above
// MaxOffset (GAIA_QU02) as an *Error with Pos -1. Parse already rejects
// negative values.
func (q *Query) CheckLimits() error {
	if q.Limit != nil && *q.Limit > MaxLimit {
		return NewError(CodeLimit, -1, "limit には 500 以下の値を指定してください。",
			fmt.Sprintf("limit %d is above %d", *q.Limit, MaxLimit))
	}
	if q.Offset != nil && *q.Offset > MaxOffset {
		return NewError(CodeOffset, -1, "offset には 10,000 以下の値を指定してください。",
			fmt.Sprintf("offset %d is above %d", *q.Offset, MaxOffset))
	}
	return nil
}
