package engine

import (
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestFunctionResultsAreBounded(t *testing.T) {
	big := strings.Repeat("x", 40<<20)
	tooLarge := []struct {
		name string
		e    Expr
	}{
		{"LPAD max int", call(t, "LPAD", "x", int64(math.MaxInt64), "y")},
		{"RPAD two billion", call(t, "RPAD", "x", int64(2000000000), "y")},
		{"LPAD multibyte pad", call(t, "LPAD", "x", int64(30<<20), "日本")},
		{"REPEAT max int", call(t, "REPEAT", "ab", int64(math.MaxInt64))},
		{"REPEAT nested", &Call{Fn: mustFn(t, "REPEAT"), Args: []Expr{call(t, "REPEAT", "x", int64(1<<20)), lit(int64(1 << 20))}}},
		{"SPACE", call(t, "SPACE", int64(1<<40))},
		{"CONCAT", call(t, "CONCAT", big, big)},
		{"CONCAT_WS", call(t, "CONCAT_WS", ",", big, big)},
		{"REPLACE", call(t, "REPLACE", strings.Repeat("a", 1<<20), "a", strings.Repeat("b", 100))},
	}
	for _, tc := range tooLarge {
		t.Run(tc.name, func(t *testing.T) {
			_, err := tc.e.Eval(&Env{}, nil)
			require.ErrorIs(t, err, ErrValueTooLarge)
			assert.Contains(t, err.Error(), "64 MiB")
		})
	}
	// Up to the limit, the functions still build their values.
	v, err := call(t, "LPAD", "x", int64(1<<20), "yz").Eval(&Env{}, nil)
	require.NoError(t, err)
	assert.Len(t, v, 1<<20)
	assert.True(t, strings.HasPrefix(v.(string), "yzyz") && strings.HasSuffix(v.(string), "x"))
	v, err = call(t, "REPEAT", "ab", int64(3)).Eval(&Env{}, nil)
	require.NoError(t, err)
	assert.Equal(t, "ababab", v)
	v, err = call(t, "LPAD", "x", int64(-1), "y").Eval(&Env{}, nil)
	require.NoError(t, err)
	assert.Nil(t, v, "a negative length is NULL, as in MySQL")
}

// mustFn returns a registry function.
func mustFn(t *testing.T, name string) *Function {
	t.Helper()
	fn, ok := LookupFunction(name)
	require.True(t, ok)
	return fn
}
