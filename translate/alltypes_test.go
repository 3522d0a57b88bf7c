package translate

import (
	"fmt"
	"slices"
	"testing"

	"github.com/kintone-sql/kintone/engine"
	kt "github.com/kintone-sql/kintone/kintonetest"
)

// allTypesApp is the name of the app holding a field of every type.
const allTypesApp = "alltypes"

// seedAllTypes creates the "all" app (a field of every type plus a
// subtable "tbl") and n records with varied values, empty ones included.
func seedAllTypes(t testing.TB, srv *kt.Server, n int) int64 {
	t.Helper()
	if _, err := srv.AddOrganization(kt.Organization{Code: "dev", Name: "Development"}); err != nil {
		t.Fatal(err)
	}
	id, err := srv.CreateApp(kt.AppSpec{Name: allTypesApp, Fields: []*kt.Field{
		{Type: kt.TypeSingleLineText, Code: "txt", Label: "Text"},
		{Type: kt.TypeLink, Code: "link", Label: "Link", Protocol: "WEB"},
		{Type: kt.TypeMultiLineText, Code: "mtxt", Label: "Multi"},
		{Type: kt.TypeRichText, Code: "rich", Label: "Rich"},
		{Type: kt.TypeNumber, Code: "num", Label: "Num"},
		{Type: kt.TypeCalc, Code: "calc", Label: "Calc", Expression: "num * 2", Format: "NUMBER"},
		{Type: kt.TypeDropDown, Code: "dd", Label: "DropDown", Options: []string{"A", "B", "C D"}},
		{Type: kt.TypeRadioButton, Code: "radio", Label: "Radio", Options: []string{"X", "Y"}, DefaultValue: "X"},
		{Type: kt.TypeCheckBox, Code: "cb", Label: "Check", Options: []string{"A", "B"}},
		{Type: kt.TypeMultiSelect, Code: "ms", Label: "Multi select", Options: []string{"P", "Q"}},
		{Type: kt.TypeDate, Code: "d", Label: "Date"},
		{Type: kt.TypeTime, Code: "t", Label: "Time"},
		{Type: kt.TypeDateTime, Code: "dt", Label: "DateTime"},
		{Type: kt.TypeUserSelect, Code: "users", Label: "Users"},
		{Type: kt.TypeOrganizationSelect, Code: "orgs", Label: "Orgs"},
		{Type: kt.TypeGroupSelect, Code: "grps", Label: "Groups"},
		{Type: kt.TypeFile, Code: "file", Label: "File"},
		{Type: kt.TypeSubtable, Code: "tbl", Label: "Table", Fields: []*kt.Field{
			{Type: kt.TypeNumber, Code: "inum", Label: "Inner num"},
			{Type: kt.TypeSingleLineText, Code: "itxt", Label: "Inner text"},
			{Type: kt.TypeDropDown, Code: "idd", Label: "Inner dd", Options: []string{"A", "B"}},
			{Type: kt.TypeDate, Code: "idate", Label: "Inner date"},
		}},
	}})
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{"abc", "ABC", "", `say "hi" \ ok`, "日本語テキスト", "a", "b", "100%_done"}
	var recs []map[string]any
	for i := range n {
		r := map[string]any{
			"txt":   texts[i%len(texts)],
			"mtxt":  []string{"line1\nline2", "", "  ", "word search"}[i%4],
			"rich":  []string{"<b>bold</b>", ""}[i%2],
			"dd":    []string{"A", "B", "C D", ""}[i%4],
			"radio": []string{"X", "Y"}[i%2],
			"cb":    [][]string{{}, {"A"}, {"A", "B"}}[i%3],
			"ms":    [][]string{{"Q"}, {}}[i%2],
		}
		if i%3 != 0 {
			r["link"] = fmt.Sprintf("https://example.com/%d", i)
		}
		if i%9 != 0 {
			r["num"] = []string{"-3", "0", "1.50", "10", "99", "1.5", "7"}[i%7]
		}
		if i%6 != 0 {
			r["d"] = fmt.Sprintf("2024-05-%02d", 1+i%28)
		}
		if i%5 != 0 {
			r["t"] = fmt.Sprintf("%02d:%02d", i%24, (i*7)%60)
		}
		if i%4 != 0 {
			r["dt"] = fmt.Sprintf("2024-05-%02dT%02d:%02d:00Z", 1+i%28, i%24, (i*13)%60)
		}
		if i%2 == 0 {
			r["users"] = []map[string]string{{"code": kt.DefaultUser}}
		}
		if i%5 == 1 {
			r["orgs"] = []map[string]string{{"code": "dev"}}
		}
		var rows []map[string]any
		for j := range i % 3 {
			rows = append(rows, map[string]any{
				"inum":  fmt.Sprint((i + j) % 6),
				"itxt":  []string{"x", "y", ""}[(i+j)%3],
				"idd":   []string{"A", "B", ""}[(i+j)%3],
				"idate": fmt.Sprintf("2024-01-%02d", 1+(i+j)%5),
			})
		}
		r["tbl"] = rows
		recs = append(recs, r)
	}
	if _, err := srv.AddRecords(id, recs); err != nil {
		t.Fatal(err)
	}
	return id
}

// planShape is what a plan pushes and keeps client-side.
type planShape struct {
	query    string // the pushed condition ("" when none)
	residual bool   // a client-side filter remains
	scan     *engine.Scan
	count    *engine.Count
	sort     bool
	limit    bool
}

// shapeOf walks a plan.
func shapeOf(n engine.Node) planShape {
	var s planShape
	var walk func(engine.Node)
	walk = func(n engine.Node) {
		switch x := n.(type) {
		case *engine.Scan:
			s.scan = x
			s.query = queryText(x.Where)
		case *engine.Count:
			s.count = x
			s.query = queryText(x.Where)
		case *engine.Filter:
			s.residual = true
		case *engine.Sort:
			s.sort = true
		case *engine.Limit:
			s.limit = true
		}
		for _, c := range n.Explain().Children {
			walk(c)
		}
	}
	walk(n)
	return s
}

// sortedRows renders rows as text, sorted, for order-insensitive
// comparison.
func sortedRows(rows [][]any) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprint(r)
	}
	slices.Sort(out)
	return out
}
