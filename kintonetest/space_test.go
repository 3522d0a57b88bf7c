package kintonetest

import (
	"fmt"
	"testing"
	"time"
)

func TestSpaceGet(t *testing.T) {
	clock := time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)
	srv := NewServer(WithClock(func() time.Time { return clock }))
	t.Cleanup(srv.Close)
	space, _ := srv.AddSpace(Space{Name: "Sales", Body: "<p>hi</p>", Members: []string{"Administrator"}, IsPrivate: true})
	guest, _ := srv.AddSpace(Space{Name: "Partners", IsGuest: true})
	app := appCreate(t, srv, AppSpec{Name: "Tasks", Code: "TASK", SpaceID: space})
	appCreate(t, srv, AppSpec{Name: "Elsewhere"})

	got := appOK(t, srv, "GET", fmt.Sprintf("/k/v1/space.json?id=%d", space), nil)
	appJSONEqual(t, "space", got, fmt.Sprintf(`{"id":"%[1]d","name":"Sales","defaultThread":"%[1]d1","isPrivate":true,
		"creator":{"code":"Administrator","name":"Administrator"},"modifier":{"code":"Administrator","name":"Administrator"},
		"memberCount":"1","coverType":"PRESET","coverKey":"GREEN","coverUrl":"","body":"<p>hi</p>","useMultiThread":false,
		"isGuest":false,"fixedMember":false,"showAnnouncement":true,"showThreadList":true,"showAppList":true,
		"showMemberList":true,"showRelatedLinkList":true,"permissions":{"createApp":"EVERYONE"},
		"attachedApps":[{"appId":"%[2]d","code":"TASK","name":"Tasks","description":"","threadId":"%[1]d1",
			"createdAt":"2024-01-02T03:04:05.000Z","creator":{"code":"Administrator","name":"Administrator"},
			"modifiedAt":"2024-01-02T03:04:05.000Z","modifier":{"code":"Administrator","name":"Administrator"}}]}`, space, app))

	g := appOK(t, srv, "GET", fmt.Sprintf("/k/guest/%d/v1/space.json?id=%d", guest, guest), nil)
	if g["isGuest"] != true || len(g["attachedApps"].([]any)) != 0 {
		t.Errorf("guest space: %v", g)
	}
	for _, tc := range []struct {
		path   string
		status int
		code   string
	}{
		{"/k/v1/space.json?id=99", 404, "OC_NO01"},
		{"/k/v1/space.json", 400, "CB_VA01"},
		{fmt.Sprintf("/k/v1/space.json?id=%d", guest), 403, "CB_NO02"},
		{fmt.Sprintf("/k/guest/%d/v1/space.json?id=%d", guest, space), 403, "CB_NO02"},
	} {
		appWantError(t, appDo(t, srv, testAdmin, "GET", tc.path, nil), tc.status, tc.code)
	}
}
