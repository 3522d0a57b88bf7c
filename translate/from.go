package translate

import (
	"fmt"
	"strings"

	"github.com/xwb1989/sqlparser"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// maxTables bounds the tables of one query block (a bit set tracks them).
const maxTables = 64

// block is the FROM clause of one query block: its tables in FROM order
// and the join tree over them.
type block struct {
	sources []*tableScope
	// tree is nil for a SELECT without FROM (or FROM dual).
	tree  *fromNode
	using []usingColumn
}

// usingColumn is a column named in JOIN ... USING (c): an unqualified c
// means the column of the kept side (pref), and SELECT * lists it once.
type usingColumn struct {
	name         string
	pref, hidden *engine.ColumnRef
}

// joinKind is the kind of a join node: RIGHT JOIN is turned into LEFT
// JOIN with its sides swapped.
type joinKind int

const (
	joinInner joinKind = iota + 1
	joinLeft
)

// fromNode is a node of the join tree: a table, or a join of two nodes.
type fromNode struct {
	leaf        *tableScope
	left, right *fromNode
	kind        joinKind
	// on holds the ON (or USING) conditions, as top-level AND terms.
	on []engine.Expr
	// set has bit i for each table i of the subtree.
	set uint64
	// Where the conditions go (see distribute): filters of a table,
	// matching conditions of a join, and conditions on a join's output.
	filters, conds, post []engine.Expr
}

// qualifiers lists the names of the tables.
func (b *block) qualifiers() []string {
	out := make([]string, len(b.sources))
	for i, s := range b.sources {
		out[i] = s.qualifier
	}
	return out
}

// describeTables names the block's tables for error messages.
func (b *block) describeTables() string {
	if len(b.sources) == 1 {
		return fmt.Sprintf("the table is %q", b.sources[0].qualifier)
	}
	return "the tables are " + strings.Join(quoteAll(b.qualifiers()), ", ")
}

// usingColumn returns the kept side's column of a USING column.
func (b *block) usingColumn(name string) (*engine.ColumnRef, bool) {
	for _, u := range b.using {
		if strings.EqualFold(u.name, name) {
			return u.pref, true
		}
	}
	return nil, false
}

// hiddenByUsing reports whether SELECT * skips ref (the dropped side of a
// USING column).
func (b *block) hiddenByUsing(ref *engine.ColumnRef) bool {
	for _, u := range b.using {
		if u.hidden.Index == ref.Index {
			return true
		}
	}
	return false
}

// bindFrom resolves the FROM clause: tables, derived tables and joins.
// Comma-separated items are inner joins without condition.
func (p *planner) bindFrom(from sqlparser.TableExprs) error {
	p.blk = &block{}
	var tree *fromNode
	for _, te := range from {
		n, err := p.bindTableExpr(te)
		if err != nil {
			return err
		}
		tree = crossJoin(tree, n)
	}
	p.blk.tree = tree
	if len(p.blk.sources) > 0 {
		p.from = p.blk.sources[0]
	}
	return nil
}

// crossJoin joins two nodes without condition (either may be nil).
func crossJoin(l, r *fromNode) *fromNode {
	switch {
	case l == nil:
		return r
	case r == nil:
		return l
	}
	return &fromNode{left: l, right: r, kind: joinInner, set: l.set | r.set}
}

// bindTableExpr binds one FROM item; nil stands for dual.
func (p *planner) bindTableExpr(te sqlparser.TableExpr) (*fromNode, error) {
	switch t := te.(type) {
	case *sqlparser.AliasedTableExpr:
		return p.bindAliased(t)
	case *sqlparser.ParenTableExpr:
		var tree *fromNode
		for _, inner := range t.Exprs {
			n, err := p.bindTableExpr(inner)
			if err != nil {
				return nil, err
			}
			tree = crossJoin(tree, n)
		}
		return tree, nil
	case *sqlparser.JoinTableExpr:
		return p.bindJoin(t)
	}
	return nil, fmt.Errorf("unsupported FROM item %s", sqlparser.String(te))
}

// bindAliased binds a table name or a derived table.
func (p *planner) bindAliased(t *sqlparser.AliasedTableExpr) (*fromNode, error) {
	if len(t.Partitions) > 0 {
		return nil, notSupported("PARTITION")
	}
	switch e := t.Expr.(type) {
	case sqlparser.TableName:
		return p.bindBaseTable(e, t.As.String())
	case *sqlparser.Subquery:
		return p.bindDerived(e, t.As.String())
	}
	return nil, fmt.Errorf("unsupported FROM item %s", sqlparser.String(t))
}

// bindBaseTable adds a kintone, directory or metadata table.
func (p *planner) bindBaseTable(name sqlparser.TableName, alias string) (*fromNode, error) {
	if name.Qualifier.IsEmpty() && strings.EqualFold(name.Name.String(), "dual") && alias == "" {
		return nil, nil
	}
	if c := p.lookupCTE(name); c != nil {
		return p.bindCTE(c, alias)
	}
	full := name.Name.String()
	if !name.Qualifier.IsEmpty() {
		full = name.Qualifier.String() + "." + full
	}
	if p.cat == nil {
		return nil, fmt.Errorf("table %q: no catalog", full)
	}
	tbl, err := p.cat.Lookup(p.ctx, full)
	if err != nil {
		return nil, err
	}
	s := &tableScope{p: p, table: tbl, index: map[*schema.Column]int{}}
	if alias != "" {
		s.qualifier = alias
		s.names = []string{alias}
	} else {
		s.qualifier = name.Name.String()
		s.names = append([]string{name.Name.String(), full, tbl.Name}, tbl.Aliases...)
	}
	return p.addSource(s)
}

// bindDerived plans a derived table (FROM (SELECT ...) AS alias). It
// cannot read the columns of the other FROM tables (no LATERAL).
func (p *planner) bindDerived(sq *sqlparser.Subquery, alias string) (*fromNode, error) {
	if alias == "" {
		return nil, fmt.Errorf("a derived table needs an alias: (%s) AS name", sqlparser.String(sq.Select))
	}
	node, err := p.nested(nil, nil).selectStatementPlan(sq.Select)
	if err != nil {
		return nil, fmt.Errorf("derived table %s: %w", alias, err)
	}
	return p.addDerived(node, alias)
}

// addDerived adds the rows of node as a FROM table named alias.
func (p *planner) addDerived(node engine.Node, alias string) (*fromNode, error) {
	s := &tableScope{p: p, qualifier: alias, names: []string{alias}, derived: node, dcols: node.Columns()}
	n, err := p.addSource(s)
	if err != nil {
		return nil, err
	}
	for _, c := range s.dcols {
		c.Table = alias
		s.slots = append(s.slots, p.newSlot(c, s))
	}
	return n, nil
}

// addSource registers a table of the block, refusing a second table of
// the same name.
func (p *planner) addSource(s *tableScope) (*fromNode, error) {
	for _, o := range p.blk.sources {
		if strings.EqualFold(o.qualifier, s.qualifier) {
			return nil, fmt.Errorf("table name %q is used twice in FROM; give one of them an alias", s.qualifier)
		}
	}
	if len(p.blk.sources) >= maxTables {
		return nil, fmt.Errorf("a query block may join at most %d tables", maxTables)
	}
	s.id = len(p.blk.sources)
	p.blk.sources = append(p.blk.sources, s)
	return &fromNode{leaf: s, set: 1 << s.id}, nil
}

// bindJoin binds a JOIN: both sides, then the ON or USING condition. A
// RIGHT JOIN becomes a LEFT JOIN with the sides swapped.
func (p *planner) bindJoin(t *sqlparser.JoinTableExpr) (*fromNode, error) {
	left, err := p.bindTableExpr(t.LeftExpr)
	if err != nil {
		return nil, err
	}
	right, err := p.bindTableExpr(t.RightExpr)
	if err != nil {
		return nil, err
	}
	if left == nil || right == nil {
		return nil, fmt.Errorf("dual cannot be joined")
	}
	n := &fromNode{left: left, right: right, kind: joinInner, set: left.set | right.set}
	switch t.Join {
	case sqlparser.JoinStr, sqlparser.StraightJoinStr:
	case sqlparser.LeftJoinStr:
		n.kind = joinLeft
	case sqlparser.RightJoinStr:
		n.kind, n.left, n.right = joinLeft, right, left
	default:
		return nil, notSupported(strings.ToUpper(t.Join) + " (write JOIN ... USING (columns) or ON)")
	}
	if n.kind == joinLeft {
		n.right.markNullable()
	}
	switch {
	case t.Condition.On != nil:
		on, err := p.expr(t.Condition.On, inWhere)
		if err != nil {
			return nil, err
		}
		n.on = conjuncts(on)
	case len(t.Condition.Using) > 0:
		if err := p.bindUsing(n, left, right, t.Condition.Using); err != nil {
			return nil, err
		}
	}
	return n, nil
}

// markNullable marks every table of the subtree as NULL-extended.
func (n *fromNode) markNullable() {
	if n.leaf != nil {
		n.leaf.nullable = true
		return
	}
	n.left.markNullable()
	n.right.markNullable()
}

// bindUsing turns USING (c, ...) into equalities between the column of
// each side (as written: left before right); the kept side's column
// answers to the unqualified name.
func (p *planner) bindUsing(n, left, right *fromNode, cols sqlparser.Columns) error {
	for _, c := range cols {
		name := c.String()
		l, err := p.sideColumn(left, name)
		if err != nil {
			return err
		}
		r, err := p.sideColumn(right, name)
		if err != nil {
			return err
		}
		n.on = append(n.on, &engine.Comparison{Op: engine.OpEq, L: l, R: r})
		u := usingColumn{name: name, pref: l, hidden: r}
		if n.left == right { // RIGHT JOIN: the right side is kept
			u.pref, u.hidden = r, l
		}
		p.blk.using = append(p.blk.using, u)
	}
	return nil
}

// sideColumn finds the one table of a join side that has column name.
func (p *planner) sideColumn(side *fromNode, name string) (*engine.ColumnRef, error) {
	var hit *engine.ColumnRef
	for _, s := range p.blk.sources {
		if side.set&(1<<s.id) == 0 {
			continue
		}
		if ref, err := s.lookup(name); err == nil {
			if hit != nil {
				return nil, fmt.Errorf("USING column %q is ambiguous: several tables of a join side have it", name)
			}
			hit = ref
		}
	}
	if hit == nil {
		return nil, fmt.Errorf("USING column %q is not in every joined table", name)
	}
	return hit, nil
}
