package client

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func TestGetAllAppsPages(t *testing.T) {
	const total = 230
	f := newFake(t, func(w http.ResponseWriter, r seenRequest) {
		q, _ := url.ParseQuery(r.Query)
		offset, _ := strconv.Atoi(q.Get("offset"))
		limit, _ := strconv.Atoi(q.Get("limit"))
		var apps []string
		for id := offset + 1; id <= min(offset+limit, total); id++ {
			apps = append(apps, fmt.Sprintf(`{"appId":"%d"}`, id))
		}
		reply(200, `{"apps":[`+strings.Join(apps, ",")+`]}`)(w, r)
	})
	c := f.client(t, passwordOpts)
	apps, err := c.GetAllApps(context.Background(), GetAppsRequest{Name: "x", Limit: 7})
	if err != nil {
		t.Fatal(err)
	}
	if len(apps) != total || apps[0].AppID != "1" || apps[total-1].AppID != strconv.Itoa(total) {
		t.Fatalf("got %d apps", len(apps))
	}
	var queries []string
	for _, r := range f.requests() {
		queries = append(queries, r.Query)
	}
	want := []string{"name=x&limit=100", "name=x&limit=100&offset=100", "name=x&limit=100&offset=200"}
	if strings.Join(queries, " | ") != strings.Join(want, " | ") {
		t.Errorf("queries = %q, want %q", queries, want)
	}
}
