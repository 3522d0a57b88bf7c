package engine

import (
	"context"
	"fmt"
)

// cacheKey identifies a result kept for the rest of a statement: the node
// that produced it and the key of the outer values it was computed for
// ("" when it reads none).
type cacheKey struct {
	owner  any
	params string
}

// maxCachedResults bounds the number of results a statement keeps for
// correlated subqueries; past it, results are recomputed.
const maxCachedResults = 100_000

// remember records ctx as the statement's context for work started from
// expressions (subqueries), which receive no context of their own; the
// first (outermost) context wins.
func (env *Env) remember(ctx context.Context) {
	if env == nil {
		return
	}
	env.run.mu.Lock()
	if env.run.ctx == nil {
		env.run.ctx = ctx
	}
	env.run.mu.Unlock()
}

// context returns the statement's context (Background before any Open).
func (env *Env) context() context.Context {
	env.run.mu.Lock()
	defer env.run.mu.Unlock()
	if env.run.ctx == nil {
		return context.Background()
	}
	return env.run.ctx
}

// cached returns the result stored under k.
func (env *Env) cached(k cacheKey) (any, bool) {
	env.run.mu.Lock()
	defer env.run.mu.Unlock()
	v, ok := env.run.cache[k]
	return v, ok
}

// store keeps v under k for the rest of the statement (uncorrelated
// results always, correlated ones up to maxCachedResults).
func (env *Env) store(k cacheKey, v any) {
	env.run.mu.Lock()
	defer env.run.mu.Unlock()
	if env.run.cache == nil {
		env.run.cache = map[cacheKey]any{}
	}
	if k.params != "" && len(env.run.cache) >= maxCachedResults {
		return
	}
	env.run.cache[k] = v
}

// pushFrame makes vals the outer values read by Param.
func (env *Env) pushFrame(vals Row) {
	env.run.mu.Lock()
	env.run.frames = append(env.run.frames, vals)
	env.run.mu.Unlock()
}

// popFrame drops the innermost outer values.
func (env *Env) popFrame() {
	env.run.mu.Lock()
	env.run.frames = env.run.frames[:len(env.run.frames)-1]
	env.run.mu.Unlock()
}

// param returns outer value i of the innermost correlated subquery.
func (env *Env) param(i int) (Value, error) {
	if env == nil {
		return nil, fmt.Errorf("engine: outer value %d read outside a subquery", i)
	}
	env.run.mu.Lock()
	defer env.run.mu.Unlock()
	n := len(env.run.frames)
	if n == 0 || i >= len(env.run.frames[n-1]) {
		return nil, fmt.Errorf("engine: outer value %d read outside a subquery", i)
	}
	return env.run.frames[n-1][i], nil
}
