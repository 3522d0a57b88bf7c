package kintone

import (
	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
)

// Error is an error kintone answered (any non-2xx response): HTTP status,
// kintone's error code (e.g. "GAIA_RE01"), error id, message and
// per-field messages. Get it from a driver error with errors.As:
//
//	var ke *kintone.Error
//	if errors.As(err, &ke) && ke.Code == "GAIA_NO01" { ... }
type Error = client.Error

// Errors of the driver's own, re-exported so that callers need import only
// this package; match them with errors.Is.
var (
	// ErrUserAPINeedsPassword is matched when a statement needs the
	// cybozu.com User API (directory tables and their writes) on a
	// connection that has only app API tokens; nothing was sent.
	ErrUserAPINeedsPassword = client.ErrUserAPINeedsPassword
	// ErrMemoryLimit is matched when a statement would hold more rows in
	// memory than MaxRowsInMemory allows.
	ErrMemoryLimit = engine.ErrMemoryLimit
	// ErrDoubleOutOfRange is matched when a DOUBLE result is beyond the
	// DOUBLE range (1e300 * 1e300), which MySQL refuses with error 1690.
	ErrDoubleOutOfRange = engine.ErrDoubleOutOfRange
)
