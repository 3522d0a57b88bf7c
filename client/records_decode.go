package client

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
)

// recordsAnswer is the answer of records.json and of a cursor page:
// {"records":[...],"totalCount":"N"|null,"next":bool}. It is read by a
// decoder made for that shape instead of encoding/json: the body is read
// into one buffer, every field value stays a slice of it (no copy), field
// codes and types are interned per page, and only the keys above are
// looked at. That takes a fraction of the CPU of a reflective decode, which
// matters once pages arrive in parallel.
type recordsAnswer struct {
	Records    []Record
	HasRecords bool // a "records" array was present (null or missing is a protocol error)
	TotalCount *string
	Next       bool
}

// pageSizeHint is the size of the last records answer read, the first
// guess for the next one's buffer (pages of one scan are alike), saving
// the copies of a growing buffer.
var pageSizeHint atomic.Int64

// decodeBody reads and parses a whole answer.
func (a *recordsAnswer) decodeBody(r io.Reader) error {
	var buf bytes.Buffer
	buf.Grow(int(min(pageSizeHint.Load(), maxPageHint)) + bytes.MinRead)
	if _, err := buf.ReadFrom(r); err != nil {
		return err
	}
	rememberPageSize(int64(buf.Len()))
	d := recordsDecoder{b: buf.Bytes(), names: map[string]string{}}
	return d.answer(a)
}

// rememberPageSize updates pageSizeHint with the size of an answer: a
// larger answer raises it at once, a smaller one lowers it by an eighth,
// so that the small probes and last pages of a scan do not make the next
// full pages grow their buffers again and again.
func rememberPageSize(n int64) {
	for {
		old := pageSizeHint.Load()
		next := max(n, old-old/8)
		if next == old || pageSizeHint.CompareAndSwap(old, next) {
			return
		}
	}
}

// recordPool holds record maps handed back with ReleaseRecord.
var recordPool sync.Pool

// newRecord returns an empty record for about size fields, reusing a
// released one when there is one.
func newRecord(size int) Record {
	if r, ok := recordPool.Get().(Record); ok {
		return r
	}
	return make(Record, size)
}

// ReleaseRecord hands back a record read by GetRecords or GetCursor that
// the caller no longer uses, nor any value taken from it (a field's Value
// is a slice of the page's buffer, which is not reused, but the map and
// its entries are): the decoder of later pages then fills it again
// instead of allocating a map per record. A scan that converts each record
// into its own values releases it right after.
func ReleaseRecord(r Record) {
	clear(r)
	recordPool.Put(r)
}

// maxPageHint caps the buffer guessed from earlier pages.
const maxPageHint = 16 << 20

// bodyDecoder is an answer type that parses the response body itself.
type bodyDecoder interface {
	decodeBody(r io.Reader) error
}

// recordsDecoder scans one JSON answer held in b.
type recordsDecoder struct {
	b     []byte
	i     int
	names map[string]string // interned field codes and types
	// codes and types are the field codes and types of the previous
	// record by position: records of a page list their fields in the same
	// order, so a byte comparison usually finds the interned string
	// without hashing.
	codes, types []string
}

// nameAt returns the interned string for b, the code or type of the
// field at position pos of a record, remembering it in seen.
func (d *recordsDecoder) nameAt(seen *[]string, pos int, b []byte) string {
	if pos < len(*seen) && (*seen)[pos] == string(b) {
		return (*seen)[pos]
	}
	s := d.name(b)
	for len(*seen) <= pos {
		*seen = append(*seen, "")
	}
	(*seen)[pos] = s
	return s
}

// errJSON is wrapped by every syntax error of the records decoder.
var errJSON = errors.New("malformed JSON")

// fail reports a syntax error at the current offset.
func (d *recordsDecoder) fail(what string) error {
	return fmt.Errorf("%w: %s at offset %d", errJSON, what, d.i)
}

// ws skips white space.
func (d *recordsDecoder) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// peek returns the next non-space byte (0 at the end).
func (d *recordsDecoder) peek() byte {
	d.ws()
	if d.i >= len(d.b) {
		return 0
	}
	return d.b[d.i]
}

// expect consumes byte c.
func (d *recordsDecoder) expect(c byte) error {
	if d.peek() != c {
		return d.fail(fmt.Sprintf("expected %q", c))
	}
	d.i++
	return nil
}

// object walks the members of an object, calling member for each key;
// member must consume the value.
func (d *recordsDecoder) object(member func(key []byte) error) error {
	if err := d.expect('{'); err != nil {
		return err
	}
	if d.peek() == '}' {
		d.i++
		return nil
	}
	for {
		key, err := d.key()
		if err != nil {
			return err
		}
		if err := d.expect(':'); err != nil {
			return err
		}
		if err := member(key); err != nil {
			return err
		}
		switch d.peek() {
		case ',':
			d.i++
		case '}':
			d.i++
			return nil
		default:
			return d.fail("expected , or }")
		}
	}
}

// key reads an object key; keys with escapes are unescaped into a copy.
func (d *recordsDecoder) key() ([]byte, error) {
	if d.peek() != '"' {
		return nil, d.fail("expected a key")
	}
	start := d.i
	end, escaped, err := d.stringEnd()
	if err != nil {
		return nil, err
	}
	if !escaped {
		return d.b[start+1 : end-1], nil
	}
	var s string
	if err := json.Unmarshal(d.b[start:end], &s); err != nil {
		return nil, d.fail("bad string")
	}
	return []byte(s), nil
}

// stringEnd moves past the string starting at d.i and returns the offset
// after its closing quote and whether it holds escapes.
func (d *recordsDecoder) stringEnd() (int, bool, error) {
	escaped := false
	for j := d.i + 1; j < len(d.b); j++ {
		switch c := d.b[j]; {
		case c == '\\':
			escaped = true
			j++
		case c == '"':
			d.i = j + 1
			return d.i, escaped, nil
		case c < 0x20:
			d.i = j
			return 0, false, d.fail("control character in string")
		}
	}
	return 0, false, d.fail("unterminated string")
}

// name returns an interned string for a field code or type.
func (d *recordsDecoder) name(b []byte) string {
	if s, ok := d.names[string(b)]; ok {
		return s
	}
	s := string(b)
	d.names[s] = s
	return s
}

// skip moves past one value and returns its bytes.
func (d *recordsDecoder) skip() ([]byte, error) {
	c := d.peek()
	start := d.i
	switch {
	case c == '"':
		if _, _, err := d.stringEnd(); err != nil {
			return nil, err
		}
	case c == '{' || c == '[':
		depth := 0
		for d.i < len(d.b) {
			switch d.b[d.i] {
			case '"':
				if _, _, err := d.stringEnd(); err != nil {
					return nil, err
				}
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
			d.i++
			if depth == 0 {
				return d.b[start:d.i], nil
			}
		}
		return nil, d.fail("unterminated value")
	case c == '-' || c >= '0' && c <= '9' || c == 't' || c == 'f' || c == 'n':
		for d.i < len(d.b) && bytes.IndexByte([]byte("+-.0123456789eEtruefalsn"), d.b[d.i]) >= 0 {
			d.i++
		}
		if v := d.b[start:d.i]; (c == 't' || c == 'f' || c == 'n') && !validLiteral(v) {
			return nil, d.fail("bad literal")
		}
	default:
		return nil, d.fail("expected a value")
	}
	return d.b[start:d.i], nil
}

// validLiteral reports whether v is true, false or null.
func validLiteral(v []byte) bool {
	switch string(v) {
	case "true", "false", "null":
		return true
	}
	return false
}

// answer parses the top-level object.
func (d *recordsDecoder) answer(a *recordsAnswer) error {
	err := d.object(func(key []byte) error {
		switch string(key) {
		case "records":
			return d.records(a)
		case "totalCount":
			v, err := d.skip()
			if err != nil || string(v) == "null" {
				return err
			}
			var s string
			if err := json.Unmarshal(v, &s); err != nil {
				return fmt.Errorf("totalCount %s: %w", v, err)
			}
			a.TotalCount = &s
		case "next":
			v, err := d.skip()
			if err != nil {
				return err
			}
			a.Next = string(v) == "true"
		default:
			_, err := d.skip()
			return err
		}
		return nil
	})
	if err != nil {
		return err
	}
	if d.peek() != 0 {
		return d.fail("data after the answer")
	}
	return nil
}

// records parses the records array (null leaves HasRecords false).
func (d *recordsDecoder) records(a *recordsAnswer) error {
	if d.peek() == 'n' {
		_, err := d.skip()
		return err
	}
	if err := d.expect('['); err != nil {
		return err
	}
	a.HasRecords = true
	a.Records = make([]Record, 0, 64)
	if d.peek() == ']' {
		d.i++
		return nil
	}
	size := 0
	for {
		rec := newRecord(size)
		pos := 0
		if err := d.object(func(code []byte) error { pos++; return d.field(rec, pos-1, code) }); err != nil {
			return err
		}
		size = len(rec)
		a.Records = append(a.Records, rec)
		switch d.peek() {
		case ',':
			d.i++
		case ']':
			d.i++
			return nil
		default:
			return d.fail("expected , or ]")
		}
	}
}

// field parses {"type":"...","value":...}, the pos-th field of a record,
// into rec[code].
func (d *recordsDecoder) field(rec Record, pos int, code []byte) error {
	if fv, ok := d.compactField(pos); ok {
		rec[d.nameAt(&d.codes, pos, code)] = fv
		return nil
	}
	var fv FieldValue
	err := d.object(func(key []byte) error {
		switch string(key) {
		case "type":
			if d.peek() != '"' {
				_, err := d.skip()
				return err
			}
			start := d.i
			end, escaped, err := d.stringEnd()
			if err != nil {
				return err
			}
			if escaped {
				return json.Unmarshal(d.b[start:end], &fv.Type)
			}
			fv.Type = d.nameAt(&d.types, pos, d.b[start+1:end-1])
		case "value":
			v, err := d.skip()
			if err != nil {
				return err
			}
			fv.Value = json.RawMessage(v)
		default:
			_, err := d.skip()
			return err
		}
		return nil
	})
	rec[d.nameAt(&d.codes, pos, code)] = fv
	return err
}

// compactField reads a field written as kintone writes it,
// {"type":"...","value":...} without white space or escapes in the type,
// the pos-th field of a record; anything else is left to the general
// reader (ok false, nothing consumed).
func (d *recordsDecoder) compactField(pos int) (fv FieldValue, ok bool) {
	const typeKey, valueKey = `{"type":`, `,"value":`
	d.ws()
	start := d.i
	if !bytes.HasPrefix(d.b[d.i:], []byte(typeKey)) {
		return fv, false
	}
	d.i += len(typeKey)
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		d.i = start
		return fv, false
	}
	typeStart := d.i
	end, escaped, err := d.stringEnd()
	if err != nil || escaped || !bytes.HasPrefix(d.b[end:], []byte(valueKey)) {
		d.i = start
		return fv, false
	}
	d.i = end + len(valueKey)
	v, err := d.skip()
	if err != nil || d.i >= len(d.b) || d.b[d.i] != '}' {
		d.i = start
		return fv, false
	}
	d.i++
	fv.Type = d.nameAt(&d.types, pos, d.b[typeStart+1:end-1])
	fv.Value = json.RawMessage(v)
	return fv, true
}
