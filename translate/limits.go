package translate

import "fmt"

// maxExprDepth bounds how deeply expressions may nest (NOT NOT ... x,
// -(-(...)), nested function calls). Chains of AND and OR do not count:
// they bind as flat lists. Like MySQL's parser stack limit, it keeps any
// statement text from exhausting the stack of the host program.
const maxExprDepth = 10_000

// ctxCheckEvery is how many expressions are bound between two checks of
// the statement's context.
const ctxCheckEvery = 256

// enter counts one level of expression nesting, failing past maxExprDepth
// or when the statement's context has ended; the caller decrements depth
// when the level is done.
func (p *planner) enter() error {
	if p.depth >= maxExprDepth {
		return fmt.Errorf("the expression is nested more than %d levels deep; simplify it", maxExprDepth)
	}
	p.depth++
	p.bound++
	if p.bound%ctxCheckEvery == 0 && p.ctx != nil {
		if err := p.ctx.Err(); err != nil {
			p.depth--
			return fmt.Errorf("planning the statement: %w", err)
		}
	}
	return nil
}
