package demo

import (
	"fmt"

	"github.com/kintone-sql/kintone/kintonetest"
)

// Login names and passwords of the seeded users.
const (
	// DemoUser is a non-administrator user for trying permissions.
	DemoUser = "demo"
	// DemoPassword is DemoUser's password.
	DemoPassword = "demo"
	// UserPassword is the password of every other seeded user.
	UserPassword = "password"
	// AdminUser is a second administrator besides kintonetest.DefaultUser.
	AdminUser = "kobayashi"
)

// person is one seeded user with the organization and title they hold.
type person struct {
	user  kintonetest.User
	org   string
	title string
}

// jp builds a Japanese user in Tokyo with a romanized English local name.
func jp(code, sur, given, surKana, givenKana, en, phone string) kintonetest.User {
	return kintonetest.User{
		Code: code, Name: sur + " " + given, SurName: sur, GivenName: given,
		SurNameReading: surKana, GivenNameReading: givenKana,
		LocalName: en, LocalNameLocale: "en",
		Timezone: "Asia/Tokyo", Locale: "ja",
		Email: code + "@example.co.jp", Phone: phone,
	}
}

// intl builds a user outside Japan.
func intl(code, sur, given, tz, locale, phone string) kintonetest.User {
	return kintonetest.User{
		Code: code, Name: given + " " + sur, SurName: sur, GivenName: given,
		Timezone: tz, Locale: locale,
		Email: code + "@example.com", Phone: phone,
	}
}

// people are the seeded users in id order, with their main department.
func people() []person {
	p := []person{
		{jp("sato", "佐藤", "太郎", "さとう", "たろう", "Taro Sato", "03-1234-0001"), "hq", "president"},
		{jp("suzuki", "鈴木", "花子", "すずき", "はなこ", "Hanako Suzuki", "03-1234-0002"), "sales", "director"},
		{jp("takahashi", "高橋", "健一", "たかはし", "けんいち", "Kenichi Takahashi", "03-1234-0003"), "sales-tokyo", "manager"},
		{jp("tanaka", "田中", "美咲", "たなか", "みさき", "Misaki Tanaka", "03-1234-0004"), "sales-tokyo", "staff"},
		{jp("watanabe", "渡辺", "翔", "わたなべ", "しょう", "Sho Watanabe", "03-1234-0005"), "sales-tokyo", "staff"},
		{jp("ito", "伊藤", "さくら", "いとう", "さくら", "Sakura Ito", "06-4321-0006"), "sales-osaka", "manager"},
		{jp("yamamoto", "山本", "大輔", "やまもと", "だいすけ", "Daisuke Yamamoto", "06-4321-0007"), "sales-osaka", "staff"},
		{jp("nakamura", "中村", "由美", "なかむら", "ゆみ", "Yumi Nakamura", "03-1234-0008"), "dev", "manager"},
		{jp(AdminUser, "小林", "誠", "こばやし", "まこと", "Makoto Kobayashi", "03-1234-0009"), "it", "lead"},
		{jp("kato", "加藤", "愛", "かとう", "あい", "Ai Kato", "03-1234-0010"), "dev", "staff"},
		{intl("john.smith", "Smith", "John", "America/Los_Angeles", "en", "+1-415-555-0111"), "sales-intl", "manager"},
		{intl("emily.jones", "Jones", "Emily", "America/New_York", "en", "+1-212-555-0112"), "sales-intl", "staff"},
		{intl("li.wei", "Li", "Wei", "Asia/Shanghai", "zh", "+86-21-5555-0113"), "dev", "staff"},
		{intl("anna.muller", "Müller", "Anna", "Europe/Berlin", "en", "+49-30-5555-0114"), "sales-intl", "staff"},
	}
	// The Chinese user's local name is in Chinese, as kintone shows it.
	p[12].user.LocalName, p[12].user.LocalNameLocale = "李伟", "zh"
	p[8].user.Admin = true
	demo := kintonetest.User{
		Code: DemoUser, Name: "Demo User", SurName: "User", GivenName: "Demo",
		Timezone: "Asia/Tokyo", Locale: "en", Email: "demo@example.com",
		Description: "Non-administrator account for trying kintone-sql.",
	}
	p = append(p, person{user: demo, org: "sales-tokyo", title: "staff"})
	for i := range p {
		p[i].user.Password = UserPassword
		p[i].user.EmployeeNumber = fmt.Sprintf("E%04d", i+1)
		p[i].user.JoinDate = baseDate.AddDate(-1-i%9, i%12, 0).Format("2006-01-02")
		p[i].user.PrimaryOrg = p[i].org
	}
	p[len(p)-1].user.Password = DemoPassword
	return p
}

// organizations is the department tree; parents come before children.
var organizations = []kintonetest.Organization{
	{Code: "hq", Name: "本社", LocalName: "Headquarters", LocalNameLocale: "en"},
	{Code: "sales", Name: "営業本部", LocalName: "Sales Division", LocalNameLocale: "en", ParentCode: "hq"},
	{Code: "sales-tokyo", Name: "東京営業部", LocalName: "Tokyo Sales", LocalNameLocale: "en", ParentCode: "sales"},
	{Code: "sales-osaka", Name: "大阪営業部", LocalName: "Osaka Sales", LocalNameLocale: "en", ParentCode: "sales"},
	{Code: "sales-intl", Name: "海外営業部", LocalName: "International Sales", LocalNameLocale: "en", ParentCode: "sales"},
	{Code: "dev", Name: "開発部", LocalName: "Engineering", LocalNameLocale: "en", ParentCode: "hq"},
	{Code: "admin", Name: "管理部", LocalName: "Administration", LocalNameLocale: "en", ParentCode: "hq"},
	{Code: "it", Name: "情報システム課", LocalName: "IT", LocalNameLocale: "en", ParentCode: "admin"},
}

// titles are the job titles, most senior first.
var titles = []kintonetest.Title{
	{Code: "president", Name: "代表取締役"},
	{Code: "director", Name: "部長"},
	{Code: "manager", Name: "課長"},
	{Code: "lead", Name: "主任"},
	{Code: "staff", Name: "一般"},
}

// groups are the groups (roles) and their members.
var groups = []struct {
	group   kintonetest.Group
	members []string
}{
	{kintonetest.Group{Code: "sales-team", Name: "営業チーム", Description: "All sales staff"},
		[]string{"suzuki", "takahashi", "tanaka", "watanabe", "ito", "yamamoto", "john.smith", "emily.jones", "anna.muller", DemoUser}},
	{kintonetest.Group{Code: "managers", Name: "管理職", Description: "Managers and above"},
		[]string{"sato", "suzuki", "takahashi", "ito", "nakamura", "john.smith"}},
	{kintonetest.Group{Code: "engineers", Name: "Engineers"},
		[]string{"nakamura", "kato", "li.wei", AdminUser}},
	{kintonetest.Group{Code: "app-admins", Name: "アプリ管理者", Description: "May change app settings"},
		[]string{AdminUser, "nakamura"}},
}

// extraMemberships are second departments some users belong to.
var extraMemberships = map[string]kintonetest.OrgMembership{
	"suzuki":     {Org: "sales-intl", Title: "director"},
	"nakamura":   {Org: "it", Title: ""},
	"john.smith": {Org: "sales-tokyo", Title: ""},
}

// seedDirectory adds users, organizations, titles, groups and memberships
// and returns the seeded login names in id order.
func seedDirectory(s *kintonetest.Server) ([]string, error) {
	for _, o := range organizations {
		if _, err := s.AddOrganization(o); err != nil {
			return nil, fmt.Errorf("demo: organization %s: %w", o.Code, err)
		}
	}
	for _, t := range titles {
		if _, err := s.AddTitle(t); err != nil {
			return nil, fmt.Errorf("demo: title %s: %w", t.Code, err)
		}
	}
	var logins []string
	for _, p := range people() {
		if _, err := s.AddUser(p.user); err != nil {
			return nil, fmt.Errorf("demo: user %s: %w", p.user.Code, err)
		}
		orgs := []kintonetest.OrgMembership{{Org: p.org, Title: p.title}}
		if m, ok := extraMemberships[p.user.Code]; ok {
			orgs = append(orgs, m)
		}
		if err := s.SetUserOrganizations(p.user.Code, orgs); err != nil {
			return nil, fmt.Errorf("demo: memberships of %s: %w", p.user.Code, err)
		}
		logins = append(logins, p.user.Code)
	}
	for _, g := range groups {
		if _, err := s.AddGroup(g.group); err != nil {
			return nil, fmt.Errorf("demo: group %s: %w", g.group.Code, err)
		}
		if err := s.SetGroupMembers(g.group.Code, g.members); err != nil {
			return nil, fmt.Errorf("demo: members of %s: %w", g.group.Code, err)
		}
	}
	return logins, nil
}
