package engine

import (
	"strings"

	"github.com/kintone-sql/kintone/schema"
)

// Function is a scalar SQL function of the registry (functions.go).
type Function struct {
	// Name is the canonical upper-case name.
	Name string
	// MinArgs and MaxArgs bound the argument count; MaxArgs < 0 means no
	// upper bound.
	MinArgs, MaxArgs int
	// NullStrict functions return NULL when any argument is NULL, without
	// calling Eval.
	NullStrict bool
	// Result computes the result type from the argument types.
	Result func(args []schema.Type) schema.Type
	// Eval computes the result from the argument values.
	Eval func(env *Env, args []Value) (Value, error)
}

// Call is a call of a registry function.
type Call struct {
	Fn   *Function
	Args []Expr
}

// Eval evaluates the arguments, then the function.
func (c *Call) Eval(env *Env, row Row) (Value, error) {
	vals := make([]Value, len(c.Args))
	for i, a := range c.Args {
		v, err := a.Eval(env, row)
		if err != nil {
			return nil, err
		}
		if v == nil && c.Fn.NullStrict {
			return nil, nil
		}
		vals[i] = v
	}
	v, err := c.Fn.Eval(env, vals)
	return sizedResult(c.Fn.Name, v, err)
}

// Type is the function's result type.
func (c *Call) Type() schema.Type {
	ts := make([]schema.Type, len(c.Args))
	for i, a := range c.Args {
		ts[i] = a.Type()
	}
	return c.Fn.Result(ts)
}

// String renders the call.
func (c *Call) String() string {
	args := make([]string, len(c.Args))
	for i, a := range c.Args {
		args[i] = a.String()
	}
	return c.Fn.Name + "(" + strings.Join(args, ", ") + ")"
}

// kids returns the arguments.
func (c *Call) kids() []Expr { return c.Args }

// withKids copies the call with new arguments.
func (c *Call) withKids(k []Expr) Expr { return &Call{Fn: c.Fn, Args: k} }
