package write

// Memberships. The User API sets a user's organizations only as a whole
// list (PUT userOrganizations.json, up to 100 users per call) and a
// group's members only as a whole list (PUT group/users.json, one group
// per call). So a membership write reads the current list of each user
// (GET user/organizations.json) or group (GET group/users.json, 100
// members per request), changes it and sends it back whole. The User API
// has no revisions: a change another client makes to the same list
// between the read and the write is overwritten.

import (
	"context"
	"fmt"
	"slices"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// member is one statement row of a membership table.
type member struct {
	row   int
	user  string
	other string // the organization or group
	title string // UserOrganizations: the title code, "" for none
	// UPDATE UserOrganizations: the new organization and title.
	setOther, setTitle bool
	newOther, newTitle string
}

// otherSide is the organization or group side of membership table t.
func otherSide(t *schema.Table) string {
	if t.Name == schema.TableUserGroups {
		return schema.SideGroup
	}
	return schema.SideOrganization
}

// members converts the rows of an INSERT into memberships, resolving ids
// to codes.
func (w *dirWrite) members(ctx context.Context, env *engine.Env, cols []*schema.Column, rows []engine.Row) ([]*member, error) {
	ms := make([]*member, len(rows))
	var userRefs, otherRefs []idRef
	for i, row := range rows {
		m := &member{row: i}
		ms[i] = m
		for j, c := range cols {
			v := row[j]
			var err error
			switch c.Code {
			case memberUserCode:
				m.user, err = nonBlankText(c, v)
			case memberOrgCode, memberGroupCode:
				m.other, err = nonBlankText(c, v)
			case memberTitleCode:
				if v != nil {
					m.title = engine.ToText(v)
				}
			case memberUserID:
				var id int64
				id, err = idOf(c, v)
				userRefs = append(userRefs, idRef{row: i, col: c, id: id, set: func(code string) { m.user = code }})
			case memberOrgID, memberGroupID:
				var id int64
				id, err = idOf(c, v)
				otherRefs = append(otherRefs, idRef{row: i, col: c, id: id, set: func(code string) { m.other = code }})
			}
			if err != nil {
				return nil, rowError(w.name, i, err)
			}
		}
	}
	if err := w.resolve(ctx, env, schema.SideUser, userRefs); err != nil {
		return nil, err
	}
	if err := w.resolve(ctx, env, otherSide(w.table), otherRefs); err != nil {
		return nil, err
	}
	return ms, nil
}

// readMembers converts the rows an UPDATE or DELETE read (UserCode, the
// organization or group code, then the new values of set) into
// memberships, resolving OrganizationId values to codes.
func (w *dirWrite) readMembers(ctx context.Context, env *engine.Env, set []*schema.Column, rows []engine.Row) ([]*member, error) {
	ms := make([]*member, len(rows))
	var refs []idRef
	for i, row := range rows {
		if row[0] == nil || row[1] == nil {
			return nil, fmt.Errorf("kintone: %s: the read yields user %v and %v", w.name, row[0], row[1])
		}
		m := &member{row: i, user: engine.ToText(row[0]), other: engine.ToText(row[1])}
		ms[i] = m
		for j, c := range set {
			v := row[2+j]
			var err error
			switch c.Code {
			case memberOrgCode:
				m.setOther = true
				m.newOther, err = nonBlankText(c, v)
			case memberOrgID:
				var id int64
				id, err = idOf(c, v)
				m.setOther = true
				refs = append(refs, idRef{row: i, col: c, id: id, set: func(code string) { m.newOther = code }})
			case memberTitleCode:
				m.setTitle = true
				if v != nil {
					m.newTitle = engine.ToText(v)
				}
			}
			if err != nil {
				return nil, rowError(w.name, i, err)
			}
		}
	}
	return ms, w.resolve(ctx, env, schema.SideOrganization, refs)
}

// insertMembers adds memberships.
func (w *dirWrite) insertMembers(ctx context.Context, env *engine.Env, cols []*schema.Column, rows []engine.Row) error {
	ms, err := w.members(ctx, env, cols, rows)
	if err != nil {
		return err
	}
	return w.editMembers(ctx, env, ms, w.addMember)
}

// updateMembers changes the organization or title of organization
// memberships.
func (w *dirWrite) updateMembers(ctx context.Context, env *engine.Env, set []*schema.Column, rows []engine.Row) error {
	ms, err := w.readMembers(ctx, env, set, rows)
	if err != nil {
		return err
	}
	return w.editMembers(ctx, env, ms, w.changeMember)
}

// deleteMembers removes memberships.
func (w *dirWrite) deleteMembers(ctx context.Context, env *engine.Env, rows []engine.Row) error {
	ms, err := w.readMembers(ctx, env, nil, rows)
	if err != nil {
		return err
	}
	return w.editMembers(ctx, env, ms, func(l *memberList, m *member) error {
		if i := l.find(w.entryCode(m)); i >= 0 {
			l.entries = slices.Delete(l.entries, i, i+1)
		}
		return nil
	})
}

// memberEntry is one entry of a list being rewritten: an organization
// (with the user's title there) of a user, or a user of a group.
type memberEntry struct {
	code, title string
	row         int // the statement row that put it there, -1 for entries kept as they were
}

// memberList is the list of one user's organizations or one group's
// users, read, changed by the statement's rows and sent back whole.
type memberList struct {
	owner   string // the user (organizations) or group (users)
	entries []memberEntry
	rows    []int // the statement rows changing the list
}

// find returns the index of the entry with code, or -1.
func (l *memberList) find(code string) int {
	return slices.IndexFunc(l.entries, func(e memberEntry) bool { return e.code == code })
}

// editMembers groups the memberships by list (per user for
// UserOrganizations, per group for UserGroups), reads each list, applies
// edit to it for each row, and adds the calls that send the lists back.
func (w *dirWrite) editMembers(ctx context.Context, env *engine.Env, ms []*member, edit func(*memberList, *member) error) error {
	orgs := w.table.Name == schema.TableUserOrganizations
	var lists []*memberList
	byOwner := map[string]*memberList{}
	for _, m := range ms {
		w.keys[m.row] = m.user + " in " + m.other
		owner := m.other
		if orgs {
			owner = m.user
		}
		l := byOwner[owner]
		if l == nil {
			l = &memberList{owner: owner}
			byOwner[owner] = l
			lists = append(lists, l)
		}
		l.rows = append(l.rows, m.row)
	}
	for _, l := range lists {
		if err := w.loadList(ctx, env, l); err != nil {
			return err
		}
	}
	for _, m := range ms {
		owner := m.other
		if orgs {
			owner = m.user
		}
		if err := edit(byOwner[owner], m); err != nil {
			return rowError(w.name, m.row, err)
		}
	}
	if orgs {
		w.orgCalls(lists)
	} else {
		w.groupCalls(lists)
	}
	return nil
}

// loadList reads the current entries of l.
func (w *dirWrite) loadList(ctx context.Context, env *engine.Env, l *memberList) error {
	count := func() {
		if env.Stats != nil {
			env.Stats.Requests.Add(1)
		}
	}
	if w.table.Name == schema.TableUserOrganizations {
		count()
		list, err := env.Client.GetUserOrganizations(ctx, l.owner)
		if err != nil {
			return rowError(w.name, l.rows[0], fmt.Errorf("column %q: reading the organizations of user %q: %w",
				columnByCode(w.table, memberUserCode), l.owner, err))
		}
		for _, ot := range list {
			e := memberEntry{code: ot.Organization.Code, row: -1}
			if ot.Title != nil {
				e.title = ot.Title.Code
			}
			l.entries = append(l.entries, e)
		}
		return nil
	}
	for offset := 0; ; offset += client.MaxDirectoryItems {
		count()
		page, err := env.Client.GetGroupUsers(ctx, l.owner, offset, client.MaxDirectoryItems)
		if err != nil {
			return rowError(w.name, l.rows[0], fmt.Errorf("column %q: reading the users of group %q: %w",
				columnByCode(w.table, memberGroupCode), l.owner, err))
		}
		for _, u := range page {
			l.entries = append(l.entries, memberEntry{code: u.Code, row: -1})
		}
		if len(page) < client.MaxDirectoryItems {
			return nil
		}
	}
}

// entryCode is the list entry m stands for: its organization in its
// user's list, its user in its group's list.
func (w *dirWrite) entryCode(m *member) string {
	if w.table.Name == schema.TableUserGroups {
		return m.user
	}
	return m.other
}

// addMember adds m's organization to its user's list, or its user to its
// group's list.
func (w *dirWrite) addMember(l *memberList, m *member) error {
	code, limit := w.entryCode(m), client.MaxUserOrganizations
	if w.table.Name == schema.TableUserGroups {
		limit = client.MaxGroupUsers
	}
	if i := l.find(code); i >= 0 {
		if prev := l.entries[i].row; prev >= 0 {
			return fmt.Errorf("it repeats row %d (%s)", prev+1, w.keys[m.row])
		}
		if w.table.Name == schema.TableUserGroups {
			return fmt.Errorf("user %q already belongs to group %q", m.user, m.other)
		}
		return fmt.Errorf("user %q already belongs to organization %q (UPDATE %s SET TitleCode = ... changes the title there)",
			m.user, m.other, w.table.Name)
	}
	if len(l.entries) >= limit {
		return fmt.Errorf("%q would have more than %d entries, the most the User API takes", l.owner, limit)
	}
	l.entries = append(l.entries, memberEntry{code: code, title: m.title, row: m.row})
	return nil
}

// changeMember moves m to its new organization and/or title.
func (w *dirWrite) changeMember(l *memberList, m *member) error {
	i := l.find(m.other)
	if i < 0 {
		return fmt.Errorf("user %q no longer belongs to organization %q (it changed after the read)", m.user, m.other)
	}
	e := l.entries[i]
	if m.setOther && m.newOther != e.code {
		if l.find(m.newOther) >= 0 {
			return fmt.Errorf("user %q already belongs to organization %q", m.user, m.newOther)
		}
		e.code = m.newOther
	}
	if m.setTitle {
		e.title = m.newTitle
	}
	e.row = m.row
	l.entries[i] = e
	return nil
}

// orgCalls adds the PUT userOrganizations.json calls, 100 users each.
func (w *dirWrite) orgCalls(lists []*memberList) {
	for start := 0; start < len(lists); start += client.MaxDirectoryItems {
		part := lists[start:min(start+client.MaxDirectoryItems, len(lists))]
		body := make([]client.UserOrganizations, len(part))
		var rows []int
		for i, l := range part {
			body[i].Code = l.owner
			for _, e := range l.entries {
				body[i].Organizations = append(body[i].Organizations, client.OrganizationMembership{OrgCode: e.code, TitleCode: e.title})
			}
			rows = append(rows, l.rows...)
		}
		w.calls = append(w.calls, dirCall{rows: rows, locate: w.orgLocator(part),
			send: func(ctx context.Context, c *client.Client) error { return c.SetUserOrganizations(ctx, body) }})
	}
}

// orgLocator maps "userOrganizations[i].code" and
// "userOrganizations[i].organizations[j].orgCode" (or titleCode) to the
// row that put the entry there, else the first row of the user.
func (w *dirWrite) orgLocator(part []*memberList) func([]keySeg) (int, string) {
	return func(segs []keySeg) (int, string) {
		if len(segs) < 2 || segs[0].index < 0 || segs[0].index >= len(part) {
			return -1, ""
		}
		l := part[segs[0].index]
		if s := segs[1]; s.name == "organizations" && s.index >= 0 && s.index < len(l.entries) {
			row := l.entries[s.index].row
			if row < 0 {
				row = l.rows[0]
			}
			code := memberOrgCode
			if len(segs) > 2 && segs[2].name == "titleCode" {
				code = memberTitleCode
			}
			return row, columnByCode(w.table, code)
		}
		return l.rows[0], columnByCode(w.table, memberUserCode)
	}
}

// groupCalls adds one PUT group/users.json call per group.
func (w *dirWrite) groupCalls(lists []*memberList) {
	for _, l := range lists {
		users := make([]string, len(l.entries))
		for i, e := range l.entries {
			users[i] = e.code
		}
		group := l.owner
		w.calls = append(w.calls, dirCall{rows: l.rows, locate: w.groupLocator(l),
			send: func(ctx context.Context, c *client.Client) error { return c.SetGroupUsers(ctx, group, users) }})
	}
}

// groupLocator maps "code" to the group's first row and "users[j]" to the
// row that added user j, else the group's first row.
func (w *dirWrite) groupLocator(l *memberList) func([]keySeg) (int, string) {
	return func(segs []keySeg) (int, string) {
		if len(segs) == 0 {
			return -1, ""
		}
		if s := segs[0]; s.name == "users" && s.index >= 0 && s.index < len(l.entries) {
			row := l.entries[s.index].row
			if row < 0 {
				row = l.rows[0]
			}
			return row, columnByCode(w.table, memberUserCode)
		}
		return l.rows[0], columnByCode(w.table, memberGroupCode)
	}
}
