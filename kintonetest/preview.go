package kintonetest

import (
	"fmt"
	"net/http"
	"strconv"
)

// maxAppNameChars is the longest app name of Add App and the general
// settings ("The maximum length is 64 characters", kintone.dev Add App).
const maxAppNameChars = 64

// appDraft is the pre-live copy of an app's settings other than the form
// (which lives in app.Preview): general settings, views and process
// management, plus where each pre-live field's values come from.
type appDraft struct {
	Name, Description string
	Theme, Icon       string
	CommentsDisabled  bool
	Views             []View
	Process           *ProcessManagement
	// origins maps a pre-live field code to the live field code whose
	// record values it takes over at deploy; "" marks a new field that
	// starts empty. Codes absent from the map keep their own values.
	origins map[string]string
}

// draftOf returns the app's draft, creating it from the live settings.
func draftOf(a *app) *appDraft {
	if a.draft == nil {
		a.draft = &appDraft{
			Name:             a.Name,
			Description:      a.Description,
			Theme:            a.Theme,
			Icon:             a.Icon,
			CommentsDisabled: a.CommentsDisabled,
			Views:            cloneViews(a.Views),
			Process:          cloneProcess(a.Process),
			origins:          map[string]string{},
		}
	}
	return a.draft
}

// previewSettings returns the pre-live general settings, views and process
// (the draft, or the live values when nothing was edited).
func previewSettings(a *app) *appDraft {
	if a.draft != nil {
		return a.draft
	}
	return &appDraft{Name: a.Name, Description: a.Description, Theme: a.Theme, Icon: a.Icon,
		CommentsDisabled: a.CommentsDisabled, Views: a.Views, Process: a.Process}
}

// errSettingsConflict is GAIA_CO03, an app-settings revision mismatch. Its
// status is UNCONFIRMED ("probably 409", kintone-api.md §7).
func errSettingsConflict() *apiError {
	return newError(http.StatusConflict, "GAIA_CO03",
		"指定したrevisionは最新ではありません。ほかのユーザーがアプリの設定を変更した可能性があります。",
		"The revision is not the latest. Someone may update the app settings.")
}

// checkRevision compares the optional `revision` parameter with want;
// absent or -1 skips the check (kintone.dev settings APIs).
func checkRevision(key string, raw any, want int64) *apiError {
	n, set, err := appInt(raw, key)
	if err != nil || !set || n == -1 {
		return err
	}
	if n != want {
		return errSettingsConflict()
	}
	return nil
}

// previewApp reads `app` and `revision` of a pre-live settings write and
// returns the app; writes need app management rights.
func previewApp(c *call) (*app, *apiError) {
	id, err := appRequiredID(c, "app")
	if err != nil {
		return nil, err
	}
	a, err := c.app(id, accessManage)
	if err != nil {
		return nil, err
	}
	rev, _ := c.param("revision")
	if err := checkRevision("revision", rev, a.PreviewRevision); err != nil {
		return nil, err
	}
	return a, nil
}

// bumpPreview records a pre-live change and returns {"revision"}.
func bumpPreview(a *app) map[string]any {
	a.PreviewRevision++
	return map[string]any{"revision": strconv.FormatInt(a.PreviewRevision, 10)}
}

// errSpaceNotFound is OC_NO01. kintone's status is UNCONFIRMED; 404 is used
// as for other missing objects (kintone-api.md §7).
func errSpaceNotFound(id int64) *apiError {
	return newError(http.StatusNotFound, "OC_NO01",
		fmt.Sprintf("指定したスペース（id: %d）が見つかりません。削除されている可能性があります。", id),
		fmt.Sprintf("The space (id: %d) not found. The space may have been deleted.", id))
}

// errThreadNotFound is OC_NO02 (status UNCONFIRMED; 404 as above).
func errThreadNotFound(id int64) *apiError {
	return newError(http.StatusNotFound, "OC_NO02",
		fmt.Sprintf("指定したスレッド（id: %d）が見つかりません。", id),
		fmt.Sprintf("The thread (id: %d) not found.", id))
}

// postPreviewApp is POST preview/app.json {name, space?, thread?}: it
// creates an app with only the system fields (named in the caller's
// language) and answers {"app","revision"}.
//
// Before its first deploy such an app already answers the live APIs with
// those system fields (app.json, apps.json, fields.json, records): whether
// real kintone hides an app until its first deploy is UNCONFIRMED.
func postPreviewApp(c *call) (any, *apiError) {
	nameRaw, _ := c.param("name")
	name, _ := nameRaw.(string)
	switch n := len([]rune(name)); {
	case n == 0:
		return nil, errRequired("name")
	case n > maxAppNameChars:
		return nil, errField("name", fmt.Sprintf("%d文字より短くなければなりません。", maxAppNameChars+1))
	}
	spaceID, _, err := appIntParam(c, "space")
	if err != nil {
		return nil, err
	}
	threadID, _, err := appIntParam(c, "thread")
	if err != nil {
		return nil, err
	}
	if spaceID == 0 {
		spaceID = c.guest // a guest path creates the app in that guest space
		threadID = 0
	}
	st := c.srv.st
	if spaceID != 0 {
		sp, err := c.space(spaceID)
		if err != nil {
			return nil, err
		}
		if threadID == 0 {
			threadID = sp.DefaultThread
		} else if threadID != sp.DefaultThread {
			// Spaces here have only their default thread.
			return nil, errThreadNotFound(threadID)
		}
	} else {
		threadID = 0
	}
	sys := systemFields
	if c.who.lang == "en" {
		sys = systemFieldsEN
	}
	id, cerr := st.createAppWith(AppSpec{Name: name, SpaceID: spaceID, ThreadID: threadID, Creator: c.who.login()}, c.now, sys)
	if cerr != nil {
		return nil, newError(520, "CB_IL02", "不正なリクエストです。", "Illegal request.")
	}
	return map[string]any{"app": strconv.FormatInt(id, 10), "revision": strconv.FormatInt(st.apps[id].PreviewRevision, 10)}, nil
}
