package kintonetest

import (
	"fmt"
	"slices"
)

// dirEntry is a directory entity (user, organization, group or title) as
// the code shared by the four kinds sees it.
type dirEntry interface {
	// ident returns the entity's id and code.
	ident() (id int64, code string)
	// setID gives the entity its id.
	setID(id int64)
}

func (u *User) ident() (int64, string)         { return u.ID, u.Code }
func (u *User) setID(id int64)                 { u.ID = id }
func (o *Organization) ident() (int64, string) { return o.ID, o.Code }
func (o *Organization) setID(id int64)         { o.ID = id }
func (g *Group) ident() (int64, string)        { return g.ID, g.Code }
func (g *Group) setID(id int64)                { g.ID = id }
func (t *Title) ident() (int64, string)        { return t.ID, t.Code }
func (t *Title) setID(id int64)                { t.ID = id }

// entryCode returns the code of a directory entity.
func entryCode[T dirEntry](v T) string {
	_, code := v.ident()
	return code
}

// codeIndex returns the index of the entity of list with the code, or -1.
func codeIndex[T dirEntry](list []T, code string) int {
	return slices.IndexFunc(list, func(v T) bool { return entryCode(v) == code })
}

// byCode returns the entity of list with the code, or nil.
func byCode[T dirEntry](list []T, code string) T {
	if i := codeIndex(list, code); i >= 0 {
		return list[i]
	}
	var none T
	return none
}

// appendEntry gives v the next id of its kind and appends it to list (the
// store keeps each kind in id order); it returns the id.
func appendEntry[T dirEntry](list *[]T, nextID *int64, v T) int64 {
	*nextID++
	v.setID(*nextID)
	*list = append(*list, v)
	return *nextID
}

// checkNewCode is the code check of the Server.Add* seeding methods: code
// is required and must not be in list yet. method and kind name the
// method and the entity in the error.
func checkNewCode[T dirEntry](list []T, code, method, kind string) error {
	if code == "" {
		return fmt.Errorf("kintonetest: %s: Code is required", method)
	}
	if codeIndex(list, code) >= 0 {
		return fmt.Errorf("kintonetest: %s: %s %q already exists", method, kind, code)
	}
	return nil
}
