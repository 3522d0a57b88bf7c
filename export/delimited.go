package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"strings"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
)

// utf8BOM is the UTF-8 byte-order mark.
const utf8BOM = "\xEF\xBB\xBF"

// delimitedWriter writes CSV (RFC 4180) or TSV with a header row.
type delimitedWriter struct {
	csv     *csv.Writer
	cols    []Column
	enc     *encoding.Encoder // nil for UTF-8
	replace bool
	row     int64
	fields  []string
}

// newDelimitedWriter writes the BOM (if asked) and the header.
func newDelimitedWriter(w io.Writer, comma rune, cols []Column, opts Options) (*delimitedWriter, error) {
	enc, err := ParseEncoding(string(opts.Encoding))
	if err != nil {
		return nil, err
	}
	d := &delimitedWriter{csv: csv.NewWriter(w), cols: cols, replace: opts.Replace, fields: make([]string, len(cols))}
	d.csv.Comma = comma
	d.csv.UseCRLF = true // RFC 4180 line breaks
	switch enc {
	case UTF8BOM:
		if _, err := io.WriteString(w, utf8BOM); err != nil {
			return nil, err
		}
	case ShiftJIS:
		d.enc = japanese.ShiftJIS.NewEncoder()
	}
	for i, c := range cols {
		if d.fields[i], err = d.encode(c.Name); err != nil {
			return nil, fmt.Errorf("export: header, column %q: %w", c.Name, err)
		}
	}
	if err := d.csv.Write(d.fields); err != nil {
		return nil, err
	}
	return d, nil
}

// WriteRow writes one record; NULL is an empty field.
func (d *delimitedWriter) WriteRow(vals []any) error {
	d.row++
	for i, c := range d.cols {
		s, _, err := textValue(c, vals[i])
		if err == nil {
			s, err = d.encode(s)
		}
		if err != nil {
			return cellError(d.row, c, err)
		}
		d.fields[i] = s
	}
	return d.csv.Write(d.fields)
}

// encode converts s to the output encoding. Shift_JIS bytes never include
// the quote, comma, tab or line-break bytes, so quoting after encoding
// stays correct.
func (d *delimitedWriter) encode(s string) (string, error) {
	if d.enc == nil || isASCII(s) {
		return s, nil
	}
	out, err := d.enc.String(s)
	if err == nil {
		return out, nil
	}
	var b strings.Builder
	for _, r := range s {
		e, err := d.enc.String(string(r))
		if err != nil {
			if !d.replace {
				return "", fmt.Errorf("character %q (U+%04X) has no Shift_JIS encoding (use --replace to write '?')", r, r)
			}
			e = "?"
		}
		b.WriteString(e)
	}
	return b.String(), nil
}

// isASCII reports whether s is 7-bit.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// Close flushes buffered records.
func (d *delimitedWriter) Close() error {
	d.csv.Flush()
	return d.csv.Error()
}
