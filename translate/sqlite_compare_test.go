package translate_test

import (
	"database/sql"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kintone-sql/kintone/internal/sqlrows"
)

// diffQuery is one query of the suite, in the driver's dialect (my) and
// SQLite's (lite): they differ only where the two spell a function
// differently (YEAR(d) / strftime('%Y', d), CHAR_LENGTH / length, ...).
type diffQuery struct {
	my, lite string
	// ordered compares rows in order (the query's ORDER BY makes the
	// order unique); otherwise rows compare as multisets.
	ordered bool
	// approx compares numbers with a tolerance: AVG is an exact decimal
	// here (4 more digits, MySQL's rule) and a float in SQLite.
	approx bool
}

// same is a query spelled alike in both dialects.
func same(q string) diffQuery { return diffQuery{my: q, lite: q} }

// Value forms compared: numbers by exact decimal value, times and ISO
// date texts as 'YYYY-MM-DD HH:MM:SS', booleans as 1 and 0.
var (
	isoDate     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	isoDateTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}Z?$`)
)

// cell is one compared value: its text, and its number when it is one.
type cell struct {
	text string
	num  *decimal.Decimal
}

// canon converts a scanned value to its compared form.
func canon(v any) cell {
	switch x := v.(type) {
	case nil:
		return cell{text: "NULL"}
	case []byte:
		return canonText(string(x))
	case string:
		return canonText(x)
	case int64:
		d := decimal.NewFromInt(x)
		return cell{text: d.String(), num: &d}
	case float64:
		d := decimal.NewFromFloat(x)
		return cell{text: d.String(), num: &d}
	case bool:
		if x {
			return canon(int64(1))
		}
		return canon(int64(0))
	case time.Time:
		return cell{text: x.UTC().Format("2006-01-02 15:04:05")}
	}
	return cell{text: fmt.Sprintf("%T:%v", v, v)}
}

// canonText reads a text: ISO dates and numbers get their common form.
func canonText(s string) cell {
	switch {
	case isoDate.MatchString(s):
		return cell{text: s + " 00:00:00"}
	case isoDateTime.MatchString(s):
		return cell{text: strings.TrimSuffix(strings.Replace(s, "T", " ", 1), "Z")}
	}
	if d, err := decimal.NewFromString(s); err == nil && strings.TrimSpace(s) == s {
		return cell{text: d.String(), num: &d}
	}
	return cell{text: s}
}

// readRows runs q on db and returns the compared forms of its rows.
func readRows(db *sql.DB, q string) ([][]cell, error) { return sqlrows.Query(db, canon, q) }

// rowText joins a row's texts.
func rowText(r []cell) string {
	parts := make([]string, len(r))
	for i, c := range r {
		parts[i] = c.text
	}
	return strings.Join(parts, " | ")
}

// cellsEqual compares two values; with approx, numbers may differ by
// 1e-4 (AVG's rounding).
func cellsEqual(a, b cell, approx bool) bool {
	if a.text == b.text {
		return true
	}
	if approx && a.num != nil && b.num != nil {
		fa, fb := a.num.InexactFloat64(), b.num.InexactFloat64()
		return math.Abs(fa-fb) <= 1e-4+1e-9*math.Abs(fb)
	}
	return false
}

// compareRows reports the first difference between two results, "" when
// they agree.
func compareRows(got, want [][]cell, q diffQuery) string {
	if !q.ordered {
		sorter := func(a, b []cell) int { return strings.Compare(rowText(a), rowText(b)) }
		got, want = slices.Clone(got), slices.Clone(want)
		slices.SortFunc(got, sorter)
		slices.SortFunc(want, sorter)
	}
	if len(got) != len(want) {
		return fmt.Sprintf("%d rows, SQLite has %d\n  first driver rows: %s\n  first SQLite rows: %s",
			len(got), len(want), firstRows(got), firstRows(want))
	}
	for i := range got {
		if len(got[i]) != len(want[i]) {
			return fmt.Sprintf("row %d has %d columns, SQLite's %d", i, len(got[i]), len(want[i]))
		}
		for j := range got[i] {
			if !cellsEqual(got[i][j], want[i][j], q.approx) {
				return fmt.Sprintf("row %d differs:\n  driver: %s\n  SQLite: %s", i, rowText(got[i]), rowText(want[i]))
			}
		}
	}
	return ""
}

// firstRows renders the first rows of a result.
func firstRows(rows [][]cell) string {
	var parts []string
	for i, r := range rows {
		if i == 3 {
			parts = append(parts, "...")
			break
		}
		parts = append(parts, "["+rowText(r)+"]")
	}
	return strings.Join(parts, " ") + " (" + strconv.Itoa(len(rows)) + " rows)"
}
