package schema

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/kintone-sql/kintone/client"
)

// DefaultConcurrency is the number of apps whose metadata loads at once when
// Options.Concurrency is zero.
const DefaultConcurrency = 4

// DefaultSubtableSeparator joins an app table name and a subtable name when
// Options.SubtableSeparator is empty (CData's "SampleApp_Table").
const DefaultSubtableSeparator = "_"

// Options says how a Catalog is built; the fields mirror the connection
// properties of the same names.
type Options struct {
	// UseCodeForFieldName names columns (and subtable tables) by field code
	// instead of field label.
	UseCodeForFieldName bool
	// SubtableSeparator joins an app table name and a subtable name; ""
	// means DefaultSubtableSeparator.
	SubtableSeparator string
	// CheckForSubtablesIn lists the apps whose subtables become tables, each
	// entry an app name (case-insensitive), app code, app id or app_<id>;
	// nil, empty or an entry "*" means every app.
	CheckForSubtablesIn []string
	// AppIDs lists the apps to expose. Required with TokenAuth; with password
	// authentication it narrows the app list.
	AppIDs []int64
	// GuestSpaceID, when positive, exposes only the apps of that guest space
	// and sends every metadata request through /k/guest/{id}/v1/.
	GuestSpaceID int64
	// NumberMapToDouble types NUMBER and numeric CALC columns DOUBLE
	// (float64) instead of DECIMAL.
	NumberMapToDouble bool
	// TokenAuth says the client authenticates with API tokens, which
	// kintone refuses for apps.json: the apps then come from AppIDs.
	TokenAuth bool
	// Tables, when not nil, keeps only the apps named by an entry (same
	// matching as CheckForSubtablesIn); their subtables follow them.
	Tables []string
	// Lang is the lang parameter of app/form/fields.json (default, en, zh,
	// ja or user); "" lets kintone choose, which gives the default labels.
	Lang string
	// Concurrency bounds the apps whose fields load at once in Tables;
	// 0 means DefaultConcurrency.
	Concurrency int
}

// separator returns the subtable separator in effect.
func (o Options) separator() string {
	if o.SubtableSeparator == "" {
		return DefaultSubtableSeparator
	}
	return o.SubtableSeparator
}

// concurrency returns the load concurrency in effect.
func (o Options) concurrency() int {
	if o.Concurrency <= 0 {
		return DefaultConcurrency
	}
	return o.Concurrency
}

// WantsSubtablesOf reports whether CheckForSubtablesIn selects the app.
func (o Options) WantsSubtablesOf(id int64, name, code string) bool {
	return selectsApp(o.CheckForSubtablesIn, id, name, code)
}

// selectsApp reports whether list (nil, empty or holding "*" = every app)
// names the app by name (case-insensitive), code, id or app_<id>.
func selectsApp(list []string, id int64, name, code string) bool {
	if len(list) == 0 {
		return true
	}
	ids := strconv.FormatInt(id, 10)
	for _, s := range list {
		s = strings.TrimSpace(s)
		switch {
		case s == "*", s == ids, strings.EqualFold(s, name),
			code != "" && s == code, strings.EqualFold(s, appAlias(id)):
			return true
		}
	}
	return false
}

// appAlias is the always-unambiguous alias of an app table.
func appAlias(id int64) string { return "app_" + strconv.FormatInt(id, 10) }

// Catalog is the set of tables of one connector: the app tables, their
// subtable tables and any extra tables added with AddTable. The app list is
// read by Load; each app's fields are read on the first lookup that needs
// them (two requests: form fields and form layout) and kept until
// InvalidateApp. A Catalog is safe for concurrent use; the tables and
// columns it returns are shared and must not be modified.
type Catalog struct {
	client *client.Client
	opts   Options
	apps   []*appEntry // in app id order
	byID   map[int64]*appEntry

	mu    sync.RWMutex
	extra []*Table
}

// appEntry is one app of the catalog and its lazily loaded tables.
type appEntry struct {
	info      client.App
	id        int64
	name      string
	code      string
	spaceID   int64
	subtables bool // CheckForSubtablesIn selects the app

	mu     sync.Mutex
	tables *flight[*appTables]
}

// appTables are the tables built from one app's fields.
type appTables struct {
	table     *Table
	subtables []*Table
}

// flight returns the entry's current loader.
func (e *appEntry) flight() *flight[*appTables] {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.tables
}

// Load reads the app list and returns a Catalog; app fields are read later,
// on first use. Requests: with password authentication one apps.json call
// per 100 apps (⌈(apps+1)/100⌉, paging stops at a short page; with AppIDs
// ⌈len(AppIDs)/100⌉); with TokenAuth one app.json call per AppIDs entry.
// Each app then costs two requests the first time one of its tables is
// used. With GuestSpaceID every request goes through the guest path and
// only apps whose spaceId is the guest space are kept.
func Load(ctx context.Context, c *client.Client, opts Options) (*Catalog, error) {
	ctx = loading(ctx)
	if opts.GuestSpaceID > 0 {
		c = c.WithGuestSpace(opts.GuestSpaceID)
	}
	apps, err := listApps(ctx, c, opts)
	if err != nil {
		return nil, err
	}
	cat := &Catalog{client: c, opts: opts, byID: map[int64]*appEntry{}}
	for _, a := range apps {
		id, err := strconv.ParseInt(a.AppID, 10, 64)
		if err != nil {
			return nil, fmt.Errorf("schema: kintone sent an app with a bad id %q: %w", a.AppID, err)
		}
		if cat.byID[id] != nil {
			continue
		}
		var space int64
		if a.SpaceID != nil && *a.SpaceID != "" {
			space, _ = strconv.ParseInt(*a.SpaceID, 10, 64)
		}
		if opts.GuestSpaceID > 0 && len(opts.AppIDs) == 0 && space != opts.GuestSpaceID {
			continue // listed apps only; explicit AppIDs fail on the guest path instead
		}
		if opts.Tables != nil && !selectsApp(opts.Tables, id, a.Name, a.Code) {
			continue
		}
		e := &appEntry{
			info: a, id: id, name: a.Name, code: a.Code, spaceID: space,
			subtables: opts.WantsSubtablesOf(id, a.Name, a.Code),
			tables:    new(flight[*appTables]),
		}
		cat.apps = append(cat.apps, e)
		cat.byID[id] = e
	}
	slices.SortFunc(cat.apps, func(a, b *appEntry) int { return cmp.Compare(a.id, b.id) })
	return cat, nil
}

// listApps fetches the apps the connection exposes.
func listApps(ctx context.Context, c *client.Client, opts Options) ([]client.App, error) {
	if opts.TokenAuth {
		if len(opts.AppIDs) == 0 {
			return nil, errors.New("schema: token authentication needs AppId=..., kintone does not let API tokens list apps")
		}
		return getAppsOneByOne(ctx, c, opts)
	}
	if len(opts.AppIDs) > 0 {
		return getAppsByID(ctx, c, opts.AppIDs)
	}
	var req client.GetAppsRequest
	if opts.GuestSpaceID > 0 {
		// UNCONFIRMED whether apps.json under the guest path lists only that
		// space's apps; the spaceIds filter (and the spaceId check in Load)
		// makes the result the same either way.
		req.SpaceIDs = []int64{opts.GuestSpaceID}
	}
	apps, err := c.GetAllApps(ctx, req)
	if err != nil {
		return nil, fmt.Errorf("schema: listing apps: %w", err)
	}
	return apps, nil
}

// getAppsByID reads the given apps through apps.json, 100 ids per request,
// and fails when one is missing (deleted or not visible to the user).
func getAppsByID(ctx context.Context, c *client.Client, ids []int64) ([]client.App, error) {
	var out []client.App
	seen := map[string]bool{}
	for chunk := range slices.Chunk(ids, client.MaxAppsPerGet) {
		page, err := c.GetApps(ctx, client.GetAppsRequest{IDs: chunk, Limit: client.MaxAppsPerGet})
		if err != nil {
			return nil, fmt.Errorf("schema: reading apps %v: %w", chunk, err)
		}
		for _, a := range page {
			seen[a.AppID] = true
		}
		out = append(out, page...)
	}
	for _, id := range ids {
		if !seen[strconv.FormatInt(id, 10)] {
			return nil, fmt.Errorf("schema: app %d (AppId) does not exist or the user cannot see it", id)
		}
	}
	return out, nil
}

// getAppsOneByOne reads each AppIDs entry through app.json, which accepts
// API tokens, a few at a time.
func getAppsOneByOne(ctx context.Context, c *client.Client, opts Options) ([]client.App, error) {
	out := make([]client.App, len(opts.AppIDs))
	err := forEachLimit(ctx, len(opts.AppIDs), opts.concurrency(), func(ctx context.Context, i int) error {
		a, err := c.GetApp(ctx, opts.AppIDs[i])
		if err != nil {
			hint := ""
			if isKintoneCode(err, "GAIA_IL23") {
				hint = " (the app is in a guest space: add GuestSpaceId=<its guest space id> to the connection string)"
			}
			return fmt.Errorf("schema: reading app %d (AppId): %w%s", opts.AppIDs[i], err, hint)
		}
		out[i] = a
		return nil
	})
	return out, err
}

// forEachLimit calls fn for 0..n-1 with at most limit calls at once and
// returns the first error (the remaining calls see a cancelled context).
func forEachLimit(ctx context.Context, n, limit int, fn func(context.Context, int) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var (
		wg    sync.WaitGroup
		once  sync.Once
		first error
		slots = make(chan struct{}, limit)
	)
	for i := range n {
		select {
		case slots <- struct{}{}:
		case <-ctx.Done():
		}
		if ctx.Err() != nil {
			break
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			defer func() { <-slots }()
			if err := fn(ctx, i); err != nil {
				once.Do(func() { first = err; cancel() })
			}
		}()
	}
	wg.Wait()
	if first == nil {
		first = ctx.Err()
	}
	return first
}

// Options returns the options the catalog was loaded with.
func (c *Catalog) Options() Options { return c.opts }

// Apps returns the apps of the catalog as kintone listed them, in id order.
// It sends no request, so it suits listings that need no columns.
func (c *Catalog) Apps() []client.App {
	out := make([]client.App, len(c.apps))
	for i, e := range c.apps {
		out[i] = e.info
	}
	return out
}

// AppTable returns the table of the app with the given id, loading its
// fields if needed.
func (c *Catalog) AppTable(ctx context.Context, id int64) (*Table, error) {
	e := c.byID[id]
	if e == nil {
		return nil, &lookupError{kind: ErrNotFound, msg: fmt.Sprintf("app %d is not part of this connection", id)}
	}
	at, err := c.load(ctx, e)
	if err != nil {
		return nil, err
	}
	return at.table, nil
}

// load returns the app's tables, reading its fields and layout once.
func (c *Catalog) load(ctx context.Context, e *appEntry) (*appTables, error) {
	return e.flight().do(ctx, func(ctx context.Context) (*appTables, error) {
		return c.fetchApp(ctx, e)
	})
}

// fetchApp reads the fields and layout of an app and builds its tables. A
// layout that kintone refuses is not fatal: the columns are then ordered
// without it (see fieldOrder). An app that apps.json lists in a guest space
// answers GAIA_IL23 on the normal path; it is then read, and later scanned,
// through its guest-space path, so guest-space apps work without
// GuestSpaceId in the connection string.
func (c *Catalog) fetchApp(ctx context.Context, e *appEntry) (*appTables, error) {
	ctx = loading(ctx)
	cl, guest := c.client, max(c.opts.GuestSpaceID, 0)
	fields, err := cl.GetFormFields(ctx, e.id, c.opts.Lang)
	if isKintoneCode(err, "GAIA_IL23") && guest == 0 && e.spaceID > 0 {
		cl, guest = cl.WithGuestSpace(e.spaceID), e.spaceID
		fields, err = cl.GetFormFields(ctx, e.id, c.opts.Lang)
	}
	if err != nil {
		return nil, fmt.Errorf("schema: reading the fields of app %d (%q): %w%s", e.id, e.name, err, guestHint(err, e))
	}
	var layout *client.Layout
	l, err := cl.GetFormLayout(ctx, e.id)
	switch {
	case err == nil:
		layout = &l
	case !isKintoneError(err):
		return nil, fmt.Errorf("schema: reading the form layout of app %d (%q): %w", e.id, e.name, err)
	}
	return buildAppTables(e, fields.Properties, layout, c.opts, guest), nil
}

// isKintoneCode reports whether kintone answered err with the error code.
func isKintoneCode(err error, code string) bool {
	var ke *client.Error
	return errors.As(err, &ke) && ke.Code == code
}

// isKintoneError reports whether kintone itself answered err.
func isKintoneError(err error) bool {
	var ke *client.Error
	return errors.As(err, &ke)
}

// guestHint explains GAIA_IL23 (a guest-space app called through the
// normal path).
func guestHint(err error, e *appEntry) string {
	if isKintoneCode(err, "GAIA_IL23") && e.spaceID > 0 {
		return fmt.Sprintf(" (the app is in guest space %d: connect with GuestSpaceId=%d)", e.spaceID, e.spaceID)
	}
	return ""
}

// InvalidateApp forgets the loaded fields of an app, so that its tables are
// rebuilt from kintone on next use (after a form change, for instance).
func (c *Catalog) InvalidateApp(id int64) {
	if e := c.byID[id]; e != nil {
		e.mu.Lock()
		e.tables = new(flight[*appTables])
		e.mu.Unlock()
	}
}

// Tables loads every app's fields (at most Options.Concurrency apps at
// once, two requests each for apps not loaded yet) and returns all tables:
// extra tables, app tables and subtable tables, sorted by schema, name and
// app id.
func (c *Catalog) Tables(ctx context.Context) ([]*Table, error) {
	loaded := make([]*appTables, len(c.apps))
	err := forEachLimit(ctx, len(c.apps), c.opts.concurrency(), func(ctx context.Context, i int) error {
		at, err := c.load(ctx, c.apps[i])
		loaded[i] = at
		return err
	})
	if err != nil {
		return nil, err
	}
	c.mu.RLock()
	out := slices.Clone(c.extra)
	c.mu.RUnlock()
	for _, at := range loaded {
		out = append(out, at.table)
		out = append(out, at.subtables...)
	}
	slices.SortStableFunc(out, compareTables)
	return out, nil
}

// compareTables orders tables by schema, name, app id and subtable code.
func compareTables(a, b *Table) int {
	if d := strings.Compare(a.Schema, b.Schema); d != 0 {
		return d
	}
	if d := strings.Compare(a.Name, b.Name); d != 0 {
		return d
	}
	if d := cmp.Compare(a.App, b.App); d != 0 {
		return d
	}
	return strings.Compare(a.Subtable, b.Subtable)
}

// AddTable registers a table that does not come from an app (User API or
// metadata tables). An empty Schema means KintoneSchema. Its name and
// aliases must not clash with another added table of the same schema; they
// take precedence over app names in Lookup (apps stay reachable through
// app_<id> and their codes).
func (c *Catalog) AddTable(t *Table) error {
	if t == nil || t.Name == "" {
		return errors.New("schema: AddTable: the table has no name")
	}
	if t.Schema == "" {
		t.Schema = KintoneSchema
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	names := append([]string{t.Name}, t.Aliases...)
	for _, o := range c.extra {
		if !strings.EqualFold(o.Schema, t.Schema) {
			continue
		}
		for _, n := range names {
			if o.Name == n || slices.Contains(o.Aliases, n) {
				return fmt.Errorf("schema: AddTable: %s.%s clashes with table %s.%s", t.Schema, n, o.Schema, o.Name)
			}
		}
	}
	c.extra = append(c.extra, t)
	return nil
}
