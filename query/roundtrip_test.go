package query

import (
	"reflect"
	"testing"
)

func FuzzRoundTrip(f *testing.F) {
	for _, s := range []string{
		"", "a = 1", `a = "x" and (b != 2 or c in ("p", "q"))`, "a = 1 or b = 2 and c = 3",
		`r.c like "x" and d not like "y" and e is empty or f is not empty`,
		"order by a desc, b asc limit 500 offset 0", "limit 1", "offset 2", "ORDER BY $id",
		"数値 >= -1.5 and 名前\u3000in\u3000(\"株式会社\")", `s = "\t\n\r\"\\"`,
		"d = FROM_TODAY(-1, days) or d < THIS_MONTH(LAST) or d > NEXT_WEEK(monday)",
		"u in (LOGINUSER()) and o not in (PRIMARY_ORGANIZATION()) and t <= NOW()",
		"limit = 1 order by order desc", "order.by is empty", "((a = 1))", "a in (1, 2, TODAY())",
		"and = 1 and or = 2 or not in (1)", "x = \"\x01\"",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s)
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("Parse(%q) error %T is not *Error", s, err)
			}
			return
		}
		text := q.String()
		back, err := Parse(text)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its String %q fails: %v", s, text, err)
		}
		clearPos(q.Where)
		clearPos(back.Where)
		if !reflect.DeepEqual(q, back) {
			t.Fatalf("round trip of %q via %q changed the tree:\n%#v\n%#v", s, text, q, back)
		}
		if again := back.String(); again != text {
			t.Fatalf("String is not stable: %q then %q", text, again)
		}
	})
}
