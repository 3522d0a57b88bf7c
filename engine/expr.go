package engine

import "github.com/kintone-sql/kintone/schema"

// Expr is a SQL expression evaluated against a row, with SQL's NULL
// semantics (three-valued logic) and MySQL-compatible coercions.
type Expr interface {
	// Eval computes the value for row.
	Eval(env *Env, row Row) (Value, error)
	// Type is the expression's SQL type (TypeUnknown when it depends on
	// the values).
	Type() schema.Type
	// String renders the expression in SQL for EXPLAIN.
	String() string
}
