package translate_test

import (
	"testing"
)

// handQueries are written by hand to cover each construct at least once.
var handQueries = []diffQuery{
	// Joins of two and three apps.
	same("select o.`$id`, c.name from orders o join customers c on o.cust_id = c.`$id`"),
	same("select o.`$id`, c.name, c.region from orders o left join customers c on o.cust_id = c.`$id`"),
	same("select o.`$id`, c.`$id` from orders o right join customers c on o.cust_id = c.`$id`"),
	same("select o.`$id`, c.name from orders o, customers c where o.cust_id = c.`$id` and c.region = '東京'"),
	same("select o.`$id`, c.`$id` from orders o cross join customers c where o.`$id` < 4 and c.`$id` < 4"),
	same("select o.`$id`, c.name from orders o join customers c on o.customer = c.name where o.amount > 1000"),
	same("select o.`$id`, c.name from orders o left join customers c on o.cust_id = c.`$id` and c.`rank` = 'A'"),
	same("select o.`$id`, c.name from orders o left join customers c on o.cust_id = c.`$id` where c.`$id` is null"),
	same("select o.`$id`, c.name from orders o left join customers c on o.cust_id = c.`$id` where c.region = '大阪'"),
	same("select o.`$id`, c.name from orders o left join customers c on o.cust_id = c.`$id` where coalesce(c.region, '-') = '-'"),
	same("select o.`$id`, i.product, c.name from orders o join items i on i.order_id = o.`$id` join customers c on c.`$id` = o.cust_id"),
	same("select o.`$id`, i.`$id`, c.name from customers c left join orders o on o.cust_id = c.`$id` left join items i on i.order_id = o.`$id` where c.`$id` <= 10"),
	same("select o.`$id`, c.`$id` from orders o join customers c on o.cust_id < c.`$id` - 38"),
	same("select o.`$id`, c.`$id` from orders o left join customers c on o.cust_id = c.`$id` and o.qty > c.employees / 50"),
	same("select i.`$id`, o.`$id` from items i join orders o on o.`$id` = i.order_id and i.price > o.qty"),
	same("select c.name, o.`$id` from customers c join orders o using (`$id`)"),
	// Grouping and aggregates, NULLs included.
	same("select o.status, count(*), count(o.amount), sum(o.amount), min(o.amount), max(o.amount) from orders o group by o.status"),
	same("select c.region, o.status, count(*) from orders o join customers c on o.cust_id = c.`$id` group by c.region, o.status"),
	same("select o.qty, count(*) from orders o group by o.qty having count(*) > 12"),
	ord(same("select o.status as s, count(*) as n from orders o group by s having n > 20 order by n desc, s")),
	same("select count(distinct o.status), count(distinct o.qty), count(*) from orders o"),
	same("select sum(o.amount), min(o.ordered), max(o.shipped), max(o.note), min(o.customer) from orders o where o.amount < 0"),
	same("select count(*), sum(o.amount) from orders o where 1 = 0"),
	same("select o.status, sum(o.amount) from orders o where 1 = 0 group by o.status"),
	{my: "select c.`rank`, avg(c.employees), avg(distinct c.employees) from customers c group by c.`rank`",
		lite: "select c.`rank`, avg(c.employees), avg(distinct c.employees) from customers c group by c.`rank`", approx: true},
	{my: "select year(o.ordered), month(o.ordered), count(*) from orders o group by year(o.ordered), month(o.ordered) order by 1, 2",
		lite:    "select cast(strftime('%Y', o.ordered) as integer), cast(strftime('%m', o.ordered) as integer), count(*) from orders o group by 1, 2 order by 1, 2",
		ordered: true},
	{my: "select date_format(o.ordered, '%Y-%m') as m, c.region, sum(o.amount) from orders o join customers c on c.`$id` = o.cust_id group by m, c.region",
		lite: "select strftime('%Y-%m', o.ordered) as m, c.region, sum(o.amount) from orders o join customers c on c.`$id` = o.cust_id group by m, c.region"},
	same("select i.product, sum(i.price * i.`count`), count(i.`count`) from items i group by i.product order by 2 desc"),
	same("select c.name, count(o.`$id`), sum(o.amount) from customers c left join orders o on o.cust_id = c.`$id` group by c.name"),
	ord(same("select o.status, count(*) from orders o group by o.status order by count(*) desc, o.status limit 3")),
	same("select max(o.amount) - min(o.amount), sum(o.qty * o.amount) from orders o"),
	// DISTINCT.
	same("select distinct o.status from orders o"),
	ord(same("select distinct c.region, c.`rank` from customers c order by c.region, c.`rank`")),
	same("select distinct i.product from items i join orders o on o.`$id` = i.order_id where o.status = '完了'"),
	same("select count(*) from (select distinct o.customer from orders o) x"),
	// Expressions and functions.
	same("select o.`$id`, case o.status when '完了' then 'done' when '新規' then 'new' else 'other' end from orders o"),
	same("select o.`$id`, coalesce(o.note, o.customer, 'none'), ifnull(o.qty, 0) + 1, nullif(o.status, '新規') from orders o"),
	same("select o.`$id`, o.amount * o.qty, -o.amount, abs(o.amount), round(o.amount, 1), o.qty % 4 from orders o"),
	same("select o.`$id`, upper(o.note), lower(o.customer), trim(o.note), replace(o.customer, 'Acme', 'ACME') from orders o"),
	{my: "select c.`$id`, char_length(c.name), substring(c.name, 2, 4), concat(c.name, '@', c.`rank`) from customers c",
		lite: "select c.`$id`, length(c.name), substr(c.name, 2, 4), c.name || '@' || c.`rank` from customers c"},
	{my: "select o.`$id`, date_add(o.ordered, interval 1 month), o.ordered - interval 3 day, datediff(o.ordered, '2024-03-01') from orders o where o.ordered is null or day(o.ordered) <= 28",
		lite: "select o.`$id`, date(o.ordered, '+1 months'), date(o.ordered, '-3 days'), cast(julianday(o.ordered) - julianday('2024-03-01') as integer) from orders o where o.ordered is null or cast(strftime('%d', o.ordered) as integer) <= 28"},
	same("select o.`$id` from orders o where o.note like '%pp%' and o.customer like 'Acme%'"),
	same("select o.`$id` from orders o where o.note like 'A%' or o.note like '%!_%' escape '!'"),
	same("select o.`$id` from orders o where not (o.qty > 5 or o.amount < 100)"),
	same("select o.`$id`, o.qty > 5, o.amount is null, o.status in ('完了', '新規') from orders o"),
	same("select o.`$id` from orders o where o.qty not in (1, 2, null)"),
	same("select o.`$id` from orders o where o.shipped between '2024-03-01 00:00:00' and '2024-03-31 23:59:59'"),
	// Japanese text.
	same("select c.name, c.備考 from customers c where c.name like '株式会社%' and c.備考 is not null"),
	same("select o.`$id` from orders o where o.note in ('至急', '株主') or o.status = 'キャンセル'"),
	ord(same("select c.name from customers c where c.region = '名古屋' order by c.name")),
	// Subqueries.
	same("select o.`$id` from orders o where o.cust_id in (select c.`$id` from customers c where c.region = '東京')"),
	same("select o.`$id` from orders o where o.cust_id not in (select c.`$id` from customers c where c.`rank` = 'A')"),
	same("select o.`$id` from orders o where o.cust_id not in (select o2.cust_id from orders o2 where o2.qty = 1)"),
	same("select c.name from customers c where exists (select 1 from orders o where o.cust_id = c.`$id` and o.amount > 4000)"),
	same("select c.name from customers c where not exists (select 1 from orders o where o.cust_id = c.`$id`)"),
	same("select o.`$id`, (select c.name from customers c where c.`$id` = o.cust_id) from orders o"),
	same("select c.name, (select count(*) from orders o where o.cust_id = c.`$id`), (select max(o.amount) from orders o where o.cust_id = c.`$id`) from customers c"),
	same("select o.`$id` from orders o where o.amount > (select sum(o2.amount) / count(*) from orders o2 where o2.status = o.status)"),
	same("select o.`$id` from orders o where o.qty = (select max(qty) from orders)"),
	same("select c.name from customers c where c.employees > (select min(employees) from customers) + 400"),
	same("select o.`$id` from orders o where exists (select 1 from customers c where c.`$id` = o.cust_id and exists (select 1 from items i where i.order_id = o.`$id` and i.product = 'りんご'))"),
	same("select c.name from customers c where exists (select 1 from orders o where o.cust_id = c.`$id` and o.qty > 18 union all select 1 from items i where i.order_id = c.`$id` and i.price > 99)"),
	same("select c.name from customers c where c.`$id` in (select o.cust_id from orders o where o.status = '完了' union select i.order_id from items i where i.product = '桃')"),
	// Derived tables.
	same("select x.s, x.n from (select o.status as s, count(*) as n from orders o group by o.status) x where x.n > 50"),
	same("select c.name, t.total from customers c join (select cust_id, sum(amount) as total from orders group by cust_id) t on t.cust_id = c.`$id` where t.total > 10000"),
	same("select max(t.n) from (select o.cust_id, count(*) as n from orders o group by o.cust_id) t"),
	// UNION.
	same("select status from orders union select region from customers"),
	same("select status from orders union all select region from customers"),
	ord(same("select o.qty as v from orders o where o.qty > 18 union select c.employees from customers c where c.employees < 30 order by 1")),
	same("select 'order', count(*) from orders union all select 'customer', count(*) from customers union all select 'item', count(*) from items"),
	same("select o.status, o.qty from orders o where o.`$id` < 20 union select o.status, o.qty from orders o where o.`$id` between 10 and 30"),
	// Apps and directory tables.
	same("select c.name, u.Name from customers c join Users u on u.Code = c.owner"),
	same("select c.name, u.Name, u.Email from customers c left join Users u on u.Code = c.owner where c.`rank` = 'A'"),
	same("select u.Name, count(c.`$id`) from Users u left join customers c on c.owner = u.Code group by u.Name"),
	same("select org.Name, count(distinct c.`$id`) from Organizations org join UserOrganizations uo on uo.OrganizationId = org.Id join customers c on c.owner = uo.UserCode group by org.Name"),
	same("select u.Code from Users u where not exists (select 1 from customers c where c.owner = u.Code) and u.Code like 'u%'"),
	same("select o.`$id`, u.Name from orders o join customers c on c.`$id` = o.cust_id join Users u on u.Code = c.owner where o.amount > 3000"),
	// Order, limit, offset.
	ord(same("select o.`$id`, o.amount from orders o order by o.amount desc, o.`$id` limit 10")),
	ord(same("select o.`$id`, o.note from orders o order by o.note, o.`$id` limit 5 offset 40")),
	ord(same("select c.name, o.amount from orders o join customers c on c.`$id` = o.cust_id order by o.amount * 2, c.name, o.`$id` limit 7")),
	ord(same("select o.`$id`, o.shipped from orders o order by o.shipped desc, o.`$id` desc limit 8")),
}

// ord marks a query whose ORDER BY fixes the order of every row.
func ord(q diffQuery) diffQuery {
	q.ordered = true
	return q
}

func TestSQLiteDifferential(t *testing.T) {
	d := openDiffDBs(t)
	queries := append([]diffQuery(nil), handQueries...)
	n := 260
	if testing.Short() {
		n = 60
	}
	queries = append(queries, randomQueries(2024, n)...)
	queries = append(queries, funcQueries(2026, n/2)...)
	runDiff(t, d, queries)
}

// runDiff runs each query on SQLite and through the driver and reports
// every difference.
func runDiff(t *testing.T, d *diffDBs, queries []diffQuery) {
	t.Helper()
	failed, empty := 0, 0
	for _, q := range queries {
		want, err := readRows(d.lite, q.lite)
		if err != nil {
			t.Errorf("SQLite: %s: %v", q.lite, err)
			continue
		}
		got, err := readRows(d.kin, q.my)
		if err != nil {
			t.Errorf("driver: %s: %v", q.my, err)
			failed++
			continue
		}
		if len(want) == 0 {
			empty++
		}
		if diff := compareRows(got, want, q); diff != "" {
			t.Errorf("%s\n%s", q.my, diff)
			failed++
		}
	}
	t.Logf("%d queries compared with SQLite (%d with an empty result), %d differ; %d kintone requests",
		len(queries), empty, failed, d.srv.TotalRequests())
	if empty > len(queries)/4 {
		t.Errorf("%d of %d queries have an empty result: the suite tests too little", empty, len(queries))
	}
}
