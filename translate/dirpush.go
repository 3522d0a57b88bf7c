package translate

import (
	"slices"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// builtinScan builds the scan of a directory (User API) or metadata table:
// the = and IN conditions of where's top-level AND on the columns that
// engine.PushableKeys names become KeyFilters (ids[]/codes[] of the User
// API, the app of per-app metadata, the record of comments). The caller
// keeps where as a client-side filter above the scan; the scan's own check
// makes it exact anyway. A Comments scan without AppId and RecordId fails
// here, at plan time.
func builtinScan(cat *schema.Catalog, t *schema.Table, cols []*schema.Column, qualifier string, where engine.Expr) (engine.Node, error) {
	keys := builtinKeyFilters(t, where)
	switch t.Kind {
	case schema.DirectoryTable:
		return &engine.DirScan{Table: t, Cols: cols, Qualifier: qualifier, Keys: keys}, nil
	case schema.MetadataTable:
		s := &engine.MetaScan{Table: t, Cols: cols, Qualifier: qualifier, Keys: keys, Catalog: cat}
		if err := s.Check(); err != nil {
			return nil, err
		}
		return s, nil
	}
	return nil, notSupported("reading table " + t.Name + " as a directory or metadata table")
}

// builtinKeyFilters extracts the pushable key conditions of where: terms
// of its top-level AND of the forms col = literal, literal = col and col
// IN (literals), where col is a column of t whose Code is in
// engine.PushableKeys(t). A NULL literal matches nothing, so col = NULL
// gives a filter without values (no rows, no request).
func builtinKeyFilters(t *schema.Table, where engine.Expr) []engine.KeyFilter {
	pushable := engine.PushableKeys(t)
	keyCol := func(e engine.Expr) *schema.Column {
		ref, ok := e.(*engine.ColumnRef)
		if !ok || ref.Col.Source == nil || !slices.Contains(pushable, ref.Col.Source.Code) ||
			!slices.Contains(t.Columns, ref.Col.Source) {
			return nil
		}
		return ref.Col.Source
	}
	var out []engine.KeyFilter
	for _, term := range conjuncts(where) {
		switch x := term.(type) {
		case *engine.Comparison:
			if x.Op != engine.OpEq {
				continue
			}
			col, lit := keyCol(x.L), keyLiteral(x.R)
			if col == nil {
				col, lit = keyCol(x.R), keyLiteral(x.L)
			}
			if col != nil && lit != nil {
				out = append(out, engine.KeyFilter{Code: col.Code, Values: keyValues(lit.V)})
			}
		case *engine.InList:
			col := keyCol(x.X)
			if x.Not || col == nil {
				continue
			}
			var vals []engine.Value
			all := true
			for _, e := range x.List {
				lit := keyLiteral(e)
				if lit == nil {
					all = false
					break
				}
				vals = append(vals, keyValues(lit.V)...)
			}
			if all {
				out = append(out, engine.KeyFilter{Code: col.Code, Values: vals})
			}
		}
	}
	return out
}

// keyLiteral returns e when it is a constant.
func keyLiteral(e engine.Expr) *engine.Literal {
	l, _ := e.(*engine.Literal)
	return l
}

// keyValues returns v as a one-value list, empty for NULL.
func keyValues(v engine.Value) []engine.Value {
	if v == nil {
		return nil
	}
	return []engine.Value{v}
}
