package translate

import (
	"fmt"
	"testing"

	kt "github.com/kintone-sql/kintone/kintonetest"
)

func TestScratch(t *testing.T) {
	f := newFixture(t, func(srv *kt.Server) { seedDeals(t, srv, 30); seedCustomers(t, srv) })
	for _, q := range []string{
		"select d.txt, c.顧客名 from deals d join 顧客 c on d.num = c.$id * 10",
		"select d.$id, c.顧客名 from deals d left join 顧客 c on d.$id = c.$id where d.$id < 6",
		"select d.$id, c.顧客名 from 顧客 c right join deals d on d.$id = c.$id where d.$id < 6",
		"select num, count(*), sum(num) from deals group by num having count(*) > 1 order by 2 desc, num",
		"select distinct num % 3 from deals order by 1",
		"select txt from deals where num in (select max(num) from deals)",
		"select txt from deals d where exists (select 1 from 顧客 c where c.$id = d.$id) order by $id",
		"select txt, (select 顧客名 from 顧客 c where c.$id = d.$id) from deals d where $id < 5",
		"select x.n, count(*) from (select num % 2 as n from deals) x group by x.n",
		"select 1 union select 2 union all select 2 order by 1 desc",
		"select substring('abcdef' from 2 for 3), trim(leading 'x' from 'xxab'), extract(year from '2024-05-01'), position('c' in 'abc'), date '2024-01-31' + interval 1 month",
		"explain select d.txt, c.顧客名 from deals d join 顧客 c on d.$id = c.$id where c.売上 > 10",
	} {
		rows, err := f.tryQuery(q, Options{})
		fmt.Println(q)
		fmt.Println("  ", rows, err, f.srv.RequestCount(getRecords))
		f.srv.ResetCounters()
	}
}
