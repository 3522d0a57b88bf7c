package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/schema"
)

// commentsPage is the most comments one record/comments.json call returns.
const commentsPage = 10

// MetaScan reads a kintone metadata table (schema Kintone: Apps, Fields,
// Views, ProcessManagement*, Spaces, Comments) or an information_schema
// view. The app list comes from Catalog (no request); per-app tables send
// one request per app (only the keyed AppIds when AppId is keyed);
// Comments needs AppId and RecordId keys (see Check).
type MetaScan struct {
	// Table is one of the metadata or information_schema tables.
	Table *schema.Table
	// Cols are the columns each row holds, in order (may be empty).
	Cols []*schema.Column
	// Qualifier qualifies the output columns (the alias or table name).
	Qualifier string
	// Keys are the pushed = / IN conditions (Codes from PushableKeys).
	Keys []KeyFilter
	// Catalog gives the apps, the guest space and the language.
	Catalog *schema.Catalog
}

// ErrCommentsNeedRecord is matched (errors.Is) by the error of a Comments
// scan without AppId and RecordId keys.
var ErrCommentsNeedRecord = errors.New("Comments needs AppId and RecordId in WHERE (= or IN), because kintone reads comments one record at a time; e.g. SELECT * FROM Comments WHERE AppId = 1 AND RecordId = 5")

// Columns describes the scanned columns.
func (s *MetaScan) Columns() []Column { return builtinColumns(s.Cols, s.Qualifier) }

// Check reports a scan that cannot run whatever kintone holds: an unknown
// key, or Comments without AppId and RecordId. The translator calls it
// at plan time; Open calls it too.
func (s *MetaScan) Check() error {
	k, err := normalizeKeys(s.Table, s.Keys)
	if err != nil {
		return err
	}
	if s.Table.Name == schema.TableComments {
		if _, ok := k.ints(schema.MetaAppID); !ok {
			return ErrCommentsNeedRecord
		}
		if _, ok := k.ints(schema.MetaRecordID); !ok {
			return ErrCommentsNeedRecord
		}
	}
	return nil
}

// Explain describes the requests.
func (s *MetaScan) Explain() Explain {
	d := []string{"table " + QuoteIdent(s.Table.Schema) + "." + QuoteIdent(s.Table.Name)}
	k, err := normalizeKeys(s.Table, s.Keys)
	if err != nil {
		return Explain{Op: "metadata scan", Details: append(d, err.Error())}
	}
	d = append(d, k.describe()...)
	d = append(d, "requests: "+s.plan(k).text)
	return Explain{Op: "metadata scan", Details: d}
}

// Open checks the keys and fetches the first batch.
func (s *MetaScan) Open(ctx context.Context, env *Env) (Iterator, error) {
	if err := s.Check(); err != nil {
		return nil, err
	}
	if s.Catalog == nil {
		return nil, fmt.Errorf("engine: scan of %s needs the catalog", s.Table.Name)
	}
	k, _ := normalizeKeys(s.Table, s.Keys)
	p := s.plan(k)
	if p.next == nil {
		return nil, fmt.Errorf("engine: %s.%s is not a metadata table", s.Table.Schema, s.Table.Name)
	}
	if p.needsClient {
		if err := needClient(env, s.Table); err != nil {
			return nil, err
		}
	}
	wrap := func(err error) error { return fmt.Errorf("%s.%s: %w", s.Table.Schema, s.Table.Name, err) }
	return newPropIter(ctx, env, p.next(env), k, s.Cols, wrap)
}

// metaPlan is how a metadata scan fetches.
type metaPlan struct {
	text        string
	needsClient bool
	next        func(env *Env) batchFunc
}

// plan chooses the requests for the table and keys.
func (s *MetaScan) plan(k keys) metaPlan {
	if s.Table.Schema == schema.InformationSchema {
		return infoSchemaPlan(s.Catalog, s.Table.Name, k)
	}
	switch s.Table.Name {
	case schema.TableApps:
		return metaPlan{text: "none (the connection's app list)", next: func(*Env) batchFunc {
			return once(func(context.Context) ([]props, error) {
				var rows []props
				for _, a := range s.Catalog.Apps() {
					rows = append(rows, appProps(a))
				}
				return rows, nil
			})
		}}
	case schema.TableFields:
		return s.perApp(k, "app/form/fields.json", s.fieldRows)
	case schema.TableViews:
		return s.perApp(k, "app/views.json", s.viewRows)
	case schema.TableProcessManagement:
		return s.perApp(k, "app/status.json", s.processRows(processSettingsRows))
	case schema.TableProcessStates:
		return s.perApp(k, "app/status.json", s.processRows(processStateRows))
	case schema.TableProcessActions:
		return s.perApp(k, "app/status.json", s.processRows(processActionRows))
	case schema.TableSpaces:
		return s.spaces(k)
	case schema.TableComments:
		return s.comments(k)
	}
	return metaPlan{text: "none"}
}

// once is a batch function that returns everything in one batch.
func once(fetch func(ctx context.Context) ([]props, error)) batchFunc {
	return func(ctx context.Context) ([]props, bool, error) {
		rows, err := fetch(ctx)
		return rows, true, err
	}
}

// client returns env's client routed to the catalog's guest space.
func (s *MetaScan) client(env *Env) *client.Client {
	return guestClient(env.Client, s.Catalog.Options().GuestSpaceID)
}

// apps returns the catalog's app ids, only the keyed ones when AppId is
// keyed (apps outside the connection give no rows).
func (s *MetaScan) apps(k keys) []int64 {
	want, keyed := k.ints(schema.MetaAppID)
	var ids []int64
	for _, a := range s.Catalog.Apps() {
		id, err := strconv.ParseInt(a.AppID, 10, 64)
		if err == nil && (!keyed || slices.Contains(want, id)) {
			ids = append(ids, id)
		}
	}
	return ids
}

// perApp reads the apps one request each, one batch per app.
func (s *MetaScan) perApp(k keys, path string, rows func(ctx context.Context, c *client.Client, app int64) ([]props, error)) metaPlan {
	ids := s.apps(k)
	text := fmt.Sprintf("GET /k/v1/%s?app= for each of %d app(s)", path, len(ids))
	return metaPlan{text: text, needsClient: true, next: func(env *Env) batchFunc {
		i := 0
		return func(ctx context.Context) ([]props, bool, error) {
			if i >= len(ids) {
				return nil, true, nil
			}
			app := ids[i]
			i++
			countRequest(env)
			out, err := rows(ctx, s.client(env), app)
			if err != nil {
				return nil, true, fmt.Errorf("app %d: %w", app, err)
			}
			for _, r := range out {
				r[schema.MetaAppID] = app
			}
			return out, i >= len(ids), nil
		}
	}}
}

// spaces reads the keyed spaces, or those holding the catalog's apps,
// one space.json each.
func (s *MetaScan) spaces(k keys) metaPlan {
	ids, keyed := k.ints(schema.MetaSpaceID)
	if !keyed {
		for _, a := range s.Catalog.Apps() {
			if a.SpaceID == nil {
				continue
			}
			if id, err := strconv.ParseInt(*a.SpaceID, 10, 64); err == nil && !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	slices.Sort(ids)
	text := fmt.Sprintf("GET /k/v1/space.json?id= for each of %d space(s)", len(ids))
	if !keyed {
		text += " (the spaces holding the connection's apps)"
	}
	return metaPlan{text: text, needsClient: true, next: func(env *Env) batchFunc {
		i := 0
		return func(ctx context.Context) ([]props, bool, error) {
			if i >= len(ids) {
				return nil, true, nil
			}
			id := ids[i]
			i++
			sp, err := s.getSpace(ctx, env, id)
			if err != nil {
				return nil, true, fmt.Errorf("space %d: %w", id, err)
			}
			return []props{spaceProps(sp)}, i >= len(ids), nil
		}
	}}
}

// getSpace reads a space. A guest space answers only through its own
// guest path, so a refusal (CB_NO02) on the normal path is retried there
// once; which error real kintone gives on the wrong path is UNCONFIRMED,
// the emulator's CB_NO02 is kintone's generic "no privilege".
func (s *MetaScan) getSpace(ctx context.Context, env *Env, id int64) (client.Space, error) {
	c := s.client(env)
	countRequest(env)
	sp, err := c.GetSpace(ctx, id)
	if err != nil && c.GuestSpaceID() == 0 && isKintoneCode(err, "CB_NO02") {
		countRequest(env)
		return c.WithGuestSpace(id).GetSpace(ctx, id)
	}
	return sp, err
}

// comments reads the comments of each keyed record, 10 per request,
// oldest first.
func (s *MetaScan) comments(k keys) metaPlan {
	apps, _ := k.ints(schema.MetaAppID)
	recs, _ := k.ints(schema.MetaRecordID)
	type pair struct{ app, rec int64 }
	var pairs []pair
	for _, a := range apps {
		for _, r := range recs {
			pairs = append(pairs, pair{a, r})
		}
	}
	text := fmt.Sprintf("GET /k/v1/record/comments.json order=asc limit=%d for each of %d record(s), offset += %d while newer comments exist",
		commentsPage, len(pairs), commentsPage)
	return metaPlan{text: text, needsClient: true, next: func(env *Env) batchFunc {
		i, offset := 0, 0
		return func(ctx context.Context) ([]props, bool, error) {
			if i >= len(pairs) {
				return nil, true, nil
			}
			p := pairs[i]
			countRequest(env)
			page, err := s.client(env).GetComments(ctx, client.GetCommentsRequest{
				App: p.app, Record: p.rec, Order: "asc", Offset: offset, Limit: commentsPage})
			if err != nil {
				return nil, true, fmt.Errorf("app %d record %d: %w", p.app, p.rec, err)
			}
			rows := make([]props, len(page.Comments))
			for j, c := range page.Comments {
				rows[j] = commentProps(c, p.app, p.rec)
			}
			offset += len(page.Comments)
			if !page.Newer || len(page.Comments) == 0 {
				i, offset = i+1, 0
			}
			return rows, i >= len(pairs), nil
		}
	}}
}

// appProps are the properties of an app.
func appProps(a client.App) props {
	return props{
		schema.MetaAppID: a.AppID, "code": a.Code, "name": a.Name, "description": a.Description,
		"spaceId": a.SpaceID, "threadId": a.ThreadID, "createdAt": a.CreatedAt,
		"creator.code": a.Creator.Code, "creator.name": a.Creator.Name,
		"modifiedAt": a.ModifiedAt, "modifier.code": a.Modifier.Code, "modifier.name": a.Modifier.Name,
	}
}

// spaceProps are the properties of a space; attached apps become their ids.
func spaceProps(sp client.Space) props {
	ids := make([]int64, 0, len(sp.AttachedApps))
	for _, a := range sp.AttachedApps {
		if id, err := strconv.ParseInt(a.AppID, 10, 64); err == nil {
			ids = append(ids, id)
		}
	}
	return props{
		schema.MetaSpaceID: sp.ID, "name": sp.Name, "defaultThread": sp.DefaultThread,
		"isPrivate": sp.IsPrivate, "isGuest": sp.IsGuest,
		"creator.code": sp.Creator.Code, "creator.name": sp.Creator.Name,
		"modifier.code": sp.Modifier.Code, "modifier.name": sp.Modifier.Name,
		"memberCount": sp.MemberCount, "coverType": sp.CoverType, "coverKey": sp.CoverKey,
		"coverUrl": sp.CoverURL, "body": sp.Body, "useMultiThread": sp.UseMultiThread,
		"fixedMember": sp.FixedMember, "attachedApps": ids,
	}
}

// commentProps are the properties of a comment of a record.
func commentProps(c client.Comment, app, rec int64) props {
	return props{
		"id": c.ID, schema.MetaAppID: app, schema.MetaRecordID: rec, "text": c.Text,
		"creator.code": c.Creator.Code, "creator.name": c.Creator.Name, "createdAt": c.CreatedAt,
		"mentions": c.Mentions,
	}
}
