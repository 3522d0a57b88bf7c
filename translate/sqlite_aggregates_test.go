package translate_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// concatQueries compare GROUP_CONCAT with SQLite's group_concat where
// they agree: an explicit separator, and an ORDER BY that fixes the order
// of the values (SQLite 3.44's group_concat(x, sep ORDER BY ...)).
var concatQueries = []diffQuery{
	{my: "select o.status, group_concat(o.`$id` order by o.`$id`) from orders o group by o.status",
		lite: "select o.status, group_concat(o.`$id`, ',' order by o.`$id`) from orders o group by o.status"},
	{my: "select o.status, group_concat(o.note order by o.`$id` desc separator ' / ') from orders o where o.qty > 15 group by o.status",
		lite: "select o.status, group_concat(o.note, ' / ' order by o.`$id` desc) from orders o where o.qty > 15 group by o.status"},
	{my: "select c.region, group_concat(distinct c.`rank` order by c.`rank` separator '') from customers c group by c.region",
		lite: "select c.region, (select group_concat(r, '') from (select distinct c2.`rank` as r from customers c2 where c2.region is c.region order by r)) from customers c group by c.region"},
	{my: "select c.`rank`, group_concat(c.name, '(', c.region, ')' order by c.`$id` separator '、') from customers c where c.`$id` < 20 group by c.`rank`",
		lite: "select c.`rank`, group_concat(c.name || '(' || c.region || ')', '、' order by c.`$id`) from customers c where c.`$id` < 20 group by c.`rank`"},
	{my: "select group_concat(o.qty order by o.qty desc, o.`$id` separator ';') from orders o where o.amount > 4500",
		lite: "select group_concat(o.qty, ';' order by o.qty desc, o.`$id`) from orders o where o.amount > 4500"},
	{my: "select o.status, group_concat(o.note order by o.`$id`) from orders o where o.note is null group by o.status",
		lite: "select o.status, group_concat(o.note, ',' order by o.`$id`) from orders o where o.note is null group by o.status"},
}

func TestSQLiteDifferentialGroupConcat(t *testing.T) {
	runDiff(t, openDiffDBs(t), concatQueries)
}

// TestGroupConcatTruncates checks MySQL's default group_concat_max_len:
// the result is cut at 1024 bytes, on a character boundary.
func TestGroupConcatTruncates(t *testing.T) {
	d := openDiffDBs(t)
	rows, err := readRows(d.kin, "select group_concat(o.status order by o.`$id` separator '') from orders o")
	require.NoError(t, err)
	got := rows[0][0].text
	full, err := readRows(d.lite, "select group_concat(o.status, '' order by o.`$id`) from orders o where o.status is not null")
	require.NoError(t, err)
	require.Greater(t, len(full[0][0].text), 1024)
	assert.LessOrEqual(t, len(got), 1024)
	assert.Greater(t, len(got), 1024-4)
	assert.True(t, strings.HasPrefix(full[0][0].text, got))
}

// quantifiedQueries compare ANY/ALL with SQLite spellings of MySQL's rules
// (SQLite has no ANY/ALL): ANY is true when some comparison is true, else
// NULL when one is NULL, else false; ALL is false when some comparison is
// false, else NULL when one is NULL, else true.
var quantifiedQueries = []diffQuery{
	{my: "select o.`$id`, o.qty > any (select c.employees - 490 from customers c where c.region = '東京') from orders o",
		lite: "select o.`$id`, case when exists (select 1 from customers c where c.region = '東京' and o.qty > c.employees - 490) then 1 " +
			"when exists (select 1 from customers c where c.region = '東京' and (o.qty is null or c.employees is null)) then null else 0 end from orders o"},
	{my: "select o.`$id`, o.qty >= all (select i.`count` from items i where i.order_id = o.`$id`) from orders o",
		lite: "select o.`$id`, case when exists (select 1 from items i where i.order_id = o.`$id` and not (o.qty >= i.`count`)) then 0 " +
			"when exists (select 1 from items i where i.order_id = o.`$id` and (o.qty is null or i.`count` is null)) then null else 1 end from orders o"},
	{my: "select o.`$id` from orders o where o.status = some (select c.region from customers c) or o.amount < all (select i.price from items i where i.product = '桃')",
		lite: "select o.`$id` from orders o where o.status in (select c.region from customers c) or " +
			"(not exists (select 1 from items i where i.product = '桃' and not (o.amount < i.price)) and not exists (select 1 from items i where i.product = '桃' and (o.amount is null or i.price is null)))"},
	{my: "select c.name from customers c where c.employees <> all (select o.qty * 10 from orders o where o.cust_id = c.`$id`)",
		lite: "select c.name from customers c where not exists (select 1 from orders o where o.cust_id = c.`$id` and not (c.employees <> o.qty * 10)) " +
			"and not exists (select 1 from orders o where o.cust_id = c.`$id` and (c.employees is null or o.qty is null))"},
}

func TestSQLiteDifferentialQuantified(t *testing.T) {
	runDiff(t, openDiffDBs(t), quantifiedQueries)
}

// TestQuantifiedMySQLRules checks ANY/ALL against MySQL's documented
// results, NULLs and empty subqueries included.
func TestQuantifiedMySQLRules(t *testing.T) {
	d := openDiffDBs(t)
	for q, want := range map[string]string{
		"select 5 > any (select 3 union all select 7)":                       "1",
		"select 5 > all (select 3 union all select 7)":                       "0",
		"select 5 > any (select 7 union all select null)":                    "NULL",
		"select 5 > any (select 3 union all select null)":                    "1",
		"select 5 > all (select 3 union all select null)":                    "NULL",
		"select 5 > all (select 3 union all select 9 union all select null)": "0",
		"select null = any (select 1)":                                       "NULL",
		"select null = any (select 1 from dual where 1 = 0)":                 "0",
		"select null > all (select 1 from dual where 1 = 0)":                 "1",
		"select 2 <> some (select 2)":                                        "0",
		"select 2 != all (select 1 union all select 3)":                      "1",
		"select 'b' <= any (select 'a' union all select 'c')":                "1",
	} {
		rows, err := readRows(d.kin, q)
		require.NoError(t, err, q)
		got := rows[0][0].text
		if rows[0][0].num != nil {
			got = rows[0][0].num.String()
		}
		assert.Equal(t, want, got, q)
	}
}

// rollupQueries compare WITH ROLLUP with its definition spelled for
// SQLite (which has no ROLLUP): the groups, then the groups of each
// shorter prefix of the GROUP BY list with NULL in the rolled-up columns,
// then the grand total.
var rollupQueries = []diffQuery{
	{my: "select o.status, count(*), sum(o.qty) from orders o group by o.status with rollup",
		lite: "select o.status, count(*), sum(o.qty) from orders o group by o.status union all select null, count(*), sum(o.qty) from orders o"},
	{my: "select c.region, c.`rank`, count(*), max(c.employees) from customers c group by c.region, c.`rank` with rollup",
		lite: "select c.region, c.`rank`, count(*), max(c.employees) from customers c group by c.region, c.`rank` " +
			"union all select c.region, null, count(*), max(c.employees) from customers c group by c.region " +
			"union all select null, null, count(*), max(c.employees) from customers c"},
	{my: "select o.status, count(distinct o.qty) from orders o where o.amount > 1000 group by o.status with rollup having count(distinct o.qty) > 3",
		lite: "select * from (select o.status, count(distinct o.qty) as n from orders o where o.amount > 1000 group by o.status " +
			"union all select null, count(distinct o.qty) from orders o where o.amount > 1000) where n > 3"},
	ord(same2("select o.status, sum(o.amount) as s from orders o group by o.status with rollup order by s desc",
		"select * from (select o.status, sum(o.amount) as s from orders o group by o.status union all select null, sum(o.amount) from orders o) order by s desc")),
}

// same2 is a query spelled differently for SQLite.
func same2(my, lite string) diffQuery { return diffQuery{my: my, lite: lite} }

func TestSQLiteDifferentialRollup(t *testing.T) {
	runDiff(t, openDiffDBs(t), rollupQueries)
	d := openDiffDBs(t)
	rows, err := readRows(d.kin, "explain select o.status, count(*) from orders o group by o.status with rollup")
	require.NoError(t, err)
	found := false
	for _, r := range rows {
		for _, v := range r {
			found = found || strings.Contains(v.text, "with rollup")
		}
	}
	assert.True(t, found, "EXPLAIN names the rollup: %v", rows)
}
