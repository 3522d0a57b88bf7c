package kintone

import (
	"errors"
	"strings"
	"testing"

	"github.com/kintone-sql/kintone/kintonetest"
)

// A field that a lookup fills is refused with the lookup to write instead.
func TestWriteLookupCopyNamesTheLookup(t *testing.T) {
	srv := startServer(t)
	src := createApp(t, srv, kintonetest.AppSpec{Name: "Customers", Fields: []*kintonetest.Field{
		{Type: kintonetest.TypeSingleLineText, Code: "name", Unique: true},
		{Type: kintonetest.TypeDropDown, Code: "industry", Options: []string{"IT", "Retail"}},
	}})
	addRecords(t, srv, src, []map[string]any{{"name": "Acme", "industry": "IT"}})
	createApp(t, srv, kintonetest.AppSpec{Name: "Deals", Fields: []*kintonetest.Field{
		{Type: kintonetest.TypeSingleLineText, Code: "customer", Lookup: &kintonetest.Lookup{
			RelatedApp: src, RelatedKeyField: "name",
			FieldMappings: []kintonetest.FieldMapping{{Field: "sector", RelatedField: "industry"}},
		}},
		{Type: kintonetest.TypeDropDown, Code: "sector", Options: []string{"IT", "Retail"}},
	}})
	db, _ := openDB(t, srv, serverConfig(srv))

	_, err := db.Exec("INSERT INTO Deals (customer, sector) VALUES ('Acme', 'Retail')")
	if !errors.Is(err, ErrReadOnly) || !strings.Contains(err.Error(), `"sector"`) || !strings.Contains(err.Error(), `lookup "customer"`) {
		t.Fatalf("error = %v, want ErrReadOnly naming sector and the lookup customer", err)
	}
	mustExec(t, db, "INSERT INTO Deals (customer) VALUES ('Acme')")
	if got := queryStrings(t, db, "SELECT sector FROM Deals"); len(got) != 1 || got[0][0] != "IT" {
		t.Fatalf("lookup copy = %v, want IT", got)
	}
}
