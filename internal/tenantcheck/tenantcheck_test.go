package tenantcheck

import (
	"context"
	"flag"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/translate"
)

// The real-tenant conformance mode: with a kintone URL (flag or
// environment), TestConformance runs against it; without one, against the
// emulator, so the same code runs in CI.
var (
	flagURL      = flag.String("kintone.url", "", "check this kintone (e.g. https://example.cybozu.com) instead of the emulator; or KINTONE_TEST_URL")
	flagUser     = flag.String("kintone.user", "", "login name for -kintone.url; or KINTONE_TEST_USER")
	flagPassword = flag.String("kintone.password", "", "password for -kintone.url; prefer KINTONE_TEST_PASSWORD (flags show in process lists)")
	flagApp      = flag.Int64("kintone.app", 0, "reuse this app (fields are added when missing) instead of creating one; or KINTONE_TEST_APP")
)

// setting is a flag's value, else the environment variable's.
func setting(flagValue, env string) string {
	if flagValue != "" {
		return flagValue
	}
	return os.Getenv(env)
}

// target returns the client and login of the kintone to check: the one
// named by the flags or KINTONE_TEST_* variables, else a fresh emulator.
func target(t *testing.T, opts ...kintonetest.Option) (c *client.Client, user string, app int64, real bool) {
	t.Helper()
	url := setting(*flagURL, "KINTONE_TEST_URL")
	user = setting(*flagUser, "KINTONE_TEST_USER")
	password := setting(*flagPassword, "KINTONE_TEST_PASSWORD")
	app = *flagApp
	if s := os.Getenv("KINTONE_TEST_APP"); app == 0 && s != "" {
		n, err := strconv.ParseInt(s, 10, 64)
		require.NoError(t, err, "KINTONE_TEST_APP must be an app id")
		app = n
	}
	if url == "" || len(opts) > 0 {
		srv := kintonetest.NewServer(opts...)
		t.Cleanup(srv.Close)
		url, user, password, app = srv.URL, kintonetest.DefaultUser, kintonetest.DefaultPassword, 0
	} else {
		real = true
		require.NotEmpty(t, user, "set KINTONE_TEST_USER (or -kintone.user) with KINTONE_TEST_URL")
		require.NotEmpty(t, password, "set KINTONE_TEST_PASSWORD with KINTONE_TEST_URL")
	}
	c, err := client.New(client.Options{BaseURL: url, User: user, Password: password})
	require.NoError(t, err)
	return c, user, app, real
}

// rule finds the provenance row a finding stands for.
func rule(t *testing.T, types, form string) translate.PushdownRule {
	t.Helper()
	for _, r := range translate.PushdownRules() {
		if r.Types == types && r.Form == form {
			return r
		}
	}
	t.Fatalf("no pushdown row %q / %q", types, form)
	return translate.PushdownRule{}
}

// TestConformance asks the target every open question of the pushdown
// table. It fails when kintone's answer would make the driver's default
// wrong (a narrowing row that misses records); the log says which
// assumed rows the target answers exactly (then TrustAssumedPushdown is
// safe there). On the emulator every answer must be exact.
func TestConformance(t *testing.T) { conformance(t) }

// TestConformanceAgainstURL runs the URL mode against an emulator given
// by URL, as a real tenant would be, twice: the second run reuses the app
// (KINTONE_TEST_APP), whose fields are then all present.
func TestConformanceAgainstURL(t *testing.T) {
	if setting(*flagURL, "KINTONE_TEST_URL") != "" {
		t.Skip("TestConformance already runs against the given kintone")
	}
	srv := kintonetest.NewServer()
	defer srv.Close()
	t.Setenv("KINTONE_TEST_URL", srv.URL)
	t.Setenv("KINTONE_TEST_USER", kintonetest.DefaultUser)
	t.Setenv("KINTONE_TEST_PASSWORD", kintonetest.DefaultPassword)
	first := conformance(t)
	require.True(t, first.Created)
	require.Equal(t, 1, srv.RequestCount("POST /k/v1/preview/app/deploy.json"), "the new app is deployed once")
	t.Setenv("KINTONE_TEST_APP", strconv.FormatInt(first.App, 10))
	srv.ResetCounters()
	second := conformance(t)
	assert.False(t, second.Created)
	assert.Equal(t, first.App, second.App)
	assert.Zero(t, srv.RequestCount("POST /k/v1/preview/app/deploy.json"), "a reused app with every field needs no deploy")
}

// conformance runs the checks against target(t) and returns the report.
func conformance(t *testing.T) Report {
	c, user, app, real := target(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	rep, err := Run(ctx, c, app, user)
	require.NoError(t, err)
	t.Logf("conformance of %s:\n%s", c.BaseURL(), rep.Summary())
	if rep.Created && real {
		t.Logf("app %d was created for this run; kintone's REST API cannot delete apps: delete it in kintone, or reuse it with KINTONE_TEST_APP=%d", rep.App, rep.App)
	}
	require.Len(t, rep.Findings, len(checks))
	for _, f := range rep.Findings {
		r := rule(t, f.Types, f.Form)
		assert.Equal(t, translate.Assumed, r.Source, "%s: checks only assumed rows", f.Query)
		if r.Effective(false) == translate.Narrowing {
			assert.Contains(t, []Verdict{Exact, Superset}, f.Verdict,
				"%s: kintone's answer (%s) would make the driver's default narrowing lose records", f.Query, f.Verdict)
		}
		if !real {
			assert.Equal(t, Exact, f.Verdict, "%s on the emulator: got %v want %v (%v)", f.Query, f.Got, f.Want, f.Err)
		}
	}
	return rep
}

// TestConformanceCoversAssumedRows checks that every assumed row of the
// pushdown table has a question.
func TestConformanceCoversAssumedRows(t *testing.T) {
	have := Checks()
	for _, r := range translate.PushdownRules() {
		if r.Source == translate.Assumed {
			assert.Contains(t, have, [2]string{r.Types, r.Form}, "no conformance check for the assumed row %s / %s", r.Types, r.Form)
		}
	}
}

// TestConformanceSeesDeviations runs the checks against an emulator that
// answers some open questions differently (as another kintone-compatible
// server does): the report must show those answers as supersets.
func TestConformanceSeesDeviations(t *testing.T) {
	c, user, _, _ := target(t, kintonetest.WithDeviations(kintonetest.Deviations{EmptyNumberAsZero: true, EmptyTestsMatchAll: true, EmptySortsLast: true}))
	rep, err := Run(context.Background(), c, 0, user)
	require.NoError(t, err)
	verdicts := map[string]Verdict{}
	for _, f := range rep.Findings {
		verdicts[f.Query] = f.Verdict
	}
	assert.Equal(t, Superset, verdicts[`num < 100`], rep.Summary())
	assert.Equal(t, Superset, verdicts[`num = ""`], rep.Summary())
	assert.Equal(t, Superset, verdicts[`cb in ("")`], rep.Summary())
	assert.Equal(t, Superset, verdicts[`num = 0`], rep.Summary())
	assert.Equal(t, Reordered, verdicts[`num asc, $id asc`], rep.Summary())
	assert.Equal(t, Exact, verdicts[`d < "2030-01-01"`], "dates do not deviate here: "+rep.Summary())
	recs, _, err := c.GetRecords(context.Background(), client.GetRecordsRequest{App: rep.App})
	require.NoError(t, err)
	assert.Empty(t, recs, "the sample records are deleted")
}

// TestJudge pins the verdicts.
func TestJudge(t *testing.T) {
	assert.Equal(t, Exact, judge([]string{"b", "a"}, []string{"a", "b"}))
	assert.Equal(t, Superset, judge([]string{"a", "b", "c"}, []string{"a", "b"}))
	assert.Equal(t, Missing, judge([]string{"a", "c"}, []string{"a", "b"}))
}
