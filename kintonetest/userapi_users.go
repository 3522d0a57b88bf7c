package kintonetest

import (
	"fmt"
	"maps"
	"strings"
	"time"
	_ "time/tzdata" // user time zones are validated with time.LoadLocation on any host
)

// Field limits of users.json POST/PUT. code, password, name, description
// and email are in kintone-api.md §8; the others come from the cybozu.dev
// "add users" page (not in the reference).
const (
	uaMaxUserCode     = 128
	uaMaxPassword     = 64
	uaMaxUserName     = 128
	uaMaxNamePart     = 64 // surName, givenName and their readings
	uaMaxLocalName    = 128
	uaMaxDescription  = 1000
	uaMaxPhone        = 100 // phone, mobilePhone, extensionNumber
	uaMaxEmail        = 256
	uaMaxURL          = 256
	uaMaxEmployeeNum  = 100
	uaDefaultTimezone = "Asia/Tokyo"
)

// uaLocales are the user languages of §8 ("auto" follows the browser).
var uaLocales = []string{"ja", "en", "zh", "zh-TW", "es", "pt-BR", "th", "auto"}

// uaLocalNameLocales are the languages of a localized display name.
var uaLocalNameLocales = []string{"ja", "en", "zh", "zh-TW", "es", "pt-BR", "th"}

// uaUserText lists the optional free-text members of a user with their
// length limit (0: none documented) and the field they set.
var uaUserText = []struct {
	name string
	max  int
	get  func(*User) *string
}{
	{"surName", uaMaxNamePart, func(u *User) *string { return &u.SurName }},
	{"givenName", uaMaxNamePart, func(u *User) *string { return &u.GivenName }},
	{"surNameReading", uaMaxNamePart, func(u *User) *string { return &u.SurNameReading }},
	{"givenNameReading", uaMaxNamePart, func(u *User) *string { return &u.GivenNameReading }},
	{"localName", uaMaxLocalName, func(u *User) *string { return &u.LocalName }},
	{"description", uaMaxDescription, func(u *User) *string { return &u.Description }},
	{"phone", uaMaxPhone, func(u *User) *string { return &u.Phone }},
	{"mobilePhone", uaMaxPhone, func(u *User) *string { return &u.MobilePhone }},
	{"extensionNumber", uaMaxPhone, func(u *User) *string { return &u.ExtensionNumber }},
	{"email", uaMaxEmail, func(u *User) *string { return &u.Email }},
	{"callto", 0, func(u *User) *string { return &u.Callto }},
	{"url", uaMaxURL, func(u *User) *string { return &u.URL }},
	{"employeeNumber", uaMaxEmployeeNum, func(u *User) *string { return &u.EmployeeNumber }},
}

// uaGetUsers is GET users.json: users sorted by id ascending, filtered by
// ids[] or codes[], paged by offset/size.
func uaGetUsers(c *call) (any, *apiError) {
	st := c.srv.st
	out, aerr := uaSelect(c, st.users, func(u *User) uaUserJSON { return uaUserOut(st, u) })
	if aerr != nil {
		return nil, aerr
	}
	return map[string]any{"users": out}, nil
}

// uaReadUserFields applies the optional members of o to u (a new user or a
// clone being updated). On update, a missing or null member leaves the
// value unchanged and "" clears it.
func uaReadUserFields(st *store, o uaObject, u *User) {
	for _, f := range uaUserText {
		if v, ok := o.str(f.name, f.max); ok {
			*f.get(u) = v
		}
	}
	if v, ok := o.boolean("valid"); ok {
		u.Valid = v
	}
	if v, ok := o.enum("locale", uaLocales, true); ok {
		u.Locale = v
	}
	if v, ok := o.enum("localNameLocale", uaLocalNameLocales, true); ok {
		u.LocalNameLocale = v
	}
	if v, ok := o.timezone("timezone"); ok {
		if v == "" {
			v = uaDefaultTimezone
		}
		u.Timezone = v
	}
	if v, ok := o.date("birthDate"); ok {
		u.BirthDate = v
	}
	if v, ok := o.date("joinDate"); ok {
		u.JoinDate = v
	}
	// sortOrder: a number sets it, "" clears it.
	if raw, ok := o.m["sortOrder"]; ok && raw != nil {
		if s, isStr := raw.(string); isStr && strings.TrimSpace(s) == "" {
			u.SortOrder = nil
		} else if n, _, set := o.integer("sortOrder"); set {
			u.SortOrder = &n
		}
	}
	// primaryOrganization is given as an organization code (the write
	// shape is UNCONFIRMED; reads return the organization id). "" clears.
	if v, ok := o.str("primaryOrganization", 0); ok {
		if v != "" && st.orgByCode(v) == nil {
			o.errs.add(o.key("primaryOrganization"), uaMsgOrgNotFound(v))
		} else {
			u.PrimaryOrg = v
		}
	}
	if raw, ok := o.m["customItemValues"]; ok && raw != nil {
		u.CustomItems = uaReadCustomItems(o, raw)
	}
}

// uaReadCustomItems reads customItemValues [{code,value}]; it replaces the
// user's whole set. Any item code is accepted: the emulator has no custom
// item definitions.
func uaReadCustomItems(o uaObject, raw any) map[string]string {
	arr, ok := raw.([]any)
	if !ok {
		o.errs.add(o.key("customItemValues"), uaMsgInvalid)
		return nil
	}
	items := make(map[string]string, len(arr))
	for i, e := range arr {
		m, ok := e.(map[string]any)
		item := uaObject{m: m, prefix: fmt.Sprintf("%s.customItemValues[%d]", o.prefix, i), errs: o.errs}
		if !ok {
			o.errs.add(item.prefix, uaMsgInvalid)
			continue
		}
		code := item.required("code", 0)
		value, _ := item.str("value", 0)
		if code != "" {
			items[code] = value
		}
	}
	return items
}

// uaAddUsers is POST users.json: all users are validated (codes unique
// among existing users and within the request) before any is added.
func uaAddUsers(c *call) (any, *apiError) {
	st := c.srv.st
	now := c.now.UTC().Truncate(time.Second)
	return uaAdd(c, "users", &st.users, &st.nextUserID, "ログイン名（%s）はすでに使われています。",
		func(o uaObject, _ map[string]bool) *User {
			u := &User{Valid: true, Timezone: uaDefaultTimezone, Locale: "auto", CTime: now, MTime: now}
			u.Code = o.required("code", uaMaxUserCode)
			u.Password = o.required("password", uaMaxPassword)
			u.Name = o.required("name", uaMaxUserName)
			uaReadUserFields(st, o, u)
			return u
		})
}

// uaUpdateUsers is PUT users.json: a partial update of each named user.
// Updated users are replaced by changed copies, so a *User held by an
// earlier request never changes under it.
func uaUpdateUsers(c *call) (any, *apiError) {
	st := c.srv.st
	now := c.now.UTC().Truncate(time.Second)
	return uaUpdate(c, "users", st.users, uaMaxUserCode, uaMsgUserNotFound, uaCloneUser,
		func(o uaObject, u *User) {
			if v, ok := o.nonBlank("password", uaMaxPassword); ok {
				u.Password = v
			}
			if v, ok := o.nonBlank("name", uaMaxUserName); ok {
				u.Name = v
			}
			uaReadUserFields(st, o, u)
			u.MTime = now
		}, nil)
}

// uaDeleteUsers is DELETE users.json {codes:[...]}: every code must name a
// user; the users leave their organizations, groups and services too.
func uaDeleteUsers(c *call) (any, *apiError) {
	st := c.srv.st
	codes, aerr := uaDeleteCodes(c, func(code string) bool { return st.userByCode(code) != nil }, uaMsgUserNotFound)
	if aerr != nil {
		return nil, aerr
	}
	st.users = uaRemove(st.users, func(u *User) bool { return codes[u.Code] })
	for code := range codes {
		delete(st.userOrgs, code)
		delete(st.userServices, code)
	}
	for g, members := range st.groupMembers {
		st.groupMembers[g] = uaRemove(members, func(m string) bool { return codes[m] })
	}
	return map[string]any{}, nil
}

// uaRenameUsers is PUT users/codes.json: login names change everywhere
// the directory refers to them.
func uaRenameUsers(c *call) (any, *apiError) {
	st := c.srv.st
	changes, aerr := uaReadCodeChanges(c, func(code string) bool { return st.userByCode(code) != nil })
	if aerr != nil {
		return nil, aerr
	}
	now := c.now.UTC().Truncate(time.Second)
	for _, ch := range changes {
		for i, u := range st.users {
			if u.Code == ch.from {
				nu := uaCloneUser(u)
				nu.Code, nu.MTime = ch.to, now
				st.users[i] = nu
			}
		}
		uaRenameKey(st.userOrgs, ch.from, ch.to)
		uaRenameKey(st.userServices, ch.from, ch.to)
		for _, members := range st.groupMembers {
			for i, m := range members {
				if m == ch.from {
					members[i] = ch.to
				}
			}
		}
	}
	return map[string]any{}, nil
}

// uaDeleteCodes reads the codes[] of a directory DELETE (1..100, each
// naming an existing entity) and returns them as a set.
func uaDeleteCodes(c *call, exists func(string) bool, notFound func(string) string) (map[string]bool, *apiError) {
	raw, ok := c.param("codes")
	if !ok || raw == nil {
		return nil, errRequired("codes")
	}
	list, ok := uaStringList(raw)
	switch {
	case !ok:
		return nil, errField("codes", uaMsgInvalid)
	case len(list) == 0:
		return nil, errRequired("codes")
	case len(list) > uaMaxItems:
		return nil, errField("codes", fmt.Sprintf("一度に指定できるのは%d件までです。", uaMaxItems))
	}
	errs := fieldErrs{}
	set := map[string]bool{}
	for i, code := range list {
		if !exists(code) {
			errs.add(fmt.Sprintf("codes[%d]", i), notFound(code))
		}
		set[code] = true
	}
	if aerr := errs.err(); aerr != nil {
		return nil, aerr
	}
	return set, nil
}

func uaMsgUserNotFound(code string) string {
	return fmt.Sprintf("指定したユーザー（code: %s）が見つかりません。", code)
}

// uaCloneUser copies a user deeply enough to change it.
func uaCloneUser(u *User) *User {
	nu := *u
	nu.CustomItems = maps.Clone(u.CustomItems)
	if u.SortOrder != nil {
		n := *u.SortOrder
		nu.SortOrder = &n
	}
	return &nu
}

// uaRemove returns list without the elements drop reports.
func uaRemove[T any](list []T, drop func(T) bool) []T {
	out := list[:0:0]
	for _, v := range list {
		if !drop(v) {
			out = append(out, v)
		}
	}
	return out
}

// uaRenameKey moves m[from] to m[to] when present.
func uaRenameKey[V any](m map[string]V, from, to string) {
	if v, ok := m[from]; ok {
		delete(m, from)
		m[to] = v
	}
}
