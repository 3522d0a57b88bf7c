package client

import (
	"context"
	"net/http"
)

// appLang is the parameter set of the app settings GETs; Lang is default, en,
// zh, ja or user ("" leaves it to kintone).
type appLang struct {
	App  int64  `json:"app"`
	Lang string `json:"lang,omitempty"`
}

// GetFormFields returns the live field definitions of an app (GET app/form/fields.json).
func (c *Client) GetFormFields(ctx context.Context, app int64, lang string) (FormFields, error) {
	var out FormFields
	err := c.call(ctx, http.MethodGet, c.APIPath("app/form/fields"), appLang{app, lang}, &out)
	return out, err
}

// GetFormLayout returns the live form layout of an app (GET app/form/layout.json).
func (c *Client) GetFormLayout(ctx context.Context, app int64) (Layout, error) {
	var out Layout
	err := c.call(ctx, http.MethodGet, c.APIPath("app/form/layout"), appLang{App: app}, &out)
	return out, err
}

// GetViews returns the live views of an app (GET app/views.json).
func (c *Client) GetViews(ctx context.Context, app int64, lang string) (Views, error) {
	var out Views
	err := c.call(ctx, http.MethodGet, c.APIPath("app/views"), appLang{app, lang}, &out)
	return out, err
}

// GetProcessManagement returns the live process-management settings of an
// app (GET app/status.json).
func (c *Client) GetProcessManagement(ctx context.Context, app int64, lang string) (ProcessManagement, error) {
	var out ProcessManagement
	err := c.call(ctx, http.MethodGet, c.APIPath("app/status"), appLang{app, lang}, &out)
	return out, err
}

// formFieldsChange is the body of the pre-live field writes.
type formFieldsChange struct {
	App        int64                    `json:"app"`
	Properties map[string]FieldProperty `json:"properties,omitempty"`
	Fields     []string                 `json:"fields,omitempty"`
	Revision   int64                    `json:"revision,omitempty"`
}

// AddFormFields adds fields to an app's pre-live form (POST
// preview/app/form/fields.json) and returns the new settings revision.
// revision is the expected revision (0 or -1 skip the check).
func (c *Client) AddFormFields(ctx context.Context, app int64, properties map[string]FieldProperty, revision int64) (int64, error) {
	return c.changeFormFields(ctx, http.MethodPost, formFieldsChange{App: app, Properties: properties, Revision: revision})
}

// UpdateFormFields changes fields of an app's pre-live form (PUT
// preview/app/form/fields.json) and returns the new settings revision.
func (c *Client) UpdateFormFields(ctx context.Context, app int64, properties map[string]FieldProperty, revision int64) (int64, error) {
	return c.changeFormFields(ctx, http.MethodPut, formFieldsChange{App: app, Properties: properties, Revision: revision})
}

// DeleteFormFields removes fields by code from an app's pre-live form (DELETE
// preview/app/form/fields.json) and returns the new settings revision.
func (c *Client) DeleteFormFields(ctx context.Context, app int64, codes []string, revision int64) (int64, error) {
	return c.changeFormFields(ctx, http.MethodDelete, formFieldsChange{App: app, Fields: codes, Revision: revision})
}

// changeFormFields sends one pre-live field write.
func (c *Client) changeFormFields(ctx context.Context, method string, body formFieldsChange) (int64, error) {
	var out struct {
		Revision int64 `json:"revision,string"`
	}
	if err := c.call(ctx, method, c.previewPath("app/form/fields"), body, &out); err != nil {
		return 0, err
	}
	return out.Revision, nil
}
