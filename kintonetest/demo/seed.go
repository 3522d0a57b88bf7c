// Package demo seeds a kintonetest server with a small, realistic tenant:
// a department tree, users in several time zones, and four apps (顧客,
// Deals, Tasks and a guest-space app) with a few hundred records. The data
// is the same on every run, so tests may rely on it.
package demo

import (
	"fmt"
	"time"

	"github.com/kintone-sql/kintone/kintonetest"
)

// API tokens of the seeded apps. Each is 40 characters, like a kintone
// token, and grants view, add, edit and delete (TokenDealsReadOnly only
// view). Adding a deal with a customer under token auth also needs
// TokenCustomers, since the lookup reads the Customers app.
const (
	TokenCustomers       = "demoCustomersToken0000000000000000000001" // 顧客
	TokenDeals           = "demoDealsToken00000000000000000000000001" // Deals
	TokenDealsReadOnly   = "demoDealsReadOnlyToken000000000000000001" // Deals, view only
	TokenTasks           = "demoTasksToken00000000000000000000000001" // Tasks
	TokenPartnerRequests = "demoPartnerRequestsToken0000000000000001" // Partner Requests
)

// jst is Japan Standard Time.
var jst = time.FixedZone("JST", 9*60*60)

// baseDate is the tenant's "today": dates are drawn around it.
var baseDate = time.Date(2025, 4, 1, 0, 0, 0, 0, jst)

// App describes one seeded app.
type App struct {
	ID   int64
	Name string
	// Code is the app code ("" when none); record numbers read CODE-n.
	Code string
	// Token is the app's full-permission API token.
	Token string
	// SpaceID is the space holding the app, 0 for none.
	SpaceID int64
	// GuestSpaceID is non-zero for a guest-space app, which is reached
	// only under /k/guest/{GuestSpaceID}/v1/.
	GuestSpaceID int64
	// RecordIDs are the ids of the seeded records in creation order.
	RecordIDs []int64
}

// Tenant reports what Seed created.
type Tenant struct {
	Customers       App
	Deals           App
	Tasks           App
	PartnerRequests App
	// ProjectSpaceID is the normal space holding Tasks.
	ProjectSpaceID int64
	// GuestSpaceID is the guest space holding Partner Requests.
	GuestSpaceID int64
	// Users are the seeded login names in id order (without the
	// server's default Administrator).
	Users []string
}

// Apps returns the seeded apps in creation order.
func (t *Tenant) Apps() []App {
	return []App{t.Customers, t.Deals, t.Tasks, t.PartnerRequests}
}

// Seed adds the demo tenant to s, which must be fresh (no users other than
// the default Administrator, no apps). It may be called before or after
// Start.
func Seed(s *kintonetest.Server) (*Tenant, error) {
	t := &Tenant{}
	var err error
	if t.Users, err = seedDirectory(s); err != nil {
		return nil, err
	}
	if t.ProjectSpaceID, err = s.AddSpace(kintonetest.Space{Name: ProjectSpaceName,
		Body: "開発チームのタスク管理", Members: []string{"nakamura", "kato", "li.wei", AdminUser, DemoUser}}); err != nil {
		return nil, fmt.Errorf("demo: space: %w", err)
	}
	if t.GuestSpaceID, err = s.AddSpace(kintonetest.Space{Name: GuestSpaceName, IsGuest: true,
		Body: "Requests from partner companies", Members: []string{"john.smith", "emily.jones", DemoUser}}); err != nil {
		return nil, fmt.Errorf("demo: guest space: %w", err)
	}

	g := newGen()
	custRecs, customers := g.customers()
	if t.Customers, err = seedApp(s, customersSpec(), TokenCustomers, custRecs); err != nil {
		return nil, err
	}
	if t.Deals, err = seedApp(s, dealsSpec(t.Customers.ID), TokenDeals, g.deals(customers)); err != nil {
		return nil, err
	}
	if err := s.AddAPIToken(t.Deals.ID, TokenDealsReadOnly, kintonetest.TokenPermissions{View: true}); err != nil {
		return nil, fmt.Errorf("demo: read-only token: %w", err)
	}
	if t.Tasks, err = seedApp(s, tasksSpec(t.ProjectSpaceID), TokenTasks, g.tasks()); err != nil {
		return nil, err
	}
	if t.PartnerRequests, err = seedApp(s, partnerRequestsSpec(t.GuestSpaceID), TokenPartnerRequests, g.partnerRequests()); err != nil {
		return nil, err
	}
	return t, nil
}

// seedApp creates the app, its token and its records.
func seedApp(s *kintonetest.Server, spec kintonetest.AppSpec, token string, recs []rec) (App, error) {
	id, err := s.CreateApp(spec)
	if err != nil {
		return App{}, fmt.Errorf("demo: app %s: %w", spec.Name, err)
	}
	if err := s.AddAPIToken(id, token, kintonetest.AllPermissions); err != nil {
		return App{}, fmt.Errorf("demo: token of %s: %w", spec.Name, err)
	}
	ids, err := s.AddRecords(id, recs)
	if err != nil {
		return App{}, fmt.Errorf("demo: records of %s: %w", spec.Name, err)
	}
	a := App{ID: id, Name: spec.Name, Code: spec.Code, Token: token, SpaceID: spec.SpaceID, RecordIDs: ids}
	if spec.GuestSpace {
		a.GuestSpaceID = spec.SpaceID
	}
	return a, nil
}
