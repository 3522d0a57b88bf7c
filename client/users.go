package client

import (
	"context"
	"net/http"
)

// MaxDirectoryItems is the most users, organizations or groups one User API
// call reads or writes.
const MaxDirectoryItems = 100

// ListRequest selects users, organizations or groups: IDs or Codes (not
// both; neither lists all), paged by Offset and Size (1–100, 0 means 100).
type ListRequest struct {
	IDs    []int64  `json:"ids,omitempty"`
	Codes  []string `json:"codes,omitempty"`
	Offset int      `json:"offset,omitempty"`
	Size   int      `json:"size,omitempty"`
}

// memberPage is the parameter set of the membership GETs.
type memberPage struct {
	Code   string `json:"code"`
	Offset int    `json:"offset,omitempty"`
	Size   int    `json:"size,omitempty"`
}

// GetUsers returns users sorted by id (GET /v1/users.json).
func (c *Client) GetUsers(ctx context.Context, req ListRequest) ([]User, error) {
	var out struct {
		Users []User `json:"users"`
	}
	if err := c.call(ctx, http.MethodGet, userPath("users"), req, &out); err != nil {
		return nil, err
	}
	return out.Users, nil
}

// AddUsers creates up to 100 users (POST /v1/users.json). Each map holds User
// API properties (code, password and name are required).
func (c *Client) AddUsers(ctx context.Context, users []map[string]any) error {
	return c.writeDirectory(ctx, http.MethodPost, "users", "users", users)
}

// UpdateUsers changes up to 100 users identified by their "code" (PUT /v1/users.json).
func (c *Client) UpdateUsers(ctx context.Context, users []map[string]any) error {
	return c.writeDirectory(ctx, http.MethodPut, "users", "users", users)
}

// DeleteUsers deletes up to 100 users by login name (DELETE /v1/users.json).
func (c *Client) DeleteUsers(ctx context.Context, codes []string) error {
	return c.deleteDirectory(ctx, "users", codes)
}

// GetOrganizations returns organizations (GET /v1/organizations.json).
func (c *Client) GetOrganizations(ctx context.Context, req ListRequest) ([]Organization, error) {
	var out struct {
		Organizations []Organization `json:"organizations"`
	}
	if err := c.call(ctx, http.MethodGet, userPath("organizations"), req, &out); err != nil {
		return nil, err
	}
	return out.Organizations, nil
}

// AddOrganizations creates up to 100 organizations (POST /v1/organizations.json).
func (c *Client) AddOrganizations(ctx context.Context, orgs []map[string]any) error {
	return c.writeDirectory(ctx, http.MethodPost, "organizations", "organizations", orgs)
}

// UpdateOrganizations changes up to 100 organizations identified by "code"
// (PUT /v1/organizations.json).
func (c *Client) UpdateOrganizations(ctx context.Context, orgs []map[string]any) error {
	return c.writeDirectory(ctx, http.MethodPut, "organizations", "organizations", orgs)
}

// DeleteOrganizations deletes up to 100 organizations by code (DELETE /v1/organizations.json).
func (c *Client) DeleteOrganizations(ctx context.Context, codes []string) error {
	return c.deleteDirectory(ctx, "organizations", codes)
}

// GetGroups returns groups (GET /v1/groups.json).
func (c *Client) GetGroups(ctx context.Context, req ListRequest) ([]Group, error) {
	var out struct {
		Groups []Group `json:"groups"`
	}
	if err := c.call(ctx, http.MethodGet, userPath("groups"), req, &out); err != nil {
		return nil, err
	}
	return out.Groups, nil
}

// AddGroups creates up to 100 groups (POST /v1/groups.json; "type" is required).
func (c *Client) AddGroups(ctx context.Context, groups []map[string]any) error {
	return c.writeDirectory(ctx, http.MethodPost, "groups", "groups", groups)
}

// UpdateGroups changes up to 100 groups identified by "code" (PUT /v1/groups.json).
func (c *Client) UpdateGroups(ctx context.Context, groups []map[string]any) error {
	return c.writeDirectory(ctx, http.MethodPut, "groups", "groups", groups)
}

// DeleteGroups deletes up to 100 groups by code (DELETE /v1/groups.json).
func (c *Client) DeleteGroups(ctx context.Context, codes []string) error {
	return c.deleteDirectory(ctx, "groups", codes)
}

// GetUserOrganizations returns the organizations of a user with the user's
// title in each (GET /v1/user/organizations.json).
func (c *Client) GetUserOrganizations(ctx context.Context, code string) ([]OrganizationTitle, error) {
	var out struct {
		OrganizationTitles []OrganizationTitle `json:"organizationTitles"`
	}
	if err := c.call(ctx, http.MethodGet, userPath("user/organizations"), memberPage{Code: code}, &out); err != nil {
		return nil, err
	}
	return out.OrganizationTitles, nil
}

// GetUserGroups returns the groups of a user (GET /v1/user/groups.json).
func (c *Client) GetUserGroups(ctx context.Context, code string) ([]Group, error) {
	var out struct {
		Groups []Group `json:"groups"`
	}
	if err := c.call(ctx, http.MethodGet, userPath("user/groups"), memberPage{Code: code}, &out); err != nil {
		return nil, err
	}
	return out.Groups, nil
}

// GetOrganizationUsers returns one page of an organization's members with
// their titles (GET /v1/organization/users.json; size 0 means 100).
func (c *Client) GetOrganizationUsers(ctx context.Context, code string, offset, size int) ([]UserTitle, error) {
	var out struct {
		UserTitles []UserTitle `json:"userTitles"`
	}
	if err := c.call(ctx, http.MethodGet, userPath("organization/users"), memberPage{code, offset, size}, &out); err != nil {
		return nil, err
	}
	return out.UserTitles, nil
}

// GetGroupUsers returns one page of a group's members (GET
// /v1/group/users.json; size 0 means 100).
func (c *Client) GetGroupUsers(ctx context.Context, code string, offset, size int) ([]User, error) {
	var out struct {
		Users []User `json:"users"`
	}
	if err := c.call(ctx, http.MethodGet, userPath("group/users"), memberPage{code, offset, size}, &out); err != nil {
		return nil, err
	}
	return out.Users, nil
}

// writeDirectory sends up to 100 items as {key: items} to /v1/{resource}.json.
// An empty slice sends nothing.
func (c *Client) writeDirectory(ctx context.Context, method, resource, key string, items []map[string]any) error {
	if len(items) == 0 {
		return nil
	}
	if err := checkBatch(resource, len(items), MaxDirectoryItems); err != nil {
		return err
	}
	return c.call(ctx, method, userPath(resource), map[string]any{key: items}, nil)
}

// deleteDirectory deletes up to 100 items of resource by code. An empty slice
// sends nothing.
func (c *Client) deleteDirectory(ctx context.Context, resource string, codes []string) error {
	if len(codes) == 0 {
		return nil
	}
	if err := checkBatch(resource, len(codes), MaxDirectoryItems); err != nil {
		return err
	}
	params := struct {
		Codes []string `json:"codes"`
	}{codes}
	return c.call(ctx, http.MethodDelete, userPath(resource), params, nil)
}
