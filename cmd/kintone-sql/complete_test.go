package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakeTables is a completionSource and metadataSource over fixed tables.
type fakeTables struct {
	tables  []tableInfo
	lookups atomic.Int64
	fail    bool
}

func (f *fakeTables) TableNames() []string {
	var out []string
	for _, t := range f.tables {
		out = append(out, t.Name)
	}
	return out
}

func (f *fakeTables) ColumnNames(table string) []string {
	for _, t := range f.tables {
		if strings.EqualFold(t.Name, table) || strings.EqualFold(t.AppCode, table) {
			return columnNamesOf(t)
		}
	}
	return nil
}

func (f *fakeTables) AppNames(context.Context) ([]string, error) {
	if f.fail {
		return nil, errors.New("boom")
	}
	var out []string
	for _, t := range f.tables {
		if t.Kind == "app" {
			out = append(out, t.Name)
		}
	}
	return out, nil
}

func (f *fakeTables) Tables(context.Context) ([]tableInfo, error) {
	if f.fail {
		return nil, errors.New("kintone: GET /k/v1/apps.json: 520 GAIA_XX: boom")
	}
	return f.tables, nil
}

func (f *fakeTables) Table(_ context.Context, name string) (tableInfo, error) {
	f.lookups.Add(1)
	for _, t := range f.tables {
		if strings.EqualFold(t.Name, name) || strings.EqualFold(t.AppCode, name) {
			return t, nil
		}
	}
	return tableInfo{}, errors.New(`table "` + name + `" not found`)
}

// demoLikeTables resemble the demo tenant.
func demoLikeTables() *fakeTables {
	cols := func(names ...string) []columnInfo {
		var out []columnInfo
		for _, n := range names {
			out = append(out, columnInfo{Name: n, Type: "VARCHAR", FieldType: "SINGLE_LINE_TEXT", Code: n, Nullable: true})
		}
		return out
	}
	return &fakeTables{tables: []tableInfo{
		{Name: "顧客", Kind: "app", App: 1, AppCode: "CUSTOMER", Columns: cols("$id", "会社名", "業種", "従業員数")},
		{Name: "Deals", Kind: "app", App: 2, AppCode: "DEAL", Columns: cols("$id", "案件名", "customer", "amount", "stage")},
		{Name: "Deals_明細", Kind: "subtable", App: 2, Columns: cols("$id", "product", "qty")},
		{Name: "Partner Requests", Kind: "app", App: 4, Columns: cols("件名", "partner")},
		{Name: "Tasks", Kind: "app", App: 3, Columns: cols("title", "Status", "due date")},
	}}
}

func TestComplete(t *testing.T) {
	src := demoLikeTables()
	cases := []struct {
		name          string
		before, after string
		word          string
		want          []string // exactly, in order
		contains      []string // at least these
		excludes      []string
	}{
		{name: "keyword upper", before: "SEL", word: "SEL", want: []string{"SELECT"}},
		{name: "keyword lower", before: "sel", word: "sel", want: []string{"select"}},
		{name: "keyword capitalised", before: "Sel", word: "Sel", want: []string{"Select"}},
		{name: "keyword in the case of the last letter", before: "De", word: "De", want: []string{"Deals", "Deals_明細", "Delete", "Desc", "Describe"}},
		{name: "keyword ending upper", before: "dE", word: "dE", want: []string{"Deals", "Deals_明細", "dELETE", "dESC", "dESCRIBE"}},
		{name: "table after FROM", before: "SELECT * FROM De", word: "De", want: []string{"Deals", "Deals_明細"}},
		{name: "japanese table", before: "SELECT * FROM 顧", word: "顧", want: []string{"顧客"}},
		{name: "all tables after FROM", before: "SELECT * FROM ", word: "", want: []string{"顧客", "Deals", "Deals_明細", "`Partner Requests`", "Tasks"}},
		{name: "table after comma in FROM", before: "SELECT * FROM Deals d, Ta", word: "Ta", want: []string{"Tasks"}},
		{name: "table after JOIN", before: "SELECT * FROM Deals d JOIN 顧", word: "顧", want: []string{"顧客"}},
		{name: "quoted table", before: "SELECT * FROM `Part", word: "`Part", want: []string{"`Partner Requests`"}},
		{name: "unquoted prefix of a name needing quotes", before: "SELECT * FROM Part", word: "Part", want: nil},
		{name: "column of statement table", before: "SELECT 会", after: " FROM 顧客", word: "会", want: []string{"会社名"}},
		{name: "column in WHERE", before: "SELECT * FROM Deals WHERE st", word: "st", want: []string{"stage"}},
		{name: "column by alias", before: "SELECT d.", after: " FROM Deals d JOIN 顧客 c ON d.customer = c.会社名", word: "", want: []string{"$id", "案件名", "customer", "amount", "stage"}},
		{name: "column by alias with AS", before: "SELECT c.業", after: " FROM Deals AS d JOIN 顧客 AS c", word: "業", want: []string{"業種"}},
		{name: "column by app code", before: "SELECT * FROM DEAL WHERE am", word: "am", want: []string{"amount"}},
		{name: "column needing quotes", before: "SELECT `du", after: " FROM Tasks", word: "`du", want: []string{"`due date`"}},
		{name: "columns and keywords mix", before: "SELECT * FROM Deals WHERE a", word: "a", contains: []string{"amount", "and", "as"}},
		{name: "no completion inside a string", before: "SELECT * FROM Deals WHERE stage = '見", word: "'見", want: nil},
		{name: "dollar names", before: "SELECT $", after: " FROM Deals", word: "$", want: []string{"$id"}},
		{name: "earlier lines give context", before: "SELECT *\nFROM Deals\nWHERE cu", word: "cu", want: []string{"customer"}},
		{name: "no statement tables: every column", before: "SELECT 従", word: "従", want: []string{"従業員数"}},
		{name: "command names", before: `\d`, word: `\d`, want: []string{`\dt`, `\d`, `\du`, `\dg`}},
		{name: "command table argument", before: `\d De`, word: "De", want: []string{"Deals", "Deals_明細"}},
		{name: "command quoted table argument", before: `\d Par`, word: "Par", want: []string{"Partner Requests"}},
		{name: "format argument", before: `\format js`, word: "js", want: []string{"json", "jsonl"}},
		{name: "toggle argument", before: `\x o`, word: "o", want: []string{"on", "off"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := complete(c.before, c.after, src)
			assert.Equal(t, c.word, got.Word, "word")
			if c.contains == nil {
				assert.ElementsMatch(t, c.want, got.Candidates)
				if len(c.want) > 0 {
					assert.Equal(t, c.want, got.Candidates, "order")
				}
			}
			for _, w := range c.contains {
				assert.Contains(t, got.Candidates, w)
			}
		})
	}
}

func TestCompleteFileNames(t *testing.T) {
	dir := t.TempDir()
	for _, n := range []string{"report.sql", "reset.sql", "other.txt"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, n), nil, 0o600))
	}
	got := complete(`\i `+filepath.Join(dir, "re"), "", demoLikeTables())
	assert.ElementsMatch(t, []string{filepath.Join(dir, "report.sql"), filepath.Join(dir, "reset.sql")}, got.Candidates)
}

func TestSuffixes(t *testing.T) {
	cases := []struct {
		comp completion
		want []string
	}{
		{completion{Word: "SEL", Candidates: []string{"SELECT"}}, []string{"ECT "}},
		{completion{Word: "De", Candidates: []string{"Deals", "Deals_明細"}}, []string{"als", "als_明細"}},
		{completion{Word: "deals", Candidates: []string{"Deals"}}, []string{" "}},
		{completion{Word: "顧", Candidates: []string{"顧客"}}, []string{"客 "}},
		{completion{Word: "", Candidates: []string{"`Partner Requests`"}}, []string{"`Partner Requests` "}},
		{completion{Word: "Part", Candidates: []string{"`Partner Requests`"}}, nil},
		{completion{Word: "d.", Candidates: []string{"d."}}, []string{""}},
	}
	for _, c := range cases {
		var got []string
		for _, s := range suffixes(c.comp) {
			got = append(got, string(s))
		}
		assert.Equal(t, c.want, got, "suffixes(%+v)", c.comp)
	}
}

func TestKeywordsSortedAndQuoting(t *testing.T) {
	require.True(t, slices.IsSorted(sqlKeywords), "sqlKeywords must be sorted for isKeyword")
	cases := map[string]string{
		"会社名":              "会社名",
		"$id":              "$id",
		"Partner Requests": "`Partner Requests`",
		"order":            "`order`",
		"1st":              "`1st`",
		"a`b":              "`a``b`",
		"金融・保険":            "金融・保険",
	}
	for in, want := range cases {
		assert.Equal(t, want, quoteName(in), "quoteName(%q)", in)
	}
}

func TestCompletionCache(t *testing.T) {
	src := demoLikeTables()
	c := newCompletionCache(context.Background(), src)
	// Before load: an unknown list, but a named table is looked up once.
	assert.Contains(t, c.ColumnNames("deal"), "amount", "lookup by app code")
	c.ColumnNames("DEAL")
	c.ColumnNames("nosuch")
	c.ColumnNames("nosuch")
	assert.EqualValues(t, 2, src.lookups.Load(), "one lookup per name, misses remembered")
	require.NoError(t, c.loadNames(context.Background()))
	assert.Equal(t, []string{"顧客", "Deals", "Partner Requests", "Tasks"}, c.TableNames(), "after loadNames")
	require.NoError(t, c.load(context.Background()))
	assert.Equal(t, []string{"顧客", "Deals", "Deals_明細", "Partner Requests", "Tasks"}, c.TableNames())
	assert.Contains(t, c.ColumnNames("tasks"), "due date")
	src.fail = true
	assert.Error(t, c.load(context.Background()), "load error not returned")
	assert.Len(t, c.TableNames(), 5, "a failed load dropped the cached tables")
}
