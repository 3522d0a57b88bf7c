package kintonetest

import (
	"fmt"
	"time"
)

// AddUser adds a valid (enabled) user and returns its id; Code is
// required. Empty Name, Timezone and Locale default to the code,
// "Asia/Tokyo" and "ja".
func (s *Server) AddUser(u User) (int64, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if err := checkNewCode(s.st.users, u.Code, "AddUser", "user"); err != nil {
		return 0, err
	}
	u.Valid = true
	if u.Name == "" {
		u.Name = u.Code
	}
	if u.Timezone == "" {
		u.Timezone = "Asia/Tokyo"
	}
	if u.Locale == "" {
		u.Locale = "ja"
	}
	now := s.now().UTC().Truncate(time.Second)
	if u.CTime.IsZero() {
		u.CTime = now
	}
	if u.MTime.IsZero() {
		u.MTime = u.CTime
	}
	return appendEntry(&s.st.users, &s.st.nextUserID, &u), nil
}

// AddOrganization adds an organization (ParentCode must name an existing
// one when set) and returns its id.
func (s *Server) AddOrganization(o Organization) (int64, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if err := checkNewCode(s.st.orgs, o.Code, "AddOrganization", "organization"); err != nil {
		return 0, err
	}
	if o.ParentCode != "" && s.st.orgByCode(o.ParentCode) == nil {
		return 0, fmt.Errorf("kintonetest: AddOrganization: parent %q not found", o.ParentCode)
	}
	if o.Name == "" {
		o.Name = o.Code
	}
	return appendEntry(&s.st.orgs, &s.st.nextOrgID, &o), nil
}

// AddGroup adds a group and returns its id.
func (s *Server) AddGroup(g Group) (int64, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if err := checkNewCode(s.st.groups, g.Code, "AddGroup", "group"); err != nil {
		return 0, err
	}
	if g.Name == "" {
		g.Name = g.Code
	}
	if g.Type == "" {
		g.Type = "static"
	}
	return appendEntry(&s.st.groups, &s.st.nextGroupID, &g), nil
}

// AddTitle adds a job title and returns its id.
func (s *Server) AddTitle(t Title) (int64, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if err := checkNewCode(s.st.titles, t.Code, "AddTitle", "title"); err != nil {
		return 0, err
	}
	if t.Name == "" {
		t.Name = t.Code
	}
	return appendEntry(&s.st.titles, &s.st.nextTitleID, &t), nil
}

// OrgMembership places a user in an organization with an optional title.
type OrgMembership struct {
	Org   string
	Title string
}

// SetUserOrganizations replaces a user's organization memberships.
func (s *Server) SetUserOrganizations(user string, orgs []OrgMembership) error {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if s.st.userByCode(user) == nil {
		return fmt.Errorf("kintonetest: SetUserOrganizations: user %q not found", user)
	}
	list := make([]orgTitle, 0, len(orgs))
	for _, m := range orgs {
		if s.st.orgByCode(m.Org) == nil {
			return fmt.Errorf("kintonetest: SetUserOrganizations: organization %q not found", m.Org)
		}
		if m.Title != "" && s.st.titleByCode(m.Title) == nil {
			return fmt.Errorf("kintonetest: SetUserOrganizations: title %q not found", m.Title)
		}
		list = append(list, orgTitle{Org: m.Org, Title: m.Title})
	}
	s.st.userOrgs[user] = list
	return nil
}

// SetGroupMembers replaces a group's members (login names).
func (s *Server) SetGroupMembers(group string, users []string) error {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if s.st.groupByCode(group) == nil {
		return fmt.Errorf("kintonetest: SetGroupMembers: group %q not found", group)
	}
	for _, u := range users {
		if s.st.userByCode(u) == nil {
			return fmt.Errorf("kintonetest: SetGroupMembers: user %q not found", u)
		}
	}
	s.st.groupMembers[group] = append([]string(nil), users...)
	return nil
}

// AddSpace adds a space (IsGuest for a guest space) and returns its id.
func (s *Server) AddSpace(sp Space) (int64, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	s.st.nextSpaceID++
	sp.ID = s.st.nextSpaceID
	if sp.DefaultThread == 0 {
		sp.DefaultThread = sp.ID*10 + 1
	}
	s.st.spaces[sp.ID] = &sp
	return sp.ID, nil
}

// AddAPIToken registers an API token for an app.
func (s *Server) AddAPIToken(appID int64, token string, perms TokenPermissions) error {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	if s.st.apps[appID] == nil {
		return fmt.Errorf("kintonetest: AddAPIToken: app %d not found", appID)
	}
	if token == "" {
		return fmt.Errorf("kintonetest: AddAPIToken: empty token")
	}
	if _, dup := s.st.tokens[token]; dup {
		return fmt.Errorf("kintonetest: AddAPIToken: token already registered")
	}
	s.st.tokens[token] = &apiToken{Token: token, App: appID, Perms: perms}
	return nil
}
