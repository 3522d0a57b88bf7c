package sqltext

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// kinds renders the code tokens of src as "kind:text" for comparison.
func kinds(src string) []string {
	names := map[Kind]string{Word: "w", Number: "n", String: "s", Quoted: "q", Bracket: "b", Param: "?", Punct: "p"}
	var out []string
	for _, t := range CodeTokens(src) {
		out = append(out, names[t.Kind]+":"+t.Text)
	}
	return out
}

func TestLexTokens(t *testing.T) {
	cases := map[string][]string{
		"SELECT 5--3":                 {"w:SELECT", "n:5", "p:-", "p:-", "n:3"},
		"SELECT 5-- 3":                {"w:SELECT", "n:5"},
		"SELECT 5--":                  {"w:SELECT", "n:5"},
		"a # b\nc":                    {"w:a", "w:c"},
		"a // b":                      {"w:a", "p:/", "p:/", "w:b"},
		"顧客名（カナ） = $id":               {"w:顧客名（カナ）", "p:=", "w:$id"},
		"x\u3000y":                    {"w:x", "w:y"},
		"[a]];b] `c``d` 'e''f\\'g' ?": {"b:[a]];b]", "q:`c``d`", "s:'e''f\\'g'", "?:?"},
		"/*! 1 + */ 2":                {"n:1", "p:+", "n:2"},
		"/*!50700 1 */":               {"n:1"},
		"/* 'x */ 1 */":               {"n:1", "p:*", "p:/"},
		"1.5e-3 0x1F 2abc":            {"n:1.5e-3", "n:0x1F", "w:2abc"},
		"'?' -- ?\n?":                 {"s:'?'", "?:?"},
	}
	for src, want := range cases {
		assert.Equal(t, want, kinds(src), src)
	}
}

func TestLexKeepsEveryByte(t *testing.T) {
	for _, src := range []string{"SELECT /*! a */ -- x\n 'b' [c] `d` é\u3000", "'open", "/* open", "/*! open"} {
		var b strings.Builder
		for _, tok := range Lex(src) {
			b.WriteString(tok.Text)
		}
		assert.Equal(t, src, b.String())
	}
}

func TestOpenTokens(t *testing.T) {
	for src, kind := range map[string]Kind{"SELECT 'ab": String, "SELECT `ab": Quoted, "SELECT [ab": Bracket, "SELECT /* ab": Comment, "SELECT /*! ab": ExecMark} {
		toks := Lex(src)
		last := toks[len(toks)-1]
		assert.True(t, last.Open, src)
		assert.Equal(t, kind, last.Kind, src)
		assert.Equal(t, 7, last.Pos, src)
	}
}

func TestNamesAndValues(t *testing.T) {
	toks := CodeTokens("[a]]b] `c``d` 'x\\ny''z\\%' \"q\\\"\"")
	assert.Equal(t, "a]b", toks[0].Name())
	assert.Equal(t, "c`d", toks[1].Name())
	assert.Equal(t, "x\ny'z\\%", toks[2].Value())
	assert.Equal(t, "q\"", toks[3].Value())
}

func TestKeyword(t *testing.T) {
	for src, want := range map[string]string{
		"select 1":                            "SELECT",
		"\n\t Insert into x":                  "INSERT",
		"-- c\n# d\n/* e */ (( update":        "UPDATE",
		"/*! select */ 1":                     "SELECT",
		"--comment":                           "",
		"/* unterminated":                     "",
		"-- only a comment":                   "",
		"":                                    "",
		"123":                                 "",
		"ＳＥＬＥＣＴ":                              "ＳＥＬＥＣＴ",
		"\u3000with x as (select 1) select 2": "WITH",
	} {
		assert.Equal(t, want, Keyword(src), src)
	}
}

func TestStatementKeyword(t *testing.T) {
	for src, want := range map[string]string{
		"WITH w AS (SELECT 1) SELECT * FROM w":                                         "SELECT",
		"with w (a) as (select 1), v as (select 2) update t set a = 1":                 "UPDATE",
		"WITH w AS (SELECT $id FROM t) DELETE FROM t WHERE $id IN (SELECT $id FROM w)": "DELETE",
		"(WITH w AS (SELECT 1) SELECT * FROM w)":                                       "SELECT",
		"WITH `update` AS (SELECT 1 AS `delete`) SELECT * FROM `update`":               "SELECT",
		"WITH w AS (DELETE)": "WITH",
		"INSERT INTO t WITH w AS (SELECT 1) SELECT * FROM w": "INSERT",
		"select 1": "SELECT",
	} {
		assert.Equal(t, want, StatementKeyword(src), src)
	}
}
