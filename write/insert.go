package write

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// prepare checks the columns, computes the rows and builds the writes.
func (s *Insert) prepare(ctx context.Context, env *engine.Env, tx *Tx) (*batch, error) {
	name := s.Name()
	if isCommentsTable(s.Table) {
		return s.prepareComments(ctx, env, tx)
	}
	if s.Table.Kind != schema.AppTable && s.Table.Kind != schema.SubtableTable {
		return nil, fmt.Errorf("kintone: %s: writing to %s is not supported (only app, subtable and Comments tables)", name, s.Table.Name)
	}
	if err := checkInsertColumns(s.Table, s.Columns, s.UpsertKey); err != nil {
		return nil, fmt.Errorf("kintone: %s: %w", name, err)
	}
	rows, err := s.rows(ctx, env)
	if err != nil {
		return nil, fmt.Errorf("kintone: %s: %w", name, err)
	}
	if s.Table.Kind == schema.SubtableTable {
		return s.prepareSubtable(ctx, env, tx, rows)
	}
	k := kindInsert
	if s.UpsertKey != nil {
		k = kindUpsert
	}
	res := newResult(name, k, len(rows))
	for _, c := range s.Columns {
		res.columns = append(res.columns, c.Name)
	}
	var ops []*op
	for start := 0; start < len(rows); start += client.MaxRecordsPerWrite {
		end := min(start+client.MaxRecordsPerWrite, len(rows))
		o := &op{kind: opAdd, app: s.Table.App, guest: s.Table.GuestSpaceID, table: s.Table}
		if s.UpsertKey != nil {
			o.kind = opUpsert
		}
		for i := start; i < end; i++ {
			rec, key, err := s.record(rows[i])
			if err != nil {
				return nil, rowError(name, i, err)
			}
			if key != nil {
				o.updates = append(o.updates, *key)
			} else {
				o.records = append(o.records, rec)
			}
			o.refs = append(o.refs, rowRef{res: res, row: i, values: rows[i]})
		}
		ops = append(ops, o)
	}
	return &batch{res: res, ops: ops}, nil
}

// rows evaluates the VALUES rows or reads the SELECT, checking each row's
// width against the columns.
func (s *Insert) rows(ctx context.Context, env *engine.Env) ([]engine.Row, error) {
	var rows []engine.Row
	if s.Select != nil {
		if n := len(s.Select.Columns()); n != len(s.Columns) {
			return nil, fmt.Errorf("the SELECT yields %d columns for %d target columns", n, len(s.Columns))
		}
		var err error
		if rows, err = readRows(ctx, env, s.Select); err != nil {
			return nil, err
		}
		return rows, nil
	}
	for i, exprs := range s.Values {
		if len(exprs) != len(s.Columns) {
			return nil, fmt.Errorf("row %d has %d values for %d columns", i+1, len(exprs), len(s.Columns))
		}
		row, err := evalRow(env, exprs)
		if err != nil {
			return nil, fmt.Errorf("row %d: %w", i+1, err)
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// record converts one row into a kintone record; for an upsert it returns
// the record update keyed on UpsertKey instead.
func (s *Insert) record(row engine.Row) (client.Record, *client.RecordUpdate, error) {
	rec := client.Record{}
	var key *client.RecordUpdate
	for j, c := range s.Columns {
		if c == s.UpsertKey {
			k, err := upsertKey(c, row[j])
			if err != nil {
				return nil, nil, err
			}
			key = k
			continue
		}
		raw, err := c.Encode(row[j])
		if err != nil {
			return nil, nil, err
		}
		rec[c.Code] = client.FieldValue{Value: raw}
	}
	if key != nil {
		key.Record = rec
	}
	return rec, key, nil
}

// upsertKey builds the id or updateKey of an upsert row from the key
// column's value.
func upsertKey(c *schema.Column, v any) (*client.RecordUpdate, error) {
	if v == nil {
		return nil, fmt.Errorf("the upsert key %q is NULL", c.Name)
	}
	if c.FieldType == schema.FieldID {
		id, err := int64Of(v)
		if err != nil || id <= 0 {
			return nil, fmt.Errorf("the upsert key %q: %v is not a record id", c.Name, v)
		}
		return &client.RecordUpdate{ID: id}, nil
	}
	raw, err := c.Encode(v)
	if err != nil {
		return nil, err
	}
	var text string
	if err := json.Unmarshal(raw, &text); err != nil || strings.TrimSpace(text) == "" {
		return nil, fmt.Errorf("the upsert key %q is empty", c.Name)
	}
	return &client.RecordUpdate{UpdateKey: &client.UpdateKey{Field: c.Code, Value: text}}, nil
}
