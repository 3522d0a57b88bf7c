package translate

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/kintone-sql/kintone/engine"
	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/schema"
)

// builtinFixture is a fixture with an app 顧客 (a subtable), a user and the
// built-in tables.
func builtinFixture(t *testing.T) *fixture {
	f := newFixture(t, func(srv *kintonetest.Server) {
		_, err := srv.CreateApp(kintonetest.AppSpec{Name: "顧客", Code: "CUST", Fields: []*kintonetest.Field{
			{Type: kintonetest.TypeSingleLineText, Code: "name", Label: "氏名"},
			{Type: kintonetest.TypeSubtable, Code: "lines", Label: "明細", Fields: []*kintonetest.Field{
				{Type: kintonetest.TypeNumber, Code: "qty", Label: "数量"}}},
		}})
		if err == nil {
			_, err = srv.AddUser(kintonetest.User{Code: "sato"})
		}
		if err != nil {
			t.Fatal(err)
		}
	})
	if err := schema.AddBuiltinTables(f.cat); err != nil {
		t.Fatal(err)
	}
	return f
}

func TestIntrospectStatements(t *testing.T) {
	f := builtinFixture(t)
	ctx := context.Background()
	tests := []struct {
		sql     string
		notMine bool
		errHas  string
		check   func(n engine.Node) bool
	}{
		{sql: "SHOW TABLES", check: func(n engine.Node) bool {
			s, ok := n.(*engine.ShowTables)
			return ok && s.Schema == "" && !s.HasLike && !s.Full
		}},
		{sql: "show full tables from cybozuuser like 'User%';", check: func(n engine.Node) bool {
			s, ok := n.(*engine.ShowTables)
			return ok && s.Schema == schema.CybozuUserSchema && s.Like == "User%" && s.HasLike && s.Full
		}},
		{sql: "SHOW TABLES IN REST LIKE '顧客\\_%'", check: func(n engine.Node) bool {
			s, ok := n.(*engine.ShowTables)
			return ok && s.Schema == schema.KintoneSchema && s.Like == `顧客\_%`
		}},
		{sql: "SHOW COLUMNS FROM 顧客", check: showsColumnsOf("顧客", false, "")},
		{sql: "SHOW FULL FIELDS IN `顧客_明細` LIKE 'q%'", check: showsColumnsOf("顧客_lines", true, "q%")},
		{sql: "SHOW COLUMNS FROM Users FROM CybozuUser", check: showsColumnsOf("Users", false, "")},
		{sql: "DESCRIBE [CybozuUser].[Users]", check: showsColumnsOf("Users", false, "")},
		{sql: "desc USER.UserGroups -- memberships", check: showsColumnsOf("UserGroups", false, "")},
		{sql: "DESC Apps Code", check: showsColumnsOf("Apps", false, "Code")},
		{sql: "DESCRIBE information_schema.columns", check: showsColumnsOf("COLUMNS", false, "")},
		{sql: "SHOW SCHEMAS", check: func(n engine.Node) bool { _, ok := n.(*engine.MetaScan); return ok }},
		{sql: "DESC SELECT 1", notMine: true},
		{sql: "SELECT * FROM information_schema.tables", notMine: true},
		{sql: "SHOW PROCESSLIST", errHas: "SHOW PROCESSLIST"},
		{sql: "SHOW TABLES FROM nowhere", errHas: `unknown schema "nowhere"`},
		{sql: "SHOW TABLES WHERE x = 1", errHas: "information_schema.tables"},
		{sql: "SHOW COLUMNS Users", errHas: "needs FROM"},
		{sql: "SHOW COLUMNS FROM Userz", errHas: `did you mean "Users"`},
		{sql: "SHOW TABLES LIKE 5", errHas: "string pattern"},
		{sql: "DESCRIBE Users extra words", errHas: "unexpected"},
	}
	for _, tt := range tests {
		t.Run(tt.sql, func(t *testing.T) {
			n, ok, err := planIntrospection(ctx, f.cat, tt.sql, nil)
			switch {
			case tt.notMine:
				if ok {
					t.Fatalf("recognized: %v %v", n, err)
				}
			case tt.errHas != "":
				if !ok || err == nil || !strings.Contains(err.Error(), tt.errHas) {
					t.Fatalf("ok=%v err=%v, want an error containing %q", ok, err, tt.errHas)
				}
			default:
				if !ok || err != nil || !tt.check(n) {
					t.Fatalf("ok=%v err=%v node %#v", ok, err, n)
				}
			}
		})
	}
	if f.srv.RequestCount("GET /v1/users.json") != 0 {
		t.Error("planning sent User API requests")
	}
}

// showsColumnsOf checks a ShowColumns node.
func showsColumnsOf(table string, full bool, like string) func(engine.Node) bool {
	return func(n engine.Node) bool {
		s, ok := n.(*engine.ShowColumns)
		return ok && s.Table.Name == table && s.Full == full && s.Like == like && s.HasLike == (like != "")
	}
}

func TestIntrospectShowRuns(t *testing.T) {
	f := builtinFixture(t)
	n, ok, err := planIntrospection(context.Background(), f.cat, "SHOW SCHEMAS", nil)
	if !ok || err != nil {
		t.Fatal(ok, err)
	}
	rows, err := collect(context.Background(), n, f.env())
	if err != nil || len(rows) != 3 || rows[1][0] != schema.CybozuUserSchema {
		t.Errorf("SHOW SCHEMAS = %v, %v", rows, err)
	}
	n, _, err = planIntrospection(context.Background(), f.cat, "DESCRIBE 顧客_明細", nil)
	if err != nil {
		t.Fatal(err)
	}
	rows, err = collect(context.Background(), n, f.env())
	if err != nil || len(rows) != 3 || rows[0][0] != "$id" || rows[2][0] != "qty" || rows[2][1] != "DECIMAL" {
		t.Errorf("DESCRIBE 顧客_明細 = %v, %v", rows, err)
	}
}

func TestDirPushKeyFilters(t *testing.T) {
	f := builtinFixture(t)
	ctx := context.Background()
	users, _ := f.cat.Lookup(ctx, "Users")
	ref := func(name string) *engine.ColumnRef {
		c, err := users.Column(name)
		if err != nil {
			t.Fatal(err)
		}
		return &engine.ColumnRef{Col: engine.Column{Name: c.Name, Type: c.Type, Source: c}}
	}
	lit := func(v any) *engine.Literal { return &engine.Literal{V: v} }
	where := &engine.And{Terms: []engine.Expr{
		&engine.Comparison{Op: engine.OpEq, L: lit(int64(7)), R: ref("Id")},
		&engine.And{Terms: []engine.Expr{
			&engine.InList{X: ref("Code"), List: []engine.Expr{lit("a"), lit(nil), lit("b")}},
			&engine.Comparison{Op: engine.OpEq, L: ref("Name"), R: lit("x")},         // not a key
			&engine.Comparison{Op: engine.OpGt, L: ref("Id"), R: lit(int64(3))},      // not equality
			&engine.InList{X: ref("Code"), List: []engine.Expr{lit("c")}, Not: true}, // NOT IN
			&engine.InList{X: ref("Id"), List: []engine.Expr{lit(int64(1)), ref("SortOrder")}},
		}},
	}}
	got := builtinKeyFilters(users, where)
	want := []string{"id IN (7)", "code IN ('a', 'b')"}
	if len(got) != len(want) {
		t.Fatalf("filters %v, want %v", got, want)
	}
	for i, k := range got {
		if k.String() != want[i] {
			t.Errorf("filter %d = %s, want %s", i, k, want[i])
		}
	}
	if got := builtinKeyFilters(users, &engine.Comparison{Op: engine.OpEq, L: ref("Id"), R: lit(nil)}); len(got) != 1 || len(got[0].Values) != 0 {
		t.Errorf("Id = NULL gives %v, want one filter without values", got)
	}

	comments, _ := f.cat.Lookup(ctx, "Comments")
	if _, err := builtinScan(f.cat, comments, comments.Columns, "Comments", nil); !errors.Is(err, engine.ErrCommentsNeedRecord) {
		t.Errorf("Comments without keys: %v", err)
	}
	n, err := builtinScan(f.cat, users, users.Columns, "Users", where)
	if s, ok := n.(*engine.DirScan); err != nil || !ok || len(s.Keys) != 2 {
		t.Errorf("Users scan: %#v, %v", n, err)
	}
}
