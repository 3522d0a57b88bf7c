package kintone

import "github.com/kintone-sql/kintone/write"

// txResult is the Result of a write statement run inside a transaction
// without StrictLastInsertId. kintone creates the records only at Commit,
// so their ids are unknown while the transaction is open; LastInsertId
// then returns 0 and no error, which is what MySQL returns for a statement
// that generated no id, and what ORMs such as GORM (whose default Create
// runs in a transaction and calls LastInsertId) take as "no id to fill in"
// instead of failing the insert. Once the transaction has committed, the
// same Result returns the first new id.
type txResult struct{ *write.Result }

// LastInsertId returns 0 while the transaction is open, and the id of the
// first record the statement created after Commit.
func (r txResult) LastInsertId() (int64, error) {
	if r.Pending() {
		return 0, nil
	}
	return r.Result.LastInsertId()
}
