package translate

import (
	"fmt"
	"strings"
	"testing"

	kt "github.com/kintone-sql/kintone/kintonetest"
)

func TestRewriteCalls(t *testing.T) {
	tests := []struct{ in, want string }{
		{"select substring(x from 2 for 3) from t", "select `substring`(x , 2 , 3) from t"},
		{"select SUBSTR('abc', 2)", "select `substring`('abc', 2)"},
		{"select mid(concat(a, b), 1, 2)", "select `substring`(concat(a, b), 1, 2)"},
		{"select trim(leading 'x' from a)", "select `__trim_leading`( 'x' , a)"},
		{"select trim(both from a)", "select `__trim_both`( ' ', a)"},
		{"select trim('x' from a), trim(a)", "select `__trim_both`('x' , a), trim(a)"},
		{"select extract(year from d)", "select `__extract`('year' , d)"},
		{"select position('a' in b)", "select locate('a' , b)"},
		{"select date '2024-01-31', timestamp \"2024-01-31 10:00\"", "select date( '2024-01-31'), timestamp( \"2024-01-31 10:00\")"},
		{"select t.substring from t", "select t.substring from t"},
		{"select 'substring(a from b)' as x", "select 'substring(a from b)' as x"},
	}
	for _, tc := range tests {
		p, err := prepare(tc.in)
		if err != nil {
			t.Fatal(err)
		}
		if got := rewriteCalls(p).text; got != tc.want {
			t.Errorf("rewriteCalls(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// Positions in errors still point into the original text.
	_, err := parseStatement("select substring(x from 2 for 3) frm t")
	if err == nil || !strings.Contains(err.Error(), "position 38 near 't'") {
		t.Errorf("error after a rewrite: %v", err)
	}
}

func TestSQLFunctionsAndSyntax(t *testing.T) {
	f := newFixture(t, func(*kt.Server) {})
	tests := []struct{ sql, want string }{
		{"select substring('日本語テキスト' from 2 for 3), substring('abc', 2), mid('abcdef', 3, 2)", "[[本語テ bc cd]]"},
		{"select trim(both 'x' from 'xxaxx'), trim(trailing from 'a  '), trim('  b ')", "[[a a b]]"},
		{"select extract(month from '2024-05-06'), position('c' in 'abc'), locate('b', 'abc')", "[[5 3 2]]"},
		{"select date '2024-01-31' + interval 1 month, date_sub('2024-03-01', interval 1 day)",
			"[[2024-02-29 00:00:00 +0000 UTC 2024-02-29 00:00:00 +0000 UTC]]"},
		{"select adddate('2024-01-01', 31), timestampadd(hour, 25, '2024-01-01')",
			"[[2024-02-01 00:00:00 +0000 UTC 2024-01-02 01:00:00 +0000 UTC]]"},
		{"select timestampdiff(month, '2024-01-15', '2024-03-14'), datediff('2024-03-01', '2024-02-01')", "[[1 29]]"},
		{"select cast('12.345' as decimal(5, 2)), cast('7x' as signed), convert(12, char), cast('2024-05-06 10:00' as date)",
			"[[12.35 7 12 2024-05-06 00:00:00 +0000 UTC]]"},
		{"select coalesce(null, 2), ifnull(null, 'a'), nullif(1, 1), if(1 > 2, 'y', 'n'), greatest(1, 5, 3)", "[[2 a <nil> n 5]]"},
		{"select round(2.345, 2), truncate(2.349, 2), floor(-1.5), ceil(1.1), abs(-3), mod(10, 4), 10 % 4", "[[2.35 2.34 -2 2 3 2 2]]"},
		{"select date_format('2024-05-06 07:08:09', '%Y-%m-%d %H:%i'), year(now()), month(curdate())", "[[2024-05-06 07:08 2024 5]]"},
		{"select concat_ws(',', 'a', null, 'b'), lpad('7', 3, '0'), replace('a-b', '-', '+'), upper('abc'), char_length('日本'), length('日本')",
			"[[a,b 007 a+b ABC 2 6]]"},
		{"select 1 in (select 1 union select 2), exists (select 1 where 1 = 0), (select 5)", "[[true false 5]]"},
	}
	for _, tc := range tests {
		rows, err := f.tryQuery(tc.sql, Options{})
		if err != nil {
			t.Errorf("%s: %v", tc.sql, err)
			continue
		}
		if got := fmt.Sprint(rows); got != tc.want {
			t.Errorf("%s = %s, want %s", tc.sql, got, tc.want)
		}
	}
}
