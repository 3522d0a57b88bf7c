package translate

import (
	"fmt"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kintone-sql/kintone/kintonetest"
)

// provenanceCase is one SQL condition standing for a row of the
// provenance table, with what is pushed and whether a client-side
// re-check remains, by default (untrusted) and with TrustAssumedPushdown.
type provenanceCase struct {
	rule                ruleKey
	table, where        string
	query, trustedQuery string
	residual, trustedRe bool
	// kintoneOnly marks conditions only kintone can evaluate.
	kintoneOnly bool
}

// provenanceCases pins every row of pushdownRules.
var provenanceCases = []provenanceCase{
	{rule: ruleIDCompare, where: "$id > 5", query: `$id > 5`, trustedQuery: `$id > 5`},
	{rule: ruleNumberEq, where: "num = 10", query: `num = 10`, trustedQuery: `num = 10`},
	{rule: ruleNumberEq, where: "calc in (3, 20)", query: `calc in (3, 20)`, trustedQuery: `calc in (3, 20)`},
	{rule: ruleNumberEqZero, where: "num = 0", query: `num = 0`, residual: true, trustedQuery: `num = 0`},
	{rule: ruleNumberEqZero, where: "num in (0, 7)", query: `num in (0, 7)`, residual: true, trustedQuery: `num in (0, 7)`},
	{rule: ruleNumberOrder, where: "num < 100", query: `num < 100`, residual: true, trustedQuery: `num < 100`},
	{rule: ruleNumberOrder, where: "calc >= -10", query: `calc >= -10`, residual: true, trustedQuery: `calc >= -10`},
	{rule: ruleNumberOrder, where: "num between 0 and 10", query: `num >= 0 and num <= 10`, residual: true, trustedQuery: `num >= 0 and num <= 10`},
	{rule: ruleNumberNe, where: "num <> 10", query: `num != 10`, residual: true, trustedQuery: `num != 10`, trustedRe: true},
	{rule: ruleNumberIsNull, where: "num is null", query: ``, residual: true, trustedQuery: `num = ""`},
	{rule: ruleNumberNotNull, where: "calc is not null", query: ``, residual: true, trustedQuery: `calc != ""`},
	{rule: ruleTemporalEq, where: "d = '2024-05-03'", query: `d = "2024-05-03"`, trustedQuery: `d = "2024-05-03"`},
	{rule: ruleTemporalOrder, where: "d < '2024-05-10'", query: `d < "2024-05-10"`, residual: true, trustedQuery: `d < "2024-05-10"`},
	{rule: ruleTemporalOrder, where: "t <= '12:00'", query: `t <= "12:00"`, residual: true, trustedQuery: `t <= "12:00"`},
	{rule: ruleTemporalNe, where: "dt <> '2024-05-02 01:13'", query: `dt != "2024-05-02T01:13:00Z"`, residual: true,
		trustedQuery: `dt != "2024-05-02T01:13:00Z"`, trustedRe: true},
	{rule: ruleSystemTime, where: "作成日時 < '2030-01-01'", query: `作成日時 < "2030-01-01T00:00:00Z"`, trustedQuery: `作成日時 < "2030-01-01T00:00:00Z"`},
	{rule: ruleTemporalIsNull, where: "dt is null", query: ``, residual: true, trustedQuery: `dt = ""`},
	{rule: ruleTemporalNotNull, where: "t is not null", query: ``, residual: true, trustedQuery: `t != ""`},
	{rule: ruleDateFunc, where: "d = TODAY()", query: `d = TODAY()`, trustedQuery: `d = TODAY()`, kintoneOnly: true},
	{rule: ruleDateFunc, where: "d >= FROM_TODAY(-7, DAYS)", query: `d >= FROM_TODAY(-7, DAYS)`, residual: true,
		trustedQuery: `d >= FROM_TODAY(-7, DAYS)`, kintoneOnly: true},
	{rule: ruleDateFunc, where: "d < TODAY()", query: `d < TODAY()`, residual: true, trustedQuery: `d < TODAY()`, kintoneOnly: true},
	{rule: ruleDateFunc, where: "作成日時 < THIS_YEAR()", query: `作成日時 < THIS_YEAR()`, trustedQuery: `作成日時 < THIS_YEAR()`, kintoneOnly: true},
	{rule: ruleDateFuncNe, where: "d <> FROM_TODAY(-3, DAYS)", query: `d != FROM_TODAY(-3, DAYS)`, residual: true,
		trustedQuery: `d != FROM_TODAY(-3, DAYS) and d != ""`, kintoneOnly: true},
	{rule: ruleTextEq, where: "txt = 'abc'", query: `txt = "abc"`, residual: true, trustedQuery: `txt = "abc"`, trustedRe: true},
	{rule: ruleTextIsNull, where: "link is null", query: `link = ""`, residual: true, trustedQuery: `link = ""`, trustedRe: true},
	{rule: ruleMultiTextIsEmpty, where: "mtxt is null", query: `mtxt is empty`, residual: true, trustedQuery: `mtxt is empty`, trustedRe: true},
	{rule: ruleChoiceIn, where: "dd = 'A'", query: `dd in ("A")`, trustedQuery: `dd in ("A")`},
	{rule: ruleChoiceIn, where: "kintone_in(cb, 'B')", query: `cb in ("B")`, trustedQuery: `cb in ("B")`},
	{rule: ruleChoiceNotIn, where: "radio <> 'X'", query: `radio not in ("X")`, residual: true, trustedQuery: `radio not in ("X")`, trustedRe: true},
	{rule: ruleDropDownEmpty, where: "dd is null", query: `dd in ("")`, trustedQuery: `dd in ("")`},
	{rule: ruleDropDownEmpty, where: "not kintone_in(dd, 'A')", query: `dd not in ("A") and dd not in ("")`,
		trustedQuery: `dd not in ("A") and dd not in ("")`},
	{rule: ruleChoiceEmpty, where: "cb is null", query: ``, residual: true, trustedQuery: `cb in ("")`},
	{rule: ruleChoiceEmpty, where: "ms is not null", query: ``, residual: true, trustedQuery: `ms not in ("")`},
	{rule: ruleChoiceEmpty, where: "radio is null", query: ``, residual: true, trustedQuery: `radio in ("")`},
	{rule: ruleChoiceEmpty, where: "not kintone_in(cb, 'B')", query: `cb not in ("B")`, residual: true,
		trustedQuery: `cb not in ("B") and cb not in ("")`},
	{rule: ruleEntityCode, where: "[作成者 Code] = 'Administrator'", query: `作成者 in ("Administrator")`, residual: true,
		trustedQuery: `作成者 in ("Administrator")`, trustedRe: true},
	{rule: ruleSelectionIn, where: "kintone_in(users, 'Administrator')", query: `users in ("Administrator")`, trustedQuery: `users in ("Administrator")`},
	{rule: ruleSelectionEmpty, where: "not kintone_in(orgs, 'dev')", query: `orgs not in ("dev")`, residual: true,
		trustedQuery: `orgs not in ("dev") and orgs not in ("")`},
	{rule: ruleSelectionEmpty, where: "not kintone_in(users, LOGINUSER())", query: `users not in (LOGINUSER())`, residual: true,
		trustedQuery: `users not in (LOGINUSER()) and users not in ("")`, kintoneOnly: true},
	{rule: ruleUserFunc, where: "users in (LOGINUSER())", query: `users in (LOGINUSER())`, trustedQuery: `users in (LOGINUSER())`, kintoneOnly: true},
	{rule: ruleOrgFunc, where: "orgs in (PRIMARY_ORGANIZATION())", query: `orgs in (PRIMARY_ORGANIZATION())`,
		trustedQuery: `orgs in (PRIMARY_ORGANIZATION())`, kintoneOnly: true},
	{rule: ruleFileEmpty, where: "file is not null", query: `file is not empty`, trustedQuery: `file is not empty`},
	{rule: ruleWordSearch, where: "match(mtxt) against('word')", query: `mtxt like "word"`, trustedQuery: `mtxt like "word"`, kintoneOnly: true},
	{rule: ruleSubtable, table: allTypesApp + "_tbl", where: "inum > 3", query: `inum > 3`, residual: true, trustedQuery: `inum > 3`, trustedRe: true},
}

// TestPushdownProvenance pins every row of the provenance table: the
// kintone query sent and whether a re-check remains, by default and with
// TrustAssumedPushdown; and each answer equals the client-side one on a
// faithful emulator and on one that deviates where kintone's behaviour
// is open (so the default cannot depend on the open rows).
func TestPushdownProvenance(t *testing.T) {
	seed := func(srv *kintonetest.Server) { seedAllTypes(t, srv, 60) }
	faithful := newFixture(t, seed)
	deviant := newFixture(t, seed, kintonetest.WithDeviations(kintonetest.Deviations{
		EmptyNumberAsZero: true, EmptyTestsMatchAll: true, EmptyDateFirst: true}))
	trusted := Options{TrustAssumedPushdown: true}
	covered := map[ruleKey]bool{}
	for _, tc := range provenanceCases {
		covered[tc.rule] = true
		table := tc.table
		if table == "" {
			table = allTypesApp
		}
		sql := "select * from " + table + " where " + tc.where
		t.Run(tc.where, func(t *testing.T) {
			rule := ruleIndex[tc.rule]
			s := shapeOf(faithful.plan(sql, Options{}))
			assert.Equal(t, tc.query, s.query, "pushed by default")
			assert.Equal(t, tc.residual, s.residual, "re-checked by default")
			s = shapeOf(faithful.plan(sql, trusted))
			assert.Equal(t, tc.trustedQuery, s.query, "pushed when trusted")
			assert.Equal(t, tc.trustedRe, s.residual, "re-checked when trusted")
			// The defaults follow the row: an assumed row is never exact.
			if rule.Source == Assumed && rule.Answer == Exact {
				assert.True(t, tc.residual || tc.query == "", "assumed row %q used as exact", rule.Form)
			}
			if tc.kintoneOnly {
				want := faithful.query(sql, trusted)
				assert.Equal(t, sortedRows(want), sortedRows(faithful.query(sql, Options{})), "default answer on the faithful emulator")
				assert.Equal(t, sortedRows(want), sortedRows(deviant.query(sql, Options{})), "default answer on the deviating emulator")
				return
			}
			want := sortedRows(faithful.query(sql, Options{NoPushdown: true}))
			assert.Equal(t, want, sortedRows(faithful.query(sql, Options{})), "default answer on the faithful emulator")
			assert.Equal(t, want, sortedRows(faithful.query(sql, trusted)), "trusted answer on the faithful emulator")
			assert.Equal(t, want, sortedRows(deviant.query(sql, Options{})), "default answer on the deviating emulator")
		})
	}
	for _, r := range pushdownRules {
		if r.key != ruleCount && r.key != ruleOrderValues && r.key != ruleOrderEmpty && r.key != ruleOrderDescHeld { // ORDER BY: TestPushdownProvenanceOrder
			assert.True(t, covered[r.key], "no case pins the row %s / %s", r.Types, r.Form)
		}
	}
}

// TestDeviantServerChangesTrustedAnswers shows the deviating emulator is
// a real test: trusting the assumed rows there gives wrong SQL answers
// (the empty NUMBER fields match num < 100 as 0), while the default does
// not, for rows and for COUNT(*).
func TestDeviantServerChangesTrustedAnswers(t *testing.T) {
	deviant := newFixture(t, func(srv *kintonetest.Server) { seedAllTypes(t, srv, 60) },
		kintonetest.WithDeviations(kintonetest.Deviations{EmptyNumberAsZero: true, EmptyTestsMatchAll: true}))
	trusted := Options{TrustAssumedPushdown: true}
	for _, where := range []string{"num < 100", "num is null", "cb is null"} {
		sql := "select count(*) from " + allTypesApp + " where " + where
		want := deviant.query(sql, Options{NoPushdown: true})
		require.Len(t, want, 1)
		assert.Equal(t, want, deviant.query(sql, Options{}), "%s: default count", where)
		assert.NotEqual(t, fmt.Sprint(want), fmt.Sprint(deviant.query(sql, trusted)), "%s: the deviation does not show", where)
		s := shapeOf(deviant.plan(sql, Options{}))
		assert.Nil(t, s.count, "%s: COUNT(*) over an assumed condition used totalCount", where)
	}
	s := shapeOf(deviant.plan("select count(*) from "+allTypesApp+" where num = 10", Options{}))
	require.NotNil(t, s.count, "COUNT(*) over a documented exact condition should use totalCount")
}

// TestPushdownDocUpToDate checks that docs/pushdown.md is the rendering of
// the provenance table (KINTONE_UPDATE_DOCS=1 rewrites it).
func TestPushdownDocUpToDate(t *testing.T) {
	const path = "../docs/pushdown.md"
	doc := PushdownDoc()
	if os.Getenv("KINTONE_UPDATE_DOCS") == "1" {
		require.NoError(t, os.WriteFile(path, []byte(doc), 0o644))
	}
	got, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.Equal(t, doc, string(got), "docs/pushdown.md is stale: run KINTONE_UPDATE_DOCS=1 go test ./translate/ -run TestPushdownDocUpToDate")
	for _, r := range pushdownRules {
		assert.Contains(t, string(got), cell(r.Cite))
	}
}

// TestPushdownProvenanceOrder pins the two ORDER BY rows: never-empty
// columns are sorted by kintone; a nullable column only when trusted
// (where kintone puts empty values is assumed). The default answer is
// SQL's also on a server that sorts empty values last.
func TestPushdownProvenanceOrder(t *testing.T) {
	seed := func(srv *kintonetest.Server) { seedAllTypes(t, srv, 60) }
	faithful := newFixture(t, seed)
	deviant := newFixture(t, seed, kintonetest.WithDeviations(kintonetest.Deviations{EmptySortsLast: true}))
	trusted := Options{TrustAssumedPushdown: true}
	for _, tc := range []struct {
		sql                       string
		sortsByDefault, trustSort bool
	}{
		{"select $id from " + allTypesApp + " order by 作成日時 desc, $id limit 5", false, false},
		{"select $id from " + allTypesApp + " order by $id desc limit 5", false, false},
		{"select $id, num from " + allTypesApp + " order by num, $id limit 5", true, false},
		{"select $id, d from " + allTypesApp + " order by d desc, $id limit 7", true, false},
	} {
		assert.Equal(t, tc.sortsByDefault, shapeOf(faithful.plan(tc.sql, Options{})).sort, "%s: client-side sort by default", tc.sql)
		assert.Equal(t, tc.trustSort, shapeOf(faithful.plan(tc.sql, trusted)).sort, "%s: client-side sort when trusted", tc.sql)
		want := faithful.query(tc.sql, Options{NoPushdown: true})
		assert.Equal(t, want, faithful.query(tc.sql, trusted), tc.sql)
		assert.Equal(t, want, deviant.query(tc.sql, Options{}), "%s: default answer on a server sorting empties last", tc.sql)
	}
	sql := "select $id, num from " + allTypesApp + " order by num, $id limit 5"
	assert.NotEqual(t, faithful.query(sql, Options{NoPushdown: true}), deviant.query(sql, trusted), "the deviation does not show")
}
