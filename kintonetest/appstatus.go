package kintonetest

import (
	"fmt"
	"strconv"
)

// Enumerations of the process management settings (kintone-api.md §5).
var (
	assigneeTypes = map[string]bool{"ONE": true, "ALL": true, "ANY": true}
	assigneeKinds = map[string]bool{"USER": true, "GROUP": true, "ORGANIZATION": true,
		"FIELD_ENTITY": true, "CUSTOM_FIELD": true, "CREATOR": true}
	actionTypes = map[string]bool{"PRIMARY": true, "SECONDARY": true}
)

// cloneProcess deep-copies process management settings.
func cloneProcess(p *ProcessManagement) *ProcessManagement {
	if p == nil {
		return nil
	}
	c := &ProcessManagement{Enable: p.Enable, Actions: append([]Action(nil), p.Actions...)}
	for _, s := range p.States {
		s.Assignees = append([]Entity(nil), s.Assignees...)
		c.States = append(c.States, s)
	}
	return c
}

// statusHandler serves GET [preview/]app/status.json.
func statusHandler(preview bool) handlerFunc {
	return func(c *call) (any, *apiError) {
		a, err := localizedSettingsApp(c, preview)
		if err != nil {
			return nil, err
		}
		p, rev := a.Process, a.Revision
		if preview {
			p, rev = previewSettings(a).Process, a.PreviewRevision
		}
		out := renderProcess(p)
		out["revision"] = strconv.FormatInt(rev, 10)
		return out, nil
	}
}

// renderProcess writes {enable, states, actions}; states and actions are
// null for an app that never had process management.
func renderProcess(p *ProcessManagement) map[string]any {
	if p == nil {
		return map[string]any{"enable": false, "states": nil, "actions": nil}
	}
	states := make(map[string]any, len(p.States))
	for i, s := range p.States {
		ents := make([]map[string]any, 0, len(s.Assignees))
		for _, e := range s.Assignees {
			var code any = e.Code
			if e.Type == "CREATOR" {
				code = nil
			}
			ents = append(ents, map[string]any{"entity": map[string]any{"type": e.Type, "code": code}, "includeSubs": false})
		}
		states[s.Name] = map[string]any{
			"index":    strconv.Itoa(i),
			"name":     s.Name,
			"assignee": map[string]any{"type": orDefault(s.AssigneeType, "ONE"), "entities": ents},
		}
	}
	actions := make([]map[string]any, 0, len(p.Actions))
	for _, ac := range p.Actions {
		actions = append(actions, map[string]any{
			"name": ac.Name, "from": ac.From, "to": ac.To, "filterCond": ac.FilterCond,
			"type": orDefault(ac.Type, "PRIMARY"),
		})
	}
	return map[string]any{"enable": p.Enable, "states": states, "actions": actions}
}

// putStatus is PUT preview/app/status.json {app, enable?, states?,
// actions?, revision?}. Given states and actions replace the pre-live
// ones. An action's executableUser and an entity's includeSubs are not
// stored.
func putStatus(c *call) (any, *apiError) {
	a, err := previewApp(c)
	if err != nil {
		return nil, err
	}
	d := draftOf(a)
	p := cloneProcess(d.Process)
	if p == nil {
		p = &ProcessManagement{}
	}
	if v, ok := c.param("enable"); ok && v != nil {
		b, ok := propBool(v)
		if !ok {
			return nil, errField("enable", msgNotBool)
		}
		p.Enable = b
	}
	if v, ok := c.param("states"); ok && v != nil {
		states, err := parseStates(v)
		if err != nil {
			return nil, err
		}
		p.States = states
	}
	if v, ok := c.param("actions"); ok && v != nil {
		actions, err := parseActions(v)
		if err != nil {
			return nil, err
		}
		p.Actions = actions
	}
	known := map[string]bool{}
	for _, s := range p.States {
		known[s.Name] = true
	}
	for i, ac := range p.Actions {
		if !known[ac.From] || !known[ac.To] {
			return nil, errField(fmt.Sprintf("actions[%d]", i), "存在しないステータスが指定されています。")
		}
	}
	if p.Enable && len(p.States) == 0 {
		return nil, errField("states", msgRequired)
	}
	d.Process = p
	setProcessEnabled(a.Preview, p)
	return bumpPreview(a), nil
}

// parseStates reads states {name: {index, name?, assignee?}} in index order.
func parseStates(v any) ([]State, *apiError) {
	obj, ok := v.(map[string]any)
	if !ok {
		return nil, errField("states", msgNotObject)
	}
	return appIndexed("states", obj, func(prefix, name string, m map[string]any) (State, *apiError) {
		s := State{Name: name, AssigneeType: "ONE"}
		if as, ok := m["assignee"].(map[string]any); ok {
			s.AssigneeType, _ = as["type"].(string)
			if !assigneeTypes[s.AssigneeType] {
				return s, errField(prefix+".assignee.type", msgEnum)
			}
			ents, _ := as["entities"].([]any)
			for i, ev := range ents {
				em, _ := ev.(map[string]any)
				ent, _ := em["entity"].(map[string]any)
				typ, _ := ent["type"].(string)
				code, _ := ent["code"].(string)
				if !assigneeKinds[typ] {
					return s, errField(fmt.Sprintf("%s.assignee.entities[%d].entity.type", prefix, i), msgEnum)
				}
				s.Assignees = append(s.Assignees, Entity{Type: typ, Code: code})
			}
		}
		return s, nil
	})
}

// parseActions reads actions [{name, from, to, filterCond?, type?}].
func parseActions(v any) ([]Action, *apiError) {
	arr, ok := v.([]any)
	if !ok {
		return nil, errField("actions", msgNotArray)
	}
	out := make([]Action, 0, len(arr))
	for i, rv := range arr {
		prefix := fmt.Sprintf("actions[%d]", i)
		m, ok := rv.(map[string]any)
		if !ok {
			return nil, errField(prefix, msgNotObject)
		}
		ac := Action{Type: "PRIMARY"}
		ac.Name, _ = m["name"].(string)
		ac.From, _ = m["from"].(string)
		ac.To, _ = m["to"].(string)
		ac.FilterCond, _ = m["filterCond"].(string)
		for _, kv := range [][2]string{{"name", ac.Name}, {"from", ac.From}, {"to", ac.To}} {
			if kv[1] == "" {
				return nil, errRequired(prefix + "." + kv[0])
			}
		}
		if t, _ := m["type"].(string); t != "" {
			if !actionTypes[t] {
				return nil, errField(prefix+".type", msgEnum)
			}
			ac.Type = t
		}
		out = append(out, ac)
	}
	return out, nil
}
