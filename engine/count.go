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

// request builds the one request.
func (c *Count) request() client.GetRecordsRequest {
	one := 1
	q := &query.Query{Where: c.Where, Limit: &one}
	return client.GetRecordsRequest{App: c.Table.App, Fields: []string{schema.ColumnID}, Query: q.String(), TotalCount: true}
}

// Explain shows the request.
func (c *Count) Explain() Explain {
	r := c.request()
	return Explain{Op: "kintone count", Details: []string{
		fmt.Sprintf("table %s: app %d", QuoteIdent(c.Table.Name), c.Table.App),
		"query: " + r.Query, "fields: " + schema.ColumnID, "totalCount: true (1 request)",
	}}
}

// Open sends the request.
func (c *Count) Open(ctx context.Context, env *Env) (Iterator, error) {
	if env == nil || env.Client == nil {
		return nil, fmt.Errorf("engine: count of %s needs a kintone client", c.Table.Name)
	}
	cl := env.Client
	if g := c.Table.GuestSpaceID; g > 0 && cl.GuestSpaceID() != g {
		cl = cl.WithGuestSpace(g)
	}
	if env.Stats != nil {
		env.Stats.Requests.Add(1)
	}
	recs, total, err := cl.GetRecords(ctx, c.request())
	if err != nil {
		return nil, err
	}
	if env.Stats != nil {
		env.Stats.Records.Add(int64(len(recs)))
	}
	if total == nil {
		return nil, fmt.Errorf("engine: kintone sent no totalCount for app %d", c.Table.App)
	}
	if env.Stats != nil {
		env.Stats.Expected.Store(*total)
	}
	return &bufferIter{items: []sortItem{{row: Row{*total}}}}, nil
}
