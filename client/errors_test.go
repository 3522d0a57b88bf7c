package client

import (
	"context"
	"errors"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestErrorResponses(t *testing.T) {
	tests := []struct {
		name        string
		status      int
		contentType string
		body        string
		want        Error
		wantText    string
	}{
		{
			name: "validation", status: 400, contentType: "application/json",
			body: `{"code":"CB_VA01","id":"abc123","message":"Missing or invalid input.","errors":{"record.z.value":{"messages":["Required."]},"record.a.value":{"messages":["Too long.","Bad."]}}}`,
			want: Error{StatusCode: 400, Code: "CB_VA01", ID: "abc123", Message: "Missing or invalid input.",
				Errors: map[string][]string{"record.a.value": {"Too long.", "Bad."}, "record.z.value": {"Required."}}, BulkIndex: -1},
			wantText: "kintone: POST /k/v1/record.json: 400 CB_VA01: Missing or invalid input. (id: abc123) [record.a.value: Too long. / Bad.; record.z.value: Required.]",
		},
		{
			name: "not found", status: 404, contentType: "application/json",
			body:     `{"code":"GAIA_RE01","id":"x1","message":"The specified record (ID: 9) is not found."}`,
			want:     Error{StatusCode: 404, Code: "GAIA_RE01", ID: "x1", Message: "The specified record (ID: 9) is not found.", BulkIndex: -1},
			wantText: "kintone: POST /k/v1/record.json: 404 GAIA_RE01: The specified record (ID: 9) is not found. (id: x1)",
		},
		{
			name: "html maintenance page", status: 503, contentType: "text/html",
			body:     "<!DOCTYPE html>\n<html><head><title> cybozu.com maintenance </title></head><body>password=hunter2</body></html>",
			want:     Error{StatusCode: 503, Message: "cybozu.com maintenance", BulkIndex: -1},
			wantText: "kintone: POST /k/v1/record.json: 503: cybozu.com maintenance",
		},
		{
			name: "html without title", status: 502, contentType: "text/html", body: "<html><body>Bad</body></html>",
			want: Error{StatusCode: 502, Message: "Bad Gateway", BulkIndex: -1},
		},
		{
			name: "plain text", status: 500, contentType: "text/plain", body: "\n  upstream exploded  \nstack trace line\n",
			want: Error{StatusCode: 500, Message: "upstream exploded", BulkIndex: -1},
		},
		{
			name: "empty body", status: 520, body: "",
			want: Error{StatusCode: 520, Message: "HTTP status 520", BulkIndex: -1},
		},
		{
			name: "bulk", status: 400, contentType: "application/json",
			body: `{"results":[{},{},{"code":"GAIA_CO02","id":"b1","message":"The revision is not the latest.","errors":{"records[3].x.value":{"messages":["bad"]}}},{}]}`,
			want: Error{StatusCode: 400, Code: "GAIA_CO02", ID: "b1", Message: "The revision is not the latest.",
				Errors: map[string][]string{"records[3].x.value": {"bad"}}, BulkIndex: 2},
			wantText: "kintone: POST /k/v1/record.json: 400 GAIA_CO02 (bulk request 2): The revision is not the latest. (hint: read the record again and retry) (id: b1) [records[3].x.value: bad]",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, func(w http.ResponseWriter, _ seenRequest) {
				if tt.contentType != "" {
					w.Header().Set("Content-Type", tt.contentType)
				}
				w.WriteHeader(tt.status)
				io.WriteString(w, tt.body)
			})
			_, err := f.client(t, passwordOpts).AddRecord(context.Background(), 1, Record{})
			var ke *Error
			if !errors.As(err, &ke) {
				t.Fatalf("error %v (%T) is not a *client.Error", err, err)
			}
			want := tt.want
			want.Method, want.Path = http.MethodPost, "/k/v1/record.json"
			if !reflect.DeepEqual(*ke, want) {
				t.Errorf("error = %#v\nwant    %#v", *ke, want)
			}
			if tt.wantText != "" && err.Error() != tt.wantText {
				t.Errorf("Error() = %q\nwant      %q", err.Error(), tt.wantText)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error text copies the page body: %q", err.Error())
			}
		})
	}
}

func TestBulkErrorThroughBulk(t *testing.T) {
	f := newFake(t, reply(409, `{"results":[{},{"code":"GAIA_CO02","id":"i","message":"conflict"}]}`))
	c := f.client(t, passwordOpts)
	a, err := c.NewAddRecordsBulk(1, []Record{{}})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Bulk(context.Background(), []BulkRequest{a, a})
	var ke *Error
	if !errors.As(err, &ke) || ke.BulkIndex != 1 || ke.StatusCode != 409 || ke.Code != "GAIA_CO02" || ke.Path != "/k/v1/bulkRequest.json" {
		t.Fatalf("Bulk error = %#v", err)
	}
}

func TestPlainMessageTruncates(t *testing.T) {
	long := strings.Repeat("é", maxErrorMessage+50)
	got := plainMessage(500, "text/plain", []byte(long))
	if n := len([]rune(got)); n != maxErrorMessage+1 || !strings.HasSuffix(got, "…") {
		t.Errorf("message has %d runes: %q", n, got)
	}
}
