package main

import (
	"bufio"
	"io"
	"strings"
)

// delimitedWriter prints CSV (sep ',') or TSV (sep '\t') with a header
// line, streaming rows.
//
// CSV follows RFC 4180: a field is quoted when it holds the separator, a
// quote or a line break, and an empty string is written as "" so that it
// differs from NULL, which is an empty field.
//
// TSV fields are never quoted: backslash, tab, CR and LF are escaped as \\,
// \t, \r and \n, and NULL is \N (the convention of PostgreSQL's and
// MySQL's text import formats).
type delimitedWriter struct {
	w     io.Writer
	bw    *bufio.Writer
	sep   byte
	types []string
}

// WriteHeader prints the column names.
func (d *delimitedWriter) WriteHeader(cols []resultColumn) error {
	d.bw = bufio.NewWriter(d.w)
	d.types = make([]string, len(cols))
	names := make([]any, len(cols))
	for i, c := range cols {
		d.types[i] = c.Type
		names[i] = c.Name
	}
	return d.write(names, make([]string, len(cols)))
}

// WriteRow prints one row.
func (d *delimitedWriter) WriteRow(vals []any) error {
	return d.write(vals, d.types)
}

// write prints one line of fields.
func (d *delimitedWriter) write(vals []any, types []string) error {
	for i, v := range vals {
		if i > 0 {
			d.bw.WriteByte(d.sep)
		}
		typ := ""
		if i < len(types) {
			typ = types[i]
		}
		text, null := valueText(v, typ)
		if d.sep == '\t' {
			d.bw.WriteString(tsvField(text, null))
		} else {
			d.bw.WriteString(csvField(text, null, d.sep))
		}
	}
	if d.sep == '\t' {
		d.bw.WriteByte('\n')
	} else {
		d.bw.WriteString("\r\n")
	}
	// Flush per row: the output streams, and a cancelled query still
	// leaves the rows read so far.
	return d.bw.Flush()
}

// Streams is true.
func (d *delimitedWriter) Streams() bool { return true }

// Close flushes the output.
func (d *delimitedWriter) Close(int) error {
	if d.bw == nil {
		return nil
	}
	return d.bw.Flush()
}

// csvField quotes a CSV field when needed (see delimitedWriter).
func csvField(s string, null bool, sep byte) string {
	if null {
		return ""
	}
	if s != "" && !strings.ContainsAny(s, string(sep)+"\"\r\n") {
		return s
	}
	return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
}

// tsvEscaper escapes the characters a TSV field cannot hold.
var tsvEscaper = strings.NewReplacer(`\`, `\\`, "\t", `\t`, "\r", `\r`, "\n", `\n`)

// tsvField escapes a TSV field (see delimitedWriter).
func tsvField(s string, null bool) string {
	if null {
		return `\N`
	}
	return tsvEscaper.Replace(s)
}
