package write

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// dirCall is one User API write request, which kintone applies all or
// nothing.
type dirCall struct {
	// rows are the statement rows (0-based) the call writes.
	rows []int
	// send performs the request.
	send func(ctx context.Context, c *client.Client) error
	// locate maps the key of one of kintone's validation messages, split
	// into segments, to a statement row (-1: unknown) and a column name.
	locate func(segs []keySeg) (row int, column string)
}

// dirWrite collects the calls of one directory statement.
type dirWrite struct {
	name  string
	table *schema.Table
	res   *Result
	// keys name the entry of each statement row (a login name, a code,
	// "sato in east"), for the error of a statement that failed part-way.
	keys  []string
	calls []dirCall
}

// newDirWrite starts the calls of a statement of n rows.
func newDirWrite(name string, t *schema.Table, k kind, n int) *dirWrite {
	return &dirWrite{name: name, table: t, res: newResult(name, k, n), keys: make([]string, n)}
}

// batch wraps the calls for Exec.
func (w *dirWrite) batch() *batch {
	return &batch{res: w.res, direct: w.run}
}

// run sends the calls in order and stops at the first refused one.
func (w *dirWrite) run(ctx context.Context, env *engine.Env) error {
	for k, call := range w.calls {
		if env.Stats != nil {
			env.Stats.Requests.Add(1)
		}
		if err := call.send(ctx, env.Client); err != nil {
			return w.failure(err, k)
		}
	}
	return nil
}

// failure builds the *Error of call k: kintone's messages mapped to rows
// and columns, and, when earlier calls succeeded, the rows they wrote and
// those that were not written.
func (w *dirWrite) failure(err error, k int) *Error {
	e := &Error{Statement: w.name, Err: explainDirError(err)}
	var ce *client.Error
	if errors.As(err, &ce) {
		e.Fields = w.fields(ce, w.calls[k])
	}
	if k == 0 {
		return e
	}
	total, done := map[int]int{}, map[int]int{}
	for j, c := range w.calls {
		for _, r := range c.rows {
			total[r]++
			if j < k {
				done[r]++
			}
		}
	}
	var untouched, partial []int64
	for r := range w.keys {
		switch {
		case total[r] == 0:
			continue // matched, but nothing to send
		case done[r] == 0:
			untouched = append(untouched, int64(r)+1)
			continue
		case done[r] < total[r]:
			// Only renames follow a row's other calls.
			partial = append(partial, int64(r)+1)
		}
		e.WrittenRows++
		e.WrittenKeys = append(e.WrittenKeys, w.keys[r])
		if id := w.res.rows[r].id; id != 0 {
			e.Written = append(e.Written, id)
		}
	}
	var parts []string
	if len(untouched) > 0 {
		parts = append(parts, rowsText(untouched))
	}
	if len(partial) > 0 {
		parts = append(parts, "the new codes of "+rowsText(partial))
	}
	e.Unwritten = strings.Join(parts, " and ")
	return e
}

// explainDirError adds what a refusal of the User API means.
func explainDirError(err error) error {
	var ce *client.Error
	switch {
	case errors.As(err, &ce) && ce.StatusCode == http.StatusForbidden:
		return fmt.Errorf("writing the cybozu.com directory needs cybozu.com administrator rights: %w", err)
	case errors.As(err, &ce) && ce.StatusCode == http.StatusUnauthorized:
		return fmt.Errorf("the User API refused the login: %w", err)
	}
	return err
}

// fields maps kintone's validation messages (keys like "users[2].code")
// to statement rows and columns.
func (w *dirWrite) fields(ce *client.Error, call dirCall) []FieldError {
	keys := slices.Sorted(maps.Keys(ce.Errors))
	out := make([]FieldError, 0, len(keys))
	for _, k := range keys {
		fe := FieldError{Key: k, Messages: ce.Errors[k]}
		if call.locate != nil {
			row, col := call.locate(parseDirKey(k))
			fe.Column = col
			if row >= 0 && row < len(w.keys) {
				fe.Statement, fe.Row = w.name, row+1
			}
		}
		out = append(out, fe)
	}
	return out
}

// itemLocator maps "list[i].property" keys of a call whose i-th item is
// statement row rows[i]; column, when set, is the column of every key
// (e.g. Code for "codes[i]"), else the property names it.
func (w *dirWrite) itemLocator(rows []int, column string) func([]keySeg) (int, string) {
	return func(segs []keySeg) (int, string) {
		if len(segs) == 0 || segs[0].index < 0 || segs[0].index >= len(rows) {
			return -1, ""
		}
		row := rows[segs[0].index]
		switch {
		case column != "":
			return row, column
		case len(segs) > 1:
			return row, columnByCode(w.table, segs[1].name)
		}
		return row, ""
	}
}

// keySeg is one dot-separated part of a User API error key: a name and
// an index ("users[2]"), or -1 when there is none.
type keySeg struct {
	name  string
	index int
}

// parseDirKey splits an error key such as
// "userOrganizations[0].organizations[1].orgCode".
func parseDirKey(k string) []keySeg {
	var out []keySeg
	for _, part := range strings.Split(k, ".") {
		seg := keySeg{name: part, index: -1}
		if i := strings.IndexByte(part, '['); i >= 0 && strings.HasSuffix(part, "]") {
			if n, err := strconv.Atoi(part[i+1 : len(part)-1]); err == nil {
				seg = keySeg{name: part[:i], index: n}
			}
		}
		out = append(out, seg)
	}
	return out
}

// rowsText describes 1-based statement rows: "row 3", "rows 1–100, 150".
func rowsText(rows []int64) string {
	if len(rows) == 1 {
		return "row " + strconv.FormatInt(rows[0], 10)
	}
	return "rows " + idRanges(rows)
}

// keyList renders directory entries, listing at most maxRanges of them.
func keyList(keys []string) string {
	if len(keys) <= maxRanges {
		return strings.Join(keys, ", ")
	}
	return strings.Join(keys[:maxRanges], ", ") + fmt.Sprintf(", … (%d in all)", len(keys))
}
