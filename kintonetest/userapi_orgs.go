package kintonetest

import (
	"fmt"
	"time"
)

// Field limits of organizations.json and groups.json POST/PUT (cybozu.dev
// "add organizations" / "add groups"; not in the reference).
const (
	uaMaxDirCode = 128 // organization and group codes
	uaMaxDirName = 128 // organization and group names, localName
	// uaDefaultLocalNameLocale stands for "the system's initial value"
	// that an organization gets when localNameLocale is omitted; the
	// emulated domain's system language is Japanese.
	uaDefaultLocalNameLocale = "ja"
)

// uaGetOrgs is GET organizations.json: organizations by id ascending,
// filtered by ids[] or codes[], paged by offset/size.
func uaGetOrgs(c *call) (any, *apiError) {
	out, aerr := uaSelect(c, c.srv.st.orgs, uaOrgOut)
	if aerr != nil {
		return nil, aerr
	}
	return map[string]any{"organizations": out}, nil
}

// uaAddOrgs is POST organizations.json. A parent may be added in the same
// request if it comes first, as the add-organizations page asks.
func uaAddOrgs(c *call) (any, *apiError) {
	st := c.srv.st
	return uaAdd(c, "organizations", &st.orgs, &st.nextOrgID, "組織コード（%s）はすでに使われています。",
		func(in uaObject, added map[string]bool) *Organization {
			o := &Organization{LocalNameLocale: uaDefaultLocalNameLocale}
			o.Code = in.required("code", uaMaxDirCode)
			o.Name = in.required("name", uaMaxDirName)
			o.LocalName, _ = in.str("localName", uaMaxDirName)
			if v, ok := in.enum("localNameLocale", uaLocalNameLocales, true); ok && v != "" {
				o.LocalNameLocale = v
			}
			if p, ok := in.str("parentCode", uaMaxDirCode); ok && p != "" {
				if st.orgByCode(p) == nil && !added[p] {
					in.errs.add(in.key("parentCode"), uaMsgOrgNotFound(p))
				}
				o.ParentCode = p
			}
			o.Description, _ = in.str("description", uaMaxDescription)
			return o
		})
}

// uaUpdateOrgs is PUT organizations.json. Omitted members keep their value
// except description, which the update-organizations page says becomes ""
// when omitted; parentCode "" moves the organization to the top level.
func uaUpdateOrgs(c *call) (any, *apiError) {
	st := c.srv.st
	var order []uaObject
	apply := func(in uaObject, o *Organization) {
		if v, ok := in.nonBlank("name", uaMaxDirName); ok {
			o.Name = v
		}
		if v, ok := in.str("localName", uaMaxDirName); ok {
			o.LocalName = v
		}
		if v, ok := in.enum("localNameLocale", uaLocalNameLocales, true); ok && v != "" {
			o.LocalNameLocale = v
		}
		if p, ok := in.str("parentCode", uaMaxDirCode); ok {
			if p != "" && st.orgByCode(p) == nil {
				in.errs.add(in.key("parentCode"), uaMsgOrgNotFound(p))
			}
			o.ParentCode = p
		}
		o.Description, _ = in.str("description", uaMaxDescription)
		order = append(order, in)
	}
	// No organization may become its own ancestor.
	noCycle := func(updated map[string]*Organization) {
		parent := func(code string) string {
			if o := updated[code]; o != nil {
				return o.ParentCode
			}
			if o := st.orgByCode(code); o != nil {
				return o.ParentCode
			}
			return ""
		}
		for _, in := range order {
			code, _ := in.str("code", 0)
			p := parent(code)
			for steps := 0; p != "" && steps <= len(st.orgs); steps++ {
				if p == code {
					in.errs.add(in.key("parentCode"), "組織の親子関係が循環しています。")
					break
				}
				p = parent(p)
			}
		}
	}
	return uaUpdate(c, "organizations", st.orgs, uaMaxDirCode, uaMsgOrgNotFound, uaShallowClone[Organization], apply, noCycle)
}

// uaDeleteOrgs is DELETE organizations.json {codes:[...]}. An organization
// whose child is not deleted too is refused (cybozu.com keeps the tree
// whole; the exact error is UNCONFIRMED). Members lose the membership.
func uaDeleteOrgs(c *call) (any, *apiError) {
	st := c.srv.st
	codes, aerr := uaDeleteCodes(c, func(code string) bool { return st.orgByCode(code) != nil }, uaMsgOrgNotFound)
	if aerr != nil {
		return nil, aerr
	}
	errs := fieldErrs{}
	for _, o := range st.orgs {
		if codes[o.ParentCode] && !codes[o.Code] {
			errs.add("codes", fmt.Sprintf("組織（code: %s）には子組織（code: %s）があるため削除できません。", o.ParentCode, o.Code))
		}
	}
	if aerr := errs.err(); aerr != nil {
		return nil, aerr
	}
	st.orgs = uaRemove(st.orgs, func(o *Organization) bool { return codes[o.Code] })
	for user, ms := range st.userOrgs {
		st.userOrgs[user] = uaRemove(ms, func(m orgTitle) bool { return codes[m.Org] })
	}
	uaRewriteUsers(st, c.now, func(u *User) bool {
		if codes[u.PrimaryOrg] {
			u.PrimaryOrg = ""
			return true
		}
		return false
	})
	return map[string]any{}, nil
}

// uaRenameOrgs is PUT organizations/codes.json: the code changes in child
// organizations, memberships and primary organizations too.
func uaRenameOrgs(c *call) (any, *apiError) {
	st := c.srv.st
	changes, aerr := uaReadCodeChanges(c, func(code string) bool { return st.orgByCode(code) != nil })
	if aerr != nil {
		return nil, aerr
	}
	for _, ch := range changes {
		for i, o := range st.orgs {
			if o.Code == ch.from || o.ParentCode == ch.from {
				no := *o
				if no.Code == ch.from {
					no.Code = ch.to
				}
				if no.ParentCode == ch.from {
					no.ParentCode = ch.to
				}
				st.orgs[i] = &no
			}
		}
		for _, ms := range st.userOrgs {
			for i := range ms {
				if ms[i].Org == ch.from {
					ms[i].Org = ch.to
				}
			}
		}
		uaRewriteUsers(st, time.Time{}, func(u *User) bool {
			if u.PrimaryOrg == ch.from {
				u.PrimaryOrg = ch.to
				return true
			}
			return false
		})
	}
	return map[string]any{}, nil
}

// uaRewriteUsers replaces every user that change modifies (reporting true)
// by the changed copy; a non-zero now becomes the copy's mtime.
func uaRewriteUsers(st *store, now time.Time, change func(*User) bool) {
	for i, u := range st.users {
		nu := uaCloneUser(u)
		if change(nu) {
			if !now.IsZero() {
				nu.MTime = now.UTC().Truncate(time.Second)
			}
			st.users[i] = nu
		}
	}
}

func uaMsgOrgNotFound(code string) string {
	return fmt.Sprintf("指定した組織（code: %s）が見つかりません。", code)
}
