package write

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// orgRef is a PrimaryOrganizationId value: an organization id that is
// sent as the organization's code. The User API reads primaryOrganization
// as an id; its write shape is UNCONFIRMED, and the driver sends the code,
// as the emulator (and the CSV import, which names organizations by code)
// takes it.
type orgRef int64

// dirValue converts a value written to column c of Users, Organizations
// or Groups into its User API property value. On INSERT (insert true) a
// NULL omits the property, so that kintone's default applies; on UPDATE
// it clears the value. Locales, time zones and lengths are left to
// kintone, whose messages come back mapped to the row and column. Errors
// never quote a password.
func dirValue(c *schema.Column, v any, insert bool) (val any, omit bool, err error) {
	switch c.Code {
	case propPassword, schema.DirCode, "name":
		s, err := nonBlankText(c, v)
		return s, false, err
	}
	if v == nil {
		switch {
		case insert:
			return nil, true, nil
		case c.Code == propValid:
			return nil, false, fmt.Errorf("column %q cannot be NULL", c.Name)
		case c.Code == propCustom:
			return []client.CustomItemValue{}, false, nil
		}
		return "", false, nil // clears dates, numbers and texts alike
	}
	switch {
	case c.Code == propValid:
		b, err := boolOf(c, v)
		return b, false, err
	case c.Code == propSort:
		n, err := int64Of(v)
		if err != nil {
			return nil, false, fmt.Errorf("column %q: %v is not an integer", c.Name, v)
		}
		return n, false, nil
	case c.Code == propPrimary:
		id, err := idOf(c, v)
		return orgRef(id), false, err
	case c.Code == propCustom:
		items, err := customItems(c, v)
		return items, false, err
	case c.Type == schema.TypeDate:
		as := *c
		as.FieldType = schema.FieldDate // the same value shapes as a DATE field
		raw, err := as.Encode(v)
		if err != nil {
			if inner := errors.Unwrap(err); inner != nil {
				err = inner
			}
			return nil, false, fmt.Errorf("column %q: %w", c.Name, err)
		}
		var s string
		err = json.Unmarshal(raw, &s)
		return s, false, err
	}
	return engine.ToText(v), false, nil
}

// nonBlankText reads a value that cannot be NULL or blank (codes, names,
// passwords); the value itself is never put into the error.
func nonBlankText(c *schema.Column, v any) (string, error) {
	if v == nil {
		return "", fmt.Errorf("column %q cannot be NULL", c.Name)
	}
	s := engine.ToText(v)
	if strings.TrimSpace(s) == "" {
		return "", fmt.Errorf("column %q cannot be empty", c.Name)
	}
	return s, nil
}

// boolOf reads a BOOLEAN value: TRUE/FALSE, 1/0, or the text of either.
func boolOf(c *schema.Column, v any) (bool, error) {
	switch x := v.(type) {
	case bool:
		return x, nil
	case string, []byte:
		switch strings.ToLower(strings.TrimSpace(engine.ToText(x))) {
		case "true", "1":
			return true, nil
		case "false", "0":
			return false, nil
		}
	default:
		if d, ok := engine.ToDecimal(v); ok && (d.IsZero() || d.Equal(decimal.NewFromInt(1))) {
			return !d.IsZero(), nil
		}
	}
	return false, fmt.Errorf("column %q: %v is not a boolean (TRUE or FALSE)", c.Name, v)
}

// idOf reads an id of a user, organization or group.
func idOf(c *schema.Column, v any) (int64, error) {
	if v == nil {
		return 0, fmt.Errorf("column %q cannot be NULL", c.Name)
	}
	id, err := int64Of(v)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("column %q: %v is not an id", c.Name, v)
	}
	return id, nil
}

// customItems reads CustomItemValues: a JSON array of {"code","value"}
// objects, which replaces the user's whole set.
func customItems(c *schema.Column, v any) ([]client.CustomItemValue, error) {
	bad := fmt.Errorf(`column %q: want a JSON array like [{"code":"floor","value":"3"}]`, c.Name)
	dec := json.NewDecoder(bytes.NewReader([]byte(engine.ToText(v))))
	dec.UseNumber()
	var raw []struct {
		Code  string `json:"code"`
		Value any    `json:"value"`
	}
	if err := dec.Decode(&raw); err != nil {
		return nil, bad
	}
	out := make([]client.CustomItemValue, len(raw))
	for i, r := range raw {
		if strings.TrimSpace(r.Code) == "" {
			return nil, fmt.Errorf("column %q: item %d has no code", c.Name, i+1)
		}
		out[i].Code = r.Code
		switch x := r.Value.(type) {
		case nil:
		case string:
			out[i].Value = x
		case json.Number:
			out[i].Value = x.String()
		default:
			return nil, fmt.Errorf("column %q: item %d: the value must be text", c.Name, i+1)
		}
	}
	return out, nil
}

// idRef is an id a statement row gives for a user, organization or group,
// to be replaced by its code before anything is written.
type idRef struct {
	row int
	col *schema.Column
	id  int64
	set func(code string)
}

// resolve looks up the codes of refs' ids (one request per 100 ids) of
// the given side (schema.SideUser, SideOrganization or SideGroup); an id
// that does not exist is an error naming its row and column.
func (w *dirWrite) resolve(ctx context.Context, env *engine.Env, side string, refs []idRef) error {
	if len(refs) == 0 {
		return nil
	}
	ids := make([]int64, len(refs))
	for i, r := range refs {
		ids[i] = r.id
	}
	slices.Sort(ids)
	ids = slices.Compact(ids)
	codes := map[int64]string{}
	for start := 0; start < len(ids); start += client.MaxDirectoryItems {
		req := client.ListRequest{IDs: ids[start:min(start+client.MaxDirectoryItems, len(ids))], Size: client.MaxDirectoryItems}
		if env.Stats != nil {
			env.Stats.Requests.Add(1)
		}
		got, err := fetchCodes(ctx, env.Client, side, req)
		if err != nil {
			return fmt.Errorf("kintone: %s: reading the %s ids given: %w", w.name, side, err)
		}
		for id, code := range got {
			codes[id] = code
		}
	}
	for _, r := range refs {
		code, ok := codes[r.id]
		if !ok {
			return rowError(w.name, r.row, fmt.Errorf("column %q: there is no %s with id %d", r.col.Name, side, r.id))
		}
		r.set(code)
	}
	return nil
}

// fetchCodes reads the id → code pairs of one page of users,
// organizations or groups.
func fetchCodes(ctx context.Context, c *client.Client, side string, req client.ListRequest) (map[int64]string, error) {
	out := map[int64]string{}
	add := func(id, code string) {
		if n, err := int64Of(id); err == nil {
			out[n] = code
		}
	}
	switch side {
	case schema.SideUser:
		list, err := c.GetUsers(ctx, req)
		for _, u := range list {
			add(u.ID, u.Code)
		}
		return out, err
	case schema.SideOrganization:
		list, err := c.GetOrganizations(ctx, req)
		for _, o := range list {
			add(o.ID, o.Code)
		}
		return out, err
	}
	list, err := c.GetGroups(ctx, req)
	for _, g := range list {
		add(g.ID, g.Code)
	}
	return out, err
}
