package kintonetest

import "fmt"

// The shared bodies of the directory writes (users, organizations and
// groups): every object of a request is validated before anything
// changes.

// uaAdd is a directory POST. read builds an entity from each object of
// the array parameter param; added holds the codes of the objects before
// it. A code already in list or earlier in the request is refused with
// the message taken (a format with one %s). Once every object is valid,
// the entities get the next ids of their kind, in request order.
func uaAdd[T dirEntry](c *call, param string, list *[]T, nextID *int64, taken string, read func(in uaObject, added map[string]bool) T) (any, *apiError) {
	errs := fieldErrs{}
	objs, aerr := uaObjects(c, param, uaMaxItems, errs)
	if aerr != nil {
		return nil, aerr
	}
	added := map[string]bool{}
	items := make([]T, 0, len(objs))
	for _, in := range objs {
		v := read(in, added)
		if code := entryCode(v); code != "" {
			if codeIndex(*list, code) >= 0 || added[code] {
				in.errs.add(in.key("code"), fmt.Sprintf(taken, code))
			}
			added[code] = true
		}
		items = append(items, v)
	}
	if aerr := errs.err(); aerr != nil {
		return nil, aerr
	}
	for _, v := range items {
		appendEntry(list, nextID, v)
	}
	return map[string]any{}, nil
}

// uaUpdate is a directory PUT. Each object of the array parameter param
// names an entity of list by its code (maxCode characters at most; an
// unknown one is refused with notFound); apply changes a copy of it made
// by clone, or the copy an earlier object for the same code made. check,
// when not nil, runs once every object is read and may refuse more. Once
// every object is valid, the copies replace the entities, so an entity
// held by an earlier request never changes under it.
func uaUpdate[T dirEntry](c *call, param string, list []T, maxCode int, notFound func(string) string,
	clone func(T) T, apply func(uaObject, T), check func(updated map[string]T)) (any, *apiError) {
	errs := fieldErrs{}
	objs, aerr := uaObjects(c, param, uaMaxItems, errs)
	if aerr != nil {
		return nil, aerr
	}
	updated := map[string]T{}
	for _, in := range objs {
		code := in.required("code", maxCode)
		if code == "" {
			continue
		}
		cur, ok := updated[code]
		if !ok {
			i := codeIndex(list, code)
			if i < 0 {
				in.errs.add(in.key("code"), notFound(code))
				continue
			}
			cur = list[i]
		}
		v := clone(cur)
		apply(in, v)
		updated[code] = v
	}
	if check != nil {
		check(updated)
	}
	if aerr := errs.err(); aerr != nil {
		return nil, aerr
	}
	for i, v := range list {
		if nv, ok := updated[entryCode(v)]; ok {
			list[i] = nv
		}
	}
	return map[string]any{}, nil
}

// uaShallowClone copies an entity whose fields are all values.
func uaShallowClone[E any](v *E) *E {
	c := *v
	return &c
}
