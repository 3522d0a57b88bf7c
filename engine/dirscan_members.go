package engine

import (
	"context"
	"fmt"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/schema"
)

// membership describes a membership table (UserOrganizations, UserGroups):
// its other side and the two ways to read it.
type membership struct {
	// other is the side that is not the user ("organization", "group").
	other string
	// otherPath is the list resource of the other side.
	otherPath string
	// fetchOther reads one page of the other side.
	fetchOther fetchFunc
	// perUserPath and perUser read the memberships of one user (not paged).
	perUserPath string
	perUser     func(ctx context.Context, c *client.Client, code string) ([]props, error)
	// perOtherPath and perOther read one page (100) of the members of one
	// organization or group.
	perOtherPath string
	perOther     func(ctx context.Context, c *client.Client, code string, offset int) ([]props, error)
}

// membershipPlan picks how to read a membership table.
//
//   - Per user, when user ids or codes are keyed and the other side is not
//     keyed or has at least as many keys: users.json for the keyed users
//     (⌈n/100⌉ requests), then one /v1/user/<other>s.json per user (n
//     requests).
//   - Per organization or group otherwise: organizations.json or
//     groups.json for the keyed ones (⌈m/100⌉) or for all of them
//     (⌈(m+1)/100⌉), then /v1/<other>/users.json for each, 100 members per
//     request (⌈members/100⌉, at least one each).
//
// Without keys the second plan is used: a domain has fewer organizations
// and groups than users, so it sends fewer requests than a call per user.
// Keys of the side not used to list are checked client-side.
func membershipPlan(k keys, m membership) dirPlan {
	users, others := newLister(k, schema.SideUser), newLister(k, m.other)
	if users.restricted() && (!others.restricted() || users.size() <= others.size()) {
		text := fmt.Sprintf("per user: %s, then GET /v1/%s.json?code= for each user",
			entityPlan("users", k, schema.SideUser, fetchUsers).text, m.perUserPath)
		return dirPlan{text: text, next: func(env *Env) batchFunc {
			n := &nested{outer: users, fetchOuter: fetchUsers, side: schema.SideUser,
				inner: func(ctx context.Context, env *Env, user props, _ int) ([]props, bool, error) {
					code, _ := user[schema.DirCode].(string)
					countRequest(env)
					rows, err := m.perUser(ctx, env.Client, code)
					return rows, false, err
				}}
			return n.next(env)
		}}
	}
	text := fmt.Sprintf("per %s: %s, then GET /v1/%s.json?code= for each %s, size=100, offset += 100 until a short page",
		m.other, entityPlan(m.otherPath, k, m.other, m.fetchOther).text, m.perOtherPath, m.other)
	return dirPlan{text: text, next: func(env *Env) batchFunc {
		n := &nested{outer: others, fetchOuter: m.fetchOther, side: m.other,
			inner: func(ctx context.Context, env *Env, other props, offset int) ([]props, bool, error) {
				code, _ := other[schema.DirCode].(string)
				countRequest(env)
				rows, err := m.perOther(ctx, env.Client, code, offset)
				return rows, len(rows) == dirPage, err
			}}
		return n.next(env)
	}}
}

// nested walks an outer list of entities and, for each, the pages of an
// inner request; each inner row gets the outer entity's properties under
// side.
type nested struct {
	outer      lister
	fetchOuter fetchFunc
	side       string
	inner      func(ctx context.Context, env *Env, outer props, offset int) (rows []props, more bool, err error)

	outerDone bool
	pending   []props
	cur       props
	offset    int
	more      bool
}

// next returns the rows of the next inner request.
func (n *nested) next(env *Env) batchFunc {
	return func(ctx context.Context) ([]props, bool, error) {
		for {
			if n.cur != nil && n.more {
				rows, more, err := n.inner(ctx, env, n.cur, n.offset)
				if err != nil {
					return nil, true, err
				}
				n.offset += len(rows)
				n.more = more
				for _, r := range rows {
					r.merge(n.side, n.cur)
				}
				return rows, !n.more && len(n.pending) == 0 && n.outerDone, nil
			}
			if len(n.pending) > 0 {
				n.cur, n.pending = n.pending[0], n.pending[1:]
				n.offset, n.more = 0, true
				continue
			}
			if n.outerDone {
				return nil, true, nil
			}
			page, done, err := n.outer.page(ctx, env, n.fetchOuter)
			if err != nil {
				return nil, true, err
			}
			n.pending, n.outerDone = page, done
		}
	}
}

// userOrganizations reads a user's organizations with the user's title.
func userOrganizations(ctx context.Context, c *client.Client, code string) ([]props, error) {
	list, err := c.GetUserOrganizations(ctx, code)
	out := make([]props, len(list))
	for i, ot := range list {
		out[i] = withTitle(props{}.merge(schema.SideOrganization, orgProps(ot.Organization)), ot.Title)
	}
	return out, err
}

// organizationUsers reads one page of an organization's members with
// their titles.
func organizationUsers(ctx context.Context, c *client.Client, code string, offset int) ([]props, error) {
	list, err := c.GetOrganizationUsers(ctx, code, offset, dirPage)
	out := make([]props, len(list))
	for i, ut := range list {
		out[i] = withTitle(props{}.merge(schema.SideUser, userProps(ut.User)), ut.Title)
	}
	return out, err
}

// userGroups reads a user's groups.
func userGroups(ctx context.Context, c *client.Client, code string) ([]props, error) {
	list, err := c.GetUserGroups(ctx, code)
	out := make([]props, len(list))
	for i, g := range list {
		out[i] = props{}.merge(schema.SideGroup, groupProps(g))
	}
	return out, err
}

// groupUsers reads one page of a group's members.
func groupUsers(ctx context.Context, c *client.Client, code string, offset int) ([]props, error) {
	list, err := c.GetGroupUsers(ctx, code, offset, dirPage)
	out := make([]props, len(list))
	for i, u := range list {
		out[i] = props{}.merge(schema.SideUser, userProps(u))
	}
	return out, err
}

// withTitle adds a title's properties under "title" (none when nil).
func withTitle(p props, t *client.Title) props {
	if t != nil {
		p.merge(schema.SideTitle, titleProps(*t))
	}
	return p
}
