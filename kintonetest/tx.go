package kintonetest

// tx is the write transaction of one write request (or of a whole
// bulkRequest). Record changes go to an overlay and reach the store only on
// commit, so a failed multi-record write or bulkRequest leaves every app as
// it was. Callers hold the store's write lock for the tx's whole life.
type tx struct {
	st *store
	// recs holds changed records per app; a nil record marks a deletion.
	recs map[*app]map[int64]*record
	// nextRecord and nextRow hold id counters advanced inside the tx.
	nextRecord map[*app]int64
	nextRow    map[*app]int64
	// attach maps upload keys consumed by the tx to the attached files.
	attach map[string]*storedFile
	// after runs on commit, in order, for changes outside records
	// (e.g. app settings).
	after []func()
}

func newTx(st *store) *tx {
	return &tx{
		st:         st,
		recs:       map[*app]map[int64]*record{},
		nextRecord: map[*app]int64{},
		nextRow:    map[*app]int64{},
		attach:     map[string]*storedFile{},
	}
}

// get returns the record as the tx sees it, or nil. The result must not be
// modified: clone it, change the clone and put it.
func (t *tx) get(a *app, id int64) *record {
	if m, ok := t.recs[a]; ok {
		if r, ok := m[id]; ok {
			return r
		}
	}
	return a.records[id]
}

// put stores r (a new record or a changed clone) in the overlay.
func (t *tx) put(a *app, r *record) { t.overlay(a)[r.ID] = r }

// remove deletes the record with id in the overlay.
func (t *tx) remove(a *app, id int64) { t.overlay(a)[id] = nil }

// overlay returns the app's changed records, creating the map on first use.
func (t *tx) overlay(a *app) map[int64]*record {
	m := t.recs[a]
	if m == nil {
		m = map[int64]*record{}
		t.recs[a] = m
	}
	return m
}

// each calls fn for every record of the app as the tx sees it, in
// ascending id order for stored records followed by records added in the tx
// (in no particular order); fn returns false to stop.
func (t *tx) each(a *app, fn func(*record) bool) {
	for _, id := range a.ids {
		if r := t.get(a, id); r != nil && !fn(r) {
			return
		}
	}
	for id, r := range t.recs[a] {
		if _, stored := a.records[id]; !stored && r != nil && !fn(r) {
			return
		}
	}
}

// newRecordID allocates the next record id of the app.
func (t *tx) newRecordID(a *app) int64 { return allocID(t.nextRecord, a, a.nextRecordID) }

// newRowID allocates the next subtable row id of the app.
func (t *tx) newRowID(a *app) int64 { return allocID(t.nextRow, a, a.nextRowID) }

// allocID allocates the next id of a counter the tx keeps per app (next),
// which starts from the app's stored counter (at least 1).
func allocID(next map[*app]int64, a *app, stored int64) int64 {
	n, ok := next[a]
	if !ok {
		n = stored
	}
	n = max(n, 1)
	next[a] = n + 1
	return n
}

// onCommit schedules fn to run when the tx commits.
func (t *tx) onCommit(fn func()) { t.after = append(t.after, fn) }

// commit applies the overlay to the store.
func (t *tx) commit() {
	for a, m := range t.recs {
		for id, r := range m {
			if r == nil {
				delete(a.records, id)
				a.removeID(id)
				continue
			}
			if a.records == nil {
				a.records = map[int64]*record{}
			}
			if _, ok := a.records[id]; !ok {
				a.insertID(id)
			}
			a.records[id] = r
		}
	}
	for a, n := range t.nextRecord {
		a.nextRecordID = n
	}
	for a, n := range t.nextRow {
		a.nextRowID = n
	}
	for k, f := range t.attach {
		delete(t.st.uploads, k)
		t.st.files[f.Key] = f
	}
	for _, fn := range t.after {
		fn()
	}
}
