package write

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// Writes to a subtable table change rows of a SUBTABLE field, which kintone
// writes only as a whole: the rows sent replace the table. So each parent
// record is read again (its revision and row ids, one request per 100
// records), and written back with every row it keeps listed by id (kintone
// keeps the values of a row sent with its id alone), the changed rows with
// their new values and the new rows at the end, together with the revision
// read, so that a concurrent edit of the record makes kintone refuse the
// write instead of losing it.

// subEdit is the change to one parent record's subtable.
type subEdit struct {
	parent  int64
	rows    []int                   // statement rows (0-based)
	added   []client.Record         // new rows, appended
	changed map[int64]client.Record // row id → new field values
	deleted map[int64]bool          // row ids to drop
	order   []int64                 // changed or deleted row ids, in statement order
}

// subEdits collects edits per parent record in order of first appearance.
type subEdits struct {
	list []*subEdit
	by   map[int64]*subEdit
}

// of returns the edit of parent, creating it.
func (e *subEdits) of(parent int64) *subEdit {
	if e.by == nil {
		e.by = map[int64]*subEdit{}
	}
	if ed, ok := e.by[parent]; ok {
		return ed
	}
	ed := &subEdit{parent: parent, changed: map[int64]client.Record{}, deleted: map[int64]bool{}}
	e.by[parent] = ed
	e.list = append(e.list, ed)
	return ed
}

// prepareSubtable appends the rows to their parent records.
func (s *Insert) prepareSubtable(ctx context.Context, env *engine.Env, tx *Tx, rows []engine.Row) (*batch, error) {
	name := s.Name()
	res := newResult(name, kindUpdate, len(rows))
	var edits subEdits
	for i, row := range rows {
		rec := client.Record{}
		var parent int64
		for j, c := range s.Columns {
			if c.FieldType == schema.FieldID {
				id, err := int64Of(row[j])
				if err != nil || id <= 0 {
					return nil, rowError(name, i, fmt.Errorf("column %q: %v is not a record id", c.Name, row[j]))
				}
				parent = id
				continue
			}
			raw, err := c.Encode(row[j])
			if err != nil {
				return nil, rowError(name, i, err)
			}
			rec[c.Code] = client.FieldValue{Value: raw}
		}
		ed := edits.of(parent)
		ed.rows = append(ed.rows, i)
		ed.added = append(ed.added, rec)
		res.rows[i].id = parent
	}
	return subtableBatch(ctx, env, tx, s.Table, name, res, edits.list)
}

// prepareSubtable changes the rows the read yields ($id, $row_id, new
// values).
func (s *Update) prepareSubtable(ctx context.Context, env *engine.Env, tx *Tx) (*batch, error) {
	name := s.Name()
	rows, err := readRows(ctx, env, s.Read)
	if err != nil {
		return nil, fmt.Errorf("kintone: %s: finding the rows: %w", name, err)
	}
	res := newResult(name, kindUpdate, len(rows))
	var edits subEdits
	for i, row := range rows {
		parent, rowID, err := subKeys(row, 2+len(s.Set))
		if err != nil {
			return nil, fmt.Errorf("kintone: %s: %w", name, err)
		}
		rec := client.Record{}
		for j, c := range s.Set {
			raw, err := c.Encode(row[2+j])
			if err != nil {
				return nil, rowError(name, i, err)
			}
			rec[c.Code] = client.FieldValue{Value: raw}
		}
		ed := edits.of(parent)
		ed.rows = append(ed.rows, i)
		ed.changed[rowID] = rec
		ed.order = append(ed.order, rowID)
		res.rows[i].id = parent
	}
	return subtableBatch(ctx, env, tx, s.Table, name, res, edits.list)
}

// prepareSubtable drops the rows the read yields ($id, $row_id).
func (s *Delete) prepareSubtable(ctx context.Context, env *engine.Env, tx *Tx) (*batch, error) {
	name := s.Name()
	rows, err := readRows(ctx, env, s.Read)
	if err != nil {
		return nil, fmt.Errorf("kintone: %s: finding the rows: %w", name, err)
	}
	res := newResult(name, kindDelete, len(rows))
	var edits subEdits
	for i, row := range rows {
		parent, rowID, err := subKeys(row, 2)
		if err != nil {
			return nil, fmt.Errorf("kintone: %s: %w", name, err)
		}
		ed := edits.of(parent)
		ed.rows = append(ed.rows, i)
		ed.deleted[rowID] = true
		ed.order = append(ed.order, rowID)
		res.rows[i].id = parent
	}
	b, err := subtableBatch(ctx, env, tx, s.Table, name, res, edits.list)
	if err != nil {
		return nil, err
	}
	// The parents stay; report their new revisions, not deletions.
	b.res.kind = kindUpdate
	return b, nil
}

// subKeys reads the parent id and row id at the start of a read row.
func subKeys(row engine.Row, width int) (parent, rowID int64, err error) {
	if len(row) < width {
		return 0, 0, fmt.Errorf("the read yields %d columns, want %d", len(row), width)
	}
	parent, err1 := int64Of(row[0])
	rowID, err2 := int64Of(row[1])
	if err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("the read yields record %v row %v", row[0], row[1])
	}
	return parent, rowID, nil
}

// parentRecord is the current state of a parent record.
type parentRecord struct {
	revision int64
	rowIDs   []int64
}

// subtableBatch reads the parents and builds one records.json PUT per 100
// parents, each carrying the whole new subtable and the revision read.
func subtableBatch(ctx context.Context, env *engine.Env, tx *Tx, t *schema.Table, name string, res *Result, edits []*subEdit) (*batch, error) {
	ids := make([]int64, len(edits))
	for i, ed := range edits {
		if tx.touched(t.App, ed.parent) {
			return nil, fmt.Errorf("kintone: %s: record %d already has a pending change in this transaction; kintone "+
				"rewrites a subtable as a whole from the committed record, so change it in a later transaction", name, ed.parent)
		}
		ids[i] = ed.parent
	}
	parents, err := fetchParents(ctx, env, t, ids)
	if err != nil {
		return nil, fmt.Errorf("kintone: %s: reading the parent records: %w", name, err)
	}
	var ops []*op
	var cur *op
	for _, ed := range edits {
		p, ok := parents[ed.parent]
		if !ok {
			if len(ed.order) > 0 {
				return nil, &Error{Statement: name, Conflict: true,
					Err: fmt.Errorf("record %d was deleted after its rows were read", ed.parent)}
			}
			return nil, rowError(name, ed.rows[0], fmt.Errorf("record %d does not exist in app %d", ed.parent, t.App))
		}
		rows, err := ed.apply(p)
		if err != nil {
			return nil, &Error{Statement: name, Conflict: true, Err: err}
		}
		raw, err := json.Marshal(rows)
		if err != nil {
			return nil, err
		}
		if cur == nil || cur.size() == client.MaxRecordsPerWrite {
			cur = &op{kind: opUpdate, app: t.App, guest: t.GuestSpaceID, table: t}
			ops = append(ops, cur)
		}
		cur.updates = append(cur.updates, client.RecordUpdate{ID: ed.parent, Revision: p.revision,
			Record: client.Record{t.Subtable: {Value: raw}}})
		cur.refs = append(cur.refs, rowRef{res: res, row: ed.rows[0], also: ed.rows[1:]})
	}
	return &batch{res: res, ops: ops, usesOld: true}, nil
}

// apply returns the parent's new subtable: kept rows by id (changed ones
// with their new values), then the added rows. A changed or deleted row
// that the parent no longer has means someone else edited the record.
func (ed *subEdit) apply(p *parentRecord) ([]client.SubtableRow, error) {
	have := map[int64]bool{}
	for _, id := range p.rowIDs {
		have[id] = true
	}
	for _, id := range ed.order {
		if !have[id] {
			return nil, fmt.Errorf("row %d of record %d was removed after it was read", id, ed.parent)
		}
	}
	rows := make([]client.SubtableRow, 0, len(p.rowIDs)+len(ed.added))
	for _, id := range p.rowIDs {
		if ed.deleted[id] {
			continue
		}
		rec := ed.changed[id]
		if rec == nil {
			rec = client.Record{}
		}
		rows = append(rows, client.SubtableRow{ID: strconv.FormatInt(id, 10), Value: rec})
	}
	for _, rec := range ed.added {
		rows = append(rows, client.SubtableRow{Value: rec})
	}
	return rows, nil
}

// fetchParents reads the revision and subtable row ids of records ids of
// t's app, 100 per request.
func fetchParents(ctx context.Context, env *engine.Env, t *schema.Table, ids []int64) (map[int64]*parentRecord, error) {
	recs, err := recordsByID(ctx, env, t.App, t.GuestSpaceID, ids, []string{schema.ColumnID, schema.ColumnRevision, t.Subtable})
	if err != nil {
		return nil, err
	}
	out := make(map[int64]*parentRecord, len(ids))
	for _, rec := range recs {
		id, err1 := rawInt(rec[schema.ColumnID].Value)
		rev, err2 := rawInt(rec[schema.ColumnRevision].Value)
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("bad $id or $revision in a record of app %d", t.App)
		}
		var rows []client.SubtableRow
		if raw := rec[t.Subtable].Value; len(raw) > 0 && string(raw) != "null" {
			if err := json.Unmarshal(raw, &rows); err != nil {
				return nil, fmt.Errorf("record %d: subtable %s: %w", id, t.Subtable, err)
			}
		}
		p := &parentRecord{revision: rev}
		for _, r := range rows {
			rid, err := strconv.ParseInt(r.ID, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("record %d: bad subtable row id %q", id, r.ID)
			}
			p.rowIDs = append(p.rowIDs, rid)
		}
		out[id] = p
	}
	return out, nil
}

// rawInt reads an integer sent as a JSON string ("12") or number.
func rawInt(raw json.RawMessage) (int64, error) {
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		s = string(raw)
	}
	return strconv.ParseInt(s, 10, 64)
}
