package main

import (
	"github.com/kintone-sql/kintone/schema"

	"context"
	"strings"
	"sync"
	"time"
)

// completionLookupTimeout bounds the metadata request a Tab key may send
// for a table that is not cached yet.
const completionLookupTimeout = 2 * time.Second

// completionCache is the completer's view of the tables: the list from the
// latest Tables call, plus tables looked up one by one when a statement
// names one the list lacks. It is safe for concurrent use.
type completionCache struct {
	meta metadataSource
	ctx  context.Context

	mu      sync.Mutex
	names   []string
	columns map[string][]string // by lower-case table name or alias
	missed  map[string]bool
}

// newCompletionCache returns an empty cache over meta; lookups run under
// ctx.
func newCompletionCache(ctx context.Context, meta metadataSource) *completionCache {
	return &completionCache{meta: meta, ctx: ctx, columns: map[string][]string{}, missed: map[string]bool{}}
}

// loadNames reads the app names into the cache; columns are then looked
// up per table when a statement names it. This is what a real tenant
// gets, since reading every app's fields costs two requests per app.
func (c *completionCache) loadNames(ctx context.Context) error {
	names, err := c.meta.AppNames(ctx)
	if err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.names) == 0 {
		c.names = names
	}
	return nil
}

// load reads every table into the cache.
func (c *completionCache) load(ctx context.Context) error {
	tables, err := c.meta.Tables(ctx)
	if err != nil {
		return err
	}
	c.set(tables)
	return nil
}

// set replaces the cached tables.
func (c *completionCache) set(tables []tableInfo) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.names = nil
	c.missed = map[string]bool{}
	for _, t := range tables {
		if t.Schema == schema.InformationSchema {
			continue // its views resolve only when qualified
		}
		c.names = append(c.names, t.Name)
		c.columns[strings.ToLower(t.Name)] = columnNamesOf(t)
	}
}

// columnNamesOf lists a table's column names.
func columnNamesOf(t tableInfo) []string {
	out := make([]string, len(t.Columns))
	for i, col := range t.Columns {
		out[i] = col.Name
	}
	return out
}

// TableNames returns the cached table names.
func (c *completionCache) TableNames() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.names...)
}

// ColumnNames returns a table's columns, asking the metadata source (once
// per name, within completionLookupTimeout) when the table is not cached.
func (c *completionCache) ColumnNames(table string) []string {
	key := strings.ToLower(table)
	c.mu.Lock()
	cols, ok := c.columns[key]
	missed := c.missed[key]
	c.mu.Unlock()
	if ok || missed || c.meta == nil {
		return cols
	}
	ctx, cancel := context.WithTimeout(c.ctx, completionLookupTimeout)
	defer cancel()
	t, err := c.meta.Table(ctx, table)
	c.mu.Lock()
	defer c.mu.Unlock()
	if err != nil {
		c.missed[key] = true
		return nil
	}
	cols = columnNamesOf(t)
	c.columns[key] = cols
	return cols
}
