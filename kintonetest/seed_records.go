package kintonetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
)

// AddRecords adds records to an app and returns their ids, in order. Each
// record maps field codes to values in kintone's JSON value shape, e.g.
// "数値": "12", "選択": []string{"A"}, "担当": []map[string]string{{"code":
// "sato"}}. A SUBTABLE value is a list of rows, each either kintone's row
// shape {"value": {code: {"value": V}}} or simply {code: V}. The records go
// through the same conversion and validation as POST records.json by the
// administrator (defaults, lookups, calculations, required and unique
// checks; CREATOR, CREATED_TIME, MODIFIER and UPDATED_TIME may be given),
// without the 100-record limit and all or nothing. Unlike the API, seeding
// may also set STATUS, STATUS_ASSIGNEE (users) and CATEGORY; a record
// without a STATUS starts in the process's first state.
func (s *Server) AddRecords(appID int64, records []map[string]any) ([]int64, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	a := s.st.apps[appID]
	if a == nil {
		return nil, fmt.Errorf("kintonetest: AddRecords: app %d not found", appID)
	}
	in := make([]map[string]any, len(records))
	for i, rec := range records {
		generic, err := toJSONShape(rec)
		if err != nil {
			return nil, fmt.Errorf("kintonetest: AddRecords: record %d: %w", i, err)
		}
		m, _ := generic.(map[string]any)
		in[i] = wrapSeedValues(a, m)
	}
	c := s.seedCall()
	w := newRecWriter(c, a)
	w.seeding = true
	ids, aerr := w.addAll(in, "records")
	if aerr != nil {
		return nil, fmt.Errorf("kintonetest: AddRecords: %w", aerr)
	}
	c.tx.commit()
	return ids, nil
}

// Record returns a record as GET record.json renders it (code →
// {"type","value"} as generic JSON values: strings, nil, []any,
// map[string]any), and whether it exists.
func (s *Server) Record(appID, id int64) (map[string]any, bool) {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	a := s.st.apps[appID]
	if a == nil || a.records[id] == nil {
		return nil, false
	}
	generic, err := toJSONShape(s.st.renderRecord(a, a.records[id], nil))
	if err != nil {
		return nil, false
	}
	m, _ := generic.(map[string]any)
	return m, true
}

// RecordCount returns the number of records of an app (0 for an unknown
// app).
func (s *Server) RecordCount(appID int64) int {
	s.st.mu.RLock()
	defer s.st.mu.RUnlock()
	if a := s.st.apps[appID]; a != nil {
		return len(a.records)
	}
	return 0
}

// seedCall is the call seeding runs as: the administrator, in Japanese,
// in the administrator's time zone, with a fresh tx.
func (s *Server) seedCall() *call {
	u := s.st.userByCode(DefaultUser)
	if u == nil {
		u = &User{Code: DefaultUser, Name: DefaultUser, Admin: true, Valid: true}
	}
	loc := time.UTC
	if l, err := time.LoadLocation(u.Timezone); err == nil && u.Timezone != "" {
		loc = l
	}
	return &call{
		srv: s, api: kintoneAPI, now: s.now(), bulkIndex: -1,
		who: &caller{user: u, lang: "ja", loc: loc},
		tx:  newTx(s.st),
	}
}

// toJSONShape round-trips v through JSON so that it holds only the
// generic types a decoded request holds (json.Number for numbers).
func toJSONShape(v any) (any, error) {
	data, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var out any
	if err := dec.Decode(&out); err != nil {
		return nil, err
	}
	return out, nil
}

// wrapSeedValues turns {code: V} into the request shape {code: {"value":
// V}}, also for the cells of subtable rows.
func wrapSeedValues(a *app, m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for code, v := range m {
		if vm, ok := v.(map[string]any); ok {
			if _, wrapped := vm["value"]; wrapped {
				out[code] = vm // already {"value": V}
				continue
			}
		}
		if f, parent := a.field(code); f != nil && parent == nil && f.Type == TypeSubtable {
			v = wrapSeedRows(v)
		}
		out[code] = map[string]any{"value": v}
	}
	return out
}

// wrapSeedRows accepts rows as {"id"?, "value": {code: {"value": V}}} or
// as {code: V} and returns kintone's row shape.
func wrapSeedRows(v any) any {
	rows, ok := v.([]any)
	if !ok {
		return v
	}
	out := make([]any, len(rows))
	for i, r := range rows {
		m, _ := r.(map[string]any)
		cells, isRow := m["value"].(map[string]any)
		if !isRow {
			cells = m
		}
		wrapped := make(map[string]any, len(cells))
		for code, cv := range cells {
			if cm, ok := cv.(map[string]any); ok {
				if _, has := cm["value"]; has {
					wrapped[code] = cm
					continue
				}
			}
			wrapped[code] = map[string]any{"value": cv}
		}
		row := map[string]any{"value": wrapped}
		if isRow && m["id"] != nil {
			row["id"] = m["id"]
		}
		out[i] = row
	}
	return out
}
