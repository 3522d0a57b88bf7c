package export_test

import (
	"context"
	"database/sql"
	"fmt"
	"testing"
	"time"

	"github.com/kintone-sql/kintone"
	"github.com/kintone-sql/kintone/internal/sqlrows"
	kt "github.com/kintone-sql/kintone/kintonetest"
	"github.com/kintone-sql/kintone/kintonetest/demo"
	"github.com/stretchr/testify/require"
)

// everyTypeApp is the name of the generated app with a field of every type.
const everyTypeApp = "every_type"

// fixture is an emulator with the demo tenant and the every-type app, and
// a database of the driver on it.
type fixture struct {
	srv  *kt.Server
	db   *sql.DB
	conn *kintone.Connector
	app  int64
}

// newFixture starts the emulator (with opts) and opens the driver on it.
func newFixture(t testing.TB, opts ...kt.Option) *fixture {
	t.Helper()
	srv := kt.NewServer(opts...)
	t.Cleanup(srv.Close)
	_, err := demo.Seed(srv)
	require.NoError(t, err)
	f := &fixture{srv: srv}
	f.app = seedEveryType(t, srv, 40)
	f.conn, f.db = openDriver(t, srv)
	return f
}

// openDriver opens a connector and database on srv as the administrator.
func openDriver(t testing.TB, srv *kt.Server) (*kintone.Connector, *sql.DB) {
	t.Helper()
	cfg := kintone.NewConfig()
	cfg.URL, cfg.User, cfg.Password = srv.URL, kt.DefaultUser, kt.DefaultPassword
	conn, err := kintone.NewConnector(cfg)
	require.NoError(t, err)
	db := sql.OpenDB(conn)
	t.Cleanup(func() { db.Close() })
	return conn, db
}

// seedEveryType creates an app with a field of every type that has values
// in records, and n records mixing empty values, Japanese text, quotes,
// line breaks, negative and long decimals.
func seedEveryType(t testing.TB, srv *kt.Server, n int) int64 {
	t.Helper()
	id, err := srv.CreateApp(kt.AppSpec{Name: everyTypeApp, Fields: []*kt.Field{
		{Type: kt.TypeSingleLineText, Code: "title", Label: "件名"},
		{Type: kt.TypeMultiLineText, Code: "memo", Label: "memo"},
		{Type: kt.TypeRichText, Code: "html", Label: "html"},
		{Type: kt.TypeLink, Code: "url", Label: "url", Protocol: "WEB"},
		{Type: kt.TypeNumber, Code: "amount", Label: "amount"},
		{Type: kt.TypeCalc, Code: "doubled", Label: "doubled", Expression: "amount * 2", Format: "NUMBER"},
		{Type: kt.TypeCalc, Code: "due", Label: "due", Expression: "day", Format: "DATE"},
		{Type: kt.TypeRadioButton, Code: "size", Label: "size", Options: []string{"S", "M", "L"}, DefaultValue: "S"},
		{Type: kt.TypeDropDown, Code: "rank", Label: "rank", Options: []string{"A", "B", "C"}},
		{Type: kt.TypeCheckBox, Code: "tags", Label: "tags", Options: []string{"赤", "青", "a,b"}},
		{Type: kt.TypeMultiSelect, Code: "langs", Label: "langs", Options: []string{"Go", "SQL"}},
		{Type: kt.TypeDate, Code: "day", Label: "day"},
		{Type: kt.TypeTime, Code: "at", Label: "at"},
		{Type: kt.TypeDateTime, Code: "when", Label: "when"},
		{Type: kt.TypeUserSelect, Code: "owner", Label: "owner"},
		{Type: kt.TypeOrganizationSelect, Code: "org", Label: "org"},
		{Type: kt.TypeGroupSelect, Code: "grp", Label: "grp"},
		{Type: kt.TypeFile, Code: "files", Label: "files"},
		{Type: kt.TypeSubtable, Code: "lines", Label: "lines", Fields: []*kt.Field{
			{Type: kt.TypeNumber, Code: "qty", Label: "qty"},
			{Type: kt.TypeSingleLineText, Code: "item", Label: "item"},
		}},
	}})
	require.NoError(t, err)
	titles := []string{"見積もり", `say "hi", ok`, "", "line\nbreak", "tab\there", "plain"}
	amounts := []string{"-12.5", "0", "1234567890.0123456789", "3", "", "99999999999999999999.5"}
	var recs []map[string]any
	for i := range n {
		r := map[string]any{
			"title": titles[i%len(titles)],
			"memo":  []string{"", "複数行\nテキスト"}[i%2],
			"html":  []string{"<p>x</p>", ""}[i%2],
			"size":  []string{"S", "M", "L"}[i%3],
			"rank":  []string{"A", "", "C"}[i%3],
			"tags":  [][]string{{}, {"赤"}, {"赤", "a,b"}}[i%3],
			"langs": [][]string{{"Go", "SQL"}, {}}[i%2],
		}
		if a := amounts[i%len(amounts)]; a != "" {
			r["amount"] = a
		}
		if i%4 != 0 {
			r["url"] = fmt.Sprintf("https://example.com/%d", i)
			r["day"] = time.Date(2025, 1, 1+i, 0, 0, 0, 0, time.UTC).Format("2006-01-02")
		}
		if i%5 != 0 {
			r["at"] = fmt.Sprintf("%02d:%02d", i%24, (i*7)%60)
			r["when"] = time.Date(2025, 3, 1, i%24, (i*11)%60, 0, 0, time.UTC).Format(time.RFC3339)
		}
		if i%2 == 0 {
			r["owner"] = []map[string]string{{"code": kt.DefaultUser}}
		}
		if i%3 == 1 {
			r["org"] = []map[string]string{{"code": "sales"}}
		}
		r["lines"] = []map[string]any{{"qty": fmt.Sprint(i), "item": "部品"}}
		recs = append(recs, r)
	}
	_, err = srv.AddRecords(id, recs)
	require.NoError(t, err)
	return id
}

// driverRows reads query through the driver: the column type names and
// every row as database/sql scans it into *any.
func driverRows(t testing.TB, db *sql.DB, query string) ([]string, []string, [][]any) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	rows, err := db.QueryContext(ctx, query)
	require.NoError(t, err)
	defer rows.Close()
	types, err := rows.ColumnTypes()
	require.NoError(t, err)
	names := make([]string, len(types))
	typeNames := make([]string, len(types))
	for i, ct := range types {
		names[i], typeNames[i] = ct.Name(), ct.DatabaseTypeName()
	}
	out, err := sqlrows.All(rows)
	require.NoError(t, err)
	return names, typeNames, out
}
