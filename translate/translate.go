// Package translate turns SQL text into an executable plan: the kintone
// requests that can answer it (one query per app, with the conditions, order
// and paging kintone can express exactly) and the client-side operators for
// the rest.
//
// Supported: SHOW/DESCRIBE introspection (introspect.go), and SELECT over
// app, subtable, directory and metadata tables: WHERE (pushed to kintone
// where kintone answers exactly, pushdown*.go), joins (INNER, LEFT, RIGHT,
// comma and CROSS, with ON or USING; from.go, join_plan.go, with key
// pushdown join_push.go), GROUP BY and HAVING with COUNT/SUM/AVG/MIN/MAX
// (DISTINCT too), GROUP_CONCAT and WITH ROLLUP (aggregate.go, rollup.go),
// window functions (window_front.go, window.go), SELECT DISTINCT, ORDER BY on any
// expression, LIMIT/OFFSET, subqueries (scalar, IN, EXISTS, correlated or
// not; subquery.go; ANY/SOME/ALL, quantified.go), derived tables, common table expressions (WITH,
// read once per statement; cte.go), UNION [ALL] (union.go), SELECT
// without FROM, and EXPLAIN <select>. Other constructs are refused with an
// error naming the construct.
package translate

import (
	"context"
	"fmt"
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
	// TrustAssumedPushdown takes the pushdown forms whose kintone answer is
	// only assumed (provenance.go) as exact; by default they only narrow
	// the transfer and are re-checked client-side.
	TrustAssumedPushdown bool
	// Session is what DATABASE(), USER() and CONNECTION_ID() report.
	Session engine.Session

	// recheck keeps every pushed condition as a client-side filter too,
	// for the reads of UPDATE and DELETE: a write must never touch a row
	// that SQL's WHERE excludes, whatever the server's matching did.
	recheck bool
}

// Plan translates one SQL statement with its arguments (for ? placeholders,
// in order) into a plan over the catalog's tables. It is PlanContext with a
// background context for the catalog's field loading.
func Plan(cat *schema.Catalog, sql string, args []any, opts Options) (engine.Node, error) {
	return PlanContext(context.Background(), cat, sql, args, opts)
}

// PlanContext is Plan with a context for the catalog lookups, which may
// load an app's fields from kintone on first use.
func PlanContext(ctx context.Context, cat *schema.Catalog, sql string, args []any, opts Options) (engine.Node, error) {
	if node, ok, err := planIntrospection(ctx, cat, sql, args); ok {
		return node, err
	}
	st, err := parseStatement(sql)
	if err != nil {
		return nil, err
	}
	if st.params != len(args) {
		return nil, fmt.Errorf("the statement has %d ? placeholders but %d arguments were given", st.params, len(args))
	}
	p := newPlanner(ctx, cat, args, opts)
	p.st.ctes, p.st.cteVisible, p.st.windows = st.ctes, len(st.ctes), st.windows
	node, err := p.selectStatementPlan(st.sel)
	if err != nil {
		return nil, err
	}
	if st.explain {
		return explainPlan(node), nil
	}
	return node, nil
}

// NumInput returns the number of ? placeholders in sql, or -1 when it
// cannot tell (database/sql then skips its argument-count check).
func NumInput(sql string) int {
	p, err := prepare(sql)
	if err != nil {
		return -1
	}
	return p.params
}
