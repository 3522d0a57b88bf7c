package write

import (
	"context"
	"errors"
	"strconv"
	"strings"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
)

// callError builds the *Error of a failed call. failed are the ops of that
// call, done those earlier calls applied and rest those never sent. When
// the call's answer was lost (client.ErrOutcomeUnknown), its records are
// re-read to settle whether kintone applied it; what cannot be settled
// (inserts, updates without a known revision) is reported as unknown, with
// the values INSERT rows sent. Nothing is ever sent again.
func callError(ctx context.Context, env *engine.Env, name string, err error, failed, done, rest []*op) *Error {
	e := &Error{Statement: name, Err: err}
	var ce *client.Error
	if errors.As(err, &ce) {
		e.Conflict = ce.Code == conflictCode
		e.Fields = fieldErrors(ce, failed)
		if e.Conflict {
			for _, o := range failed {
				e.Checked = append(e.Checked, o.recordIDs()...)
			}
			e.Checked = compactIDs(e.Checked)
		}
	}
	whole := len(done) == 0 && len(rest) == 0
	var unwritten []*op
	switch {
	case errors.Is(err, errUnreadableAnswer):
		e.Settled = true
		done = append(done, failed...)
	case !errors.Is(err, client.ErrOutcomeUnknown):
		unwritten = failed
	default:
		applied, known := settle(ctx, env, failed)
		switch {
		case !known:
			e.Unknown = errorRows(failed, true)
			whole = false
		case applied:
			e.Settled, e.Err = true, &settledError{err: err, applied: true}
			done = append(done, failed...)
		default:
			e.Settled, e.Err = true, &settledError{err: err}
			unwritten = failed
		}
	}
	unwritten = append(unwritten, rest...)
	e.NotWritten = errorRows(unwritten, false)
	if !whole && len(unwritten) > 0 {
		e.Unwritten = describeRows(e.NotWritten)
	}
	seen := map[*rowOutcome]bool{}
	for _, o := range done {
		for _, ref := range o.refs {
			for _, r := range ref.outcomes() {
				if !seen[r] {
					seen[r] = true
					e.WrittenRows++
				}
			}
			e.Written = append(e.Written, ref.res.rows[ref.row].id)
		}
	}
	e.Written = compactIDs(e.Written)
	return e
}

// errUnreadableAnswer marks a call that kintone answered with success but
// whose answer did not have the expected shape: its writes were applied,
// though their new ids and revisions are not known.
var errUnreadableAnswer = errors.New("kintone applied the request, but its answer could not be read")

// settledError is the cause of an Error whose lost answer was settled by
// re-reading: it reads as the original failure plus what the re-read
// showed, and no longer matches ErrOutcomeUnknown.
type settledError struct {
	err     error
	applied bool
}

// Error returns the failure and the settled outcome.
func (s *settledError) Error() string {
	msg := strings.TrimPrefix(s.err.Error(), ErrOutcomeUnknown.Error()+": ")
	if s.applied {
		return msg + " (the answer was lost; re-reading the records shows kintone applied the request)"
	}
	return msg + " (the answer was lost; re-reading the records shows kintone did not apply the request)"
}

// Unwrap returns kintone's error answer, if there was one.
func (s *settledError) Unwrap() error {
	var ce *client.Error
	if errors.As(s.err, &ce) {
		return ce
	}
	return nil
}

// errorRows lists the statement rows that ops write, each once; with
// values, INSERT rows carry the values they sent.
func errorRows(ops []*op, values bool) []ErrorRow {
	var out []ErrorRow
	seen := map[*rowOutcome]bool{}
	for _, o := range ops {
		for _, ref := range o.refs {
			for k, row := range append([]int{ref.row}, ref.also...) {
				r := &ref.res.rows[row]
				if seen[r] {
					continue
				}
				seen[r] = true
				er := ErrorRow{Statement: ref.res.index, Row: row + 1, Record: r.id}
				if values && k == 0 && ref.values != nil {
					er.Values = make(map[string]any, len(ref.res.columns))
					for j, c := range ref.res.columns {
						if j < len(ref.values) {
							er.Values[c] = ref.values[j]
						}
					}
				}
				out = append(out, er)
			}
		}
	}
	return out
}

// describeRows names rows compactly: "row 3", "rows 2001–4000", or across
// the statements of a transaction "the rows of statements 1, 3".
func describeRows(rows []ErrorRow) string {
	var nums, stmts []int64
	seen := map[int]bool{}
	for _, r := range rows {
		nums = append(nums, int64(r.Row))
		if !seen[r.Statement] {
			seen[r.Statement] = true
			stmts = append(stmts, int64(r.Statement))
		}
	}
	switch {
	case len(stmts) > 1:
		return "the rows of statements " + idRanges(stmts)
	case len(stmts) == 1 && stmts[0] > 0:
		return "the rows of statement " + strconv.FormatInt(stmts[0], 10)
	case len(nums) == 1:
		return "row " + strconv.FormatInt(nums[0], 10)
	}
	return "rows " + idRanges(nums)
}

// unknownText says which rows have an unknown outcome.
func unknownText(rows []ErrorRow) string {
	s := "the answer to the request writing " + describeRows(rows) + " was lost, so whether "
	if len(rows) == 1 {
		s += "it was"
	} else {
		s += "they were"
	}
	s += " written is unknown"
	if rows[0].Values != nil {
		s += " (the error's Unknown field holds the values each row sent: look for those records before inserting them again)"
	}
	return s
}
