package kintonetest

import (
	"fmt"
	"strconv"
)

// maxAssignees is the most users record/assignees.json may set
// (kintone-api.md §3 "assignees (login names, max 100)").
const maxAssignees = 100

type assigneesRequest struct {
	App       flexInt       `json:"app"`
	ID        flexInt       `json:"id"`
	Assignees *[]flexString `json:"assignees"`
	Revision  flexInt       `json:"revision"`
}

// putRecordAssignees replaces a record's assignees; an empty list clears
// them. It needs app management rights (official update-assignees page),
// so a token needs ManageApp. The revision goes up by 1.
func putRecordAssignees(c *call) (any, *apiError) {
	var req assigneesRequest
	if err := c.decode(&req); err != nil {
		return nil, err
	}
	errs := fieldErrs{}
	c.requireSet(errs, map[string]flexInt{"app": req.App, "id": req.ID})
	if req.Assignees == nil {
		errs.add("assignees", c.msgRequiredParam())
	} else if len(*req.Assignees) > maxAssignees {
		errs.add("assignees", c.text(fmt.Sprintf("%d件以下で指定してください。", maxAssignees),
			fmt.Sprintf("A maximum of %d assignees can be specified.", maxAssignees)))
	}
	if err := errs.err(); err != nil {
		return nil, err
	}
	a, err := c.app(req.App.Value, accessManage)
	if err != nil {
		return nil, err
	}
	if !processActive(a) {
		return nil, errProcessDisabled()
	}
	r := c.tx.get(a, req.ID.Value)
	if r == nil {
		return nil, errRecordNotFound(req.ID.Value)
	}
	if err := expectRevision(req.Revision, r); err != nil {
		return nil, err
	}
	list := make([]Entity, 0, len(*req.Assignees))
	seen := map[string]bool{}
	for _, code := range *req.Assignees {
		u := c.srv.st.userByCode(string(code))
		if u == nil || !u.Valid {
			return nil, errUnknownEntity("USER", string(code))
		}
		// A login named twice is kept once (kintone's handling of
		// duplicates is UNCONFIRMED).
		if !seen[u.Code] {
			seen[u.Code] = true
			list = append(list, userRef(u))
		}
	}
	// The official page: naming two or more assignees for a state that
	// takes only one is an error. Its code is UNCONFIRMED; CB_VA01 on
	// "assignees" is used.
	if st := stateByName(a.Process, recordStatus(a, r)); st != nil && st.AssigneeType == assigneeOne && len(list) > 1 {
		return nil, errField("assignees", c.text("このステータスの作業者は1人だけ指定できます。",
			"Only one assignee can be specified for this status."))
	}
	nr := copyRecordValues(r)
	if code := processAssigneeCode(a); code != "" {
		nr.Values[code] = list
	}
	markModified(a, nr, c.who.user, c.now)
	nr.Revision = r.Revision + 1
	c.tx.put(a, nr)
	return statusRevision{Revision: strconv.FormatInt(nr.Revision, 10)}, nil
}
