package kintonetest

import (
	"fmt"
	"strconv"
	"strings"
)

// Parameters of the User API reads: ids[]/codes[] selection and
// offset/size paging.

// uaParamStrings reads an optional array parameter of a read request
// (ids[] or codes[]): at most uaMaxItems values.
func uaParamStrings(c *call, name string) ([]string, *apiError) {
	raw, ok := c.param(name)
	if !ok || raw == nil {
		return nil, nil
	}
	list, ok := uaStringList(raw)
	if !ok {
		return nil, errField(name, uaMsgInvalid)
	}
	if len(list) > uaMaxItems {
		return nil, errField(name, fmt.Sprintf("%d件以下で指定してください。", uaMaxItems))
	}
	return list, nil
}

// uaParamCode reads the required string parameter "code" of the
// membership reads and writes.
func uaParamCode(c *call) (string, *apiError) {
	raw, ok := c.param("code")
	if !ok || raw == nil {
		return "", errRequired("code")
	}
	s, ok := stringOrNumber(raw)
	if !ok {
		return "", errField("code", uaMsgInvalid)
	}
	if strings.TrimSpace(s) == "" {
		return "", errRequired("code")
	}
	return s, nil
}

// uaPaging reads offset (0.., default 0) and size (1..100, default 100),
// as §8 documents for users, organizations, groups and their members.
func uaPaging(c *call) (offset, size int, aerr *apiError) {
	size = uaMaxItems
	if raw, ok := c.param("offset"); ok && raw != nil {
		n, ok := uaScalarInt(raw)
		switch {
		case !ok:
			return 0, 0, errField("offset", uaMsgInvalid)
		case n < 0:
			return 0, 0, errField("offset", "0以上である必要があります。")
		}
		offset = int(min(n, int64(1<<31-1)))
	}
	if raw, ok := c.param("size"); ok && raw != nil {
		n, ok := uaScalarInt(raw)
		switch {
		case !ok:
			return 0, 0, errField("size", uaMsgInvalid)
		case n < 1:
			return 0, 0, errField("size", "1以上である必要があります。")
		case n > uaMaxItems:
			return 0, 0, errField("size", fmt.Sprintf("%d以下である必要があります。", uaMaxItems))
		}
		size = int(n)
	}
	return offset, size, nil
}

// uaPage returns the page [offset, offset+size) of list.
func uaPage[T any](list []T, offset, size int) []T {
	if offset >= len(list) {
		return list[:0]
	}
	return list[offset:min(len(list), offset+size)]
}

// uaSelector is the ids[]/codes[] filter of a directory read; the two are
// mutually exclusive (kintone-api.md §8).
type uaSelector struct {
	ids   map[int64]bool
	codes map[string]bool
}

// uaReadSelector reads ids[] and codes[].
func uaReadSelector(c *call) (uaSelector, *apiError) {
	ids, aerr := uaParamStrings(c, "ids")
	if aerr != nil {
		return uaSelector{}, aerr
	}
	codes, aerr := uaParamStrings(c, "codes")
	if aerr != nil {
		return uaSelector{}, aerr
	}
	if len(ids) > 0 && len(codes) > 0 {
		msg := "idsとcodesは同時に指定できません。"
		return uaSelector{}, errValidation(map[string][]string{"ids": {msg}, "codes": {msg}})
	}
	var sel uaSelector
	if len(ids) > 0 {
		sel.ids = map[int64]bool{}
		for i, s := range ids {
			n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
			if err != nil || n < 1 {
				return uaSelector{}, errField(fmt.Sprintf("ids[%d]", i), "1以上の整数である必要があります。")
			}
			sel.ids[n] = true
		}
	}
	if len(codes) > 0 {
		sel.codes = map[string]bool{}
		for _, s := range codes {
			sel.codes[s] = true
		}
	}
	return sel, nil
}

// match reports whether an entity with id and code passes the filter.
func (s uaSelector) match(id int64, code string) bool {
	switch {
	case s.ids != nil:
		return s.ids[id]
	case s.codes != nil:
		return s.codes[code]
	}
	return true
}

// uaSelect is the common body of GET users/organizations/groups.json:
// items (kept in id order by the store) filtered by ids[] or codes[],
// paged by offset/size and rendered. The result is never nil, so an empty
// page encodes as [].
func uaSelect[T dirEntry, J any](c *call, items []T, render func(T) J) ([]J, *apiError) {
	sel, aerr := uaReadSelector(c)
	if aerr != nil {
		return nil, aerr
	}
	offset, size, aerr := uaPaging(c)
	if aerr != nil {
		return nil, aerr
	}
	var list []T
	for _, it := range items {
		if sel.match(it.ident()) {
			list = append(list, it)
		}
	}
	out := []J{}
	for _, it := range uaPage(list, offset, size) {
		out = append(out, render(it))
	}
	return out, nil
}
