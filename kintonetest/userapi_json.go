package kintonetest

import (
	"sort"
	"strconv"
	"time"
)

// uaUserJSON is the User type of the User API (kintone-api.md §8). Optional
// strings the user never set are null, as the current data-structure page
// says ("未設定の場合はnullが返ります"); older docs and fixtures show "",
// and clients accept both. The password is never part of it.
type uaUserJSON struct {
	ID                  string             `json:"id"`
	Code                string             `json:"code"`
	CTime               string             `json:"ctime"`
	MTime               string             `json:"mtime"`
	Valid               bool               `json:"valid"`
	Name                string             `json:"name"`
	SurName             *string            `json:"surName"`
	GivenName           *string            `json:"givenName"`
	SurNameReading      *string            `json:"surNameReading"`
	GivenNameReading    *string            `json:"givenNameReading"`
	LocalName           *string            `json:"localName"`
	LocalNameLocale     *string            `json:"localNameLocale"`
	Timezone            string             `json:"timezone"`
	Locale              *string            `json:"locale"`
	Description         *string            `json:"description"`
	Phone               *string            `json:"phone"`
	MobilePhone         *string            `json:"mobilePhone"`
	ExtensionNumber     *string            `json:"extensionNumber"`
	Email               *string            `json:"email"`
	Callto              *string            `json:"callto"`
	URL                 *string            `json:"url"`
	EmployeeNumber      *string            `json:"employeeNumber"`
	BirthDate           *string            `json:"birthDate"`
	JoinDate            *string            `json:"joinDate"`
	PrimaryOrganization *string            `json:"primaryOrganization"`
	SortOrder           *int64             `json:"sortOrder"`
	CustomItemValues    []uaCustomItemJSON `json:"customItemValues"`
}

// uaCustomItemJSON is one custom user attribute.
type uaCustomItemJSON struct {
	Code  string `json:"code"`
	Value string `json:"value"`
}

// uaOrgJSON is the Organization type. Strings are "" when unset (as in
// the documented samples); parentCode is null for a top-level
// organization (the reference's samples only show child organizations, so
// null for the root is UNCONFIRMED; the add-organizations page says a root
// parent is given as null).
type uaOrgJSON struct {
	ID              string  `json:"id"`
	Code            string  `json:"code"`
	Name            string  `json:"name"`
	LocalName       string  `json:"localName"`
	LocalNameLocale string  `json:"localNameLocale"`
	ParentCode      *string `json:"parentCode"`
	Description     string  `json:"description"`
}

// uaGroupJSON is the Group type (the type static/dynamic is not returned).
type uaGroupJSON struct {
	ID          string `json:"id"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// uaTitleJSON is the Title type.
type uaTitleJSON struct {
	ID          string `json:"id"`
	Code        string `json:"code"`
	Name        string `json:"name"`
	Description string `json:"description"`
}

// uaOrgTitleJSON is an OrganizationTitle; title is null without a title.
type uaOrgTitleJSON struct {
	Organization uaOrgJSON    `json:"organization"`
	Title        *uaTitleJSON `json:"title"`
}

// uaUserTitleJSON is a UserTitle; title is null without a title.
type uaUserTitleJSON struct {
	User  uaUserJSON   `json:"user"`
	Title *uaTitleJSON `json:"title"`
}

// uaTime formats ctime/mtime as ISO-8601 UTC with seconds, as in the
// documented samples ("2019-04-01T00:33:58Z").
func uaTime(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05Z") }

// uaNullable is nil for "" and a pointer to s otherwise.
func uaNullable(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func uaID(id int64) string { return strconv.FormatInt(id, 10) }

// uaUserOut renders a user. The caller holds the store lock.
func uaUserOut(st *store, u *User) uaUserJSON {
	out := uaUserJSON{
		ID: uaID(u.ID), Code: u.Code, CTime: uaTime(u.CTime), MTime: uaTime(u.MTime),
		Valid: u.Valid, Name: u.Name,
		SurName: uaNullable(u.SurName), GivenName: uaNullable(u.GivenName),
		SurNameReading: uaNullable(u.SurNameReading), GivenNameReading: uaNullable(u.GivenNameReading),
		LocalName: uaNullable(u.LocalName), LocalNameLocale: uaNullable(u.LocalNameLocale),
		Timezone: u.Timezone, Locale: uaNullable(u.Locale),
		Description: uaNullable(u.Description), Phone: uaNullable(u.Phone),
		MobilePhone: uaNullable(u.MobilePhone), ExtensionNumber: uaNullable(u.ExtensionNumber),
		Email: uaNullable(u.Email), Callto: uaNullable(u.Callto), URL: uaNullable(u.URL),
		EmployeeNumber: uaNullable(u.EmployeeNumber),
		BirthDate:      uaNullable(u.BirthDate), JoinDate: uaNullable(u.JoinDate),
		SortOrder:        u.SortOrder,
		CustomItemValues: []uaCustomItemJSON{},
	}
	if o := uaPrimaryOrg(st, u); o != nil {
		id := uaID(o.ID)
		out.PrimaryOrganization = &id
	}
	codes := make([]string, 0, len(u.CustomItems))
	for k := range u.CustomItems {
		codes = append(codes, k)
	}
	sort.Strings(codes)
	for _, k := range codes {
		out.CustomItemValues = append(out.CustomItemValues, uaCustomItemJSON{Code: k, Value: u.CustomItems[k]})
	}
	return out
}

// uaPrimaryOrg is the user's primary organization: User.PrimaryOrg when it
// names an existing organization, otherwise the first organization the
// user belongs to (cybozu.com makes the first department of a membership
// list the primary one), otherwise nil.
func uaPrimaryOrg(st *store, u *User) *Organization {
	if u.PrimaryOrg != "" {
		if o := st.orgByCode(u.PrimaryOrg); o != nil {
			return o
		}
	}
	for _, m := range st.userOrgs[u.Code] {
		if o := st.orgByCode(m.Org); o != nil {
			return o
		}
	}
	return nil
}

func uaOrgOut(o *Organization) uaOrgJSON {
	return uaOrgJSON{
		ID: uaID(o.ID), Code: o.Code, Name: o.Name, LocalName: o.LocalName,
		LocalNameLocale: o.LocalNameLocale, ParentCode: uaNullable(o.ParentCode),
		Description: o.Description,
	}
}

func uaGroupOut(g *Group) uaGroupJSON {
	return uaGroupJSON{ID: uaID(g.ID), Code: g.Code, Name: g.Name, Description: g.Description}
}

// uaTitleOut renders the title with the code, or nil for "" or an unknown
// code.
func uaTitleOut(st *store, code string) *uaTitleJSON {
	if code == "" {
		return nil
	}
	t := st.titleByCode(code)
	if t == nil {
		return nil
	}
	return &uaTitleJSON{ID: uaID(t.ID), Code: t.Code, Name: t.Name, Description: t.Description}
}
