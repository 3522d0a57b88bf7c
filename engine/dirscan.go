package engine

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/schema"
)

// dirPage is the User API's page size: 100 items per call, the most it
// allows.
const dirPage = client.MaxDirectoryItems

// DirScan reads a directory table (schema CybozuUser) through the
// cybozu.com User API. Keys on id and code (of either side of a
// membership table) are sent as ids[]/codes[] or pick the cheaper
// membership plan; see Plan for the requests. The User API needs password
// authentication: with API tokens Open fails with
// client.ErrUserAPINeedsPassword underneath.
type DirScan struct {
	// Table is one of the schema.CybozuUserSchema tables.
	Table *schema.Table
	// Cols are the columns each row holds, in order (may be empty).
	Cols []*schema.Column
	// Qualifier qualifies the output columns (the alias or table name).
	Qualifier string
	// Keys are the pushed = / IN conditions (Codes from PushableKeys).
	Keys []KeyFilter
}

// Columns describes the scanned columns.
func (s *DirScan) Columns() []Column { return builtinColumns(s.Cols, s.Qualifier) }

// Explain describes the requests.
func (s *DirScan) Explain() Explain {
	d := []string{"table " + QuoteIdent(s.Table.Schema) + "." + QuoteIdent(s.Table.Name) + ": cybozu.com User API"}
	k, err := normalizeKeys(s.Table, s.Keys)
	if err != nil {
		return Explain{Op: "directory scan", Details: append(d, err.Error())}
	}
	d = append(d, k.describe()...)
	d = append(d, "requests: "+s.plan(k).text)
	return Explain{Op: "directory scan", Details: d}
}

// Open checks the keys and fetches the first page.
func (s *DirScan) Open(ctx context.Context, env *Env) (Iterator, error) {
	if err := needClient(env, s.Table); err != nil {
		return nil, err
	}
	k, err := normalizeKeys(s.Table, s.Keys)
	if err != nil {
		return nil, err
	}
	p := s.plan(k)
	if p.next == nil {
		return nil, fmt.Errorf("engine: %s is not a directory table", s.Table.Name)
	}
	return newPropIter(ctx, env, p.next(env), k, s.Cols, s.wrapErr)
}

// wrapErr names the table in errors and explains the token refusal.
func (s *DirScan) wrapErr(err error) error {
	if errors.Is(err, client.ErrUserAPINeedsPassword) {
		return fmt.Errorf("%s.%s: the directory tables read the cybozu.com User API, which does not accept app API tokens; connect with User and Password (AuthScheme=Password): %w",
			s.Table.Schema, s.Table.Name, err)
	}
	return fmt.Errorf("%s.%s: %w", s.Table.Schema, s.Table.Name, err)
}

// dirPlan is how a scan fetches: a description for EXPLAIN and the batch
// function it runs.
type dirPlan struct {
	text string
	next func(env *Env) batchFunc
}

// plan chooses the requests for the table and keys.
func (s *DirScan) plan(k keys) dirPlan {
	switch s.Table.Name {
	case schema.TableUsers:
		return entityPlan("users", k, "", fetchUsers)
	case schema.TableOrganizations:
		return entityPlan("organizations", k, "", fetchOrgs)
	case schema.TableGroups:
		return entityPlan("groups", k, "", fetchGroups)
	case schema.TableTitles:
		return dirPlan{
			text: "GET /v1/csv/title.csv (one request; administrators only; keys checked client-side)",
			next: func(env *Env) batchFunc {
				return func(ctx context.Context) ([]props, bool, error) {
					countRequest(env)
					titles, err := env.Client.GetTitles(ctx)
					if err != nil {
						return nil, true, err
					}
					rows := make([]props, len(titles))
					for i, t := range titles {
						rows[i] = titleProps(t)
					}
					return rows, true, nil
				}
			},
		}
	case schema.TableUserOrganizations:
		return membershipPlan(k, membership{
			other: schema.SideOrganization, otherPath: "organizations", fetchOther: fetchOrgs,
			perUserPath: "user/organizations", perUser: userOrganizations,
			perOtherPath: "organization/users", perOther: organizationUsers,
		})
	case schema.TableUserGroups:
		return membershipPlan(k, membership{
			other: schema.SideGroup, otherPath: "groups", fetchOther: fetchGroups,
			perUserPath: "user/groups", perUser: userGroups,
			perOtherPath: "group/users", perOther: groupUsers,
		})
	}
	return dirPlan{text: "none"}
}

// fetchFunc reads one page of users, organizations or groups.
type fetchFunc func(ctx context.Context, c *client.Client, req client.ListRequest) ([]props, error)

// fetchUsers reads users.json.
func fetchUsers(ctx context.Context, c *client.Client, req client.ListRequest) ([]props, error) {
	users, err := c.GetUsers(ctx, req)
	return propsOf(users, userProps), err
}

// fetchOrgs reads organizations.json.
func fetchOrgs(ctx context.Context, c *client.Client, req client.ListRequest) ([]props, error) {
	orgs, err := c.GetOrganizations(ctx, req)
	return propsOf(orgs, orgProps), err
}

// fetchGroups reads groups.json.
func fetchGroups(ctx context.Context, c *client.Client, req client.ListRequest) ([]props, error) {
	groups, err := c.GetGroups(ctx, req)
	return propsOf(groups, groupProps), err
}

// propsOf converts a page of entities to props.
func propsOf[T any](items []T, conv func(T) props) []props {
	out := make([]props, len(items))
	for i, x := range items {
		out[i] = conv(x)
	}
	return out
}

// entityPlan reads users, organizations or groups, those of the side
// prefix ("" for the entity tables themselves): by ids[] when ids are
// keyed (sorted, 100 per request), else by codes[] (100 per request),
// else every entity, 100 per request (offset += 100 until a short page).
func entityPlan(resource string, k keys, side string, fetch fetchFunc) dirPlan {
	l := newLister(k, side)
	var text string
	switch {
	case l.ids != nil:
		text = fmt.Sprintf("GET /v1/%s.json ids[]=… (%d ids, %d request(s), 100 ids each)", resource, len(l.ids), chunks(len(l.ids)))
	case l.codes != nil:
		text = fmt.Sprintf("GET /v1/%s.json codes[]=… (%d codes, %d request(s), 100 codes each)", resource, len(l.codes), chunks(len(l.codes)))
	default:
		text = fmt.Sprintf("GET /v1/%s.json size=100, offset += 100 until a short page (⌈(n+1)/100⌉ requests)", resource)
	}
	return dirPlan{text: text, next: func(env *Env) batchFunc {
		l := l
		return func(ctx context.Context) ([]props, bool, error) { return l.page(ctx, env, fetch) }
	}}
}

// chunks is the number of 100-item requests for n items.
func chunks(n int) int { return (n + dirPage - 1) / dirPage }

// lister pages through users, organizations or groups, selected by ids or
// codes (nil: not selected that way) or all of them.
type lister struct {
	ids    []int64
	codes  []string
	offset int
}

// newLister selects by the keys of side ("" or "user", ...): ids when
// keyed (the API takes one of the two; codes are then checked
// client-side), else codes.
func newLister(k keys, side string) lister {
	prefix := ""
	if side != "" {
		prefix = side + "."
	}
	var l lister
	if ids, ok := k.ints(prefix + schema.DirID); ok {
		l.ids = slices.Sorted(slices.Values(ids))
		if l.ids == nil {
			l.ids = []int64{}
		}
	} else if codes, ok := k.strs(prefix + schema.DirCode); ok {
		l.codes = slices.Clone(codes)
		if l.codes == nil {
			l.codes = []string{}
		}
	}
	return l
}

// restricted reports whether the lister reads a given list of entities.
func (l *lister) restricted() bool { return l.ids != nil || l.codes != nil }

// size is the number of entities keyed, -1 when all are read.
func (l *lister) size() int {
	switch {
	case l.ids != nil:
		return len(l.ids)
	case l.codes != nil:
		return len(l.codes)
	}
	return -1
}

// page fetches the next page; done is true after the last one.
func (l *lister) page(ctx context.Context, env *Env, fetch fetchFunc) ([]props, bool, error) {
	var req client.ListRequest
	switch {
	case l.ids != nil:
		if l.offset >= len(l.ids) {
			return nil, true, nil
		}
		end := min(l.offset+dirPage, len(l.ids))
		req = client.ListRequest{IDs: l.ids[l.offset:end], Size: dirPage}
		l.offset = end
	case l.codes != nil:
		if l.offset >= len(l.codes) {
			return nil, true, nil
		}
		end := min(l.offset+dirPage, len(l.codes))
		req = client.ListRequest{Codes: l.codes[l.offset:end], Size: dirPage}
		l.offset = end
	default:
		req = client.ListRequest{Offset: l.offset, Size: dirPage}
	}
	countRequest(env)
	rows, err := fetch(ctx, env.Client, req)
	if err != nil {
		return nil, true, err
	}
	switch {
	case l.ids != nil:
		return rows, l.offset >= len(l.ids), nil
	case l.codes != nil:
		return rows, l.offset >= len(l.codes), nil
	}
	l.offset += len(rows)
	return rows, len(rows) < dirPage, nil
}

// userProps are the properties of a user as the User API names them.
func userProps(u client.User) props {
	return props{
		"id": u.ID, "code": u.Code, "ctime": u.Ctime, "mtime": u.Mtime, "valid": u.Valid, "name": u.Name,
		"surName": u.SurName, "givenName": u.GivenName, "surNameReading": u.SurNameReading,
		"givenNameReading": u.GivenNameReading, "localName": u.LocalName, "localNameLocale": u.LocalNameLocale,
		"timezone": u.Timezone, "locale": u.Locale, "description": u.Description, "phone": u.Phone,
		"mobilePhone": u.MobilePhone, "extensionNumber": u.ExtensionNumber, "email": u.Email,
		"callto": u.Callto, "url": u.URL, "employeeNumber": u.EmployeeNumber, "birthDate": u.BirthDate,
		"joinDate": u.JoinDate, "primaryOrganization": u.PrimaryOrganization, "sortOrder": u.SortOrder,
		"customItemValues": u.CustomItemValues,
	}
}

// orgProps are the properties of an organization.
func orgProps(o client.Organization) props {
	return props{"id": o.ID, "code": o.Code, "name": o.Name, "localName": o.LocalName,
		"localNameLocale": o.LocalNameLocale, "parentCode": o.ParentCode, "description": o.Description}
}

// groupProps are the properties of a group.
func groupProps(g client.Group) props {
	return props{"id": g.ID, "code": g.Code, "name": g.Name, "description": g.Description}
}

// titleProps are the properties of a job title (no id from the CSV).
func titleProps(t client.Title) props {
	p := props{"code": t.Code, "name": t.Name, "description": t.Description}
	if t.ID != "" {
		p["id"] = t.ID
	}
	return p
}
