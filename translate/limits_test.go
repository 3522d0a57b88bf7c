package translate

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPlanningChecksTheContext(t *testing.T) {
	terms := make([]string, 5000)
	for i := range terms {
		terms[i] = strconv.Itoa(i) + " = 1"
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := PlanContext(ctx, nil, "SELECT "+strings.Join(terms, " OR "), nil, Options{})
	require.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "planning the statement")

	// The same statement plans with a live context.
	_, err = PlanContext(context.Background(), nil, "SELECT "+strings.Join(terms, " OR "), nil, Options{})
	require.NoError(t, err)
}

func TestExpressionDepthIsBounded(t *testing.T) {
	_, err := PlanContext(context.Background(), nil, "SELECT "+strings.Repeat("NOT ", maxExprDepth+1)+"1", nil, Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "nested more than 10000 levels")
	_, err = PlanContext(context.Background(), nil, "SELECT "+strings.Repeat("- ", maxExprDepth-10)+"1", nil, Options{})
	require.NoError(t, err)
}

// BenchmarkPlanChainedNot plans a WHERE of 9,000 chained NOTs; time per
// operation grows linearly with the chain (it was quadratic).
func BenchmarkPlanChainedNot(b *testing.B) {
	sql := "SELECT " + strings.Repeat("NOT ", 9000) + "1"
	for b.Loop() {
		if _, err := PlanContext(context.Background(), nil, sql, nil, Options{}); err != nil {
			b.Fatal(err)
		}
	}
}
