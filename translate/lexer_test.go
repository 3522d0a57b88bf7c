package translate

import (
	"strings"
	"testing"
)

func TestPrepare(t *testing.T) {
	tests := []struct {
		in, want string
		params   int
	}{
		{"select 顧客名 from 顧客", "select `顧客名` from `顧客`", 0},
		{"select t.顧客名, $id from t", "select t.`顧客名`, `$id` from t", 0},
		{"select a from t where $id > ?", "select a from t where `$id` > :v1", 1},
		{"select abc日本 from x", "select `abc日本` from x", 0},
		{"select 顧客名（カナ） from t", "select `顧客名（カナ）` from t", 0},
		{"select a　from t", "select a from t", 0}, // ideographic space
		{"select [作成者 Code] from [Kintone].[顧客 一覧]", "select `作成者 Code` from `Kintone`.`顧客 一覧`", 0},
		{"select [a]]b], [c`d] from t", "select `a]b`, `c``d` from t", 0},
		{"select '顧客名 $id ?' from t", "select '顧客名 $id ?' from t", 0},
		{`select "it's ? 顧客" from t`, `select "it's ? 顧客" from t`, 0},
		{`select 'a\'b ?', 'c''d ?' from t where x = ?`, `select 'a\'b ?', 'c''d ?' from t where x = :v1`, 1},
		{"select `顧客 名`, `a``?` from t", "select `顧客 名`, `a``?` from t", 0},
		{"select a -- 顧客 ?\nfrom t", "select a  \nfrom t", 0},
		{"select a # 顧客 ?\nfrom t", "select a  \nfrom t", 0},
		{"select /* 顧客 ? */ a from t", "select   a from t", 0},
		{"select /*! 顧客 */ a from t where b = ?", "select   `顧客`   a from t where b = :v1", 1},
		{"select /*!50700 a, */ b from t", "select   a,   b from t", 0},
		{"select 5--3, 5-- 3\n", "select 5- -3, 5 \n", 0},
		{"select a//b from t", "select a//b from t", 0},
		{"select 1;", "select 1;", 0},
		{`select a from t where b like 'x\_y\%z'`, `select a from t where b like 'x\\_y\\%z'`, 0},
		{`select a from t where b like 'x\\_y'`, `select a from t where b like 'x\\_y'`, 0},
		{"select ?, ?, ? from t", "select :v1, :v2, :v3 from t", 3},
		{"select 1.5e3, x'41', 0x41 from t", "select 1.5e3, x'41', 0x41 from t", 0},
	}
	for _, tc := range tests {
		p, err := prepare(tc.in)
		if err != nil {
			t.Errorf("prepare(%q): %v", tc.in, err)
			continue
		}
		if p.text != tc.want || p.params != tc.params {
			t.Errorf("prepare(%q) = %q, %d params; want %q, %d", tc.in, p.text, p.params, tc.want, tc.params)
		}
		if len(p.origin) != len(p.text)+1 || p.origin[len(p.origin)-1] != len(tc.in) {
			t.Errorf("prepare(%q): origin map has %d entries for %d bytes", tc.in, len(p.origin), len(p.text))
		}
		if n := NumInput(tc.in); n != tc.params {
			t.Errorf("NumInput(%q) = %d, want %d", tc.in, n, tc.params)
		}
	}
}

func TestPrepareErrors(t *testing.T) {
	for in, want := range map[string]string{
		"select 'abc from t":         "position 8: unterminated string",
		"select `abc from t":         "position 8: unterminated `quoted` name",
		"select [abc from t":         "position 8: unterminated [bracketed] name",
		"select [] from t":           "empty [] name",
		"select 顧客 /* x from t":      "position 11: unterminated /* comment",
		"select a from t where 'x\\": "unterminated string",
	} {
		_, err := prepare(in)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("prepare(%q): %v, want %q", in, err, want)
		}
		if NumInput(in) != -1 {
			t.Errorf("NumInput(%q) = %d, want -1", in, NumInput(in))
		}
	}
}

func TestParseErrorPosition(t *testing.T) {
	tests := []struct{ sql, want string }{
		// Positions count characters of the original text, past the
		// offending token, as the parser does.
		{"select 顧客名 frm 顧客", "syntax error at position 16 near '顧客'"},
		{"select a frm t", "syntax error at position 14 near 't'"},
		{"SELECT a FROM T WHERE a = = 1", "syntax error at position 27 near '='"},
		{"SELECT Foo FROM T ORDER", "syntax error at position 24: the statement ends too early"},
		{"select 1; select 2", "syntax error at position 11: \"select\" starts a second statement; run one statement per call"},
		{"select a from t where b = $1", "syntax error at position 27: $1: use ? placeholders"},
		{"with recursive x as (select 1) select * from x", "WITH RECURSIVE (recursive common table expressions) is not supported"},
		{"with x as select 1 select * from x", "syntax error at position 11 near 'select': WITH needs name [(columns)] AS (SELECT ...), expected '('"},
		{"with x as (select 1), x as (select 2) select * from x", `common table expression "x" is defined twice`},
		{"with x as (select 1 frm t) select * from x", "syntax error at position 25 near 't'"},
		{"call proc()", "CALL (stored procedures) is not supported yet"},
		{"select a, rank() over from t", "RANK() OVER needs a window"},
		{"select a, rank() over (partition by a order by b b2 c) from t", "RANK() OVER: syntax error at position 50 near 'b2'"},
		{"select a, rank() over (partition by a order by b + * c) from t", "RANK() OVER: syntax error at position 52 near '*'"},
		{"select a, rank() over (order by a rows between 1 preceding) from t", "a frame BETWEEN needs AND"},
		{"insert into t (a) values (1)", "INSERT is not supported yet"},
		{"update t set a = 1", "UPDATE is not supported yet"},
		{"delete from t", "DELETE is not supported yet"},
		{"select 1 intersect select 2", "INTERSECT is not supported yet"},
		{"show tables", "SHOW is not supported yet"},
		{"describe t", "DESCRIBE T is not supported yet"},
		{"explain update t set a = 1", "EXPLAIN supports SELECT statements only"},
		{"", "empty SQL statement"},
		{"  -- nothing\n", "empty SQL statement"},
	}
	for _, tc := range tests {
		_, err := parseStatement(tc.sql)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("parseStatement(%q): %v, want %q", tc.sql, err, tc.want)
		}
	}
}

func TestParseExplain(t *testing.T) {
	for _, sql := range []string{"EXPLAIN select 1", "explain\nselect 顧客名 from 顧客", "/* c */ explain select 1", "DESCRIBE select 1"} {
		st, err := parseStatement(sql)
		if err != nil || !st.explain || st.sel == nil {
			t.Errorf("parseStatement(%q) = %+v, %v; want an explained select", sql, st, err)
		}
	}
}
