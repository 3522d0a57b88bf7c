package translate

import (
	"context"
	"fmt"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// Binding. Every column a query block reads gets a slot: a number unique
// in the statement (planState.slots). Bound expressions refer to slots
// (engine.ColumnRef.Index is the slot), not to row positions, because the
// same condition may run at different places of the plan (under a join or
// above it). When the plan is built, each operator's expressions are
// copied with the slots replaced by positions in that operator's input
// row (place, in slots.go). Aggregates, GROUP BY keys and select items get
// slots too, for the steps above an aggregate or DISTINCT.

// planner holds the state of one query block's translation; nested blocks
// (subqueries, derived tables, UNION branches) get their own planner
// sharing the statement's state.
type planner struct {
	// depth is the nesting of the expression being bound, bound the
	// expressions bound so far (see enter).
	depth, bound int

	ctx  context.Context
	cat  *schema.Catalog
	args []any
	opts Options
	env  *engine.Env // for folding constants at plan time
	st   *planState

	// from is the block's first FROM table, nil for a SELECT without FROM;
	// for a single-table block it is the only one.
	from *tableScope
	// blk is the block's FROM clause.
	blk *block
	// agg collects aggregates while an aggregate query's select list,
	// HAVING and ORDER BY are bound; nil otherwise.
	agg *aggCollector
	// win collects the window calls of the select list and ORDER BY.
	win *winCollector
	// outer is the planner of the enclosing block when this block is a
	// subquery in an expression (its columns are visible here), nil
	// otherwise.
	outer *planner
	// sub collects the outer values a subquery block reads.
	sub *subqueryScope
	// existsOnly marks the block of an EXISTS subquery: one row is enough.
	existsOnly bool
	// aliases are the select items whose aliases bare names may mean
	// (while HAVING is bound).
	aliases []selectItem
	// readsOuter is set when the block reads a column of an enclosing
	// block.
	readsOuter bool
}

// planState is what the blocks of one statement share.
type planState struct {
	slots []slotInfo
	// ctes are the statement's common table expressions; the block being
	// planned sees the first cteVisible of them.
	ctes       []*cte
	cteVisible int
	// openScopes counts, per nested WITH scope, the blocks being planned
	// that it covers.
	openScopes map[int]int
	// windows are the statement's window calls and named windows.
	windows *windows
}

// slotInfo describes one slot: the column and, for a FROM table's
// column, the table.
type slotInfo struct {
	col engine.Column
	src *tableScope
}

// newPlanner returns a planner for one statement.
func newPlanner(ctx context.Context, cat *schema.Catalog, args []any, opts Options) *planner {
	return &planner{ctx: ctx, cat: cat, args: args, opts: opts, env: &engine.Env{Now: opts.Now, Session: opts.Session}, st: &planState{}}
}

// nested returns a planner for a nested block: outer is the enclosing
// planner whose columns the block may read (nil for derived tables and
// UNION branches at top level), sub collects those outer values.
func (p *planner) nested(outer *planner, sub *subqueryScope) *planner {
	return &planner{ctx: p.ctx, cat: p.cat, args: p.args, opts: p.opts, env: p.env, st: p.st, outer: outer, sub: sub}
}

// newSlot allocates a slot.
func (p *planner) newSlot(col engine.Column, src *tableScope) int {
	p.st.slots = append(p.st.slots, slotInfo{col: col, src: src})
	return len(p.st.slots) - 1
}

// slotRef returns a reference to slot i.
func (p *planner) slotRef(i int) *engine.ColumnRef {
	return &engine.ColumnRef{Index: i, Col: p.st.slots[i].col}
}

// tableScope is one FROM table: a kintone app, subtable, directory or
// metadata table (table set), or a derived table (derived set). It lists
// the names that qualify its columns and, for a base table, the columns
// the query reads, in order of first use (they become the scan's
// columns).
type tableScope struct {
	p     *planner
	table *schema.Table
	// qualifier is the name output columns carry: the alias, or the name
	// as written in FROM.
	qualifier string
	// names are the accepted column qualifiers.
	names []string
	cols  []*schema.Column
	index map[*schema.Column]int
	// slots holds the slot of each column of cols (base tables) or of
	// each output column of the derived table.
	slots []int
	// derived is the plan of a derived table (FROM (SELECT ...) AS x) and
	// dcols its columns.
	derived engine.Node
	dcols   []engine.Column
	// nullable marks a table on the NULL-extended side of an outer join.
	nullable bool
	// id is the table's position in its block.
	id int
}

// qualifies reports whether a column qualifier names the table.
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

// use returns the slot of column c of a base table, adding it on first
// use.
func (s *tableScope) use(c *schema.Column) int {
	if i, ok := s.index[c]; ok {
		return s.slots[i]
	}
	slot := s.p.newSlot(engine.Column{Name: c.Name, Table: s.qualifier, Type: c.Type, Nullable: c.Nullable || s.nullable, Source: c}, s)
	s.index[c] = len(s.cols)
	s.cols = append(s.cols, c)
	s.slots = append(s.slots, slot)
	return slot
}

// ref returns a reference to column c of a base table.
func (s *tableScope) ref(c *schema.Column) *engine.ColumnRef {
	return s.p.slotRef(s.use(c))
}

// lookup resolves a column name in the table.
func (s *tableScope) lookup(name string) (*engine.ColumnRef, error) {
	if s.table != nil {
		c, err := s.table.Column(name)
		if err != nil {
			return nil, err
		}
		return s.ref(c), nil
	}
	hit := -1
	for i, c := range s.dcols {
		if strings.EqualFold(c.Name, name) {
			if hit >= 0 {
				return nil, fmt.Errorf("column %q is ambiguous in derived table %q", name, s.qualifier)
			}
			hit = i
		}
	}
	if hit < 0 {
		return nil, fmt.Errorf("column %q not found in derived table %q", name, s.qualifier)
	}
	return s.p.slotRef(s.slots[hit]), nil
}

// allColumns returns references to every column of the table, for *.
func (s *tableScope) allColumns() []*engine.ColumnRef {
	if s.table == nil {
		out := make([]*engine.ColumnRef, len(s.slots))
		for i, slot := range s.slots {
			out[i] = s.p.slotRef(slot)
		}
		return out
	}
	out := make([]*engine.ColumnRef, len(s.table.Columns))
	for i, c := range s.table.Columns {
		out[i] = s.ref(c)
	}
	return out
}

// layout returns the slots of the table's rows, in row order.
func (s *tableScope) layout() []int { return s.slots }

// bindTable resolves the FROM clause (tables, joins, derived tables).
func (p *planner) bindTable(from sqlparser.TableExprs) error {
	return p.bindFrom(from)
}

// column resolves a column name: in the block's FROM tables (a qualified
// name in the table it names, an unqualified one in the only table that
// has it), else, in a subquery, in the enclosing blocks (a correlated
// reference, read through a Param).
func (p *planner) column(cn *sqlparser.ColName) (engine.Expr, error) {
	ref, found, err := p.localColumn(cn)
	if found {
		if err != nil {
			return nil, err
		}
		return ref, nil
	}
	if p.outer != nil {
		if e, oerr := p.outer.column(cn); oerr == nil {
			p.readsOuter = true
			return p.sub.param(e), nil
		}
	}
	return nil, err
}

// localColumn resolves cn in the block's own tables. found is false when
// no table of the block has the name (or the qualifier), so that an
// enclosing block may.
func (p *planner) localColumn(cn *sqlparser.ColName) (ref *engine.ColumnRef, found bool, err error) {
	name := cn.Name.String()
	if p.blk == nil || len(p.blk.sources) == 0 {
		return nil, false, fmt.Errorf("unknown column %q: the query has no FROM table", name)
	}
	if !cn.Qualifier.IsEmpty() {
		for _, s := range p.blk.sources {
			if s.qualifies(cn.Qualifier) {
				ref, err := s.lookup(name)
				return ref, true, err
			}
		}
		return nil, false, fmt.Errorf("unknown table %q in column reference %s.%s (%s)",
			cn.Qualifier.Name.String(), cn.Qualifier.Name.String(), name, p.blk.describeTables())
	}
	if ref, ok := p.blk.usingColumn(name); ok {
		return ref, true, nil
	}
	var hits []*engine.ColumnRef
	var names []string
	var firstErr error
	for _, s := range p.blk.sources {
		ref, err := s.lookup(name)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		hits = append(hits, ref)
		names = append(names, s.qualifier)
	}
	switch {
	case len(hits) == 1:
		return hits[0], true, nil
	case len(hits) > 1:
		return nil, true, fmt.Errorf("column %q is ambiguous: tables %s all have it; qualify it (e.g. %s.%s)",
			name, strings.Join(quoteAll(names), ", "), names[0], name)
	case len(p.blk.sources) == 1:
		return nil, false, firstErr
	}
	return nil, false, fmt.Errorf("column %q not found in tables %s", name, strings.Join(quoteAll(p.blk.qualifiers()), ", "))
}

// quoteAll quotes each name.
func quoteAll(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = fmt.Sprintf("%q", n)
	}
	return out
}

// star returns references to every column, for * or t.*.
func (p *planner) star(s *sqlparser.StarExpr) ([]*engine.ColumnRef, error) {
	if p.blk == nil || len(p.blk.sources) == 0 {
		return nil, fmt.Errorf("SELECT * needs a FROM table")
	}
	if !s.TableName.IsEmpty() {
		for _, src := range p.blk.sources {
			if src.qualifies(s.TableName) {
				return src.allColumns(), nil
			}
		}
		return nil, fmt.Errorf("unknown table %q in %s.*", s.TableName.Name.String(), s.TableName.Name.String())
	}
	var out []*engine.ColumnRef
	for _, src := range p.blk.sources {
		for _, ref := range src.allColumns() {
			if !p.blk.hiddenByUsing(ref) {
				out = append(out, ref)
			}
		}
	}
	return out, nil
}
