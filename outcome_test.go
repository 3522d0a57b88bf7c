package kintone

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kintone-sql/kintone/kintonetest"
)

// lossDB starts an emulator with the Nums app of n records behind an
// AnswerLoss, and returns a database going through the loss and one
// talking to the emulator directly (to see what really happened).
func lossDB(t *testing.T, n int) (loss *kintonetest.AnswerLoss, db, direct *sql.DB) {
	t.Helper()
	srv := startServer(t)
	numberedApp(t, srv, "Nums", n)
	loss = kintonetest.NewAnswerLoss(srv.Handler())
	ts := httptest.NewServer(loss)
	t.Cleanup(ts.Close)
	cfg := serverConfig(srv)
	cfg.URL = ts.URL
	db, _ = openDB(t, srv, cfg)
	direct, _ = openDB(t, srv, serverConfig(srv))
	return loss, db, direct
}

// count runs a COUNT(*) query.
func count(t *testing.T, db *sql.DB, query string, args ...any) int {
	t.Helper()
	var n int
	require.NoError(t, db.QueryRow(query, args...).Scan(&n), query)
	return n
}

// writeError returns err's *WriteError, failing the test when there is none.
func writeError(t *testing.T, err error) *WriteError {
	t.Helper()
	require.Error(t, err)
	var we *WriteError
	require.True(t, errors.As(err, &we), "want a *WriteError, got %T: %v", err, err)
	return we
}

// lossKinds are the ways an answer is lost after the server applied the
// write.
var lossKinds = map[string]kintonetest.LossKind{"reset": kintonetest.LoseByReset, "502": kintonetest.LoseByBadGateway}

// rowNumbers returns the Row of each entry.
func rowNumbers(rows []WriteErrorRow) []int {
	out := make([]int, len(rows))
	for i, r := range rows {
		out[i] = r.Row
	}
	return out
}

// seq returns from..to.
func seq(from, to int) []int {
	var out []int
	for i := from; i <= to; i++ {
		out = append(out, i)
	}
	return out
}

func TestLostAnswerSingleInsertIsUnknownWithValues(t *testing.T) {
	for name, kind := range lossKinds {
		t.Run(name, func(t *testing.T) {
			loss, db, direct := lossDB(t, 0)
			loss.Lose("POST /k/v1/records.json", 0, 1, kind)
			_, err := db.Exec("INSERT INTO Nums (n, label) VALUES (?, ?)", 7, "seven")
			we := writeError(t, err)
			assert.Equal(t, 1, loss.Lost())
			assert.ErrorIs(t, err, ErrOutcomeUnknown)
			require.Len(t, we.Unknown, 1)
			assert.Equal(t, 1, we.Unknown[0].Row)
			assert.EqualValues(t, "seven", we.Unknown[0].Values["label"])
			assert.Empty(t, we.NotWritten)
			assert.NotContains(t, err.Error(), "nothing was written")
			assert.NotContains(t, err.Error(), "not written")
			assert.Contains(t, err.Error(), "whether it was written is unknown")
			// The server did apply it: the error never denied that.
			assert.Equal(t, 1, count(t, direct, "SELECT COUNT(*) FROM Nums WHERE label = 'seven'"))
		})
	}
}

func TestLostAnswerMultiInsertReportsThreeOutcomes(t *testing.T) {
	var values []string
	for i := 1; i <= 5000; i++ {
		values = append(values, fmt.Sprintf("(%d, 'v')", i))
	}
	stmt := "INSERT INTO Nums (n, label) VALUES " + strings.Join(values, ", ")
	for name, kind := range lossKinds {
		t.Run(name, func(t *testing.T) {
			loss, db, direct := lossDB(t, 0)
			// 5,000 rows go out as bulkRequests of 2,000, 2,000 and 1,000:
			// the second one's answer is lost.
			loss.Lose("POST /k/v1/bulkRequest.json", 1, 1, kind)
			_, err := db.Exec(stmt)
			we := writeError(t, err)
			assert.ErrorIs(t, err, ErrOutcomeUnknown)
			assert.Equal(t, 2000, we.WrittenRows)
			assert.Len(t, we.Written, 2000)
			assert.Equal(t, seq(2001, 4000), rowNumbers(we.Unknown))
			assert.EqualValues(t, 2001, we.Unknown[0].Values["n"])
			assert.Equal(t, seq(4001, 5000), rowNumbers(we.NotWritten))
			msg := err.Error()
			assert.Contains(t, msg, "rows 2001–4000 was lost")
			assert.Contains(t, msg, "rows 4001–5000 were not written")
			assert.Contains(t, msg, "2000 rows written by earlier requests stay written")
			assert.NotContains(t, msg, "nothing was written")
			// What the server holds agrees: rows 1–4000, not 4001–5000.
			assert.Equal(t, 4000, count(t, direct, "SELECT COUNT(*) FROM Nums"))
			assert.Equal(t, 0, count(t, direct, "SELECT COUNT(*) FROM Nums WHERE n > 4000"))
		})
	}
}

func TestLostAnswerUpdateIsSettledByRereading(t *testing.T) {
	for name, kind := range lossKinds {
		t.Run(name, func(t *testing.T) {
			loss, db, direct := lossDB(t, 2500)
			// 2,500 rows: bulkRequests of 2,000 and 500; the first answer
			// is lost, so the second is never sent.
			loss.Lose("POST /k/v1/bulkRequest.json", 0, 1, kind)
			_, err := db.Exec("UPDATE Nums SET label = 'u' WHERE n <= 2500")
			we := writeError(t, err)
			assert.NotErrorIs(t, err, ErrOutcomeUnknown)
			assert.True(t, we.Settled)
			assert.Empty(t, we.Unknown)
			assert.Equal(t, 2000, we.WrittenRows)
			assert.Equal(t, seq(2001, 2500), rowNumbers(we.NotWritten))
			assert.Contains(t, err.Error(), "shows kintone applied the request")
			assert.Contains(t, err.Error(), "rows 2001–2500 were not written")
			assert.Equal(t, 2000, count(t, direct, "SELECT COUNT(*) FROM Nums WHERE label = 'u'"))
		})
	}
	t.Run("single call", func(t *testing.T) {
		loss, db, direct := lossDB(t, 10)
		loss.Lose("PUT /k/v1/records.json", 0, 1, kintonetest.LoseByReset)
		_, err := db.Exec("UPDATE Nums SET label = 'one' WHERE n = 3")
		we := writeError(t, err)
		assert.True(t, we.Settled)
		assert.Equal(t, 1, we.WrittenRows)
		assert.Empty(t, we.NotWritten)
		assert.NotContains(t, err.Error(), "nothing was written")
		assert.Equal(t, 1, count(t, direct, "SELECT COUNT(*) FROM Nums WHERE label = 'one'"))
	})
	t.Run("not applied", func(t *testing.T) {
		loss, db, direct := lossDB(t, 10)
		loss.Lose("PUT /k/v1/records.json", 0, 1, kintonetest.LoseBeforeServing)
		_, err := db.Exec("UPDATE Nums SET label = 'one' WHERE n = 3")
		we := writeError(t, err)
		assert.True(t, we.Settled)
		assert.Zero(t, we.WrittenRows)
		assert.Equal(t, []int{1}, rowNumbers(we.NotWritten))
		assert.Contains(t, err.Error(), "did not apply")
		assert.Equal(t, 0, count(t, direct, "SELECT COUNT(*) FROM Nums WHERE label = 'one'"))
	})
}

func TestLostAnswerDeleteIsSettledByRereading(t *testing.T) {
	for name, kind := range lossKinds {
		t.Run(name, func(t *testing.T) {
			loss, db, direct := lossDB(t, 2500)
			loss.Lose("POST /k/v1/bulkRequest.json", 0, 1, kind)
			_, err := db.Exec("DELETE FROM Nums WHERE n <= 2500")
			we := writeError(t, err)
			assert.NotErrorIs(t, err, ErrOutcomeUnknown)
			assert.True(t, we.Settled)
			assert.Equal(t, 2000, we.WrittenRows)
			assert.Equal(t, seq(2001, 2500), rowNumbers(we.NotWritten))
			assert.Equal(t, 500, count(t, direct, "SELECT COUNT(*) FROM Nums"))
		})
	}
	t.Run("single call", func(t *testing.T) {
		loss, db, direct := lossDB(t, 10)
		loss.Lose("DELETE /k/v1/records.json", 0, 1, kintonetest.LoseByBadGateway)
		_, err := db.Exec("DELETE FROM Nums WHERE n IN (2, 4)")
		we := writeError(t, err)
		assert.True(t, we.Settled)
		assert.Equal(t, 2, we.WrittenRows)
		assert.NotContains(t, err.Error(), "nothing was written")
		assert.Equal(t, 8, count(t, direct, "SELECT COUNT(*) FROM Nums"))
	})
}

func TestLostAnswerCommit(t *testing.T) {
	for name, kind := range lossKinds {
		t.Run(name, func(t *testing.T) {
			loss, db, direct := lossDB(t, 10)
			loss.Lose("POST /k/v1/bulkRequest.json", 0, 1, kind)
			tx, err := db.Begin()
			require.NoError(t, err)
			_, err = tx.Exec("INSERT INTO Nums (n, label) VALUES (100, 'new')")
			require.NoError(t, err)
			_, err = tx.Exec("UPDATE Nums SET label = 'changed' WHERE n <= 5")
			require.NoError(t, err)
			err = tx.Commit()
			we := writeError(t, err)
			// The bulkRequest is all or nothing: re-reading one updated
			// record settles it, inserts included.
			assert.True(t, we.Settled)
			assert.NotErrorIs(t, err, ErrOutcomeUnknown)
			assert.Equal(t, 6, we.WrittenRows)
			assert.Empty(t, we.NotWritten)
			assert.NotContains(t, err.Error(), "nothing was written")
			assert.Equal(t, 5, count(t, direct, "SELECT COUNT(*) FROM Nums WHERE label = 'changed'"))
			assert.Equal(t, 1, count(t, direct, "SELECT COUNT(*) FROM Nums WHERE label = 'new'"))
		})
	}
	t.Run("inserts only", func(t *testing.T) {
		loss, db, direct := lossDB(t, 0)
		loss.Lose("POST /k/v1/bulkRequest.json", 0, 1, kintonetest.LoseByReset)
		tx, err := db.Begin()
		require.NoError(t, err)
		for i := 1; i <= 150; i++ {
			_, err = tx.Exec("INSERT INTO Nums (n, label) VALUES (?, 'tx')", i)
			require.NoError(t, err)
		}
		_, err = tx.Exec("INSERT INTO Nums (n, label) VALUES (999, 'tx2')")
		require.NoError(t, err)
		err = tx.Commit()
		we := writeError(t, err)
		assert.ErrorIs(t, err, ErrOutcomeUnknown)
		assert.Len(t, we.Unknown, 151)
		assert.Equal(t, 151, we.Unknown[150].Statement)
		assert.EqualValues(t, "tx2", we.Unknown[150].Values["label"])
		assert.NotContains(t, err.Error(), "nothing was written")
		assert.NotContains(t, err.Error(), "not written")
		assert.Equal(t, 151, count(t, direct, "SELECT COUNT(*) FROM Nums"))
	})
}

func TestLostAnswerCommentIsUnknown(t *testing.T) {
	loss, db, direct := lossDB(t, 1)
	loss.Lose("POST /k/v1/record/comment.json", 0, 1, kintonetest.LoseByReset)
	_, err := db.Exec("INSERT INTO Comments (AppId, RecordId, Text) VALUES (1, 1, 'hello')")
	we := writeError(t, err)
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.Equal(t, []int{1}, rowNumbers(we.Unknown))
	assert.Empty(t, we.NotWritten)
	assert.NotContains(t, err.Error(), "nothing was written")
	assert.NotContains(t, err.Error(), "not written")
	assert.Equal(t, 1, count(t, direct, "SELECT COUNT(*) FROM Comments WHERE AppId = 1 AND RecordId = 1"))
}

func TestCancelledWriteIsNeverDenied(t *testing.T) {
	srv := startServer(t)
	numberedApp(t, srv, "Nums", 0)
	// The server takes 300 ms per request; the statement gives up after 50.
	srv.SetLatency(300 * time.Millisecond)
	db, _ := openDB(t, srv, serverConfig(srv))
	var err error
	for range 3 { // the catalog loads first; retry until the write itself is cut off
		ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second) // a few 300 ms requests, on a loaded CI too
		_, _ = db.QueryContext(ctx, "SELECT n FROM Nums WHERE n = 0")
		cancel()
		ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
		_, err = db.ExecContext(ctx, "INSERT INTO Nums (n, label) VALUES (1, 'x')")
		cancel()
		var we *WriteError
		if errors.As(err, &we) {
			break
		}
	}
	we := writeError(t, err)
	assert.ErrorIs(t, err, ErrOutcomeUnknown)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.Len(t, we.Unknown, 1)
	assert.NotContains(t, err.Error(), "nothing was written")
}

func TestUnreadableSuccessCountsAsWritten(t *testing.T) {
	loss, db, direct := lossDB(t, 0)
	loss.Lose("POST /k/v1/bulkRequest.json", 0, 1, kintonetest.LoseByEmptyAnswer)
	values := make([]string, 150)
	for i := range values {
		values[i] = fmt.Sprintf("(%d, 'w')", i+1)
	}
	_, err := db.Exec("INSERT INTO Nums (n, label) VALUES " + strings.Join(values, ", "))
	we := writeError(t, err)
	assert.NotErrorIs(t, err, ErrOutcomeUnknown)
	assert.True(t, we.Settled)
	assert.Equal(t, 150, we.WrittenRows)
	assert.Empty(t, we.Unknown)
	assert.Empty(t, we.NotWritten)
	assert.Contains(t, err.Error(), "150 rows were written (their ids are unknown)")
	assert.Equal(t, 150, count(t, direct, "SELECT COUNT(*) FROM Nums"))
}
