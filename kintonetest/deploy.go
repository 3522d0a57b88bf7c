package kintonetest

import (
	"fmt"
	"strconv"
	"time"
)

// maxDeployApps is the most apps one deploy or deploy-status call may name
// ("The Maximum limit is 300", kintone.dev Deploy App Settings; 301 gives
// GAIA_TO03 in the SDK fixtures).
const maxDeployApps = 300

// Deploy statuses (kintone-api.md §1).
const (
	deployProcessing = "PROCESSING"
	deploySuccess    = "SUCCESS"
)

// msgDuplicateApp is the message for an app named twice in one deploy
// call ("App ID is duplicated." in the SDK fixtures).
const msgDuplicateApp = "アプリIDが重複しています。"

// postDeploy is POST preview/app/deploy.json {apps: [{app, revision?}],
// revert?}: it deploys (or, with revert, discards) the pre-live settings of
// every named app, all or none, and answers {}.
//
// kintone deploys asynchronously. Here the change is applied at once, so
// a client that reads the live settings without polling still sees them,
// while the first GET of the deploy status afterwards answers PROCESSING
// and the next ones SUCCESS, so that polling clients loop at least once.
// Settings writes made while a deploy is "processing" are not refused.
func postDeploy(c *call) (any, *apiError) {
	raw := appList(c, "apps")
	if len(raw) == 0 {
		return nil, errRequired("apps")
	}
	if len(raw) > maxDeployApps {
		return nil, errTooManyParams("apps", maxDeployApps)
	}
	revert := false
	if v, ok := c.param("revert"); ok && v != nil {
		b, ok := propBool(v)
		if !ok {
			return nil, errField("revert", msgNotBool)
		}
		revert = b
	}
	seen := map[int64]bool{}
	apps := make([]*app, 0, len(raw))
	for i, item := range raw {
		prefix := fmt.Sprintf("apps[%d]", i)
		m, ok := item.(map[string]any)
		if !ok {
			return nil, errField(prefix, msgNotObject)
		}
		id, set, err := appInt(m["app"], prefix+".app")
		if err != nil {
			return nil, err
		}
		if !set {
			return nil, errRequired(prefix + ".app")
		}
		if id < 1 {
			return nil, errField(prefix+".app", msgMinOne)
		}
		if seen[id] {
			return nil, errField(prefix+".app", msgDuplicateApp)
		}
		seen[id] = true
		a, err := c.app(id, accessManage)
		if err != nil {
			return nil, err
		}
		if err := checkRevision(prefix+".revision", m["revision"], a.PreviewRevision); err != nil {
			return nil, err
		}
		apps = append(apps, a)
	}
	if !revert {
		for _, a := range apps {
			if err := checkDeploy(c.srv.st, a); err != nil {
				return nil, err
			}
		}
	}
	for _, a := range apps {
		if revert {
			revertApp(c, a)
		} else {
			deployApp(c, a)
		}
	}
	return map[string]any{}, nil
}

// revertApp discards the pre-live settings: they become the live ones
// again, with the live revision (what kintone numbers them is UNCONFIRMED).
func revertApp(c *call, a *app) {
	c.tx.onCommit(func() {
		a.Preview = cloneFields(a.Fields)
		a.draft = nil
		a.PreviewRevision = a.Revision
		a.DeployStatus = deployProcessing
	})
}

// deployApp makes the pre-live settings live. Records keep their values:
// a renamed field keeps its data under the new code, a deleted field's
// values are dropped, and a new field has no value (it reads as empty).
func deployApp(c *call, a *app) {
	next := cloneFields(a.Preview)
	d := a.draft
	proc := a.Process
	if d != nil {
		proc = d.Process
	}
	var origins map[string]string
	if d != nil {
		origins = d.origins
	}
	migrateRecords(c, a, next, origins, proc)
	now := c.now.UTC().Truncate(time.Second)
	login := c.who.login()
	c.tx.onCommit(func() {
		a.Fields = next
		if d != nil {
			a.Name, a.Description, a.Theme, a.Icon = d.Name, d.Description, d.Theme, d.Icon
			a.CommentsDisabled = d.CommentsDisabled
			a.Views = d.Views
			a.Process = d.Process
		}
		a.draft = nil
		a.Revision = a.PreviewRevision
		a.ModifiedAt = now
		a.Modifier = login
		a.DeployStatus = deployProcessing
	})
}

// fieldMove says where a deployed field's values come from.
type fieldMove struct {
	to, from string // codes in the new and the old form; from "" = none
	inner    []fieldMove
}

// planMoves matches each field of next with the live field whose values it
// takes: its origin code (or its own code) naming a live field of the same
// type, in the same subtable for inner fields.
func planMoves(old, next []*Field, origins map[string]string) []fieldMove {
	origin := func(code string) string {
		if o, ok := origins[code]; ok {
			return o
		}
		return code
	}
	moves := make([]fieldMove, 0, len(next))
	for _, nf := range next {
		mv := fieldMove{to: nf.Code}
		i := indexOfCode(old, origin(nf.Code))
		if i >= 0 && old[i].Type == nf.Type {
			mv.from = old[i].Code
			for _, in := range nf.Fields {
				im := fieldMove{to: in.Code}
				if j := indexOfCode(old[i].Fields, origin(in.Code)); j >= 0 && old[i].Fields[j].Type == in.Type {
					im.from = old[i].Fields[j].Code
				}
				mv.inner = append(mv.inner, im)
			}
		}
		moves = append(moves, mv)
	}
	return moves
}

// identityMoves reports whether the moves keep every old field's values
// under the same code.
func identityMoves(old []*Field, moves []fieldMove) bool {
	kept := 0
	for _, mv := range moves {
		if mv.from != mv.to && mv.from != "" {
			return false
		}
		if mv.from == "" {
			continue
		}
		kept++
		oi := indexOfCode(old, mv.from)
		if len(mv.inner) != len(old[oi].Fields) {
			return false
		}
		for _, im := range mv.inner {
			if im.from != im.to {
				return false
			}
		}
	}
	return kept == len(old)
}

// migrateRecords rewrites the app's records (through the tx) for a deploy
// from a.Fields to next: values move with renamed fields and are dropped
// with deleted ones. When process management is on, a record whose status
// is not one of the states is put in the first state with no assignee, as
// kintone does for existing records when the process is turned on.
func migrateRecords(c *call, a *app, next []*Field, origins map[string]string, proc *ProcessManagement) {
	moves := planMoves(a.Fields, next, origins)
	reshape := !identityMoves(a.Fields, moves)
	var statusCode, assigneeCode, first string
	states := map[string]bool{}
	if proc != nil && proc.Enable && len(proc.States) > 0 {
		for _, f := range next {
			switch f.Type {
			case TypeStatus:
				statusCode = f.Code
			case TypeStatusAssignee:
				assigneeCode = f.Code
			}
		}
		first = proc.States[0].Name
		for _, s := range proc.States {
			states[s.Name] = true
		}
	}
	if !reshape && statusCode == "" {
		return
	}
	oldCodes := formCodes(a.Fields)
	var recs []*record
	c.tx.each(a, func(r *record) bool { recs = append(recs, r); return true })
	for _, r := range recs {
		vals := r.Values
		changed := false
		if reshape {
			vals = moveValues(r.Values, moves, oldCodes)
			changed = true
		}
		if statusCode != "" {
			if cur, _ := vals[statusCode].(string); !states[cur] {
				if !changed {
					vals = copyValues(vals)
					changed = true
				}
				vals[statusCode] = first
				if assigneeCode != "" {
					vals[assigneeCode] = []Entity{}
				}
			}
		}
		if changed {
			c.tx.put(a, &record{ID: r.ID, Revision: r.Revision, Values: vals})
		}
	}
}

// copyValues copies a value map (values themselves are shared, as stored
// values are never changed in place).
func copyValues(v map[string]any) map[string]any {
	out := make(map[string]any, len(v))
	for k, x := range v {
		out[k] = x
	}
	return out
}

// moveValues builds a record's values for the new form. Keys that are not
// field codes of the old form are kept as they are.
func moveValues(old map[string]any, moves []fieldMove, oldCodes map[string]bool) map[string]any {
	out := make(map[string]any, len(old))
	for k, v := range old {
		if !oldCodes[k] {
			out[k] = v
		}
	}
	for _, mv := range moves {
		if mv.from == "" {
			continue
		}
		v, ok := old[mv.from]
		if !ok {
			continue
		}
		if rows, isRows := v.([]*row); isRows {
			v = moveRows(rows, mv.inner)
		}
		out[mv.to] = v
	}
	return out
}

// moveRows rebuilds subtable rows for the new inner fields.
func moveRows(rows []*row, inner []fieldMove) []*row {
	out := make([]*row, len(rows))
	for i, r := range rows {
		vals := make(map[string]any, len(inner))
		for _, im := range inner {
			if im.from == "" {
				continue
			}
			if v, ok := r.Values[im.from]; ok {
				vals[im.to] = v
			}
		}
		out[i] = &row{ID: r.ID, Values: vals}
	}
	return out
}

// getDeployStatus is GET preview/app/deploy.json?apps[0]=1: {"apps":
// [{"app","status"}]}. An app's first poll after a deploy answers
// PROCESSING and moves it to SUCCESS.
func getDeployStatus(c *call) (any, *apiError) {
	ids, err := appIDList(c, "apps", maxDeployApps)
	if err != nil {
		return nil, err
	}
	if len(ids) == 0 {
		return nil, errRequired("apps")
	}
	seen := map[int64]bool{}
	apps := make([]*app, 0, len(ids))
	for i, id := range ids {
		if seen[id] {
			return nil, errField(fmt.Sprintf("apps[%d].app", i), msgDuplicateApp)
		}
		seen[id] = true
		a, err := c.app(id, accessManage)
		if err != nil {
			return nil, err
		}
		apps = append(apps, a)
	}
	out := make([]map[string]any, 0, len(apps))
	for _, a := range apps {
		status := a.DeployStatus
		if status == "" {
			status = deploySuccess
		}
		out = append(out, map[string]any{"app": strconv.FormatInt(a.ID, 10), "status": status})
		if status == deployProcessing {
			a.DeployStatus = deploySuccess
		}
	}
	return map[string]any{"apps": out}, nil
}
