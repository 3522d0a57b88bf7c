package translate

import (
	"context"
	"fmt"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// planner holds the state of one translation.
type planner struct {
	ctx  context.Context
	cat  *schema.Catalog
	args []any
	opts Options
	env  *engine.Env // for folding constants at plan time

	// from is the table in scope, nil for a SELECT without FROM.
	from *tableScope
	// agg collects aggregates while an aggregate query's select list,
	// HAVING and ORDER BY are bound; nil otherwise.
	agg *aggCollector
}

// newPlanner returns a planner for one statement.
func newPlanner(ctx context.Context, cat *schema.Catalog, args []any, opts Options) *planner {
	return &planner{ctx: ctx, cat: cat, args: args, opts: opts, env: &engine.Env{Now: opts.Now}}
}

// tableScope is the FROM table: the schema table, the names that qualify
// its columns, and the columns the query reads, in order of first use
// (they become the scan's columns).
type tableScope struct {
	table *schema.Table
	// qualifier is the name output columns carry: the alias, or the name
	// as written in FROM.
	qualifier string
	// names are the accepted column qualifiers.
	names []string
	cols  []*schema.Column
	index map[*schema.Column]int
}

// bindTable resolves the single table of FROM.
func (p *planner) bindTable(from sqlparser.TableExprs) error {
	if len(from) != 1 {
		return notSupported("joining several tables (FROM a, b)")
	}
	switch t := from[0].(type) {
	case *sqlparser.JoinTableExpr:
		return notSupported(strings.ToUpper(t.Join))
	case *sqlparser.ParenTableExpr:
		return notSupported("parenthesized FROM lists")
	case *sqlparser.AliasedTableExpr:
		if len(t.Partitions) > 0 {
			return notSupported("PARTITION")
		}
		name, ok := t.Expr.(sqlparser.TableName)
		if !ok {
			return notSupported("subqueries in FROM")
		}
		if name.Qualifier.IsEmpty() && strings.EqualFold(name.Name.String(), "dual") {
			return nil
		}
		full := name.Name.String()
		if !name.Qualifier.IsEmpty() {
			full = name.Qualifier.String() + "." + full
		}
		if p.cat == nil {
			return fmt.Errorf("table %q: no catalog", full)
		}
		tbl, err := p.cat.Lookup(p.ctx, full)
		if err != nil {
			return err
		}
		s := &tableScope{table: tbl, index: map[*schema.Column]int{}}
		if alias := t.As.String(); alias != "" {
			s.qualifier = alias
			s.names = []string{alias}
		} else {
			s.qualifier = name.Name.String()
			s.names = append([]string{name.Name.String(), full, tbl.Name}, tbl.Aliases...)
		}
		p.from = s
		return nil
	}
	return fmt.Errorf("unsupported FROM item %T", from[0])
}

// qualifies reports whether a column qualifier names the FROM table.
func (s *tableScope) qualifies(q sqlparser.TableName) bool {
	name := q.Name.String()
	if !q.Qualifier.IsEmpty() {
		name = q.Qualifier.String() + "." + name
	}
	for _, n := range s.names {
		if strings.EqualFold(n, name) || strings.EqualFold(n, q.Name.String()) && q.Qualifier.IsEmpty() {
			return true
		}
	}
	return false
}

// use returns the scan index of c, adding it on first use.
func (s *tableScope) use(c *schema.Column) int {
	if i, ok := s.index[c]; ok {
		return i
	}
	s.index[c] = len(s.cols)
	s.cols = append(s.cols, c)
	return len(s.cols) - 1
}

// ref returns a reference to column c of the FROM table.
func (s *tableScope) ref(c *schema.Column) *engine.ColumnRef {
	return &engine.ColumnRef{Index: s.use(c), Col: engine.Column{
		Name: c.Name, Table: s.qualifier, Type: c.Type, Nullable: c.Nullable, Source: c,
	}}
}

// column resolves a column name.
func (p *planner) column(cn *sqlparser.ColName) (*engine.ColumnRef, error) {
	name := cn.Name.String()
	if p.from == nil {
		return nil, fmt.Errorf("unknown column %q: the query has no FROM table", name)
	}
	if !cn.Qualifier.IsEmpty() && !p.from.qualifies(cn.Qualifier) {
		return nil, fmt.Errorf("unknown table %q in column reference %s.%s (the table is %q)",
			cn.Qualifier.Name.String(), cn.Qualifier.Name.String(), name, p.from.qualifier)
	}
	c, err := p.from.table.Column(name)
	if err != nil {
		return nil, err
	}
	return p.from.ref(c), nil
}

// star returns references to every column, for * or t.*.
func (p *planner) star(s *sqlparser.StarExpr) ([]*engine.ColumnRef, error) {
	if p.from == nil {
		return nil, fmt.Errorf("SELECT * needs a FROM table")
	}
	if !s.TableName.IsEmpty() && !p.from.qualifies(s.TableName) {
		return nil, fmt.Errorf("unknown table %q in %s.*", s.TableName.Name.String(), s.TableName.Name.String())
	}
	out := make([]*engine.ColumnRef, len(p.from.table.Columns))
	for i, c := range p.from.table.Columns {
		out[i] = p.from.ref(c)
	}
	return out, nil
}
