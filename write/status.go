package write

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/schema"
)

// statusAction is the process action an UPDATE runs on one record; name ""
// runs none.
type statusAction struct {
	name, assignee string
}

// process is an app's process-management settings.
type process struct {
	app     string
	actions []client.ProcessAction
}

// loadProcess reads the live process settings of t's app (one request).
func loadProcess(ctx context.Context, env *engine.Env, t *schema.Table) (*process, error) {
	c := clientFor(env.Client, t.GuestSpaceID)
	if env.Stats != nil {
		env.Stats.Requests.Add(1)
	}
	pm, err := c.GetProcessManagement(ctx, t.App, "")
	if err != nil {
		return nil, fmt.Errorf("reading the process settings: %w", err)
	}
	if !pm.Enable {
		return nil, fmt.Errorf("process management is turned off for app %d, so its status cannot change", t.App)
	}
	return &process{app: t.Name, actions: pm.Actions}, nil
}

// resolve picks the action that moves a record from its current status to
// the one assigned: the single action leading there from the current
// status; failing that, an action of that name available from the current
// status (so SET Status = 'Approve' runs the action "Approve"). An
// assignee set in the same UPDATE becomes the action's assignee (one
// user). A record already in the status runs no action.
func (p *process) resolve(ch change) (statusAction, error) {
	var a statusAction
	if ch.setAssignees {
		switch len(ch.assignees) {
		case 0:
		case 1:
			a.assignee = ch.assignees[0]
		default:
			return a, fmt.Errorf("a status change takes one assignee (the next status's user), not %d; "+
				"set several assignees with a separate UPDATE of the assignee column", len(ch.assignees))
		}
	}
	if ch.status == ch.current {
		return statusAction{}, nil
	}
	var leading, named []string
	for _, act := range p.actions {
		if act.From != ch.current {
			continue
		}
		if act.To == ch.status {
			leading = append(leading, act.Name)
		}
		if act.Name == ch.status {
			named = append(named, act.Name)
		}
	}
	switch {
	case len(leading) == 1:
		a.name = leading[0]
	case len(leading) > 1:
		return a, fmt.Errorf("record %d: several actions lead from status %q to %q (%s); set the status column to the name of the action to run",
			ch.id, ch.current, ch.status, quoteList(leading))
	case len(named) == 1:
		a.name = named[0]
	default:
		return a, fmt.Errorf("record %d: no action leads from status %q to %q; %s", ch.id, ch.current, ch.status, p.offered(ch.current))
	}
	return a, nil
}

// offered lists the actions available from a status, for error messages.
func (p *process) offered(from string) string {
	var list []string
	for _, act := range p.actions {
		if act.From == from {
			list = append(list, fmt.Sprintf("%q leads to %q", act.Name, act.To))
		}
	}
	if len(list) == 0 {
		return "no action starts from " + strconv.Quote(from)
	}
	return "from " + strconv.Quote(from) + " the process offers: " + strings.Join(list, ", ")
}

// quoteList renders names as "a", "b".
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}
