package write

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/schema"
)

// ErrConflict is matched (errors.Is) by the error of a write that kintone
// refused because a record's revision changed after the driver read it
// (409 GAIA_CO02): someone else edited the record in between, or the
// revision given in WHERE $revision = ? is no longer current. Nothing of the
// refused call was applied.
var ErrConflict = errors.New("revision conflict: the record was changed by someone else after it was read")

// ErrOutcomeUnknown is matched (errors.Is) by the error of a write whose
// request left the process but whose answer was lost (a broken connection,
// a 502 or 504 from a proxy): kintone may or may not have applied it. The
// *Error's Unknown field lists the rows concerned. Never send such rows
// again without first looking whether they were written.
var ErrOutcomeUnknown = client.ErrOutcomeUnknown

// conflictCode is kintone's error code for a revision mismatch.
const conflictCode = "GAIA_CO02"

// FieldError is one problem kintone reported about a written value, mapped
// back to the statement row and column.
type FieldError struct {
	// Statement names the statement the row belongs to.
	Statement string
	// StatementIndex is that statement's 1-based position in its
	// transaction (0 outside one); String then names the statement.
	StatementIndex int
	// StatementSQL is that statement's text, when the caller set
	// Result.SQL.
	StatementSQL string
	// Row is the 1-based row of the statement (the VALUES row, the SELECT
	// row, or the matched row of an UPDATE), 0 when unknown.
	Row int
	// Record is the record id when known, else 0.
	Record int64
	// Column is the SQL column, or kintone's field code when no column
	// matches; "" for problems with the request as a whole.
	Column string
	// Key is kintone's error key, e.g. "records[3].amount.value".
	Key string
	// Messages are kintone's messages.
	Messages []string
}

// String renders the problem as "row 3, column "Amount": messages"; in a
// transaction as "statement 2 (INSERT INTO Deals (Name) VALUES ...), row
// 3, column "Amount": messages".
func (f FieldError) String() string {
	var parts []string
	if f.StatementIndex > 0 {
		what := f.Statement
		if f.StatementSQL != "" {
			what = shortSQL(f.StatementSQL)
		}
		parts = append(parts, "statement "+strconv.Itoa(f.StatementIndex)+" ("+what+")")
	}
	if f.Row > 0 {
		parts = append(parts, "row "+strconv.Itoa(f.Row))
	}
	if f.Record > 0 {
		parts = append(parts, "record "+strconv.FormatInt(f.Record, 10))
	}
	if f.Column != "" {
		parts = append(parts, "column "+strconv.Quote(f.Column))
	}
	if len(parts) == 0 {
		parts = append(parts, f.Key)
	}
	return strings.Join(parts, ", ") + ": " + strings.Join(f.Messages, " / ")
}

// maxSQL bounds the characters of a statement's text quoted in errors.
const maxSQL = 60

// shortSQL returns a statement's text on one line, cut after maxSQL
// characters.
func shortSQL(s string) string {
	r := []rune(strings.Join(strings.Fields(s), " "))
	if len(r) <= maxSQL {
		return string(r)
	}
	return string(r[:maxSQL-1]) + "…"
}

// Error is a write statement (or transaction commit) that kintone refused
// or that failed part-way. It unwraps to the cause (a *client.Error for
// kintone's answers) and matches ErrConflict for revision conflicts.
type Error struct {
	// Statement names the statement ("INSERT INTO Deals"), or "COMMIT".
	Statement string
	// Err is the cause.
	Err error
	// Fields are the value problems kintone reported, mapped to rows and
	// columns.
	Fields []FieldError
	// Unwritten describes the rows of the refused call, none of which was
	// written (e.g. "rows 2001–4000").
	Unwritten string
	// Written are the ids of the records that earlier calls of the same
	// statement wrote and that stay written; empty when nothing was.
	Written []int64
	// WrittenRows is the number of statement rows those calls wrote.
	WrittenRows int
	// WrittenKeys name the directory entries those calls wrote (login
	// names, organization and group codes, "user in organization" for
	// memberships); the User API answers no ids for new entries, so
	// directory writes are reported by code.
	WrittenKeys []string
	// Conflict is true for a revision conflict (GAIA_CO02).
	Conflict bool
	// Checked are the ids of the records whose revisions the refused
	// call checked (one of them changed), when known.
	Checked []int64
	// NotWritten are the statement rows that were not written: the rows
	// of a call kintone refused and those of later calls, never sent.
	NotWritten []ErrorRow
	// Unknown are the rows of a call that was sent but whose answer was
	// lost (a broken connection, a 502 or 504 from a proxy), when
	// re-reading the records could not tell whether kintone applied it.
	// That is always so for INSERT, kintone having no idempotency key:
	// their Values say what was sent, so that the caller can look for
	// the records before inserting them again. errors.Is(err,
	// ErrOutcomeUnknown) reports whether there are any.
	Unknown []ErrorRow
	// Settled tells that a call's outcome, though its answer was lost or
	// unreadable, is known: re-reading its records showed whether kintone
	// applied it, or kintone answered success in a form that could not be
	// read. Its rows are then counted in WrittenRows (and Written, where
	// their ids are known) or listed in NotWritten.
	Settled bool
}

// ErrorRow is one statement row named by an Error.
type ErrorRow struct {
	// Statement is the statement's 1-based position in its transaction,
	// 0 outside one.
	Statement int
	// Row is the 1-based row of the statement (VALUES or SELECT row of
	// an INSERT, matched row of an UPDATE or DELETE).
	Row int
	// Record is the record id when known before writing (UPDATE,
	// DELETE), else 0.
	Record int64
	// Values are the values an INSERT row sent, by column name; nil for
	// other statements.
	Values map[string]any
}

// Error describes what failed, which rows were not written and which were.
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString("kintone: " + e.Statement + ": ")
	var ce *client.Error
	switch {
	case e.Conflict && errors.As(e.Err, &ce):
		b.WriteString(ErrConflict.Error() + " (" + conflictCode + ")")
		if len(e.Checked) > 0 {
			b.WriteString("; records checked: " + idRanges(e.Checked))
		}
	case e.Conflict:
		b.WriteString(ErrConflict.Error() + ": " + strings.TrimPrefix(e.Err.Error(), "kintone: "))
	case len(e.Fields) > 0:
		b.WriteString("kintone refused ")
		for i, f := range e.Fields {
			if i > 0 {
				b.WriteString("; ")
			}
			b.WriteString(f.String())
		}
		if errors.As(e.Err, &ce) && ce.Code != "" {
			b.WriteString(" (" + ce.Code + ")")
		}
	default:
		b.WriteString(strings.TrimPrefix(e.Err.Error(), "kintone: "))
	}
	unsure := len(e.Unknown) > 0 || errors.Is(e.Err, client.ErrOutcomeUnknown)
	if len(e.Unknown) > 0 {
		b.WriteString("; " + unknownText(e.Unknown))
	}
	if e.Unwritten != "" {
		verb := " were not written"
		if strings.HasPrefix(e.Unwritten, "row ") {
			verb = " was not written"
		}
		if unsure && len(e.Unknown) == 0 {
			verb = " may or may not have been written (the answer to a request was lost)"
		}
		b.WriteString("; " + e.Unwritten + verb)
	}
	switch {
	case len(e.WrittenKeys) > 0:
		fmt.Fprintf(&b, "; %d rows written by earlier requests stay written (%s)", e.WrittenRows, keyList(e.WrittenKeys))
	case len(e.Written) == 0 && e.WrittenRows > 0 && e.Settled:
		fmt.Fprintf(&b, "; %d rows were written (their ids are unknown)", e.WrittenRows)
	case (len(e.Written) > 0 || e.WrittenRows > 0) && e.Settled:
		fmt.Fprintf(&b, "; %d rows were written (ids %s)", e.WrittenRows, idRanges(e.Written))
	case len(e.Written) > 0 || e.WrittenRows > 0:
		fmt.Fprintf(&b, "; %d rows written by earlier requests stay written (ids %s)", e.WrittenRows, idRanges(e.Written))
	case unsure && e.Unwritten == "" && len(e.Unknown) == 0:
		b.WriteString("; the answer was lost, so whether anything was written is unknown")
	case !unsure:
		b.WriteString("; nothing was written")
	}
	return b.String()
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Is matches ErrConflict for revision conflicts and ErrOutcomeUnknown
// when some rows' outcome is unknown.
func (e *Error) Is(target error) bool {
	switch target {
	case ErrConflict:
		return e.Conflict
	case ErrOutcomeUnknown:
		return len(e.Unknown) > 0
	}
	return false
}

// maxRanges bounds the id ranges an error message lists.
const maxRanges = 12

// idRanges renders ids compactly, e.g. "1–5, 9, 12–14", listing at most
// maxRanges ranges.
func idRanges(ids []int64) string {
	if len(ids) == 0 {
		return "none"
	}
	s := slices.Clone(ids)
	slices.Sort(s)
	s = slices.Compact(s)
	var parts []string
	for i := 0; i < len(s); {
		j := i
		for j+1 < len(s) && s[j+1] == s[j]+1 {
			j++
		}
		if len(parts) == maxRanges {
			parts = append(parts, fmt.Sprintf("… (%d in all)", len(s)))
			break
		}
		if i == j {
			parts = append(parts, strconv.FormatInt(s[i], 10))
		} else {
			parts = append(parts, strconv.FormatInt(s[i], 10)+"–"+strconv.FormatInt(s[j], 10))
		}
		i = j + 1
	}
	return strings.Join(parts, ", ")
}

// fieldErrors maps kintone's per-field messages to rows and columns, using
// the op that failed (found by the bulk index, or the only op).
func fieldErrors(ce *client.Error, ops []*op) []FieldError {
	if ce == nil || len(ce.Errors) == 0 {
		return nil
	}
	var failed *op
	switch {
	case ce.BulkIndex >= 0 && ce.BulkIndex < len(ops):
		failed = ops[ce.BulkIndex]
	case len(ops) == 1:
		failed = ops[0]
	}
	keys := slices.Sorted(maps.Keys(ce.Errors))
	out := make([]FieldError, 0, len(keys))
	for _, k := range keys {
		fe := FieldError{Key: k, Messages: ce.Errors[k]}
		if item, code, inner, ok := parseErrorKey(k); ok && failed != nil {
			if item >= 0 && item < len(failed.refs) {
				ref := failed.refs[item]
				fe.Statement, fe.Row = ref.res.Statement, ref.row+1
				fe.StatementIndex, fe.StatementSQL = ref.res.index, ref.res.SQL
				if ids := failed.recordIDs(); item < len(ids) {
					fe.Record = ids[item]
				}
			}
			fe.Column = columnOf(failed.table, code, inner)
		}
		out = append(out, fe)
	}
	return out
}

// parseErrorKey splits kintone's error keys: "records[3].code.value",
// "records[3][code].value", "record.code.values[0].value" and, for
// subtables, "records[3].table.value[1].value.inner.value". item is -1
// for the single-record form; ok is false for parameter keys ("ids").
func parseErrorKey(k string) (item int, code, inner string, ok bool) {
	rest := ""
	switch {
	case strings.HasPrefix(k, "records["):
		end := strings.IndexByte(k, ']')
		if end < 0 {
			return 0, "", "", false
		}
		n, err := strconv.Atoi(k[len("records["):end])
		if err != nil {
			return 0, "", "", false
		}
		item, rest = n, k[end+1:]
	case strings.HasPrefix(k, "record.") || strings.HasPrefix(k, "record["):
		item, rest = 0, k[len("record"):]
	default:
		return 0, "", "", false
	}
	switch {
	case strings.HasPrefix(rest, "."):
		rest = rest[1:]
		end := strings.IndexAny(rest, ".[")
		if end < 0 {
			end = len(rest)
		}
		code, rest = rest[:end], rest[end:]
	case strings.HasPrefix(rest, "["):
		end := strings.IndexByte(rest, ']')
		if end < 0 {
			return 0, "", "", false
		}
		code, rest = rest[1:end], rest[end+1:]
	default:
		return 0, "", "", false
	}
	if strings.HasPrefix(rest, ".value[") {
		if i := strings.Index(rest, "].value."); i >= 0 {
			inner = rest[i+len("].value."):]
			if end := strings.IndexAny(inner, ".["); end >= 0 {
				inner = inner[:end]
			}
		}
	}
	return item, code, inner, code != ""
}

// columnOf names the column of t written as field code (inner: the field
// inside subtable code), falling back to the codes.
func columnOf(t *schema.Table, code, inner string) string {
	want := code
	if inner != "" {
		want = inner
	}
	if t != nil {
		for _, c := range t.Columns {
			if c.Code == want && c.Part != schema.PartName && c.Part != schema.PartRowID {
				return c.Name
			}
		}
	}
	if inner != "" {
		return code + "." + inner
	}
	return code
}

// compactIDs sorts ids and drops duplicates and zeros.
func compactIDs(ids []int64) []int64 {
	slices.Sort(ids)
	ids = slices.Compact(ids)
	if len(ids) > 0 && ids[0] == 0 {
		ids = ids[1:]
	}
	return ids
}
