package schema

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// ErrNotFound is matched (errors.Is) by the errors of Lookup and
// Table.Column for a name that names nothing.
var ErrNotFound = errors.New("not found")

// ErrAmbiguous is matched (errors.Is) by the errors of Lookup and
// Table.Column for a name that names several tables or columns.
var ErrAmbiguous = errors.New("ambiguous")

// lookupError is a lookup failure: a readable message and ErrNotFound or
// ErrAmbiguous underneath.
type lookupError struct {
	kind error
	msg  string
}

// Error returns the message.
func (e *lookupError) Error() string { return e.msg }

// Unwrap returns ErrNotFound or ErrAmbiguous.
func (e *lookupError) Unwrap() error { return e.kind }

// appAliasPattern matches the app_<id> alias (any letter case).
var appAliasPattern = regexp.MustCompile(`^(?i:app)_([0-9]+)$`)

// Lookup finds a table by name, loading its app's fields if needed.
//
// The name may be qualified by a schema ("Kintone.Deals"; "REST" is taken
// as Kintone; extra tables bring their own schemas); the qualified form is
// tried only when the whole text names no table. Resolution, first match
// wins:
//  1. app_<id> (any case): that app.
//  2. Exact names and aliases of extra tables (AddTable); those of
//     information_schema only when the name is qualified.
//  3. Exact app names and app codes: one app wins; several apps (two apps
//     of one name, or a name equal to another app's code) are an error that
//     lists their app_<id> aliases and codes.
//  4. Exact subtable table names and aliases (apps whose name, code or
//     app_<id> prefixes the name are loaded to find them).
//  5. Steps 2-4 again, ignoring letter case (Unicode simple folding); a
//     case-insensitive match must be unique too.
//
// An unknown name gives an error that suggests the nearest table names.
func (c *Catalog) Lookup(ctx context.Context, name string) (*Table, error) {
	t, err := c.lookupIn(ctx, "", name)
	if err == nil || !errors.Is(err, ErrNotFound) {
		return t, err
	}
	if schema, rest, ok := c.splitQualified(name); ok {
		return c.lookupIn(ctx, schema, rest)
	}
	return nil, err
}

// splitQualified splits "Schema.name" when Schema is a known schema.
func (c *Catalog) splitQualified(name string) (schema, rest string, ok bool) {
	dot := strings.IndexByte(name, '.')
	if dot <= 0 || dot == len(name)-1 {
		return "", "", false
	}
	q := name[:dot]
	switch {
	case strings.EqualFold(q, KintoneSchema), strings.EqualFold(q, "REST"):
		return KintoneSchema, name[dot+1:], true
	}
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, t := range c.extra {
		if strings.EqualFold(t.Schema, q) {
			return t.Schema, name[dot+1:], true
		}
	}
	return "", "", false
}

// lookupIn resolves name among the tables of schema ("" = every schema).
func (c *Catalog) lookupIn(ctx context.Context, schema, name string) (*Table, error) {
	inKintone := schema == "" || schema == KintoneSchema
	if m := appAliasPattern.FindStringSubmatch(name); m != nil && inKintone {
		if id, err := strconv.ParseInt(m[1], 10, 64); err == nil {
			if e := c.byID[id]; e != nil {
				return c.tableOf(ctx, e)
			}
		}
	}
	for _, eq := range []func(a, b string) bool{exactly, strings.EqualFold} {
		if t := c.findExtra(schema, name, eq); t != nil {
			return t, nil
		}
		if !inKintone {
			continue
		}
		var hits []*appEntry
		for _, e := range c.apps {
			if eq(e.name, name) || (e.code != "" && eq(e.code, name)) {
				hits = append(hits, e)
			}
		}
		switch {
		case len(hits) == 1:
			return c.tableOf(ctx, hits[0])
		case len(hits) > 1:
			return nil, ambiguousApps(name, hits)
		}
		t, err := c.findSubtable(ctx, name, eq)
		if t != nil || err != nil {
			return t, err
		}
	}
	return nil, c.notFound(schema, name)
}

// exactly compares two names byte for byte.
func exactly(a, b string) bool { return a == b }

// tableOf returns the loaded app table of e.
func (c *Catalog) tableOf(ctx context.Context, e *appEntry) (*Table, error) {
	at, err := c.load(ctx, e)
	if err != nil {
		return nil, err
	}
	return at.table, nil
}

// findExtra returns the extra table of schema called name (eq compares).
func (c *Catalog) findExtra(schema, name string, eq func(a, b string) bool) *Table {
	c.mu.RLock()
	defer c.mu.RUnlock()
	for _, t := range c.extra {
		if schema != "" && !strings.EqualFold(t.Schema, schema) || schema == "" && IsQualifiedOnly(t.Schema) {
			continue
		}
		if eq(t.Name, name) || slices.ContainsFunc(t.Aliases, func(a string) bool { return eq(a, name) }) {
			return t
		}
	}
	return nil
}

// findSubtable loads the apps whose name could start name and looks for a
// subtable table among theirs.
func (c *Catalog) findSubtable(ctx context.Context, name string, eq func(a, b string) bool) (*Table, error) {
	sep := c.opts.separator()
	var hits []*Table
	for _, e := range c.apps {
		if !e.subtables || !c.mayPrefix(e, name, sep) {
			continue
		}
		at, err := c.load(ctx, e)
		if err != nil {
			return nil, err
		}
		for _, st := range at.subtables {
			if eq(st.Name, name) || slices.ContainsFunc(st.Aliases, func(a string) bool { return eq(a, name) }) {
				hits = append(hits, st)
			}
		}
	}
	switch {
	case len(hits) == 1:
		return hits[0], nil
	case len(hits) > 1:
		ids := make([]string, len(hits))
		alts := make([]string, len(hits))
		for i, t := range hits {
			ids[i] = strconv.FormatInt(t.App, 10)
			alts[i] = t.Aliases[0]
		}
		return nil, &lookupError{kind: ErrAmbiguous, msg: fmt.Sprintf(
			"table name %q is ambiguous: subtables of apps %s share it; use %s",
			name, joinWords(ids, "and"), joinWords(alts, "or"))}
	}
	return nil, nil
}

// mayPrefix reports whether one of e's names followed by sep starts name,
// ignoring case.
func (c *Catalog) mayPrefix(e *appEntry, name, sep string) bool {
	for _, n := range []string{e.name, e.code, appAlias(e.id)} {
		p := n + sep
		if n != "" && len(name) > len(p) && strings.EqualFold(name[:len(p)], p) {
			return true
		}
	}
	return false
}

// ambiguousApps describes a name shared by several apps.
func ambiguousApps(name string, hits []*appEntry) error {
	ids := make([]string, len(hits))
	alts := make([]string, len(hits))
	var codes []string
	for i, e := range hits {
		ids[i] = strconv.FormatInt(e.id, 10)
		alts[i] = appAlias(e.id)
		if e.code != "" {
			codes = append(codes, e.code)
		}
	}
	msg := fmt.Sprintf("table name %q is ambiguous: apps %s share it; use %s",
		name, joinWords(ids, "and"), joinWords(alts, "or"))
	switch {
	case len(codes) == 1:
		msg += fmt.Sprintf(" (or the app code %s)", codes[0])
	case len(codes) > 1:
		msg += fmt.Sprintf(" (or their codes %s)", strings.Join(codes, ", "))
	}
	return &lookupError{kind: ErrAmbiguous, msg: msg}
}

// notFound builds the unknown-table error with suggestions taken from the
// names known without further requests.
func (c *Catalog) notFound(schema, name string) error {
	var names []string
	c.mu.RLock()
	for _, t := range c.extra {
		if schema == "" && !IsQualifiedOnly(t.Schema) || strings.EqualFold(t.Schema, schema) {
			names = append(names, t.Name)
		}
	}
	c.mu.RUnlock()
	if schema == "" || schema == KintoneSchema {
		for _, e := range c.apps {
			names = append(names, e.name)
			if e.code != "" {
				names = append(names, e.code)
			}
			if at, ok := e.flight().peek(); ok {
				for _, st := range at.subtables {
					names = append(names, st.Name)
				}
			}
		}
	}
	msg := fmt.Sprintf("table %q not found", name)
	if schema != "" {
		msg = fmt.Sprintf("table %q not found in schema %s", name, schema)
	}
	return &lookupError{kind: ErrNotFound, msg: msg + didYouMean(name, names) + c.emptyHint()}
}

// emptyHint explains a connection that sees no app at all, which usually
// means a wrong GuestSpaceId, AppId or Tables property.
func (c *Catalog) emptyHint() string {
	if len(c.apps) > 0 {
		return ""
	}
	switch {
	case c.opts.GuestSpaceID > 0:
		return fmt.Sprintf(" (the connection sees no apps: GuestSpaceId=%d names no guest space with apps this user can read)", c.opts.GuestSpaceID)
	case len(c.opts.Tables) > 0:
		return " (the connection sees no apps: the Tables property matches none)"
	}
	return " (the connection sees no apps: the user can read none)"
}

// Column finds a column of t by name: first an exact column name, then an
// exact alias (the field code when names are labels, the label when names
// are codes, the plain label of a disambiguated column, CData's RecordId
// for $id), then names and aliases ignoring letter case. A name matching
// several columns at the same step is an error naming them; an unknown
// name is an error suggesting the nearest column names.
func (t *Table) Column(name string) (*Column, error) {
	for _, c := range t.Columns {
		if c.Name == name {
			return c, nil
		}
	}
	steps := []func(c *Column) bool{
		func(c *Column) bool { return slices.Contains(c.Aliases, name) },
		func(c *Column) bool {
			return strings.EqualFold(c.Name, name) ||
				slices.ContainsFunc(c.Aliases, func(a string) bool { return strings.EqualFold(a, name) })
		},
	}
	for _, match := range steps {
		var hits []*Column
		for _, c := range t.Columns {
			if match(c) {
				hits = append(hits, c)
			}
		}
		switch {
		case len(hits) == 1:
			return hits[0], nil
		case len(hits) > 1:
			names := make([]string, len(hits))
			for i, c := range hits {
				names[i] = strconv.Quote(c.Name)
			}
			return nil, &lookupError{kind: ErrAmbiguous, msg: fmt.Sprintf(
				"column name %q is ambiguous in table %q: it matches %s", name, t.Name, joinWords(names, "and"))}
		}
	}
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return nil, &lookupError{kind: ErrNotFound, msg: fmt.Sprintf(
		"column %q not found in table %q%s", name, t.Name, didYouMean(name, names))}
}

// joinWords joins items as "a, b and c" (or "or").
func joinWords(items []string, word string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + word + " " + items[len(items)-1]
}
