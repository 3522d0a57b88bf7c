package engine

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/kintone-sql/kintone/schema"
)

// aggState accumulates one aggregate.
type aggState struct {
	spec  AggSpec
	count int64
	isF   bool // some input was DOUBLE
	sum   decimal.Decimal
	sumF  float64
	best  Value
	seen  map[string]bool
	parts []concatPart // GROUP_CONCAT's values
}

// add folds one row in; the values of a DISTINCT aggregate count
// against mem.
func (s *aggState) add(env *Env, row Row, mem *budget) error {
	if s.spec.Concat != nil {
		return s.addConcat(env, row, mem)
	}
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
		if err := mem.add(1); err != nil {
			return err
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
	case AggGroupConcat:
		return s.concatResult()
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
