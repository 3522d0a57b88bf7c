// Package sqlrows reads database/sql result sets whole, for tests and
// tools that compare every row.
package sqlrows

import "database/sql"

// All scans every remaining row of rows into a slice of the values the
// driver delivers (as scanning into *any would). It does not close rows.
func All(rows *sql.Rows) ([][]any, error) {
	cols, err := rows.Columns()
	if err != nil {
		return nil, err
	}
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}

// Query runs query on db and returns every row as converted by conv, one
// value at a time.
func Query[T any](db *sql.DB, conv func(any) T, query string, args ...any) ([][]T, error) {
	rows, err := db.Query(query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	all, err := All(rows)
	if err != nil {
		return nil, err
	}
	out := make([][]T, len(all))
	for r, vals := range all {
		out[r] = make([]T, len(vals))
		for i, v := range vals {
			out[r][i] = conv(v)
		}
	}
	return out, nil
}

// Drain scans every remaining row of rows into one reused set of values,
// as a client reading a stream would, and returns how many there were. It
// keeps no row, so memory measurements see only the driver's. It does not
// close rows.
func Drain(rows *sql.Rows) (int, error) {
	cols, err := rows.Columns()
	if err != nil {
		return 0, err
	}
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return n, err
		}
		n++
	}
	return n, rows.Err()
}
