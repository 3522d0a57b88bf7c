package schema

import (
	"context"
	"time"

	"github.com/kintone-sql/kintone/client"
)

// Cache holds one connector's Catalog: the first Get loads it, callers
// arriving during the load wait for that same load, and later calls reuse
// it until Invalidate, Refresh or the TTL. A failed load is not kept. The
// zero Cache is ready to use and must not be copied after first use.
type Cache struct {
	// TTL, when positive, reloads the catalog on the first Get after it
	// has been held that long; 0 keeps it until Invalidate or Refresh.
	TTL time.Duration

	f   flight[cachedCatalog]
	now func() time.Time // nil = time.Now; tests set it
}

// cachedCatalog is a catalog and when it was loaded.
type cachedCatalog struct {
	cat *Catalog
	at  time.Time
}

// Get returns the cached catalog, loading it with Load(ctx, c, opts) and
// adding the built-in tables (AddBuiltinTables) when there is none (or it
// has expired). The load runs to completion even if
// ctx ends first (the waiting callers then return ctx's error), so one
// impatient caller cannot fail the others. c and opts should be the same
// on every call; the catalog keeps those of the load that built it.
func (k *Cache) Get(ctx context.Context, c *client.Client, opts Options) (*Catalog, error) {
	if k.TTL > 0 {
		now := k.clock()
		k.f.expire(func(cc cachedCatalog) bool { return now.Sub(cc.at) >= k.TTL })
	}
	cc, err := k.f.do(ctx, func(ctx context.Context) (cachedCatalog, error) {
		cat, err := Load(ctx, c, opts)
		if err == nil {
			err = AddBuiltinTables(cat)
		}
		return cachedCatalog{cat: cat, at: k.clock()}, err
	})
	return cc.cat, err
}

// Invalidate drops the cached catalog; the next Get loads a new one.
func (k *Cache) Invalidate() { k.f.reset() }

// Refresh drops the cached catalog and loads a new one now.
func (k *Cache) Refresh(ctx context.Context, c *client.Client, opts Options) (*Catalog, error) {
	k.Invalidate()
	return k.Get(ctx, c, opts)
}

// clock returns the current time.
func (k *Cache) clock() time.Time {
	if k.now != nil {
		return k.now()
	}
	return time.Now()
}
