package kintonetest

import "fmt"

// uaGroupTypes are the group kinds of POST groups.json (kintone-api.md §8:
// "groups[].type required").
var uaGroupTypes = []string{"static", "dynamic"}

// uaGetGroups is GET groups.json: groups by id ascending, filtered by
// ids[] or codes[], paged by offset/size.
func uaGetGroups(c *call) (any, *apiError) {
	out, aerr := uaSelect(c, c.srv.st.groups, uaGroupOut)
	if aerr != nil {
		return nil, aerr
	}
	return map[string]any{"groups": out}, nil
}

// uaAddGroups is POST groups.json; type (static or dynamic) is required.
func uaAddGroups(c *call) (any, *apiError) {
	st := c.srv.st
	return uaAdd(c, "groups", &st.groups, &st.nextGroupID, "グループコード（%s）はすでに使われています。",
		func(in uaObject, _ map[string]bool) *Group {
			g := &Group{}
			g.Code = in.required("code", uaMaxDirCode)
			g.Name = in.required("name", uaMaxDirName)
			if _, ok := in.m["type"]; !ok || in.m["type"] == nil {
				in.errs.add(in.key("type"), msgRequired)
			} else {
				g.Type, _ = in.enum("type", uaGroupTypes, false)
			}
			g.Description, _ = in.str("description", uaMaxDescription)
			return g
		})
}

// uaUpdateGroups is PUT groups.json: name and description change when
// given (omitted or null keeps them); the type cannot change.
func uaUpdateGroups(c *call) (any, *apiError) {
	return uaUpdate(c, "groups", c.srv.st.groups, uaMaxDirCode, uaMsgGroupNotFound, uaShallowClone[Group],
		func(in uaObject, g *Group) {
			if v, ok := in.nonBlank("name", uaMaxDirName); ok {
				g.Name = v
			}
			if v, ok := in.str("description", uaMaxDescription); ok {
				g.Description = v
			}
		}, nil)
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
