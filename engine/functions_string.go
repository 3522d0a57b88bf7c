package engine

import (
	"strings"
	"unicode/utf8"

	"github.com/kintone-sql/kintone/schema"
)

// The string functions count characters (Unicode code points), as MySQL
// does for utf8mb4 text; LENGTH alone counts bytes. Comparisons inside
// them (REPLACE, INSTR, LOCATE) are binary, like the driver's string
// comparison.

// substring returns the runes of s from 1-based position pos (counted
// from the end when negative; 0 gives "") for n runes (n < 0: to the end).
func substring(s string, pos, n int64) string {
	rs := []rune(s)
	var start int64
	switch {
	case pos > 0:
		start = pos - 1
	case pos < 0:
		start = int64(len(rs)) + pos
	default:
		return ""
	}
	if start < 0 || start >= int64(len(rs)) {
		return ""
	}
	end := int64(len(rs))
	if n >= 0 && start+n < end {
		end = start + n
	}
	if end <= start {
		return ""
	}
	return string(rs[start:end])
}

// pad pads s with pad on the left (or right) to n runes, or truncates it
// to n runes; ok is false when n is negative or padding is needed but pad
// is empty. A result beyond MaxValueBytes is an error.
func pad(s string, n int64, p string, left bool) (string, bool, error) {
	if n < 0 {
		return "", false, nil
	}
	have := int64(utf8.RuneCountInString(s))
	if have >= n {
		return substring(s, 1, n), true, nil
	}
	if p == "" {
		return "", false, nil
	}
	need := n - have
	pr := []rune(p)
	whole, part := need/int64(len(pr)), need%int64(len(pr))
	if err := checkSize(whole+1, int64(len(p))); err != nil {
		return "", false, err
	}
	if err := checkSize(1, whole*int64(len(p))+int64(len(s))); err != nil {
		return "", false, err
	}
	fill := strings.Repeat(p, int(whole)) + string(pr[:part])
	if left {
		return fill + s, true, nil
	}
	return s + fill, true, nil
}

// repeat returns s repeated n times ("" for n <= 0), refusing results
// beyond MaxValueBytes.
func repeat(s string, n int64) (Value, error) {
	if n <= 0 || s == "" {
		return "", nil
	}
	if err := checkSize(n, int64(len(s))); err != nil {
		return nil, err
	}
	return strings.Repeat(s, int(n)), nil
}

// textSize is the total byte length of parts.
func textSize(parts []string) int64 {
	var n int64
	for _, p := range parts {
		n += int64(len(p))
	}
	return n
}

// locate returns the 1-based rune position of sub in s at or after rune
// position from, 0 when absent.
func locate(sub, s string, from int64) int64 {
	if from < 1 {
		return 0
	}
	rs := []rune(s)
	if from > int64(len(rs))+1 {
		return 0
	}
	prefix := string(rs[:from-1])
	i := strings.Index(s[len(prefix):], sub)
	if i < 0 {
		return 0
	}
	return from + int64(utf8.RuneCountInString(s[len(prefix):len(prefix)+i]))
}

// trimBoth removes repeated occurrences of cut at the start (leading) and
// end (trailing) of s.
func trimBoth(s, cut string, leading, trailing bool) string {
	if cut == "" {
		return s
	}
	for leading && strings.HasPrefix(s, cut) {
		s = s[len(cut):]
	}
	for trailing && strings.HasSuffix(s, cut) {
		s = s[:len(s)-len(cut)]
	}
	return s
}

// textFunc registers a null-strict function of texts and integers
// returning text.
func textFunc(name string, minArgs, maxArgs int, eval func(args []Value) (Value, error), aliases ...string) {
	register(&Function{Name: name, MinArgs: minArgs, MaxArgs: maxArgs, NullStrict: true, Result: fixed(schema.TypeText),
		Eval: func(_ *Env, args []Value) (Value, error) { return eval(args) }}, aliases...)
}

// intFunc registers a null-strict function returning BIGINT.
func intFunc(name string, minArgs, maxArgs int, eval func(args []Value) (Value, error), aliases ...string) {
	register(&Function{Name: name, MinArgs: minArgs, MaxArgs: maxArgs, NullStrict: true, Result: fixed(schema.TypeBigInt),
		Eval: func(_ *Env, args []Value) (Value, error) { return eval(args) }}, aliases...)
}

func init() {
	register(&Function{Name: "CONCAT_WS", MinArgs: 2, MaxArgs: -1, Result: fixed(schema.TypeText),
		Eval: func(_ *Env, args []Value) (Value, error) {
			if args[0] == nil {
				return nil, nil
			}
			var parts []string
			for _, a := range args[1:] {
				if a != nil {
					parts = append(parts, ToText(a))
				}
			}
			sep := ToText(args[0])
			if err := checkSize(1, textSize(parts)+int64(len(parts))*int64(len(sep))); err != nil {
				return nil, err
			}
			return strings.Join(parts, sep), nil
		}})
	// SUBSTRING(s, pos[, len]); the FROM/FOR form is rewritten to it.
	textFunc("SUBSTRING", 2, 3, func(args []Value) (Value, error) {
		pos, ok := intArg(args[1])
		if !ok {
			return nil, nil
		}
		n := int64(-1)
		if len(args) == 3 {
			if n, ok = intArg(args[2]); !ok {
				return nil, nil
			}
			if n < 0 {
				return "", nil
			}
		}
		return substring(ToText(args[0]), pos, n), nil
	}, "SUBSTR", "MID")
	textFunc("LEFT", 2, 2, func(args []Value) (Value, error) {
		n, ok := intArg(args[1])
		if !ok {
			return nil, nil
		}
		if n <= 0 {
			return "", nil
		}
		return substring(ToText(args[0]), 1, n), nil
	})
	textFunc("RIGHT", 2, 2, func(args []Value) (Value, error) {
		n, ok := intArg(args[1])
		if !ok {
			return nil, nil
		}
		s := ToText(args[0])
		if n <= 0 {
			return "", nil
		}
		if c := int64(utf8.RuneCountInString(s)); n >= c {
			return s, nil
		}
		return substring(s, -n, n), nil
	})
	// TRIM, LTRIM and RTRIM remove spaces (only U+0020, as MySQL does).
	textFunc("TRIM", 1, 1, func(args []Value) (Value, error) { return trimBoth(ToText(args[0]), " ", true, true), nil })
	textFunc("LTRIM", 1, 1, func(args []Value) (Value, error) { return trimBoth(ToText(args[0]), " ", true, false), nil })
	textFunc("RTRIM", 1, 1, func(args []Value) (Value, error) { return trimBoth(ToText(args[0]), " ", false, true), nil })
	// TRIM([BOTH|LEADING|TRAILING] remstr FROM s) is rewritten by the
	// translator's lexer to these (remstr, s) forms.
	textFunc(TrimBothFunc, 2, 2, func(args []Value) (Value, error) {
		return trimBoth(ToText(args[1]), ToText(args[0]), true, true), nil
	})
	textFunc(TrimLeadingFunc, 2, 2, func(args []Value) (Value, error) {
		return trimBoth(ToText(args[1]), ToText(args[0]), true, false), nil
	})
	textFunc(TrimTrailingFunc, 2, 2, func(args []Value) (Value, error) {
		return trimBoth(ToText(args[1]), ToText(args[0]), false, true), nil
	})
	textFunc("REPLACE", 3, 3, func(args []Value) (Value, error) {
		s, from := ToText(args[0]), ToText(args[1])
		if from == "" {
			return s, nil
		}
		to := ToText(args[2])
		if grow := int64(len(to) - len(from)); grow > 0 {
			if err := checkSize(1, int64(len(s))+int64(strings.Count(s, from))*grow); err != nil {
				return nil, err
			}
		}
		return strings.ReplaceAll(s, from, to), nil
	})
	textFunc("REVERSE", 1, 1, func(args []Value) (Value, error) {
		rs := []rune(ToText(args[0]))
		for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
			rs[i], rs[j] = rs[j], rs[i]
		}
		return string(rs), nil
	})
	textFunc("REPEAT", 2, 2, func(args []Value) (Value, error) {
		n, ok := intArg(args[1])
		if !ok {
			return nil, nil
		}
		return repeat(ToText(args[0]), n)
	})
	textFunc("SPACE", 1, 1, func(args []Value) (Value, error) {
		n, ok := intArg(args[0])
		if !ok {
			return nil, nil
		}
		return repeat(" ", n)
	})
	for _, left := range []bool{true, false} {
		name := "RPAD"
		if left {
			name = "LPAD"
		}
		textFunc(name, 3, 3, func(args []Value) (Value, error) {
			n, ok := intArg(args[1])
			if !ok {
				return nil, nil
			}
			s, ok, err := pad(ToText(args[0]), n, ToText(args[2]), left)
			if err != nil || !ok {
				return nil, err
			}
			return s, nil
		})
	}
	intFunc("INSTR", 2, 2, func(args []Value) (Value, error) {
		return locate(ToText(args[1]), ToText(args[0]), 1), nil
	})
	intFunc("LOCATE", 2, 3, func(args []Value) (Value, error) {
		from := int64(1)
		if len(args) == 3 {
			var ok bool
			if from, ok = intArg(args[2]); !ok {
				return nil, nil
			}
		}
		return locate(ToText(args[0]), ToText(args[1]), from), nil
	}, "POSITION")
	intFunc("STRCMP", 2, 2, func(args []Value) (Value, error) {
		return int64(strings.Compare(ToText(args[0]), ToText(args[1]))), nil
	})
}

// Names of the internal functions the lexer rewrites TRIM(... FROM ...)
// to: they take (remstr, s).
const (
	// TrimBothFunc is TRIM(BOTH x FROM s) (also TRIM(x FROM s)).
	TrimBothFunc = "__TRIM_BOTH"
	// TrimLeadingFunc is TRIM(LEADING x FROM s).
	TrimLeadingFunc = "__TRIM_LEADING"
	// TrimTrailingFunc is TRIM(TRAILING x FROM s).
	TrimTrailingFunc = "__TRIM_TRAILING"
)
