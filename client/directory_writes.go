package client

import (
	"context"
	"net/http"
)

// Membership limits of the User API writes.
const (
	// MaxUserOrganizations is the most organizations one user can be given
	// in PUT userOrganizations.json.
	MaxUserOrganizations = 100
	// MaxGroupUsers is the most users PUT group/users.json takes for one
	// group (cybozu.dev "update group users": up to 1,000; the reference
	// only notes that the PUT exists).
	MaxGroupUsers = 1000
)

// CodeChange renames one user, organization or group (the codes.json
// endpoints).
type CodeChange struct {
	CurrentCode string `json:"currentCode"`
	NewCode     string `json:"newCode"`
}

// OrganizationMembership is one organization of a user with the user's
// title there (TitleCode "" for none), as PUT userOrganizations.json takes it.
type OrganizationMembership struct {
	OrgCode   string `json:"orgCode"`
	TitleCode string `json:"titleCode,omitempty"`
}

// UserOrganizations is the complete organization list of one user.
type UserOrganizations struct {
	Code          string                   `json:"code"`
	Organizations []OrganizationMembership `json:"organizations"`
}

// CheckUserAPIAuth returns ErrUserAPINeedsPassword when the client holds only
// app API tokens, which the User API refuses. It sends nothing.
func (c *Client) CheckUserAPIAuth() error {
	if c.creds.password == "" && c.creds.tokens != "" {
		return ErrUserAPINeedsPassword
	}
	return nil
}

// RenameUsers changes up to 100 login names (PUT /v1/users/codes.json).
func (c *Client) RenameUsers(ctx context.Context, changes []CodeChange) error {
	return c.renameDirectory(ctx, "users", changes)
}

// RenameOrganizations changes up to 100 organization codes (PUT
// /v1/organizations/codes.json).
func (c *Client) RenameOrganizations(ctx context.Context, changes []CodeChange) error {
	return c.renameDirectory(ctx, "organizations", changes)
}

// RenameGroups changes up to 100 group codes (PUT /v1/groups/codes.json).
func (c *Client) RenameGroups(ctx context.Context, changes []CodeChange) error {
	return c.renameDirectory(ctx, "groups", changes)
}

// SetUserOrganizations replaces the organization lists of up to 100 users
// (PUT /v1/userOrganizations.json); an empty list removes the user from
// every organization.
func (c *Client) SetUserOrganizations(ctx context.Context, users []UserOrganizations) error {
	if len(users) == 0 {
		return nil
	}
	if err := checkBatch("users", len(users), MaxDirectoryItems); err != nil {
		return err
	}
	list := make([]UserOrganizations, len(users))
	for i, u := range users {
		if err := checkBatch("organizations of user "+u.Code, len(u.Organizations), MaxUserOrganizations); err != nil {
			return err
		}
		list[i] = u
		if list[i].Organizations == nil {
			list[i].Organizations = []OrganizationMembership{} // kintone wants [], not null
		}
	}
	params := struct {
		UserOrganizations []UserOrganizations `json:"userOrganizations"`
	}{list}
	return c.call(ctx, http.MethodPut, userPath("userOrganizations"), params, nil)
}

// SetGroupUsers replaces the members of a static group (PUT
// /v1/group/users.json) with up to 1,000 login names.
func (c *Client) SetGroupUsers(ctx context.Context, group string, users []string) error {
	if err := checkBatch("users of group "+group, len(users), MaxGroupUsers); err != nil {
		return err
	}
	if users == nil {
		users = []string{}
	}
	params := struct {
		Code  string   `json:"code"`
		Users []string `json:"users"`
	}{group, users}
	return c.call(ctx, http.MethodPut, userPath("group/users"), params, nil)
}

// renameDirectory sends up to 100 code changes to /v1/{resource}/codes.json.
// An empty slice sends nothing.
func (c *Client) renameDirectory(ctx context.Context, resource string, changes []CodeChange) error {
	if len(changes) == 0 {
		return nil
	}
	if err := checkBatch(resource+" code changes", len(changes), MaxDirectoryItems); err != nil {
		return err
	}
	params := struct {
		Codes []CodeChange `json:"codes"`
	}{changes}
	return c.call(ctx, http.MethodPut, userPath(resource+"/codes"), params, nil)
}
