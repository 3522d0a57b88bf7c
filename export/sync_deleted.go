package export

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/bits"
	"sort"

	"github.com/kintone-sql/kintone/engine"
)

// idPage is how many record ids one kintone request lists.
const idPage = 500

// Deletion detection rests on how kintone numbers records: every record of
// an app has its own $id, a record added gets a new id (an upsert naming an
// unknown id is given a new one, not the id sent), and the documented way
// to read a whole app, `$id > last order by $id asc`, relies on ids only
// growing. The sync assumes what that implies and the emulator does: a new
// record's id is larger than every id the app has had, and ids are never
// reused. Then, once this run's changes are upserted, every app record
// with an id up to the app's largest id read before the fetch is also in
// the local copy, so kintone's count of records in an id range equals the
// local count exactly when none of the range's local records was deleted.

// maxRemoteID returns the app's largest $id, 0 when it has no records.
func maxRemoteID(ctx context.Context, db *sql.DB, table string) (int64, error) {
	var id int64
	err := db.QueryRowContext(ctx, "SELECT `$id` FROM "+engine.QuoteIdent(table)+" ORDER BY `$id` DESC LIMIT 1").Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("reading the largest record id: %w", err)
	}
	return id, nil
}

// idCheck finds the local records kintone no longer has.
type idCheck struct {
	db    *sql.DB
	table string // quoted for the driver
	gone  []int64
}

// deleteMissing removes local records whose $id kintone no longer has.
// maxRemote is the app's largest $id read before this run's fetch. Local
// ids up to it are checked by counting: an id range whose kintone count
// equals its local count lost nothing; otherwise it is halved, or listed
// when listing costs no more requests than halving would. Local ids above
// maxRemote (records added during this run, or deleted before it) are
// listed. Records deleted while the sync runs may be found by the next run.
func deleteMissing(ctx context.Context, db *sql.DB, tx *sql.Tx, local *localStore, table string, maxRemote int64) (int64, error) {
	ids, err := local.ids(ctx, tx, table)
	if err != nil {
		return 0, err
	}
	c := &idCheck{db: db, table: engine.QuoteIdent(table)}
	above := sort.Search(len(ids), func(i int) bool { return ids[i] > maxRemote })
	if err := c.check(ctx, ids[:above]); err != nil {
		return 0, err
	}
	if err := c.list(ctx, ids[above:]); err != nil {
		return 0, err
	}
	return int64(len(c.gone)), local.delete(ctx, tx, table, c.gone)
}

// check finds the deleted records among ids, local ids in increasing order
// that kintone had when the run began.
func (c *idCheck) check(ctx context.Context, ids []int64) error {
	if len(ids) <= idPage {
		return c.list(ctx, ids) // one request, as a count would be
	}
	remote, err := c.count(ctx, ids[0], ids[len(ids)-1])
	if err != nil {
		return err
	}
	return c.bisect(ctx, ids, remote)
}

// bisect finds the deleted records among ids, of which kintone has remote.
// The right half's count is the difference of the two others, so each
// halving costs one request; a deletion during the run can make it too
// large and hide a deletion from this run, never delete a live record.
func (c *idCheck) bisect(ctx context.Context, ids []int64, remote int64) error {
	missing := int64(len(ids)) - remote
	switch {
	case missing <= 0:
		return nil
	case remote == 0:
		c.gone = append(c.gone, ids...)
		return nil
	}
	pages := int64(len(ids)+idPage-1) / idPage
	// Halving down to one page costs a count per level and a listing for
	// each of at most `missing` pages reached.
	levels := int64(bits.Len64(uint64(pages - 1)))
	if pages <= missing*(levels+1) {
		return c.list(ctx, ids)
	}
	half := len(ids) / 2
	left, err := c.count(ctx, ids[0], ids[half-1])
	if err != nil {
		return err
	}
	if err := c.bisect(ctx, ids[:half], left); err != nil {
		return err
	}
	return c.bisect(ctx, ids[half:], remote-left)
}

// count returns how many records kintone has with lo <= $id <= hi; the
// driver answers it from kintone's totalCount in one request.
func (c *idCheck) count(ctx context.Context, lo, hi int64) (int64, error) {
	var n int64
	err := c.db.QueryRowContext(ctx, "SELECT COUNT(*) FROM "+c.table+" WHERE `$id` BETWEEN ? AND ?", lo, hi).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("counting records %d to %d: %w", lo, hi, err)
	}
	return n, nil
}

// list reads kintone's ids between the first and last of ids and records
// the local ids kintone does not have. The query is limited to len(ids)
// rows, which keeps it one sequential request per page (a scan without a
// limit may cut the ids into ranges read at once, a request or more per
// range); were kintone to hold more ids there than the copy, the rest is
// listed again.
func (c *idCheck) list(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	rows, err := c.db.QueryContext(ctx, "SELECT `$id` FROM "+c.table+" WHERE `$id` BETWEEN ? AND ? ORDER BY `$id` LIMIT ?",
		ids[0], ids[len(ids)-1], len(ids))
	if err != nil {
		return fmt.Errorf("listing record ids: %w", err)
	}
	defer rows.Close()
	i, read := 0, 0
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return err
		}
		read++
		for i < len(ids) && ids[i] < id {
			c.gone = append(c.gone, ids[i])
			i++
		}
		if i < len(ids) && ids[i] == id {
			i++
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("listing record ids: %w", err)
	}
	if read == len(ids) {
		// Every row read accounted for a local id at or below it, so
		// this call consumed at least one and the rest is shorter.
		return c.list(ctx, ids[i:])
	}
	c.gone = append(c.gone, ids[i:]...)
	return nil
}
