package engine

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/kintone-sql/kintone/client"
	"github.com/kintone-sql/kintone/schema"
)

// props is one row of a directory or metadata table before conversion:
// the values kintone sent, by the Code of the column that shows them.
type props map[string]any

// merge copies src into p with every key prefixed by side and a dot
// (membership rows: "user.code", "organization.id").
func (p props) merge(side string, src props) props {
	for k, v := range src {
		p[side+"."+k] = v
	}
	return p
}

// propValue converts a value as kintone sent it to the SQL value of col:
// ids and counts sent as text become int64, ISO-8601 texts become UTC
// times, structures become compact JSON text. Empty texts, empty arrays
// and JSON null are NULL (as for app tables).
func propValue(col *schema.Column, v any) (Value, error) {
	if v == nil {
		return nil, nil
	}
	switch x := v.(type) {
	case *int64:
		if x == nil {
			return nil, nil
		}
		v = *x
	case *string:
		if x == nil {
			return nil, nil
		}
		v = *x
	}
	switch col.Type {
	case schema.TypeJSON:
		return jsonValue(v)
	case schema.TypeBool:
		if b, ok := v.(bool); ok {
			return b, nil
		}
	case schema.TypeBigInt:
		switch x := v.(type) {
		case int64:
			return x, nil
		case int:
			return int64(x), nil
		case string:
			if x == "" {
				return nil, nil
			}
			n, err := strconv.ParseInt(x, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("engine: column %s: kintone sent %q, not an integer", col.Name, x)
			}
			return n, nil
		}
	case schema.TypeDate, schema.TypeDateTime:
		s, ok := v.(string)
		if !ok {
			break
		}
		if s == "" {
			return nil, nil
		}
		layout := time.RFC3339Nano
		if col.Type == schema.TypeDate {
			layout = DateLayout
		}
		t, err := time.Parse(layout, s)
		if err != nil {
			return nil, fmt.Errorf("engine: column %s: kintone sent %q, not a %s", col.Name, s, col.Type.DatabaseTypeName())
		}
		return t.UTC(), nil
	default:
		if s, ok := v.(string); ok {
			if s == "" && col.Nullable {
				return nil, nil
			}
			return s, nil
		}
	}
	return nil, fmt.Errorf("engine: column %s: unexpected value %T from kintone", col.Name, v)
}

// jsonValue renders v as compact JSON text without HTML escaping; nil, an
// empty array or map, JSON null and "" are NULL.
func jsonValue(v any) (Value, error) {
	if raw, ok := v.(json.RawMessage); ok {
		var b bytes.Buffer
		if len(raw) == 0 || json.Compact(&b, raw) != nil {
			return nil, nil
		}
		switch b.String() {
		case "null", `""`, "[]", "{}":
			return nil, nil
		}
		return b.String(), nil
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.Slice, reflect.Map:
		if rv.Len() == 0 {
			return nil, nil
		}
	case reflect.Pointer, reflect.Interface:
		if rv.IsNil() {
			return nil, nil
		}
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("engine: encoding JSON: %w", err)
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// batchFunc returns the next rows of a directory or metadata scan; done is
// true when no batch follows.
type batchFunc func(ctx context.Context) (rows []props, done bool, err error)

// propIter turns batches of props into rows of cols, keeping those that
// pass the keys. The first batch is fetched by Open.
type propIter struct {
	ctx   context.Context
	next  batchFunc
	keys  keys
	cols  []*schema.Column
	buf   []props
	done  bool
	wrap  func(error) error
	stats *Stats
}

// newPropIter starts an iterator and fetches its first batch, so that
// kintone's errors surface at Open.
func newPropIter(ctx context.Context, env *Env, next batchFunc, k keys, cols []*schema.Column, wrap func(error) error) (*propIter, error) {
	it := &propIter{ctx: ctx, next: next, keys: k, cols: cols, wrap: wrap}
	if env != nil {
		it.stats = env.Stats
	}
	if k.empty() {
		it.done = true
		return it, nil
	}
	if err := it.fill(); err != nil {
		return nil, err
	}
	return it, nil
}

// fill fetches the next batch.
func (it *propIter) fill() error {
	rows, done, err := it.next(it.ctx)
	if err != nil {
		it.done = true
		return it.wrap(err)
	}
	it.buf, it.done = rows, done
	if it.stats != nil {
		it.stats.Records.Add(int64(len(rows)))
	}
	return nil
}

// Next returns the next row that passes the keys.
func (it *propIter) Next() (Row, error) {
	for {
		for len(it.buf) > 0 {
			p := it.buf[0]
			it.buf = it.buf[1:]
			ok, err := it.keys.match(p)
			if err != nil {
				return nil, err
			}
			if !ok {
				continue
			}
			row := make(Row, len(it.cols))
			for i, c := range it.cols {
				if row[i], err = propValue(c, p[c.Code]); err != nil {
					return nil, err
				}
			}
			return row, nil
		}
		if it.done {
			return nil, io.EOF
		}
		if err := it.fill(); err != nil {
			return nil, err
		}
	}
}

// Close stops the iterator; no request is pending between calls to Next.
func (it *propIter) Close() error {
	it.buf, it.done = nil, true
	return nil
}

// countRequest adds one kintone request to the statement's statistics.
func countRequest(env *Env) {
	if env != nil && env.Stats != nil {
		env.Stats.Requests.Add(1)
	}
}

// builtinColumns describes the output of a directory or metadata scan.
func builtinColumns(cols []*schema.Column, qualifier string) []Column {
	out := make([]Column, len(cols))
	for i, c := range cols {
		out[i] = Column{Name: c.Name, Table: qualifier, Type: c.Type, Nullable: c.Nullable, Source: c}
	}
	return out
}

// needClient checks that the environment can reach kintone.
func needClient(env *Env, t *schema.Table) error {
	if env == nil || env.Client == nil {
		return fmt.Errorf("engine: scan of %s.%s needs a kintone client", t.Schema, t.Name)
	}
	return nil
}

// isKintoneCode reports whether err is kintone's answer with the given
// error code.
func isKintoneCode(err error, code string) bool {
	var ke *client.Error
	return errors.As(err, &ke) && ke.Code == code
}
