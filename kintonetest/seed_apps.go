package kintonetest

import (
	"fmt"
	"time"
)

// systemFields are the fields every app has, with kintone's default
// Japanese codes and labels.
var systemFields = []Field{
	{Type: TypeRecordNumber, Code: "レコード番号", Label: "レコード番号"},
	{Type: TypeCreator, Code: "作成者", Label: "作成者"},
	{Type: TypeCreatedTime, Code: "作成日時", Label: "作成日時"},
	{Type: TypeModifier, Code: "更新者", Label: "更新者"},
	{Type: TypeUpdatedTime, Code: "更新日時", Label: "更新日時"},
	{Type: TypeStatus, Code: "ステータス", Label: "ステータス"},
	{Type: TypeStatusAssignee, Code: "作業者", Label: "作業者"},
	{Type: TypeCategory, Code: "カテゴリー", Label: "カテゴリー"},
}

// systemFieldsEN are the system fields of an app created through the API by
// a user whose language is English ("these fields will be created in the
// language set in the user settings", kintone-api.md §1 preview / Add App).
var systemFieldsEN = []Field{
	{Type: TypeRecordNumber, Code: "Record_number", Label: "Record number"},
	{Type: TypeCreator, Code: "Created_by", Label: "Created by"},
	{Type: TypeCreatedTime, Code: "Created_datetime", Label: "Created datetime"},
	{Type: TypeModifier, Code: "Updated_by", Label: "Updated by"},
	{Type: TypeUpdatedTime, Code: "Updated_datetime", Label: "Updated datetime"},
	{Type: TypeStatus, Code: "Status", Label: "Status"},
	{Type: TypeStatusAssignee, Code: "Assignee", Label: "Assignee"},
	{Type: TypeCategory, Code: "Categories", Label: "Categories"},
}

// Defaults of an app's general settings (settings.go).
const (
	defaultTheme = "WHITE"
	defaultIcon  = "APP72"
)

// CreateApp creates and deploys an app from spec and returns its id. The
// app's system fields are added unless spec holds a field of that type.
// A SpaceID must name a space added with AddSpace; the app is then a
// guest-space app when that space is a guest space (or spec.GuestSpace).
func (s *Server) CreateApp(spec AppSpec) (int64, error) {
	s.st.mu.Lock()
	defer s.st.mu.Unlock()
	return s.st.createApp(spec, s.now())
}

// createApp is CreateApp under the lock.
func (st *store) createApp(spec AppSpec, now time.Time) (int64, error) {
	return st.createAppWith(spec, now, systemFields)
}

// createAppWith creates an app whose missing system fields come from sys;
// the preview/app.json handler passes the caller's language's set.
func (st *store) createAppWith(spec AppSpec, now time.Time, sys []Field) (int64, error) {
	if spec.Name == "" {
		return 0, fmt.Errorf("kintonetest: CreateApp: Name is required")
	}
	if spec.Code != "" {
		for _, a := range st.apps {
			if a.Code == spec.Code {
				return 0, fmt.Errorf("kintonetest: CreateApp: app code %q already used by app %d", spec.Code, a.ID)
			}
		}
	}
	guest := spec.GuestSpace
	if spec.SpaceID != 0 {
		sp := st.spaces[spec.SpaceID]
		if sp == nil {
			return 0, fmt.Errorf("kintonetest: CreateApp: space %d not found", spec.SpaceID)
		}
		guest = guest || sp.IsGuest
	}
	fields, err := appFields(spec, sys)
	if err != nil {
		return 0, err
	}
	creator := spec.Creator
	if creator == "" {
		creator = DefaultUser
	}
	st.nextAppID++
	a := &app{
		ID:               st.nextAppID,
		Code:             spec.Code,
		Name:             spec.Name,
		Description:      spec.Description,
		SpaceID:          spec.SpaceID,
		ThreadID:         spec.ThreadID,
		GuestSpace:       guest,
		Creator:          creator,
		Modifier:         creator,
		CreatedAt:        now.UTC().Truncate(time.Second),
		ModifiedAt:       now.UTC().Truncate(time.Second),
		Fields:           fields,
		Revision:         1,
		PreviewRevision:  1,
		DeployStatus:     "SUCCESS",
		Process:          cloneProcess(spec.Process),
		Views:            append([]View(nil), spec.Views...),
		CommentsDisabled: spec.CommentsDisabled,
		Theme:            defaultTheme,
		Icon:             defaultIcon,
		records:          map[int64]*record{},
		nextRecordID:     1,
		nextRowID:        1,
		comments:         map[int64][]*comment{},
		nextCommentID:    1,
	}
	if a.SpaceID != 0 && a.ThreadID == 0 {
		a.ThreadID = st.spaces[a.SpaceID].DefaultThread
	}
	setProcessEnabled(a.Fields, a.Process)
	a.Preview = cloneFields(a.Fields)
	st.apps[a.ID] = a
	return a.ID, nil
}

// setProcessEnabled marks the STATUS and STATUS_ASSIGNEE fields enabled
// when process management is on; kintone returns them with enabled:false
// otherwise (kintone-api.md §5).
func setProcessEnabled(fields []*Field, p *ProcessManagement) {
	on := p != nil && p.Enable
	for _, f := range fields {
		if f.Type == TypeStatus || f.Type == TypeStatusAssignee {
			f.Enabled = on
		}
	}
}

// appFields checks the spec's fields (codes unique across the app,
// subtables only at top level) and appends the missing system fields
// from sys.
func appFields(spec AppSpec, sys []Field) ([]*Field, error) {
	seen := map[string]bool{}
	has := map[string]bool{}
	var out []*Field
	check := func(f *Field) error {
		if f.Code == "" {
			return fmt.Errorf("kintonetest: CreateApp: a %s field has no code", f.Type)
		}
		if seen[f.Code] {
			return fmt.Errorf("kintonetest: CreateApp: duplicate field code %q", f.Code)
		}
		seen[f.Code] = true
		return nil
	}
	for _, f := range spec.Fields {
		if err := check(f); err != nil {
			return nil, err
		}
		has[f.Type] = true
		if f.Type == TypeSubtable {
			for _, in := range f.Fields {
				if in.Type == TypeSubtable {
					return nil, fmt.Errorf("kintonetest: CreateApp: subtable %q holds another subtable", f.Code)
				}
				if err := check(in); err != nil {
					return nil, err
				}
			}
		}
		out = append(out, cloneField(f))
	}
	for _, sf := range sys {
		if has[sf.Type] || seen[sf.Code] {
			continue
		}
		f := sf
		out = append(out, &f)
	}
	for _, f := range out {
		if f.Label == "" {
			f.Label = f.Code
		}
	}
	return out, nil
}

// cloneField deep-copies a field definition.
func cloneField(f *Field) *Field {
	c := *f
	c.Options = append([]string(nil), f.Options...)
	c.Entities = append([]Entity(nil), f.Entities...)
	if f.Lookup != nil {
		l := *f.Lookup
		l.FieldMappings = append([]FieldMapping(nil), f.Lookup.FieldMappings...)
		l.LookupPickerFields = append([]string(nil), f.Lookup.LookupPickerFields...)
		c.Lookup = &l
	}
	if f.ReferenceTable != nil {
		r := *f.ReferenceTable
		r.DisplayFields = append([]string(nil), f.ReferenceTable.DisplayFields...)
		c.ReferenceTable = &r
	}
	c.Fields = cloneFields(f.Fields)
	return &c
}

// cloneFields deep-copies a field list.
func cloneFields(fs []*Field) []*Field {
	if fs == nil {
		return nil
	}
	out := make([]*Field, len(fs))
	for i, f := range fs {
		out[i] = cloneField(f)
	}
	return out
}
