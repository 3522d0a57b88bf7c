package kintonetest

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// maxStatusRecords is the most records one records/status.json call may
// move (kintone-api.md §3 "statuses ... max 100", §7 limits).
const maxStatusRecords = 100

// Assignee types of a process state (kintone-api.md §5 app/status.json).
const (
	assigneeOne = "ONE"
	assigneeAll = "ALL"
	assigneeAny = "ANY"
)

// registerProcessRoutes installs the process management, comment and file
// endpoints.
func (s *Server) registerProcessRoutes() {
	// Status changes need only record view rights, per the official
	// update-status page's "required access"; assignee changes need app
	// management rights (update-assignees page).
	s.handle(kintoneAPI, http.MethodPut, "record/status.json",
		route{h: putRecordStatus, write: true, tokenOK: true, bulkOK: true})
	s.handle(kintoneAPI, http.MethodPut, "records/status.json",
		route{h: putRecordsStatus, write: true, tokenOK: true, bulkOK: true})
	s.handle(kintoneAPI, http.MethodPut, "record/assignees.json",
		route{h: putRecordAssignees, write: true, tokenOK: true, bulkOK: true})

	s.handle(kintoneAPI, http.MethodGet, "record/comments.json",
		route{h: getRecordComments, tokenOK: true})
	s.handle(kintoneAPI, http.MethodPost, "record/comment.json",
		route{h: postRecordComment, write: true, tokenOK: true})
	s.handle(kintoneAPI, http.MethodDelete, "record/comment.json",
		route{h: deleteRecordComment, write: true, tokenOK: true})

	// Uploads run as write routes because they add to the store; the
	// download only reads it.
	s.handle(kintoneAPI, http.MethodPost, "file.json",
		route{h: postFile, write: true, tokenOK: true})
	s.handle(kintoneAPI, http.MethodGet, "file.json",
		route{h: getFile, tokenOK: true})
	// The User API's POST /v1/file.json (CSV import) is registered by the
	// User API family (userapi_csvimport.go).
}

// statusChange is one record's status change, as sent to record/status.json
// and as an element of records/status.json.
type statusChange struct {
	ID       flexInt    `json:"id"`
	Action   flexString `json:"action"`
	Assignee flexString `json:"assignee"`
	Revision flexInt    `json:"revision"`
}

type statusRequest struct {
	App flexInt `json:"app"`
	statusChange
}

type statusesRequest struct {
	App     flexInt         `json:"app"`
	Records *[]statusChange `json:"records"`
}

// statusRevision is {"revision":"n"}.
type statusRevision struct {
	Revision string `json:"revision"`
}

type statusRecordRevision struct {
	ID       string `json:"id"`
	Revision string `json:"revision"`
}

func putRecordStatus(c *call) (any, *apiError) {
	var req statusRequest
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	errs := fieldErrs{}
	c.requireSet(errs, map[string]flexInt{"app": req.App})
	req.statusChange.missing(c, "", errs)
	if err := errs.err(); err != nil {
		return nil, err
	}
	a, err := c.app(req.App.Value, accessView)
	if err != nil {
		return nil, err
	}
	rev, err := c.changeStatus(a, req.statusChange)
	if err != nil {
		return nil, err
	}
	return statusRevision{Revision: strconv.FormatInt(rev, 10)}, nil
}

// putRecordsStatus moves up to 100 records; one failure rolls back all of
// them because the call's tx is committed only on success.
func putRecordsStatus(c *call) (any, *apiError) {
	var req statusesRequest
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	errs := fieldErrs{}
	c.requireSet(errs, map[string]flexInt{"app": req.App})
	if req.Records == nil {
		errs.add("records", c.msgRequiredParam())
	} else {
		if len(*req.Records) > maxStatusRecords {
			errs.add("records", c.text(fmt.Sprintf("一度に%d件までのレコードを更新できます。", maxStatusRecords),
				fmt.Sprintf("A maximum of %d records can be updated at one time.", maxStatusRecords)))
		}
		for i, ch := range *req.Records {
			ch.missing(c, fmt.Sprintf("records[%d].", i), errs)
		}
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	a, err := c.app(req.App.Value, accessView)
	if err != nil {
		return nil, err
	}
	out := make([]statusRecordRevision, 0, len(*req.Records))
	for _, ch := range *req.Records {
		rev, err := c.changeStatus(a, ch)
		if err != nil {
			return nil, err
		}
		out = append(out, statusRecordRevision{ID: strconv.FormatInt(ch.ID.Value, 10), Revision: strconv.FormatInt(rev, 10)})
	}
	return map[string][]statusRecordRevision{"records": out}, nil
}

// missing adds the required-parameter errors of ch to errs, keys prefixed.
func (ch statusChange) missing(c *call, prefix string, errs fieldErrs) {
	c.requireSet(errs, map[string]flexInt{prefix + "id": ch.ID})
	if ch.Action == "" {
		errs.add(prefix+"action", c.msgRequiredParam())
	}
}

// changeStatus runs ch.Action on the record and returns its new revision.
// The record must exist (404 GAIA_RE01), match the expected revision
// (409 GAIA_CO02), and the action must start from its current status
// (GAIA_IL03). When the record has assignees only they may act (GAIA_NT01);
// token calls act as "Administrator", as the official page says.
func (c *call) changeStatus(a *app, ch statusChange) (int64, *apiError) {
	if !processActive(a) {
		return 0, errProcessDisabled()
	}
	r := c.tx.get(a, ch.ID.Value)
	if r == nil {
		return 0, errRecordNotFound(ch.ID.Value)
	}
	if err := expectRevision(ch.Revision, r); err != nil {
		return 0, err
	}
	pm := a.Process
	current := recordStatus(a, r)
	act, err := findAction(pm, current, string(ch.Action))
	if err != nil {
		return 0, err
	}
	if !c.actionMatches(a, act, r) {
		return 0, errActionUnavailable()
	}
	if as := recordAssignees(a, r); len(as) > 0 && !containsEntity(as, c.who.login()) {
		return 0, newError(http.StatusForbidden, "GAIA_NT01",
			"作業者のみステータスを変更できます。", "Only Assignee can change the status.")
	}
	next := stateByName(pm, act.To)
	if next == nil {
		// The action leads to a state that no longer exists: kintone
		// reports settings changed under the caller.
		return 0, errActionUnavailable()
	}
	assignees, err := c.nextAssignees(a, r, next, string(ch.Assignee))
	if err != nil {
		return 0, err
	}
	nr := copyRecordValues(r)
	nr.Values[processStatusCode(a)] = next.Name
	if code := processAssigneeCode(a); code != "" {
		nr.Values[code] = assignees
	}
	markModified(a, nr, c.who.user, c.now)
	// The action and the status update are recorded as two operations,
	// so the revision goes up by 2 (kintone-api.md §3).
	nr.Revision = r.Revision + 2
	c.tx.put(a, nr)
	return nr.Revision, nil
}

// findAction returns the action named name that starts from status. None
// is GAIA_IL03; several with that name are an error too (the official page
// says so; kintone's code for it is UNCONFIRMED, GAIA_IL03 is used).
func findAction(pm *ProcessManagement, status, name string) (*Action, *apiError) {
	var found *Action
	for i := range pm.Actions {
		act := &pm.Actions[i]
		if act.Name != name || act.From != status {
			continue
		}
		if found != nil {
			return nil, errActionUnavailable()
		}
		found = act
	}
	if found == nil {
		return nil, errActionUnavailable()
	}
	return found, nil
}

// actionMatches reports whether the record meets the action's filterCond:
// kintone offers an action only on records matching its condition, so
// running it on another record is GAIA_IL03 like any unavailable action.
// A condition that does not compile never matches.
func (c *call) actionMatches(a *app, act *Action, r *record) bool {
	if strings.TrimSpace(act.FilterCond) == "" {
		return true
	}
	q, err := parseQuery(act.FilterCond)
	if err != nil {
		return false
	}
	if q.Where == nil {
		return true
	}
	pred, ignored, err := newEvalCtx(c, a).compile(q.Where)
	if err != nil {
		return false
	}
	return ignored || pred(r)
}

// nextAssignees picks the assignees of a record entering state next.
//   - ONE with several candidates: the caller must name one of them
//     (missing: GAIA_SA01; unknown user: GAIA_IL26; a user who is not a
//     candidate: CB_VA01 on "assignee", code UNCONFIRMED).
//   - ONE with a single candidate: that user (naming them is allowed).
//   - ALL and ANY: every candidate. Simplified: kintone waits for every
//     assignee of an ALL state to act before moving on; here the first
//     action moves the record.
//   - Otherwise (no candidates, or ALL/ANY) naming an assignee is
//     GAIA_SA04.
//
// Statuses: 400 for all of these (UNCONFIRMED in the reference).
func (c *call) nextAssignees(a *app, r *record, next *State, assignee string) ([]Entity, *apiError) {
	st := c.srv.st
	cands := st.candidates(a, r, next)
	if next.AssigneeType == assigneeOne && len(cands) > 0 {
		if assignee == "" {
			if len(cands) == 1 {
				return cands, nil
			}
			return nil, newError(http.StatusBadRequest, "GAIA_SA01", "作業者を指定してください。", "Assignee is required.")
		}
		if st.userByCode(assignee) == nil {
			return nil, errUnknownEntity("USER", assignee)
		}
		for _, e := range cands {
			if e.Code == assignee {
				return []Entity{e}, nil
			}
		}
		return nil, errField("assignee", c.text("指定したユーザーは作業者の候補ではありません。",
			"The specified user is not a candidate assignee of the next status."))
	}
	if assignee != "" {
		return nil, newError(http.StatusBadRequest, "GAIA_SA04",
			"ステータスの更新に失敗しました。このアクションでは作業者を指定できません。",
			"Failed to update status. Assignee cannot be specified by the action.")
	}
	if cands == nil {
		cands = []Entity{}
	}
	return cands, nil
}

// candidates resolves a state's assignee entities to users, in order and
// without duplicates: USER, GROUP (its members), ORGANIZATION (its direct
// members; includeSubs is not modelled), FIELD_ENTITY (the users of a user
// field, or the members of the organizations/groups of a selection field)
// and CREATOR (the record's creator). Unknown or disabled users are
// skipped.
func (st *store) candidates(a *app, r *record, s *State) []Entity {
	var out []Entity
	seen := map[string]bool{}
	add := func(login string) {
		u := st.userByCode(login)
		if u == nil || !u.Valid || seen[login] {
			return
		}
		seen[login] = true
		out = append(out, userRef(u))
	}
	for _, e := range s.Assignees {
		switch e.Type {
		case "USER":
			add(e.Code)
		case "GROUP":
			for _, m := range st.groupMembers[e.Code] {
				add(m)
			}
		case "ORGANIZATION":
			for _, m := range st.orgMembers(e.Code) {
				add(m)
			}
		case "CREATOR":
			if f := a.fieldOfType(TypeCreator); f != nil {
				if ent, ok := r.Values[f.Code].(Entity); ok {
					add(ent.Code)
				}
			}
		case "FIELD_ENTITY":
			f, _ := a.field(e.Code)
			if f == nil {
				continue
			}
			for _, ent := range entityList(r.Values[f.Code]) {
				switch f.Type {
				case TypeOrganizationSelect:
					for _, m := range st.orgMembers(ent.Code) {
						add(m)
					}
				case TypeGroupSelect:
					for _, m := range st.groupMembers[ent.Code] {
						add(m)
					}
				default:
					add(ent.Code)
				}
			}
		}
	}
	return out
}

// orgMembers returns the login names of an organization's direct members,
// in user id order.
func (st *store) orgMembers(org string) []string {
	var out []string
	for _, u := range st.users {
		for _, m := range st.userOrgs[u.Code] {
			if m.Org == org {
				out = append(out, u.Code)
				break
			}
		}
	}
	return out
}

// entityList reads an Entity or []Entity record value.
func entityList(v any) []Entity {
	switch x := v.(type) {
	case Entity:
		return []Entity{x}
	case []Entity:
		return x
	}
	return nil
}

// startProcess puts a new record into the first state of the app's
// process: the status field gets the state's name and the assignee field
// its candidates (all of them for ALL/ANY; for ONE the single candidate,
// or none when there are several — kintone's choice here is UNCONFIRMED).
// Records POST calls it when process management is enabled. The caller
// holds the store's write lock.
func (st *store) startProcess(a *app, r *record) {
	if !processActive(a) || len(a.Process.States) == 0 {
		return
	}
	first := &a.Process.States[0]
	r.Values[processStatusCode(a)] = first.Name
	code := processAssigneeCode(a)
	if code == "" {
		return
	}
	cands := st.candidates(a, r, first)
	if first.AssigneeType == assigneeOne && len(cands) > 1 {
		cands = nil
	}
	if cands == nil {
		cands = []Entity{}
	}
	r.Values[code] = cands
}

// processActive reports whether the app's process management is on.
func processActive(a *app) bool { return a.Process != nil && a.Process.Enable }

// errProcessDisabled is GAIA_ST02; its status is UNCONFIRMED, 400 is used.
func errProcessDisabled() *apiError {
	return newError(http.StatusBadRequest, "GAIA_ST02",
		"プロセス管理機能が無効化されているため、リクエストに失敗しました。",
		"Your request failed. The process management feature has been disabled.")
}

// errActionUnavailable is 400 GAIA_IL03: the action does not start from
// the record's current status.
func errActionUnavailable() *apiError {
	return newError(http.StatusBadRequest, "GAIA_IL03",
		"ステータスの変更に失敗しました。ほかのユーザーがステータス、またはステータスの設定を変更した可能性があります。",
		"Failed to update the status. The settings or the status itself may have been changed by someone.")
}

// stateByName returns the state called name, or nil.
func stateByName(pm *ProcessManagement, name string) *State {
	for i := range pm.States {
		if pm.States[i].Name == name {
			return &pm.States[i]
		}
	}
	return nil
}

// processStatusCode is the code of the app's STATUS field ("ステータス" by
// default).
func processStatusCode(a *app) string {
	if f := a.fieldOfType(TypeStatus); f != nil {
		return f.Code
	}
	for _, f := range systemFields {
		if f.Type == TypeStatus {
			return f.Code
		}
	}
	return ""
}

// processAssigneeCode is the code of the app's STATUS_ASSIGNEE field, or "".
func processAssigneeCode(a *app) string {
	if f := a.fieldOfType(TypeStatusAssignee); f != nil {
		return f.Code
	}
	return ""
}

// recordStatus is the record's current status; a record without one (added
// before process management was enabled) is in the first state.
func recordStatus(a *app, r *record) string {
	if s, ok := r.Values[processStatusCode(a)].(string); ok && s != "" {
		return s
	}
	if len(a.Process.States) > 0 {
		return a.Process.States[0].Name
	}
	return ""
}

// recordAssignees is the record's current assignees.
func recordAssignees(a *app, r *record) []Entity {
	code := processAssigneeCode(a)
	if code == "" {
		return nil
	}
	return entityList(r.Values[code])
}

func containsEntity(es []Entity, code string) bool {
	for _, e := range es {
		if e.Code == code {
			return true
		}
	}
	return false
}

// userRef is the {code,name} value of a user in a record.
func userRef(u *User) Entity { return Entity{Code: u.Code, Name: u.Name} }

// expectRevision compares an expected revision with the record's; -1 or no
// revision skips the check (kintone-api.md §3), a mismatch is 409 GAIA_CO02.
func expectRevision(want flexInt, r *record) *apiError {
	if want.Set && want.Value != -1 && want.Value != r.Revision {
		return errConflict()
	}
	return nil
}

// copyRecordValues returns a copy of r whose Values map can be changed without
// touching r. Values themselves are replaced, never modified in place.
func copyRecordValues(r *record) *record {
	nr := &record{ID: r.ID, Revision: r.Revision, Values: make(map[string]any, len(r.Values))}
	for k, v := range r.Values {
		nr.Values[k] = v
	}
	return nr
}

// markModified sets the record's MODIFIER to u and UPDATED_TIME to now,
// which kintone keeps to the minute (kintone-api.md §4).
func markModified(a *app, r *record, u *User, now time.Time) {
	for _, f := range a.Fields {
		switch f.Type {
		case TypeModifier:
			r.Values[f.Code] = userRef(u)
		case TypeUpdatedTime:
			r.Values[f.Code] = now.UTC().Truncate(time.Minute).Format(time.RFC3339)
		}
	}
}
