package kintonetest

import (
	"sort"
	"strconv"
)

// Fixed parts of the space shape that this server does not model
// (cover image, layout switches); the values are kintone's defaults for a
// new space.
const (
	spaceCoverType = "PRESET"
	spaceCoverKey  = "GREEN"
)

// space looks a space up for the call. A guest space is reached only
// through its own /k/guest/{id}/ path and a normal space only through the
// normal path; any other combination is 403 CB_NO02 (kintone's answer is
// UNCONFIRMED; CB_NO02 is its generic "no privilege"). Space membership is
// not enforced: this server has no access rights beyond the path rules.
func (c *call) space(id int64) (*Space, *apiError) {
	sp := c.srv.st.spaces[id]
	if sp == nil {
		return nil, errSpaceNotFound(id)
	}
	if sp.IsGuest && c.guest != sp.ID || !sp.IsGuest && c.guest != 0 {
		return nil, errNoPrivilege()
	}
	return sp, nil
}

// attachedAppJSON is one entry of a space's attachedApps.
type attachedAppJSON struct {
	AppID       string      `json:"appId"`
	Code        string      `json:"code"`
	Name        string      `json:"name"`
	Description string      `json:"description"`
	ThreadID    *string     `json:"threadId"`
	CreatedAt   string      `json:"createdAt"`
	Creator     userRefJSON `json:"creator"`
	ModifiedAt  string      `json:"modifiedAt"`
	Modifier    userRefJSON `json:"modifier"`
}

// getSpace is GET space.json?id= (password auth only; kintone-api.md §5).
// The creator and modifier are the administrator, since spaces are seeded
// without one.
func getSpace(c *call) (any, *apiError) {
	id, err := appRequiredID(c, "id")
	if err != nil {
		return nil, err
	}
	sp, err := c.space(id)
	if err != nil {
		return nil, err
	}
	st := c.srv.st
	var ids []int64
	for aid, a := range st.apps {
		if a.SpaceID == sp.ID {
			ids = append(ids, aid)
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	apps := make([]attachedAppJSON, 0, len(ids))
	for _, aid := range ids {
		r := st.renderApp(st.apps[aid])
		apps = append(apps, attachedAppJSON{AppID: r.AppID, Code: r.Code, Name: r.Name, Description: r.Description,
			ThreadID: r.ThreadID, CreatedAt: r.CreatedAt, Creator: r.Creator, ModifiedAt: r.ModifiedAt, Modifier: r.Modifier})
	}
	admin := st.userRef(DefaultUser)
	return map[string]any{
		"id":                  strconv.FormatInt(sp.ID, 10),
		"name":                sp.Name,
		"defaultThread":       strconv.FormatInt(sp.DefaultThread, 10),
		"isPrivate":           sp.IsPrivate,
		"creator":             admin,
		"modifier":            admin,
		"memberCount":         strconv.Itoa(len(sp.Members)),
		"coverType":           spaceCoverType,
		"coverKey":            spaceCoverKey,
		"coverUrl":            "",
		"body":                sp.Body,
		"useMultiThread":      false,
		"isGuest":             sp.IsGuest,
		"attachedApps":        apps,
		"fixedMember":         false,
		"showAnnouncement":    true,
		"showThreadList":      true,
		"showAppList":         true,
		"showMemberList":      true,
		"showRelatedLinkList": true,
		"permissions":         map[string]any{"createApp": "EVERYONE"},
	}, nil
}
