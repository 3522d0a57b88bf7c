package kintonetest

import "fmt"

// uaGroupTypes are the group kinds of POST groups.json (kintone-api.md §8:
// "groups[].type required").
var uaGroupTypes = []string{"static", "dynamic"}

// uaGetGroups is GET groups.json: groups by id ascending, filtered by
// ids[] or codes[], paged by offset/size.
func uaGetGroups(c *call) (any, *apiError) {
	out, aerr := uaSelect(c, c.srv.st.groups,
		func(g *Group) (int64, string) { return g.ID, g.Code }, uaGroupOut)
	if aerr != nil {
		return nil, aerr
	}
	return map[string]any{"groups": out}, nil
}

// uaAddGroups is POST groups.json; type (static or dynamic) is required.
func uaAddGroups(c *call) (any, *apiError) {
	st := c.srv.st
	errs := uaErrors{}
	objs, aerr := uaObjects(c, "groups", uaMaxItems, errs)
	if aerr != nil {
		return nil, aerr
	}
	added := map[string]bool{}
	groups := make([]*Group, 0, len(objs))
	for _, in := range objs {
		g := &Group{}
		g.Code = in.required("code", uaMaxDirCode)
		g.Name = in.required("name", uaMaxDirName)
		if g.Code != "" && (st.groupByCode(g.Code) != nil || added[g.Code]) {
			in.errs.add(in.key("code"), fmt.Sprintf("グループコード（%s）はすでに使われています。", g.Code))
		}
		if _, ok := in.m["type"]; !ok || in.m["type"] == nil {
			in.errs.add(in.key("type"), uaMsgRequired)
		} else {
			g.Type, _ = in.enum("type", uaGroupTypes, false)
		}
		g.Description, _ = in.str("description", uaMaxDescription)
		added[g.Code] = true
		groups = append(groups, g)
	}
	if aerr := errs.err(); aerr != nil {
		return nil, aerr
	}
	for _, g := range groups {
		st.nextGroupID++
		g.ID = st.nextGroupID
		st.groups = append(st.groups, g)
	}
	return map[string]any{}, nil
}

// uaUpdateGroups is PUT groups.json: name and description change when
// given (omitted or null keeps them); the type cannot change.
func uaUpdateGroups(c *call) (any, *apiError) {
	st := c.srv.st
	errs := uaErrors{}
	objs, aerr := uaObjects(c, "groups", uaMaxItems, errs)
	if aerr != nil {
		return nil, aerr
	}
	updated := map[string]*Group{}
	for _, in := range objs {
		code := in.required("code", uaMaxDirCode)
		if code == "" {
			continue
		}
		cur := updated[code]
		if cur == nil {
			cur = st.groupByCode(code)
		}
		if cur == nil {
			in.errs.add(in.key("code"), uaMsgGroupNotFound(code))
			continue
		}
		g := *cur
		if v, ok := in.nonBlank("name", uaMaxDirName); ok {
			g.Name = v
		}
		if v, ok := in.str("description", uaMaxDescription); ok {
			g.Description = v
		}
		updated[code] = &g
	}
	if aerr := errs.err(); aerr != nil {
		return nil, aerr
	}
	for i, g := range st.groups {
		if ng := updated[g.Code]; ng != nil {
			st.groups[i] = ng
		}
	}
	return map[string]any{}, nil
}

// uaDeleteGroups is DELETE groups.json {codes:[...]}.
func uaDeleteGroups(c *call) (any, *apiError) {
	st := c.srv.st
	codes, aerr := uaDeleteCodes(c, func(code string) bool { return st.groupByCode(code) != nil }, uaMsgGroupNotFound)
	if aerr != nil {
		return nil, aerr
	}
	st.groups = uaRemove(st.groups, func(g *Group) bool { return codes[g.Code] })
	for code := range codes {
		delete(st.groupMembers, code)
	}
	return map[string]any{}, nil
}

// uaRenameGroups is PUT groups/codes.json.
func uaRenameGroups(c *call) (any, *apiError) {
	st := c.srv.st
	changes, aerr := uaReadCodeChanges(c, func(code string) bool { return st.groupByCode(code) != nil })
	if aerr != nil {
		return nil, aerr
	}
	for _, ch := range changes {
		for i, g := range st.groups {
			if g.Code == ch.from {
				ng := *g
				ng.Code = ch.to
				st.groups[i] = &ng
			}
		}
		uaRenameKey(st.groupMembers, ch.from, ch.to)
	}
	return map[string]any{}, nil
}

func uaMsgGroupNotFound(code string) string {
	return fmt.Sprintf("指定したグループ（code: %s）が見つかりません。", code)
}
