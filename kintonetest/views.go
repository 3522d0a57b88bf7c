package kintonetest

import (
	"fmt"
	"hash/fnv"
	"strconv"
)

// maxViews is kintone's limit of views per app (kintone-api.md §7 "1,000
// views per app").
const maxViews = 1000

// viewTypes are the view types of views.json.
var viewTypes = map[string]bool{"LIST": true, "CALENDAR": true, "CUSTOM": true}

// cloneViews deep-copies a view list.
func cloneViews(vs []View) []View {
	if vs == nil {
		return nil
	}
	out := make([]View, len(vs))
	for i, v := range vs {
		v.Fields = append([]string(nil), v.Fields...)
		out[i] = v
	}
	return out
}

// viewID derives a view's id from its app and name. Views are stored
// without ids, so an id stays the same across deploys and reordering but
// changes when the view is renamed.
func viewID(appID int64, name string) string {
	h := fnv.New32a()
	_, _ = fmt.Fprintf(h, "%d\x00%s", appID, name)
	return strconv.FormatUint(uint64(h.Sum32()), 10)
}

// viewsHandler serves GET [preview/]app/views.json.
func viewsHandler(preview bool) handlerFunc {
	return func(c *call) (any, *apiError) {
		a, err := localizedSettingsApp(c, preview)
		if err != nil {
			return nil, err
		}
		views, rev := a.Views, a.Revision
		if preview {
			views, rev = previewSettings(a).Views, a.PreviewRevision
		}
		return map[string]any{"views": renderViews(a.ID, views), "revision": strconv.FormatInt(rev, 10)}, nil
	}
}

// renderViews writes views as {name: view}. Calendar (date, title) and
// custom (html, pager, device) attributes are not stored and answer
// kintone's defaults.
func renderViews(appID int64, views []View) map[string]any {
	out := make(map[string]any, len(views))
	for i, v := range views {
		typ := orDefault(v.Type, "LIST")
		m := map[string]any{
			"type":       typ,
			"index":      strconv.Itoa(i),
			"id":         viewID(appID, v.Name),
			"name":       v.Name,
			"filterCond": v.FilterCond,
			"sort":       v.Sort,
		}
		switch typ {
		case "LIST":
			m["fields"] = nonNilStrings(v.Fields)
		case "CALENDAR":
			m["date"] = ""
			m["title"] = ""
		case "CUSTOM":
			m["html"] = ""
			m["pager"] = true
			m["device"] = "DESKTOP"
		}
		out[v.Name] = m
	}
	return out
}

// putViews is PUT preview/app/views.json {app, views, revision?}: it
// replaces every pre-live view (views left out are deleted) and answers
// {views: {name: {id}}, revision}.
func putViews(c *call) (any, *apiError) {
	a, err := previewApp(c)
	if err != nil {
		return nil, err
	}
	raw, _ := c.param("views")
	obj, ok := raw.(map[string]any)
	if !ok {
		if raw == nil {
			return nil, errRequired("views")
		}
		return nil, errField("views", msgNotObject)
	}
	if len(obj) > maxViews {
		return nil, errField("views", fmt.Sprintf("一覧は%d個まで作成できます。", maxViews))
	}
	views, err := appIndexed("views", obj, func(prefix, key string, m map[string]any) (View, *apiError) {
		v := View{Name: key}
		if s, _ := m["name"].(string); s != "" && s != key {
			return v, errField(prefix+".name", "一覧名がキーと一致しません。")
		}
		v.Type, _ = m["type"].(string)
		if !viewTypes[v.Type] {
			return v, errField(prefix+".type", msgEnum)
		}
		v.FilterCond, _ = m["filterCond"].(string)
		v.Sort, _ = m["sort"].(string)
		if fs, ok := m["fields"].([]any); ok && v.Type == "LIST" {
			for _, fv := range fs {
				code, _ := fv.(string)
				if f, _ := fieldIn(a.Preview, code); f == nil {
					return v, errFieldCodeNotFound(code)
				}
				v.Fields = append(v.Fields, code)
			}
		}
		return v, nil
	})
	if err != nil {
		return nil, err
	}
	ids := make(map[string]any, len(views))
	for _, v := range views {
		ids[v.Name] = map[string]any{"id": viewID(a.ID, v.Name)}
	}
	draftOf(a).Views = views
	resp := bumpPreview(a)
	resp["views"] = ids
	return resp, nil
}
