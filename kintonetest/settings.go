package kintonetest

import (
	"fmt"
	"strconv"
)

// appThemes are the colour themes of the general settings (SDK types).
var appThemes = map[string]bool{"WHITE": true, "CLIPBOARD": true, "BINDER": true, "PENCIL": true,
	"CLIPS": true, "RED": true, "BLUE": true, "GREEN": true, "YELLOW": true, "BLACK": true}

// settingsHandler serves GET [preview/]app/settings.json. Settings this
// server does not model (title field, thumbnails, number precision, fiscal
// year, ...) answer kintone's defaults for a new app.
func settingsHandler(preview bool) handlerFunc {
	return func(c *call) (any, *apiError) {
		a, err := localizedSettingsApp(c, preview)
		if err != nil {
			return nil, err
		}
		d, rev := &appDraft{Name: a.Name, Description: a.Description, Theme: a.Theme, Icon: a.Icon,
			CommentsDisabled: a.CommentsDisabled}, a.Revision
		if preview {
			d, rev = previewSettings(a), a.PreviewRevision
		}
		return map[string]any{
			"name":                      d.Name,
			"description":               d.Description,
			"icon":                      map[string]any{"type": "PRESET", "key": orDefault(d.Icon, defaultIcon)},
			"theme":                     orDefault(d.Theme, defaultTheme),
			"titleField":                map[string]any{"selectionMode": "AUTO", "code": ""},
			"enableThumbnails":          true,
			"enableBulkDeletion":        false,
			"enableComments":            !d.CommentsDisabled,
			"enableDuplicateRecord":     true,
			"enableInlineRecordEditing": true,
			"numberPrecision":           map[string]any{"digits": "16", "decimalPlaces": "4", "roundingMode": "HALF_EVEN"},
			"firstMonthOfFiscalYear":    "4",
			"revision":                  strconv.FormatInt(rev, 10),
		}, nil
	}
}

// putSettings is PUT preview/app/settings.json. It changes name,
// description, theme, a PRESET icon and enableComments; a FILE icon is
// refused (files are not kept as icons here) and the other settings are
// accepted and ignored.
func putSettings(c *call) (any, *apiError) {
	a, err := previewApp(c)
	if err != nil {
		return nil, err
	}
	next := *previewSettings(a)
	if v, ok := c.param("name"); ok && v != nil {
		s, _ := v.(string)
		switch n := len([]rune(s)); {
		case n == 0:
			return nil, errRequired("name")
		case n > maxAppNameChars:
			return nil, errField("name", fmt.Sprintf("%d文字より短くなければなりません。", maxAppNameChars+1))
		}
		next.Name = s
	}
	if v, ok := c.param("description"); ok && v != nil {
		s, isStr := v.(string)
		if !isStr {
			return nil, errField("description", msgNotString)
		}
		next.Description = s
	}
	if v, ok := c.param("theme"); ok && v != nil {
		s, _ := v.(string)
		if !appThemes[s] {
			return nil, errField("theme", msgEnum)
		}
		next.Theme = s
	}
	if v, ok := c.param("icon"); ok && v != nil {
		m, _ := v.(map[string]any)
		switch t, _ := m["type"].(string); t {
		case "PRESET":
			key, _ := m["key"].(string)
			if key == "" {
				return nil, errRequired("icon.key")
			}
			next.Icon = key
		case "FILE":
			return nil, errField("icon.type", "FILE icons are not supported by this server.")
		default:
			return nil, errField("icon.type", msgEnum)
		}
	}
	if v, ok := c.param("enableComments"); ok && v != nil {
		b, ok := propBool(v)
		if !ok {
			return nil, errField("enableComments", msgNotBool)
		}
		next.CommentsDisabled = !b
	}
	d := draftOf(a)
	d.Name, d.Description, d.Theme, d.Icon = next.Name, next.Description, next.Theme, next.Icon
	d.CommentsDisabled = next.CommentsDisabled
	return bumpPreview(a), nil
}
