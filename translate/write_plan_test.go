package translate

import (
	"context"
	"strings"
	"testing"

	"github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/schema"
	"github.com/kintone-sql/kintone/write"
)

// writeFixture seeds the app W (text t, unique text k, NUMBER n, subtable
// s with text x).
func writeFixture(t *testing.T) *fixture {
	return newFixture(t, func(srv *kintonetest.Server) {
		_, err := srv.CreateApp(kintonetest.AppSpec{Name: "W", Fields: []*kintonetest.Field{
			{Type: kintonetest.TypeSingleLineText, Code: "t", Label: "T"},
			{Type: kintonetest.TypeSingleLineText, Code: "k", Label: "K", Unique: true},
			{Type: kintonetest.TypeNumber, Code: "n", Label: "N"},
			{Type: kintonetest.TypeSubtable, Code: "s", Label: "S", Fields: []*kintonetest.Field{
				{Type: kintonetest.TypeSingleLineText, Code: "x", Label: "X"}}},
		}})
		if err != nil {
			t.Fatal(err)
		}
	})
}

func TestPlanWriteDirectByID(t *testing.T) {
	f := writeFixture(t)
	cases := []struct {
		sql    string
		args   []any
		ids    []int64
		rev    int64
		direct bool
	}{
		{"UPDATE W SET t = 'a' WHERE $id = 3", nil, []int64{3}, 0, true},
		{"UPDATE W SET t = ? WHERE $id IN (?, 5, 5)", []any{"a", int64(4)}, []int64{4, 5}, 0, true},
		{"UPDATE W SET t = 'a' WHERE $id = 3 AND $revision = 7", nil, []int64{3}, 7, true},
		{"UPDATE W SET t = 'a' WHERE ($id = 3) AND (n = 1)", nil, nil, 0, false},
		{"UPDATE W SET n = n + 1 WHERE $id = 3", nil, nil, 0, false},
		{"UPDATE W SET t = 'a' WHERE $id IN (3, 4) AND $revision = 7", nil, nil, 0, false},
		{"UPDATE W SET t = 'a' WHERE $id = 3 LIMIT 1", nil, nil, 0, false},
		{"UPDATE W SET t = 'a'", nil, nil, 0, false},
		{"DELETE FROM W WHERE $id = 9", nil, []int64{9}, 0, true},
		{"DELETE FROM W_S WHERE $id = 9", nil, nil, 0, false}, // a subtable's $id is the parent
	}
	for _, tc := range cases {
		st, err := PlanWrite(context.Background(), f.cat, tc.sql, tc.args, Options{Now: testNow})
		if err != nil {
			t.Errorf("%s: %v", tc.sql, err)
			continue
		}
		var d *write.Direct
		switch s := st.(type) {
		case *write.Update:
			d = s.Direct
		case *write.Delete:
			d = s.Direct
		}
		if (d != nil) != tc.direct || d != nil && (!equalInts(d.IDs, tc.ids) || d.Revision != tc.rev) {
			t.Errorf("%s: direct %+v, want ids %v revision %d (direct %v)", tc.sql, d, tc.ids, tc.rev, tc.direct)
		}
	}
}

func equalInts(a, b []int64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestPlanWriteErrors(t *testing.T) {
	f := writeFixture(t)
	cases := []struct{ sql, want string }{
		{"INSERT INTO W (t, n) VALUES ('a', 1) ON DUPLICATE KEY UPDATE n = VALUES(n)", "needs a key among the inserted columns"},
		{"INSERT INTO W (k, t, n) VALUES ('a', 'b', 1) ON DUPLICATE KEY UPDATE n = VALUES(n)", "missing: t"},
		{"INSERT INTO W (k, n) VALUES ('a', 1) ON DUPLICATE KEY UPDATE n = n + 1", "supports only n = VALUES(n)"},
		{"INSERT INTO W ($id, k, n) VALUES (1, 'a', 1) ON DUPLICATE KEY UPDATE n = VALUES(n)", "several keys"},
		{"INSERT INTO W (t) VALUES ('a', 'b')", "has 2 values for 1 columns"},
		{"INSERT INTO W (t, n) SELECT t FROM W", "yields 1 columns for 2"},
		{"REPLACE INTO W (t) VALUES ('a')", "ON DUPLICATE KEY UPDATE"},
		{"UPDATE W SET n = COUNT(*)", "aggregate"},
		{"UPDATE W, W_S SET n = 1", "several tables"},
		{"UPDATE W SET nope = 1", "nope"},
		{"UPDATE Comments SET Text = 'x'", "cannot edit a comment"},
		{"DELETE FROM Comments WHERE AppId = 1 AND RecordId = 2", "RecordId = ... AND Id"},
		{"INSERT INTO CybozuUser.Titles (Code) VALUES ('x')", "Titles cannot be written"},
		{"INSERT INTO Kintone.Apps (Name) VALUES ('x')", "only app tables"},
		{"SELECT 1", "run SELECT statements with Query"},
	}
	if err := schema.AddBuiltinTables(f.cat); err != nil {
		t.Fatal(err)
	}
	for _, tc := range cases {
		_, err := PlanWrite(context.Background(), f.cat, tc.sql, nil, Options{Now: testNow})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.sql, err, tc.want)
		}
	}
	for k, n := range f.srv.RequestCounts() {
		if !strings.Contains(k, "/app/form/") {
			t.Errorf("planning sent %d %s (only field loading is expected)", n, k)
		}
	}
}
