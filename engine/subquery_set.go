package engine

import (
	"time"
)

// valueSet holds the values of an IN subquery's column for membership
// tests with Compare's rules: numbers by value, texts by bytes, times by
// instant; a number meets a text as numbers, a time meets a text as times.
type valueSet struct {
	numbers map[string]bool
	texts   map[string]bool
	times   map[int64]bool
	hasNull bool
	// size counts the rows read, NULLs included.
	size int
	// textNumbers and textTimes are the texts read as numbers and times,
	// built on first need.
	textNumbers map[string]bool
	textTimes   map[int64]bool
}

// readValueSet reads the first column of every row of it; the values are
// held for the rest of the statement.
func readValueSet(env *Env, it Iterator) (*valueSet, error) {
	s := &valueSet{numbers: map[string]bool{}, texts: map[string]bool{}, times: map[int64]bool{}}
	err := drain(it, newBudget(env, "IN (subquery)"), func(row Row) {
		s.size++
		switch v := row[0].(type) {
		case nil:
			s.hasNull = true
		case string:
			s.texts[v] = true
		case []byte:
			s.texts[string(v)] = true
		case time.Time:
			s.times[v.UnixNano()] = true
		default:
			s.numbers[numericKey(v)] = true
		}
	})
	if err != nil {
		return nil, err
	}
	return s, nil
}

// contains reports whether the non-NULL x equals a value of the set.
func (s *valueSet) contains(x Value) (bool, error) {
	switch v := x.(type) {
	case string, []byte:
		text := ToText(v)
		if s.texts[text] {
			return true, nil
		}
		if len(s.numbers) > 0 && s.numbers[numericKey(text)] {
			return true, nil
		}
		if len(s.times) > 0 {
			t, _, err := ParseDateTime(text)
			if err != nil {
				return false, err
			}
			return s.times[t.UnixNano()], nil
		}
		return false, nil
	case time.Time:
		if s.times[v.UnixNano()] {
			return true, nil
		}
		if s.textTimes == nil {
			s.textTimes = map[int64]bool{}
			for text := range s.texts {
				if t, _, err := ParseDateTime(text); err == nil {
					s.textTimes[t.UnixNano()] = true
				}
			}
		}
		return s.textTimes[v.UnixNano()], nil
	}
	k := numericKey(x)
	if s.numbers[k] {
		return true, nil
	}
	if s.textNumbers == nil {
		s.textNumbers = map[string]bool{}
		for text := range s.texts {
			s.textNumbers[numericKey(text)] = true
		}
	}
	return s.textNumbers[k], nil
}
