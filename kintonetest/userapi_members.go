package kintonetest

import (
	"fmt"
	"slices"
)

// uaServices are the services of users/services.json (kintone-api.md §8).
var uaServices = []string{"kintone", "garoon", "office", "mailwise", "secure_access"}

// uaDefaultServices are the services of a user that users/services.json
// never set: the emulated domain is a kintone-only contract (a choice; a
// real domain gives new users the services its licence holds).
var uaDefaultServices = []string{"kintone"}

// uaGetUserOrgs is GET user/organizations.json?code=: the user's
// organizations with the user's title in each, in membership order.
func uaGetUserOrgs(c *call) (any, *apiError) {
	st := c.srv.st
	u, aerr := uaUserParam(c)
	if aerr != nil {
		return nil, aerr
	}
	out := []uaOrgTitleJSON{}
	for _, m := range st.userOrgs[u.Code] {
		if o := st.orgByCode(m.Org); o != nil {
			out = append(out, uaOrgTitleJSON{Organization: uaOrgOut(o), Title: uaTitleOut(st, m.Title)})
		}
	}
	return map[string]any{"organizationTitles": out}, nil
}

// uaSetUserOrgs is PUT userOrganizations.json: each listed user's
// memberships are replaced by the given list ([] removes all). A primary
// organization the user no longer belongs to falls back to the first
// listed one.
func uaSetUserOrgs(c *call) (any, *apiError) {
	st := c.srv.st
	errs := fieldErrs{}
	objs, aerr := uaObjects(c, "userOrganizations", uaMaxItems, errs)
	if aerr != nil {
		return nil, aerr
	}
	sets := map[string][]orgTitle{}
	var order []string
	for _, in := range objs {
		code := in.required("code", uaMaxUserCode)
		if code != "" && st.userByCode(code) == nil {
			in.errs.add(in.key("code"), uaMsgUserNotFound(code))
		}
		list := uaReadMemberships(st, in)
		if code != "" {
			if _, dup := sets[code]; !dup {
				order = append(order, code)
			}
			sets[code] = list
		}
	}
	if aerr := errs.err(); aerr != nil {
		return nil, aerr
	}
	for _, code := range order {
		list := sets[code]
		st.userOrgs[code] = list
		uaRewriteUsers(st, c.now, func(u *User) bool {
			if u.Code != code || u.PrimaryOrg == "" {
				return false
			}
			if slices.ContainsFunc(list, func(m orgTitle) bool { return m.Org == u.PrimaryOrg }) {
				return false
			}
			u.PrimaryOrg = ""
			if len(list) > 0 {
				u.PrimaryOrg = list[0].Org
			}
			return true
		})
	}
	return map[string]any{}, nil
}

// uaReadMemberships reads organizations:[{orgCode, titleCode?}] of one
// userOrganizations entry.
func uaReadMemberships(st *store, in uaObject) []orgTitle {
	raw, ok := in.m["organizations"]
	if !ok || raw == nil {
		in.errs.add(in.key("organizations"), msgRequired)
		return nil
	}
	arr, ok := raw.([]any)
	switch {
	case !ok:
		in.errs.add(in.key("organizations"), uaMsgInvalid)
		return nil
	case len(arr) > uaMaxMemberships:
		in.errs.add(in.key("organizations"), fmt.Sprintf("%d件以下で指定してください。", uaMaxMemberships))
		return nil
	}
	list := make([]orgTitle, 0, len(arr))
	seen := map[string]bool{}
	for i, e := range arr {
		m, ok := e.(map[string]any)
		item := uaObject{m: m, prefix: fmt.Sprintf("%s.organizations[%d]", in.prefix, i), errs: in.errs}
		if !ok {
			in.errs.add(item.prefix, uaMsgInvalid)
			continue
		}
		org := item.required("orgCode", uaMaxDirCode)
		if org != "" {
			if st.orgByCode(org) == nil {
				item.errs.add(item.key("orgCode"), uaMsgOrgNotFound(org))
			} else if seen[org] {
				item.errs.add(item.key("orgCode"), "同じ組織が重複して指定されています。")
			}
			seen[org] = true
		}
		title, _ := item.str("titleCode", 0)
		if title != "" && st.titleByCode(title) == nil {
			item.errs.add(item.key("titleCode"), fmt.Sprintf("指定した役職（code: %s）が見つかりません。", title))
		}
		list = append(list, orgTitle{Org: org, Title: title})
	}
	return list
}

// uaGetUserGroups is GET user/groups.json?code=: the groups the user
// belongs to, by group id.
func uaGetUserGroups(c *call) (any, *apiError) {
	st := c.srv.st
	u, aerr := uaUserParam(c)
	if aerr != nil {
		return nil, aerr
	}
	out := []uaGroupJSON{}
	for _, g := range st.groups {
		if slices.Contains(st.groupMembers[g.Code], u.Code) {
			out = append(out, uaGroupOut(g))
		}
	}
	return map[string]any{"groups": out}, nil
}

// uaSetUserGroups is PUT user/groups.json {code, groups:[...]}: the user's
// static groups become exactly the list (cybozu.dev "update users groups";
// dynamic groups cannot be given).
func uaSetUserGroups(c *call) (any, *apiError) {
	st := c.srv.st
	errs := fieldErrs{}
	in := uaObject{m: c.params, errs: errs}
	code := in.required("code", uaMaxUserCode)
	if code != "" && st.userByCode(code) == nil {
		errs.add("code", uaMsgUserNotFound(code))
	}
	list, _ := in.strings("groups", uaMaxGroupMembers)
	want := map[string]bool{}
	for i, g := range list {
		key := fmt.Sprintf("groups[%d]", i)
		if grp := st.groupByCode(g); grp == nil {
			errs.add(key, uaMsgGroupNotFound(g))
		} else if grp.Type == "dynamic" {
			errs.add(key, uaMsgDynamicGroup(g))
		}
		want[g] = true
	}
	if aerr := errs.err(); aerr != nil {
		return nil, aerr
	}
	for _, g := range st.groups {
		if g.Type == "dynamic" {
			continue
		}
		members := st.groupMembers[g.Code]
		has := slices.Contains(members, code)
		switch {
		case want[g.Code] && !has:
			st.groupMembers[g.Code] = append(slices.Clip(members), code)
		case !want[g.Code] && has:
			st.groupMembers[g.Code] = uaRemove(members, func(m string) bool { return m == code })
		}
	}
	return map[string]any{}, nil
}

// uaGetOrgUsers is GET organization/users.json?code=&offset=&size=: the
// members of the organization (by user id) with their title there.
func uaGetOrgUsers(c *call) (any, *apiError) {
	st := c.srv.st
	code, aerr := uaParamCode(c)
	if aerr != nil {
		return nil, aerr
	}
	if st.orgByCode(code) == nil {
		return nil, errField("code", uaMsgOrgNotFound(code))
	}
	offset, size, aerr := uaPaging(c)
	if aerr != nil {
		return nil, aerr
	}
	type member struct {
		u     *User
		title string
	}
	var list []member
	for _, u := range st.users {
		for _, m := range st.userOrgs[u.Code] {
			if m.Org == code {
				list = append(list, member{u, m.Title})
				break
			}
		}
	}
	out := []uaUserTitleJSON{}
	for _, m := range uaPage(list, offset, size) {
		out = append(out, uaUserTitleJSON{User: uaUserOut(st, m.u), Title: uaTitleOut(st, m.title)})
	}
	return map[string]any{"userTitles": out}, nil
}

// uaGetGroupUsers is GET group/users.json?code=&offset=&size=: the
// group's members by user id.
func uaGetGroupUsers(c *call) (any, *apiError) {
	st := c.srv.st
	code, aerr := uaParamCode(c)
	if aerr != nil {
		return nil, aerr
	}
	if st.groupByCode(code) == nil {
		return nil, errField("code", uaMsgGroupNotFound(code))
	}
	offset, size, aerr := uaPaging(c)
	if aerr != nil {
		return nil, aerr
	}
	members := st.groupMembers[code]
	var list []*User
	for _, u := range st.users {
		if slices.Contains(members, u.Code) {
			list = append(list, u)
		}
	}
	out := []uaUserJSON{}
	for _, u := range uaPage(list, offset, size) {
		out = append(out, uaUserOut(st, u))
	}
	return map[string]any{"users": out}, nil
}

// uaSetGroupUsers is PUT group/users.json {code, users:[...]}: the static
// group's members become exactly the list (cybozu.dev "update group
// users"; the reference only notes that a PUT exists).
func uaSetGroupUsers(c *call) (any, *apiError) {
	st := c.srv.st
	errs := fieldErrs{}
	in := uaObject{m: c.params, errs: errs}
	code := in.required("code", uaMaxDirCode)
	if code != "" {
		if g := st.groupByCode(code); g == nil {
			errs.add("code", uaMsgGroupNotFound(code))
		} else if g.Type == "dynamic" {
			errs.add("code", uaMsgDynamicGroup(code))
		}
	}
	list, _ := in.strings("users", uaMaxGroupMembers)
	var members []string
	for i, u := range list {
		if st.userByCode(u) == nil {
			errs.add(fmt.Sprintf("users[%d]", i), uaMsgUserNotFound(u))
		} else if !slices.Contains(members, u) {
			members = append(members, u)
		}
	}
	if aerr := errs.err(); aerr != nil {
		return nil, aerr
	}
	st.groupMembers[code] = members
	return map[string]any{}, nil
}

// uaServicesJSON is one entry of users/services.json.
type uaServicesJSON struct {
	Code     string   `json:"code"`
	Services []string `json:"services"`
}

// uaGetServices is GET users/services.json: each user's services, by user
// id, filtered by codes[] and paged by offset/size.
func uaGetServices(c *call) (any, *apiError) {
	st := c.srv.st
	codes, aerr := uaParamStrings(c, "codes")
	if aerr != nil {
		return nil, aerr
	}
	offset, size, aerr := uaPaging(c)
	if aerr != nil {
		return nil, aerr
	}
	var list []*User
	for _, u := range st.users {
		if len(codes) == 0 || slices.Contains(codes, u.Code) {
			list = append(list, u)
		}
	}
	out := []uaServicesJSON{}
	for _, u := range uaPage(list, offset, size) {
		out = append(out, uaServicesJSON{Code: u.Code, Services: uaUserServices(st, u.Code)})
	}
	return map[string]any{"users": out}, nil
}

// uaSetServices is PUT users/services.json {users:[{code, services}]}.
func uaSetServices(c *call) (any, *apiError) {
	st := c.srv.st
	errs := fieldErrs{}
	objs, aerr := uaObjects(c, "users", uaMaxItems, errs)
	if aerr != nil {
		return nil, aerr
	}
	sets := map[string][]string{}
	for _, in := range objs {
		code := in.required("code", uaMaxUserCode)
		if code != "" && st.userByCode(code) == nil {
			in.errs.add(in.key("code"), uaMsgUserNotFound(code))
		}
		list, _ := in.strings("services", len(uaServices))
		var services []string
		for i, s := range list {
			if !slices.Contains(uaServices, s) {
				in.errs.add(fmt.Sprintf("%s.services[%d]", in.prefix, i), "次のいずれかを指定してください: kintone, garoon, office, mailwise, secure_access")
			} else if !slices.Contains(services, s) {
				services = append(services, s)
			}
		}
		sets[code] = append([]string{}, services...)
	}
	if aerr := errs.err(); aerr != nil {
		return nil, aerr
	}
	if st.userServices == nil {
		st.userServices = map[string][]string{}
	}
	for code, services := range sets {
		st.userServices[code] = services
	}
	return map[string]any{}, nil
}

// uaUserServices returns a copy of the user's services.
func uaUserServices(st *store, code string) []string {
	if s, ok := st.userServices[code]; ok {
		return append([]string{}, s...)
	}
	return append([]string{}, uaDefaultServices...)
}

// uaUserParam resolves the required "code" parameter to a user; an
// unknown login name is a CB_VA01 on "code" (kintone's GAIA_IL26 belongs
// to the kintone API; what the User API answers is UNCONFIRMED).
func uaUserParam(c *call) (*User, *apiError) {
	code, aerr := uaParamCode(c)
	if aerr != nil {
		return nil, aerr
	}
	u := c.srv.st.userByCode(code)
	if u == nil {
		return nil, errField("code", uaMsgUserNotFound(code))
	}
	return u, nil
}

func uaMsgDynamicGroup(code string) string {
	return fmt.Sprintf("動的グループ（code: %s）の所属ユーザーは変更できません。", code)
}
