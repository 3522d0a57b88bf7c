// Package translate turns SQL text into an executable plan: the kintone
// requests that can answer it (one query per app, with the conditions, order
// and paging kintone can express exactly) and the client-side operators for
// the rest.
package translate

import (
	"errors"
	"time"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// Options tune planning.
type Options struct {
	// NoPushdown keeps every condition, order and limit client-side (kintone
	// is asked only for all records); used to check pushdown differentially.
	NoPushdown bool
	// UseCursor lets scans with a pushed custom order use kintone's cursor
	// API (CData's UseCursor); otherwise such scans page with offsets while
	// they stay under kintone's 10,000 offset cap and sort client-side beyond.
	UseCursor bool
	// PageSize is the records per request (1..500).
	PageSize int
	// MaxRows caps rows returned by queries without aggregation (CData's
	// MaxRows); <= 0 means no cap.
	MaxRows int64
	// Now is the statement's clock for NOW() and CURDATE().
	Now time.Time
}

// Plan translates one SQL statement with its arguments (for ? placeholders,
// in order) into a plan over the catalog's tables.
func Plan(cat *schema.Catalog, sql string, args []any, opts Options) (engine.Node, error) {
	return nil, errors.New("translate: not implemented yet")
}

// NumInput returns the number of ? placeholders in sql, or -1 when it
// cannot tell (database/sql then skips its argument-count check).
func NumInput(sql string) int { return -1 }
