package engine

import (
	"cmp"
	"context"
	"encoding/json"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/kintone-sql/kintone/client"
)

// fieldRows reads an app's form fields: one row per field, SUBTABLE fields
// followed by their inner fields, each level ordered by field code.
func (s *MetaScan) fieldRows(ctx context.Context, c *client.Client, app int64) ([]props, error) {
	ff, err := c.GetFormFields(ctx, app, s.Catalog.Options().Lang)
	if err != nil {
		return nil, err
	}
	var rows []props
	var add func(fields map[string]client.FieldProperty, subtable string) error
	add = func(fields map[string]client.FieldProperty, subtable string) error {
		for _, code := range slices.Sorted(maps.Keys(fields)) {
			p := fields[code]
			r, err := fieldProps(p, subtable)
			if err != nil {
				return err
			}
			rows = append(rows, r)
			if len(p.Fields) > 0 {
				if err := add(p.Fields, p.Code); err != nil {
					return err
				}
			}
		}
		return nil
	}
	return rows, add(ff.Properties, "")
}

// fieldProps are the properties of one field definition. Properties holds
// the whole definition as kintone sent it (without the inner fields of a
// SUBTABLE, which have rows of their own).
func fieldProps(p client.FieldProperty, subtable string) (props, error) {
	whole := p
	whole.Fields = nil
	raw, err := json.Marshal(whole)
	if err != nil {
		return nil, err
	}
	r := props{
		"code": p.Code, "label": p.Label, "type": p.Type, "subtable": subtable,
		"required": p.Required, "unique": p.Unique, "noLabel": p.NoLabel,
		"defaultValue": p.DefaultValue, "options": optionLabels(p.Options),
		"properties": json.RawMessage(raw),
	}
	if l := p.Lookup; l != nil {
		r["lookup.relatedApp.app"] = l.RelatedApp.App
		r["lookup.relatedKeyField"] = l.RelatedKeyField
		r["lookup.fieldMappings"] = l.FieldMappings
	}
	if rt := p.ReferenceTable; rt != nil {
		r["referenceTable.relatedApp.app"] = rt.RelatedApp.App
		r["referenceTable.condition"] = rt.Condition
		r["referenceTable.displayFields"] = rt.DisplayFields
	}
	return r, nil
}

// optionLabels lists the option labels in display order (by index, then
// label).
func optionLabels(opts map[string]client.Option) []string {
	type opt struct {
		label string
		index int
	}
	list := make([]opt, 0, len(opts))
	for key, o := range opts {
		label := o.Label
		if label == "" {
			label = key
		}
		n, _ := strconv.Atoi(o.Index)
		list = append(list, opt{label, n})
	}
	slices.SortFunc(list, func(a, b opt) int {
		if a.index != b.index {
			return a.index - b.index
		}
		return strings.Compare(a.label, b.label)
	})
	out := make([]string, len(list))
	for i, o := range list {
		out[i] = o.label
	}
	return out
}

// viewRows reads an app's views, ordered by index.
func (s *MetaScan) viewRows(ctx context.Context, c *client.Client, app int64) ([]props, error) {
	vs, err := c.GetViews(ctx, app, s.Catalog.Options().Lang)
	if err != nil {
		return nil, err
	}
	views := byIndex(vs.Views, func(v *client.View) (*string, string) { return &v.Name, v.Index })
	rows := make([]props, len(views))
	for i, v := range views {
		rows[i] = props{
			"id": v.ID, "name": v.Name, "index": v.Index, "type": v.Type, "builtinType": v.BuiltinType,
			"filterCond": v.FilterCond, "sort": v.Sort, "fields": v.Fields, "date": v.Date,
			"title": v.Title, "html": v.HTML, "pager": v.Pager, "device": v.Device,
		}
	}
	return rows, nil
}

// processRows reads an app's process management settings and turns them
// into rows with build.
func (s *MetaScan) processRows(build func(client.ProcessManagement) []props) func(ctx context.Context, c *client.Client, app int64) ([]props, error) {
	return func(ctx context.Context, c *client.Client, app int64) ([]props, error) {
		pm, err := c.GetProcessManagement(ctx, app, s.Catalog.Options().Lang)
		if err != nil {
			return nil, err
		}
		return build(pm), nil
	}
}

// processSettingsRows is the one ProcessManagement row of an app; States
// keeps kintone's shape (an object keyed by state name).
func processSettingsRows(pm client.ProcessManagement) []props {
	return []props{{"enable": pm.Enable, "states": pm.States, "actions": pm.Actions, "revision": pm.Revision}}
}

// processStateRows are the ProcessManagementStates rows, ordered by index.
func processStateRows(pm client.ProcessManagement) []props {
	states := byIndex(pm.States, func(st *client.ProcessState) (*string, string) { return &st.Name, st.Index })
	rows := make([]props, len(states))
	for i, st := range states {
		r := props{"name": st.Name, "index": st.Index}
		if st.Assignee != nil {
			r["assignee.type"] = st.Assignee.Type
			r["assignee.entities"] = st.Assignee.Entities
		}
		rows[i] = r
	}
	return rows
}

// processActionRows are the ProcessManagementActions rows, in kintone's
// order (Index counts from 0).
func processActionRows(pm client.ProcessManagement) []props {
	rows := make([]props, len(pm.Actions))
	for i, a := range pm.Actions {
		r := props{"index": int64(i), "name": a.Name, "from": a.From, "to": a.To,
			"filterCond": a.FilterCond, "type": a.Type}
		if a.ExecutableUser != nil {
			r["executableUser.entities"] = a.ExecutableUser.Entities
		}
		rows[i] = r
	}
	return rows
}

// byIndex returns the values of a kintone object keyed by name (views,
// process states), each with its name filled in from the key when empty,
// ordered by their "index" attribute and then by name. key returns a
// value's name field and its index.
func byIndex[T any](m map[string]T, key func(*T) (*string, string)) []T {
	out := make([]T, 0, len(m))
	for k, v := range m {
		if name, _ := key(&v); *name == "" {
			*name = k
		}
		out = append(out, v)
	}
	slices.SortFunc(out, func(a, b T) int {
		na, xa := key(&a)
		nb, xb := key(&b)
		ia, _ := strconv.Atoi(xa)
		ib, _ := strconv.Atoi(xb)
		if c := cmp.Compare(ia, ib); c != 0 {
			return c
		}
		return strings.Compare(*na, *nb)
	})
	return out
}
