package kintonetest

import "net/http"

// User API limits. Each cites the reference fact it follows.
const (
	// uaMaxItems bounds every User API read and write: "The User API reads
	// and writes at most 100 items per call" (kintone-api.md §7 limits; §8
	// gives size 1–100, default 100, and max 100 users, organizations,
	// groups or codes per POST/PUT/DELETE).
	uaMaxItems = 100
	// uaMaxMemberships bounds the organizations of one user in
	// userOrganizations.json ("≤100 orgs each", kintone-api.md §8).
	uaMaxMemberships = 100
	// uaMaxGroupMembers bounds the list of PUT group/users.json and PUT
	// user/groups.json: "最大1,000件まで指定できます" (cybozu.dev, update
	// group users / update users groups; not in the reference).
	uaMaxGroupMembers = 1000
)

// registerUserAPIRoutes installs the cybozu.com User API (/v1/...). Every
// route needs password auth (the router answers 401 CB_AU01 to a request
// carrying only app API tokens); reads are open to every user and writes
// need cybozu.com administrator rights (403 CB_NO02 otherwise).
//
// Titles have no JSON API (kintone-api.md §8), so /v1/titles.json is left
// unregistered and answers 404 like any unknown path; they are served as
// CSV only (see userapi_csv.go).
func (s *Server) registerUserAPIRoutes() {
	read := func(h handlerFunc) route { return route{h: h} }
	write := func(h handlerFunc) route { return route{h: uaAdminOnly(h), write: true} }
	get, post, put, del := http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete

	s.handle(userAPI, get, "users.json", read(uaGetUsers))
	s.handle(userAPI, post, "users.json", write(uaAddUsers))
	s.handle(userAPI, put, "users.json", write(uaUpdateUsers))
	s.handle(userAPI, del, "users.json", write(uaDeleteUsers))
	s.handle(userAPI, put, "users/codes.json", write(uaRenameUsers))

	s.handle(userAPI, get, "organizations.json", read(uaGetOrgs))
	s.handle(userAPI, post, "organizations.json", write(uaAddOrgs))
	s.handle(userAPI, put, "organizations.json", write(uaUpdateOrgs))
	s.handle(userAPI, del, "organizations.json", write(uaDeleteOrgs))
	s.handle(userAPI, put, "organizations/codes.json", write(uaRenameOrgs))

	s.handle(userAPI, get, "groups.json", read(uaGetGroups))
	s.handle(userAPI, post, "groups.json", write(uaAddGroups))
	s.handle(userAPI, put, "groups.json", write(uaUpdateGroups))
	s.handle(userAPI, del, "groups.json", write(uaDeleteGroups))
	s.handle(userAPI, put, "groups/codes.json", write(uaRenameGroups))

	s.handle(userAPI, get, "user/organizations.json", read(uaGetUserOrgs))
	s.handle(userAPI, put, "userOrganizations.json", write(uaSetUserOrgs))
	s.handle(userAPI, get, "user/groups.json", read(uaGetUserGroups))
	s.handle(userAPI, put, "user/groups.json", write(uaSetUserGroups))
	s.handle(userAPI, get, "organization/users.json", read(uaGetOrgUsers))
	s.handle(userAPI, get, "group/users.json", read(uaGetGroupUsers))
	s.handle(userAPI, put, "group/users.json", write(uaSetGroupUsers))
	s.handle(userAPI, get, "users/services.json", read(uaGetServices))
	s.handle(userAPI, put, "users/services.json", write(uaSetServices))

	// CSV exports need administrator rights, as the cybozu.dev export pages
	// state ("必要なアクセス権: cybozu.com共通管理者").
	for kind, h := range uaCSVExports {
		s.handle(userAPI, get, "csv/"+kind+".csv", read(uaAdminOnly(h)))
	}
	s.handle(userAPI, post, "file.json", write(uaUploadFile))
	s.handle(userAPI, post, "csv/title.json", write(uaImportTitles))
	s.handle(userAPI, get, "csv/result.json", read(uaAdminOnly(uaImportResult)))
}

// uaAdminOnly wraps h so that only cybozu.com administrators may call it.
func uaAdminOnly(h handlerFunc) handlerFunc {
	return func(c *call) (any, *apiError) {
		if !c.who.isAdmin() {
			return nil, errNoPrivilege()
		}
		return h(c)
	}
}
