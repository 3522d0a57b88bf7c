package engine

import (
	"context"
	"fmt"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/query"
	"github.com/kintone-sql/kintone/schema"
)

// Count answers COUNT(*) of an app table with one request: GET
// records.json with the pushed condition, limit 1, fields [$id] and
// totalCount=true. It yields one row holding the count.
type Count struct {
	Table *schema.Table
	// Where is the pushed condition, which must be exactly the WHERE.
	Where query.Expr
	// Name is the output column's name.
	Name string
}

// Columns is the single count column.
func (c *Count) Columns() []Column {
	return []Column{{Name: c.Name, Type: schema.TypeBigInt}}
}

// recordsCountRequest builds the one request that counts t's records matching
// where: limit 1, fields [$id] and totalCount.
func recordsCountRequest(t *schema.Table, where query.Expr) client.GetRecordsRequest {
	one := 1
	q := &query.Query{Where: where, Limit: &one}
	return client.GetRecordsRequest{App: t.App, Fields: []string{schema.ColumnID}, Query: q.String(), TotalCount: true}
}

// matchCount sends recordsCountRequest under env, returning kintone's totalCount
// and the number of records that came back with it.
func matchCount(ctx context.Context, env *Env, t *schema.Table, where query.Expr) (total int64, got int, err error) {
	if env == nil || env.Client == nil {
		return 0, 0, fmt.Errorf("engine: count of %s needs a kintone client", t.Name)
	}
	if env.Stats != nil {
		env.Stats.Requests.Add(1)
	}
	recs, n, err := guestClient(env.Client, t.GuestSpaceID).GetRecords(ctx, recordsCountRequest(t, where))
	if err != nil {
		return 0, 0, err
	}
	if n == nil {
		return 0, len(recs), fmt.Errorf("engine: kintone sent no totalCount for app %d", t.App)
	}
	return *n, len(recs), nil
}

// Explain shows the request.
func (c *Count) Explain() Explain {
	r := recordsCountRequest(c.Table, c.Where)
	return Explain{Op: "kintone count", Details: []string{
		fmt.Sprintf("table %s: app %d", QuoteIdent(c.Table.Name), c.Table.App),
		"query: " + r.Query, "fields: " + schema.ColumnID, "totalCount: true (1 request)",
	}}
}

// Open sends the request.
func (c *Count) Open(ctx context.Context, env *Env) (Iterator, error) {
	total, got, err := matchCount(ctx, env, c.Table, c.Where)
	if env != nil && env.Stats != nil {
		env.Stats.Records.Add(int64(got))
	}
	if err != nil {
		return nil, err
	}
	if env.Stats != nil {
		env.Stats.Expected.Store(total)
	}
	return &bufferIter{items: []sortItem{{row: Row{total}}}}, nil
}
