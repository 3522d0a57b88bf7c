package engine

import (
	"math"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/kintone-sql/kintone/schema"
)

// functions is the registry of scalar SQL functions by upper-case name.
// Aliases share one entry. Every function evaluated client-side lives here
// (this file: NULL handling, case, CONCAT, NOW; functions_string.go,
// functions_math.go, functions_date.go: the rest).
var functions = map[string]*Function{}

// register adds f under its name and aliases.
func register(f *Function, aliases ...string) {
	functions[f.Name] = f
	for _, a := range aliases {
		functions[a] = f
	}
}

// LookupFunction returns the registry function called name (any case).
func LookupFunction(name string) (*Function, bool) {
	f, ok := functions[strings.ToUpper(name)]
	return f, ok
}

// fixed returns a Result function of a constant type.
func fixed(t schema.Type) func([]schema.Type) schema.Type {
	return func([]schema.Type) schema.Type { return t }
}

// common returns the shared type of ts ignoring unknown (NULL) types, or
// TypeUnknown when they differ.
func common(ts []schema.Type) schema.Type {
	out := schema.TypeUnknown
	for _, t := range ts {
		switch {
		case t == schema.TypeUnknown:
		case out == schema.TypeUnknown:
			out = t
		case out != t:
			return schema.TypeUnknown
		}
	}
	return out
}

// intArg reads a numeric argument as an integer, rounding a fraction half
// away from zero (MySQL's conversion); ok is false for values without a
// numeric reading.
func intArg(v Value) (int64, bool) {
	if n, ok := v.(int64); ok {
		return n, true
	}
	if f, ok := v.(float64); ok {
		if math.IsNaN(f) || f >= math.MaxInt64 || f <= math.MinInt64 {
			return 0, false
		}
		return int64(math.Round(f)), true
	}
	d, ok := ToDecimal(v)
	if !ok {
		return 0, false
	}
	n, ok := bigIntFits(d.Round(0))
	return n, ok
}

// nullable wraps an Eval that may report "no value" as NULL.
func nullable(v Value, ok bool) (Value, error) {
	if !ok {
		return nil, nil
	}
	return v, nil
}

// Now returns the statement clock: env.Now in UTC truncated to whole
// seconds (MySQL's NOW() precision), or the wall clock when env.Now is zero.
func Now(env *Env) time.Time {
	now := time.Time{}
	if env != nil {
		now = env.Now
	}
	if now.IsZero() {
		now = time.Now()
	}
	return now.UTC().Truncate(time.Second)
}

func init() {
	register(&Function{Name: "COALESCE", MinArgs: 1, MaxArgs: -1, Result: common,
		Eval: func(_ *Env, args []Value) (Value, error) {
			for _, a := range args {
				if a != nil {
					return a, nil
				}
			}
			return nil, nil
		}})
	register(&Function{Name: "IFNULL", MinArgs: 2, MaxArgs: 2, Result: common,
		Eval: func(_ *Env, args []Value) (Value, error) {
			if args[0] != nil {
				return args[0], nil
			}
			return args[1], nil
		}})
	register(&Function{Name: "NULLIF", MinArgs: 2, MaxArgs: 2,
		Result: func(ts []schema.Type) schema.Type { return ts[0] },
		Eval: func(_ *Env, args []Value) (Value, error) {
			if args[0] == nil || args[1] == nil {
				return args[0], nil
			}
			n, err := Compare(args[0], args[1])
			if err != nil || n == 0 {
				return nil, err
			}
			return args[0], nil
		}})
	register(&Function{Name: "IF", MinArgs: 3, MaxArgs: 3,
		Result: func(ts []schema.Type) schema.Type { return common(ts[1:]) },
		Eval: func(_ *Env, args []Value) (Value, error) {
			if t, ok := Truth(args[0]); ok && t {
				return args[1], nil
			}
			return args[2], nil
		}})
	register(&Function{Name: "LOWER", MinArgs: 1, MaxArgs: 1, NullStrict: true, Result: fixed(schema.TypeText),
		Eval: func(_ *Env, args []Value) (Value, error) { return strings.ToLower(ToText(args[0])), nil }}, "LCASE")
	register(&Function{Name: "UPPER", MinArgs: 1, MaxArgs: 1, NullStrict: true, Result: fixed(schema.TypeText),
		Eval: func(_ *Env, args []Value) (Value, error) { return strings.ToUpper(ToText(args[0])), nil }}, "UCASE")
	// LENGTH counts bytes of the UTF-8 text, as MySQL's LENGTH does;
	// CHAR_LENGTH counts characters.
	register(&Function{Name: "LENGTH", MinArgs: 1, MaxArgs: 1, NullStrict: true, Result: fixed(schema.TypeBigInt),
		Eval: func(_ *Env, args []Value) (Value, error) { return int64(len(ToText(args[0]))), nil }}, "OCTET_LENGTH")
	register(&Function{Name: "CHAR_LENGTH", MinArgs: 1, MaxArgs: 1, NullStrict: true, Result: fixed(schema.TypeBigInt),
		Eval: func(_ *Env, args []Value) (Value, error) {
			return int64(utf8.RuneCountInString(ToText(args[0]))), nil
		}}, "CHARACTER_LENGTH")
	register(&Function{Name: "CONCAT", MinArgs: 1, MaxArgs: -1, NullStrict: true, Result: fixed(schema.TypeText),
		Eval: func(_ *Env, args []Value) (Value, error) {
			parts := make([]string, len(args))
			for i, a := range args {
				parts[i] = ToText(a)
			}
			if err := checkSize(1, textSize(parts)); err != nil {
				return nil, err
			}
			return strings.Join(parts, ""), nil
		}})
	// NOW() is SQL's: the statement clock. kintone's NOW() query function
	// is not reachable from SQL (compare with NOW() instead).
	register(&Function{Name: "NOW", MinArgs: 0, MaxArgs: 0, Result: fixed(schema.TypeDateTime),
		Eval: func(env *Env, _ []Value) (Value, error) { return Now(env), nil }},
		"CURRENT_TIMESTAMP", "LOCALTIME", "LOCALTIMESTAMP")
	register(&Function{Name: "CURDATE", MinArgs: 0, MaxArgs: 0, Result: fixed(schema.TypeDate),
		Eval: func(env *Env, _ []Value) (Value, error) { return Now(env).Truncate(24 * time.Hour), nil }},
		"CURRENT_DATE")
}
