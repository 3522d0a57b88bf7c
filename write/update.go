package write

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// change is the new state of one record an UPDATE writes.
type change struct {
	id, revision int64 // revision 0: no check
	fields       client.Record
	status       string // target status, "" when not set
	current      string // current status (read)
	assignees    []string
	setAssignees bool
}

// prepare checks the columns, finds the records and builds the writes.
func (s *Update) prepare(ctx context.Context, env *engine.Env, tx *Tx) (*batch, error) {
	name := s.Name()
	if s.Table.Kind != schema.AppTable && s.Table.Kind != schema.SubtableTable {
		return nil, fmt.Errorf("kintone: %s: writing to %s is not supported (only app and subtable tables)", name, s.Table.Name)
	}
	if err := checkUpdateColumns(s.Table, s.Set); err != nil {
		return nil, fmt.Errorf("kintone: %s: %w", name, err)
	}
	if s.Table.Kind == schema.SubtableTable {
		return s.prepareSubtable(ctx, env, tx)
	}
	if s.Direct != nil && s.statusColumn() < 0 {
		b, err := s.prepareDirect(env, tx)
		if err != nil {
			return nil, err
		}
		if tx == nil && s.Read != nil {
			b.fallback = func(ctx context.Context, env *engine.Env) (*batch, error) { return s.prepareRead(ctx, env, tx) }
		}
		return b, nil
	}
	return s.prepareRead(ctx, env, tx)
}

// statusColumn returns the index in Set of the STATUS column, or -1.
func (s *Update) statusColumn() int {
	for i, c := range s.Set {
		if isStatus(c) {
			return i
		}
	}
	return -1
}

// prepareDirect builds the writes of an update by id with constant values.
func (s *Update) prepareDirect(env *engine.Env, tx *Tx) (*batch, error) {
	name := s.Name()
	vals, err := evalRow(env, s.Direct.Values)
	if err != nil {
		return nil, fmt.Errorf("kintone: %s: %w", name, err)
	}
	changes := make([]change, len(s.Direct.IDs))
	for i, id := range s.Direct.IDs {
		ch, err := s.change(id, s.Direct.Revision, vals, "")
		if err != nil {
			return nil, rowError(name, i, err)
		}
		changes[i] = ch
	}
	return s.build(nil, env, tx, changes)
}

// prepareRead reads the matching records (ids, revisions, new values) and
// builds the writes.
func (s *Update) prepareRead(ctx context.Context, env *engine.Env, tx *Tx) (*batch, error) {
	name := s.Name()
	rows, err := readRows(ctx, env, s.Read)
	if err != nil {
		return nil, fmt.Errorf("kintone: %s: finding the records: %w", name, err)
	}
	st := s.statusColumn()
	changes := make([]change, len(rows))
	for i, row := range rows {
		if len(row) < 2+len(s.Set) {
			return nil, fmt.Errorf("kintone: %s: the read yields %d columns, want %d", name, len(row), 2+len(s.Set))
		}
		id, err1 := int64Of(row[0])
		rev, err2 := int64Of(row[1])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("kintone: %s: the read yields id %v revision %v", name, row[0], row[1])
		}
		current := ""
		if st >= 0 && len(row) > 2+len(s.Set) {
			current = engine.ToText(row[2+len(s.Set)])
		}
		ch, err := s.change(id, rev, row[2:2+len(s.Set)], current)
		if err != nil {
			return nil, rowError(name, i, err)
		}
		changes[i] = ch
	}
	b, err := s.build(ctx, env, tx, changes)
	if err != nil {
		return nil, err
	}
	b.usesOld = s.UsesOld || st >= 0
	return b, nil
}

// change converts one row's new values.
func (s *Update) change(id, rev int64, vals []engine.Value, current string) (change, error) {
	ch := change{id: id, revision: rev, fields: client.Record{}, current: current}
	for j, c := range s.Set {
		switch {
		case isStatus(c):
			if vals[j] == nil {
				return ch, fmt.Errorf("column %q: the status cannot be NULL", c.Name)
			}
			ch.status = engine.ToText(vals[j])
		case isAssignee(c):
			codes, err := userCodes(c, vals[j])
			if err != nil {
				return ch, err
			}
			ch.assignees, ch.setAssignees = codes, true
		default:
			raw, err := c.Encode(vals[j])
			if err != nil {
				return ch, err
			}
			ch.fields[c.Code] = client.FieldValue{Value: raw}
		}
	}
	return ch, nil
}

// userCodes reads the login names assigned to the assignee column: JSON
// text (["sato"] or [{"code":"sato"}]), a []string or one login name.
func userCodes(c *schema.Column, v any) ([]string, error) {
	as := *c
	as.FieldType = schema.FieldUserSelect // same value shapes as a user selection
	raw, err := as.Encode(v)
	if err != nil {
		return nil, err
	}
	var list []client.CodeName
	if err := json.Unmarshal(raw, &list); err != nil {
		return nil, err
	}
	codes := make([]string, len(list))
	for i, e := range list {
		codes[i] = e.Code
	}
	if len(codes) > client.MaxAssignees {
		return nil, fmt.Errorf("column %q: %d assignees; kintone takes at most %d", c.Name, len(codes), client.MaxAssignees)
	}
	return codes, nil
}

// build turns record changes into ops: per group of records a records.json
// PUT of the field values, a records/status.json PUT of the status actions
// and one record/assignees.json PUT per record whose assignees are set.
// Each record's first write carries its revision; its later writes in the
// same atomic call need none. ctx is nil when no status is set.
func (s *Update) build(ctx context.Context, env *engine.Env, tx *Tx, changes []change) (*batch, error) {
	name := s.Name()
	res := newResult(name, kindUpdate, len(changes))
	for i, ch := range changes {
		res.rows[i].id = ch.id
	}
	var actions []statusAction
	if s.statusColumn() >= 0 && len(changes) > 0 {
		p, err := loadProcess(ctx, env, s.Table)
		if err != nil {
			return nil, fmt.Errorf("kintone: %s: %w", name, err)
		}
		actions = make([]statusAction, len(changes))
		for i, ch := range changes {
			if actions[i], err = p.resolve(ch); err != nil {
				return nil, rowError(name, i, err)
			}
		}
	}
	hasFields := false
	for _, c := range s.Set {
		if !isStatus(c) && !isAssignee(c) {
			hasFields = true
		}
	}
	size := client.MaxRecordsPerWrite
	if s.needsAssigneeCalls(changes, actions) {
		// one records.json and one status call plus one call per record
		size = client.MaxBulkRequests - 2
	}
	var ops []*op
	group := 0
	for start := 0; start < len(changes); start += size {
		end := min(start+size, len(changes))
		group++
		checked := map[int64]bool{}
		rev := func(ch change) int64 {
			if checked[ch.id] || tx.touched(s.Table.App, ch.id) {
				return 0
			}
			checked[ch.id] = true
			return ch.revision
		}
		base := op{app: s.Table.App, guest: s.Table.GuestSpaceID, table: s.Table, group: group}
		if hasFields {
			o := base
			o.kind = opUpdate
			for i := start; i < end; i++ {
				o.updates = append(o.updates, client.RecordUpdate{ID: changes[i].id, Revision: rev(changes[i]), Record: changes[i].fields})
				o.refs = append(o.refs, rowRef{res: res, row: i})
			}
			ops = append(ops, &o)
		}
		if actions != nil {
			o := base
			o.kind = opStatus
			for i := start; i < end; i++ {
				if a := actions[i]; a.name != "" {
					o.statuses = append(o.statuses, client.StatusUpdate{ID: changes[i].id, Action: a.name, Assignee: a.assignee, Revision: rev(changes[i])})
					o.refs = append(o.refs, rowRef{res: res, row: i})
				}
			}
			if len(o.refs) > 0 {
				ops = append(ops, &o)
			}
		}
		for i := start; i < end; i++ {
			if !changes[i].setAssignees || actions != nil && actions[i].name != "" {
				continue
			}
			o := base
			o.kind, o.ids, o.assignees = opAssignees, []int64{changes[i].id}, changes[i].assignees
			o.revision = rev(changes[i])
			o.refs = []rowRef{{res: res, row: i}}
			ops = append(ops, &o)
		}
	}
	return &batch{res: res, ops: ops}, nil
}

// needsAssigneeCalls reports whether some record's assignees go through
// record/assignees.json (set without a status action).
func (s *Update) needsAssigneeCalls(changes []change, actions []statusAction) bool {
	for i, ch := range changes {
		if ch.setAssignees && (actions == nil || actions[i].name == "") {
			return true
		}
	}
	return false
}

// prepare checks the table, finds the records and builds the deletes.
func (s *Delete) prepare(ctx context.Context, env *engine.Env, tx *Tx) (*batch, error) {
	name := s.Name()
	switch s.Table.Kind {
	case schema.AppTable:
	case schema.SubtableTable:
		return s.prepareSubtable(ctx, env, tx)
	default:
		return nil, fmt.Errorf("kintone: %s: deleting from %s is not supported (only app, subtable and Comments tables)", name, s.Table.Name)
	}
	if s.Direct != nil {
		revs := make([]int64, len(s.Direct.IDs))
		for i := range revs {
			revs[i] = -1
			if s.Direct.Revision > 0 {
				revs[i] = s.Direct.Revision
			}
		}
		b := s.build(tx, s.Direct.IDs, revs)
		if tx == nil && s.Read != nil {
			b.fallback = func(ctx context.Context, env *engine.Env) (*batch, error) { return s.prepareRead(ctx, env, tx) }
		}
		return b, nil
	}
	return s.prepareRead(ctx, env, tx)
}

// prepareRead reads the matching records' ids and revisions.
func (s *Delete) prepareRead(ctx context.Context, env *engine.Env, tx *Tx) (*batch, error) {
	rows, err := readRows(ctx, env, s.Read)
	if err != nil {
		return nil, fmt.Errorf("kintone: %s: finding the records: %w", s.Name(), err)
	}
	ids := make([]int64, len(rows))
	revs := make([]int64, len(rows))
	for i, row := range rows {
		var err1, err2 error
		if len(row) < 2 {
			return nil, fmt.Errorf("kintone: %s: the read yields %d columns, want 2", s.Name(), len(row))
		}
		ids[i], err1 = int64Of(row[0])
		revs[i], err2 = int64Of(row[1])
		if err1 != nil || err2 != nil {
			return nil, fmt.Errorf("kintone: %s: the read yields id %v revision %v", s.Name(), row[0], row[1])
		}
	}
	return s.build(tx, ids, revs), nil
}

// build chunks the deletes into records.json DELETE calls of 100.
func (s *Delete) build(tx *Tx, ids, revs []int64) *batch {
	res := newResult(s.Name(), kindDelete, len(ids))
	var ops []*op
	for start := 0; start < len(ids); start += client.MaxRecordsPerWrite {
		end := min(start+client.MaxRecordsPerWrite, len(ids))
		o := &op{kind: opDelete, app: s.Table.App, guest: s.Table.GuestSpaceID, table: s.Table}
		for i := start; i < end; i++ {
			rev := revs[i]
			if tx.touched(s.Table.App, ids[i]) {
				rev = -1
			}
			o.ids = append(o.ids, ids[i])
			o.revisions = append(o.revisions, rev)
			o.refs = append(o.refs, rowRef{res: res, row: i})
			res.rows[i].id = ids[i]
		}
		ops = append(ops, o)
	}
	return &batch{res: res, ops: ops}
}
