package demo

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"time"
)

// Numbers of seeded records per app.
const (
	NumCustomers       = 60  // records in 顧客
	NumDeals           = 200 // records in Deals
	NumTasks           = 120 // records in Tasks
	NumPartnerRequests = 20  // records in Partner Requests
)

// salesStaff are the users who own customers and deals.
var salesStaff = []string{"suzuki", "takahashi", "tanaka", "watanabe", "ito", "yamamoto", "john.smith", "emily.jones", "anna.muller", DemoUser}

// taskPeople are the users tasks are assigned to.
var taskPeople = []string{"nakamura", "kato", "li.wei", AdminUser, "tanaka", "john.smith", DemoUser}

// rec is one record's values by field code, in kintone's JSON value shape.
type rec = map[string]any

// customer is what Deals needs to know about a seeded customer.
type customer struct {
	name     string
	industry string
	owner    string
}

// gen draws the seeded values; one fixed-seed generator makes every run
// produce the same tenant.
type gen struct{ r *rand.Rand }

func newGen() *gen { return &gen{r: rand.New(rand.NewPCG(20250401, 0x6b696e746f6e65))} }

// pick returns a random element of list.
func pick[T any](g *gen, list []T) T { return list[g.r.IntN(len(list))] }

// chance is true with probability p.
func (g *gen) chance(p float64) bool { return g.r.Float64() < p }

// subset returns a random, order-preserving subset of list.
func (g *gen) subset(list []string, p float64) []string {
	out := []string{}
	for _, s := range list {
		if g.chance(p) {
			out = append(out, s)
		}
	}
	return out
}

// users is a USER_SELECT value.
func users(codes ...string) []any {
	out := make([]any, 0, len(codes))
	for _, c := range codes {
		out = append(out, map[string]any{"code": c})
	}
	return out
}

// date formats a DATE value.
func date(t time.Time) string { return t.Format("2006-01-02") }

// dateTime formats a DATETIME value in UTC with minute precision.
func dateTime(t time.Time) string {
	return t.UTC().Truncate(time.Minute).Format("2006-01-02T15:04:05Z")
}

// systemCodes are an app's codes of the creator, created time, modifier
// and updated time fields.
type systemCodes struct{ creator, created, modifier, updated string }

// Japanese default codes and the English ones Tasks uses.
var (
	jaSystem = systemCodes{"作成者", "作成日時", "更新者", "更新日時"}
	enSystem = systemCodes{"Created_by", "Created_datetime", "Updated_by", "Updated_datetime"}
)

// stamp sets who created and last updated r and when: created at most
// maxDays before baseDate, updated between then and baseDate.
func (g *gen) stamp(r rec, codes systemCodes, creator, modifier string, maxDays int) {
	created := baseDate.Add(-time.Duration(1+g.r.IntN(maxDays*24*60)) * time.Minute)
	updated := created.Add(time.Duration(g.r.Int64N(int64(baseDate.Sub(created)))))
	r[codes.creator] = map[string]any{"code": creator}
	r[codes.created] = dateTime(created)
	r[codes.modifier] = map[string]any{"code": modifier}
	r[codes.updated] = dateTime(updated)
}

// customers generates the 顧客 records: the hand-written special names
// first, then stem × business combinations.
func (g *gen) customers() ([]rec, []customer) {
	var recs []rec
	var out []customer
	add := func(name, kana, industry, note string) {
		owner := pick(g, salesStaff)
		r := rec{
			"会社名":    name,
			"フリガナ":   kana,
			"業種":     industry,
			"従業員数":   "",
			"担当者":    users(owner),
			"所在地":    pick(g, addresses),
			"電話番号":   fmt.Sprintf("0%d-%04d-%04d", 3+g.r.IntN(7), g.r.IntN(10000), g.r.IntN(10000)),
			"Webサイト": "",
			"ランク":    pick(g, []string{"A", "B", "B", "C", "C", "C"}),
			"取引開始日":  "",
			"備考":     note,
		}
		if g.chance(0.85) {
			r["従業員数"] = strconv.Itoa(5 + g.r.IntN(g.r.IntN(20000)+1))
		}
		if g.chance(0.1) {
			r["担当者"] = users()
			owner = ""
		}
		if g.chance(0.7) {
			r["Webサイト"] = fmt.Sprintf("https://www.example%02d.co.jp/", len(recs)+1)
		}
		g.stamp(r, jaSystem, pick(g, salesStaff), pick(g, salesStaff), 720)
		if g.chance(0.8) {
			r["取引開始日"] = date(baseDate.AddDate(0, 0, -g.r.IntN(3650)))
		}
		recs = append(recs, r)
		out = append(out, customer{name: name, industry: industry, owner: owner})
	}
	for _, c := range specialCustomers {
		add(c.name, c.kana, c.industry, c.note)
	}
	seen := map[string]bool{}
	for len(recs) < NumCustomers {
		s, b := pick(g, companyStems), pick(g, businesses)
		name, kana := s.name+b.name, s.kana+b.kana
		if g.chance(0.7) {
			name = "株式会社" + name
		}
		if seen[s.name+b.name] {
			continue
		}
		seen[s.name+b.name] = true
		note := ""
		if g.chance(0.3) {
			note = pick(g, customerNotes)
		}
		add(name, kana, b.industry, note)
	}
	return recs, out
}

// stageProbability is the 確度 that goes with each stage.
var stageProbability = map[string]string{"見込み": "10", "提案": "30", "見積": "60", "受注": "100", "失注": "0"}

// deals generates Deals records for the given customers.
func (g *gen) deals(customers []customer) []rec {
	var recs []rec
	for i := 0; i < NumDeals; i++ {
		c := pick(g, customers)
		if g.chance(0.05) {
			c = customer{} // a deal not yet tied to a customer
		}
		stage := pick(g, []string{"見込み", "見込み", "提案", "提案", "見積", "受注", "受注", "失注"})
		owner := c.owner
		if owner == "" || g.chance(0.2) {
			owner = pick(g, salesStaff)
		}
		var rows []any
		sum := 0
		for n := g.r.IntN(5); n > 0; n-- {
			price := (1 + g.r.IntN(50)) * 1000
			qty := 1 + g.r.IntN(20)
			sum += price * qty
			rows = append(rows, map[string]any{"value": map[string]any{
				"product":    map[string]any{"value": pick(g, products)},
				"unit_price": map[string]any{"value": strconv.Itoa(price)},
				"qty":        map[string]any{"value": strconv.Itoa(qty)},
			}})
		}
		if rows == nil {
			rows = []any{}
		}
		title := pick(g, products) + " 導入"
		if c.name != "" {
			title = c.name + " 様 " + title
		}
		r := rec{
			"案件名":        title,
			"customer":   c.name,
			"industry":   c.industry,
			"amount":     strconv.Itoa(sum),
			"stage":      stage,
			"close_date": date(baseDate.AddDate(0, 0, g.r.IntN(360)-180)),
			"tags":       g.subset(dealTags, 0.25),
			"営業担当":       users(owner),
			"確度":         stageProbability[stage],
			"明細":         rows,
			"メモ":         "",
		}
		g.stamp(r, jaSystem, owner, pick(g, []string{owner, owner, "suzuki", "takahashi"}), 365)
		if sum == 0 || g.chance(0.05) {
			r["amount"] = ""
		}
		if g.chance(0.05) {
			r["close_date"] = ""
		}
		if g.chance(0.25) {
			r["メモ"] = pick(g, dealMemos)
		}
		recs = append(recs, r)
	}
	return recs
}

// tasks generates Tasks records; the status and assignee follow the
// process (Done tasks have no assignee).
func (g *gen) tasks() []rec {
	var recs []rec
	for i := 0; i < NumTasks; i++ {
		who := pick(g, taskPeople)
		state := pick(g, []string{taskStates[0], taskStates[1], taskStates[1], taskStates[2], taskStates[2]})
		due := baseDate.Add(time.Duration(g.r.IntN(24*120)-24*30) * time.Hour)
		r := rec{
			"title":          pick(g, taskVerbs) + " " + pick(g, taskObjects),
			"description":    "",
			"assignee":       users(who),
			"due":            dateTime(due),
			"priority":       pick(g, priorities),
			"labels":         g.subset(taskLabels, 0.3),
			"estimate_hours": strconv.FormatFloat(float64(1+g.r.IntN(32))/2, 'f', -1, 64),
			"Status":         state,
			"Assignee":       users(who),
		}
		g.stamp(r, enSystem, pick(g, []string{"nakamura", AdminUser, "sato"}), who, 120)
		if state == taskStates[2] {
			r["Assignee"] = users()
		}
		if g.chance(0.3) {
			r["description"] = fmt.Sprintf("See ticket #%d.\n詳細は担当者に確認してください。", 1000+i)
		}
		if g.chance(0.1) {
			r["assignee"], r["Assignee"] = users(), users()
		}
		if g.chance(0.05) {
			r["due"] = ""
		}
		recs = append(recs, r)
	}
	return recs
}

// partnerRequests generates the guest-space app's records.
func (g *gen) partnerRequests() []rec {
	var recs []rec
	for i := 0; i < NumPartnerRequests; i++ {
		at := baseDate.Add(-time.Duration(g.r.IntN(24*60*90)) * time.Minute)
		r := rec{
			"件名":           partnerSubjects[i%len(partnerSubjects)],
			"partner":      pick(g, partnerNames),
			"kind":         pick(g, requestKind),
			"requested_at": dateTime(at),
			"details":      "",
			"resolved":     []string{},
		}
		g.stamp(r, jaSystem, "john.smith", pick(g, []string{"john.smith", "emily.jones"}), 90)
		if g.chance(0.5) {
			r["details"] = "ご確認をお願いいたします。\nPlease check."
		}
		if g.chance(0.4) {
			r["resolved"] = []string{"対応済み"}
		}
		recs = append(recs, r)
	}
	return recs
}
