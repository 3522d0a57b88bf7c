package schema

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/kintone-sql/kintone/client"
)

// buildAppTables turns an app's form fields (and layout, nil when kintone
// refused it) into the app table and, when the app is selected by
// CheckForSubtablesIn, one table per SUBTABLE field. guest is the guest
// space the app is reached through, 0 for the normal path.
func buildAppTables(e *appEntry, props map[string]client.FieldProperty, layout *client.Layout, opts Options, guest int64) *appTables {
	t := &Table{
		Name:         e.name,
		Aliases:      appAliases(e),
		Schema:       KintoneSchema,
		Kind:         AppTable,
		App:          e.id,
		AppCode:      e.code,
		GuestSpaceID: guest,
		Description:  appDescription(e),
	}
	copied := lookupTargets(props)
	status := statusEnabled(props)
	t.Columns = []*Column{idColumn(), revisionColumn()}
	var subs []client.FieldProperty
	for _, code := range fieldOrder(props, layout) {
		p := props[code]
		if p.Type == FieldSubtable {
			subs = append(subs, p)
			continue
		}
		t.Columns = append(t.Columns, fieldColumns(p, "", opts, status, copied)...)
	}
	nameColumns(t.Columns, opts)
	out := &appTables{table: t}
	if !e.subtables {
		return out
	}
	subNames := make([]string, len(subs))
	for i, p := range subs {
		subNames[i] = primaryName(p.Label, p.Code, opts)
	}
	Disambiguate(subNames, func(i int) string { return subNames[i] + " (" + subs[i].Code + ")" })
	sep := opts.separator()
	for i, p := range subs {
		st := &Table{
			Name:         e.name + sep + subNames[i],
			Schema:       KintoneSchema,
			Kind:         SubtableTable,
			App:          e.id,
			AppCode:      e.code,
			GuestSpaceID: guest,
			Subtable:     p.Code,
			Parent:       t,
			Description:  fmt.Sprintf("subtable %s of %s", p.Code, appDescription(e)),
		}
		st.Aliases = subtableAliases(e, st.Name, sep, subNames[i], p, opts)
		st.Columns = []*Column{idColumn(), rowIDColumn(p.Code)}
		for _, code := range innerOrder(p, layout) {
			st.Columns = append(st.Columns, fieldColumns(p.Fields[code], p.Code, opts, status, copied)...)
		}
		nameColumns(st.Columns, opts)
		out.subtables = append(out.subtables, st)
	}
	return out
}

// appAliases are app_<id> and the app code.
func appAliases(e *appEntry) []string {
	a := []string{appAlias(e.id)}
	if e.code != "" && e.code != e.name {
		a = append(a, e.code)
	}
	return a
}

// appDescription is the one-line description of an app table.
func appDescription(e *appEntry) string {
	s := "kintone app " + strconv.FormatInt(e.id, 10)
	if e.code != "" {
		s += " (code " + e.code + ")"
	}
	return s
}

// subtableAliases are every combination of the app's names (app_<id>
// first, then the code and the name) with the subtable's names (the chosen
// one, then the label or code), except the table name itself.
func subtableAliases(e *appEntry, name, sep, subName string, p client.FieldProperty, opts Options) []string {
	appNames := []string{appAlias(e.id)}
	if e.code != "" {
		appNames = append(appNames, e.code)
	}
	appNames = append(appNames, e.name)
	subNamesAll := []string{subName, primaryName(p.Label, p.Code, Options{UseCodeForFieldName: !opts.UseCodeForFieldName})}
	var out []string
	for _, a := range appNames {
		for _, s := range subNamesAll {
			n := a + sep + s
			if n != name && !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// idColumn is the record id column ($id).
func idColumn() *Column {
	return &Column{Name: ColumnID, Aliases: []string{"RecordId"}, Code: ColumnID, FieldType: FieldID,
		Type: TypeBigInt, Sortable: true, Label: "Record ID"}
}

// revisionColumn is the record revision column ($revision).
func revisionColumn() *Column {
	return &Column{Name: ColumnRevision, Aliases: []string{"Revision"}, Code: ColumnRevision, FieldType: FieldRevision,
		Type: TypeBigInt, Label: "Revision"}
}

// rowIDColumn is the subtable row id column ($row_id) of subtable code.
func rowIDColumn(code string) *Column {
	return &Column{Name: ColumnRowID, Aliases: []string{"RowId"}, Code: code, Part: PartRowID, FieldType: FieldRowID,
		Type: TypeBigInt, Subtable: code, Label: "Row ID"}
}

// isSystemColumn reports whether c is $id, $revision or $row_id, whose
// names never change.
func isSystemColumn(c *Column) bool {
	return c.FieldType == FieldID || c.FieldType == FieldRevision || c.FieldType == FieldRowID
}

// lookupTargets maps each code a lookup copies into to the lookup field's
// code; kintone ignores writes to those fields.
func lookupTargets(props map[string]client.FieldProperty) map[string]string {
	out := map[string]string{}
	var walk func(map[string]client.FieldProperty)
	walk = func(ps map[string]client.FieldProperty) {
		for _, p := range ps {
			if p.Lookup != nil {
				for _, m := range p.Lookup.FieldMappings {
					out[m.Field] = p.Code
				}
			}
			walk(p.Fields)
		}
	}
	walk(props)
	return out
}

// statusEnabled reports whether process management is on (the STATUS
// field is enabled).
func statusEnabled(props map[string]client.FieldProperty) bool {
	for _, p := range props {
		if p.Type == FieldStatus {
			return p.Enabled
		}
	}
	return false
}

// fieldColumns returns the columns of one field: none for decorations,
// related records, subtables and disabled process fields; two (code and
// name) for CREATOR and MODIFIER; one otherwise. Names are set later by
// nameColumns.
func fieldColumns(p client.FieldProperty, subtable string, opts Options, status bool, copied map[string]string) []*Column {
	c := &Column{
		Code: p.Code, FieldType: p.Type, Label: p.Label, Subtable: subtable,
		Required: p.Required, Unique: p.Unique, Nullable: true,
	}
	number := TypeDecimal
	if opts.NumberMapToDouble {
		number = TypeDouble
	}
	switch p.Type {
	case FieldRecordNumber:
		c.Type, c.Nullable, c.Sortable = TypeText, false, true
	case FieldCreator, FieldModifier:
		code, name := *c, *c
		code.Part, code.Type, code.Nullable, code.Sortable, code.InsertOnly = PartCode, TypeText, false, true, true
		name.Part, name.Type, name.Nullable = PartName, TypeText, false
		return []*Column{&code, &name}
	case FieldCreatedTime, FieldUpdatedTime:
		c.Type, c.Nullable, c.Sortable, c.InsertOnly = TypeDateTime, false, true, true
	case FieldSingleLineText, FieldLink:
		c.Type, c.Sortable, c.Writable = TypeText, true, p.Expression == ""
		if n, err := strconv.ParseInt(p.MaxLength, 10, 64); err == nil && n > 0 {
			c.MaxLength = n
		}
	case FieldMultiLineText, FieldRichText:
		c.Type, c.Writable = TypeText, true
	case FieldNumber:
		c.Type, c.Sortable, c.Writable = number, true, true
	case FieldCalc:
		c.Format = p.Format
		if c.Format == "" {
			c.Format = CalcNumber
		}
		c.Type, c.Sortable = calcType(c.Format, number), true
	case FieldRadioButton, FieldDropDown:
		c.Type, c.Sortable, c.Writable, c.Options = TypeText, true, true, optionList(p.Options)
	case FieldCheckBox, FieldMultiSelect:
		c.Type, c.Writable, c.Options = TypeJSON, true, optionList(p.Options)
	case FieldDate:
		c.Type, c.Sortable, c.Writable = TypeDate, true, true
	case FieldTime:
		c.Type, c.Sortable, c.Writable = TypeTime, true, true
	case FieldDateTime:
		c.Type, c.Sortable, c.Writable = TypeDateTime, true, true
	case FieldFile, FieldUserSelect, FieldOrganizationSelect, FieldGroupSelect:
		c.Type, c.Writable = TypeJSON, true
	case FieldStatus:
		if !status {
			return nil
		}
		c.Type, c.Sortable = TypeText, true
	case FieldStatusAssignee:
		// The emulator and some kintone versions leave STATUS_ASSIGNEE's
		// own flag false; process management being on is what matters.
		if !status && !p.Enabled {
			return nil
		}
		c.Type = TypeJSON
	case FieldCategory:
		if !p.Enabled {
			return nil
		}
		c.Type = TypeJSON
	default:
		// SUBTABLE (own table), REFERENCE_TABLE (no values in records),
		// LABEL, SPACER, HR, GROUP (layout only) and unknown types.
		return nil
	}
	if by, ok := copied[p.Code]; ok {
		c.Writable, c.CopiedBy = false, by
	}
	if subtable != "" {
		c.Sortable = false // kintone cannot order by subtable fields
	}
	return []*Column{c}
}

// calcType is the SQL type of a CALC field with the given format.
func calcType(format string, number Type) Type {
	switch format {
	case CalcDate:
		return TypeDate
	case CalcDateTime:
		return TypeDateTime
	case CalcTime:
		return TypeTime
	case CalcHourMinute, CalcDayHourMinute:
		return TypeText // "HH:MM", hours may exceed 24
	}
	return number
}

// optionList returns a choice field's options in display order.
func optionList(opts map[string]client.Option) []string {
	type opt struct {
		key   string
		index int64
	}
	list := make([]opt, 0, len(opts))
	for k, o := range opts {
		i, err := strconv.ParseInt(o.Index, 10, 64)
		if err != nil {
			i = 1 << 62
		}
		list = append(list, opt{k, i})
	}
	slices.SortFunc(list, func(a, b opt) int {
		if d := cmp.Compare(a.index, b.index); d != 0 {
			return d
		}
		return strings.Compare(a.key, b.key)
	})
	out := make([]string, len(list))
	for i, o := range list {
		out[i] = o.key
	}
	return out
}

// primaryName is the label or, with UseCodeForFieldName (or no label), the code.
func primaryName(label, code string, opts Options) string {
	if opts.UseCodeForFieldName || label == "" {
		return code
	}
	return label
}

// partSuffix is appended to the name of a CREATOR/MODIFIER part (CData's
// "<field> Code" and "<field> Name").
func partSuffix(p ColumnPart) string {
	switch p {
	case PartCode:
		return " Code"
	case PartName:
		return " Name"
	}
	return ""
}

// nameColumns names the field columns of a table: the label (or code) plus
// the part suffix, with the other of label and code as alias. Field columns
// whose names collide become "<label> (<code>)" plus the suffix, keeping
// the plain name as an alias, which Table.Column then reports as ambiguous.
func nameColumns(cols []*Column, opts Options) {
	names := make([]string, len(cols))
	for i, c := range cols {
		if isSystemColumn(c) {
			names[i] = c.Name
			continue
		}
		names[i] = primaryName(c.Label, c.Code, opts) + partSuffix(c.Part)
		other := primaryName(c.Label, c.Code, Options{UseCodeForFieldName: !opts.UseCodeForFieldName}) + partSuffix(c.Part)
		if other != names[i] {
			c.Aliases = append(c.Aliases, other)
		}
	}
	plain := slices.Clone(names)
	Disambiguate(names, func(i int) string {
		if isSystemColumn(cols[i]) {
			return names[i]
		}
		if names[i] == plain[i] {
			return primaryName(cols[i].Label, cols[i].Code, opts) + " (" + cols[i].Code + ")" + partSuffix(cols[i].Part)
		}
		return names[i] + " (" + cols[i].Code + ")"
	})
	for i, c := range cols {
		c.Name = names[i]
		if names[i] != plain[i] && !slices.Contains(c.Aliases, plain[i]) {
			c.Aliases = append(c.Aliases, plain[i])
		}
	}
}

// Disambiguate makes names unique ignoring letter case, as SQL resolves
// them (and as MySQL requires of a table's columns). Names shared this way
// are first renamed once with rename, when it is not nil (the schema
// appends the field code); names still shared after that get " #2",
// " #3", ... in order, the first keeping its name. Export uses it for the
// column names of files and SQLite tables.
func Disambiguate(names []string, rename func(i int) string) {
	round := 0
	if rename == nil {
		round = 1
	}
	for ; round < 8; round++ {
		groups := map[string][]int{}
		for i, n := range names {
			k := strings.ToLower(n)
			groups[k] = append(groups[k], i)
		}
		dup := false
		for i, n := range names {
			g := groups[strings.ToLower(n)]
			if len(g) < 2 {
				continue
			}
			dup = true
			if round == 0 {
				names[i] = rename(i)
			} else if k := slices.Index(g, i); k > 0 {
				names[i] = n + " #" + strconv.Itoa(k+1)
			}
		}
		if !dup {
			return
		}
	}
}

// systemRank orders the fields missing from the layout: system fields in
// kintone's order, then everything else.
func systemRank(fieldType string) int {
	i := slices.Index([]string{FieldRecordNumber, FieldCreator, FieldCreatedTime, FieldModifier,
		FieldUpdatedTime, FieldStatus, FieldStatusAssignee, FieldCategory}, fieldType)
	if i < 0 {
		return 100
	}
	return i
}

// fieldOrder returns the top-level field codes in form order: the order of
// the layout (rows, subtables, fields inside groups), then the fields the
// layout does not place (system fields in kintone's order, then by code).
// Without a layout every field is ordered that second way.
func fieldOrder(props map[string]client.FieldProperty, layout *client.Layout) []string {
	seen := map[string]bool{}
	var order []string
	add := func(code string) {
		if _, ok := props[code]; ok && !seen[code] {
			seen[code] = true
			order = append(order, code)
		}
	}
	var walk func([]client.LayoutRow)
	walk = func(rows []client.LayoutRow) {
		for _, r := range rows {
			switch r.Type {
			case FieldSubtable:
				add(r.Code)
			case FieldGroup:
				walk(r.Layout)
			default:
				for _, f := range r.Fields {
					add(f.Code)
				}
			}
		}
	}
	if layout != nil {
		walk(layout.Layout)
	}
	var rest []string
	for code := range props {
		if !seen[code] {
			rest = append(rest, code)
		}
	}
	slices.SortFunc(rest, func(a, b string) int {
		if d := systemRank(props[a].Type) - systemRank(props[b].Type); d != 0 {
			return d
		}
		return strings.Compare(a, b)
	})
	return append(order, rest...)
}

// innerOrder returns the inner field codes of a subtable in layout order,
// then the rest by code.
func innerOrder(sub client.FieldProperty, layout *client.Layout) []string {
	var fromLayout []client.LayoutField
	var find func([]client.LayoutRow)
	find = func(rows []client.LayoutRow) {
		for _, r := range rows {
			switch {
			case r.Type == FieldSubtable && r.Code == sub.Code:
				fromLayout = r.Fields
			case r.Type == FieldGroup:
				find(r.Layout)
			}
		}
	}
	if layout != nil {
		find(layout.Layout)
	}
	seen := map[string]bool{}
	var order []string
	for _, f := range fromLayout {
		if _, ok := sub.Fields[f.Code]; ok && !seen[f.Code] {
			seen[f.Code] = true
			order = append(order, f.Code)
		}
	}
	var rest []string
	for code := range sub.Fields {
		if !seen[code] {
			rest = append(rest, code)
		}
	}
	slices.Sort(rest)
	return append(order, rest...)
}
