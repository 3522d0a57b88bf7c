package engine

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/kintone-sql/kintone/schema"
)

// AggFunc is an aggregate function.
type AggFunc int

// The aggregate functions.
const (
	// AggCount is COUNT(expr), or COUNT(*) when the argument is nil.
	AggCount AggFunc = iota + 1
	AggSum
	AggMin
	AggMax
	AggAvg
)

// aggNames holds the SQL name of each function.
var aggNames = map[AggFunc]string{AggCount: "COUNT", AggSum: "SUM", AggMin: "MIN", AggMax: "MAX", AggAvg: "AVG"}

// String returns the function's SQL name.
func (f AggFunc) String() string { return aggNames[f] }

// AggSpec is one aggregate of an Aggregate node.
type AggSpec struct {
	Func AggFunc
	// Arg is the argument; nil for COUNT(*).
	Arg Expr
	// Distinct aggregates each distinct non-NULL value once.
	Distinct bool
}

// String renders the aggregate call.
func (a AggSpec) String() string {
	if a.Arg == nil {
		return a.Func.String() + "(*)"
	}
	d := ""
	if a.Distinct {
		d = "DISTINCT "
	}
	return a.Func.String() + "(" + d + a.Arg.String() + ")"
}

// Type is the result type: BIGINT for COUNT; for SUM and AVG DOUBLE on
// DOUBLE input and DECIMAL otherwise (MySQL sums integers as DECIMAL);
// MIN and MAX keep the argument's type.
func (a AggSpec) Type() schema.Type {
	switch a.Func {
	case AggCount:
		return schema.TypeBigInt
	case AggSum, AggAvg:
		if a.Arg.Type() == schema.TypeDouble {
			return schema.TypeDouble
		}
		return schema.TypeDecimal
	}
	return a.Arg.Type()
}

// Aggregate computes aggregates over its whole input and yields one row
// (whole-table aggregation; GROUP BY is not implemented yet). Empty input
// gives COUNT 0 and NULL for the others, as SQL does.
type Aggregate struct {
	Input Node
	Aggs  []AggSpec
}

// Columns are one column per aggregate, named by its SQL text.
func (a *Aggregate) Columns() []Column {
	out := make([]Column, len(a.Aggs))
	for i, s := range a.Aggs {
		out[i] = Column{Name: s.String(), Type: s.Type(), Nullable: s.Func != AggCount}
	}
	return out
}

// Explain lists the aggregates.
func (a *Aggregate) Explain() Explain {
	items := make([]string, len(a.Aggs))
	for i, s := range a.Aggs {
		items[i] = s.String()
	}
	return Explain{Op: "aggregate (client-side)", Details: []string{strings.Join(items, ", ")}, Children: []Node{a.Input}}
}

// aggState accumulates one aggregate.
type aggState struct {
	spec  AggSpec
	count int64
	isF   bool // some input was DOUBLE
	sum   decimal.Decimal
	sumF  float64
	best  Value
	seen  map[string]bool
}

// add folds one row in.
func (s *aggState) add(env *Env, row Row) error {
	if s.spec.Arg == nil {
		s.count++
		return nil
	}
	v, err := s.spec.Arg.Eval(env, row)
	if err != nil || v == nil {
		return err
	}
	if s.spec.Distinct {
		k := valueKey(v)
		if s.seen[k] {
			return nil
		}
		if env != nil && env.MaxRows > 0 && int64(len(s.seen)) >= env.MaxRows {
			return fmt.Errorf("%s needs more than %d distinct values in memory (the MaxRows limit)", s.spec, env.MaxRows)
		}
		s.seen[k] = true
	}
	s.count++
	switch s.spec.Func {
	case AggSum, AggAvg:
		if f, ok := v.(float64); ok {
			s.isF = true
			s.sumF += f
			return nil
		}
		d, ok := ToDecimal(v)
		if !ok {
			return fmt.Errorf("%s: cannot add %s values", s.spec, kindName(v))
		}
		s.sum = s.sum.Add(d)
	case AggMin, AggMax:
		if s.best == nil {
			s.best = v
			return nil
		}
		c, err := Compare(v, s.best)
		if err != nil {
			return fmt.Errorf("%s: %w", s.spec, err)
		}
		if (s.spec.Func == AggMin && c < 0) || (s.spec.Func == AggMax && c > 0) {
			s.best = v
		}
	}
	return nil
}

// result returns the aggregate's value.
func (s *aggState) result() Value {
	switch s.spec.Func {
	case AggCount:
		return s.count
	case AggSum, AggAvg:
		if s.count == 0 {
			return nil
		}
		if s.isF || s.spec.Type() == schema.TypeDouble {
			total := s.sumF + s.sum.InexactFloat64()
			if s.spec.Func == AggAvg {
				return total / float64(s.count)
			}
			return total
		}
		if s.spec.Func == AggAvg {
			scale := max(int32(0), -s.sum.Exponent()) + DivScaleIncrement
			return s.sum.DivRound(decimal.NewFromInt(s.count), scale)
		}
		return s.sum
	}
	return s.best
}

// Open reads the whole input and prepares the single result row.
func (a *Aggregate) Open(ctx context.Context, env *Env) (Iterator, error) {
	in, err := a.Input.Open(ctx, env)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	states := make([]*aggState, len(a.Aggs))
	for i, s := range a.Aggs {
		states[i] = &aggState{spec: s}
		if s.Distinct {
			states[i].seen = map[string]bool{}
		}
	}
	for {
		row, err := in.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		for _, st := range states {
			if err := st.add(env, row); err != nil {
				return nil, err
			}
		}
	}
	out := make(Row, len(states))
	for i, st := range states {
		out[i] = st.result()
	}
	return &bufferIter{items: []sortItem{{row: out}}}, nil
}

// valueKey is a key under which equal values (by Compare) collide: numbers
// by exact value, text by bytes, times by instant.
func valueKey(v Value) string {
	switch x := v.(type) {
	case string:
		return "s" + x
	case []byte:
		return "s" + string(x)
	case time.Time:
		return "t" + strconv.FormatInt(x.UnixNano(), 10)
	case float64:
		return "n" + decimal.NewFromFloat(x).String()
	}
	if d, ok := ToDecimal(v); ok {
		return "n" + d.String()
	}
	return fmt.Sprintf("?%v", v)
}
