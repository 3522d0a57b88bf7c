// Package tenantcheck asks a kintone (a real tenant, or the emulator) the
// questions the driver's pushdown table leaves open: for each query form
// whose answer is only assumed (translate.PushdownRules, Source Assumed),
// it sends the form against records whose answer is known and reports
// whether kintone's answer is exact, a superset (fine for narrowing), or
// misses records. It works on a throw-away app that it creates through the
// preview app API and deploys (or an app given by id, whose missing fields
// it adds), and deletes the records it added when done.
package tenantcheck

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/kintone-sql/kintone/client"
)

// AppName is the name of the apps Run creates.
const AppName = "kintone-sql conformance (safe to delete)"

// Verdict is how kintone answered one form.
type Verdict int

// The verdicts.
const (
	// Exact: kintone returned exactly the records SQL would.
	Exact Verdict = iota + 1
	// Superset: kintone returned every record SQL would, and more.
	Superset
	// Missing: kintone left out a record SQL would return.
	Missing
	// Refused: kintone answered the query with an error.
	Refused
	// Reordered: kintone returned the records in another order than SQL.
	Reordered
)

// String names the verdict.
func (v Verdict) String() string {
	switch v {
	case Exact:
		return "exact"
	case Superset:
		return "superset"
	case Missing:
		return "missing records"
	case Refused:
		return "refused"
	case Reordered:
		return "other order"
	}
	return "Verdict(" + strconv.Itoa(int(v)) + ")"
}

// Finding is the answer to one check.
type Finding struct {
	// Types and Form name the provenance row the check stands for (as in
	// translate.PushdownRule).
	Types, Form string
	// Query is the kintone query sent.
	Query string
	// Verdict is how kintone answered it.
	Verdict Verdict
	// Got and Want are the matched sample records (by name).
	Got, Want []string
	// Err is kintone's error for a refused query.
	Err error
}

// Report is the outcome of Run.
type Report struct {
	// App is the app used.
	App int64
	// Created says Run created the app (kintone's REST API cannot delete
	// apps: remove it in kintone's settings, or pass it again as App).
	Created bool
	// Findings has one entry per check, in order.
	Findings []Finding
}

// check is one kintone query on the sample records and the names of the
// records SQL's meaning selects (in order, for an order check).
type check struct {
	types, form, query string
	want               []string
	// order, when set, makes the check an "order by" of every sample
	// record instead of a condition.
	order bool
}

// checks are the questions, grouped by the provenance row they settle.
var checks = []check{
	{"NUMBER, CALC (number)", "= 0, in (..., 0, ...)", `num = 0`, []string{"zero"}, false},
	{"NUMBER, CALC (number)", "= 0, in (..., 0, ...)", `calc in (0, 20)`, []string{"five"}, false},
	{"NUMBER, CALC (number)", "< <= > >= v", `num < 100`, []string{"five", "zero", "minus"}, false},
	{"NUMBER, CALC (number)", "< <= > >= v", `calc >= -50`, []string{"five", "minus"}, false},
	{"NUMBER, CALC (number)", "< <= > >= v", `num <= 0`, []string{"zero", "minus"}, false},
	{"NUMBER, CALC (number)", `= ""`, `num = ""`, []string{"empty"}, false},
	{"NUMBER, CALC (number)", `!= ""`, `num != ""`, []string{"five", "zero", "minus"}, false},
	{"DATE, DATETIME, TIME", "< <= > >= v", `d < "2030-01-01"`, []string{"five", "zero", "minus"}, false},
	{"DATE, DATETIME, TIME", "< <= > >= v", `dt <= "2030-01-01T00:00:00Z"`, []string{"five", "zero", "minus"}, false},
	{"DATE, DATETIME, TIME", "< <= > >= v", `t < "23:00"`, []string{"five", "zero", "minus"}, false},
	{"DATE, DATETIME, TIME", `= ""`, `d = ""`, []string{"empty"}, false},
	{"DATE, DATETIME, TIME", `= ""`, `dt = ""`, []string{"empty"}, false},
	{"DATE, DATETIME, TIME", `= ""`, `t = ""`, []string{"empty"}, false},
	{"DATE, DATETIME, TIME", `!= ""`, `d != ""`, []string{"five", "zero", "minus"}, false},
	{"DATE, DATETIME, TIME", `!= ""`, `t != ""`, []string{"five", "zero", "minus"}, false},
	{"DATE, DATETIME", `!= TODAY() and != ""`, `d != TODAY() and d != ""`, []string{"five", "zero", "minus"}, false},
	{"RADIO_BUTTON, CHECK_BOX, MULTI_SELECT", `in (""), not in ("")`, `radio in ("")`, []string{"empty"}, false},
	{"RADIO_BUTTON, CHECK_BOX, MULTI_SELECT", `in (""), not in ("")`, `cb in ("")`, []string{"empty"}, false},
	{"RADIO_BUTTON, CHECK_BOX, MULTI_SELECT", `in (""), not in ("")`, `ms not in ("")`, []string{"five", "zero", "minus"}, false},
	{"RADIO_BUTTON, CHECK_BOX, MULTI_SELECT", `in (""), not in ("")`, `cb not in ("B") and cb not in ("")`, []string{"five"}, false},
	{"USER_SELECT, ORGANIZATION_SELECT, STATUS_ASSIGNEE", `not in ("")`, `users not in ("")`, []string{"five", "minus"}, false},
	// SQL puts NULLs first ascending and last descending.
	{"NUMBER, CALC (number), DATE, DATETIME, TIME", "order by f asc, f desc (f may be empty)", `num asc, $id asc`,
		[]string{"empty", "minus", "zero", "five"}, true},
	{"NUMBER, CALC (number), DATE, DATETIME, TIME", "order by f asc, f desc (f may be empty)", `d desc, $id desc`,
		[]string{"minus", "zero", "five", "empty"}, true},
}

// Checks lists the provenance rows (types and form) Run checks.
func Checks() [][2]string {
	var out [][2]string
	for _, c := range checks {
		row := [2]string{c.types, c.form}
		if !slices.Contains(out, row) {
			out = append(out, row)
		}
	}
	return out
}

// fields are the sample app's fields.
func fields() map[string]client.FieldProperty {
	opts := map[string]client.Option{"A": {Label: "A", Index: "0"}, "B": {Label: "B", Index: "1"}}
	return map[string]client.FieldProperty{
		"name": {Type: "SINGLE_LINE_TEXT", Code: "name", Label: "name"},
		"num":  {Type: "NUMBER", Code: "num", Label: "num"},
		// 100 / num is empty when num is 0 or empty (a division by zero
		// leaves a CALC field empty; an empty NUMBER counts as 0).
		"calc":  {Type: "CALC", Code: "calc", Label: "calc", Expression: "100 / num", Format: "NUMBER"},
		"d":     {Type: "DATE", Code: "d", Label: "d"},
		"dt":    {Type: "DATETIME", Code: "dt", Label: "dt"},
		"t":     {Type: "TIME", Code: "t", Label: "t"},
		"radio": {Type: "RADIO_BUTTON", Code: "radio", Label: "radio", Options: opts, DefaultValue: json.RawMessage(`"A"`)},
		"cb":    {Type: "CHECK_BOX", Code: "cb", Label: "cb", Options: opts},
		"ms":    {Type: "MULTI_SELECT", Code: "ms", Label: "ms", Options: opts},
		"users": {Type: "USER_SELECT", Code: "users", Label: "users"},
	}
}

// samples are the records, by name: "empty" leaves every field empty
// (the radio button explicitly "", which kintone's API accepts).
func samples(user string) []client.Record {
	me := fmt.Sprintf(`[{"code":%q}]`, user)
	rec := func(name, num, d, dt, t, radio, cb, ms, users string) client.Record {
		v := func(s string) client.FieldValue { return client.FieldValue{Value: json.RawMessage(s)} }
		return client.Record{"name": v(strconv.Quote(name)), "num": v(strconv.Quote(num)), "d": v(strconv.Quote(d)),
			"dt": v(strconv.Quote(dt)), "t": v(strconv.Quote(t)), "radio": v(strconv.Quote(radio)), "cb": v(cb), "ms": v(ms), "users": v(users)}
	}
	return []client.Record{
		rec("five", "5", "2025-01-10", "2025-01-10T10:00:00Z", "10:00", "A", `["A"]`, `["A"]`, me),
		rec("zero", "0", "2025-02-10", "2025-02-10T10:00:00Z", "11:00", "B", `["B"]`, `["B"]`, `[]`),
		rec("minus", "-3", "2025-03-10", "2025-03-10T10:00:00Z", "12:00", "A", `["A","B"]`, `["A"]`, me),
		rec("empty", "", "", "", "", "", `[]`, `[]`, `[]`),
	}
}

// Run checks c's kintone with app (0: create one), logged in as user (for
// the user-selection sample). It returns the findings even when cleaning
// up fails (then with the error).
func Run(ctx context.Context, c *client.Client, app int64, user string) (Report, error) {
	rep := Report{App: app}
	if app == 0 {
		id, _, err := c.AddApp(ctx, client.NewApp{Name: AppName})
		if err != nil {
			return rep, fmt.Errorf("tenantcheck: create app: %w", err)
		}
		rep.App, rep.Created = id, true
	}
	if err := ensureFields(ctx, c, rep.App); err != nil {
		return rep, err
	}
	ids, err := c.AddRecords(ctx, rep.App, samples(user))
	if err != nil {
		return rep, fmt.Errorf("tenantcheck: add sample records: %w", err)
	}
	names := map[string]string{}
	var added []int64
	for i, r := range ids {
		names[strconv.FormatInt(r.ID, 10)] = []string{"five", "zero", "minus", "empty"}[i]
		added = append(added, r.ID)
	}
	scope := fmt.Sprintf("$id >= %d and $id <= %d", slices.Min(added), slices.Max(added))
	for _, ch := range checks {
		rep.Findings = append(rep.Findings, ask(ctx, c, rep.App, scope, ch, names))
	}
	if err := c.DeleteRecords(ctx, rep.App, added, nil); err != nil {
		return rep, fmt.Errorf("tenantcheck: delete the sample records %v of app %d: %w", added, rep.App, err)
	}
	return rep, nil
}

// ask sends one check's query (limited to the sample records) and judges
// the answer.
func ask(ctx context.Context, c *client.Client, app int64, scope string, ch check, names map[string]string) Finding {
	f := Finding{Types: ch.types, Form: ch.form, Query: ch.query, Want: ch.want}
	q := "(" + ch.query + ") and " + scope + " limit 500"
	if ch.order {
		q = scope + " order by " + ch.query + " limit 500"
	}
	recs, _, err := c.GetRecords(ctx, client.GetRecordsRequest{App: app, Fields: []string{"$id"}, Query: q})
	if err != nil {
		f.Verdict, f.Err = Refused, err
		return f
	}
	for _, r := range recs {
		var id string
		if err := json.Unmarshal(r["$id"].Value, &id); err == nil {
			f.Got = append(f.Got, names[id])
		}
	}
	f.Verdict = judge(f.Got, f.Want)
	if ch.order && !slices.Equal(f.Got, f.Want) {
		f.Verdict = Reordered
	}
	return f
}

// judge compares the matched record names with the wanted ones.
func judge(got, want []string) Verdict {
	for _, w := range want {
		if !slices.Contains(got, w) {
			return Missing
		}
	}
	if len(got) > len(want) {
		return Superset
	}
	return Exact
}

// ensureFields adds the sample fields the app lacks, deploys, and waits
// for the deployment (kintone deploys asynchronously).
func ensureFields(ctx context.Context, c *client.Client, app int64) error {
	live, err := c.GetFormFields(ctx, app, "")
	if err != nil {
		return fmt.Errorf("tenantcheck: read the fields of app %d: %w", app, err)
	}
	missing := map[string]client.FieldProperty{}
	for code, p := range fields() {
		have, ok := live.Properties[code]
		switch {
		case !ok:
			missing[code] = p
		case have.Type != p.Type:
			return fmt.Errorf("tenantcheck: app %d has a field %q of type %s, want %s", app, code, have.Type, p.Type)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	if _, err := c.AddFormFields(ctx, app, missing, 0); err != nil {
		return fmt.Errorf("tenantcheck: add fields to app %d: %w", app, err)
	}
	if err := c.DeployApp(ctx, []client.AppRevision{{App: app}}, false); err != nil {
		return fmt.Errorf("tenantcheck: deploy app %d: %w", app, err)
	}
	return waitDeployed(ctx, c, app)
}

// waitDeployed polls the deployment status until it succeeds or fails.
func waitDeployed(ctx context.Context, c *client.Client, app int64) error {
	for delay := 200 * time.Millisecond; ; delay = min(2*delay, 5*time.Second) {
		st, err := c.GetDeployStatus(ctx, []int64{app})
		if err != nil {
			return fmt.Errorf("tenantcheck: deploy status of app %d: %w", app, err)
		}
		if len(st) == 1 {
			switch st[0].Status {
			case "SUCCESS":
				return nil
			case "FAIL", "CANCEL":
				return fmt.Errorf("tenantcheck: deploying app %d ended with %s", app, st[0].Status)
			}
		}
		select {
		case <-ctx.Done():
			return errors.Join(errors.New("tenantcheck: waiting for the deployment"), ctx.Err())
		case <-time.After(delay):
		}
	}
}

// Summary renders the findings as a table, one line per check.
func (r Report) Summary() string {
	var b strings.Builder
	fmt.Fprintf(&b, "app %d (created: %v)\n", r.App, r.Created)
	for _, f := range r.Findings {
		got := append([]string(nil), f.Got...)
		if !strings.Contains(f.Form, "order by") {
			sort.Strings(got)
		}
		fmt.Fprintf(&b, "%-16s %-40s %-40s got %v want %v", f.Verdict, f.Types+" / "+f.Form, f.Query, got, f.Want)
		if f.Err != nil {
			fmt.Fprintf(&b, " (%v)", f.Err)
		}
		b.WriteByte('\n')
	}
	return b.String()
}
