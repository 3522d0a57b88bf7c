package translate_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// cteQueries cover common table expressions: several CTEs, a CTE used
// twice, CTEs over CTEs, column lists, CTEs in subqueries and joins,
// NULLs and Japanese text.
var cteQueries = []diffQuery{
	same("with t as (select o.status, o.amount from orders o where o.qty > 10) select status, count(*), sum(amount) from t group by status"),
	same("with a as (select cust_id, sum(amount) as total from orders group by cust_id), b as (select cust_id, total from a where total > 8000) select c.name, b.total from customers c join b on b.cust_id = c.`$id`"),
	same("with t as (select o.cust_id as k, o.amount as v from orders o) select x.k, x.v, y.v from t x join t y on x.k = y.k and x.v < y.v where x.k < 5"),
	same("with t(k, n) as (select region, count(*) from customers group by region) select k, n from t where k is null or n > 5"),
	same("with 顧客 as (select c.name, c.備考 from customers c where c.備考 like '%至急%') select name, 備考 from 顧客"),
	same("with t as (select `$id` as id from customers where `rank` = 'A') select o.`$id` from orders o where o.cust_id in (select id from t)"),
	same("with t as (select cust_id, max(amount) as m from orders group by cust_id) select c.name, (select m from t where t.cust_id = c.`$id`) from customers c"),
	same("with t as (select status from orders where qty < 3) select status from t union all select status from t"),
	same("select x.n from (with t as (select count(*) as n from orders where note is null) select n from t) x"),
	ord(same("with t as (select o.`$id` as id, o.amount from orders o where o.amount is not null) select id, amount from t order by amount desc, id limit 5")),
	same("with a as (select 1 as v), b as (select v + 1 as v from a) select a.v, b.v from a, b"),
	// Scopes: a WITH in a subquery is seen there only, and hides an outer
	// CTE of the same name; a CTE's body may have its own WITH.
	same("select s.v, s2.v from (with q as (select count(*) as v from orders) select v from q) s, (with q as (select count(*) as v from customers) select v from q) s2"),
	same("with q as (select 'outer' as v) select q.v, (with q as (select '内側' as v) select v from q) from q"),
	same("with t as (with u as (select o.cust_id, o.amount from orders o where o.amount > 2000) select cust_id, count(*) as n from u group by cust_id) select c.name, t.n from customers c join t on t.cust_id = c.`$id`"),
	same("select c.name from customers c where c.`$id` in (with big as (select cust_id from orders where amount > 4000) select cust_id from big union select cust_id from big)"),
}

func TestSQLiteDifferentialCTE(t *testing.T) {
	runDiff(t, openDiffDBs(t), cteQueries)
}

// TestCTEEvaluatedOnce checks that a CTE named twice is read from kintone
// once, and that EXPLAIN shows it.
func TestCTEEvaluatedOnce(t *testing.T) {
	d := openDiffDBs(t)
	const q = "with t as (select cust_id, amount from orders where qty > 5) select count(*) from t x join t y on x.cust_id = y.cust_id"
	requests := func(q string) int64 {
		before := d.srv.TotalRequests()
		_, err := readRows(d.kin, q)
		require.NoError(t, err)
		return int64(d.srv.TotalRequests() - before)
	}
	requests(q) // loads the app's fields
	scan := requests("select count(*) from (select cust_id, amount from orders where qty > 5) x")
	twice := requests("select count(*) from (select cust_id, amount from orders where qty > 5) x join (select cust_id, amount from orders where qty > 5) y on x.cust_id = y.cust_id")
	assert.Equal(t, scan, requests(q), "the CTE is read once")
	assert.Equal(t, 2*scan, twice)

	rows, err := readRows(d.kin, "explain "+q)
	require.NoError(t, err)
	ctes := 0
	for _, r := range rows {
		for _, v := range r {
			if v.text == "cte" {
				ctes++
			}
		}
	}
	assert.Equal(t, 2, ctes, "EXPLAIN shows the CTE under each reference: %v", rows)

	_, err = readRows(d.kin, "with recursive t as (select 1) select * from t")
	assert.ErrorContains(t, err, "WITH RECURSIVE")
	_, err = readRows(d.kin, "select * from (with q as (select 1 as v) select v from q) s, q")
	assert.ErrorContains(t, err, `table "q" not found`, "a CTE of a subquery is not seen outside it")
	_, err = readRows(d.kin, "with q as (select 1), q as (select 2) select * from q")
	assert.ErrorContains(t, err, "defined twice in one WITH clause")
}
