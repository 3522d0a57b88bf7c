package kintonetest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Limits of GET apps.json (kintone-api.md §5 and §7 "apps.json 100").
const (
	// maxAppsLimit is the largest and default `limit`.
	maxAppsLimit = 100
	// maxAppsFilter is the most ids, codes or spaceIds one call may give.
	maxAppsFilter = 100
	// maxAppsOffset is the largest `offset` (0–2147483647).
	maxAppsOffset = 2147483647
	// maxAppCodeLen and maxAppNameLen bound `codes[]` items and `name`.
	maxAppCodeLen = 64
	maxAppNameLen = 64
)

// appTimeLayout is how app and space timestamps are written
// ("2014-06-02T05:14:05.000Z" in kintone's responses).
const appTimeLayout = "2006-01-02T15:04:05.000Z"

// registerAppRoutes installs the app metadata endpoints: apps, app, form
// fields and layout, views, process management, general settings, preview
// app creation, deploy and space.
func (s *Server) registerAppRoutes() {
	read := func(h handlerFunc) route { return route{h: h, tokenOK: true} }
	write := func(h handlerFunc) route { return route{h: h, write: true, tokenOK: true} }

	// apps.json, space.json and preview/app.json refuse API tokens
	// (kintone-api.md §2; Add App: "API Tokens cannot be used").
	s.handle(kintoneAPI, http.MethodGet, "apps.json", route{h: getApps})
	s.handle(kintoneAPI, http.MethodGet, "space.json", route{h: getSpace})
	s.handle(kintoneAPI, http.MethodPost, "preview/app.json", route{h: postPreviewApp, write: true})
	s.handle(kintoneAPI, http.MethodGet, "app.json", read(getApp))

	for _, preview := range []bool{false, true} {
		p := ""
		if preview {
			p = "preview/"
		}
		s.handle(kintoneAPI, http.MethodGet, p+"app/form/fields.json", read(formFieldsHandler(preview)))
		s.handle(kintoneAPI, http.MethodGet, p+"app/form/layout.json", read(layoutHandler(preview)))
		s.handle(kintoneAPI, http.MethodGet, p+"app/views.json", read(viewsHandler(preview)))
		s.handle(kintoneAPI, http.MethodGet, p+"app/status.json", read(statusHandler(preview)))
		s.handle(kintoneAPI, http.MethodGet, p+"app/settings.json", read(settingsHandler(preview)))
	}

	s.handle(kintoneAPI, http.MethodPost, "preview/app/form/fields.json", write(postFormFields))
	s.handle(kintoneAPI, http.MethodPut, "preview/app/form/fields.json", write(putFormFields))
	s.handle(kintoneAPI, http.MethodDelete, "preview/app/form/fields.json", write(deleteFormFields))
	s.handle(kintoneAPI, http.MethodPut, "preview/app/views.json", write(putViews))
	s.handle(kintoneAPI, http.MethodPut, "preview/app/status.json", write(putStatus))
	s.handle(kintoneAPI, http.MethodPut, "preview/app/settings.json", write(putSettings))
	s.handle(kintoneAPI, http.MethodPost, "preview/app/deploy.json", write(postDeploy))
	// The status GET is a write route: the first poll after a deploy
	// reports PROCESSING and moves the app on to SUCCESS (deploy.go).
	s.handle(kintoneAPI, http.MethodGet, "preview/app/deploy.json", write(getDeployStatus))
}

// appIntParam reads an integer parameter sent as a JSON number or a string
// ("1" and 1 are both accepted by kintone). An absent, null or empty value
// is reported as not set.
func appIntParam(c *call, name string) (int64, bool, *apiError) {
	v, ok := c.param(name)
	if !ok {
		return 0, false, nil
	}
	return appInt(v, name)
}

// appInt converts one raw parameter value to an integer; key names the
// value in the error.
func appInt(v any, key string) (int64, bool, *apiError) {
	var s string
	switch x := v.(type) {
	case nil:
		return 0, false, nil
	case json.Number:
		s = x.String()
	case string:
		s = strings.TrimSpace(x)
	case float64:
		s = strconv.FormatFloat(x, 'f', -1, 64)
	default:
		return 0, false, errField(key, msgInteger)
	}
	if s == "" {
		return 0, false, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false, errField(key, msgInteger)
	}
	return n, true, nil
}

// appIndexed reads the object parameter param, {key: {index, ...}}, of the
// settings PUTs that order their members by "index" (states, views): read
// turns each member, reported under prefix "param[key]", into a T. The
// results come in index order, then key order.
func appIndexed[T any](param string, obj map[string]any, read func(prefix, key string, m map[string]any) (T, *apiError)) ([]T, *apiError) {
	type indexed struct {
		index int64
		key   string
		v     T
	}
	list := make([]indexed, 0, len(obj))
	for key, rv := range obj {
		prefix := fmt.Sprintf("%s[%s]", param, key)
		m, ok := rv.(map[string]any)
		if !ok {
			return nil, errField(prefix, msgNotObject)
		}
		idx, set, err := appInt(m["index"], prefix+".index")
		if err != nil {
			return nil, err
		}
		if !set {
			return nil, errRequired(prefix + ".index")
		}
		v, err := read(prefix, key, m)
		if err != nil {
			return nil, err
		}
		list = append(list, indexed{idx, key, v})
	}
	slices.SortFunc(list, func(a, b indexed) int {
		return cmp.Or(cmp.Compare(a.index, b.index), strings.Compare(a.key, b.key))
	})
	out := make([]T, len(list))
	for i, it := range list {
		out[i] = it.v
	}
	return out, nil
}

// Validation messages shared by the app endpoints (ja, as kintone's
// default language; kintone-api.md §7 and SDK fixtures).
const (
	msgInteger  = "整数を入力してください。"
	msgEnum     = "Enum値のいずれかでなければなりません。"
	msgMinOne   = "最小でも1以上です。"
	msgMinZero  = "最小でも0以上です。"
	msgRequired = "必須です。"
)

// appRequiredID reads a required positive id parameter ("app" or "id").
func appRequiredID(c *call, name string) (int64, *apiError) {
	n, set, err := appIntParam(c, name)
	if err != nil {
		return 0, err
	}
	if !set {
		return 0, errRequired(name)
	}
	if n < 1 {
		return 0, errField(name, msgMinOne)
	}
	return n, nil
}

// appList reads an array parameter: a JSON array, indexed query keys
// (ids[0]=1), or a lone value. Null, "" and [] mean "not given".
func appList(c *call, name string) []any {
	v, ok := c.param(name)
	if !ok || v == nil {
		return nil
	}
	switch x := v.(type) {
	case []any:
		out := make([]any, 0, len(x))
		for _, e := range x {
			if e != nil {
				out = append(out, e)
			}
		}
		return out
	case string:
		if x == "" {
			return nil
		}
	}
	return []any{v}
}

// errTooManyParams is kintone's GAIA_TO03 for an array longer than its
// limit; the message names the first element past it, as in
// "... - apps[300]" (SDK fixture, kintone-api.md §5). The status is
// UNCONFIRMED ("?" in §7); the fixture answers 400.
func errTooManyParams(name string, limit int) *apiError {
	return newError(http.StatusBadRequest, "GAIA_TO03",
		fmt.Sprintf("パラメータの数が上限を超えています。 - %s[%d]", name, limit),
		fmt.Sprintf("The number of parameters exceeds the limit. - %s[%d]", name, limit))
}

// appIDList reads an array of positive ids with at most limit items.
func appIDList(c *call, name string, limit int) ([]int64, *apiError) {
	raw := appList(c, name)
	if len(raw) > limit {
		return nil, errTooManyParams(name, limit)
	}
	out := make([]int64, 0, len(raw))
	for i, v := range raw {
		key := fmt.Sprintf("%s[%d]", name, i)
		n, set, err := appInt(v, key)
		if err != nil {
			return nil, err
		}
		if !set {
			continue
		}
		if n < 1 {
			return nil, errField(key, msgMinOne)
		}
		out = append(out, n)
	}
	return out, nil
}

// appJSON is the App object of app.json and apps.json.
type appJSON struct {
	AppID       string      `json:"appId"`
	Code        string      `json:"code"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	SpaceID     *string     `json:"spaceId"`
	ThreadID    *string     `json:"threadId"`
	CreatedAt   string      `json:"createdAt"`
	Creator     userRefJSON `json:"creator"`
	ModifiedAt  string      `json:"modifiedAt"`
	Modifier    userRefJSON `json:"modifier"`
}

// userRefJSON is a {code, name} user reference.
type userRefJSON struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

// userRef renders a login name as {code, name}; a user no longer in the
// directory keeps its login name as display name.
func (st *store) userRef(login string) userRefJSON {
	if u := st.userByCode(login); u != nil {
		return userRefJSON{Code: u.Code, Name: u.Name}
	}
	return userRefJSON{Code: login, Name: login}
}

// idString formats an id, or nil for 0 (kintone writes null for "none").
func idString(id int64) *string {
	if id == 0 {
		return nil
	}
	s := strconv.FormatInt(id, 10)
	return &s
}

// formatAppTime writes a timestamp in kintone's app/space time format.
func formatAppTime(t time.Time) string { return t.UTC().Format(appTimeLayout) }

// renderApp builds the App object of an app.
func (st *store) renderApp(a *app) appJSON {
	return appJSON{
		AppID:       strconv.FormatInt(a.ID, 10),
		Code:        a.Code,
		Name:        a.Name,
		Description: a.Description,
		SpaceID:     idString(a.SpaceID),
		ThreadID:    idString(a.ThreadID),
		CreatedAt:   formatAppTime(a.CreatedAt),
		Creator:     st.userRef(a.Creator),
		ModifiedAt:  formatAppTime(a.ModifiedAt),
		Modifier:    st.userRef(a.Modifier),
	}
}

// getApp is GET app.json?id=: one app's general information. API tokens
// of the app may call it (kintone-api.md §2).
func getApp(c *call) (any, *apiError) {
	id, err := appRequiredID(c, "id")
	if err != nil {
		return nil, err
	}
	a, err := c.app(id, accessView)
	if err != nil {
		return nil, err
	}
	return c.srv.st.renderApp(a), nil
}

// appsQuery is the parsed filter of GET apps.json.
type appsQuery struct {
	ids      map[int64]bool
	codes    map[string]bool
	name     string
	spaceIDs map[int64]bool
	limit    int64
	offset   int64
}

// idSet returns ids as a set, or nil (no filter) when there are none.
func idSet(ids []int64) map[int64]bool {
	if len(ids) == 0 {
		return nil
	}
	set := make(map[int64]bool, len(ids))
	for _, id := range ids {
		set[id] = true
	}
	return set
}

// parseAppsQuery validates apps.json's parameters (kintone-api.md §5; the
// limit/offset messages follow the SDK fixtures).
func parseAppsQuery(c *call) (*appsQuery, *apiError) {
	q := &appsQuery{limit: maxAppsLimit}
	ids, err := appIDList(c, "ids", maxAppsFilter)
	if err != nil {
		return nil, err
	}
	q.ids = idSet(ids)
	spaces, err := appIDList(c, "spaceIds", maxAppsFilter)
	if err != nil {
		return nil, err
	}
	q.spaceIDs = idSet(spaces)
	codes := appList(c, "codes")
	if len(codes) > maxAppsFilter {
		return nil, errTooManyParams("codes", maxAppsFilter)
	}
	for i, v := range codes {
		key := fmt.Sprintf("codes[%d]", i)
		s, ok := v.(string)
		if !ok {
			if n, isNum := v.(json.Number); isNum {
				s = n.String()
			} else {
				return nil, errField(key, msgNotString)
			}
		}
		if n := len([]rune(s)); n < 1 || n > maxAppCodeLen {
			return nil, errField(key, fmt.Sprintf("%d文字以上%d文字以下で入力してください。", 1, maxAppCodeLen))
		}
		if q.codes == nil {
			q.codes = map[string]bool{}
		}
		q.codes[s] = true
	}
	if v, ok := c.param("name"); ok && v != nil {
		s, isStr := v.(string)
		if !isStr {
			if arr, isArr := v.([]any); !isArr || len(arr) > 0 {
				return nil, errField("name", msgNotString)
			}
		}
		if len([]rune(s)) > maxAppNameLen {
			return nil, errField("name", fmt.Sprintf("%d文字より短くなければなりません。", maxAppNameLen+1))
		}
		q.name = strings.ToLower(s)
	}
	if n, set, err := appIntParam(c, "limit"); err != nil {
		return nil, err
	} else if set {
		switch {
		case n < 1:
			return nil, errField("limit", msgMinOne)
		case n > maxAppsLimit:
			return nil, errField("limit", fmt.Sprintf("最大でも%d以下です。", maxAppsLimit))
		}
		q.limit = n
	}
	if n, set, err := appIntParam(c, "offset"); err != nil {
		return nil, err
	} else if set {
		switch {
		case n < 0:
			return nil, errField("offset", msgMinZero)
		case n > maxAppsOffset:
			return nil, errField("offset", "最大でも2,147,483,647以下です。")
		}
		q.offset = n
	}
	return q, nil
}

// matches reports whether the app passes every given filter (filters
// combine with AND).
func (q *appsQuery) matches(a *app) bool {
	if q.ids != nil && !q.ids[a.ID] {
		return false
	}
	if q.codes != nil && !q.codes[a.Code] {
		return false
	}
	if q.spaceIDs != nil && !q.spaceIDs[a.SpaceID] {
		return false
	}
	return q.name == "" || strings.Contains(strings.ToLower(a.Name), q.name)
}

// getApps is GET apps.json: the apps matching the filters, by ascending
// id. Under a guest path only that guest space's apps are listed. Under
// the normal path every app is listed, guest-space apps included: whether
// kintone lists guest-space apps there is UNCONFIRMED, and this server has
// no per-app permissions, so every user "can see" every app.
func getApps(c *call) (any, *apiError) {
	q, err := parseAppsQuery(c)
	if err != nil {
		return nil, err
	}
	st := c.srv.st
	ids := make([]int64, 0, len(st.apps))
	for id, a := range st.apps {
		if c.guest != 0 && (!a.GuestSpace || a.SpaceID != c.guest) {
			continue
		}
		if q.matches(a) {
			ids = append(ids, id)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	out := []appJSON{}
	for i := q.offset; i < int64(len(ids)) && int64(len(out)) < q.limit; i++ {
		out = append(out, st.renderApp(st.apps[ids[i]]))
	}
	return map[string]any{"apps": out}, nil
}
