package client

import (
	"context"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestParseTitlesCSV(t *testing.T) {
	tests := []struct {
		name    string
		csv     string
		want    []Title
		wantErr string
	}{
		{"emulator layout", "mgr,Manager,mgr,Leads a team,\r\ndir,Director,dir,,\r\n",
			[]Title{{Code: "mgr", Name: "Manager", Description: "Leads a team"}, {Code: "dir", Name: "Director"}}, ""},
		{"BOM, quotes, LF", "\ufeff\"c,1\",\"Name \"\"x\"\"\",*,\"multi\nline\",\n",
			[]Title{{Code: "c,1", Name: `Name "x"`, Description: "multi\nline"}}, ""},
		{"japanese header skipped", "役職コード,役職名,新役職コード,説明,削除\nbu,部長,*,説明文,\n",
			[]Title{{Code: "bu", Name: "部長", Description: "説明文"}}, ""},
		{"english header skipped", "Job Title Code,Job title name,New,Description,Delete\nx,X\n", []Title{{Code: "x", Name: "X"}}, ""},
		{"header only at the top", "a,A\n役職コード,B\n", []Title{{Code: "a", Name: "A"}, {Code: "役職コード", Name: "B"}}, ""},
		{"empty", "", []Title{}, ""},
		{"too few columns", "a,A\nlonely\n", nil, "line 2"},
		{"broken quotes", "\"a,A\n", nil, "parsing title CSV"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseTitlesCSV(strings.NewReader(tt.csv))
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error = %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %#v, %v\nwant %#v", got, err, tt.want)
			}
		})
	}
}

func TestGetTitlesRequest(t *testing.T) {
	f := newFake(t, func(w http.ResponseWriter, r seenRequest) {
		w.Header().Set("Content-Type", "text/csv")
		w.Write([]byte("mgr,Manager,mgr,,\n"))
	})
	titles, err := f.client(t, passwordOpts).GetTitles(context.Background())
	if err != nil || len(titles) != 1 || titles[0].Code != "mgr" {
		t.Fatalf("GetTitles = %v, %v", titles, err)
	}
	if req := f.only(t); req.Method != "GET" || req.Path != "/v1/csv/title.csv" || req.Query != "" {
		t.Errorf("sent %s %s?%s", req.Method, req.Path, req.Query)
	}
}
