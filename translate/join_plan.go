package translate

import (
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// Planning FROM: the join tree's conditions are placed, then the tree is
// built bottom-up. A condition goes as low as SQL's semantics allow:
//
//   - WHERE terms and the ON terms of inner joins filter a join's output;
//     a term reading one side only filters that side's input instead,
//     unless that side is NULL-extended by the join (the right side of a
//     LEFT JOIN), so it ends on the table it reads and, for a kintone
//     table, in the kintone query;
//   - the ON terms of a LEFT JOIN decide which rows match: a term reading
//     the right side only filters the right input, any other term is part
//     of the join's matching condition;
//   - a LEFT JOIN whose right side a WHERE term rejects when NULL (b.x = 1,
//     b.x IS NOT NULL, ...) is an inner join, and is planned as one;
//   - a join's matching terms of the form left-expression = right-
//     expression are the hash keys (when the types allow hashing), the
//     others are evaluated on each candidate pair.

// fromPlan builds the FROM clause with the WHERE conjuncts and returns the
// plan and the slots of its rows.
func (p *planner) fromPlan(where []engine.Expr) (engine.Node, []int, error) {
	if p.blk == nil || p.blk.tree == nil {
		n, err := p.placedFilter(oneRow(), where, nil)
		return n, nil, err
	}
	root := p.blk.tree
	p.simplifyOuterJoins(root, where)
	p.distributeOn(root)
	for _, c := range where {
		p.placeCond(root, c, p.sourcesOf(c))
	}
	return p.buildNode(root)
}

// simplifyOuterJoins turns each LEFT JOIN whose right side the conditions
// that apply to its output reject when NULL into an inner join.
func (p *planner) simplifyOuterJoins(n *fromNode, conds []engine.Expr) {
	if n.leaf != nil {
		return
	}
	if n.kind == joinLeft {
		for _, c := range conds {
			if p.nullRejects(c, n.right.set) {
				n.kind = joinInner
				break
			}
		}
	}
	if n.kind == joinInner {
		all := append(append([]engine.Expr(nil), conds...), n.on...)
		p.simplifyOuterJoins(n.left, all)
		p.simplifyOuterJoins(n.right, all)
		return
	}
	p.simplifyOuterJoins(n.left, conds)
	p.simplifyOuterJoins(n.right, n.on)
}

// nullRejects reports whether c is never true when every column of the
// tables in side is NULL.
func (p *planner) nullRejects(c engine.Expr, side uint64) bool {
	srcs := p.sourcesOf(c)
	if srcs&side == 0 {
		return false
	}
	onSide := func(e engine.Expr) bool {
		ref, ok := e.(*engine.ColumnRef)
		return ok && p.sourcesOf(ref)&side != 0
	}
	switch x := c.(type) {
	case *engine.Comparison:
		if x.Op != engine.OpNullSafeEq && (onSide(x.L) || onSide(x.R)) {
			return true
		}
	case *engine.InList:
		if onSide(x.X) {
			return true
		}
	case *engine.Between:
		if onSide(x.X) {
			return true
		}
	case *engine.Like:
		if onSide(x.X) || onSide(x.Pattern) {
			return true
		}
	case *engine.IsNull:
		if x.Not && onSide(x.X) {
			return true
		}
	}
	if srcs&^side != 0 || engine.HasSubquery(c) || readsParams(c) || engine.KintoneOnly(c) {
		return false
	}
	// A condition on the side alone: evaluate it with NULL columns.
	var layout []int
	engine.Walk(c, func(x engine.Expr) {
		if ref, ok := x.(*engine.ColumnRef); ok {
			layout = append(layout, ref.Index)
		}
	})
	placed, err := p.place(c, layout)
	if err != nil {
		return false
	}
	v, err := placed.Eval(p.env, make(engine.Row, len(layout)))
	if err != nil {
		return false
	}
	t, ok := engine.Truth(v)
	return !(ok && t)
}

// distributeOn places the ON terms of every join of the tree.
func (p *planner) distributeOn(n *fromNode) {
	if n.leaf != nil {
		return
	}
	p.distributeOn(n.left)
	p.distributeOn(n.right)
	for _, c := range n.on {
		srcs := p.sourcesOf(c)
		switch {
		case n.kind == joinInner:
			p.placeCond(n, c, srcs)
		case srcs != 0 && srcs&^n.right.set == 0:
			p.placeCond(n.right, c, srcs)
		default:
			n.conds = append(n.conds, c)
		}
	}
}

// placeCond places a condition that filters n's output rows; srcs are the
// tables it reads.
func (p *planner) placeCond(n *fromNode, c engine.Expr, srcs uint64) {
	if n.leaf != nil {
		n.filters = append(n.filters, c)
		return
	}
	inLeft := srcs != 0 && srcs&^n.left.set == 0
	inRight := srcs != 0 && srcs&^n.right.set == 0
	switch {
	case inLeft:
		p.placeCond(n.left, c, srcs)
	case inRight && n.kind == joinInner:
		p.placeCond(n.right, c, srcs)
	case n.kind == joinInner && srcs != 0 && !inRight:
		n.conds = append(n.conds, c)
	default:
		n.post = append(n.post, c)
	}
}

// buildNode builds the plan of a join tree node and returns the slots of
// its rows.
func (p *planner) buildNode(n *fromNode) (engine.Node, []int, error) {
	if n.leaf != nil {
		node, err := p.leafPlan(n.leaf, n.filters)
		return node, n.leaf.layout(), err
	}
	l, ll, err := p.buildNode(n.left)
	if err != nil {
		return nil, nil, err
	}
	r, rl, err := p.buildNode(n.right)
	if err != nil {
		return nil, nil, err
	}
	layout := append(append([]int(nil), ll...), rl...)
	keys, residual := p.joinKeys(n)
	j := &engine.Join{Left: l, Right: r, Type: engine.JoinInner}
	if n.kind == joinLeft {
		j.Type = engine.JoinLeft
	}
	for _, k := range keys {
		lk, err := p.place(k.left, ll)
		if err != nil {
			return nil, nil, err
		}
		rk, err := p.place(k.right, rl)
		if err != nil {
			return nil, nil, err
		}
		j.LeftKeys, j.RightKeys, j.Numeric = append(j.LeftKeys, lk), append(j.RightKeys, rk), append(j.Numeric, k.numeric)
	}
	if len(residual) > 0 {
		cond, err := p.place(andOf(residual), layout)
		if err != nil {
			return nil, nil, err
		}
		j.Cond = cond
	}
	p.chooseBuild(j, n, keys)
	node, err := p.placedFilter(j, n.post, layout)
	return node, layout, err
}

// andOf joins conditions with AND (one stays itself).
func andOf(cs []engine.Expr) engine.Expr {
	if len(cs) == 1 {
		return cs[0]
	}
	return &engine.And{Terms: cs}
}

// joinKey is one hash key pair of a join: left and right expressions
// (bound, not placed), and whether they compare as numbers.
type joinKey struct {
	left, right engine.Expr
	numeric     bool
}

// joinKeys splits a join's matching terms into hash keys (l = r with l on
// one side, r on the other, of hashable types) and the rest.
func (p *planner) joinKeys(n *fromNode) (keys []joinKey, residual []engine.Expr) {
	for _, c := range n.conds {
		cmp, ok := c.(*engine.Comparison)
		if ok && cmp.Op == engine.OpEq && !engine.HasSubquery(c) {
			ls, rs := p.sourcesOf(cmp.L), p.sourcesOf(cmp.R)
			l, r := cmp.L, cmp.R
			if ls&^n.right.set == 0 && rs&^n.left.set == 0 {
				l, r, ls, rs = r, l, rs, ls
			}
			if ls != 0 && rs != 0 && ls&^n.left.set == 0 && rs&^n.right.set == 0 && !readsParams(c) {
				if hashable, numeric := hashableTypes(l.Type(), r.Type()); hashable {
					keys = append(keys, joinKey{left: l, right: r, numeric: numeric})
					continue
				}
			}
		}
		residual = append(residual, c)
	}
	return keys, residual
}

// typeClass groups the SQL types whose values hash alike.
func typeClass(t schema.Type) string {
	switch t {
	case schema.TypeBigInt, schema.TypeDecimal, schema.TypeDouble, schema.TypeBool:
		return "number"
	case schema.TypeText, schema.TypeJSON:
		return "text"
	case schema.TypeDate, schema.TypeDateTime:
		return "instant"
	case schema.TypeTime:
		return "time"
	}
	return ""
}

// hashableTypes reports whether values of types a and b can be matched by
// hash: same class, or a number and a text (matched as numbers, MySQL's
// comparison). Unknown types are compared by the residual condition.
func hashableTypes(a, b schema.Type) (hashable, numeric bool) {
	ca, cb := typeClass(a), typeClass(b)
	switch {
	case ca == "" || cb == "":
		return false, false
	case ca == cb:
		return true, false
	case ca == "number" && cb == "text", ca == "text" && cb == "number":
		return true, true
	}
	return false, false
}

// size estimates how many rows a join input yields, as a rank: 1 for a
// directory or metadata table narrowed by conditions, 2 for a filtered
// kintone table or a derived table, 3 for a whole table.
func (p *planner) size(n *fromNode) int {
	if n.leaf == nil {
		l, r := p.size(n.left), p.size(n.right)
		if n.kind == joinLeft {
			return l
		}
		return min(l, r)
	}
	s := n.leaf
	switch {
	case s.table == nil:
		return 2
	case s.table.Kind == schema.DirectoryTable || s.table.Kind == schema.MetadataTable:
		if len(n.filters) > 0 {
			return 1
		}
		return 3
	case len(n.filters) > 0:
		return 2
	}
	return 3
}

// chooseBuild picks the side held in memory and the key pushdown. The
// smaller-looking side (see size) is built, the right one on a tie. Its
// key values narrow the other side only when it is itself narrowed (a
// filtered table, a derived table, a directory table): the keys of a
// whole table would select about everything. A LEFT JOIN builds its left
// side only when that lets the values narrow the right side.
func (p *planner) chooseBuild(j *engine.Join, n *fromNode, keys []joinKey) {
	sl, sr := p.size(n.left), p.size(n.right)
	rightKeys := make([]engine.Expr, len(keys))
	leftKeys := make([]engine.Expr, len(keys))
	for i, k := range keys {
		leftKeys[i], rightKeys[i] = k.left, k.right
	}
	if n.kind == joinLeft {
		if sl < sr {
			if push := p.keyPush(n.right, rightKeys, leftKeys); push != nil {
				j.BuildLeft, j.Push = true, push
			}
		}
		return
	}
	const whole = 3
	pushLeft := p.keyPush(n.left, leftKeys, rightKeys)
	pushRight := p.keyPush(n.right, rightKeys, leftKeys)
	switch {
	case sl < sr:
		j.BuildLeft, j.Push = true, pushRight
	case sr < sl:
		j.Push = pushLeft
	case sl == whole: // two whole tables: build the right one, no pushdown
	case pushLeft == nil && pushRight != nil:
		j.BuildLeft, j.Push = true, pushRight
	default:
		j.Push = pushLeft
	}
}
