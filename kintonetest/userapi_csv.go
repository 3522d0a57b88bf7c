package kintonetest

import (
	"encoding/csv"
	"net/http"
	"slices"
	"strconv"
)

// CSV exports of the User API: GET /v1/csv/{kind}.csv (kintone-api.md §8).
//
// The reference does not give the column layouts; these follow the
// cybozu.com file formats of the help pages ("File Format for Job Titles",
// "... for Departments", ...), which are the same files the CSV import
// reads back. Common rules (cybozu.dev "CSVフォーマット"): UTF-8, comma
// separated, no header row; "*" means "leave unchanged". The emulator
// quotes fields only where needed and ends lines with CRLF (RFC 4180; the
// exact quoting and line ending of real exports are UNCONFIRMED).
//
// Layouts, one row per entity (columns in order):
//
//	title.csv              code, name, newCode (= code), description, delete ("")
//	organization.csv       code, name, newCode (= code), localName, localNameLocale, parentCode, description
//	                       (parents before their children)
//	group.csv              code, name, newCode (= code), type (static|dynamic), description, delete ("")
//	user.csv               code, name, newCode (= code), password ("*"), surName, givenName,
//	                       surNameReading, givenNameReading, localName, localNameLocale, email,
//	                       status ("1" valid / "0" stopped), locale, timezone, phone,
//	                       extensionNumber, mobilePhone, url, employeeNumber, joinDate,
//	                       birthDate, description, sortOrder, callto, delete ("")
//	                       (the Administrator user is not exported, as documented; custom
//	                       item columns are not emitted)
//	userOrganizations.csv login, orgCode1, titleCode1, orgCode2, titleCode2, ...
//	                       (primary organization first; a user without any has one
//	                       empty orgCode/titleCode pair)
//	userGroups.csv         login, groupCode1, groupCode2, ... (static groups only; a user
//	                       without any has one empty groupCode)
//
// Titles have no JSON API, so title.csv is the only way to read them: a
// client reads code from column 0, name from column 1 and description from
// column 3 (uaTitleCSVColumns).
var uaCSVExports = map[string]handlerFunc{
	"title":             uaExportTitles,
	"organization":      uaExportOrgs,
	"group":             uaExportGroups,
	"user":              uaExportUsers,
	"userOrganizations": uaExportUserOrgs,
	"userGroups":        uaExportUserGroups,
}

// uaTitleCSVColumns is the number of columns of a title.csv row:
// code, name, newCode, description, delete.
const uaTitleCSVColumns = 5

// uaCSVUnchanged is the "leave unchanged" marker of the CSV formats.
const uaCSVUnchanged = "*"

// uaWriteCSV sends rows as a CSV response; it returns (nil, nil) so the
// router writes nothing more.
func uaWriteCSV(c *call, rows [][]string) (any, *apiError) {
	c.w.Header().Set("Content-Type", "text/csv; charset=UTF-8")
	c.w.WriteHeader(http.StatusOK)
	cw := csv.NewWriter(c.w)
	cw.UseCRLF = true
	_ = cw.WriteAll(rows) // a write error means the client went away
	return nil, nil
}

func uaExportTitles(c *call) (any, *apiError) {
	rows := [][]string{}
	for _, t := range c.srv.st.titles {
		rows = append(rows, []string{t.Code, t.Name, t.Code, t.Description, ""})
	}
	return uaWriteCSV(c, rows)
}

func uaExportOrgs(c *call) (any, *apiError) {
	rows := [][]string{}
	for _, o := range uaOrgsParentsFirst(c.srv.st.orgs) {
		rows = append(rows, []string{o.Code, o.Name, o.Code, o.LocalName, o.LocalNameLocale, o.ParentCode, o.Description})
	}
	return uaWriteCSV(c, rows)
}

// uaOrgsParentsFirst orders organizations by id, but each after its
// parent, as the import format requires.
func uaOrgsParentsFirst(orgs []*Organization) []*Organization {
	done := map[string]bool{}
	out := make([]*Organization, 0, len(orgs))
	for len(out) < len(orgs) {
		progressed := false
		for _, o := range orgs {
			if !done[o.Code] && (o.ParentCode == "" || done[o.ParentCode] || !slices.ContainsFunc(orgs, func(p *Organization) bool { return p.Code == o.ParentCode })) {
				done[o.Code] = true
				out = append(out, o)
				progressed = true
			}
		}
		if !progressed { // a cycle cannot be built through the API; emit the rest as is
			for _, o := range orgs {
				if !done[o.Code] {
					done[o.Code] = true
					out = append(out, o)
				}
			}
		}
	}
	return out
}

func uaExportGroups(c *call) (any, *apiError) {
	rows := [][]string{}
	for _, g := range c.srv.st.groups {
		rows = append(rows, []string{g.Code, g.Name, g.Code, g.Type, g.Description, ""})
	}
	return uaWriteCSV(c, rows)
}

func uaExportUsers(c *call) (any, *apiError) {
	rows := [][]string{}
	for _, u := range c.srv.st.users {
		if u.Code == DefaultUser {
			continue
		}
		status := "0"
		if u.Valid {
			status = "1"
		}
		sortOrder := ""
		if u.SortOrder != nil {
			sortOrder = strconv.FormatInt(*u.SortOrder, 10)
		}
		rows = append(rows, []string{
			u.Code, u.Name, u.Code, uaCSVUnchanged, u.SurName, u.GivenName,
			u.SurNameReading, u.GivenNameReading, u.LocalName, u.LocalNameLocale, u.Email,
			status, u.Locale, u.Timezone, u.Phone, u.ExtensionNumber, u.MobilePhone, u.URL,
			u.EmployeeNumber, u.JoinDate, u.BirthDate, u.Description, sortOrder, u.Callto, "",
		})
	}
	return uaWriteCSV(c, rows)
}

func uaExportUserOrgs(c *call) (any, *apiError) {
	st := c.srv.st
	rows := [][]string{}
	for _, u := range st.users {
		ms := slices.Clone(st.userOrgs[u.Code])
		if p := uaPrimaryOrg(st, u); p != nil {
			// The first pair is the primary organization.
			if i := slices.IndexFunc(ms, func(m orgTitle) bool { return m.Org == p.Code }); i > 0 {
				m := ms[i]
				ms = append(ms[:i], ms[i+1:]...)
				ms = append([]orgTitle{m}, ms...)
			}
		}
		row := []string{u.Code}
		for _, m := range ms {
			row = append(row, m.Org, m.Title)
		}
		if len(ms) == 0 {
			row = append(row, "", "")
		}
		rows = append(rows, row)
	}
	return uaWriteCSV(c, rows)
}

func uaExportUserGroups(c *call) (any, *apiError) {
	st := c.srv.st
	rows := [][]string{}
	for _, u := range st.users {
		row := []string{u.Code}
		for _, g := range st.groups {
			if g.Type != "dynamic" && slices.Contains(st.groupMembers[g.Code], u.Code) {
				row = append(row, g.Code)
			}
		}
		if len(row) == 1 {
			row = append(row, "")
		}
		rows = append(rows, row)
	}
	return uaWriteCSV(c, rows)
}
