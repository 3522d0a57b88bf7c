package client

import (
	"context"
	"net/http"
)

// MaxAppsPerGet is the most apps one GetApps call returns.
const MaxAppsPerGet = 100

// GetApp returns one app (GET app.json).
func (c *Client) GetApp(ctx context.Context, id int64) (App, error) {
	params := struct {
		ID int64 `json:"id"`
	}{id}
	var out App
	err := c.call(ctx, http.MethodGet, c.APIPath("app"), params, &out)
	return out, err
}

// GetAppsRequest filters GetApps; empty fields are not sent. Name matches
// partially; Limit is 1–100 (0 means kintone's default 100).
type GetAppsRequest struct {
	IDs      []int64  `json:"ids,omitempty"`
	Codes    []string `json:"codes,omitempty"`
	Name     string   `json:"name,omitempty"`
	SpaceIDs []int64  `json:"spaceIds,omitempty"`
	Limit    int      `json:"limit,omitempty"`
	Offset   int      `json:"offset,omitempty"`
}

// GetApps returns one page of apps (GET apps.json). kintone refuses app API
// tokens for this API.
func (c *Client) GetApps(ctx context.Context, req GetAppsRequest) ([]App, error) {
	var out struct {
		Apps []App `json:"apps"`
	}
	if err := c.call(ctx, http.MethodGet, c.APIPath("apps"), req, &out); err != nil {
		return nil, err
	}
	return out.Apps, nil
}

// GetAllApps returns every app matching req's filters, paging by 100 from
// req.Offset; req.Limit is ignored.
func (c *Client) GetAllApps(ctx context.Context, req GetAppsRequest) ([]App, error) {
	var all []App
	req.Limit = MaxAppsPerGet
	for {
		page, err := c.GetApps(ctx, req)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		if len(page) < MaxAppsPerGet {
			return all, nil
		}
		req.Offset += len(page)
	}
}

// GetSpace returns a space (GET space.json; password auth only).
func (c *Client) GetSpace(ctx context.Context, id int64) (Space, error) {
	params := struct {
		ID int64 `json:"id"`
	}{id}
	var out Space
	err := c.call(ctx, http.MethodGet, c.APIPath("space"), params, &out)
	return out, err
}

// NewApp describes an app to create; Space and Thread place it in a space (0 = none).
type NewApp struct {
	Name   string `json:"name"`
	Space  int64  `json:"space,omitempty"`
	Thread int64  `json:"thread,omitempty"`
}

// AddApp creates an app in the pre-live environment (POST preview/app.json)
// and returns its id and settings revision; DeployApp makes it live.
func (c *Client) AddApp(ctx context.Context, app NewApp) (id, revision int64, err error) {
	var out struct {
		App      int64 `json:"app,string"`
		Revision int64 `json:"revision,string"`
	}
	if err := c.call(ctx, http.MethodPost, c.previewPath("app"), app, &out); err != nil {
		return 0, 0, err
	}
	return out.App, out.Revision, nil
}

// AppRevision names an app and its expected settings revision (0 or -1 skip the check).
type AppRevision struct {
	App      int64 `json:"app"`
	Revision int64 `json:"revision,omitempty"`
}

// DeployApp deploys (or, with revert, discards) the pre-live settings of apps
// (POST preview/app/deploy.json). Deployment is asynchronous; poll
// GetDeployStatus.
func (c *Client) DeployApp(ctx context.Context, apps []AppRevision, revert bool) error {
	params := struct {
		Apps   []AppRevision `json:"apps"`
		Revert bool          `json:"revert,omitempty"`
	}{apps, revert}
	return c.call(ctx, http.MethodPost, c.previewPath("app/deploy"), params, nil)
}

// GetDeployStatus returns the deployment state of apps (GET preview/app/deploy.json).
func (c *Client) GetDeployStatus(ctx context.Context, apps []int64) ([]DeployStatus, error) {
	params := struct {
		Apps []int64 `json:"apps"`
	}{apps}
	var out struct {
		Apps []DeployStatus `json:"apps"`
	}
	if err := c.call(ctx, http.MethodGet, c.previewPath("app/deploy"), params, &out); err != nil {
		return nil, err
	}
	return out.Apps, nil
}
