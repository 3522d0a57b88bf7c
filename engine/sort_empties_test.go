package engine

import (
	"context"
	"fmt"
	"io"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// col1 references the second input column.
var col1 = &ColumnRef{Index: 1, Col: Column{Name: "d"}}

// TestEmptiesLastOrders feeds rows the way kintone may send them (values
// descending, NULLs first, among the values, or last) and checks the
// output equals a client-side ORDER BY c DESC, d.
func TestEmptiesLastOrders(t *testing.T) {
	rest := []SortKey{{Expr: col1}}
	want := rowsOf(t, &Sort{Input: &Values{Rows: []Row{
		{int64(3), "b"}, {int64(3), "a"}, {int64(1), "z"}, {nil, "y"}, {nil, "x"}, {int64(0), "q"},
	}}, Keys: []SortKey{{Expr: col0, Desc: true}, {Expr: col1}}}, &Env{})
	for name, in := range map[string][]Row{
		"empties first": {{nil, "y"}, {nil, "x"}, {int64(3), "b"}, {int64(3), "a"}, {int64(1), "z"}, {int64(0), "q"}},
		"empties as 0":  {{int64(3), "b"}, {int64(3), "a"}, {int64(1), "z"}, {nil, "y"}, {int64(0), "q"}, {nil, "x"}},
		"empties last":  {{int64(3), "b"}, {int64(3), "a"}, {int64(1), "z"}, {int64(0), "q"}, {nil, "y"}, {nil, "x"}},
	} {
		got := rowsOf(t, &EmptiesLast{Input: &Values{Rows: in}, Key: col0, Rest: rest, SortRuns: true}, &Env{})
		assert.Equal(t, fmt.Sprint(want), fmt.Sprint(got), name)
	}
}

// TestEmptiesLastStreams checks that rows with a value come out before
// the input ends (a LIMIT can stop the scan) and that only the held rows
// count against MaxRows.
func TestEmptiesLastStreams(t *testing.T) {
	in := &Values{Rows: []Row{{int64(5), "a"}, {nil, "b"}, {int64(4), "c"}, {nil, "d"}, {nil, "e"}}}
	env := &Env{MaxRows: 2}
	it, err := (&EmptiesLast{Input: in, Key: col0}).Open(context.Background(), env)
	require.NoError(t, err)
	for _, want := range []string{"[5 a]", "[4 c]"} {
		row, err := it.Next()
		require.NoError(t, err)
		assert.Equal(t, want, fmt.Sprint(row))
	}
	_, err = it.Next() // the third empty passes MaxRows
	assert.ErrorIs(t, err, ErrMemoryLimit)
	require.NoError(t, it.Close())
	assert.Zero(t, env.run.held, "held rows released on Close")
}

// TestEmptiesLastRejectsDisorder checks that an input not in descending
// order is an error rather than a wrong order.
func TestEmptiesLastRejectsDisorder(t *testing.T) {
	in := &Values{Rows: []Row{{int64(1), "a"}, {int64(2), "b"}}}
	it, err := (&EmptiesLast{Input: in, Key: col0}).Open(context.Background(), &Env{})
	require.NoError(t, err)
	defer it.Close()
	_, err = it.Next()
	require.NoError(t, err)
	_, err = it.Next()
	require.Error(t, err)
	assert.Contains(t, err.Error(), "out of the requested order")
	assert.NotErrorIs(t, err, io.EOF)
}
